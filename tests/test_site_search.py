"""The site search: roles, descriptions, charges, measures, pleas, slogans and places, its
groups and counts, typos on every database, and the gate (casetracker.site_search)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casetracker import site_search, views
from events.models import (
    Charge,
    CourtRole,
    CourtRoleKind,
    MeasureKind,
    Outcome,
    Participation,
    Plea,
    PretrialMeasure,
    Ruling,
    Slogan,
    SloganKind,
)
from places.models import Place, PlaceKind
from publishing import upkeep
from sources.models import Source
from tests.bulk import cite_all, many_cases, solo_pickets, written
from tests.events.test_case_list import cited, make_case
from tests.factories import (
    CourtFactory,
    PersonFactory,
    PlaceFactory,
    ProtestFactory,
)

pytestmark = pytest.mark.django_db


def search(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response.context


def found(context, group: str) -> list:
    return list(context[group]["results"])


def names(context) -> list[str]:
    return [person.public_name for person in found(context, "people")]


def protect(person, pseudonym="Witness Q"):
    person.is_protected = True
    person.pseudonym = pseudonym
    person.protection_reason = "Relatives in Xinjiang"
    person.save()
    return person


def court_role(person, sentence, role=CourtRoleKind.JUDGE, **fields):
    return cited(
        CourtRole.objects.create(
            proceeding=sentence.proceeding,
            person=person,
            role=role,
            publication_status="published",
            **fields,
        )
    )


def test_search_finds_judges_and_lawyers_by_their_role_in_court(client):
    sentence = make_case("Serik Azhibay")
    judge = cited(PersonFactory(preferred_name="Aigul Nurlanova"))
    lawyer = cited(PersonFactory(preferred_name="Zhanar Sadykova"))
    court_role(judge, sentence)
    court_role(
        lawyer,
        sentence,
        role=CourtRoleKind.DEFENCE_LAWYER,
        represents=sentence.proceeding.person,
    )

    assert names(search(client, "judge")) == ["Aigul Nurlanova"]
    assert names(search(client, "lawyers")) == ["Zhanar Sadykova"]


def test_search_names_rank_before_descriptions(client):
    cited(PersonFactory(preferred_name="Baibolat Kunbolat", description="Friend of Azhibay."))
    cited(PersonFactory(preferred_name="Serik Azhibay"))

    assert names(search(client, "azhibay")) == ["Serik Azhibay", "Baibolat Kunbolat"]


def test_search_never_finds_a_protected_person_by_description_or_role(client):
    sentence = make_case("Serik Azhibay")
    hidden = protect(cited(PersonFactory(preferred_name="Real Name", description="A judge.")))
    court_role(hidden, sentence)

    assert names(search(client, "judge")) == []
    assert not search(client, "judge")["found"]


def test_search_finds_cases_by_charge_measure_and_plea(client):
    sentence = make_case("Guldariya Sherizat", charges=[("174", "inciting ethnic discord")])
    cited(
        PretrialMeasure.objects.create(
            proceeding=sentence.proceeding,
            kind=MeasureKind.HOUSE_ARREST,
            publication_status="published",
        )
    )
    other = make_case("Serikzhan Bilash")
    other.ruling.plea = Plea.PLEA_BARGAIN
    other.ruling.save()

    def cases(query):
        return [case.person.public_name for case in found(search(client, query), "cases")]

    assert cases("inciting discord") == ["Guldariya Sherizat"]
    assert cases("174") == ["Guldariya Sherizat"]
    assert cases("house arrest") == ["Guldariya Sherizat"]
    assert cases("plea bargain") == ["Serikzhan Bilash"]


def test_search_never_matches_an_unpublished_charge_or_slogan(client):
    sentence = make_case("Guldariya Sherizat")
    Charge.objects.create(
        proceeding=sentence.proceeding, as_reported="secret wording", publication_status="draft"
    )
    protest = cited(ProtestFactory(title="Picket"))
    cited(Slogan.objects.create(protest=protest, text="Draft words", publication_status="draft"))

    assert not search(client, "secret wording")["found"]
    assert not search(client, "draft words")["found"]


def test_search_finds_protests_by_slogan_and_placard(client):
    protest = cited(ProtestFactory(title="Solo picket"))
    cited(
        Slogan.objects.create(
            protest=protest,
            kind=SloganKind.PLACARD,
            text="Persona non grata",
            publication_status="published",
        )
    )
    cited(ProtestFactory(title="Another picket"))

    assert found(search(client, "persona non grata"), "protests") == [protest]
    assert found(search(client, "placard"), "protests") == [protest]


@pytest.mark.parametrize("spelling", ["Azhibay", "Azhibai", "Ажибай"])
def test_search_finds_the_protests_and_cases_of_the_person_named_in_any_script(client, spelling):
    """A journalist searching a name in any spelling finds the person's own protests and
    cases, not only the protests whose texts write the name as the search does; a protest
    where the person's part is not public is not found by the name."""
    case = make_case("Serik Azhibay").proceeding
    stood_in = cited(ProtestFactory(title="Solo picket outside the consulate"))
    cited(
        Participation.objects.create(
            protest=stood_in, person=case.person, publication_status="published"
        )
    )
    unconfirmed = cited(ProtestFactory(title="Rally on the square"))
    cited(
        Participation.objects.create(
            protest=unconfirmed, person=case.person, publication_status="draft"
        )
    )
    cited(ProtestFactory(title="Another picket"))

    context = search(client, spelling)

    assert found(context, "protests") == [stood_in]
    assert found(context, "cases") == [case]


