"""Court structure: hearings (and a case moved from one court to another), a court per
ruling, and the people of a court (judge, prosecutor, defence lawyers) as people with roles.

Each concept: a researcher enters it through the admin; the proceeding page, the person
page and the CSV show it with its citation; the case list's filters find it; bad input
gets a field error and saves nothing; a protected person never shows by name through it.
"""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from events.models import CourtRole, Hearing, Ruling
from people.models import Person, Script
from publishing import rules
from tests.admin_pages import errors, submit
from tests.demo import load_demo
from tests.events.test_case_csv import download, read_rows
from tests.events.test_case_list import case_list, cited, detention, names_listed
from tests.factories import (
    CitationFactory,
    CourtFactory,
    PersonFactory,
    PersonNameFactory,
    SentenceFactory,
)

pytestmark = pytest.mark.django_db


def change_url(proceeding) -> str:
    return reverse("admin:events_proceeding_change", args=[proceeding.pk])


def publish(record, quote: str, field: str = ""):
    """What an editor does next: publish the researcher's draft, backed by ``quote``."""
    type(record).objects.filter(pk=record.pk).update(publication_status="published")
    CitationFactory(fact=record, field=field, quote=quote)
    record.refresh_from_db()
    return record


def text_of(client, record) -> str:
    """The public page of ``record`` as a reader reads it: tags gone, spaces collapsed."""
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def timeline_of(client, person) -> str:
    """The person's story: from its heading to the next section's ("About")."""
    story = text_of(client, person).split("The story, in date order")[-1]
    return story.split(" About ")[0]


def csv_row(client, **params) -> dict:
    (row,) = read_rows(download(client, **params)[1])
    return row


def field_error(response, name: str, message: str) -> bool:
    assert response.status_code == 200, "the page saved"
    return any(message in text for text in errors(response).get(name, []))


# Hearings -------------------------------------------------------------------------------


def test_a_researcher_enters_hearings_and_readers_see_them_in_date_order(client, researcher):
    court = cited(CourtFactory(name="Taldykorgan City Court"))
    proceeding = detention(15, name="Guldariya Sherizat", ruling_date="2026-03").proceeding
    client.force_login(researcher)

    response = submit(
        client,
        change_url(proceeding),
        inlines={
            "hearings": [
                {
                    "kind": "main",
                    "date": "2026-01-23",
                    "court": court.pk,
                    "closed_to_public": "true",
                    "note": "The trial began.",
                },
                {"kind": "preliminary", "date": "2026-01", "court_as_reported": "the court"},
            ]
        },
    )

    assert response.status_code == 302, errors(response)
    main = publish(
        Hearing.objects.get(kind="main"),
        "began on January 23 and is taking place behind closed doors",
        "closed_to_public",
    )
    publish(Hearing.objects.get(kind="preliminary"), "a preliminary hearing in January", "date")
    assert main.closed_to_public is True
    assert main.date_start == datetime.date(2026, 1, 23)

    page = text_of(client, proceeding)
    hearings = page.split("Hearings")[1].split("Rulings")[0]
    assert hearings.index("Jan 2026") < hearings.index("23 Jan 2026")
    assert "Preliminary hearing" in hearings
    assert "Trial hearing , Taldykorgan City Court" in hearings
    assert "closed to the public" in hearings
    assert "began on January 23 and is taking place behind closed doors" in hearings
    assert "a preliminary hearing in January" in hearings

    timeline = timeline_of(client, proceeding.person)
    assert timeline.index("In court: Preliminary hearing") < timeline.index(
        "In court: Trial hearing"
    )
    # The story footnotes the hearing; the quote is in the page's one references list.
    assert re.search(r"In court: Trial hearing.*?\[\d+\]", timeline)
    references = text_of(client, proceeding.person).split("References")[-1]
    assert "began on January 23 and is taking place behind closed doors" in references

    assert csv_row(client)["hearings"] == (
        "2026-01: Preliminary hearing | 2026-01-23: Trial hearing, closed to the public"
    )


