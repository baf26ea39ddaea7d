"""Site-wide pages: the about page, the header search, and the notice at a retracted URL."""

from functools import reduce
from operator import and_, or_

from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import render
from django.views.generic import TemplateView

from events.models import Protest
from people.selectors import MAX_QUERY_LENGTH, clean_query, search_organizations, search_people
from places.selectors import places_matching, search_places
from sources.models import Source

about = TemplateView.as_view(template_name="about.html")

SECTION_LIMIT = 20
# Far beyond any real search; keeps an absurd ?people_page= out of the database's OFFSET.
MAX_PEOPLE_PAGE = 10_000
# Words of a query matched in protest and source texts; more add nothing but cost.
MAX_TEXT_WORDS = 10


def _words_in_any(fields: list[str], words: list[str]) -> Q:
    """Every word occurs, case-insensitively, in at least one of ``fields``."""
    return reduce(and_, (reduce(or_, (Q(**{f"{f}__icontains": w}) for f in fields)) for w in words))


def _section(queryset) -> dict:
    """The first SECTION_LIMIT results in one query, and whether there are more."""
    rows = list(queryset[: SECTION_LIMIT + 1])
    return {"results": rows[:SECTION_LIMIT], "more": len(rows) > SECTION_LIMIT}


def _people_section(query: str, page: str | None) -> dict:
    """One page of SECTION_LIMIT people, closest spelling first (``?people_page=2``...)."""
    try:
        number = min(max(int(page or 1), 1), MAX_PEOPLE_PAGE)
    except ValueError:
        number = 1
    offset = (number - 1) * SECTION_LIMIT
    rows = search_people(query)[offset : offset + SECTION_LIMIT]
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


def search(request):
    """The header search: people, organizations, places, protests and sources, one query
    each.

    Names of people, organizations and places are matched in any script and spelling
    (people.selectors, places.selectors); protests by title, place or locality, or by any
    name of their place record; sources by headline or outlet, every word
    case-insensitively.
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
        words = query.split()[:MAX_TEXT_WORDS]
        protests = Protest.objects.public().filter(
            _words_in_any(["title", "place", "locality"], words)
            | Q(location__in=places_matching(query).values("pk"))
        )
        sources = Source.objects.public().filter(_words_in_any(["headline", "outlet"], words))
        sections = {
            "people": _people_section(query, request.GET.get("people_page")),
            "organizations": _section(search_organizations(query)),
            "places": _section(search_places(query)),
            "protests": _section(
                protests.order_by(F("start_start").desc(nulls_last=True), "title", "pk")
            ),
            "sources": _section(
                sources.order_by(F("published_start").desc(nulls_last=True), "outlet", "pk")
            ),
        }
        context.update(sections)
        context["found"] = any(section["results"] for section in sections.values())
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