def test_search_adds_no_ones_protests_when_the_name_names_more_people_than_it_lists(
    client, monkeypatch
):
    """A name many people share is narrowed first: with more people named than the people
    group lists, their protests and cases are not added (the protests' own texts still
    are)."""
    first, _second = (make_case(f"Serik Azhibay {n}").proceeding for n in range(2))
    picket = cited(ProtestFactory(title="Solo picket outside the consulate"))
    cited(
        Participation.objects.create(
            protest=picket, person=first.person, publication_status="published"
        )
    )
    monkeypatch.setattr(views, "SECTION_LIMIT", 2)
    assert found(search(client, "Ажибай"), "protests") == [picket]

    monkeypatch.setattr(views, "SECTION_LIMIT", 1)
    context = search(client, "Ажибай")

    assert context["people"]["total"] == 2
    assert found(context, "protests") == []
    assert found(context, "cases") == []


def test_search_leaves_out_organizations_the_sources_do_not_name(client):
    named = cited(CourtFactory(name="Almaty Specialized Inter-District Court"))
    cited(CourtFactory(name="Court in Almaty that sentenced Serik Azhibay", is_unnamed=True))

    context = search(client, "court Almaty")

    assert found(context, "organizations") == [named]
    assert context["organizations"]["total"] == 1


def test_search_finds_a_misspelt_name_on_every_database(client):
    cited(PersonFactory(preferred_name="Serik Azhibay"))

    # SQLite: corrected to the closest name; PostgreSQL: a near spelling by trigrams.
    assert names(search(client, "Azhibaj")) == ["Serik Azhibay"]


def test_search_corrects_a_typo_and_says_so(client):
    town = PlaceFactory(name="Uzynagash")

    context = search(client, "Uzynagahs")

    assert found(context, "places") == [town]
    assert context["corrected_query"] == "uzynagash"
    page = client.get(reverse("search"), {"q": "Uzynagahs"}).content.decode()
    assert "showing results for “uzynagash”" in page


def test_search_does_not_correct_a_name_to_a_longer_name_it_is_part_of(client):
    """A journalist looking for someone the site does not hold is told so, not shown
    another person: "Yerzhan" shares "erzhan" with "Serikzhan" but is no typo of it."""
    bilash = cited(PersonFactory(preferred_name="Serikzhan Bilash"))

    context = search(client, "Yerzhan")

    assert not context.get("corrected_query")
    assert bilash not in found(context, "people")
    assert site_search.corrected_query("Yerzhan") is None
    # A typo of the same length, or a letter short, is still corrected (and the person found:
    # by the correction, or on PostgreSQL as a near spelling).
    assert site_search.corrected_query("Serikzhna") == "serikzhan"
    assert site_search.corrected_query("Serkzhan") == "serikzhan"
    assert bilash in found(search(client, "Serikzhna"), "people")


def test_search_corrects_a_typo_in_a_kind_of_measure(client):
    sentence = make_case("Guldariya Sherizat")
    cited(
        PretrialMeasure.objects.create(
            proceeding=sentence.proceeding,
            kind=MeasureKind.HOUSE_ARREST,
            publication_status="published",
        )
    )

    context = search(client, "house arrset")

    assert context["corrected_query"] == "house arrest"
    assert len(found(context, "cases")) == 1
    # A letter doubled or not is no typo: found as it is, nothing to correct.
    context = search(client, "house arest")
    assert not context.get("corrected_query")
    assert len(found(context, "cases")) == 1


