"""Reads of sources and citations for the public site.

Every public read of citations starts from ``public_citation_queryset()``, so the rule that
protects people at risk lives in one place: a citation of any record that belongs to a
protected person (the person, their names, relatives, affiliations, participations,
proceedings and everything in them) carries ``withheld=True``, and the public pages show
its source but not its quote, which may name the person.
"""

from collections import defaultdict
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q

from sources.models import Citation, Source

# (app label, model name) of every citable record that can belong to a person, with the
# lookups from that record to a person whose protection withholds its quotes.
PERSON_LOOKUPS = {
    ("people", "person"): ("",),
    ("people", "personname"): ("person__",),
    ("people", "relationship"): ("person__", "related_person__"),
    ("people", "affiliation"): ("person__",),
    ("events", "participation"): ("person__",),
    ("events", "proceeding"): ("person__",),
    ("events", "charge"): ("proceeding__person__",),
    ("events", "pretrialmeasure"): ("proceeding__person__",),
    ("events", "ruling"): ("proceeding__person__",),
    ("events", "sentence"): ("proceeding__person__",),
}


def protected_fact() -> Q:
    """Condition on Citation: the cited record belongs to a protected person."""
    models = [apps.get_model(app_label, name) for app_label, name in PERSON_LOOKUPS]
    content_types = ContentType.objects.get_for_models(*models)
    conditions = []
    for model in models:
        prefixes = PERSON_LOOKUPS[(model._meta.app_label, model._meta.model_name)]
        protected = reduce(or_, (Q(**{f"{prefix}is_protected": True}) for prefix in prefixes))
        # Correlated EXISTS: a few index lookups per citation shown, where an IN (subquery)
        # would list every protected person's records first. Content types by id (cached),
        # so the citation index on (content_type_id, object_id) serves the lookup.
        conditions.append(
            Q(content_type_id=content_types[model].pk)
            & Q(Exists(model.objects.filter(protected, pk=OuterRef("object_id"))))
        )
    return reduce(or_, conditions)


def public_citation_queryset():
    """Public citations with their sources, each annotated ``withheld`` (see module doc)."""
    return (
        Citation.objects.public()
        .select_related("source")
        .annotate(withheld=ExpressionWrapper(protected_fact(), output_field=BooleanField()))
    )


def public_citations(lookup: str = "citations") -> Prefetch:
    """Prefetch a fact's public citations (with their sources) into ``public_citations``.

    ``lookup`` may traverse relations ("rulings__citations"); each level costs one query
    however many rows, so pages keep a constant number of queries.
    """
    return Prefetch(
        lookup,
        queryset=public_citation_queryset().order_by("source__published_start", "pk"),
        to_attr="public_citations",
    )


def attach_public_citations(records: Iterable) -> None:
    """Set ``record.public_citations`` on every record, in ONE query for all of them.

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
    content_types = ContentType.objects.get_for_models(*{model for model, _ in index})
    ids_by_model = defaultdict(list)
    for model, pk in index:
        ids_by_model[model].append(pk)
    condition = reduce(
        or_,
        (
            Q(content_type_id=content_types[model].pk, object_id__in=ids)
            for model, ids in ids_by_model.items()
        ),
    )
    model_of = {ct.pk: model for model, ct in content_types.items()}
    citations = (
        public_citation_queryset().filter(condition).order_by("source__published_start", "pk")
    )
    for citation in citations:
        for record in index[(model_of[citation.content_type_id], citation.object_id)]:
            record.public_citations.append(citation)


def public_sources():
    return Source.objects.public()
