"""Protest and proceeding pages: every fact cited, unknowns said, constant queries, 404s."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import (
    Charge,
    MeasureKind,
    Outcome,
    ParticipantRole,
    Participation,
    PretrialMeasure,
    Proceeding,
    ProceedingKind,
    Protest,
    ProtestKind,
    Ruling,
    Sentence,
    SentenceKind,
    SentenceStatus,
    Slogan,
)
from people.models import Organization, OrganizationKind, Person
from publishing import upkeep
from tests.bulk import cite_all, detention_of, solo_pickets, written
from tests.events.test_case_list import cited, gather_statistics
from tests.factories import (
    CitationFactory,
    CourtFactory,
    PersonFactory,
    ProceedingFactory,
    ProtestFactory,
    RulingFactory,
    SentenceFactory,
    SourceFactory,
    in_bulk,
)
from tests.paging import assert_pages_read_in_order

pytestmark = pytest.mark.django_db

PUBLISHED = "published"


def protest_page(client, protest):
    return client.get(reverse("events:protest_detail", kwargs={"pk": protest.pk}))


def proceeding_page(client, proceeding):
    return client.get(reverse("events:proceeding_detail", kwargs={"pk": proceeding.pk}))


def public_proceeding(person=None, **kwargs):
    person = person or cited(PersonFactory())
    return cited(ProceedingFactory(person=person, **kwargs))


# Protest page ------------------------------------------------------------------------------


def test_protest_page_shows_slogans_participants_campaign_days_and_cases_with_sources(client):
    campaign = cited(ProtestFactory(title="Relatives' picket of the consulate", kind="campaign"))
    protest = ProtestFactory(
        title="Solo picket at the Chinese consulate",
        parent=campaign,
        start="2020-08-02",
        place="outside the Chinese consulate",
        locality="Almaty",
        target="the Chinese consulate",
    )
    afp = SourceFactory(outlet="AFP", headline="Kazakh activist jailed over protest")
    CitationFactory(fact=protest, source=afp, quote="staged a one-man protest")
    CitationFactory(fact=protest, source=afp, field="parent", quote="part of the picket")
    slogan = cited(
        Slogan.objects.create(
            protest=protest, text="Persona non grata", publication_status=PUBLISHED
        ),
        source=afp,
        quote="a placard reading 'Persona non grata'",
    )
    azhibay = cited(PersonFactory(preferred_name="Serik Azhibay"))
    cited(
        Participation.objects.create(
            protest=protest,
            person=azhibay,
            role=ParticipantRole.DETAINED,
            publication_status=PUBLISHED,
        )
    )
    day = cited(ProtestFactory(title="Day 2 of the solo picket", parent=protest, start="2020-08"))
    proceeding = public_proceeding(azhibay)
    proceeding.protests.add(protest)
    CitationFactory(fact=proceeding, field="protests", quote="over a one-man protest")

    content = protest_page(client, protest).content.decode()

    assert "<h1>Solo picket at the Chinese consulate</h1>" in content
    assert "2 Aug 2020" in content
    assert "outside the Chinese consulate, Almaty, Kazakhstan" in content
    assert "<q>Persona non grata</q>" in content
    assert "a placard reading &#x27;Persona non grata&#x27;" in content
    assert "Serik Azhibay</a>: Participant, detained" in content
    assert "Relatives&#x27; picket of the consulate" in content
    assert day.get_absolute_url() in content
    assert proceeding.get_absolute_url() in content
    assert "over a one-man protest" in content
    assert "AFP, “Kazakh activist jailed over protest”" in content
    assert slogan.pk


def test_protest_page_shows_disagreeing_crowd_sizes_side_by_side(client):
    protest = cited(ProtestFactory(title="Rally in Almaty", crowd_as_reported="about 30"))
    for outlet, value in [("RFE/RL", "about 30"), ("Eurasianet", "18"), ("AFP", "19")]:
        CitationFactory(
            fact=protest,
            field="crowd_as_reported",
            reported_value=value,
            source__outlet=outlet,
            quote=f"{value} people gathered",
        )

    content = protest_page(client, protest).content.decode()

    assert "Sources disagree:" in content
    for value in ["about 30", "18", "19"]:
        assert f'<q class="reported-value">{value}</q>' in content


def test_citation_of_a_field_the_page_does_not_list_is_still_shown(client):
    protest = ProtestFactory(title="Picket")
    CitationFactory(fact=protest, field="title", quote="a picket, the report calls it")

    assert "a picket, the report calls it" in protest_page(client, protest).content.decode()


def test_protest_page_says_not_reported_for_unknown_facts(client):
    protest = cited(ProtestFactory(title="Picket", start="", locality="", country=""))

    content = protest_page(client, protest).content.decode()

    assert content.count("not reported") >= 4
    assert "None" not in content


def test_protest_page_hides_unpublished_and_uncited_parts(client):
    campaign = ProtestFactory(title="Draft campaign", publication_status="draft")
    CitationFactory(fact=campaign)
    protest = cited(ProtestFactory(title="Picket", parent=campaign))
    Slogan.objects.create(protest=protest, text="Uncited slogan", publication_status=PUBLISHED)
    hidden = PersonFactory(preferred_name="Draft Participant", publication_status="draft")
    cited(
        Participation.objects.create(protest=protest, person=hidden, publication_status=PUBLISHED)
    )
    protected = cited(
        PersonFactory(
            preferred_name="Real Name",
            is_protected=True,
            pseudonym="Relative B",
            protection_reason="Relatives in Xinjiang",
        )
    )
    cited(
        Participation.objects.create(
            protest=protest, person=protected, publication_status=PUBLISHED
        )
    )
    draft_case = ProceedingFactory(
        person=cited(PersonFactory(preferred_name="Draft Case Person")), publication_status="draft"
    )
    CitationFactory(fact=draft_case)
    draft_case.protests.add(protest)

    content = protest_page(client, protest).content.decode()

    for hidden_text in [
        "Draft campaign",
        "Uncited slogan",
        "Draft Participant",
        "Real Name",
        "Draft Case Person",
    ]:
        assert hidden_text not in content
    assert "Relative B" in content


@pytest.mark.parametrize("status", ["draft", "review"])
def test_unpublished_protest_is_not_found(client, status):
    protest = cited(ProtestFactory(publication_status=status))

    assert protest_page(client, protest).status_code == 404


def test_retracted_protest_and_proceeding_say_gone_and_show_nothing_of_them(client):
    protest = cited(ProtestFactory(title="Withdrawn picket", publication_status="retracted"))
    proceeding = public_proceeding(case_number="RETRACTED-42")
    proceeding.publication_status = "retracted"
    proceeding.save()

    for response in [protest_page(client, protest), proceeding_page(client, proceeding)]:
        assert response.status_code == 410
        content = response.content.decode()
        assert "This record was retracted" in content
        assert "Withdrawn picket" not in content
        assert "RETRACTED-42" not in content


def test_uncited_protest_is_not_found(client):
    assert protest_page(client, ProtestFactory()).status_code == 404


def test_protest_list_shows_public_protests_with_sources(client):
    cited(
        ProtestFactory(title="Rally in Almaty", start="2025-11", crowd_as_reported="around 30"),
        source__outlet="Eurasianet",
    )
    ProtestFactory(title="Uncited protest")
    draft = ProtestFactory(title="Draft protest", publication_status="draft")
    CitationFactory(fact=draft)

    response = client.get(reverse("events:protest_list"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Rally in Almaty" in content
    assert "Nov 2025" in content
    assert "around 30" in content
    assert "Eurasianet" in content
    assert "Uncited protest" not in content
    assert "Draft protest" not in content


def test_protest_list_pages_read_every_protest_once_newest_first_the_undated_last(
    client, monkeypatch
):
    """Pages by cursor (the day begun, newest first and the undated last; the title; the
    id), with ties on both: "next" from the first page lists every protest once in order,
    "previous" from the last shows each page's rows as they stand in it."""
    from events import views

    monkeypatch.setattr(views.ProtestListView, "page_size", 3)
    with in_bulk():
        for start in ("2025-11", "", "2019-01-05", "2025-11"):
            for title in ("Picket", "Rally", "Picket"):
                cited(ProtestFactory(title=title, start=start))
    expected = [
        (protest.start, protest.title, protest.pk)
        for protest in sorted(
            Protest.objects.all(),
            key=lambda p: (-(p.start_start.toordinal() if p.start_start else 0), p.title, p.pk),
        )
    ]
    url = reverse("events:protest_list")

    assert_pages_read_in_order(
        lambda cursor: client.get(url, {"cursor": cursor} if cursor else {}),
        lambda response: [(p.start, p.title, p.pk) for p in response.context["protests"]],
        expected,
    )
    assert [start for start, _, _ in expected[-3:]] == ["", "", ""]  # the undated last