def test_search_groups_count_every_match_beyond_the_first_twenty(client):
    for n in range(25):
        cited(ProtestFactory(title=f"Consulate picket {n}"))

    context = search(client, "consulate")

    assert len(found(context, "protests")) == 20
    assert context["protests"]["total"] == 25
    assert context["protests"]["more"]
    assert {"name": "protests", "total": 25, "exact": True} in context["groups"]


@pytest.mark.parametrize("count_limit", [3, 1000])
def test_search_counts_protests_and_sources_up_to_the_count_limit(client, monkeypatch, count_limit):
    """Protests and sources, like cases, are counted up to COUNT_LIMIT, and past it said to
    be more; the newest are shown either way."""
    cite_all(solo_pickets(25, title="Consulate picket {n}", start=lambda n: f"2025-01-{n + 1:02d}"))
    written(
        Source,
        [
            Source(
                outlet="Example News",
                headline=f"Consulate report {n}",
                url=f"https://news.example.org/consulate/{n}",
                published=f"2025-02-{n + 1:02d}",
                publication_status="published",
            )
            for n in range(25)
        ],
    )
    upkeep.refresh_all()
    monkeypatch.setattr(site_search, "COUNT_LIMIT", count_limit)

    response = client.get(reverse("search"), {"q": "consulate"})

    text = response.content.decode()
    protests = response.context["protests"]
    sources = response.context["sources"]
    assert [p.title for p in protests["results"]] == [
        f"Consulate picket {n}" for n in range(24, 4, -1)
    ]
    assert [s.headline for s in sources["results"]] == [
        f"Consulate report {n}" for n in range(24, 4, -1)
    ]
    for group, section in (("protests", protests), ("sources", sources)):
        assert section["more"]
        if count_limit == 3:
            assert (section["total"], section["exact"]) == (3, False)
            assert f"The newest 20 of more than 3 {group} are shown" in text
        else:
            assert (section["total"], section["exact"]) == (25, True)
            assert f"The first 20 of 25 {group} are shown" in text


@pytest.mark.parametrize("count_limit", [3, 1000])
def test_search_shows_the_newest_sources_in_the_sources_lists_order(
    client, monkeypatch, count_limit
):
    """The sources group's first rows are those the sources list shows first, in its order
    (newest first, undated last, then by outlet and id), whether every match is read and
    ordered (at most COUNT_LIMIT) or the newest are walked (more): ties of a day and of an
    outlet, upper and lower case, Latin and Cyrillic outlets."""
    days = ["2025-02-03", "2025-02", "2025-02-03", "", "2025-02-03", "2024", "", "2025-02-03"]
    outlets = ["Azattyq", "azattyq", "Азаттық", "Orda", "Azattyq", "Vlast", "Orda", "KazTAG"]
    written(
        Source,
        [
            Source(
                outlet=outlet,
                headline=f"Consulate report {n}",
                url=f"https://news.example.org/consulate/{n}",
                published=day,
                publication_status="published",
            )
            for n, (day, outlet) in enumerate(zip(days, outlets, strict=True))
        ],
    )
    upkeep.refresh_all()
    monkeypatch.setattr(site_search, "COUNT_LIMIT", count_limit)
    monkeypatch.setattr(views, "SECTION_LIMIT", 6)
    listed = Source.objects.public().order_by(views.SOURCES_NEWEST_FIRST_KEY.desc(), "outlet", "pk")

    sources = search(client, "consulate report")["sources"]

    assert [s.pk for s in sources["results"]] == [s.pk for s in listed[:6]]
    assert (sources["total"], sources["exact"]) == ((3, False) if count_limit == 3 else (8, True))


def test_search_counts_every_matching_case_and_shows_the_newest_first(client):
    sentences = many_cases(25, name="Defendant {n}", charges=[("174", "inciting discord")])
    # Opened on a day each, the last case first; one case hidden: neither shown nor counted.
    for n, sentence in enumerate(sentences):
        proceeding = sentence.proceeding
        proceeding.opened = f"2025-01-{n + 1:02d}"
        proceeding.save()
    hidden = sentences[-1].proceeding
    hidden.publication_status = "draft"
    hidden.save()

    context = search(client, "inciting")

    shown = found(context, "cases")
    assert context["cases"]["total"] == 24
    assert context["cases"]["more"]
    expected = [sentence.proceeding.pk for sentence in reversed(sentences[:-1])][:20]
    assert [proceeding.pk for proceeding in shown] == expected
    assert shown[0].person.preferred_name == "Defendant 23"


