"""The case list's facets: counts of the current results by kind, status, court, year,
country, charge and place, each a link that adds its filter; only public rows counted."""

import re
from urllib.parse import parse_qsl

import pytest
from django.urls import reverse

from events.models import PretrialMeasure, SentenceKind
from tests.events.test_case_list import (
    build_rows,
    case_list,
    cited,
    count_queries,
    detention,
    fine,
    gather_statistics,
    names_listed,
)
from tests.factories import CourtFactory, PlaceFactory, ProtestFactory

pytestmark = pytest.mark.django_db


def facets(response) -> dict[str, dict[str, int]]:
    """{facet name: {value label: count}} as the page offers them."""
    return {
        facet.name: {value.label: value.count for value in facet.values}
        for facet in response.context["facets"]
    }


def follow(client, value) -> int:
    """How many rows the list holds after following a facet value's link."""
    params = dict(parse_qsl(value.query.lstrip("?")))
    return case_list(client, **params).context["page"].count


@pytest.fixture
def demo(demo_loaded_for_class, db):
    """The demo data, shared by the tests of one class (see conftest)."""


class TestDemoFacets:
    def test_demo_facets_count_kinds_courts_and_years_of_all_results(self, client, demo):
        counted = facets(case_list(client))

        assert counted["kind"] == {
            "Imprisonment": 5,
            "Fine": 4,
            "Administrative detention": 3,
            "Other": 1,
        }
        assert counted["court"] == {"Almaty Specialized Inter-District Court": 1}
        assert counted["year"] == {"2025": 5, "2021": 4, "2020": 1}
        assert counted["country"] == {"Kazakhstan": 11, "China": 2}
        assert counted["status"] == {"Imposed": 10, "Maximum possible": 3}

    def test_demo_facets_count_within_the_current_filters(self, client, demo):
        counted = facets(case_list(client, kind="fine"))

        assert counted["kind"] == {"Fine": 4}
        assert counted["year"] == {"2025": 1, "2021": 3}

    def test_demo_following_a_facet_link_lists_exactly_its_count(self, client, demo):
        response = case_list(client)
        page = response.content.decode()
        followed = 0
        for facet in response.context["facets"]:
            for value in facet.values:
                assert f'href="{value.query.replace("&", "&amp;")}"' in page
                assert follow(client, value) == value.count, (facet.name, value.label)
                followed += 1
        assert followed >= 15
        assert any(facet.name == "charge" for facet in response.context["facets"])

    def test_demo_a_charge_link_quotes_its_wording_where_its_words_find_more(self, client, demo):
        # "inciting ethnic discord" is also in the words of a longer wording: searched as
        # words it finds both, quoted (the facet's link) only its own rows.
        (charge,) = [
            facet for facet in case_list(client).context["facets"] if facet.name == "charge"
        ]
        words_find_more = [
            value
            for value in charge.values
            if case_list(client, charge=value.params["charge"].strip('"')).context["page"].count
            > value.count
        ]

        assert words_find_more
        for value in words_find_more:
            assert follow(client, value) == value.count
            typographic = "“" + value.params["charge"].strip('"') + "”"
            assert case_list(client, charge=typographic).context["page"].count == value.count

    def test_demo_a_facet_link_keeps_the_other_filters_and_marks_its_choice(self, client, demo):
        response = case_list(client, country="Kazakhstan", page=1)
        (fine_value,) = [
            value
            for facet in response.context["facets"]
            if facet.name == "kind"
            for value in facet.values
            if value.label == "Fine"
        ]
        params = dict(parse_qsl(fine_value.query.lstrip("?")))
        assert params == {"country": "Kazakhstan", "kind": "fine"}  # back to the first page

        chosen = case_list(client, **params)
        (kind,) = [facet for facet in chosen.context["facets"] if facet.name == "kind"]
        assert kind.selected
        assert dict(parse_qsl(kind.clear_query.lstrip("?"))) == {"country": "Kazakhstan"}
        assert '<strong aria-current="true">Fine</strong>' in chosen.content.decode()