# Proceeding page ---------------------------------------------------------------------------


def test_proceeding_page_shows_court_charges_measures_rulings_sentences_and_protests(client):
    court = cited(CourtFactory(name="Almaty Specialized Inter-District Court"))
    kunbolat = cited(PersonFactory(preferred_name="Baibolat Kunbolat"))
    proceeding = public_proceeding(kunbolat, court=court, case_number="2-123/21")
    charge = cited(
        Charge.objects.create(
            proceeding=proceeding,
            code="administrative",
            article="Art. 488",
            as_reported="organizing an unsanctioned rally",
            publication_status=PUBLISHED,
        ),
        quote="found guilty of organizing an unsanctioned rally",
    )
    cited(
        PretrialMeasure.objects.create(
            proceeding=proceeding,
            kind=MeasureKind.DETENTION,
            start="2021-06-21",
            publication_status=PUBLISHED,
        )
    )
    ruling = cited(
        RulingFactory(proceeding=proceeding, date="2021-06-22", plea="rejected_charge"),
        quote="the court found him guilty on June 22",
    )
    sentence = SentenceFactory(ruling=ruling, proceeding=proceeding)
    for value, outlet in [("15 days", "RFE/RL"), ("one week", "AFP")]:
        CitationFactory(
            fact=sentence,
            field="amount_as_reported",
            reported_value=value,
            source__outlet=outlet,
            quote=f"jailed for {value}",
        )
    protest = cited(ProtestFactory(title="Picket of the consulate"))
    proceeding.protests.add(protest)
    CitationFactory(fact=proceeding, field="protests", quote="over the picket")

    content = proceeding_page(client, proceeding).content.decode()

    assert "Administrative case against Baibolat Kunbolat" in content
    assert "Almaty Specialized Inter-District Court" in content
    assert "2-123/21" in content
    assert "Administrative Code, Art. 488" in content
    assert "found guilty of organizing an unsanctioned rally" in content
    assert "Detention" in content and "21 Jun 2021" in content
    assert "First instance, 22 Jun 2021: Found guilty" in content
    assert "Rejected the charge" in content
    assert "Administrative detention</strong>: 15 days" in content
    assert "Sources disagree:" in content
    assert '<q class="reported-value">one week</q>' in content
    assert "Picket of the consulate" in content
    assert "over the picket" in content
    assert charge.pk


