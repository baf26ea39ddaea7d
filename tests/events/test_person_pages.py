"""The person page (names, affiliations, relatives, one timeline of the whole chain) and
the organization page (a court's rulings, a movement's people)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import (
    Charge,
    MeasureKind,
    Outcome,
    ParticipantRole,
    Participation,
    PretrialMeasure,
    Proceeding,
    ProceedingKind,
    Ruling,
    Sentence,
    Slogan,
)
from people.models import (
    Affiliation,
    NameOrigin,
    Organization,
    OrganizationKind,
    Person,
    PersonName,
    Relationship,
    ReportedAge,
)
from publishing import upkeep
from sources.models import Source
from tests.bulk import article, cite_all, detention_of, many_cases, solo_pickets, written
from tests.demo import load_demo
from tests.factories import (
    CitationFactory,
    CourtFactory,
    OrganizationFactory,
    PersonFactory,
    PersonNameFactory,
    ProceedingFactory,
    ProtestFactory,
    RulingFactory,
    SentenceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def cited(record, **kwargs):
    CitationFactory(fact=record, **kwargs)
    return record


def page(client, record):
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def participation(person, protest, role=ParticipantRole.PARTICIPANT, **kwargs):
    from events.models import Participation

    return cited(
        Participation.objects.create(
            person=person, protest=protest, role=role, publication_status="published"
        ),
        **kwargs,
    )


def measure(proceeding, **kwargs):
    return PretrialMeasure.objects.create(
        proceeding=proceeding, publication_status="published", **kwargs
    )


@pytest.fixture
def chain():
    """Serik Azhibay's chain, created out of order: sentence, ruling, proceeding, protest."""
    source = SourceFactory(outlet="AFP", headline="Kazakh activist jailed over consulate picket")
    person = cited(PersonFactory(preferred_name="Serik Azhibay"), source=source)
    court = cited(CourtFactory(name="Almaty Specialized Administrative Court"))
    proceeding = cited(ProceedingFactory(person=person, opened="2025-07-12"))
    ruling = cited(
        RulingFactory(proceeding=proceeding, date="2025-07-14"),
        source=source,
        quote="a court sentenced him to 15 days in jail",
    )
    sentence = cited(SentenceFactory(ruling=ruling, amount_as_reported="15 days in jail"))
    detention = cited(measure(proceeding, kind=MeasureKind.DETENTION, start="2025-07-11"))
    protest = cited(ProtestFactory(title="Solo picket at the Chinese consulate", start="2025-07"))
    participation(person, protest, ParticipantRole.DETAINED)
    return locals()


def positions(html, *texts):
    found = [html.find(text) for text in texts]
    assert -1 not in found, dict(zip(texts, found, strict=True))
    return found


def test_timeline_shows_the_whole_chain_in_date_order(client, chain):
    html = page(client, chain["person"])
    timeline = html[html.index('class="timeline"') :]
    order = positions(
        timeline,
        "Solo picket at the Chinese consulate",
        "Detention",
        "Administrative case",
        "Found guilty",
        "15 days in jail",
    )
    assert order == sorted(order)
    assert positions(timeline, "Jul 2025", "11 Jul 2025", "12 Jul 2025", "14 Jul 2025")


def test_timeline_puts_undated_items_last_in_chain_order(client, chain):
    cited(measure(chain["proceeding"], kind=MeasureKind.HOUSE_ARREST, as_reported="house arrest"))
    undated_ruling = cited(
        RulingFactory(proceeding=chain["proceeding"], date="", outcome="pending")
    )
    cited(SentenceFactory(ruling=undated_ruling, amount_as_reported="up to 10 years"))
    earlier = cited(ProtestFactory(title="Earlier rally", start="2024"))
    participation(chain["person"], earlier)
    timeline = page(client, chain["person"]).split('class="timeline"')[1]
    order = positions(
        timeline,
        "Earlier rally",
        "Solo picket at the Chinese consulate",
        "15 days in jail",
        "House arrest",
        "Pending",
        "up to 10 years",
    )
    assert order == sorted(order)


