"""The public source pages: the list of articles, and every fact one article supports."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import OrganizationRelation, OrganizationRelationKind, ReportedAge
from sources import views as source_views
from sources.models import Source
from tests.factories import (
    CitationFactory,
    OrganizationFactory,
    PersonFactory,
    PersonNameFactory,
    PlaceFactory,
    PlaceNameFactory,
    ProtestFactory,
    SentenceFactory,
    SourceFactory,
    in_bulk,
)
from tests.paging import assert_pages_read_in_order

pytestmark = pytest.mark.django_db

DRAFT = "draft"
PUBLISHED = "published"


def source_page(client, source):
    return client.get(reverse("sources:source_detail", kwargs={"pk": source.pk}))


def elsewhere(fact):
    """Make ``fact`` public through a citation of another source."""
    CitationFactory(fact=fact, quote="reported elsewhere")
    return fact


def protected_person(pseudonym):
    """A person at risk, shown only as ``pseudonym``; their real name is "Real Name Withheld"."""
    return PersonFactory(
        preferred_name="Real Name Withheld",
        is_protected=True,
        pseudonym=pseudonym,
        protection_reason="Family in Xinjiang",
    )


def public_sentence(**kwargs):
    """A sentence whose proceeding, defendant and ruling are public (cited elsewhere)."""
    sentence = SentenceFactory(**kwargs)
    elsewhere(sentence.proceeding.person)
    elsewhere(sentence.proceeding)
    elsewhere(sentence.ruling)
    return sentence


def test_source_page_lists_each_supported_fact_with_its_quote_and_link(client):
    source = SourceFactory(outlet="Azattyq", headline="Activist fined for picket", language="kk")
    person = PersonFactory(preferred_name="Serik Azhibay")
    CitationFactory(
        fact=person,
        source=source,
        quote="Серік Әжібай консулдық алдында пикетке шықты",
        translation="Serik Azhibay picketed outside the consulate",
    )
    protest = ProtestFactory(title="Solo picket at the Chinese consulate")
    CitationFactory(fact=protest, source=source, field="start", quote="on Monday, 14 July")
    sentence = public_sentence(amount_as_reported="15 days")
    CitationFactory(
        fact=sentence,
        source=source,
        field="amount_as_reported",
        reported_value="one week",
        quote="he was jailed for a week",
    )

    response = source_page(client, source)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Activist fined for picket" in page
    for heading in ("People", "Protests", "Sentences"):
        assert f"<h3>{heading}</h3>" in page
    assert f'href="{person.get_absolute_url()}">Serik Azhibay</a>' in page
    assert "Серік Әжібай консулдық алдында пикетке шықты" in page
    assert "Translation: Serik Azhibay picketed outside the consulate" in page
    assert f'href="{protest.get_absolute_url()}">Solo picket at the Chinese consulate</a>' in page
    assert "Supports the field start: <q>Jul 2025</q>" in page  # as precisely as known
    # A sentence links to its proceeding's page and shows the value this source reports.
    assert f'href="{sentence.proceeding.get_absolute_url()}"' in page
    assert (
        'Supports the field penalty as reported; this source reports <q class="reported-value">'
        "one week</q>" in page
    )
    assert "he was jailed for a week" in page


def test_source_page_links_names_to_the_person_they_belong_to(client):
    source = SourceFactory()
    person = elsewhere(PersonFactory(preferred_name="Alimnur Turganbay"))
    name = PersonNameFactory(person=person, name="Alimnur Turgunbay")
    CitationFactory(fact=name, source=source, quote="Alimnur Turgunbay, 59")

    page = source_page(client, source).content.decode()

    assert "Names and spellings" in page
    assert (
        f'href="{person.get_absolute_url()}">Alimnur Turgunbay (a name of Alimnur Turganbay)</a>'
        in page
    )


def test_source_page_lists_ages_places_their_names_and_relations_of_organizations(client):
    """Every kind of record a source can be cited for has its place on the page that says
    it lists everything the source supports (these four were once left off)."""
    source = SourceFactory()
    person = elsewhere(PersonFactory(preferred_name="Serik Azhibay"))
    age = ReportedAge.objects.create(
        person=person, age=45, as_of="2018-08", publication_status=PUBLISHED
    )
    CitationFactory(fact=age, source=source, quote="45-year-old activist Serik Azhibay")
    town = PlaceFactory(name="Zharkent")
    CitationFactory(fact=town, source=source, quote="a protest in Zharkent")
    city = PlaceFactory(name="Almaty")
    spelling = PlaceNameFactory(place=city, name="Алматы")
    CitationFactory(fact=spelling, source=source, quote="Алматы қаласында")
    movement = elsewhere(OrganizationFactory(name="Atajurt Kazakh Human Rights"))
    successor = elsewhere(OrganizationFactory(name="Nagyz Atajurt"))
    relation = OrganizationRelation.objects.create(
        organization=successor,
        other=movement,
        kind=OrganizationRelationKind.SUCCESSOR_OF,
        publication_status=PUBLISHED,
    )
    CitationFactory(fact=relation, source=source, quote="Nagyz Atajurt, which succeeded Atajurt")

    page = source_page(client, source).content.decode()

    for heading in ("Ages", "Places", "Place names", "Relations between organizations"):
        assert f"<h3>{heading}</h3>" in page
    assert f'href="{person.get_absolute_url()}">Serik Azhibay: aged 45 in Aug 2018</a>' in page
    assert f'href="{town.get_absolute_url()}">Zharkent</a>' in page
    assert f'href="{city.get_absolute_url()}">Алматы (a name of Almaty)</a>' in page
    assert (
        f'href="{successor.get_absolute_url()}">'
        "Nagyz Atajurt: successor of Atajurt Kazakh Human Rights</a>" in page
    )
    for quote in (
        "45-year-old activist Serik Azhibay",
        "a protest in Zharkent",
        "Алматы қаласында",
        "Nagyz Atajurt, which succeeded Atajurt",
    ):
        assert quote in page


def test_a_protected_persons_age_is_not_on_the_source_page(client):
    source = SourceFactory()
    protected = protected_person("Relative B")
    CitationFactory(fact=protected, source=source, quote="a relative of the activist")
    age = ReportedAge.objects.create(
        person=protected, age=71, as_of="2019", publication_status=PUBLISHED
    )
    CitationFactory(fact=age, source=source, quote="his 71-year-old mother")

    page = source_page(client, source).content.decode()

    assert "Relative B" in page
    for hidden in ("<h3>Ages</h3>", "aged 71", "his 71-year-old mother"):
        assert hidden not in page


def test_source_page_hides_unpublished_facts_and_unpublished_citations(client):
    source = SourceFactory()
    shown = PersonFactory(preferred_name="Published Person")
    CitationFactory(fact=shown, source=source, quote="quote of the published person")
    draft_person = PersonFactory(preferred_name="Draft Person", publication_status=DRAFT)
    CitationFactory(fact=draft_person, source=source, quote="quote of the draft person")
    # Public through another source, but this source's citation is still a draft.
    cited_elsewhere = elsewhere(PersonFactory(preferred_name="Cited Elsewhere"))
    CitationFactory(
        fact=cited_elsewhere,
        source=source,
        quote="draft citation quote",
        publication_status=DRAFT,
    )
    # A published sentence in a proceeding that is not public would link to a 404.
    orphan = SentenceFactory(amount_as_reported="99 days")
    CitationFactory(fact=orphan, source=source, quote="orphan sentence quote")

    page = source_page(client, source).content.decode()

    assert "Published Person" in page
    assert "quote of the published person" in page
    for hidden in (
        "Draft Person",
        "quote of the draft person",
        "Cited Elsewhere",
        "draft citation quote",
        "99 days",
        "orphan sentence quote",
    ):
        assert hidden not in page


def test_source_page_shows_protected_people_only_by_pseudonym(client):
    source = SourceFactory()
    protected = protected_person("Relative A")
    CitationFactory(fact=protected, source=source, quote="a relative who asked not to be named")
    CitationFactory(
        fact=protected, source=source, field="preferred_name", quote="Real Name Withheld, 40"
    )
    name = PersonNameFactory(person=protected, name="Real Name Spelling")
    CitationFactory(fact=name, source=source, quote="Real Name Spelling said")

    page = source_page(client, source).content.decode()

    assert "Relative A" in page
    # Even a quote on the person's own record may name them: the source page withholds it.
    assert "a relative who asked not to be named" not in page
    assert "quote withheld to protect a person at risk" in page
    assert "Real Name" not in page


def test_source_page_runs_the_same_few_queries_for_5_or_200_citations(client):
    def build(count):
        source = SourceFactory()
        for index in range(count // 5):
            CitationFactory(fact=PersonFactory(), source=source)
            CitationFactory(fact=ProtestFactory(), source=source, field="start")
            CitationFactory(fact=public_sentence(), source=source)
            sentence = public_sentence()
            CitationFactory(fact=sentence.proceeding, source=source)
            CitationFactory(
                fact=PersonNameFactory(person=sentence.proceeding.person, name=f"Alias {index}"),
                source=source,
            )
        return source

    source_page(client, build(5))  # warm the content-type cache, as other pages have
    counts = []
    for size in (5, 200):
        with in_bulk():
            source = build(size)
        with CaptureQueriesContext(connection) as queries:
            response = source_page(client, source)
        assert response.status_code == 200
        assert response.content.decode().count("<blockquote") == size
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert counts[1] <= 10


def test_unpublished_source_is_not_found(client):
    source = SourceFactory(publication_status=DRAFT)
    CitationFactory(fact=PersonFactory(), source=source)

    assert source_page(client, source).status_code == 404


def test_source_list_shows_published_sources_newest_first(client):
    SourceFactory(headline="Older report", published="2024-03")
    SourceFactory(headline="Newest report", published="2025-11-02")
    SourceFactory(headline="Undated report", published="")
    SourceFactory(headline="Draft report", publication_status=DRAFT)

    page = client.get(reverse("sources:source_list")).content.decode()

    assert "Draft report" not in page
    assert page.index("Newest report") < page.index("Older report") < page.index("Undated report")
    assert "Mar 2024" in page
    assert "2 Nov 2025" in page


def test_source_list_is_paginated(client):
    SourceFactory.create_batch(51)

    url = reverse("sources:source_list")
    first = client.get(url)
    second = client.get(url, {"cursor": first.context["page"].next_token})

    assert len(first.context["sources"]) == 50
    assert "Rows 1–50" in first.content.decode()
    assert len(second.context["sources"]) == 1
    assert "Rows 51–51" in second.content.decode()


def test_source_list_pages_read_every_source_once_newest_first_forward_and_back(
    client, monkeypatch
):
    """Pages by cursor over an order of three terms (the day published, newest first and the
    undated last; the outlet; the id), with ties on the day and on the outlet: "next" from
    the first page lists every source once in the list's order, "previous" from the last
    shows each page's rows as they stand in it."""
    monkeypatch.setattr(source_views.SourceListView, "page_size", 3)
    with in_bulk():
        for day in ("2025-11-02", "2024-03", "", "2025-11-02"):
            for outlet in ("Azattyq", "AFP", "Azattyq"):
                SourceFactory(outlet=outlet, published=day)
    expected = [
        (source.published, source.outlet, source.pk)
        for source in sorted(
            Source.objects.all(),
            key=lambda source: (
                -(source.published_start or datetime.date.min).toordinal(),
                source.outlet,
                source.pk,
            ),
        )
    ]
    url = reverse("sources:source_list")

    assert_pages_read_in_order(
        lambda cursor: client.get(url, {"cursor": cursor} if cursor else {}),
        lambda response: [(s.published, s.outlet, s.pk) for s in response.context["sources"]],
        expected,
    )


def test_a_citable_model_no_app_shows_on_source_pages_fails_the_system_check(monkeypatch):
    """Every model a source can be cited for is registered (the page's list is complete);
    one left out is named by the check, so a new kind of record cannot be forgotten."""
    from people.models import ReportedAge
    from sources import fact_kinds

    assert set(fact_kinds.citable_models()) == {kind.model for kind in fact_kinds.registered()}
    assert fact_kinds.check_every_citable_model_is_shown() == []

    monkeypatch.delitem(fact_kinds._registered, ReportedAge)
    (error,) = fact_kinds.check_every_citable_model_is_shown()
    assert error.id == "sources.E001"
    assert error.obj is ReportedAge