def test_proceeding_page_of_unnamed_defendants_with_unknown_court(client):
    proceeding = cited(
        ProceedingFactory(
            person=None, unnamed_defendants=12, court_as_reported="", kind="administrative"
        )
    )

    content = proceeding_page(client, proceeding).content.decode()

    assert "12 unnamed defendants" in content
    assert "not reported" in content
    assert "No ruling reported yet." in content


def test_proceeding_page_lists_penalties_sought_or_possible_apart_from_rulings(client):
    proceeding = public_proceeding(kind=ProceedingKind.CRIMINAL, court_as_reported="a court")
    cited(
        SentenceFactory(
            ruling=None,
            proceeding=proceeding,
            kind=SentenceKind.IMPRISONMENT,
            status=SentenceStatus.MAXIMUM,
            term_quantity=10,
            term_unit="years",
            term_days=3650,
            amount_as_reported="up to 10 years",
        )
    )

    content = proceeding_page(client, proceeding).content.decode()

    assert "Penalties sought or possible" in content
    assert "up to 10 years" in content
    assert "(maximum possible)" in content
    assert "“a court”" in content


def test_proceeding_page_hides_unpublished_parts(client):
    draft_court = CourtFactory(name="Draft Court", publication_status="draft")
    CitationFactory(fact=draft_court)
    proceeding = public_proceeding(court=draft_court)
    Charge.objects.create(
        proceeding=proceeding, as_reported="Uncited charge", publication_status=PUBLISHED
    )
    draft_ruling = RulingFactory(proceeding=proceeding, publication_status="draft")
    CitationFactory(fact=draft_ruling)
    hidden_sentence = SentenceFactory(
        ruling=draft_ruling, proceeding=proceeding, amount_as_reported="Hidden sentence"
    )
    CitationFactory(fact=hidden_sentence)

    content = proceeding_page(client, proceeding).content.decode()

    assert "Draft Court" not in content
    assert "Uncited charge" not in content
    assert "Hidden sentence" not in content
    assert "No ruling reported yet." in content


