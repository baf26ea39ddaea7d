"""Stored visibility: which rows the public site may show, kept current on every write.

The publishing rule ("published, and backed by a published citation of a published
source"; see RecordQuerySet.visibility_condition) is cheap for one row and ruinous for
300,000: a case list would evaluate it per row for the sentence, its proceeding, the
defendant and the ruling, and again to count them. So its result is stored:

- ``Record.is_public`` on every record;
- ``Sentence.listed`` (sentence, proceeding, named defendant and ruling all public),
  ``Sentence.case_date_start/end`` (the ruling's date range, or the opening date's for a
  penalty no ruling imposed) and ``Sentence.defendant`` (the proceeding's), which make the
  case list a one-table query.

``refresh(model, pks)`` recomputes the flags of those rows in the database (one UPDATE) and
follows what depends on them: a citation → its fact (and the fact it pointed to before,
when it moves); a source → its citations and their
facts; a person, proceeding or ruling → the sentences they list. It runs after every save
and delete (the signal receivers below: denormalized data must follow every write path,
including the admin, fixtures and the shell), after bulk_create and QuerySet.update
(RecordQuerySet), and in full from ``manage.py refresh_visibility``.
``RecordQuerySet.public()`` also re-checks the status on the row itself, so a record an
editor unpublishes disappears even before any refresh.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.signals import post_delete, post_save, pre_save

from casetracker.records import Record

BATCH = 5000


def _chunks(pks: list, size: int = BATCH):
    for start in range(0, len(pks), size):
        yield pks[start : start + size]


def _update(queryset, **values) -> int:
    # The plain QuerySet.update: no history rows and no refresh for derived columns.
    return QuerySet.update(queryset, **values)


def _flag(condition) -> Case:
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def record_models() -> list:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Record) and model._meta.app_label in ("people", "sources", "events")
    ]


def refresh(model, pks: Iterable | None = None) -> None:
    """Recompute ``is_public`` of ``model``'s rows ``pks`` (all when None) and what follows."""
    manager = model._base_manager
    pk_list = None if pks is None else list(pks)
    condition = model.objects.all().visibility_condition()
    if pk_list is None:
        _update(manager.all(), is_public=_flag(condition))
    else:
        for chunk in _chunks(pk_list):
            _update(manager.filter(pk__in=chunk), is_public=_flag(condition))
    _follow(model, pk_list)


def _follow(model, pks: list | None) -> None:
    label = model._meta.label
    if label == "sources.Source":
        citation = apps.get_model("sources", "Citation")
        cited = citation._base_manager.all()
        if pks is not None:
            cited = cited.filter(source_id__in=pks)
        refresh(citation, None if pks is None else cited.values_list("pk", flat=True))
    elif label == "sources.Citation":
        if pks is None:
            for fact_model in record_models():
                if _depends_on_citations(fact_model):
                    refresh(fact_model)
            return
        refresh_facts(cited_facts(pks))
    elif label in SENTENCE_SOURCES:
        refresh_listing(SENTENCE_SOURCES[label], pks)


# Which sentences a change of each model can (un)list: a lookup from Sentence to it.
SENTENCE_SOURCES = {
    "events.Sentence": "pk",
    "events.Ruling": "ruling_id",
    "events.Proceeding": "proceeding_id",
    "people.Person": "proceeding__person_id",
}


def _public(model_label: str, field: str) -> Exists:
    model = apps.get_model(model_label)
    return Exists(model.objects.public().filter(pk=OuterRef(field)))


def _column(model_label: str, field: str, column: str) -> Subquery:
    model = apps.get_model(model_label)
    return Subquery(model._base_manager.filter(pk=OuterRef(field)).values(column)[:1])


def _listing_values() -> dict:
    """``listed``, the case dates and the defendant, as expressions an UPDATE of sentences
    can evaluate.

    update() cannot follow joins, so every condition on a related row is a subquery.
    """
    proceeding = apps.get_model("events", "Proceeding")
    person = apps.get_model("people", "Person")
    defendant_public = Exists(
        proceeding._base_manager.filter(pk=OuterRef("proceeding_id")).filter(
            Q(person__isnull=True) | Q(person__in=person.objects.public().values("pk"))
        )
    )
    listed = (
        Q(is_public=True, publication_status="published")
        & Q(_public("events.Proceeding", "proceeding_id"))
        & Q(defendant_public)
        & (Q(ruling_id__isnull=True) | Q(_public("events.Ruling", "ruling_id")))
    )

    def case_date(bound: str) -> Case:
        # A penalty no ruling imposed (sought, maximum) is dated by the case's opening.
        return Case(
            When(
                ruling_id__isnull=True,
                then=_column("events.Proceeding", "proceeding_id", f"opened_{bound}"),
            ),
            default=_column("events.Ruling", "ruling_id", f"date_{bound}"),
        )

    return {
        "listed": _flag(listed),
        "case_date_start": case_date("start"),
        "case_date_end": case_date("end"),
        "defendant_id": _column("events.Proceeding", "proceeding_id", "person_id"),
    }


