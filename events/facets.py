"""Facet counts of the case list: how many of the current results fall under each kind,
status, court, year, country, charge and place, each value a link that adds its filter.

Like Datasette's facets, counted over the rows the reader has filtered (the CaseFilter's
own queryset, so only public rows), in four queries however many rows and facets: the
filtered rows with what the sentence stores, then the courts of their cases and rulings,
the public charges of their cases, and the places (see ``facet_counts``). Python
counts, names and keeps the top values of each. Names come from the filter's own menus
(public, named courts; the public place tree), so a facet never names a record the public
may not see, and the place facet counts with the place filter's own condition, which
never looks at a protected person's detention.

Following a facet's link gives exactly its count. A charge's link quotes its wording, so
that the charge filter matches that wording whole: its words alone would also find
"inciting ethnic discord against the Chinese" under "inciting ethnic discord".
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Value
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from casetracker.expressions import one_of
from events.filters import case_place_links, court_names
from events.models import Charge, Proceeding, Ruling, SentenceKind, SentenceStatus

TOP_VALUES = 8
# The place facet offers the broadest places (countries, then regions, then towns) up to
# this many.
PLACE_CANDIDATES = 5


@dataclass
class FacetValue:
    label: str
    count: int
    params: dict  # the filters this value sets (``{"kind": "fine"}``)
    selected: bool = False
    query: str = ""  # the current query string with ``params`` set (link_facets)


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)
    more: int = 0  # values left off the top: the filter's menu offers them all
    # The values left off, listed on the list itself, for a facet whose filter is a box
    # to type in (charge, country): it has no menu where the rest could be seen.
    rest: list[FacetValue] = field(default_factory=list)
    clear: tuple = ()  # the parameters to drop to remove this facet's filter
    selected: bool = False
    clear_query: str = ""  # the current query string without this facet's filter


def link_facets(facets: list[Facet], current: QueryDict) -> list[Facet]:
    """Give each value the query string that adds its filter to ``current`` (the page's
    own), and each facet the one that removes it; back to the first page either way."""
    for facet in facets:
        for value in (*facet.values, *facet.rest):
            query = current.copy()
            query.pop("page", None)
            query.pop("cursor", None)
            for name, setting in value.params.items():
                query[name] = str(setting)
            value.query = "?" + query.urlencode()
        query = current.copy()
        for name in (*facet.clear, "page", "cursor"):
            query.pop(name, None)
        facet.clear_query = "?" + query.urlencode()
    return [facet for facet in facets if facet.values]


def facet_counts(filterset) -> list[Facet]:
    """The facets of ``filterset``'s rows (a bound, valid CaseFilter).

    The filtered rows are read once, with the values the sentence itself stores (kind,
    status, case dates, country, its proceeding and ruling), and counted here; the courts,
    charges and places of their proceedings are read by those proceedings' ids (the list
    shows facets only up to CASETRACKER_FACET_ROW_LIMIT rows, so a few thousand at most).
    Four queries however many rows. A UNION of a dozen GROUP BYs read the rows again by id
    in every part (257 ms for the busiest judge's 4,358 rows at the benchmark's size), and
    before that each part repeated the filters (4.5 s for the top court). One statement
    for all (the rows in a materialized CTE, a GROUP BY per facet over it, joined to the
    cases' courts, charges and places) took 44 ms for them against these four's 30; counting
    per case instead of per row here saved 1 ms of the 46."""
    rows = list(
        filterset.qs.order_by().values_list(
            "proceeding_id",
            "ruling_id",
            "kind",
            "status",
            "case_date_start",
            "case_date_end",
            "case_country",
        )
    )
    proceedings = sorted({row[0] for row in rows})
    rulings = sorted({row[1] for row in rows if row[1] is not None})
    # The cases' courts and the rulings' own, in one statement.
    case_courts, ruling_courts = {}, {}
    of_cases = Proceeding.objects.filter(one_of("pk", proceedings), court__isnull=False)
    of_rulings = Ruling.objects.filter(one_of("pk", rulings), court__isnull=False)
    for of_ruling, pk, court in (
        of_cases.order_by()
        .values_list(Value(False), "pk", "court_id")
        .union(of_rulings.order_by().values_list(Value(True), "pk", "court_id"), all=True)
    ):
        (ruling_courts if of_ruling else case_courts)[pk] = court
    wordings = defaultdict(set)
    for proceeding, article, words in (
        Charge.objects.public()
        .filter(one_of("proceeding_id", proceedings))
        .order_by()  # counted, not listed: no join to the cases to sort by their dates
        .values_list("proceeding_id", "article", "as_reported")
    ):
        wordings[proceeding].add((article, words))
    places = filterset.places.broadest(PLACE_CANDIDATES)
    places_of_case, reached = _candidates_of_cases(filterset, places, proceedings)

    kinds, statuses, spans, countries = Counter(), Counter(), Counter(), Counter()
    courts, charges, in_place = Counter(), Counter(), Counter()
    for proceeding, ruling, kind, status, start, end, country in rows:
        kinds[kind] += 1
        statuses[status] += 1
        spans[(start and start.year, end and end.year)] += 1
        if country:
            countries[country] += 1
        # The case's court, and a court a ruling names as its own (an appeal court), once.
        case_court, ruling_court = case_courts.get(proceeding), ruling_courts.get(ruling)
        if case_court is not None:
            courts[case_court] += 1
        if ruling_court is not None and ruling_court != case_court:
            courts[ruling_court] += 1
        charges.update(wordings[proceeding])
        in_place.update(places_of_case.get(proceeding, ()))

    def listed(counter, pairs=False):
        return [(*key, n) if pairs else (key, None, n) for key, n in counter.items()]

    # What the reader chose, as typed: a facet value is "selected" when it is the filter.
    data = filterset.form.data
    return [
        _choice_facet("kind", _("Sentence"), listed(kinds), SentenceKind, data),
        _choice_facet("status", _("Status"), listed(statuses), SentenceStatus, data),
        _court_facet(filterset, listed(courts), data),
        _year_facet(listed(spans, pairs=True), data),
        _country_facet(listed(countries), data),
        _charge_facet(listed(charges, pairs=True), data),
        _place_facet(filterset, listed(in_place), data, reached),
    ]


def _candidates_of_cases(
    filterset, places: list[int], proceedings: list[int]
) -> tuple[dict[int, set], set[int]]:
    """For each of ``proceedings``, which of ``places`` the place filter finds it at: their
    places read once (events.filters.case_place_links), each matched to the candidates it
    lies within. (Matching each candidate against every case took 54 ms for the busiest
    judge's 4,000 rows.) And every public place the filter finds any of them at: the cases'
    own places and the places those lie in."""
    if not proceedings:
        return {}, set()
    tree = filterset.places
    candidates_at = defaultdict(set)  # a place: the candidates it lies within
    for candidate in places:
        for place in tree.within(candidate):
            candidates_at[place].add(candidate)
    found, reached = defaultdict(set), set()
    for proceeding, place in case_place_links(proceedings):
        found[proceeding] |= candidates_at.get(place, set())
        if place not in reached and place in tree.places:
            # Each place reached brings the places it lies in, so one already reached
            # has brought them.
            reached.add(place)
            reached.update(tree.ancestors(place))
    return found, reached


def _top(
    facet: Facet, counts: dict, labels: dict, params, selected, *, list_rest: bool = False
) -> Facet:
    """The ``TOP_VALUES`` largest counts, largest first (ties by label); with ``list_rest``,
    the others too, in the same order, as the facet's ``rest``."""
    ranked = sorted(
        ((value, n) for value, n in counts.items() if n and value in labels),
        key=lambda item: (-item[1], str(labels[item[0]]).casefold()),
    )
    shown = [
        FacetValue(labels[value], n, params(value), selected(value))
        for value, n in (ranked if list_rest else ranked[:TOP_VALUES])
    ]
    facet.values, facet.rest = shown[:TOP_VALUES], shown[TOP_VALUES:]
    facet.more = max(0, len(ranked) - TOP_VALUES)
    facet.selected = any(value.selected for value in shown)
    return facet


def _choice_facet(name, label, rows, choices, data) -> Facet:
    counts = Counter({first: n for first, _second, n in rows})
    return _top(
        Facet(name, label, clear=(name,)),
        counts,
        dict(choices.choices),
        lambda value: {name: value},
        lambda value: data.get(name) == value,
    )


def _court_facet(filterset, rows, data) -> Facet:
    counts = Counter()
    for first, _second, n in rows:
        counts[int(first)] += n
    # The court menu's choices: public courts the sources name, never a hidden one. A
    # court chosen has had the menu read to check it; otherwise only the courts counted
    # are read: the whole menu, read for this, took 14 ms of 76 for the defence-lawyer
    # figure's 1,581 rows, uncached.
    if data.get("court"):
        names = dict(filterset.court_menu)
    else:
        names = court_names(counts) if counts else {}
    return _top(
        Facet("court", _("Court"), clear=("court",)),
        counts,
        names,
        lambda value: {"court": value},
        lambda value: data.get("court") == str(value),
    )


def _year_facet(rows, data) -> Facet:
    """Years by the ruling's date (or, without a ruling, the case's opening), counted as
    the date filters match: a range of dates counts in each year it may fall in, an open
    end in every year from (or until) its known end that the results reach."""
    spans = [
        (int(first) if first else None, int(second) if second else None, n)
        for first, second, n in rows
    ]
    known = [year for start, end, _n in spans for year in (start, end) if year is not None]
    counts = Counter()
    if known:
        earliest, latest = min(known), max(known)
        for start, end, n in spans:
            if start is None and end is None:
                continue
            for year in range(start or earliest, (end or latest) + 1):
                counts[year] += n
    chosen_from, chosen_to = data.get("date_from"), data.get("date_to")
    facet = Facet("year", _("Year"), clear=("date_from", "date_to"))
    facet.values = [
        FacetValue(
            str(year),
            counts[year],
            {"date_from": year, "date_to": year},
            chosen_from == chosen_to == str(year),
        )
        for year in sorted(counts, reverse=True)[:TOP_VALUES]
    ]
    facet.more = max(0, len(counts) - TOP_VALUES)
    facet.selected = any(value.selected for value in facet.values)
    return facet


def _country_facet(rows, data) -> Facet:
    # The filter ignores case: "Kazakhstan" and "kazakhstan" are one value.
    counts, labels = Counter(), {}
    for first, _second, n in rows:
        key = first.casefold()
        counts[key] += n
        labels.setdefault(key, first)
    chosen = (data.get("country") or "").casefold()
    return _top(
        Facet("country", _("Country prosecuting"), clear=("country",)),
        counts,
        labels,
        lambda key: {"country": labels[key]},
        lambda key: key == chosen,
        list_rest=True,
    )


def _charge_facet(rows, data) -> Facet:
    # Each wording once; its link asks for the article and the words together, quoted.
    counts, labels = Counter(), {}
    for article, words, n in rows:
        key = f"{article} {words}".strip()
        counts[key] += n
        labels[key] = f"{article}: {words}" if article else words
    chosen = data.get("charge") or ""
    return _top(
        Facet("charge", _("Charge"), clear=("charge",)),
        counts,
        labels,
        lambda key: {"charge": f'"{key}"'},
        lambda key: chosen in (key, f'"{key}"'),
        list_rest=True,
    )


def _place_facet(filterset, rows, data, reached: set[int]) -> Facet:
    tree = filterset.places
    counts = Counter({int(first): n for first, _second, n in rows})
    facet = _top(
        Facet("place", _("Place"), clear=("place",)),
        counts,
        {pk: tree.name(pk) for pk in counts if pk in tree.places},
        lambda pk: {"place": pk},
        lambda pk: data.get("place") == str(pk),
    )
    # The other places these rows are at, offered by the place menu: only those the
    # place filter would find some of them at, not every place of the menu.
    facet.more = len(reached - {value.params["place"] for value in facet.values})
    return facet