def test_proceeding_of_a_protected_person_shows_only_the_pseudonym(client):
    person = cited(
        PersonFactory(
            preferred_name="Real Name",
            is_protected=True,
            pseudonym="Relative C",
            protection_reason="Relatives in Xinjiang",
        )
    )

    content = proceeding_page(client, public_proceeding(person)).content.decode()

    assert "Relative C" in content
    assert "Real Name" not in content


def test_non_public_proceedings_are_not_found(client):
    draft = ProceedingFactory(person=cited(PersonFactory()), publication_status="draft")
    CitationFactory(fact=draft)
    uncited = ProceedingFactory(person=cited(PersonFactory()))
    of_draft_person = public_proceeding(PersonFactory(publication_status="draft"))

    for proceeding in [draft, uncited, of_draft_person]:
        assert proceeding_page(client, proceeding).status_code == 404
    assert client.get("/proceedings/999999/").status_code == 404


# Query counts ------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    client.get(url)  # warm the content-type cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


SHOWN = {"publication_status": "published"}


def add_protest_rows(protest, count):
    """``count`` slogans, participants (each with a case at a court of their own) and days
    of ``protest``, written in bulk (tests.bulk)."""
    people = written(
        Person, [Person(preferred_name=f"Participant {n}", **SHOWN) for n in range(count)]
    )
    courts = written(
        Organization,
        [
            Organization(
                name=f"Court {n}", kind=OrganizationKind.COURT, country="Kazakhstan", **SHOWN
            )
            for n in range(count)
        ],
    )
    proceedings = written(
        Proceeding,
        [
            Proceeding(person=person, court=court, kind=ProceedingKind.ADMINISTRATIVE, **SHOWN)
            for person, court in zip(people, courts, strict=True)
        ],
    )
    Proceeding.protests.through.objects.bulk_create(
        [Proceeding.protests.through(proceeding=row, protest=protest) for row in proceedings]
    )
    slogans = written(
        Slogan, [Slogan(protest=protest, text=f"Slogan {n}", **SHOWN) for n in range(count)]
    )
    participations = written(
        Participation, [Participation(protest=protest, person=person, **SHOWN) for person in people]
    )
    days = solo_pickets(count, title="Picket day {n}", parent=protest)
    cite_all([*people, *courts, *proceedings, *slogans, *participations, *days])
    upkeep.refresh_all()


def test_protest_page_runs_the_same_few_queries_for_5_and_200_related_rows(client):
    protest = cited(ProtestFactory(kind=ProtestKind.CAMPAIGN, parent=cited(ProtestFactory())))
    url = protest.get_absolute_url()
    add_protest_rows(protest, 5)
    with_5 = count_queries(client, url)

    add_protest_rows(protest, 195)
    gather_statistics()
    with_200 = count_queries(client, url)
    # The rows built in bulk are public: the page shows the last of them.
    assert "Slogan 194" in client.get(url).content.decode()

    assert with_5 == with_200 <= 10