@pytest.mark.parametrize("count_limit", [1, 9, 10, 11, 1000])
def test_search_past_the_count_limit_says_more_and_shows_the_same_newest_cases(
    client, monkeypatch, count_limit
):
    """Past COUNT_LIMIT the search says only that more match, and finds the newest cases by
    walking them newest first (site_search.newest_cases): the same cases in the same order
    as counting and sorting every match, never a hidden case or one a hidden fact finds."""
    sentences = many_cases(13, name="Defendant {n}", charges=[("174", "inciting discord")])
    proceedings = [sentence.proceeding for sentence in sentences]
    for n, proceeding in enumerate(proceedings):
        # Opened on a day each, the last case first; the first undated, so the last shown.
        proceeding.opened = f"2025-01-{n + 1:02d}" if n else ""
        proceeding.save()
    proceedings[-1].publication_status = "draft"
    proceedings[-1].save()
    # Found only by its charge, a draft: neither counted nor shown.
    Charge.objects.filter(proceeding=proceedings[-2]).update(publication_status="draft")
    public = [proceedings[-3], *reversed(proceedings[1:-3]), proceedings[0]]
    monkeypatch.setattr(site_search, "COUNT_LIMIT", count_limit)
    monkeypatch.setattr(views, "SECTION_LIMIT", 4)

    response = client.get(reverse("search"), {"q": "inciting"})

    cases = response.context["cases"]
    assert [proceeding.pk for proceeding in cases["results"]] == [p.pk for p in public[:4]]
    assert cases["more"]
    text = response.content.decode()
    if count_limit < len(public):
        assert (cases["total"], cases["exact"]) == (count_limit, False)
        assert f"(more than {count_limit})" in text
        assert f"The newest 4 of more than {count_limit} cases are shown" in text
    else:
        assert (cases["total"], cases["exact"]) == (11, True)
        assert "The first 4 of 11 cases are shown" in text
    # Every match, when more are asked for than there are.
    assert site_search.newest_cases("inciting", 20).ids == [p.pk for p in public]


def test_search_past_the_count_limit_finds_cases_older_than_those_walked(client, monkeypatch):
    """When the newest WALKED cases hold fewer matches than a page, the older ones are
    still found, newest first (every match sorted after all)."""
    old = many_cases(3, name="Old {n}", charges=[("174", "inciting discord")])
    new = many_cases(4, name="New {n}", first=3, charges=[("179", "mass unrest")])
    for n, sentence in enumerate([*old, *new]):
        sentence.proceeding.opened = f"20{18 + n}"
        sentence.proceeding.save()
    monkeypatch.setattr(site_search, "COUNT_LIMIT", 1)
    monkeypatch.setattr(site_search, "WALKED", 3)

    cases = search(client, "inciting")["cases"]

    assert (cases["total"], cases["exact"]) == (1, False)
    assert [case.person.preferred_name for case in cases["results"]] == ["Old 2", "Old 1", "Old 0"]


def test_search_counts_exactly_when_the_facts_read_belong_to_few_cases(client, monkeypatch):
    """Facts read to the limit (FACTS_READ) do not make it "more than": when they name no
    more cases than COUNT_LIMIT, every match is counted (three cases of three charges each;
    two charges read name one or two cases)."""
    many_cases(
        3,
        charges=[("174", "inciting discord"), ("179", "inciting unrest"), ("180", "inciting")],
    )
    monkeypatch.setattr(site_search, "FACTS_READ", 2)
    monkeypatch.setattr(site_search, "COUNT_LIMIT", 3)

    cases = search(client, "inciting")["cases"]

    assert (cases["total"], cases["exact"], len(cases["results"])) == (3, True, 3)


