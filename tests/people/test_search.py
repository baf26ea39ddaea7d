"""Name search in any script and spelling, and the header search page."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casetracker.migration_operations import recompute_search_keys
from casetracker.search import search_key
from people.models import NameOrigin, Person
from people.selectors import person_ids_matching, search_organizations, search_people
from tests.factories import (
    CitationFactory,
    OrganizationFactory,
    PersonFactory,
    PersonNameFactory,
    ProtestFactory,
    SourceFactory,
    in_bulk,
)

pytestmark = pytest.mark.django_db

DEMO = settings.BASE_DIR / "fixtures" / "demo.json"
SPELLINGS_OF_AZHIBAY = ["Azhibai", "azhibay", "Ажибай", "Серік Әжібай"]
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="trigram similarity (pg_trgm) exists only on PostgreSQL; SQLite has the folded match",
)


def cited(record):
    CitationFactory(fact=record)
    return record


def public_person(name, **kwargs):
    return cited(PersonFactory(preferred_name=name, **kwargs))


def attested_name(person, name, **kwargs):
    return cited(PersonNameFactory(person=person, name=name, **kwargs))


def names_of(people):
    return [person.preferred_name for person in people]


@pytest.fixture
def kazakh_activists():
    azhibay = public_person("Serik Azhibay")
    attested_name(azhibay, "Серік Әжібай", script="kazakh_cyrillic")
    turganbay = public_person("Alimnur Turganbay")
    attested_name(turganbay, "Turgunbay")
    kunbolat = public_person("Kunbolat Kuanyshbek")
    public_person("Aizhan Bayeva")
    return {"azhibay": azhibay, "turganbay": turganbay, "kunbolat": kunbolat}


@pytest.mark.parametrize("query", SPELLINGS_OF_AZHIBAY)
def test_search_finds_serik_azhibay_in_any_script_and_spelling(kazakh_activists, query):
    assert names_of(search_people(query)) == ["Serik Azhibay"]
    assert list(Person.objects.filter(pk__in=person_ids_matching(query))) == [
        kazakh_activists["azhibay"]
    ]


def test_search_finds_turganbay_by_a_spelling_a_source_used(kazakh_activists):
    assert names_of(search_people("Turgunbay")) == ["Alimnur Turganbay"]
    assert kazakh_activists["turganbay"].pk in person_ids_matching("Turgunbay")


# A name as a Kazakh or Russian source writes it, and as an English one or a passport does:
# each letter of the class that transliterations write differently (Е as "Ye", Ь and Ъ,
# Ғ as "G", Ң as "N", doubled letters, "-iyev" for -иев).
NAMES_IN_BOTH_SCRIPTS = [
    ("Ержан Калиев", "Yerzhan Kaliyev"),
    ("Есбол Ерланұлы", "Yesbol Yerlanuly"),
    ("Айжан Баева", "Aizhan Bayeva"),
    ("Гульбаран Омирали", "Gulbaran Omirali"),
    ("Ильяс Джумагельдиев", "Iliyas Dzhumageldiyev"),
    ("Асель Алиева", "Assel Aliyeva"),
    ("Ғалым Мыңбаев", "Galym Mynbayev"),
    ("Жеңіс Ғабитов", "Zhenis Gabitov"),
    ("Гульдария Шеризат", "Guldariya Sherizat"),
]


@pytest.mark.parametrize(("cyrillic", "latin"), NAMES_IN_BOTH_SCRIPTS)
def test_a_name_has_one_key_in_both_scripts_and_stays_one_word(cyrillic, latin):
    assert search_key(cyrillic) == search_key(latin)
    # A soft sign joins the letters around it: "Гульбаран" is not "Гуль баран".
    assert len(search_key(cyrillic).split()) == len(latin.split())


@pytest.mark.parametrize(("cyrillic", "latin"), NAMES_IN_BOTH_SCRIPTS)
def test_a_person_recorded_in_one_script_is_found_by_the_other(cyrillic, latin):
    """Recorded once, as one source wrote the name: found by the other script's spelling,
    by the whole name and by each word of it."""
    in_cyrillic = public_person(cyrillic)
    in_latin = public_person(latin)
    for query in (latin, *latin.split()):
        assert in_cyrillic in search_people(query), query
        assert in_cyrillic.pk in person_ids_matching(query), query
    for query in (cyrillic, *cyrillic.split()):
        assert in_latin in search_people(query), query


def test_a_piece_of_a_name_finds_it_and_a_merged_spelling_finds_no_other_name():
    """Spellings are merged within the letters they change, not across names: a word typed
    from its middle still finds the name ("erik", "eva"), and "Zhang" is not read as part
    of every "-zhan" (anyascii's "ng" for Ң is "n", not every "ng")."""
    serik = public_person("Serik Azhibay")
    bayeva = public_person("Айжан Баева")
    serikzhan = public_person("Serikzhan Bilash")
    zhang = public_person("Zhang Xiao")
    assert serik in search_people("erik")
    assert bayeva in search_people("eva")
    assert bayeva in search_people("Bayev")
    found = search_people("Zhang")
    assert zhang in found and serikzhan not in found


@pytest.mark.parametrize(
    ("query", "first", "after"),
    [
        ("Aizhan", "Айжан Баева", "Shynkuat Bayzhanov"),
        ("Baye", "Айжан Баева", "Nurlan Azhibayev"),
        ("serik azh", "Serik Azhibay", "Aidos Serikbayev Azhibekov"),
    ],
)
def test_a_name_whose_word_starts_with_the_query_ranks_before_one_holding_it(query, first, after):
    """On every database: PostgreSQL by trigram word similarity, SQLite (the demo's) by
    whether a word of the name starts with the query; not by the name's alphabet."""
    for name in (first, after):
        public_person(name)
    found = names_of(search_people(query))
    assert found.index(first) < found.index(after), found


def test_keys_stored_by_an_older_fold_are_computed_again():
    """The migration after a change of the fold (people 0019, places 0003) rewrites every
    key that changed, of public and unpublished rows alike, and only those."""
    stale = public_person("Ержан Калиев")
    latin = public_person("Yerzhan Kaliyev")
    draft = PersonFactory(preferred_name="Гульбаран Омирали", publication_status="draft")
    current = public_person("Serik Azhibay")
    with connection.cursor() as cursor:  # as the older fold stored them
        for person, key in ((stale, "ierzhan kaliiev"), (draft, "gul baran omirali")):
            cursor.execute(
                "UPDATE people_person SET search_key = %s WHERE id = %s", [key, person.pk]
            )
    stamp = Person.objects.filter(pk=current.pk).values_list("updated_at", flat=True).get()

    # The models as the migration sees them: no manager of the app's own.
    state = MigrationExecutor(connection).loader.project_state()
    recompute = recompute_search_keys({"people.Person": "search_key"}, batch_size=1)
    with CaptureQueriesContext(connection) as queries:
        recompute.code(state.apps, SimpleNamespace(connection=connection))

    stored = dict(Person.objects.values_list("pk", "search_key"))
    assert stored[stale.pk] == stored[latin.pk] == "erzhan kaliev"
    assert stored[draft.pk] == "gulbaran omirali"
    assert stored[current.pk] == "serik azhibai"
    assert Person.objects.filter(pk=current.pk).values_list("updated_at", flat=True).get() == stamp
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 2, updates  # the two stale rows, one batch each; none for current


def test_researcher_added_spelling_finds_the_person_without_a_citation():
    person = public_person("Serik Azhibay")
    PersonNameFactory(person=person, name="Azihibai", origin=NameOrigin.RESEARCHER)
    assert names_of(search_people("azihibai")) == ["Serik Azhibay"]


def test_exact_name_ranks_before_a_name_that_only_contains_the_words():
    containing = public_person("Nurlan Azhibayev")
    exact = public_person("Serik Azhibay")
    attested_name(exact, "Azhibay")
    assert list(search_people("Azhibay")) == [exact, containing]


def test_search_ignores_unpublished_and_uncited_people_and_names():
    PersonFactory(preferred_name="Serik Azhibay")  # published, but no citation
    cited(PersonFactory(preferred_name="Serik Azhibay", publication_status="draft"))
    other = public_person("Someone Else")
    PersonNameFactory(person=other, name="Azhibay")  # an attested name without citation
    assert list(search_people("Azhibay")) == []
    assert person_ids_matching("Azhibay") == []


def test_protected_person_is_found_by_pseudonym_never_by_real_name():
    protected = public_person(
        "Serik Azhibay", is_protected=True, pseudonym="Relative A", protection_reason="At risk"
    )
    attested_name(protected, "Ажибай")
    assert list(search_people("Azhibay")) == []
    assert list(search_people("Ажибай")) == []
    assert list(search_people("relative a")) == [protected]


@pytest.mark.parametrize("query", ["", "   ", "!!!", "x" * 10_000, "\x00", "%_%"])
def test_empty_or_nonsense_query_finds_nobody_without_error(kazakh_activists, query):
    assert list(search_people(query)) == []
    assert list(search_organizations(query)) == []


def test_organization_found_by_other_name_in_another_script():
    atajurt = cited(OrganizationFactory(name="Nagyz Atajurt"))
    cited(OrganizationFactory(name="Human Rights Watch", kind="ngo"))
    assert list(search_organizations("Атажұрт")) == [atajurt]
    assert list(search_organizations("atazhurt")) == [atajurt]


@postgresql_only
@pytest.mark.parametrize(
    ("query", "closest"),
    [("Azhibaev", "Serik Azhibay"), ("Kunbolatov", "Kunbolat Kuanyshbek")],
)
def test_near_spelling_nobody_recorded_ranks_closest_person_first(kazakh_activists, query, closest):
    found = names_of(search_people(query))
    assert found, f"{query!r} found nobody"
    assert found[0] == closest
    ids = set(person_ids_matching(query))
    assert Person.objects.get(preferred_name=closest).pk in ids


@postgresql_only
def test_near_spellings_are_ranked_by_closeness_not_by_name():
    turganbay = public_person("Alimnur Turganbay")
    # First by name, but a farther spelling ("Turganbek" is no longer near enough since "-baev"
    # is folded as "-baiev", like "-bayev").
    farther = public_person("Aidos Turganbiyev")
    public_person("Serik Azhibay")
    assert list(search_people("Turganbaev")) == [turganbay, farther]


@postgresql_only
def test_near_spelling_finds_organization_by_trigram_similarity():
    atajurt = cited(OrganizationFactory(name="Nagyz Atajurt"))
    cited(OrganizationFactory(name="Almaty City Court", kind="court"))
    assert list(search_organizations("Atazhurtt"))[:1] == [atajurt]


def test_protected_people_are_ordered_by_pseudonym_never_by_real_name():
    # By real name, "Aliya" would come first and tell which relative she is.
    zhanna = public_person(
        "Zhanna Omarova", is_protected=True, pseudonym="Relative A", protection_reason="At risk"
    )
    aliya = public_person(
        "Aliya Omarova", is_protected=True, pseudonym="Relative B", protection_reason="At risk"
    )
    assert list(search_people("relative")) == [zhanna, aliya]


def many_azhibayevas(count):
    # Every one contains "azhibai", so all match by folding; none is spelled "Azhibay".
    return [public_person(f"Aigerim Azhibayeva {n:02}") for n in range(count)]


def test_pages_of_people_follow_one_order_and_say_how_many_were_found():
    many_azhibayevas(25)
    people = search_people("azhibay")
    first, second = people[:20], people[20:40]
    assert len(first) == 20
    assert len(second) == 5
    assert first + second == list(people)
    assert {person.search_total for person in first + second} == {25}
    assert people[40:60] == []


def test_a_page_of_people_is_one_query_however_many_match(django_assert_num_queries):
    many_azhibayevas(25)
    with django_assert_num_queries(1):
        assert len(search_people("azhibay")[:21]) == 21
    with django_assert_num_queries(1):
        assert len(person_ids_matching("azhibay")) == 25


@postgresql_only
def test_closest_spelling_ranks_first_among_many_matches():
    many_azhibayevas(25)
    serik = public_person("Serik Azhibay")  # last by name, but the closest spelling
    assert search_people("Ажибай")[:1] == [serik]
    assert search_people("azhibai")[:1] == [serik]


# Header search page


def search_page(client, query):
    return client.get(reverse("search"), {"q": query})


def test_header_search_finds_a_person_an_organization_a_protest_and_a_source(
    client, kazakh_activists
):
    cited(OrganizationFactory(name="Chinese consulate in Almaty", kind="foreign_mission"))
    cited(ProtestFactory(title="Solo picket at the consulate", locality="Almaty"))
    SourceFactory(outlet="RFE/RL", headline="Activist fined after consulate picket")

    people = search_page(client, "Ажибай").content.decode()
    assert "Serik Azhibay" in people
    assert "Alimnur Turganbay" not in people

    page = search_page(client, "Consulate").content.decode()
    assert "Chinese consulate in Almaty" in page
    assert "Solo picket at the consulate" in page
    assert "Activist fined after consulate picket" in page


def test_header_search_finds_protest_by_place_and_source_by_outlet(client):
    cited(ProtestFactory(title="Rally", place="outside the akimat", locality="Taldykorgan"))
    SourceFactory(outlet="Eurasianet", headline="Trial opens")
    assert "Rally" in search_page(client, "taldykorgan").content.decode()
    assert "Trial opens" in search_page(client, "EURASIANET").content.decode()


def test_header_search_hides_unpublished_protests_and_sources(client):
    ProtestFactory(title="Uncited picket")
    SourceFactory(headline="Draft picket report", publication_status="draft")
    page = search_page(client, "picket").content.decode()
    assert "Uncited picket" not in page
    assert "Draft picket report" not in page
    assert "Nothing published matches" in page


def test_empty_search_shows_the_form_with_a_hint(client):
    response = search_page(client, "")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="search-page-q"' in page
    assert "Type a name" in page


@pytest.mark.parametrize(
    "query",
    ["x" * 10_000, "\x00Azhibay", "'; DROP TABLE people_person; --", "%%__", "😀 ☃", "<b>"],
)
def test_nonsense_or_huge_query_shows_the_page(client, kazakh_activists, query):
    response = search_page(client, query)
    assert response.status_code == 200
    assert "<b>" not in response.content.decode()


def test_huge_query_is_cut_and_says_so(client, kazakh_activists):
    page = search_page(client, "Azhibay " + "x" * 10_000).content.decode()
    assert "only the first 200 were used" in page
    assert "Serik Azhibay" in page


def test_search_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    with in_bulk():
        for n in range(30):
            person = public_person(f"Serik Azhibay {n}")
            attested_name(person, f"Ажибай {n}")
            cited(ProtestFactory(title=f"Azhibay picket {n}"))
            SourceFactory(headline=f"Azhibay fined {n}")
    # People (ranked and read in one query), organizations, places: one query a group;
    # protests, cases, sources: two (their first ids and total, then those rows).
    with django_assert_max_num_queries(9):
        page = search_page(client, "azhibay").content.decode()
    assert "People 1–20 of 30, closest spelling first" in page
    assert "people_page=2" in page


def test_search_page_shows_the_next_people_with_a_link_back(client):
    for n in range(30):
        public_person(f"Serik Azhibay {n:02}")
    page = client.get(reverse("search"), {"q": "azhibay", "people_page": 2}).content.decode()
    assert "People 21–30 of 30" in page
    assert "Serik Azhibay 29" in page
    assert "Serik Azhibay 00" not in page
    assert "people_page=1" in page
    assert "people_page=3" not in page


@pytest.mark.parametrize("people_page", ["0", "-1", "x", "99999999999999999999999", "9"])
def test_search_page_survives_any_people_page(client, kazakh_activists, people_page):
    response = client.get(reverse("search"), {"q": "azhibay", "people_page": people_page})
    assert response.status_code == 200


# Against the demo data


@pytest.fixture
def demo_data(demo_loaded_for_class, db):
    """The demo data, shared by the tests of one class (see conftest)."""


class TestDemoSearch:
    """Name search on the demo data."""

    @pytest.mark.parametrize("query", SPELLINGS_OF_AZHIBAY)
    def test_demo_data_search_finds_serik_azhibay(self, demo_data, query):
        assert "Serik Azhibay" in names_of(search_people(query)[:1])

    def test_demo_data_search_finds_turganbay_by_turgunbay(self, demo_data):
        assert "Alimnur Turganbay" in names_of(search_people("Turgunbay")[:1])

    def test_demo_data_header_search_finds_azhibay(self, client, demo_data):
        assert "Serik Azhibay" in search_page(client, "Ажибай").content.decode()
