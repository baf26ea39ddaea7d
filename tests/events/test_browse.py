"""Browse pages: /people/ (A–Z, letters, roles) and /organizations/ (by kind, unnamed apart)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from casetracker import keyset
from events import browse_views
from people.models import OrganizationKind, Relationship, RelationshipKind
from tests.events.test_case_list import cited, gather_statistics
from tests.factories import (
    CourtFactory,
    OrganizationFactory,
    PersonFactory,
    ProceedingFactory,
    in_bulk,
)
from tests.paging import assert_pages_read_in_order

pytestmark = pytest.mark.django_db


def person(name, **fields):
    return cited(PersonFactory(preferred_name=name, **fields))


def defendant(name, **fields):
    someone = person(name, **fields)
    cited(ProceedingFactory(person=someone))
    return someone


def relate(subject, kind, other):
    return cited(
        Relationship.objects.create(
            person=subject, kind=kind, related_person=other, publication_status="published"
        )
    )


def protect(someone, pseudonym):
    someone.is_protected = True
    someone.pseudonym = pseudonym
    someone.protection_reason = "Relatives in Xinjiang"
    someone.save()
    return someone


def people_page(client, **params):
    response = client.get(reverse("events:person_list"), params)
    assert response.status_code == 200
    return response


def listed(response) -> list[str]:
    return [someone.public_name for someone in response.context["people"]]


def organizations_page(client, **params):
    response = client.get(reverse("events:organization_list"), params)
    assert response.status_code == 200
    return response


# People -------------------------------------------------------------------------------------


def test_people_are_listed_a_to_z_with_their_roles_and_links(client):
    azhibay = defendant("Serik Azhibay")
    wife = person("Gulbaran Omirali")
    relate(wife, RelationshipKind.SPOUSE, azhibay)
    lawyer = person("Aiman Umarova")
    relate(lawyer, RelationshipKind.LAWYER, azhibay)
    person("bekzat Maksutkan")  # sorted regardless of case

    response = people_page(client)
    content = response.content.decode()

    assert listed(response) == [
        "Aiman Umarova",
        "bekzat Maksutkan",
        "Gulbaran Omirali",
        "Serik Azhibay",
    ]
    assert f'<a href="{azhibay.get_absolute_url()}">Serik Azhibay</a>' in content
    tags = {someone.public_name: someone.role_tags for someone in response.context["people"]}
    assert tags == {
        "Aiman Umarova": ["lawyer"],
        "bekzat Maksutkan": [],
        "Gulbaran Omirali": ["relative"],
        "Serik Azhibay": ["defendant", "relative"],
    }
    assert '<span class="tag">lawyer</span>' in content


def test_role_filter_splits_defendants_relatives_and_lawyers(client):
    husband_held = person("Husband Held In China")
    wife = defendant("Wife Who Protested")
    relate(wife, RelationshipKind.SPOUSE, husband_held)
    nephew = person("Nephew Of The Wife")
    relate(nephew, RelationshipKind.NEPHEW_NIECE, wife)
    friend = person("A Friend")
    relate(friend, RelationshipKind.FRIEND, wife)
    lawyer = person("The Lawyer")
    relate(lawyer, RelationshipKind.LAWYER, wife)

    held_too = person("Brother Held In China")
    cited(ProceedingFactory(person=held_too, country="China"))
    relate(held_too, RelationshipKind.SIBLING, wife)

    assert listed(people_page(client, role="defendants")) == [
        "Brother Held In China",
        "Wife Who Protested",
    ]
    # Family on either side of a relationship, defendants or not; a friend is no relative.
    response = people_page(client, role="relatives")
    assert listed(response) == [
        "Brother Held In China",
        "Husband Held In China",
        "Nephew Of The Wife",
        "Wife Who Protested",
    ]
    tags = {someone.public_name: someone.role_tags for someone in response.context["people"]}
    assert tags["Brother Held In China"] == ["defendant", "relative"]
    assert tags["Husband Held In China"] == ["relative"]
    assert listed(people_page(client, role="lawyers")) == ["The Lawyer"]
    # An unknown role lists everyone rather than failing.
    assert len(listed(people_page(client, role="astronauts"))) == 6


def test_letter_index_lists_the_initials_and_filters_by_one(client):
    person("Azhibay")
    person("almaty Resident")
    person("Ержан")
    person("Bilash")

    response = people_page(client)
    assert response.context["letters"] == ["A", "B", "Е"]
    assert 'href="?letter=A"' in response.content.decode()

    assert listed(people_page(client, letter="a")) == ["almaty Resident", "Azhibay"]
    assert listed(people_page(client, letter="Е")) == ["Ержан"]
    # Nonsense is ignored: everyone.
    assert len(listed(people_page(client, letter="AB"))) == 4


LETTER_NAMES = [
    "Azhibay",
    "almaty Resident",
    "Ádil",
    "Ernar",
    "éva",
    "'Abdul",
    "(unknown)",
    "1st Defendant",
    "Ержан",
    "ерлан",
    "Әлия",
    "Ұлан",
    "Қайрат",
    "Ғани",
    "Zhanbolat",
    "Ölgii",
]


@pytest.mark.parametrize("code_point_order", [True, False], ids=["skip scan", "distinct"])
def test_the_letter_index_holds_every_initial_however_it_is_read(
    client, monkeypatch, code_point_order
):
    """Read by the skip scan (a database sorting by code point: SQLite, PostgreSQL under C
    or C.UTF-8) or by the DISTINCT (any other collation), the index holds the initial of
    every public name, in every script, punctuation and digits included, and no other."""
    for name in LETTER_NAMES:
        person(name)
    protect(person("Zhanna Realname"), "Relative A")
    PersonFactory(preferred_name="Quentin Draft", publication_status="draft")
    if not code_point_order:
        monkeypatch.setattr(browse_views, "_sorts_by_code_point", lambda: False)

    letters = people_page(client).context["letters"]

    assert letters == sorted({name[0].upper() for name in [*LETTER_NAMES, "Relative A"]})
    assert "Q" not in letters and "Z" in letters  # Zhanbolat; the draft and real name never


@pytest.mark.parametrize("code_point_order", [True, False], ids=["index range", "initial"])
def test_each_letter_lists_exactly_the_names_beginning_with_it(
    client, monkeypatch, code_point_order
):
    """Read as a range of the name index (a database sorting by code point) or by the
    initial alone, a letter's page lists every public name beginning with it in either case,
    in every script, and no other; the pseudonym of a protected person, never the name."""
    for name in LETTER_NAMES:
        person(name)
    protect(person("Zhanna Realname"), "Relative A")
    person("Әсем")
    if not code_point_order:
        monkeypatch.setattr(browse_views, "_sorts_by_code_point", lambda: False)
    names = [*LETTER_NAMES, "Relative A", "Әсем"]

    for letter in [*people_page(client).context["letters"], "Q"]:
        if not letter.isalpha():
            continue
        expected = sorted(n for n in names if n[0].upper() == letter)
        assert sorted(listed(people_page(client, letter=letter.lower()))) == expected, letter
    assert listed(people_page(client, letter="ә")) == ["Әлия", "Әсем"]


def test_a_name_beginning_just_below_the_surrogates_is_indexed_and_so_is_the_next(client):
    """The skip scan looks for the character after an initial: after U+D7FF come the
    surrogates, which are no characters (PostgreSQL's chr() refuses them)."""
    person("\ud7ffname")
    person("\ue000name")
    person("Zhanbolat")

    assert people_page(client).context["letters"] == ["Z", "\ud7ff", "\ue000"]


@pytest.mark.parametrize(
    ("language", "menu", "tag"),
    [("ru", "Подсудимые", "подсудимый"), ("kk", "Айыпталушылар", "айыпталушы")],
)
def test_the_role_menu_heading_and_tags_are_in_the_readers_language(client, language, menu, tag):
    defendant("Azhibay")
    response = client.get(f"/{language}/people/", {"role": "defendants"})
    content = response.content.decode()

    assert f'aria-current="page">{menu}</a>' in content
    assert f'<h2 id="people-heading">{menu}' in content
    assert f'<span class="tag">{tag}</span>' in content
    assert ">Defendants<" not in content and ">defendant<" not in content
    # Every role's words, in every language the site speaks.
    for role in browse_views.ROLES:
        with translation.override("en"):
            english = (str(role.label), str(role.tag))
        with translation.override(language):
            assert str(role.label) != english[0] and str(role.tag) != english[1], role.slug


def test_role_and_letter_links_keep_each_other(client):
    defendant("Azhibay")
    content = people_page(client, role="defendants", letter="A").content.decode()

    assert 'href="?role=defendants"' in content  # "All" letters keeps the role
    assert 'href="?letter=A"' in content  # "Everyone" keeps the letter


def test_unpublished_and_uncited_people_are_not_listed(client):
    person("Published Person")
    PersonFactory(preferred_name="Draft Person", publication_status="draft")
    PersonFactory(preferred_name="Uncited Person")  # published, but no source

    content = people_page(client).content.decode()

    assert "Published Person" in content
    assert "Draft Person" not in content
    assert "Uncited Person" not in content


def test_protected_person_is_listed_and_sorted_only_under_the_pseudonym(client):
    protected = protect(defendant("Zhanna Realname", description="Lives in Urumqi"), "Relative A")
    held = protect(person("Ablai Realname"), "Relative B")
    relate(held, RelationshipKind.SPOUSE, defendant("Known Defendant"))
    relate(person("Brother Of Hidden"), RelationshipKind.SIBLING, protected)

    response = people_page(client)
    content = response.content.decode()

    # Sorted by the pseudonym ("Relative A" after "Known"), never by the real name.
    assert listed(response) == ["Brother Of Hidden", "Known Defendant", "Relative A", "Relative B"]
    for hidden in ["Zhanna Realname", "Ablai Realname", "Realname", "Urumqi"]:
        assert hidden not in content
    # Their relationships are not public: they are nobody's relative, and nobody is theirs.
    assert listed(people_page(client, role="relatives")) == []
    assert listed(people_page(client, role="defendants")) == ["Known Defendant", "Relative A"]
    # The letter index and filter read the pseudonym too.
    assert "Z" not in response.context["letters"]
    assert listed(people_page(client, letter="R")) == ["Relative A", "Relative B"]
    assert listed(people_page(client, letter="Z")) == []


def test_people_list_is_paginated(client):
    with in_bulk():
        for n in range(105):
            person(f"Person {n:03}")

    first = people_page(client)
    second = follow(client, first, "next")

    assert len(first.context["people"]) == 100
    assert listed(second) == [f"Person {n:03}" for n in range(100, 105)]
    assert "105 people, rows 1–100." in first.content.decode()
    assert "Rows 101–105" in second.content.decode()


def follow(client, response, link):
    """The page a pagination link of ``response`` leads to: next, previous or last."""
    page = response.context["page"]
    token = {"next": page.next_token, "previous": page.previous_token, "last": page.last_token}
    assert token[link], f"no {link} link"
    params = {k: v for k, v in response.wsgi_request.GET.items() if k != "cursor"}
    return people_page(client, **params, cursor=token[link])


def test_people_list_pages_read_every_person_once_forward_back_and_from_the_end(
    client, monkeypatch
):
    """Pages by cursor, the same name shared by several people and a pseudonym among them,
    read forward and back (tests.paging), under a letter and a role too."""
    monkeypatch.setattr(browse_views.PersonListView, "page_size", 4)
    with in_bulk():
        bolats = [defendant(f"Bolat {n % 3}") for n in range(9)]  # three share each name
        aigerims = [person(f"Aigerim {n}") for n in range(4)]
        bolats.append(protect(defendant("Zhanna Realname"), "Bolat 1"))  # by the pseudonym

    def in_order(people):
        return sorted(((p.public_name, p.pk) for p in people), key=lambda row: (row[0], row[1]))

    for params, expected in (
        ({}, in_order(aigerims + bolats)),
        ({"letter": "B"}, in_order(bolats)),
        ({"role": "defendants"}, in_order(bolats)),
    ):
        assert_pages_read_in_order(
            lambda cursor, params=params: people_page(
                client, **params, **({"cursor": cursor} if cursor else {})
            ),
            lambda response: [(p.public_name, p.pk) for p in response.context["people"]],
            expected,
        )
        last = follow(client, people_page(client, **params), "last")
        assert f"Rows {len(expected) - 3}–{len(expected)}" in last.content.decode()


def test_a_garbled_or_foreign_cursor_shows_the_first_page_of_people(client):
    with in_bulk():
        for n in range(105):
            person(f"Person {n:03}")
    case_list_cursor = people_page(client).context["page"].next_token.swapcase()
    for cursor in ("garbage", "e30", case_list_cursor, "eyJkIjogImEiLCAidiI6IFsxXX0"):
        assert listed(people_page(client, cursor=cursor))[0] == "Person 000"


def build_people(count, start=0):
    for n in range(start, start + count):
        accused = defendant(f"Defendant {n}")
        relate(person(f"Relative {n}"), RelationshipKind.SPOUSE, accused)
        relate(person(f"Lawyer {n}"), RelationshipKind.LAWYER, accused)


def test_people_list_runs_the_same_few_queries_for_5_and_200_rows(client, monkeypatch):
    monkeypatch.setattr(browse_views.PersonListView, "page_size", 4)  # several pages of each
    url = reverse("events:person_list")
    build_people(2)
    gather_statistics()
    count_queries_at(client, url)  # warm the content-type cache
    small = [count_queries_at(client, url, **params) for params in _PEOPLE_PARAMS]

    with in_bulk():
        build_people(65, start=2)
    gather_statistics()
    large = [count_queries_at(client, url, **params) for params in _PEOPLE_PARAMS]

    assert people_page(client).context["page"].count == 201
    assert small == large
    assert max(large) <= 4


# The last page too: read from the end of the order, as the first is from its start.
_PEOPLE_PARAMS = [
    {},
    {"role": "relatives"},
    {"letter": "D", "role": "defendants"},
    {"cursor": keyset.Cursor(keyset.END).token()},
]


def count_queries_at(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


# Organizations ------------------------------------------------------------------------------


def test_organizations_are_grouped_by_kind_with_unnamed_ones_apart(client):
    cited(CourtFactory(name="Almaty Specialized Inter-District Court"))
    cited(CourtFactory(name="Court in Almaty that sentenced X (not named)", is_unnamed=True))
    cited(CourtFactory(name="Astana City Court"))
    cited(OrganizationFactory(name="Nagyz Atajurt", kind=OrganizationKind.MOVEMENT))
    cited(
        OrganizationFactory(
            name="Chinese Consulate in Almaty", kind=OrganizationKind.FOREIGN_MISSION
        )
    )
    OrganizationFactory(name="Draft Movement", publication_status="draft")

    response = organizations_page(client)
    content = response.content.decode()

    groups = [
        (group["heading"], [o.name for o in group["named"]], [o.name for o in group["unnamed"]])
        for group in response.context["groups"]
    ]
    assert groups == [
        (
            "Courts",
            ["Almaty Specialized Inter-District Court", "Astana City Court"],
            ["Court in Almaty that sentenced X (not named)"],
        ),
        ("Movements and activist groups", ["Nagyz Atajurt"], []),
        ("Foreign missions", ["Chinese Consulate in Almaty"], []),
    ]
    assert "Draft Movement" not in content
    # The unnamed court comes under its own heading, after the named ones, marked.
    named_at = content.index("Astana City Court")
    apart_at = content.index("Not named by the sources")
    assert named_at < apart_at < content.index("Court in Almaty that sentenced X")
    assert '<span class="tag">not named</span>' in content


def test_kind_filter_and_counts(client):
    cited(CourtFactory(name="Court One"))
    cited(CourtFactory(name="Court Two", is_unnamed=True))
    cited(OrganizationFactory(name="Atajurt", kind=OrganizationKind.MOVEMENT))

    response = organizations_page(client, kind="court")
    content = response.content.decode()

    assert [group["kind"] for group in response.context["groups"]] == ["court"]
    assert "Atajurt</a>" not in content
    assert 'href="?kind=movement">Movements and activist groups (1)</a>' in content
    assert 'href="?kind=court" aria-current="page">Courts (2)</a>' in content
    # An unknown kind lists every kind.
    assert len(organizations_page(client, kind="bogus").context["organizations"]) == 3


def test_organizations_list_runs_the_same_few_queries_for_5_and_200_rows(client):
    url = reverse("events:organization_list")

    def build(count, start=0):
        kinds = [OrganizationKind.COURT, OrganizationKind.MOVEMENT, OrganizationKind.NGO]
        for n in range(start, start + count):
            cited(
                OrganizationFactory(
                    name=f"Organization {n}", kind=kinds[n % 3], is_unnamed=n % 4 == 0
                )
            )

    build(5)
    gather_statistics()
    count_queries_at(client, url)  # warm the content-type cache
    small = [count_queries_at(client, url, **params) for params in ({}, {"kind": "court"})]
    with in_bulk():
        build(195, start=5)
    gather_statistics()
    large = [count_queries_at(client, url, **params) for params in ({}, {"kind": "court"})]

    assert organizations_page(client).context["paginator"].count == 200
    assert small == large
    assert max(large) <= 3


def test_site_navigation_links_the_browse_pages(client):
    content = people_page(client).content.decode()

    assert f'<a href="{reverse("events:person_list")}">People</a>' in content
    assert f'<a href="{reverse("events:organization_list")}">Organizations</a>' in content


# Demo data ----------------------------------------------------------------------------------


@pytest.fixture
def demo(demo_loaded_for_class, db):
    return None


class TestDemoBrowse:
    def test_demo_relatives_and_lawyers(self, client, demo):
        relatives = listed(people_page(client, role="relatives"))
        assert relatives == [
            "Alimnur Turganbay",
            "Guldariya Sherizat",
            "Nephew of Alimnur Turganbay (name not reported)",
        ]
        assert listed(people_page(client, role="lawyers")) == ["Shynkuat Bayzhanov"]
        assert "Serik Azhibay" in listed(people_page(client, role="defendants"))

    def test_demo_courts_named_first_placeholders_apart(self, client, demo):
        (courts,) = organizations_page(client, kind="court").context["groups"]
        assert [o.name for o in courts["named"]] == ["Almaty Specialized Inter-District Court"]
        assert [o.name for o in courts["unnamed"]] == [
            "Court in Almaty that sentenced Serik Azhibay (not named)",
            "Court in Taldykorgan trying the 19 protesters (not named)",
        ]


# Judges and places ----------------------------------------------------------------------


def test_people_list_has_judges_and_lawyers_in_court(client):
    from events.models import CourtRole, CourtRoleKind

    accused = defendant("Serik Azhibay")
    proceeding = accused.proceedings.get()
    judge, lawyer = person("Aigul Nurlanova"), person("Zhanar Sadykova")
    for someone, role, represents in (
        (judge, CourtRoleKind.JUDGE, None),
        (lawyer, CourtRoleKind.PUBLIC_DEFENDER, accused),
    ):
        cited(
            CourtRole.objects.create(
                proceeding=proceeding,
                person=someone,
                role=role,
                represents=represents,
                publication_status="published",
            )
        )

    assert listed(people_page(client, role="judges")) == ["Aigul Nurlanova"]
    assert listed(people_page(client, role="lawyers")) == ["Zhanar Sadykova"]
    tags = {p.public_name: p.role_tags for p in people_page(client).context["people"]}
    assert tags["Aigul Nurlanova"] == ["judge"]


def test_places_page_lists_every_public_place_under_the_place_it_lies_in(client):
    from tests.factories import PlaceFactory

    kazakhstan = PlaceFactory(name="Kazakhstan", kind="country", parent=None)
    region = PlaceFactory(name="Almaty region", kind="region", parent=kazakhstan)
    PlaceFactory(name="Uzynagash", kind="locality", parent=region)
    PlaceFactory(name="Astana", kind="locality", parent=kazakhstan)
    PlaceFactory(name="Hidden town", kind="locality", parent=region, publication_status="draft")

    response = client.get(reverse("events:place_list"))

    assert response.status_code == 200
    (country,) = response.context["places"]
    assert country.name == "Kazakhstan"
    assert [child.name for child in country.children] == ["Almaty region", "Astana"]
    assert [town.name for town in country.children[0].children] == ["Uzynagash"]
    page = response.content.decode()
    assert "Hidden town" not in page
    assert reverse("events:place_detail", args=[region.pk]) in page