def test_facets_never_count_unpublished_rows_nor_name_their_court_or_place(client):
    shown_court = cited(CourtFactory(name="Open Court"))
    detention(15, name="Public Defendant", court=shown_court)
    # A draft sentence, at a court and a protest place that only it reaches.
    hidden_court = cited(CourtFactory(name="Court Of The Draft"))
    hidden_place = PlaceFactory(name="Draftville")
    hidden_protest = cited(ProtestFactory(location=hidden_place))
    draft = fine(500_000, name="Draft Defendant", court=hidden_court, protests=[hidden_protest])
    draft.publication_status = "draft"
    draft.save()
    # A protected person's detention: its place (it can be home) is never counted.
    home = PlaceFactory(name="Homeville")
    held = detention(10, name="Real Name")
    person = held.proceeding.person
    person.is_protected, person.pseudonym, person.protection_reason = True, "Person A", "Risk"
    person.save()
    cited(
        PretrialMeasure.objects.create(
            proceeding=held.proceeding,
            kind="detention",
            start="2025-07",
            place=home,
            publication_status="published",
        )
    )

    response = case_list(client)
    counted = facets(response)
    page = response.content.decode()

    assert counted["kind"] == {"Administrative detention": 2}
    assert counted["court"] == {"Open Court": 1}
    assert "Draftville" not in counted.get("place", {})
    assert "Homeville" not in counted.get("place", {})
    assert "Court Of The Draft" not in page.split('<aside class="refine"')[1].split("<form")[0]
    assert "Homeville" not in page.split('<aside class="refine"')[1].split("<form")[0]
    # The same place, reached by a public protest, is counted: the facet does count places.
    cited(ProtestFactory(location=home)).proceedings.add(
        detention(5, name="Open Protester").proceeding
    )
    assert facets(case_list(client))["place"] == {"Homeville": 1}


def test_the_court_facet_names_only_courts_the_court_menu_offers(client):
    """Public rows tried at a court the sources do not name, or at a court still in
    draft: counted in every other facet, never named in the court facet (the facet names
    the courts it counted by the menu's own rule, events.filters.court_names)."""
    named = cited(CourtFactory(name="Named Court"))
    unnamed = cited(CourtFactory(name="Court that tried X (not named)", is_unnamed=True))
    draft = cited(CourtFactory(name="Court In Draft"))
    draft.publication_status = "draft"
    draft.save()
    for court in (named, unnamed, draft):
        detention(15, name=f"Tried at {court.name}", court=court)

    response = case_list(client)
    refine = response.content.decode().split('<aside class="refine"')[1]

    assert facets(response)["court"] == {"Named Court": 1}
    assert facets(response)["kind"] == {"Administrative detention": 3}
    assert "not named" not in refine
    assert "Court In Draft" not in refine


def test_the_place_facet_counts_as_more_only_the_places_its_rows_are_at(client):
    """ "N more: choose on the page of filters" counts the places beyond those shown that
    the place filter would find some of these rows at, not every place of the menu."""
    china = PlaceFactory(name="China", kind="country")
    kazakhstan = PlaceFactory(name="Kazakhstan", kind="country")
    kyrgyzstan = PlaceFactory(name="Kyrgyzstan", kind="country")
    almaty = PlaceFactory(name="Almaty", parent=kazakhstan)
    PlaceFactory(name="Astana", parent=kazakhstan)
    urumqi = PlaceFactory(name="Urumqi", parent=china)
    for town in ("Bishkek", "Osh", "Karakol", "Naryn"):
        PlaceFactory(name=town, parent=kyrgyzstan)  # no case at any of them
    detention(15, name="Held In Almaty", protests=[cited(ProtestFactory(location=almaty))])
    detention(10, name="Held In Urumqi", protests=[cited(ProtestFactory(location=urumqi))])

    response = case_list(client)
    (place,) = [facet for facet in response.context["facets"] if facet.name == "place"]

    # The five broadest places are the candidates: three countries, Almaty and Astana.
    assert {value.label: value.count for value in place.values} == {
        "China": 1,
        "Kazakhstan": 1,
        "Almaty": 1,
    }
    assert place.more == 1  # Urumqi: none of Kyrgyzstan's four towns, nor Astana
    assert names_listed(case_list(client, place=urumqi.pk)) == ["Held In Urumqi"]
    assert "1 more: choose on the page of filters" in response.content.decode()


def test_charges_and_countries_beyond_the_top_are_listed_on_the_list_itself(client):
    """The charge and country filters are boxes to type in, with no menu: their facets'
    "N more" listed the others nowhere ("choose on the page of filters" led to an empty
    box). The values beyond the top are on the list, folded, each a link with its count."""
    from events.facets import TOP_VALUES

    extra = 3
    for number in range(TOP_VALUES + extra):
        for _ in range(number + 1):  # counts 1, 2, … so that the order is plain
            detention(
                15,
                name=f"Charged {number}",
                country=f"Country {number:02}",
                charges=[(f"Art. {100 + number}", f"wording {number}")],
            )

    response = case_list(client)
    page = response.content.decode()
    shown = {facet.name: facet for facet in response.context["facets"]}

    for name in ("charge", "country"):
        facet = shown[name]
        assert len(facet.values) == TOP_VALUES
        assert [value.count for value in facet.rest] == [3, 2, 1]
        assert facet.more == extra
        rest = page.split(f'aria-labelledby="facet-{name}"')[1].split("</section>")[0]
        assert "<details><summary>3 more</summary>" in rest
        assert "choose on the page of filters" not in rest
        for value in facet.rest:
            assert f'href="{value.query.replace("&", "&amp;")}"' in rest
            assert follow(client, value) == value.count, (name, value.label)