def test_timeline_items_show_their_citation_with_the_quote_inside_details(client, chain):
    html = page(client, chain["person"])
    assert "Kazakh activist jailed over consulate picket" in html
    assert re.search(
        r"<details[^>]*>(?:(?!</details>).)*a court sentenced him to 15 days in jail"
        r"(?:(?!</details>).)*</details>",
        html,
        re.DOTALL,
    )


def test_unknown_values_read_not_reported(client, chain):
    html = page(client, chain["person"])
    citizenship = html.split("<dt>Citizenship</dt>")[1].split("</dd>")[0]
    assert "not reported" in citizenship
    court = html.split("<dt>Court</dt>")[1].split("</dd>")[0]
    assert "not reported" in court  # the proceeding names no court


def test_disagreeing_sources_are_shown_side_by_side(client, chain):
    sentence = chain["sentence"]
    cited(sentence, field="amount_as_reported", reported_value="15 days", quote="15 days")
    cited(sentence, field="amount_as_reported", reported_value="one week", quote="a week")
    html = page(client, chain["person"])
    assert "Sources disagree" in html
    assert positions(html, "15 days", "one week")


def test_unpublished_links_of_the_chain_stay_off_the_timeline(client, chain):
    draft = cited(ProtestFactory(title="Draft protest", publication_status="draft"))
    participation(chain["person"], draft)
    uncited = ProtestFactory(title="Uncited protest")
    participation(chain["person"], uncited)
    measure(chain["proceeding"], kind=MeasureKind.BAIL, as_reported="bail without a citation")
    html = page(client, chain["person"])
    assert "Draft protest" not in html
    assert "Uncited protest" not in html
    assert "bail without a citation" not in html


def test_names_separate_attested_spellings_from_researcher_additions(client, chain):
    person = chain["person"]
    cited(PersonNameFactory(person=person, name="Серік Әжібай", script="kazakh_cyrillic"))
    PersonNameFactory(person=person, name="Azihibai", origin=NameOrigin.RESEARCHER)
    PersonNameFactory(person=person, name="Uncited Spelling")
    html = page(client, person)
    attested, researcher = html.split("Added by researchers")
    assert "Серік Әжібай" in attested
    assert "Azihibai" in researcher
    assert "Uncited Spelling" not in html


def test_relatives_are_shown_both_ways_by_public_name_only_when_public(client, chain):
    person = chain["person"]
    wife = cited(PersonFactory(preferred_name="Sherizat"))
    cited(
        Relationship.objects.create(
            person=wife, kind="spouse", related_person=person, publication_status="published"
        )
    )
    nephew = cited(
        PersonFactory(
            preferred_name="Real Nephew Name",
            is_protected=True,
            pseudonym="Relative A",
            protection_reason="In Xinjiang",
        )
    )
    cited(
        Relationship.objects.create(
            person=person, kind="uncle_aunt", related_person=nephew, publication_status="published"
        )
    )
    draft = PersonFactory(preferred_name="Unpublished Cousin")
    cited(
        Relationship.objects.create(
            person=draft, kind="relative", related_person=person, publication_status="published"
        )
    )
    html = page(client, person)
    text = re.sub(r"<[^>]+>", "", html)
    assert "Sherizat is the spouse of Serik Azhibay" in text
    # A relation to a protected person would point to who they are: hidden from both sides.
    assert "Relative A" not in text
    assert wife.get_absolute_url() in html and nephew.get_absolute_url() not in html
    assert "Real Nephew Name" not in html
    assert "Unpublished Cousin" not in html


def test_affiliations_link_the_organization_with_role(client, chain):
    movement = cited(OrganizationFactory(name="Nagyz Atajurt"))
    cited(
        Affiliation.objects.create(
            person=chain["person"],
            organization=movement,
            role="leader",
            publication_status="published",
        )
    )
    html = page(client, chain["person"])
    assert movement.get_absolute_url() in html
    assert "leader" in html


def test_protected_person_page_shows_only_the_pseudonym(client, chain):
    person = chain["person"]
    person.is_protected = True
    person.pseudonym = "Activist B"
    person.protection_reason = "Relatives in Xinjiang"
    person.locality = "Zharkent"
    person.save()
    cited(PersonNameFactory(person=person, name="Ажибай"))
    html = page(client, person)
    assert "<title>Activist B" in html
    main = html.split('<main id="main">')[1]
    assert "Identity withheld" in main
    for leak in ("Azhibay", "Ажибай", "Zharkent", "Relatives in Xinjiang", "consulate"):
        assert leak not in main


