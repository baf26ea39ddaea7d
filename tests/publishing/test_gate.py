"""The one gate (publishing.rules): leaks it closes, bypasses the admin refuses, and what
the admin tells researchers about visibility."""

import pytest
from django.apps import apps
from django.urls import reverse

from events.models import Charge, PretrialMeasure
from people.models import Affiliation, Person, PersonName
from publishing import rules
from publishing.models import PublicationStatus, Record
from sources.models import Citation
from tests import factories
from tests.admin_pages import errors, page_data

pytestmark = pytest.mark.django_db
PUBLISHED = PublicationStatus.PUBLISHED


def source_url(source):
    return reverse("sources:source_detail", args=[source.pk])


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def inline_row(data, prefix, record) -> str:
    """The input prefix of ``record``'s row in the inline ``prefix`` of posted ``data``."""
    return next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.startswith(f"{prefix}-") and key.endswith("-id") and value == str(record.pk)
    )


def test_every_record_model_is_covered_by_the_rule():
    records = {
        model._meta.label
        for model in apps.get_models()
        if issubclass(model, Record) and not model._meta.abstract
    }
    assert records == set(rules.RECORDS)


def test_source_page_hides_a_case_whose_defendant_is_not_public(client):
    source = factories.SourceFactory()
    person = factories.PersonFactory(publication_status="draft", preferred_name="Hidden Defendant")
    factories.CitationFactory(fact=person, source=source, quote="person quote")
    proceeding = factories.ProceedingFactory(person=person)
    factories.CitationFactory(fact=proceeding, source=source, quote="case quote")
    charge = Charge.objects.create(
        proceeding=proceeding, as_reported="inciting discord", publication_status=PUBLISHED
    )
    factories.CitationFactory(fact=charge, source=source, quote="charge quote", locator="para 9")
    measure = PretrialMeasure.objects.create(
        proceeding=proceeding, kind="house_arrest", start="2025-07", publication_status=PUBLISHED
    )
    factories.CitationFactory(fact=measure, source=source, quote="measure quote")
    sentence = factories.SentenceFactory(
        proceeding=proceeding, ruling=None, amount_as_reported="987 days"
    )
    factories.CitationFactory(fact=sentence, source=source, quote="sentence quote")
    facts = ["Hidden Defendant", "inciting discord", "charge quote", "para 9", "987 days"]
    facts += ["measure quote", "sentence quote", "House arrest"]

    page = client.get(source_url(source)).content.decode()
    assert [fact for fact in facts if fact in page] == []
    assert client.get(proceeding.get_absolute_url()).status_code == 404

    # The same page shows them all once the defendant is published: the test can fail.
    person.publication_status = PUBLISHED
    person.save()
    page = client.get(source_url(source)).content.decode()
    assert [fact for fact in facts if fact not in page] == []


def test_a_protected_persons_affiliation_shows_nowhere(client):
    source = factories.SourceFactory()
    person = factories.PersonFactory(
        preferred_name="Real Name",
        is_protected=True,
        pseudonym="Relative A",
        protection_reason="Family in Xinjiang",
    )
    factories.CitationFactory(fact=person, source=source)
    organization = factories.OrganizationFactory(name="Nagyz Atajurt")
    factories.CitationFactory(fact=organization, source=source)
    affiliation = Affiliation.objects.create(
        person=person, organization=organization, role="deputy leader", publication_status=PUBLISHED
    )
    factories.CitationFactory(fact=affiliation, source=source, quote="affiliation quote")

    assert not Affiliation.objects.public().exists()
    for url in (organization.get_absolute_url(), source_url(source)):
        page = client.get(url).content.decode()
        assert "deputy leader" not in page and "affiliation quote" not in page, url
        assert "Real Name" not in page, url
    # The organization's page does not even mention the pseudonym among its members.
    assert "Relative A" not in client.get(organization.get_absolute_url()).content.decode()
    # An unprotected member shows with the role, so the pages can show it.
    person.is_protected = False
    person.save()
    assert "deputy leader" in client.get(organization.get_absolute_url()).content.decode()


def test_a_protected_persons_names_and_relatives_are_not_public():
    person = factories.PersonFactory(
        is_protected=True, pseudonym="Witness Q", protection_reason="at risk"
    )
    factories.CitationFactory(fact=person)
    name = factories.PersonNameFactory(person=person, name="Жанбота")
    factories.CitationFactory(fact=name)
    assert not PersonName.objects.public().exists()
    assert rules.why_hidden(name) == ["it would identify a protected person (Witness Q)"]
    person.is_protected = False
    person.save()
    assert PersonName.objects.public().get() == name