def add_proceeding_rows(proceeding, count):
    """``count`` charges, measures, rulings with a sentence each, and protests of
    ``proceeding``, written in bulk (tests.bulk)."""
    charges = written(
        Charge,
        [Charge(proceeding=proceeding, as_reported=f"charge {n}", **SHOWN) for n in range(count)],
    )
    measures = written(
        PretrialMeasure,
        [
            PretrialMeasure(proceeding=proceeding, kind=MeasureKind.DETENTION, **SHOWN)
            for _ in range(count)
        ],
    )
    rulings = written(
        Ruling,
        [
            Ruling(proceeding=proceeding, date="2025-07-14", outcome=Outcome.GUILTY, **SHOWN)
            for _ in range(count)
        ],
    )
    sentences = written(
        Sentence,
        [
            Sentence(proceeding=proceeding, ruling=ruling, **detention_of(15), **SHOWN)
            for ruling in rulings
        ],
    )
    pickets = solo_pickets(count)
    Proceeding.protests.through.objects.bulk_create(
        [Proceeding.protests.through(proceeding=proceeding, protest=row) for row in pickets]
    )
    cite_all([*charges, *measures, *rulings, *sentences, *pickets])
    upkeep.refresh_all()


def test_proceeding_page_runs_the_same_few_queries_for_5_and_200_related_rows(client):
    proceeding = public_proceeding(court=cited(CourtFactory()))
    url = proceeding.get_absolute_url()
    add_proceeding_rows(proceeding, 5)
    with_5 = count_queries(client, url)

    add_proceeding_rows(proceeding, 195)
    gather_statistics()
    with_200 = count_queries(client, url)
    # The rows built in bulk are public: the page shows the last of them.
    assert "charge 194" in client.get(url).content.decode()

    assert with_5 == with_200 <= 10


def test_protest_list_runs_the_same_few_queries_for_5_and_200_protests(client):
    campaign = cited(ProtestFactory())
    for _ in range(5):
        cited(ProtestFactory(parent=campaign))
    url = reverse("events:protest_list")
    with_5 = count_queries(client, url)

    with in_bulk():
        for _ in range(195):
            cited(ProtestFactory(parent=campaign))
    gather_statistics()
    with_200 = count_queries(client, url)

    assert with_5 == with_200 <= 10


# Demo data ---------------------------------------------------------------------------------


@pytest.fixture
def demo(demo_loaded_for_class, db):
    """The demo data, shared by the tests of one class (see conftest)."""


class TestDemoPages:
    """Protest and proceeding pages of the demo data."""

    def test_demo_november_2025_protest_shows_the_disagreeing_crowd_counts(self, client, demo):
        protest = Protest.objects.get(title__startswith="Burning of Chinese flags")

        content = protest_page(client, protest).content.decode()

        assert "Sources disagree:" in content
        for count in ["around 30", "18 (12 jailed, 6 fined)", "19"]:
            assert f'<q class="reported-value">{count}</q>' in content
        assert "Down with Xi Jinping!" in content
        assert "Guldariya Sherizat" in content and "Bekzat Maksutkan" in content

    def test_demo_kunbolat_case_shows_the_court_and_the_disputed_term(self, client, demo):
        proceeding = Proceeding.objects.get(person__preferred_name="Baibolat Kunbolat")

        content = proceeding_page(client, proceeding).content.decode()

        assert "Almaty Specialized Inter-District Court" in content
        assert "organizing an unsanctioned rally" in content
        assert "22 Jun 2021" in content
        assert '<q class="reported-value">one week</q>' in content
        assert "Relatives&#x27; picket of the Chinese consulate in Almaty" in content

    def test_demo_azhibay_case_says_the_court_was_not_named(self, client, demo):
        azhibay = Person.objects.get(preferred_name="Serik Azhibay")

        content = proceeding_page(client, azhibay.proceedings.get()).content.decode()

        assert (
            '“a court in Almaty” <span class="not-reported">(name not reported)</span>' in content
        )
        assert "3 Aug 2020" in content

    def test_demo_taldykorgan_trial_has_no_verdict_and_a_maximum_of_10_years(self, client, demo):
        proceeding = Proceeding.objects.get(person__preferred_name="Guldariya Sherizat")

        content = proceeding_page(client, proceeding).content.decode()

        assert "Pending" in content
        assert "Penalties sought or possible" in content
        assert "up to 10 years" in content
        assert "House arrest" in content