def test_a_hearing_that_names_no_court_is_in_the_cases_court_on_the_persons_story(client):
    """A hearing's court left blank is "the proceeding's court" (the field's rule, as the
    case's page reads it); the person's story said "Court not reported" there, beside the
    case's opening that named the court. With the case's sources, not the hearing's."""
    court = cited(CourtFactory(name="Almaty Specialized Inter-District Court"))
    proceeding = detention(15, name="Heard Here", court=court).proceeding
    publish(
        Hearing.objects.create(proceeding=proceeding, kind="main", date="2021-06-21"),
        "The court heard the case on Monday.",
    )
    unheard = detention(10, name="Heard Nowhere").proceeding
    publish(
        Hearing.objects.create(proceeding=unheard, kind="main", date="2021-06-21"),
        "The case was heard on Monday.",
    )

    hearing = timeline_of(client, proceeding.person).split("In court: Trial hearing")[1]
    assert re.match(
        r"\s*(\[\d+\]\s*)*Court Almaty Specialized Inter-District Court Closed", hearing
    )
    nowhere = timeline_of(client, unheard.person).split("In court: Trial hearing")[1]
    assert "Court not reported" in nowhere[:200]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="near spellings are matched on PostgreSQL"
)
@pytest.mark.parametrize(
    "param, role",
    [("lawyer", "defence_lawyer"), ("lawyer", "public_defender"), ("judge", "judge")],
)
def test_the_judge_and_lawyer_filters_match_the_name_among_people_in_that_role(client, param, role):
    """A name is matched among the people who hold the role: a defendant who spells his
    name as typed does not hide the lawyer, or judge, whose name is a near spelling."""
    detention(10, name="Serik Nurmaganbetov")
    proceeding = detention(15, name="Client Of The Court").proceeding
    official = cited(PersonFactory(preferred_name="Serik Nurmagambetov"))
    represents = proceeding.person if role != "judge" else None
    record = CourtRole.objects.create(
        proceeding=proceeding, person=official, role=role, represents=represents
    )
    publish(record, "Serik Nurmagambetov was in court", "person")

    assert names_listed(case_list(client, **{param: "Nurmaganbetov"})) == ["Client Of The Court"]
    assert names_listed(case_list(client, **{param: "Nurmagambetov"})) == ["Client Of The Court"]
    assert names_listed(case_list(client, name="Nurmaganbetov")) == ["Serik Nurmaganbetov"]


@pytest.mark.parametrize(
    "row, field, message",
    [
        ({"kind": "main", "date": "2026-13-45"}, "date", ""),
        ({"kind": "main", "date": "next week"}, "date", ""),
        ({"kind": "nonsense"}, "kind", "Select a valid choice."),
    ],
)
def test_a_bad_hearing_gets_a_field_error_and_saves_nothing(
    client, researcher, row, field, message
):
    proceeding = detention(15, name="Defendant").proceeding
    client.force_login(researcher)

    response = submit(client, change_url(proceeding), inlines={"hearings": [row]})

    assert field_error(response, f"hearings-0-{field}", message), errors(response)
    assert not Hearing.objects.exists()


# A case transferred from one court to another -------------------------------------------


