"""Reads of sources and citations for the public site.

Every public read of citations starts from ``public_citation_queryset()``, which applies the
protection rule of publishing.rules: a citation of any record that belongs to a protected
person (the person, their participations, proceedings and everything in them) carries
``withheld=True``, and the public pages show its source but not its quote, which may name
the person.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    Model,
    Q,
)

from casetracker.expressions import one_of
from publishing import rules
from sources.models import Citation, Source

# What a page shows of a citation (sources.templatetags.casetracker.citations_html) and of
# its source, in the order of PageCitation and PageSource: the internal notes and the
# bookkeeping columns of every citation and source are never read.
CITATION_COLUMNS = ("field", "quote", "translation", "reported_value", "locator", "withheld")
SOURCE_COLUMNS = (
    "source_id",
    "source__url",
    "source__outlet",
    "source__headline",
    "source__published",
    "source__archive_url",
)
PAGE_CITATION_COLUMNS = CITATION_COLUMNS + SOURCE_COLUMNS


@dataclass(frozen=True, slots=True)
class PageSource:
    """What a page shows of a citation's source."""

    pk: int
    url: str
    outlet: str
    headline: str
    published: str
    archive_url: str


@dataclass(frozen=True, slots=True)
class PageCitation:
    """What a page shows of a public citation (``withheld``: see the module docstring).

    A court page shows a couple of hundred citations: read as plain rows, rather than as
    Citation and Source instances, they cost a third less.
    """

    field: str
    quote: str
    translation: str
    reported_value: str
    locator: str
    withheld: bool
    source: PageSource


def public_citation_queryset(
    cited_models: Iterable[type[Model]] | Mapping[type[Model], list] | None = None,
):
    """Public citations with their sources, each annotated ``withheld`` (see module doc).

    Pass ``cited_models`` when the query reads citations of those kinds only (see
    ``publishing.rules.withheld_quote``), or a mapping of those kinds to the ids of the
    records whose citations it reads; the rule is the same.
    """
    citations = Citation.objects.public()
    if cited_models is not None:
        # Never read a kind of citation the withheld condition was not written for.
        content_types = ContentType.objects.get_for_models(*cited_models)
        if isinstance(cited_models, Mapping):
            # The records' own conditions name their kinds: a separate list of the kinds
            # beside them tripled PostgreSQL's planning time (5 ms on a court page).
            citations = citations.filter(
                reduce(
                    or_,
                    (
                        Q(content_type_id=content_types[model].pk) & Q(one_of("object_id", ids))
                        for model, ids in cited_models.items()
                    ),
                )
            )
        else:
            kinds = [content_type.pk for content_type in content_types.values()]
            citations = citations.filter(content_type_id__in=kinds)
    withheld = rules.withheld_quote(cited_models)
    return citations.select_related("source").annotate(
        withheld=ExpressionWrapper(withheld, output_field=BooleanField())
    )


def attach_public_citations(records: Iterable) -> None:
    """Set ``record.public_citations`` (PageCitation) on every record, in ONE query for all.

    A detail page shows facts of several kinds (a protest, its slogans, its participants,
    its proceedings…); one Prefetch per kind would cost a query each, so the citations of
    all of them are fetched together and shared out here. Content types are matched by id
    (ContentType's cache), so the (content_type_id, object_id) index serves the lookup.
    The template tag ``{% cite %}`` reads ``public_citations``.
    """
    index = defaultdict(list)
    for record in records:
        if record is None:
            continue
        record.public_citations = []
        same = index[(type(record), record.pk)]
        if not any(other is record for other in same):
            same.append(record)
    if not index:
        return
    ids_by_model = defaultdict(list)
    for model, pk in index:
        ids_by_model[model].append(pk)
    content_types = ContentType.objects.get_for_models(*ids_by_model)
    model_of = {ct.pk: model for model, ct in content_types.items()}
    rows = (
        public_citation_queryset(ids_by_model)
        .order_by("source__published_start", "pk")
        .values_list("content_type_id", "object_id", *PAGE_CITATION_COLUMNS)
    )
    sources = {}
    for content_type_id, object_id, *columns in rows:
        # (field … withheld) of the citation, then (id … archive_url) of its source.
        source_columns = columns[len(CITATION_COLUMNS) :]
        source = sources.get(source_columns[0])
        if source is None:
            source = sources[source_columns[0]] = PageSource(*source_columns)
        shown = PageCitation(*columns[: len(CITATION_COLUMNS)], source)
        for record in index[(model_of[content_type_id], object_id)]:
            record.public_citations.append(shown)


def public_sources():
    return Source.objects.public()
