"""Facet counts of the case list: how many of the current results fall under each kind,
status, court, year, country, charge and place, each value a link that adds its filter.

Like Datasette's facets, counted over the rows the reader has filtered (the CaseFilter's
own queryset, so only public rows), in two queries however many rows and facets: the
filtered rows' ids, then a UNION ALL of one small GROUP BY per facet over those ids, each
row ``(facet, value, second value, count)``. Python
then sums, names and keeps the top values of each. Names come from the filter's own menus
(public, named courts; the public place tree), so a facet never names a record the public
may not see, and the place facet counts with the place filter's own condition, which
never looks at a protected person's detention.

Following a facet's link gives exactly its count. A charge's link quotes its wording, so
that the charge filter matches that wording whole: its words alone would also find
"inciting ethnic discord against the Chinese" under "inciting ethnic discord".
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, QuerySet, Value
from django.db.models.functions import Cast, ExtractYear
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from casetracker.expressions import one_of
from events.models import SentenceKind, SentenceStatus
from publishing.rules import public_q

TOP_VALUES = 8
# The place facet counts with the place filter's condition, three EXISTS a row for each
# place: it offers the broadest places (countries, then regions, then towns) up to this many.
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
    more: int = 0  # values left off (the filter's menu or box offers them all)
    clear: tuple = ()  # the parameters to drop to remove this facet's filter
    selected: bool = False
    clear_query: str = ""  # the current query string without this facet's filter


def link_facets(facets: list[Facet], current: QueryDict) -> list[Facet]:
    """Give each value the query string that adds its filter to ``current`` (the page's
    own), and each facet the one that removes it; back to the first page either way."""
    for facet in facets:
        for value in facet.values:
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


def _text(expression):
    return Cast(expression, output_field=CharField())


def _part(queryset: QuerySet, facet: str, first, second=None, *, distinct=False) -> QuerySet:
    """One facet's GROUP BY, in the shape every part of the union shares."""
    return (
        queryset.values(
            facet=Value(facet, output_field=CharField()),
            first=_text(first),
            second=_text(second) if second is not None else Value(None, output_field=CharField()),
        )
        .annotate(n=Count("pk", distinct=distinct))
        .order_by()
    )


def facet_counts(filterset) -> list[Facet]:
    """The facets of ``filterset``'s rows (a bound, valid CaseFilter), in two queries."""
    # The filtered rows' ids are read once, and every part of the union counts those rows
    # by id (the list shows facets only up to CASETRACKER_FACET_ROW_LIMIT rows). Each part
    # repeated the filters instead: a court, a judge or a protest matching a few thousand
    # rows cost the filter's EXISTS and joins a dozen times over (4.5 s for the top court).
    found = list(filterset.qs.order_by().values_list("pk", "proceeding_id"))
    ids = [pk for pk, _proceeding in found]
    proceedings = sorted({proceeding for _pk, proceeding in found})
    rows = (
        filterset.queryset.order_by()
        .select_related(None)
        .prefetch_related(None)
        .filter(one_of("pk", ids))
    )
    places = _place_candidates(filterset)
    parts = [
        _part(rows, "kind", F("kind")),
        _part(rows, "status", F("status")),
        _part(rows.filter(proceeding__court__isnull=False), "court", F("proceeding__court")),
        # A ruling naming its own court (an appeal court) counts there too, once.
        _part(
            rows.filter(ruling__court__isnull=False).exclude(proceeding__court=F("ruling__court")),
            "court",
            F("ruling__court"),
        ),
        _part(rows, "year", ExtractYear("case_date_start"), ExtractYear("case_date_end")),
        _part(rows.exclude(case_country=""), "country", F("case_country")),
        _part(
            rows.filter(public_q("proceeding__charges__")),
            "charge",
            F("proceeding__charges__article"),
            F("proceeding__charges__as_reported"),
            distinct=True,
        ),
        *(
            _part(rows.filter(filterset.place_condition(pk, proceedings)), "place", Value(pk))
            for pk in places
        ),
    ]
    counted = defaultdict(list)
    for row in parts[0].union(*parts[1:], all=True):
        counted[row["facet"]].append((row["first"], row["second"], row["n"]))
    # What the reader chose, as typed: a facet value is "selected" when it is the filter.
    data = filterset.form.data
    return [
        _choice_facet("kind", _("Sentence"), counted["kind"], SentenceKind, data),
        _choice_facet("status", _("Status"), counted["status"], SentenceStatus, data),
        _court_facet(filterset, counted["court"], data),
        _year_facet(counted["year"], data),
        _country_facet(counted["country"], data),
        _charge_facet(counted["charge"], data),
        _place_facet(filterset, counted["place"], data, len(places)),
    ]


def _top(facet: Facet, counts: dict, labels: dict, params, selected) -> Facet:
    """The ``TOP_VALUES`` largest counts, largest first (ties by label)."""
    ranked = sorted(
        ((value, n) for value, n in counts.items() if n and value in labels),
        key=lambda item: (-item[1], str(labels[item[0]]).casefold()),
    )
    facet.more = max(0, len(ranked) - TOP_VALUES)
    facet.values = [
        FacetValue(labels[value], n, params(value), selected(value))
        for value, n in ranked[:TOP_VALUES]
    ]
    facet.selected = any(value.selected for value in facet.values)
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
    # The court menu's choices: public courts the sources name, never a hidden one.
    names = dict(filterset.filters["court"].extra["choices"])
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
    )


def _place_candidates(filterset) -> list[int]:
    """The broadest public places: countries first, then what lies in them."""
    tree = filterset.places
    depth = {pk: len(tree.ancestors(pk)) for pk in tree.places}
    return sorted(tree.places, key=lambda pk: (depth[pk], tree.name(pk)))[:PLACE_CANDIDATES]


def _place_facet(filterset, rows, data, candidates: int) -> Facet:
    tree = filterset.places
    counts = Counter({int(first): n for first, _second, n in rows})
    facet = _top(
        Facet("place", _("Place"), clear=("place",)),
        counts,
        {pk: tree.name(pk) for pk in counts if pk in tree.places},
        lambda pk: {"place": pk},
        lambda pk: data.get("place") == str(pk),
    )
    # Places beyond the candidates are in the place menu.
    facet.more += max(0, len(tree.places) - candidates)
    return facet