def test_a_transfer_reads_from_one_court_to_another_on_its_date(client, researcher):
    almaty = cited(CourtFactory(name="Almaty District Court"))
    taldykorgan = cited(CourtFactory(name="Taldykorgan City Court"))
    proceeding = detention(15, name="Bekzat Maksutkan", court=almaty).proceeding
    client.force_login(researcher)

    response = submit(
        client,
        change_url(proceeding),
        inlines={
            "hearings": [
                {
                    "kind": "transfer",
                    "date": "2025-12-10",
                    "from_court": almaty.pk,
                    "court": taldykorgan.pk,
                }
            ]
        },
    )

    assert response.status_code == 302, errors(response)
    publish(Hearing.objects.get(), "the case was sent on to Taldykorgan", "court")
    page = text_of(client, proceeding)
    assert re.search(
        r"10 Dec 2025 : case transferred from Almaty District Court .*?to Taldykorgan City Court",
        page,
    ), page
    assert "the case was sent on to Taldykorgan" in page
    source = Hearing.objects.get().citations.get().source
    assert "Hearings Case transferred to another court (Bekzat Maksutkan" in text_of(client, source)
    timeline = timeline_of(client, proceeding.person)
    assert "In court: Case transferred to another court" in timeline
    assert re.search(r"From Almaty District Court .*To Taldykorgan City Court", timeline)
    assert csv_row(client)["hearings"] == (
        "2025-12-10: Case transferred to another court, from Almaty District Court "
        "to Taldykorgan City Court"
    )


@pytest.mark.parametrize(
    "row, field, message",
    [
        (
            {"kind": "transfer", "court_as_reported": "a court in Taldykorgan"},
            "from_court",
            "Give the court the case was transferred from.",
        ),
        (
            {"kind": "transfer", "from_court_as_reported": "a court in Almaty"},
            "court",
            "Give the court the case was transferred to.",
        ),
        (
            {"kind": "main", "from_court_as_reported": "a court in Almaty"},
            "from_court",
            "Only a transfer has a court it came from",
        ),
    ],
)
def test_a_transfer_without_both_courts_gets_a_field_error_and_saves_nothing(
    client, researcher, row, field, message
):
    proceeding = detention(15, name="Defendant").proceeding
    client.force_login(researcher)

    response = submit(client, change_url(proceeding), inlines={"hearings": [row]})

    assert field_error(response, f"hearings-0-{field}", message), errors(response)
    assert not Hearing.objects.exists()


def test_a_transfer_to_the_same_court_gets_a_field_error(client, researcher):
    court = cited(CourtFactory())
    proceeding = detention(15, name="Defendant").proceeding
    client.force_login(researcher)
    row = {"kind": "transfer", "from_court": court.pk, "court": court.pk}

    response = submit(client, change_url(proceeding), inlines={"hearings": [row]})

    assert field_error(response, "hearings-0-court", "transferred to another court")
    assert not Hearing.objects.exists()


# A court per ruling ---------------------------------------------------------------------


def test_an_appeal_ruling_names_its_own_court_on_pages_csv_and_filter(client, researcher):
    first = cited(CourtFactory(name="Almaty Specialized Inter-District Court"))
    appeal = cited(CourtFactory(name="Almaty City Court"))
    proceeding = detention(15, name="Baibolat Kunbolat", court=first).proceeding
    detention(10, name="Someone Else")  # another court's case
    client.force_login(researcher)

    response = submit(
        client,
        change_url(proceeding),
        inlines={
            "rulings": [
                {
                    "date": "2021-07-10",
                    "court_instance": "appeal",
                    "court": appeal.pk,
                    "plea": "not_reported",
                    "outcome": "guilty",
                }
            ]
        },
    )

    assert response.status_code == 302, errors(response)
    ruling = publish(
        Ruling.objects.get(court_instance="appeal"), "the Almaty City Court upheld it", "court"
    )
    cited(SentenceFactory(ruling=ruling, proceeding=proceeding))
    ruling_page = client.get(reverse("admin:events_ruling_change", args=[ruling.pk]))
    assert 'name="court_as_reported"' in ruling_page.content.decode()

    page = text_of(client, proceeding)
    appeal_section = page.split("Appeal, 10 Jul 2021")[1]
    assert "Court Almaty City Court" in appeal_section
    assert "the Almaty City Court upheld it" in appeal_section
    assert "Court the case's court (above)" in page.split("First instance, 14 Jul 2025")[1]
    assert "Almaty City Court" in timeline_of(client, proceeding.person)
    assert "Almaty City Court" in text_of(client, appeal)  # the court page lists it
    # Each court's page lists the ruling given there: the appeal is not the first court's.
    assert "1 published ruling" in text_of(client, appeal)
    assert "1 published ruling" in text_of(client, first)

    rows = read_rows(download(client, court=first.pk)[1])
    assert {row["ruling_instance"]: row["ruling_court"] for row in rows} == {
        "First instance": "Almaty Specialized Inter-District Court",
        "Appeal": "Almaty City Court",
    }
    assert names_listed(case_list(client, court=appeal.pk)) == ["Baibolat Kunbolat"]
    assert len(case_list(client, court=first.pk).context["object_list"]) == 2
    listed = case_list(client, court=appeal.pk).content.decode()
    assert "Almaty City Court</a>" in listed