def consulate_protests() -> list:
    """Thirteen protests the word "consulate" could find, each found another way, in the
    order the search shows the public ones: newest first, undated last."""
    protests = solo_pickets(
        13,
        title="Consulate picket {n}",
        # A day each, the last the newest; the first undated, so the last shown.
        start=lambda n: f"2025-01-{n + 1:02d}" if n else "",
    )
    street = PlaceFactory(name="Consulate Street")
    found_by = {
        # Found by its slogan only.
        5: ("Silent protest", {"text": "Close the consulate", "publication_status": "published"}),
        # Found by nothing: the one slogan naming the consulate is a draft.
        11: ("Quiet vigil", {"text": "To the consulate", "publication_status": "draft"}),
    }
    for n, (title, slogan) in found_by.items():
        protests[n].title = title
        written(Slogan, [Slogan(protest=protests[n], kind=SloganKind.SLOGAN, **slogan)])
    # Found by its place record only.
    protests[7].title, protests[7].location = "Rally", street
    protests[-1].publication_status = "draft"
    for protest in protests:
        protest.save()
    cite_all([*protests, *Slogan.objects.all()])
    upkeep.refresh_all()
    return [protests[10], *reversed(protests[1:10]), protests[0]]


@pytest.mark.parametrize("count_limit", [1, 9, 10, 11, 1000])
def test_search_past_the_count_limit_says_more_and_shows_the_same_newest_protests(
    client, monkeypatch, count_limit
):
    """Protests as cases: past COUNT_LIMIT the newest are found by walking them newest
    first (site_search.newest_protests), the same protests in the same order as sorting
    every match, whether their texts, a slogan or their place record names the word; never
    a hidden protest or one only a hidden slogan finds."""
    public = consulate_protests()
    monkeypatch.setattr(site_search, "COUNT_LIMIT", count_limit)
    monkeypatch.setattr(views, "SECTION_LIMIT", 4)

    response = client.get(reverse("search"), {"q": "consulate"})

    protests = response.context["protests"]
    assert [protest.pk for protest in protests["results"]] == [p.pk for p in public[:4]]
    assert protests["more"]
    text = response.content.decode()
    if count_limit < len(public):
        assert (protests["total"], protests["exact"]) == (count_limit, False)
        assert f"The newest 4 of more than {count_limit} protests are shown" in text
    else:
        assert (protests["total"], protests["exact"]) == (11, True)
        assert "The first 4 of 11 protests are shown" in text
    # Every match, when more are asked for than there are.
    assert site_search.newest_protests("consulate", 20).rows == public


def test_search_past_the_count_limit_finds_protests_older_than_those_walked(client, monkeypatch):
    """When the newest WALKED protests hold fewer matches than a page, the older ones are
    still found, newest first (every match sorted after all)."""
    old = solo_pickets(3, title="Consulate picket {n}", start=lambda n: f"20{18 + n}")
    new = solo_pickets(4, title="Rally {n}", start=lambda n: f"202{1 + n}")
    cite_all([*old, *new])
    upkeep.refresh_all()
    monkeypatch.setattr(site_search, "COUNT_LIMIT", 1)
    monkeypatch.setattr(site_search, "WALKED", 3)

    protests = search(client, "consulate")["protests"]

    assert (protests["total"], protests["exact"]) == (1, False)
    assert [protest.title for protest in protests["results"]] == [
        "Consulate picket 2",
        "Consulate picket 1",
        "Consulate picket 0",
    ]


@pytest.mark.parametrize("rows", [2, 25])
def test_search_runs_a_bounded_number_of_queries_even_when_correcting(
    client, django_assert_max_num_queries, rows
):
    # Cases with a second, uncited ruling each, protests and places (written in bulk).
    sentences = many_cases(rows, name="Serik Azhibay {n}", charges=[("174", "inciting discord")])
    shown = {"publication_status": "published"}
    written(
        Ruling,
        [
            Ruling(
                proceeding=sentence.proceeding, date="2025-07-14", outcome=Outcome.GUILTY, **shown
            )
            for sentence in sentences
        ],
    )
    cite_all(solo_pickets(rows))
    written(
        Place, [Place(name=f"Uzynagash {n}", kind=PlaceKind.LOCALITY, **shown) for n in range(rows)]
    )
    upkeep.refresh_all()
    # One query a group; two for protests and sources (their first ids and total, then
    # those rows), three for cases (as many found as the limit allows first): ten; eleven
    # on PostgreSQL, which looks for near spellings of names when few match (here fewer:
    # no protest or source matches). Then the candidates for a correction and the groups.
    with django_assert_max_num_queries(10):
        assert search(client, "inciting")["found"]
    with django_assert_max_num_queries(21):
        assert search(client, "Uzynagahs")["corrected_query"] == "uzynagash"