@pytest.mark.parametrize("state", ["draft", "uncited", "missing"])
def test_unpublished_or_uncited_person_is_not_found(client, state):
    person = PersonFactory(publication_status="draft" if state == "draft" else "published")
    if state == "draft":
        cited(person)
    pk = person.pk + 1000 if state == "missing" else person.pk
    assert client.get(f"/people/{pk}/").status_code == 404


@pytest.mark.parametrize("prefix", ["people", "organizations"])
def test_an_id_beyond_any_column_is_not_found(client, prefix):
    """Not a 500: the id is never sent to the database as it is (SQLite refuses it)."""
    for pk in (2**63, 10**30):
        assert client.get(f"/{prefix}/{pk}/").status_code == 404
    assert client.get(f"/{prefix}/{2**63 - 1}/").status_code == 404


def test_person_page_title_is_the_public_name(client, chain):
    assert "<title>Serik Azhibay · Casetracker</title>" in page(client, chain["person"])


# Organization pages


def court_ruling(court, name, date, outcome=Outcome.GUILTY, amount="15 days"):
    person = cited(PersonFactory(preferred_name=name))
    proceeding = cited(ProceedingFactory(person=person, court=court))
    ruling = cited(RulingFactory(proceeding=proceeding, date=date, outcome=outcome))
    cited(SentenceFactory(ruling=ruling, amount_as_reported=amount))
    return ruling


def test_court_page_lists_every_public_ruling_there(client):
    court = cited(CourtFactory(name="Almaty Specialized Administrative Court"))
    other = cited(CourtFactory(name="Taldykorgan City Court"))
    court_ruling(court, "Serik Azhibay", "2025-07-14", amount="15 days")
    court_ruling(court, "Alimnur Turganbay", "2025-11", amount="10 days")
    court_ruling(court, "Kunbolat Kuanyshbek", "", outcome=Outcome.ACQUITTED, amount="none")
    court_ruling(other, "Elsewhere Defendant", "2025-10-01")
    draft = court_ruling(court, "Draft Ruling Defendant", "2025-09-01")
    draft.publication_status = "draft"
    draft.save()
    html = page(client, court)
    for text in (
        "Serik Azhibay",
        "Alimnur Turganbay",
        "Kunbolat Kuanyshbek",
        "14 Jul 2025",
        "Nov 2025",
        "15 days",
        "10 days",
        "Acquitted",
    ):
        assert text in html
    assert "Elsewhere Defendant" not in html
    assert "Draft Ruling Defendant" not in html
    assert "3 published rulings" in html
    newest, older, undated = positions(html, "Alimnur Turganbay", "Serik Azhibay", "Kunbolat")
    assert newest < older < undated


def test_court_page_shows_protected_defendant_by_pseudonym(client):
    court = cited(CourtFactory())
    ruling = court_ruling(court, "Secret Real Name", "2025-07-14")
    defendant = ruling.proceeding.person
    defendant.is_protected, defendant.pseudonym = True, "Defendant C"
    defendant.protection_reason = "At risk"
    defendant.save()
    html = page(client, court)
    assert "Defendant C" in html
    assert "Secret Real Name" not in html


def test_movement_page_lists_its_people(client):
    movement = cited(OrganizationFactory(name="Nagyz Atajurt", kind=OrganizationKind.MOVEMENT))
    leader = cited(PersonFactory(preferred_name="Serik Azhibay"))
    cited(
        Affiliation.objects.create(
            person=leader, organization=movement, role="leader", publication_status="published"
        )
    )
    html = page(client, movement)
    assert "Serik Azhibay" in html and "leader" in html


def test_unpublished_organization_is_not_found(client):
    assert client.get(OrganizationFactory().get_absolute_url()).status_code == 404


# Query counts