def test_a_ruling_court_that_is_not_a_court_gets_a_field_error(client, researcher):
    movement = cited(CourtFactory(kind="movement", name="Nagyz Atajurt"))
    proceeding = detention(15, name="Defendant").proceeding
    client.force_login(researcher)
    row = {"date": "2025", "court": movement.pk, "plea": "not_reported", "outcome": "guilty"}

    response = submit(client, change_url(proceeding), inlines={"rulings": [row]})

    assert field_error(response, "rulings-1-court", "Select a valid choice"), errors(response)
    assert Ruling.objects.count() == 1


# The people of a court ------------------------------------------------------------------


def people_of_a_court(client, researcher):
    """Sherizat's case with its judge, prosecutor and lawyer entered and published; another
    case beside it with nobody."""
    proceeding = detention(15, name="Guldariya Sherizat").proceeding
    detention(10, name="Someone Else")
    lawyer = cited(PersonFactory(preferred_name="Shynkuat Bayzhanov"))
    cited(PersonNameFactory(person=lawyer, name="Шынқуат Байжанов", script=Script.KAZAKH_CYRILLIC))
    judge = cited(PersonFactory(preferred_name="Aigerim Sudya"))
    prosecutor = cited(PersonFactory(preferred_name="Marat Obvinitel"))
    client.force_login(researcher)
    response = submit(
        client,
        change_url(proceeding),
        inlines={
            "court_roles": [
                {"person": lawyer.pk, "role": "defence_lawyer", "represents": proceeding.person_id},
                {"person": judge.pk, "role": "judge"},
                {"person": prosecutor.pk, "role": "prosecutor"},
            ]
        },
    )
    assert response.status_code == 302, errors(response)
    for role in CourtRole.objects.all():
        publish(role, f"{role.person.preferred_name} is {role.role} in the case", "person")
    return proceeding, lawyer, judge


def test_the_judge_prosecutor_and_lawyer_show_on_the_case_and_their_own_pages(client, researcher):
    proceeding, lawyer, judge = people_of_a_court(client, researcher)

    page = text_of(client, proceeding)
    assert "Judge: Aigerim Sudya" in page
    assert "Prosecutor: Marat Obvinitel" in page
    assert re.search(
        r"Defence lawyer: Shynkuat Bayzhanov .*?, representing Guldariya Sherizat", page
    )
    assert "Shynkuat Bayzhanov is defence_lawyer in the case" in page

    lawyer_page = text_of(client, lawyer)
    assert "Defence lawyer in: Administrative case against Guldariya Sherizat" in lawyer_page
    assert "Shynkuat Bayzhanov is defence_lawyer in the case" in lawyer_page
    assert "Judge in: Administrative case against Guldariya Sherizat" in text_of(client, judge)
    source = CourtRole.objects.get(person=lawyer).citations.get().source
    assert "Shynkuat Bayzhanov: defence lawyer (Guldariya Sherizat" in text_of(client, source)

    timeline = timeline_of(client, proceeding.person)
    assert "Defence lawyer Shynkuat Bayzhanov" in timeline
    assert "Judge Aigerim Sudya" in timeline


