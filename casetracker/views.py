"""Site-wide pages: the about page, the header search, and the notice at a retracted URL."""

from datetime import date

from django.http import Http404
from django.shortcuts import render
from django.views.generic import TemplateView

from casetracker import site_search
from events.models import Proceeding
from people.selectors import (
    FOLDED,
    MAX_QUERY_LENGTH,
    clean_query,
    search_organizations,
    search_people,
)
from places.selectors import search_places
from publishing import rules
from sources.models import NEWEST_FIRST_KEY as SOURCES_NEWEST_FIRST_KEY
from sources.models import Source

about = TemplateView.as_view(template_name="about.html")

SECTION_LIMIT = 20
# Far beyond any real search; keeps an absurd ?people_page= out of the database's OFFSET.
MAX_PEOPLE_PAGE = 10_000
# The groups of results, in the order the page shows them.
GROUPS = ("people", "organizations", "places", "protests", "cases", "sources")


def _section(queryset) -> dict:
    """The first SECTION_LIMIT results and their total, in one query."""
    rows = list(site_search.with_total(queryset)[:SECTION_LIMIT])
    total = rows[0].search_total if rows else 0
    return {"results": rows, "more": total > len(rows), "total": total}


def _people_section(query: str, page: str | None) -> dict:
    """One page of SECTION_LIMIT people, closest spelling first (``?people_page=2``...)."""
    try:
        number = min(max(int(page or 1), 1), MAX_PEOPLE_PAGE)
    except ValueError:
        number = 1
    offset = (number - 1) * SECTION_LIMIT
    people = search_people(query, also=site_search.people_described(query))
    rows = people[offset : offset + SECTION_LIMIT]
    total = rows[0].search_total if rows else 0
    return {
        "results": rows,
        "more": offset + len(rows) < total,
        "total": total,
        "first": offset + 1,
        "last": offset + len(rows),
        "previous_page": number - 1 if number > 1 else None,
        "next_page": number + 1,
    }


def _group(rows: list, total: int, exact: bool = True) -> dict:
    """A group of results: its first rows, its total (exact, or the count limit when more
    match) and whether more match than are shown."""
    more = total > len(rows) or not exact
    return {"results": rows, "more": more, "total": total, "exact": exact}


def _sources(query: str) -> dict:
    """The newest SECTION_LIMIT sources the query's words are found in (headline or outlet)
    and how many, counted up to site_search.COUNT_LIMIT ("more than 1000" beyond): two
    queries.

    At most COUNT_LIMIT match: their ids and order are read through the indexes of their
    words, and the newest taken here. Asked for the newest twenty in SQL, PostgreSQL walked
    the newest-first index and tested each source it met: a word of old sources only
    ("Utepov", 68 sources at the benchmark's default size) walked 20,179 of them (26 ms
    instead of 1). More: walked newest first after all, as an index holds them, where a
    word most sources hold is met in the first few (the 14,426 sources of "dala radio",
    sorted whole, took 52 ms)."""
    matches = site_search.sources_matching(query)
    limit = site_search.COUNT_LIMIT
    found = list(matches.order_by().values_list("pk", "published_start", "outlet")[: limit + 1])
    if len(found) > limit:
        newest = matches.order_by(SOURCES_NEWEST_FIRST_KEY.desc(), "outlet", "pk")
        return _group(list(newest[:SECTION_LIMIT]), limit, exact=False)
    # The sources list's order (source_public_newest_idx): newest first, undated last, then
    # by outlet (compared by code point, as the C.UTF-8 databases compare) and id.
    found.sort(key=lambda row: (row[2], row[0]))
    found.sort(key=lambda row: row[1] or date.min, reverse=True)  # stable: ties keep it
    return _shown(Source, [pk for pk, _day, _outlet in found[:SECTION_LIMIT]], len(found))


def _shown(model, ids: list[int], total: int, *related: str, exact: bool = True) -> dict:
    """The public rows of ``ids``, in that order, with ``related``."""
    shown = model.objects.public().select_related(*related).in_bulk(ids)
    # A record unpublished between the two queries is left out, never shown.
    return _group([shown[pk] for pk in ids if pk in shown], total, exact)


def _named(people: dict) -> list[int]:
    """The people the query names, when the people group lists them all (one page): found
    by a name of theirs in any script and spelling, not by a near spelling, their
    description or their role. Their protests and cases join the search's. A surname
    thousands share is left out: their protests and cases would cost every group more
    than they tell the reader, who narrows the name first."""
    if people["total"] > SECTION_LIMIT:
        return []
    return [person.pk for person in people["results"] if person.search_level >= FOLDED]


def _cases(query: str, people: list[int]) -> dict:
    found = site_search.newest_cases(query, SECTION_LIMIT, people)
    return _shown(Proceeding, found.ids, found.total, "person", "court", exact=found.exact)


def _protests(query: str, people: list[int]) -> dict:
    found = site_search.newest_protests(query, SECTION_LIMIT, people)
    return _group(found.rows, found.total, found.exact)


def _search(query: str, people_page: str | None) -> dict:
    """Every group's first rows and total: one query for organizations and for places, a
    bounded table each; two for sources (``_sources``), two or three for protests
    (``site_search.newest_protests``), three to five for cases (``site_search.newest_cases``,
    then their rows), and for people on PostgreSQL when near spellings are looked for.
    Protests, cases and sources are counted up to site_search.COUNT_LIMIT ("more than 1000"
    beyond)."""
    people = _people_section(query, people_page)
    named = _named(people)
    sections = {
        "people": people,
        "organizations": _section(search_organizations(query, described=True)),
        "places": _section(search_places(query)),
        "protests": _protests(query, named),
        "cases": _cases(query, named),
        "sources": _sources(query),
    }
    for proceeding in sections["cases"]["results"]:
        rules.redact_person(proceeding.person)
    return sections


def search(request):
    """The header search, its results grouped by kind with a count for each
    (casetracker.site_search says what each group matches).

    When nothing at all matches, the words no name holds are corrected to the closest
    names or kinds and the search runs once more, saying so: a typo is found on every
    database.
    """
    raw_query = request.GET.get("q", "")
    query = clean_query(raw_query)
    context = {
        "search_query": query,
        "truncated": len(raw_query) > MAX_QUERY_LENGTH,
        "max_length": MAX_QUERY_LENGTH,
        "limit": SECTION_LIMIT,
    }
    if query:
        people_page = request.GET.get("people_page")
        sections = _search(query, people_page)
        found = any(section["total"] for section in sections.values())
        if not found and (corrected := site_search.corrected_query(query)):
            sections = _search(corrected, people_page)
            found = any(section["total"] for section in sections.values())
            context["corrected_query"] = corrected if found else ""
        context.update(sections)
        context["found"] = found
        context["groups"] = [
            {
                "name": name,
                "total": sections[name]["total"],
                "exact": sections[name].get("exact", True),
            }
            for name in GROUPS
        ]
    return render(request, "search.html", context)


class RetractedNoticeMixin:
    """A detail page whose record was retracted answers 410 with a notice, and nothing else.

    The notice names no part of the record: not its title, not its name. A record that is
    a draft, in review or uncited stays a plain 404, whoever asks.
    """

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            model = self.get_queryset().model
            pk = self.kwargs.get(self.pk_url_kwarg)
            if pk is not None and model.objects.retracted().filter(pk=pk).exists():
                return render(request, "retracted.html", status=410)
            raise
