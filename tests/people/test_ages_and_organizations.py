"""Issue 15: a person's age as reported at a date, organization names a researcher added,
and relations between organizations; entered in the admin, shown publicly with sources,
exported and filtered."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from people.models import (
    Affiliation,
    NameOrigin,
    OrganizationKind,
    OrganizationRelation,
    ReportedAge,
)
from publishing import rules
from tests.admin_pages import errors, submit
from tests.events.test_case_csv import download, read_rows
from tests.events.test_case_list import case_list, cited, detention, names_listed
from tests.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def publish(record):
    record.publication_status = "published"
    record.save()
    return cited(record)


# Ages ---------------------------------------------------------------------------------


def test_a_researcher_enters_an_age_as_reported_and_the_public_reads_it_with_its_source(
    client, researcher
):
    sentence = detention(15, name="Alimnur Turganbay")
    person = sentence.proceeding.person
    client.force_login(researcher)

    response = submit(
        client,
        reverse("admin:people_reportedage_add"),
        {"person": person.pk, "age": "48", "as_of": "2026-01", "as_reported": "48-year-old"},
    )
    assert response.status_code == 302, errors(response)
    age = publish(ReportedAge.objects.get())
    client.logout()

    page = client.get(person.get_absolute_url()).content.decode()
    # The About section's list of ages (the summary names only the latest age).
    shown = page.split("48 in Jan 2026")[-1].split("</li>")[0]
    assert "born 1977 or 1978" in shown
    assert "“48-year-old”" in shown
    # Its footnote leads to the page's references, which name the cited source.
    anchor = re.search(r'href="#(ref-\d+)"', shown).group(1)
    reference = page.split(f'id="{anchor}"')[1].split("</li>")[0]
    assert age.citations.get().source.get_absolute_url() in reference
    (row,) = read_rows(download(client)[1])
    assert row["defendant_ages"] == "48 (2026-01)"


def test_an_age_shows_only_when_public_and_never_for_a_protected_person(client):
    sentence = detention(15, name="Named Person")
    person = sentence.proceeding.person
    draft = ReportedAge.objects.create(
        person=person, age=30, as_of="2020", publication_status="draft"
    )
    cited(draft)
    assert "30 in 2020" not in client.get(person.get_absolute_url()).content.decode()
    assert read_rows(download(client)[1])[0]["defendant_ages"] == ""

    publish(draft)
    assert "30 in 2020" in client.get(person.get_absolute_url()).content.decode()

    person.is_protected = True
    person.pseudonym = "Person A"
    person.protection_reason = "Relatives in Xinjiang"
    person.save()
    page = client.get(person.get_absolute_url()).content.decode()
    (row,) = read_rows(download(client)[1])
    assert "30 in 2020" not in page and "born" not in page
    assert row["defendant_ages"] == ""
    assert not ReportedAge.objects.public().exists()


@pytest.mark.parametrize(
    ("age", "as_of", "field", "message"),
    [
        ("-1", "2020", "age", "Ensure this value is greater than or equal to 0."),
        ("200", "2020", "age", "Ensure this value is less than or equal to 130."),
        ("40", "", "as_of", "This field is required."),
        ("40", "2020-13", "as_of", "there is no month 13"),
    ],
)
def test_an_impossible_age_or_date_gets_a_field_error_and_saves_nothing(
    client, researcher, age, as_of, field, message
):
    person = PersonFactory()
    client.force_login(researcher)

    response = submit(
        client,
        reverse("admin:people_reportedage_add"),
        {"person": person.pk, "age": age, "as_of": as_of},
    )

    assert response.status_code == 200
    assert any(message in text for text in errors(response).get(field, [])), errors(response)
    assert not ReportedAge.objects.exists()


def test_an_age_over_a_range_of_dates_gives_the_wider_birth_years():
    age = ReportedAge(age=45, as_of="2018-12/2019-01")
    assert age.birth_years == (1972, 1974)
    assert age.birth_years_display() == "between 1972 and 1974"
    assert ReportedAge(age=45, as_of="../2019").birth_years is None


# Organization names and relations -----------------------------------------------------


def test_a_translation_added_by_a_researcher_shows_as_such_without_a_citation(client, researcher):
    movement = cited(OrganizationFactory(name="Nagyz Atajurt", kind=OrganizationKind.MOVEMENT))
    client.force_login(researcher)
    url = reverse("admin:people_organization_change", args=[movement.pk])

    response = submit(
        client,
        url,
        inlines={
            "names": [
                {"name": "Real Fatherland", "script": "latin", "origin": "researcher"},
                {"name": "Нағыз Атажұрт", "script": "kazakh_cyrillic", "origin": "attested"},
            ]
        },
    )
    assert response.status_code == 302, errors(response)
    movement.names.update(publication_status="published")
    assert set(movement.names.values_list("origin", flat=True)) == {
        NameOrigin.RESEARCHER,
        NameOrigin.ATTESTED,
    }
    client.logout()

    page = client.get(movement.get_absolute_url()).content.decode()
    researchers_part = page.split("Added by researchers to help search")[1]
    assert "Real Fatherland" in researchers_part
    # A name a source attests needs its citation before it shows.
    assert "Нағыз Атажұрт" not in page


def test_a_researcher_relates_two_organizations_and_both_pages_and_the_filter_follow(
    client, researcher
):
    atajurt = cited(OrganizationFactory(name="Atajurt", kind=OrganizationKind.MOVEMENT))
    branch = cited(OrganizationFactory(name="Atajurt, Zhanaozen", kind=OrganizationKind.MOVEMENT))
    member = detention(15, name="Branch Member")
    leader = detention(15, name="Movement Leader")
    detention(15, name="Unaffiliated")
    for sentence, organization in ((member, branch), (leader, atajurt)):
        cited(
            Affiliation.objects.create(
                person=sentence.proceeding.person,
                organization=organization,
                publication_status="published",
            )
        )
    client.force_login(researcher)
    response = submit(
        client,
        reverse("admin:people_organizationrelation_add"),
        {"organization": branch.pk, "kind": "branch_of", "other": atajurt.pk, "start": "2019"},
    )
    assert response.status_code == 302, errors(response)
    relation = OrganizationRelation.objects.get()
    client.logout()

    # Not public yet: neither page nor filter follows a draft relation.
    assert "Related organizations" not in client.get(atajurt.get_absolute_url()).content.decode()
    assert names_listed(case_list(client, organization=atajurt.pk)) == ["Movement Leader"]

    publish(relation)
    parent_page = client.get(atajurt.get_absolute_url()).content.decode()
    branch_page = client.get(branch.get_absolute_url()).content.decode()
    assert "Atajurt: has a branch:" in parent_page and "Atajurt, Zhanaozen</a>" in parent_page
    assert "branch of <a" in branch_page and "(since 2019)" in branch_page
    assert sorted(names_listed(case_list(client, organization=atajurt.pk))) == [
        "Branch Member",
        "Movement Leader",
    ]
    assert len(read_rows(download(client, organization=atajurt.pk)[1])) == 2
    # A branch's filter does not take in the whole movement's members.
    assert names_listed(case_list(client, organization=branch.pk)) == ["Branch Member"]


def test_an_organization_cannot_be_related_to_itself(client, researcher):
    movement = OrganizationFactory(name="Atajurt")
    client.force_login(researcher)

    response = submit(
        client,
        reverse("admin:people_organizationrelation_add"),
        {"organization": movement.pk, "kind": "same_as", "other": movement.pk},
    )

    assert response.status_code == 200
    assert "An organization cannot be related to itself." in errors(response)["other"]
    assert not OrganizationRelation.objects.exists()


# Roles ----------------------------------------------------------------------------------


def test_every_kind_of_record_reaches_every_role_with_its_rights():
    rights = {
        name: set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        for name in ("Researcher", "Editor", "Administrator")
    }
    for model in rules.record_models():
        name = model._meta.model_name
        assert {f"add_{name}", f"change_{name}", f"view_{name}"} <= rights["Researcher"], name
        assert not {f"publish_{name}", f"delete_{name}"} & rights["Researcher"], name
        assert f"publish_{name}" in rights["Editor"] and f"delete_{name}" not in rights["Editor"]
        assert f"delete_{name}" in rights["Administrator"], name
        assert f"view_historical{name}" in rights["Researcher"], name