def test_the_csv_lists_judges_prosecutors_and_defence_lawyers(client, researcher):
    people_of_a_court(client, researcher)

    rows = {row["person"]: row for row in read_rows(download(client)[1])}

    assert rows["Guldariya Sherizat"]["judges"] == "Aigerim Sudya"
    assert rows["Guldariya Sherizat"]["prosecutors"] == "Marat Obvinitel"
    assert rows["Guldariya Sherizat"]["defence_lawyers"] == "Shynkuat Bayzhanov"
    assert rows["Someone Else"]["judges"] == rows["Someone Else"]["defence_lawyers"] == ""


@pytest.mark.parametrize(
    "params, found",
    [
        ({"lawyer": "Байжанов"}, ["Guldariya Sherizat"]),
        ({"lawyer": "bayzhanov"}, ["Guldariya Sherizat"]),
        ({"judge": "sudya"}, ["Guldariya Sherizat"]),
        ({"judge": "Bayzhanov"}, []),  # a lawyer, not a judge
        ({"lawyer": "Sudya"}, []),
        ({"lawyer": "Nobody Atall"}, []),
    ],
)
def test_the_judge_and_lawyer_filters_find_cases_by_any_spelling(client, researcher, params, found):
    people_of_a_court(client, researcher)

    assert names_listed(case_list(client, **params)) == found
    assert [row["person"] for row in read_rows(download(client, **params)[1])] == found


@pytest.mark.parametrize(
    "row, field, message",
    [
        ({"role": "judge"}, "person", "This field is required."),
        (
            {"person": "other", "role": "defence_lawyer", "represents": "stranger"},
            "represents",
            "Choose the defendant of this proceeding",
        ),
        (
            {"person": "other", "role": "judge", "represents": "defendant"},
            "represents",
            "Only a defence lawyer or public defender represents someone.",
        ),
        ({"person": "other", "role": "barrister"}, "role", "Select a valid choice."),
    ],
)
def test_a_bad_court_role_gets_a_field_error_and_saves_nothing(
    client, researcher, row, field, message
):
    proceeding = detention(15, name="Defendant").proceeding
    people = {
        "other": cited(PersonFactory()).pk,
        "stranger": cited(PersonFactory()).pk,
        "defendant": proceeding.person_id,
    }
    row = {key: people.get(value, value) for key, value in row.items()}
    client.force_login(researcher)

    response = submit(client, change_url(proceeding), inlines={"court_roles": [row]})

    assert field_error(response, f"court_roles-0-{field}", message), errors(response)
    assert not CourtRole.objects.exists()


# Protected people -----------------------------------------------------------------------


def protected(name: str, pseudonym: str):
    return cited(
        PersonFactory(
            preferred_name=name,
            is_protected=True,
            pseudonym=pseudonym,
            protection_reason="At risk of reprisal.",
        )
    )