def test_a_researcher_cannot_revert_a_published_record_through_its_history(client, researcher):
    person = factories.PersonFactory(publication_status="draft", locality="Almaty")
    factories.CitationFactory(fact=person)
    person.locality = "Taldykorgan"
    person.publication_status = PUBLISHED
    person.save()
    earliest = person.history.earliest()
    client.force_login(researcher)
    url = reverse("admin:people_person_simple_history", args=[person.pk, earliest.history_id])
    data = page_data(client, url)
    data.update(locality="Almaty", publication_status="draft")

    response = client.post(url, data)

    assert response.status_code == 403
    person.refresh_from_db()
    assert (person.locality, person.publication_status) == ("Taldykorgan", PUBLISHED)
    assert Person.objects.public().filter(pk=person.pk).exists()


def change_published_charge_inline(client, user, **row_values):
    """As ``user``, post a draft proceeding's page with its published charge's row changed
    (``row_values``: the row's inputs without their prefix). Returns the charge, the
    response and the page as posted unchanged."""
    proceeding = factories.ProceedingFactory(publication_status="draft")
    charge = Charge.objects.create(
        proceeding=proceeding, as_reported="old wording", publication_status=PUBLISHED
    )
    client.force_login(user)
    url = change_url(proceeding)
    data = page_data(client, url)
    row = inline_row(data, "charges", charge)
    changed = dict(data, **{f"{row}-{name}": value for name, value in row_values.items()})
    return charge, client.post(url, changed), (url, data, row)


def test_a_researcher_cannot_change_a_published_row_through_a_draft_parents_inline(
    client, researcher
):
    charge, response, (url, data, row) = change_published_charge_inline(
        client, researcher, as_reported="new wording"
    )

    assert response.status_code == 200
    assert any(
        "is published: an editor must approve" in m for m in sum(errors(response).values(), [])
    )
    charge.refresh_from_db()
    assert charge.as_reported == "old wording"
    # Nor can she delete it there (researchers delete nothing).
    client.post(url, dict(data, **{f"{row}-DELETE": "on"}))
    assert Charge.objects.filter(pk=charge.pk, as_reported="old wording").exists()


def test_an_editor_may_change_a_published_row_through_an_inline(client, editor):
    charge, response, _page = change_published_charge_inline(
        client, editor, as_reported="new wording"
    )

    assert response.status_code == 302, errors(response)
    charge.refresh_from_db()
    assert charge.as_reported == "new wording"


def test_the_admin_says_why_a_published_spelling_is_hidden(client, editor):
    person = factories.PersonFactory()
    factories.CitationFactory(fact=person)
    name = factories.PersonNameFactory(person=person, name="Azihibai")
    client.force_login(editor)

    page = client.get(change_url(name)).content.decode()
    assert "Hidden from the public: no published citation of a published source backs it" in page
    person_page = client.get(change_url(person)).content.decode()
    assert "Shown on the public site." in person_page
    assert "no published citation of a published source backs it" in person_page  # the row

    # Saving it published says so at once.
    data = page_data(client, change_url(name))
    response = client.post(change_url(name), data, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert any("is published but the public does not see it" in m for m in shown), shown

    factories.CitationFactory(fact=name)
    assert "Shown on the public site." in client.get(change_url(name)).content.decode()
    changelist = client.get(reverse("admin:people_personname_changelist")).content.decode()
    assert 'alt="True"' in changelist


def test_stored_flags_follow_a_parent_published_after_its_children():
    person = factories.PersonFactory(publication_status="review")
    factories.CitationFactory(fact=person)
    sentence = factories.SentenceFactory(
        proceeding__person=person, ruling__proceeding__person=person
    )
    sentence = factories.SentenceFactory(ruling=sentence.ruling, proceeding=sentence.proceeding)
    for record in (sentence.proceeding, sentence.ruling, sentence):
        factories.CitationFactory(fact=record)
    assert not sentence.__class__.objects.public().filter(pk=sentence.pk).exists()

    person.publication_status = PUBLISHED
    person.save()

    sentence.refresh_from_db()
    assert sentence.is_public and sentence.listed
    assert Citation.objects.public().count() == 4
