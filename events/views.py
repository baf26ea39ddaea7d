"""Public views of cases, protests and proceedings.

The case list and its CSV export read the same FilterSet (events.filters.CaseFilter) over
the same selector (events.selectors.public_sentences), so a download holds exactly the
rows of the page, in the same order. Every page runs a constant number of queries.
"""

from collections import defaultdict
from functools import partial

from django import forms
from django.conf import settings
from django.http import HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from casetracker.keyset import KeysetList, Term
from casetracker.search import fold
from casetracker.views import RetractedNoticeMixin
from events import csv_export, csv_headers
from events.chronology import protest_chronology
from events.export_slots import Holding, Slot
from events.facets import facet_counts, link_facets
from events.filters import DEFAULT_ORDERING, CaseFilter
from events.models import (
    PROTESTS_NEWEST_FIRST_KEY,
    WITHOUT_CASE,
    Charge,
    CourtRole,
    Hearing,
    MeasureChange,
    Occasion,
    Participation,
    PretrialMeasure,
    Proceeding,
    Protest,
    Ruling,
    Sentence,
    Slogan,
    describe_changes,
)
from events.paging import ORDERING_COLUMNS, InvalidCursor, count_rows, keyset_page
from events.selectors import (
    occasion_detail_queryset,
    proceeding_detail_queryset,
    proceeding_facts,
    protest_detail_queryset,
    protest_facts,
    public_protests,
    public_sentences,
)
from publishing import generation, rules
from sources.selectors import attach_public_citations
from sources.templatetags.casetracker import disagree, yes_or_no

# Rows of the CSV export read and written by one statement (events.csv_export.stream).
CSV_BATCH_ROWS = csv_export.BATCH_ROWS


