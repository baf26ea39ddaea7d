"""Reads of sources and citations for the public site.

Every public read of citations starts from ``public_citation_queryset()``, so the rule that
protects people at risk lives in one place: a citation of any record that belongs to a
protected person (the person, their names, relatives, affiliations, participations,
proceedings and everything in them) carries ``withheld=True``, and the public pages show
its source but not its quote, which may name the person.
"""

from functools import reduce
from operator import or_

from django.apps import apps
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
    conditions = []
    for (app_label, model_name), prefixes in PERSON_LOOKUPS.items():
        model = apps.get_model(app_label, model_name)
        protected = reduce(or_, (Q(**{f"{prefix}is_protected": True}) for prefix in prefixes))
        # Correlated EXISTS: a few index lookups per citation shown, where an IN (subquery)
        # would list every protected person's records first.
        conditions.append(
            Q(content_type__app_label=app_label, content_type__model=model_name)
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


def public_sources():
    return Source.objects.public()