# Every text it matches has an index ------------------------------------------------------

LIKE_COLUMN = re.compile(r'UPPER\((?:("\w+")|(\w+))\."(\w+)"::text\) LIKE')
TABLE_ALIAS = re.compile(r'(?:FROM|JOIN) "(\w+)"(?: (?!ON\b|WHERE\b|AS\b|LEFT\b|INNER\b)(\w+))?')


def columns(pattern: re.Pattern, sql: str) -> set[tuple[str, str]]:
    """(table, column) of every match of ``pattern`` in ``sql``, whose groups are a quoted
    table name or an alias, and a column: an alias is the table the nearest FROM or JOIN
    before it names (U0 recurs)."""
    named = [(m.start(), m[2] or m[1], m[1]) for m in TABLE_ALIAS.finditer(sql)]
    found = set()
    for match in pattern.finditer(sql):
        quoted, alias, column = match.groups()
        before = [table for at, name, table in named if name == alias and at < match.start()]
        found.add((quoted.strip('"') if quoted else before[-1], column))
    return found


def test_every_text_the_search_matches_has_a_trigram_index_on_postgresql(client):
    """Each ``icontains`` of the search is ``UPPER(col::text) LIKE``, which without a GIN
    trigram index on that expression reads every row of its table (the cases' texts: 0.54 s
    at the benchmark's default size). The search's own statements name every such column:
    each must have its index, so a text added to the search cannot go without one."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm indexes are PostgreSQL's")
    with CaptureQueriesContext(connection) as queries:
        search(client, "Azhibay house arrest")
    searched = {pair for query in queries for pair in columns(LIKE_COLUMN, query["sql"])}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexdef FROM pg_indexes WHERE indexdef LIKE '%gin_trgm_ops%'"
        )
        indexed = {
            (table, column)
            for table, definition in cursor.fetchall()
            # upper(summary) for a text column, upper((title)::text) for a varchar one
            for column in re.findall(r"upper\(\(?(\w+)\)?(?:::text)?\)", definition)
        }
    assert ("events_proceeding", "summary") in searched  # the check reads the statements
    assert len(searched) >= 20
    assert sorted(searched - indexed) == []


def test_the_trigram_indexes_keep_no_pending_list_on_postgresql():
    """A GIN index's pending list (``fastupdate``, on by default) is read whole by every
    search until a vacuum merges it: after a bulk write the name search's statement took
    twice as long. Every GIN index has it off, so a write's trigrams go straight into the
    index and nothing is left pending (casetracker.migration_operations)."""
    if connection.vendor != "postgresql":
        pytest.skip("GIN indexes are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT index.relname, index.reloptions FROM pg_index"
            " JOIN pg_class index ON index.oid = pg_index.indexrelid"
            " JOIN pg_am ON pg_am.oid = index.relam WHERE pg_am.amname = 'gin'"
        )
        options = dict(cursor.fetchall())
        assert "person_search_key_trgm" in options and len(options) >= 28
        assert (
            sorted(name for name, set_ in options.items() if "fastupdate=off" not in (set_ or []))
            == []
        )
        PersonFactory(preferred_name="Azhibay Zhanibek")
        PersonFactory(preferred_name="Ажибай Жанибек")
        # The number of pending pages merged: none were left.
        cursor.execute("SELECT gin_clean_pending_list('person_search_key_trgm'::regclass)")
        assert cursor.fetchone()[0] == 0


# Tables whose rows grow with the cases: a search must reach their texts through an index.
# Organizations and places (the courts, groups and places of the cases: hundreds) are read
# whole, as their OR of a name and a subquery of other names allows no index.
BOUNDED_TABLES = {
    "people_organization",
    "people_organizationname",
    "places_place",
    "places_placename",
}
TEXT_MATCH = re.compile(r'(?:"(\w+)"|\b(\w+))\."\w+"(?:::text)?\)? (?:LIKE|%>)')


def _expanded(text: str, children: list[str]) -> str:
    """``text`` with each mark ``\x00n`` of an inner group put back as that group."""
    return re.sub(r"\x00(\d+)", lambda m: f"({children[int(m[1])]})", text)


def groups(sql: str) -> list[tuple[str, list[str]]]:
    """Every parenthesized group of ``sql`` (and the whole), as its own text with each inner
    group replaced by a mark ``\x00n``, and the inner groups' texts."""
    found, stack = [], [("", [])]
    for char in sql:
        if char == "(":
            stack.append(("", []))
        elif char == ")" and len(stack) > 1:
            own, children = stack.pop()
            found.append((own, children))
            whole = _expanded(own, children)
            parent_own, parent_children = stack[-1]
            stack[-1] = (f"{parent_own}\x00{len(parent_children)}", [*parent_children, whole])
        else:
            stack[-1] = (stack[-1][0] + char, stack[-1][1])
    return [*found, *stack]