def refresh_listing(lookup: str = "pk", pks: Iterable | None = None) -> None:
    """Recompute ``listed``, the case dates and the defendant of the sentences reached by
    ``lookup``."""
    sentence = apps.get_model("events", "Sentence")
    if pks is None:
        _update(sentence._base_manager.all(), **_listing_values())
        return
    for chunk in _chunks(list(pks)):
        ids = list(
            sentence._base_manager.filter(**{f"{lookup}__in": chunk}).values_list("pk", flat=True)
        )
        if ids:
            _update(sentence._base_manager.filter(pk__in=ids), **_listing_values())


def refresh_all() -> None:
    """Recompute every stored flag: sources, then citations, then facts, then listings."""
    source = apps.get_model("sources", "Source")
    citation = apps.get_model("sources", "Citation")
    _update(
        source._base_manager.all(), is_public=_flag(source.objects.all().visibility_condition())
    )
    _update(
        citation._base_manager.all(), is_public=_flag(citation.objects.all().visibility_condition())
    )
    for model in record_models():
        if model._meta.app_label != "sources":
            _update(
                model._base_manager.all(),
                is_public=_flag(model.objects.all().visibility_condition()),
            )
    refresh_listing()


def record_bulk_history(model, objs: list, update: bool = False) -> None:
    """History rows for bulk writes, attributed to the user of the current request if any."""
    history = getattr(model, "history", None)
    if history is None or not objs:
        return
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    user = user if getattr(user, "is_authenticated", False) else None
    history.bulk_history_create(objs, update=update, default_user=user)


def cited_facts(citation_pks: Iterable) -> dict[int, set]:
    """The facts the citations ``citation_pks`` point to: {content type id: {object ids}}."""
    citation = apps.get_model("sources", "Citation")
    facts = defaultdict(set)
    for chunk in _chunks(list(citation_pks)):
        rows = citation._base_manager.filter(pk__in=chunk).values_list(
            "content_type_id", "object_id"
        )
        for content_type_id, object_id in rows:
            facts[content_type_id].add(object_id)
    return facts


def refresh_facts(facts: dict[int, set]) -> None:
    """Refresh the facts of ``cited_facts()``: whether a citation still backs each one."""
    for content_type_id, object_ids in facts.items():
        fact_model = ContentType.objects.get_for_id(content_type_id).model_class()
        # A source's visibility does not depend on citations (even citations of itself).
        if _depends_on_citations(fact_model):
            refresh(fact_model, object_ids)


# The columns of a citation that name its fact.
_FACT_COLUMNS = {"content_type", "content_type_id", "object_id"}


def facts_left_behind(model, pks: list, values: dict) -> dict[int, set]:
    """Before ``model``'s rows ``pks`` are updated with ``values``: the facts they cite now,
    when they are citations the update may move to other facts ({} otherwise). Refresh
    them after the update (``refresh_facts``): each may have lost its only source."""
    if model._meta.label != "sources.Citation" or not pks or not _FACT_COLUMNS & set(values):
        return {}
    return cited_facts(pks)


def _remember_cited_fact(sender, instance, **kwargs):
    """Before a citation is saved again, the fact it pointed to if it now points to another:
    the first one may have lost its only source (see ``_saved``)."""
    if sender._meta.label != "sources.Citation" or instance.pk is None:
        return
    before = (
        sender._base_manager.filter(pk=instance.pk)
        .values_list("content_type_id", "object_id")
        .first()
    )
    if before and before != (instance.content_type_id, instance.object_id):
        instance._cited_before = {before[0]: {before[1]}}


def _saved(sender, instance, **kwargs):
    if issubclass(sender, Record) and sender._meta.app_label in ("people", "sources", "events"):
        refresh(sender, [instance.pk])
        before = instance.__dict__.pop("_cited_before", None)
        if before:
            refresh_facts(before)


def _depends_on_citations(model) -> bool:
    return model is not None and issubclass(model, Record) and model._meta.app_label != "sources"


def _deleted(sender, instance, **kwargs):
    if sender._meta.label == "sources.Citation":
        fact_model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
        if _depends_on_citations(fact_model):
            refresh(fact_model, [instance.object_id])


def connect() -> None:
    pre_save.connect(_remember_cited_fact, dispatch_uid="casetracker.visibility.cited_before")
    post_save.connect(_saved, dispatch_uid="casetracker.visibility.saved")
    post_delete.connect(_deleted, dispatch_uid="casetracker.visibility.deleted")