class LenientPaginationMixin:
    """An out-of-range or nonsense ``page`` shows the nearest page instead of a 404."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


# The columns the case list shows (events/templates/events/includes/case_row.html) of each
# row and the records joined to it: the internal notes, long texts and bookkeeping columns
# are never read for the page.
CASE_LIST_COLUMNS = (
    "proceeding",
    "ruling",
    "kind",
    "status",
    "unnamed_count",
    *Sentence.AMOUNT_FIELDS,
    "proceeding__person",
    "proceeding__court",
    "proceeding__kind",
    "proceeding__country",
    "proceeding__opened",
    "proceeding__unnamed_defendants",
    "proceeding__unnamed_defendants_precision",
    "proceeding__court_as_reported",
    "proceeding__person__is_protected",
    "proceeding__person__pseudonym",
    "proceeding__person__preferred_name",
    "proceeding__court__name",
    "proceeding__court__is_public",
    "proceeding__court__publication_status",
    "ruling__date",
    "ruling__outcome",
    "ruling__court",
    "ruling__court_as_reported",
    "ruling__court__name",
    "ruling__court__is_public",
    "ruling__court__publication_status",
)


# The filter menus whose choices are read from the records (a few hundred courts and places):
# drawn only on the page of filters (CaseFiltersView), never on the list, each once per set
# of choices, language and choice selected, and kept while they stay the same, across
# generations of the public site (publishing/templatetags/content_cache.py).
DATA_MENUS = ("court", "organization", "place", "occasion")

# Parameters of the case list that are not filters: the order, and where the page starts.
NOT_FILTERS = ("ordering", "cursor", "page")


class CaseListView(FilterView):
    """The main entry: one row per public sentence, filtered, sorted and paged by cursor
    (events.paging: any page as fast as the first).

    Beside the rows, the facets and the order; every filter is on the page of filters
    (CaseFiltersView), which the list links to with its filters.

    When a filter value cannot be understood (``days_min=abc``), the page names the errors,
    each linked to its field on the page of filters, and shows NO rows: showing every case
    under a heading that says "15 days" would mislead a reader into quoting the wrong
    numbers. The status stays 200: the page works, the request needs fixing.
    """

    filterset_class = CaseFilter
    template_name = "events/case_list.html"
    page_size = 50
    strict = True

    def get_queryset(self):
        # The ordering columns too: a page's cursors hold its first and last rows' values.
        return public_sentences().only(*CASE_LIST_COLUMNS, *ORDERING_COLUMNS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invalid = self.filterset.is_bound and not self.filterset.is_valid()
        page = None
        if not invalid:
            order = self.request.GET.get("ordering") or DEFAULT_ORDERING
            token = self.request.GET.get("cursor")
            count_key = filters_key(self.filterset)
            page_of = partial(
                keyset_page,
                self.object_list,
                order,
                size=self.page_size,
                count_key=count_key,
                unfiltered=self.filterset.queryset,
            )
            try:
                page = page_of(token)
            except InvalidCursor:  # another order's, or garbled: the first page
                page = page_of(None)
        sentences = page.rows if page else []
        attach_public_citations(sentences)
        for sentence in sentences:
            # The court a row shows: the one its ruling names (an appeal court), else the case's.
            ruling = sentence.ruling
            own = ruling is not None and ruling.has_own_court
            sentence.court_record = ruling if own else sentence.proceeding
        limit = settings.CASETRACKER_FACET_ROW_LIMIT
        facets_deferred = page is not None and (not page.count_exact or page.count > limit)
        facets = []
        if page is not None and not facets_deferred:
            # The same for every order and page of these filters: kept per generation, as
            # their count is. Per language (values of equal count are ordered by label) and
            # per filter values as typed, not as cleaned: a value is marked chosen when it
            # is the one typed (" China" filters as "China" does, but marks nothing).
            typed = self.request.GET.copy()
            for name in NOT_FILTERS:
                typed.pop(name, None)
            counted = generation.remember(
                f"case-facets:{get_language()}:{sorted(typed.lists())!r}",
                lambda: facet_counts(self.filterset),
            )
            facets = link_facets(counted, self.request.GET)
        in_use = [] if invalid else filters_in_use(self.filterset, self.request)
        context.update(
            object_list=sentences,  # the page's rows, never the whole filtered list
            rows=sentences,
            references=number_sources(sentences),
            without_case=WITHOUT_CASE,
            filters_invalid=invalid,
            # The sort menu's form keeps the filters in use, as typed.
            kept_filters=[
                (name, value)
                for name, values in self.request.GET.lists()
                if name not in NOT_FILTERS
                for value in values
                if value
            ],
            filters_in_use=in_use,
            filters_used=len(in_use),
            facets=facets,
            facets_deferred=facets_deferred,
            facet_row_limit=limit,
            page=page,
        )
        return context


def filters_in_use(filterset: CaseFilter, request) -> list[tuple[str, str, str]]:
    """(label, value as shown, the list's address without it) of each filter the reader
    set, in the form's order: what the list is narrowed by, each removable on its own. A
    menu's value is shown by its label (the menu read for checking the value already)."""
    used = []
    for name, field in filterset.form.fields.items():
        value = filterset.form.data.get(name) if name not in NOT_FILTERS else None
        if not value:
            continue
        choices = getattr(field, "choices", None)
        if isinstance(field, forms.BooleanField):
            if not filterset.form.cleaned_data.get(name):
                continue  # "without_case=0": a box left unticked
            shown = yes_or_no(True)
        elif choices is not None:
            labels = {str(key): label for key, label in choices}
            shown = str(labels.get(value, value)).strip()  # a place's label is indented
        else:
            shown = value
        rest = request.GET.copy()
        for dropped in (name, "cursor", "page"):
            rest.pop(dropped, None)
        used.append(
            (field.label, shown, f"{request.path}?{rest.urlencode()}" if rest else request.path)
        )
    return used


def case_filters_apply(request):
    """The page of filters' form (and the list's sort menu) sends every box, empty or not:
    the list's address is made of those filled in (the default order left out), so that a
    shared link says what it filters and nothing else, whichever form made it."""
    query = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        kept = [value for value in values if value]
        if name == "ordering" and kept == [DEFAULT_ORDERING]:
            continue
        if kept:
            query.setlist(name, kept)
    url = reverse("events:case_list")
    return redirect(f"{url}?{query.urlencode()}" if query else url)


class CaseFiltersView(TemplateView):
    """Every filter of the case list and its order, on a page of their own, holding the
    filters in use (its address is the list's query): the form shows the list.

    The list shows its facets and its order, and links here: the menus read from the
    records (some 800 courts and places, two fifths of the list's bytes) are drawn only
    here, not on every list page built. Values that cannot be understood are marked beside
    their fields."""

    template_name = "events/case_filters.html"

    def get_context_data(self, **kwargs):
        filterset = CaseFilter(self.request.GET or None, request=self.request)
        return super().get_context_data(
            filter=filterset,
            filters_invalid=filterset.is_bound and not filterset.is_valid(),
            data_menus=DATA_MENUS,
            **kwargs,
        )


def number_sources(records) -> list:
    """Number the sources cited by ``records`` in order of first use, as footnotes:
    each record gets ``footnotes`` ([(number, source)], each source once) and
    ``sources_disagree``; returns the references list [(number, source)] for the page."""
    numbers = {}
    for record in records:
        groups = {}
        for citation in getattr(record, "public_citations", ()):
            groups.setdefault(citation.field, []).append(citation)
        record.sources_disagree = any(disagree(group) for group in groups.values())
        record.footnotes = []
        for group in groups.values():
            for citation in group:
                source = citation.source
                if source.pk not in numbers:
                    numbers[source.pk] = (len(numbers) + 1, source)
                if numbers[source.pk] not in record.footnotes:
                    record.footnotes.append(numbers[source.pk])
        record.footnotes.sort(key=lambda item: item[0])
    return list(numbers.values())


def filters_key(filterset: CaseFilter) -> str:
    """The filters in use (a bound, valid CaseFilter's), as a key: ``?x=1`` or an empty box
    filters nothing and shares the unfiltered list's key; the order is not a filter."""
    filters = filterset.form.cleaned_data if filterset.is_bound else {}
    return repr(
        sorted(
            (k, str(v))
            for k, v in filters.items()
            if k != "ordering" and v is not None and v is not False and v != ""
        )
    )


class ExportsBusy(Exception):
    """Every export slot is taken."""


def case_csv(request):
    """The filtered case list as CSV: same filters, same rows, same order as the page.

    Streamed as the database produces it (a statement per batch of rows; on PostgreSQL a
    COPY), so memory stays flat however large the export. Invalid filters get a plain-text
    400 that says what to fix, rather than a file that silently holds the wrong rows. Only
    CASETRACKER_EXPORT_LIMIT exports stream at once (events.export_slots); one more gets a
    503 page saying when to try again, with Retry-After.

    An export of at most CASETRACKER_KEPT_EXPORT_ROWS rows (counted as the list counts them)
    is kept whole once per generation of the public site, as the pages are: its first
    download streams like any other and is kept once it has been read to the end
    (``generation.remember_stream``); the same export again is served from the cache,
    without a slot or a query, and a publish, retract or amendment makes it stale at once.
    """
    filterset = CaseFilter(request.GET or None, queryset=public_sentences(), request=request)
    if filterset.is_bound and not filterset.is_valid():
        lines = [
            gettext("The CSV was not produced: some filters need correcting."),
            *filterset.error_lines(),
        ]
        return HttpResponse(
            "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
        )
    # The machine names by default, stable for scripts; ?headers=localized for people.
    localized = request.GET.get("headers") == "localized"
    header = csv_headers.localized() if localized else None

    def rows() -> Holding:
        """The export's chunks, holding an export slot until they end (ExportsBusy when
        every slot is taken)."""
        slot = Slot.take()
        if slot is None:
            raise ExportsBusy
        chunks = csv_export.stream(
            filterset.qs, request.build_absolute_uri, batch_size=CSV_BATCH_ROWS, header=header
        )
        return Holding(slot, chunks)

    body = None
    state = generation.state() if settings.PUBLIC_PAGE_CACHE_SECONDS else None
    try:
        if state is not None:
            with generation.pinned(state):
                filters = filters_key(filterset)
                counted = count_rows(filterset.qs, filters)
                if counted.exact and counted.value <= settings.CASETRACKER_KEPT_EXPORT_ROWS:
                    order = (
                        filterset.form.cleaned_data.get("ordering") if filterset.is_bound else ""
                    )
                    # The rows' links are absolute: the host is part of what is kept.
                    name = (
                        f"case-csv:{request.get_host()}:{get_language()}:{localized}:{order}:"
                        f"{filters}"
                    )
                    body = generation.remember_stream(name, rows)
        if body is None:
            body = rows()
    except ExportsBusy:
        return _exports_busy(request)
    if isinstance(body, bytes):
        return _csv_response(HttpResponse(body), filterset)
    return _csv_response(StreamingHttpResponse(body), filterset)


def _csv_response(response, filterset: CaseFilter):
    response["Content-Type"] = "text/csv; charset=utf-8"
    response["Content-Disposition"] = f'attachment; filename="{csv_filename(filterset)}"'
    return response


def _exports_busy(request):
    response = render(
        request,
        "events/csv_busy.html",
        {"retry_after": settings.CASETRACKER_EXPORT_RETRY_AFTER},
        status=503,
    )
    response["Retry-After"] = str(settings.CASETRACKER_EXPORT_RETRY_AFTER)
    return response


CSV_FILENAME_STEM_CHARS = 120


def csv_filename(filterset: CaseFilter) -> str:
    """The download's name says what it holds: each filter used, then today's date
    (``casetracker-cases-kind-fine-2026-12-04.csv``). Values are folded to ASCII as names
    are for search, without merging their spellings ("Ажибай" gives "azhibay"), so the
    name holds only a-z, 0-9 and hyphens."""
    parts = ["casetracker", "cases"]
    data = filterset.form.data if filterset.is_bound else {}
    for name in filterset.form.fields:
        if name == "ordering":  # an order, not a filter: the same rows
            continue
        value = slugify(fold(str(data.get(name, ""))))
        if value:
            parts += [name.replace("_", "-"), value]
    stem = "-".join(parts)[:CSV_FILENAME_STEM_CHARS].rstrip("-")
    return f"{stem}-{timezone.localdate().isoformat()}.csv"


# Fields each page displays beside their own citations ({% cite fact "field" %}). Citations
# of any other field of these records are shown with the record's own citations, so that
# no public citation is left off a page.
CITED_FIELDS = {
    Protest: {
        "kind", "start", "end", "place", "locality", "region", "country", "location", "target",
        "target_organization", "demands", "crowd_as_reported", "crowd_low", "crowd_high",
        "detained_count", "parent", "description", "status", "occasions",
    },
    Occasion: {"kind", "date", "description"},
    Slogan: {"text"},
    Participation: {"role"},
    Proceeding: {
        "person", "unnamed_defendants", "unnamed_defendants_precision", "kind", "country",
        "court", "court_as_reported", "case_number", "opened", "summary", "protests",
    },
    Charge: {"article", "as_reported"},
    PretrialMeasure: {"kind", "start", "end", "circumstance", "place_as_reported", "place"},
    MeasureChange: {"kind", "date", "new_end", "new_kind", "place_as_reported", "note"},
    Ruling: {"date", "plea", "outcome", "summary", "court", "court_as_reported"},
    Hearing: {
        "kind", "date", "court", "court_as_reported", "from_court", "from_court_as_reported",
        "closed_to_public", "note",
    },
    CourtRole: {"person", "role", "represents", "note"},
}  # fmt: skip


def set_record_citations(facts) -> None:
    """``fact.record_citations``: citations of the whole record or of fields not displayed."""
    for fact in facts:
        shown = CITED_FIELDS.get(type(fact), set())
        fact.record_citations = [c for c in fact.public_citations if c.field not in shown]


def place_of(protest) -> str:
    """Where a protest happened, from the most to the least precise part reported."""
    parts = [protest.place, protest.locality, protest.region, protest.country]
    return ", ".join(part for part in parts if part)


# The protests list's order, newest first and the undated last (protest_public_newest_idx), a
# page at a time by cursor (casetracker.keyset): the last page as fast as the first.
PROTESTS_ORDER = KeysetList(
    Term("newest_first", PROTESTS_NEWEST_FIRST_KEY, descending=True), Term("title"), Term("pk")
)


class ProtestListView(ListView):
    template_name = "events/protest_list.html"
    context_object_name = "protests"
    page_size = 50

    def get_queryset(self):
        return PROTESTS_ORDER.ordered(public_protests())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = PROTESTS_ORDER.page(
            self.object_list, self.request.GET.get("cursor"), self.page_size, count_key="protests"
        )
        context["page"] = page
        protests = page.rows
        attach_public_citations(protests)
        for protest in protests:
            protest.where = place_of(protest)
        context["protests"] = protests
        return context


class ProtestDetailView(RetractedNoticeMixin, DetailView):
    """A protest, its slogans, participants, crowd, campaign, and the cases it led to."""

    template_name = "events/protest_detail.html"
    context_object_name = "protest"

    def get_queryset(self):
        return protest_detail_queryset()

    def get_context_data(self, **kwargs):
        protest = self.object
        attach_public_citations(protest_facts(protest))
        set_record_citations(
            [
                protest,
                *protest.public_occasions,
                *protest.public_slogans,
                *protest.public_participations,
            ]
        )
        self.object.where = place_of(self.object)
        return super().get_context_data(**kwargs)


class ProtestChronologyView(RetractedNoticeMixin, DetailView):
    """What happened, in date order, to everyone involved in a protest (and the days of a
    campaign): the protest, detentions, cases opened, hearings, rulings and penalties,
    each with footnotes to its sources (events.chronology)."""

    template_name = "events/protest_chronology.html"
    context_object_name = "protest"

    def get_queryset(self):
        return Protest.objects.public()

    def get_context_data(self, **kwargs):
        happenings, references = protest_chronology(self.object)
        kwargs.update(happenings=happenings, references=references)
        return super().get_context_data(**kwargs)


class ProceedingDetailView(RetractedNoticeMixin, DetailView):
    """A case: defendant, court, the people of the court, charges, pre-trial measures,
    hearings, rulings (each with its court) and their sentences."""

    template_name = "events/proceeding_detail.html"
    context_object_name = "proceeding"

    def get_queryset(self):
        return proceeding_detail_queryset()

    def get_context_data(self, **kwargs):
        proceeding = self.object
        attach_public_citations(proceeding_facts(proceeding))
        changes = []
        protected = proceeding.person is not None and proceeding.person.is_protected
        for measure in proceeding.public_measures:
            for record in (measure, *measure.public_changes):
                rules.redact_record(record, protected)
            describe_changes(measure, measure.public_changes)
            changes += measure.public_changes
        set_record_citations(
            [
                proceeding,
                *proceeding.public_charges,
                *proceeding.public_measures,
                *changes,
                *proceeding.public_rulings,
                *proceeding.public_hearings,
                *proceeding.public_court_roles,
            ]
        )
        by_ruling = defaultdict(list)
        for sentence in proceeding.public_sentences:
            by_ruling[sentence.ruling_id].append(sentence)
        for ruling in proceeding.public_rulings:
            ruling.public_sentences = by_ruling.pop(ruling.pk, [])
        # Penalties no ruling has imposed: sought by the prosecution, or the maximum possible.
        unruled = [s for group in by_ruling.values() for s in group]
        # A detention no case followed: its outcome, not a penalty anyone sought.
        kwargs["without_case_sentences"] = [s for s in unruled if s.kind in WITHOUT_CASE]
        kwargs["unruled_sentences"] = [s for s in unruled if s.kind not in WITHOUT_CASE]
        return super().get_context_data(**kwargs)


class OccasionDetailView(RetractedNoticeMixin, DetailView):
    """An occasion (a state visit, a summit) and the protests timed to it."""

    template_name = "events/occasion_detail.html"
    context_object_name = "occasion"

    def get_queryset(self):
        return occasion_detail_queryset()

    def get_context_data(self, **kwargs):
        occasion = self.object
        attach_public_citations([occasion, *occasion.public_protests])
        set_record_citations([occasion])
        return super().get_context_data(**kwargs)