def count_queries(client, url, shown=()):
    """The queries of ``url``'s page, which shows each of ``shown``."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    for text in shown:
        assert text in response.content.decode(), text
    return len(queries)


def build_person_with_chains(n):
    """A person with ``n`` of each kind of fact, all before one court (written in bulk:
    tests.bulk)."""
    shown = {"publication_status": "published"}
    source = SourceFactory()
    person = cited(PersonFactory(), source=source)
    court = cited(CourtFactory(), source=source)
    movement = cited(OrganizationFactory(), source=source)
    numbers = range(n)
    pickets = solo_pickets(n, start=lambda i: f"2020-01-{i % 28 + 1:02d}")
    proceedings = written(
        Proceeding,
        [
            Proceeding(person=person, court=court, kind=ProceedingKind.ADMINISTRATIVE, **shown)
            for _ in numbers
        ],
    )
    rulings = written(
        Ruling,
        [
            Ruling(proceeding=proceeding, date="2025-07-14", outcome=Outcome.GUILTY, **shown)
            for proceeding in proceedings
        ],
    )
    relatives = written(Person, [Person(preferred_name=f"Relative {i}", **shown) for i in numbers])
    facts = [*pickets, *proceedings, *rulings, *relatives]
    facts += written(
        Participation,
        [
            Participation(person=person, protest=protest, role=ParticipantRole.PARTICIPANT, **shown)
            for protest in pickets
        ],
    )
    facts += written(
        Slogan,
        [
            Slogan(protest=protest, text=f"Placard {i}", **shown)
            for i, protest in enumerate(pickets)
        ],
    )
    facts += written(
        Charge,
        [
            Charge(proceeding=proceeding, as_reported=f"charge {i}", **shown)
            for i, proceeding in enumerate(proceedings)
        ],
    )
    facts += written(
        PretrialMeasure,
        [
            PretrialMeasure(
                proceeding=proceeding, kind=MeasureKind.DETENTION, start="2021", **shown
            )
            for proceeding in proceedings
        ],
    )
    facts += written(
        Sentence,
        [
            Sentence(proceeding=ruling.proceeding, ruling=ruling, **detention_of(15), **shown)
            for ruling in rulings
        ],
    )
    facts += written(
        PersonName, [PersonName(person=person, name=f"Name {i}", **shown) for i in numbers]
    )
    facts += written(
        Relationship,
        [
            Relationship(person=relative, kind="relative", related_person=person, **shown)
            for relative in relatives
        ],
    )
    facts += written(
        Affiliation,
        [
            Affiliation(person=person, organization=movement, role=f"role {i}", **shown)
            for i in numbers
        ],
    )
    facts += written(
        ReportedAge,
        [
            ReportedAge(person=person, age=30 + i % 40, as_of=str(1990 + i % 30), **shown)
            for i in numbers
        ],
    )
    cite_all(facts, source)
    upkeep.refresh_all()
    return person, court


def test_person_and_court_pages_run_a_constant_number_of_queries(client):
    few_person, few_court = build_person_with_chains(5)
    many_person, many_court = build_person_with_chains(200)
    # The facts built in bulk are public: the person's page shows the last of each kind.
    last = {
        many_person: ("Placard 199", "charge 199", "role 199", "Relative 199", "Picket 199"),
        many_court: (),
    }
    for few, many in ((few_person, many_person), (few_court, many_court)):
        few_queries = count_queries(client, few.get_absolute_url())
        many_queries = count_queries(client, many.get_absolute_url(), shown=last[many])
        # One read per kind of fact the page shows, whatever their number (the person's
        # story reads charges and placards in one query each).
        assert few_queries == many_queries <= 15, (type(few).__name__, few_queries, many_queries)


def test_person_and_court_pages_never_read_internal_notes_or_timestamps(client):
    """Notes never read cannot be shown by mistake; timestamps cost time and show nothing."""
    person, court = build_person_with_chains(2)
    for record, shown in ((person, "role 1"), (court, person.public_name)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(record.get_absolute_url())
        assert response.status_code == 200
        assert shown in response.text
        assert len(queries) >= 8
        for query in queries:
            for column in ("internal_notes", "created_at", "updated_at"):
                assert column not in query["sql"], query["sql"]


# Against the demo data


@pytest.fixture
def demo_data():
    load_demo()


def test_demo_azhibay_timeline_runs_from_picket_to_fifteen_days(client, demo_data):
    azhibay = Person.objects.get(preferred_name="Serik Azhibay")
    timeline = re.sub(r"<[^>]+>", "", page(client, azhibay).split('class="timeline"')[1])
    order = positions(
        timeline,
        "Protest:",
        "Before trial: Detention",
        "Proceeding opened",
        "Ruling: Found guilty",
        "Sentence: Administrative detention",
    )
    assert order == sorted(order)
    assert "15 days in jail" in timeline
    assert "a court in Almaty" in timeline  # the court as reported; no court is named


def test_demo_court_page_lists_kunbolats_ruling(client, demo_data):
    court = Organization.objects.get(name="Almaty Specialized Inter-District Court")
    html = page(client, court)
    assert "Baibolat Kunbolat" in html
    assert "15 days in jail" in html


def test_a_citation_cannot_point_at_internal_notes_nor_show_them(client):
    """Internal notes are for researchers only: a citation of that field is refused, and
    one written past validation still shows nothing of them on the timeline."""
    from django.core.exceptions import ValidationError

    person = cited(PersonFactory())
    proceeding = cited(ProceedingFactory(person=person, internal_notes="SOURCE IS HIS NIECE"))
    for name in ("internal_notes", "publication_status", "created_at", "is_public"):
        with pytest.raises(ValidationError, match="cannot be cited"):
            CitationFactory.build(fact=proceeding, source=SourceFactory(), field=name).full_clean()
    citation = CitationFactory(fact=proceeding, field="internal_notes")
    assert "SOURCE IS HIS NIECE" not in page(client, person)
    assert "SOURCE IS HIS NIECE" not in page(client, citation.source)


@pytest.mark.parametrize(
    ("kind", "sentence"),
    [
        ("parent", "Parent Person is the parent of Serik Azhibay"),
        ("nephew_niece", "Nephew Person is the nephew or niece of Serik Azhibay"),
        ("lawyer", "Lawyer Person is the lawyer of Serik Azhibay"),
        ("colleague", "Colleague Person is a fellow activist of Serik Azhibay"),
    ],
)
def test_relations_read_as_sentences_from_either_side(client, chain, kind, sentence):
    other = cited(PersonFactory(preferred_name=f"{kind.split('_')[0].title()} Person"))
    cited(
        Relationship.objects.create(
            person=other, kind=kind, related_person=chain["person"], publication_status="published"
        )
    )
    html = page(client, chain["person"])
    assert sentence in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert f'<a href="{other.get_absolute_url()}">{other.preferred_name}</a> is ' in html
    # From the other person's page, the same sentence, with the link the other way.
    other_text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page(client, other)))
    assert sentence in other_text


def test_every_kind_of_relation_has_its_own_translatable_phrase():
    from django.utils.functional import Promise

    from events.person_views import RELATION_PHRASES, RELATIVE_WORDS
    from events.timeline import FAMILY
    from people.models import RelationshipKind

    assert set(RELATION_PHRASES) == set(RelationshipKind)
    assert set(RELATIVE_WORDS) == set(FAMILY)
    for phrase in [*RELATION_PHRASES.values(), *RELATIVE_WORDS.values()]:
        assert isinstance(phrase, Promise), phrase  # read through gettext when rendered


def test_a_busy_judges_page_lists_their_court_roles_a_page_at_a_time(client):
    """Fifty roles a page (``?page=2``), counted, each with its sources, and the same
    queries on every page: a judge of hundreds of cases has a page as quick as anyone's."""
    from events.models import CourtRole
    from events.person_views import COURT_ROLES_PER_PAGE

    cases = many_cases(COURT_ROLES_PER_PAGE + 10, name="Defendant {n:03d}")
    judge = cited(PersonFactory(preferred_name="Aigerim Sudya"))
    roles = written(
        CourtRole,
        [
            CourtRole(
                proceeding=sentence.proceeding,
                person=judge,
                role="judge",
                publication_status="published",
            )
            for sentence in cases
        ],
    )
    # Each role reported by an article of its own, so that a page cites only its roles'.
    sources = written(Source, [article(1000 + n) for n in range(len(roles))])
    cite_all(roles, sources)
    upkeep.refresh_all()

    def text(html):
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))

    url = judge.get_absolute_url()
    first, second = (count_queries(client, f"{url}?page={n}") for n in (1, 2))
    assert first == second
    # Past the last page, the last; a nonsense number, the first.
    pages = (("1", 1, range(0, 50)), ("2", 2, range(50, 60)), ("99", 2, range(50, 60)))
    html = {}
    for asked, number, shown in (*pages, ("nonsense", 1, range(0, 50))):
        html[asked] = page_of(client, f"{url}?page={asked}")
        words = text(html[asked])
        assert f"60 roles in court, page {number} of 2" in words
        listed = re.findall(r"Judge in: Administrative case against Defendant (\d+)", words)
        assert listed == [f"{n:03d}" for n in shown]
        cited_here = {source.url for source in sources if source.url in html[asked]}
        assert cited_here == {sources[n].url for n in shown}
    assert 'href="?page=2#court-roles-heading" rel="next"' in html["1"]
    assert 'href="?page=1#court-roles-heading" rel="prev"' in html["2"]
    assert 'aria-label="Pages of roles in court"' in html["1"]


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def build_movement(members: int, *, protected: str = ""):
    """A movement of ``members`` people, "Member 000", "Member 001", … (written in bulk);
    with ``protected``, one more member at risk, real name ``protected``, pseudonym
    "Member 5 (pseudonym)"."""
    shown = {"publication_status": "published"}
    source = SourceFactory()
    movement = cited(OrganizationFactory(kind=OrganizationKind.MOVEMENT), source=source)
    people = written(
        Person, [Person(preferred_name=f"Member {i:03}", **shown) for i in range(members)]
    )
    if protected:
        people += written(
            Person,
            [
                Person(
                    preferred_name=protected,
                    is_protected=True,
                    pseudonym="Member 5 (pseudonym)",
                    protection_reason="Relatives in Xinjiang",
                    **shown,
                )
            ],
        )
    affiliations = written(
        Affiliation,
        [Affiliation(person=p, organization=movement, role="member", **shown) for p in people],
    )
    cite_all([*people, *affiliations], source)
    upkeep.refresh_all()
    return movement