def test_a_protected_person_never_shows_by_name_through_court_records(client, researcher):
    client_person = protected("Secret Client", "Defendant K.")
    protected_lawyer = protected("Hidden Lawyer", "Lawyer L.")
    # Not "Open Lawyer": folded as "hiden lavier", the real name is a near spelling of that
    # (trigram word similarity 0.62), which would find the case through the open lawyer.
    lawyer = cited(PersonFactory(preferred_name="Open Advocate"))
    judge = cited(PersonFactory(preferred_name="Open Judge"))
    proceeding = detention(15, person=client_person).proceeding
    for person, role, represents in (
        (lawyer, "defence_lawyer", client_person),
        (protected_lawyer, "public_defender", client_person),
        (judge, "judge", None),
    ):
        record = CourtRole.objects.create(
            proceeding=proceeding, person=person, role=role, represents=represents
        )
        publish(record, "Secret Client and Hidden Lawyer were in court", "person")
    hearing = Hearing.objects.create(proceeding=proceeding, kind="main", date="2026-01-23")
    publish(hearing, "Secret Client's trial began", "date")

    pages = [
        client.get(url).content.decode()
        for url in (
            proceeding.get_absolute_url(),
            lawyer.get_absolute_url(),
            judge.get_absolute_url(),
            client_person.get_absolute_url(),
            protected_lawyer.get_absolute_url(),
            reverse("events:case_list"),
            reverse("events:case_list") + "?lawyer=Open+Advocate",
        )
    ]
    body = download(client)[1].decode("utf-8-sig")
    for text in [*pages, body]:
        assert "Secret Client" not in text
        assert "Hidden Lawyer" not in text
    assert "Defendant K." in pages[1]  # the lawyer's page names the client by pseudonym
    assert "Lawyer L." in pages[0]
    assert "quote withheld" in pages[0]
    (row,) = read_rows(body.encode())
    assert row["defence_lawyers"] == "Open Advocate | Lawyer L. (public defender)"
    # A protected lawyer is found by the pseudonym only.
    assert names_listed(case_list(client, lawyer="Hidden Lawyer")) == []
    assert names_listed(case_list(client, lawyer="Lawyer L.")) == ["Defendant K."]


def test_a_court_role_shows_only_while_its_person_and_client_are_public(client):
    proceeding = detention(15, name="Defendant").proceeding
    lawyer = cited(PersonFactory(preferred_name="Draft Lawyer", publication_status="draft"))
    role = CourtRole.objects.create(
        proceeding=proceeding, person=lawyer, role="defence_lawyer", represents=proceeding.person
    )
    publish(role, "the lawyer said", "person")

    assert not CourtRole.objects.public().exists()
    assert "Draft Lawyer" not in text_of(client, proceeding)
    assert csv_row(client)["defence_lawyers"] == ""


# Benchmark data -------------------------------------------------------------------------


def test_synthetic_data_holds_hearings_transfers_and_court_roles():
    call_command("generate_synthetic", scale=0.002, courts=20, seed=3, stdout=io.StringIO())

    assert Hearing.objects.public().filter(kind="main").exists()
    assert Hearing.objects.filter(kind="transfer", from_court__isnull=False).exists()
    assert CourtRole.objects.public().filter(role="judge").exists()
    assert (
        CourtRole.objects.public().filter(role="defence_lawyer", represents__isnull=False).exists()
    )
    for model in (Hearing, CourtRole):
        # The flags computed in bulk are the rule's own answer.
        assert set(model.objects.public().values_list("pk", flat=True)) == set(
            model.objects.filter(rules.visibility_condition(model)).values_list("pk", flat=True)
        )


# Demo data ------------------------------------------------------------------------------


def test_demo_data_shows_sherizats_lawyer_and_the_closed_trial(client):
    load_demo()
    lawyer = Person.objects.get(preferred_name="Shynkuat Bayzhanov")
    sherizat = Person.objects.get(preferred_name="Guldariya Sherizat")
    proceeding = CourtRole.objects.public().get(person=lawyer).proceeding

    assert "Defence lawyer in: Criminal case against Guldariya Sherizat" in text_of(client, lawyer)
    page = text_of(client, proceeding)
    assert re.search(
        r"Defence lawyer: Shynkuat Bayzhanov .*?, representing Guldariya Sherizat", page
    )
    assert re.search(r"23 Jan 2026 .*?: Trial hearing .*?closed to the public", page)
    assert "keeping proceedings out of the public eye" in page
    timeline = timeline_of(client, sherizat)
    assert "In court: Trial hearing" in timeline
    assert "Defence lawyer Shynkuat Bayzhanov" in timeline
    kunbolat = Ruling.objects.get(proceeding__person__preferred_name="Baibolat Kunbolat")
    assert kunbolat.court.name == "Almaty Specialized Inter-District Court"