def test_the_list_offers_its_order_and_every_filter_on_a_page_of_their_own(client):
    detention(15, name="Someone")
    typed = '"><script>x</script>'

    page = case_list(
        client, kind="administrative_detention", name="Someone", via=typed, cursor="x"
    ).content.decode()
    invalid = case_list(client, days_min="abc").content.decode()

    # The count, then the order, which keeps the rest of the address as typed (escaped) and
    # starts the list again, then the rows; the facets beside them (folded, no script).
    summary = page.index('<p class="results-summary">')
    assert summary < page.index('<form class="sort"') < page.index('<table class="case-table">')
    assert '<details class="facets-panel" open>' in page
    assert "<script" not in page
    sort = re.search(r'<form class="sort".*?</form>', page, re.S).group(0)
    # Through the page of filters' own redirect: the same short address either way.
    assert f'action="{reverse("events:case_filters_apply")}"' in sort
    assert re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', sort) == [
        ("kind", "administrative_detention"),
        ("name", "Someone"),
        ("via", "&quot;&gt;&lt;script&gt;x&lt;/script&gt;"),
    ]
    assert re.findall(r"<select[^>]*>", page) == ['<select name="ordering" id="id_ordering">']
    # No other field on the list: every filter is on the page of filters, which holds these.
    assert 'id="id_name"' not in page and 'id="id_court"' not in page
    to_filters = (
        f'<a class="all-filters" href="{reverse("events:case_filters")}?'
        'kind=administrative_detention&amp;name=Someone&amp;via=%22%3E%3Cscript%3Ex%3C%2Fscript%3E">'
    )
    assert to_filters in page
    # Filters it cannot apply: their errors, no order to choose for rows it does not show.
    assert '<form class="sort"' not in invalid


def test_case_list_with_facets_runs_the_same_few_queries_for_5_and_200_rows(client):
    court = cited(CourtFactory())
    place = PlaceFactory(name="Almaty")
    protest = cited(ProtestFactory(location=place))
    build_rows(5, court, protest)
    gather_statistics()
    count_queries(client)  # warm the content-type cache
    with_5 = count_queries(client)
    filtered_5 = count_queries(client, kind=SentenceKind.ADMINISTRATIVE_DETENTION, place=place.pk)

    build_rows(195, court, protest)
    gather_statistics()
    with_200 = count_queries(client)
    filtered_200 = count_queries(client, kind=SentenceKind.ADMINISTRATIVE_DETENTION, place=place.pk)
    counted = facets(case_list(client, place=place.pk))

    # Up to 12: the facets read the filtered rows once, then the courts, the charges and
    # the places of their cases by id (events.facets), each a query whatever the rows.
    assert with_5 == with_200 <= 12
    assert filtered_5 == filtered_200 <= 12
    assert counted["kind"] == {"Administrative detention": 200}
    assert counted["place"] == {"Almaty": 200}
    assert counted["charge"] == {
        "Art. 488: unsanctioned rally": 200,
        "Art. 434: petty hooliganism": 200,
    }


def test_facets_wait_until_the_filters_narrow_a_long_list(client, settings):
    """Facets grow with the rows they count: past the limit the list says how to get them,
    and a filter that brings the list under the limit brings them back."""
    settings.CASETRACKER_FACET_ROW_LIMIT = 3
    for days in (5, 10, 15, 15):
        detention(days, name=f"Held {days} days")
    fine(50_000, name="Fined")

    long_list = case_list(client)
    narrowed = case_list(client, kind=SentenceKind.ADMINISTRATIVE_DETENTION, days_min=15)

    assert long_list.context["page"].count == 5
    assert long_list.context["facets"] == []
    assert "once the filters narrow the list to 3 cases or fewer" in long_list.content.decode()
    assert facets(narrowed)["kind"] == {"Administrative detention": 2}
    assert "once the filters narrow" not in narrowed.content.decode()