def members_listed(html: str) -> list[str]:
    people = html.split('id="people-heading"')[1].split("</section>")[0]
    return re.findall(r'<a href="/people/\d+/">([^<]+)</a>', people)


def test_a_movements_members_are_listed_a_page_at_a_time_in_the_same_queries(client, monkeypatch):
    """A movement with 1,626 members (the bench's) took half a second to list them all on
    one page; its people are paged as a court's rulings are, by a parameter of their own,
    each page in the same queries."""
    from events import person_views

    monkeypatch.setattr(person_views, "MEMBERS_PER_PAGE", 10)
    few, many = build_movement(3), build_movement(25)

    assert count_queries(client, few.get_absolute_url()) == count_queries(
        client, many.get_absolute_url()
    )
    first = page(client, many)
    last = page_of(client, f"{many.get_absolute_url()}?members=3")
    assert members_listed(first) == [f"Member {i:03}" for i in range(10)]
    assert members_listed(last) == [f"Member {i:03}" for i in range(20, 25)]
    assert "25 people, A–Z" in first
    assert 'href="?members=2#people-heading" rel="next"' in first
    assert 'href="?members=2#people-heading" rel="prev"' in last
    assert count_queries(client, f"{many.get_absolute_url()}?members=3") == count_queries(
        client, many.get_absolute_url()
    )


def test_people_are_listed_by_the_name_shown_never_placed_by_a_protected_real_name(client):
    """A protest's participant at risk shows by the pseudonym, "Member 5 (pseudonym)":
    listed by the real name ("Aaron …") the pseudonym came first, and its place told the
    real name's initial. Participants are listed by role, then by the name shown. (A
    movement's page lists no member at risk: an affiliation identifies a person.)"""
    movement = build_movement(8, protected="Aaron Realname")
    members = page(client, movement)
    assert "Member 5 (pseudonym)" not in members and "Aaron" not in members
    assert members_listed(members) == [f"Member {i:03}" for i in range(8)]
    assert "8 people, A–Z" in members

    protest = cited(ProtestFactory())
    for person in Person.objects.filter(affiliations__organization=movement):
        participation(person, protest)
    html = page(client, protest)
    assert "Aaron" not in html
    names = re.findall(r"Member \d+(?: \(pseudonym\))?", html)
    assert names == [*(f"Member {i:03}" for i in range(8)), "Member 5 (pseudonym)"]