def table_at(sql: str, name: str, at: int) -> str:
    """The table ``name`` (a table or an alias) stands for at ``at`` in ``sql``: for an
    alias, the table the nearest FROM or JOIN before it names (Django gives one alias to
    different tables in different subqueries of a statement)."""
    named = [m[1] for m in TABLE_ALIAS.finditer(sql) if (m[2] or m[1]) == name and m.start() < at]
    return named[-1] if named else name


def text_ored_with_subquery(sql: str) -> set[str]:
    """The tables whose text ``sql`` matches in an OR beside a subquery (``… LIKE … OR id
    IN (SELECT …)``): a condition no index serves, so the statement reads the whole table.
    A text match must be a branch of its own, its ids united with the others'."""
    tables = set()
    for own, children in groups(sql):
        operands = own.split(" OR ")
        if len(operands) < 2:
            continue

        subquery = any(
            re.search(r"\x00(\d+)", operand)
            and any(
                children[int(n)].lstrip().startswith("SELECT")
                for n in re.findall(r"\x00(\d+)", operand)
            )
            for operand in operands
        )
        if subquery:
            for operand in (_expanded(operand, children) for operand in operands):
                if "SELECT" in operand:
                    continue
                # Each place the operand is written (a group's text is the statement's own).
                starts = [m.start() for m in re.finditer(re.escape(operand), sql)]
                for match in TEXT_MATCH.finditer(operand):
                    name = match[1] or match[2]
                    tables |= {table_at(sql, name, start + match.start()) for start in starts}
    return tables


def test_no_statement_of_the_search_matches_a_text_beside_a_subquery(client):
    """An index on a text is of no use to a statement that cannot take it: one OR of the
    protests' texts and a subquery of their slogans read every protest (13.6 ms at the
    benchmark's default size, ten times a tenth's), one of the people's descriptions and
    their roles in court every person ("judge": 84 ms). Each text match of every group is
    a branch of its own; only the bounded tables (hundreds of rows) are read whole."""
    make_case("Serik Azhibay")
    read_whole = {}
    for query in ["Azhibay", "judge", "lawyer", "house arrest", "placard", "not guilty"]:
        with CaptureQueriesContext(connection) as queries:
            search(client, query)
        for captured in queries:
            for table in text_ored_with_subquery(captured["sql"]):
                read_whole.setdefault(table, set()).add(query)
    assert "people_organization" in read_whole  # the check finds such an OR where it is
    assert {t: q for t, q in read_whole.items() if t not in BOUNDED_TABLES} == {}


STRING_EQUALS = re.compile(r"""(?:"(\w+)"|\b(\w+))\."(\w+)"(?:::text)? (?:IN \(|= )'""")


def test_every_kind_the_search_matches_by_is_indexed(client):
    """A query naming a kind ("house arrest", "not guilty", "placard", "judge", "lawyer")
    finds the records of that kind: a column compared with a value, which without an
    index led by that column reads every row of its table (house arrest: every one of
    300,750 sentences, 84 ms at the benchmark's default size)."""
    make_case("Serik Azhibay")
    compared = set()
    for query in ["house arrest", "not guilty", "placard", "judge", "lawyer", "fine"]:
        with CaptureQueriesContext(connection) as queries:
            search(client, query)
        for captured in queries:
            compared |= columns(STRING_EQUALS, captured["sql"])
    compared = {
        (table, column)
        for table, column in compared
        if column != "publication_status" and table not in BOUNDED_TABLES
    }
    with connection.cursor() as cursor:
        led = {
            (table, info["columns"][0])
            for table in {table for table, _column in compared}
            for info in connection.introspection.get_constraints(cursor, table).values()
            if info["index"] and info["columns"]
        }
    assert ("events_pretrialmeasure", "kind") in compared  # the check reads the statements
    assert sorted(compared - led) == []
