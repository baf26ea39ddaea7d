"""Public source pages: the list of articles, and everything one article supports.

A source page lists every public fact the source is cited for, grouped by kind of record,
with the field each citation supports, the value it reports and its quote. It runs a
constant number of queries however many citations: the source, its public citations, then
one query per kind of record cited (bounded by the fixed number of citable models).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.views.generic import DetailView, ListView

from casetracker.keyset import KeysetList, Term
from casetracker.views import RetractedNoticeMixin
from publishing import rules
from sources import fact_kinds
from sources.models import NEWEST_FIRST_KEY, Source, is_citable
from sources.selectors import public_citation_queryset
from sources.templatetags.casetracker import display_value


@dataclass
class SupportedFact:
    """One public fact and the citations by which this source supports it."""

    obj: models.Model
    label: str
    url: str
    citations: list = field(default_factory=list)


def _field_label(model, name: str) -> str:
    if not name:
        return ""
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name.replace("_", " ")


def supported_facts(source: Source) -> list[dict]:
    """Every public fact ``source`` supports, grouped by kind of record in chain order.

    Two queries plus one per kind of record cited: the citations, then each kind's public
    records in a single query. The kinds, their order and how each is shown are the apps'
    that own them (sources.fact_kinds).
    """
    citations = (
        public_citation_queryset()
        .filter(source=source)
        .select_related("content_type")
        .order_by("content_type_id", "object_id", "field", "pk")
    )
    by_model = defaultdict(lambda: defaultdict(list))
    for citation in citations:
        model = citation.content_type.model_class()
        if model is not None:
            by_model[model][citation.object_id].append(citation)

    groups = []
    for kind in fact_kinds.registered():
        if kind.model not in by_model:
            continue
        citations_by_id = by_model[kind.model]
        facts = []
        for obj in kind.queryset(citations_by_id):
            fact = SupportedFact(obj=obj, label=kind.label(obj), url=kind.href(obj))
            for citation in citations_by_id[obj.pk]:
                if rules.field_withheld(obj, citation.field):
                    continue
                if citation.field and not is_citable(kind.model, citation.field):
                    continue  # Internal notes and bookkeeping, however it came to be cited.
                citation.field_label = _field_label(kind.model, citation.field)
                citation.record_value = display_value(obj, citation.field)
                fact.citations.append(citation)
            if fact.citations:
                facts.append(fact)
        if facts:
            facts.sort(key=lambda fact: fact.label.casefold())
            groups.append({"heading": kind.heading, "facts": facts})
    return groups


# The sources list's order, newest first (source_public_newest_idx serves it), each page read
# from the index by cursor (casetracker.keyset): the last page as fast as the first.
SOURCES_ORDER = KeysetList(
    Term("newest_first", NEWEST_FIRST_KEY, descending=True),
    Term("outlet"),
    Term("pk"),
)


class SourceListView(ListView):
    template_name = "sources/source_list.html"
    context_object_name = "sources"
    page_size = 50

    def get_queryset(self):
        return SOURCES_ORDER.ordered(Source.objects.public())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = SOURCES_ORDER.page(
            self.object_list, self.request.GET.get("cursor"), self.page_size, count_key="sources"
        )
        context.update(sources=page.rows, page=page)
        return context


class SourceDetailView(RetractedNoticeMixin, DetailView):
    template_name = "sources/source_detail.html"
    context_object_name = "source"

    def get_queryset(self):
        return Source.objects.public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fact_groups"] = supported_facts(self.object)
        return context
