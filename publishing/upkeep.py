"""Stored visibility: the publishing rule's answer per row, kept current on every write.

The rule (publishing.rules) is cheap for one row and ruinous for 300,000: a case list
would evaluate it per row for the sentence, its proceeding, the defendant and the ruling,
and again to count them. So its result is stored:

- ``Record.is_public`` on every record (the whole rule, parents and protection included);
- ``Sentence.listed`` (the sentence's own ``is_public``, for the case list's partial
  indexes), ``Sentence.case_date_start/end`` (the ruling's date range, or the opening
  date's for a penalty no ruling imposed), ``Sentence.defendant``, ``case_country`` and
  ``case_kind`` (the proceeding's), which make the case list a one-table query.

``refresh(model, pks)`` recomputes the flags of those rows in the database (one UPDATE) and
follows what depends on them, as the rule's shape says: a source → its citations → the
facts they cite; any record → the records that hang from it (``rules.PARENTS``) or would
name a protected person (``rules.IDENTIFIES``), down the chain; a citation that moved →
the fact it backed before.

These are computed columns, not business rules: they must follow every write path, the
admin, fixtures and the shell included, so they are kept by the save and delete signals
below, by ``RecordQuerySet.update`` and ``bulk_create``, and in full by
``manage.py refresh_visibility``. Editorial decisions (publish, retract, revisions) are
explicit service calls in publishing.services.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import reduce

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Case, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal

from casetracker.expressions import differs
from publishing import generation, rules

BATCH = 5000
SAVED = "publishing.upkeep.saved"

# Sent once the flags of a model's rows and of everything that depends on them are current
# (sender: the model, pks: its rows or None for all; sender None: every row of every model,
# after ``refresh_all``), for other stored values that read them (events.case_places).
refreshed = Signal()


def _chunks(pks: list, size: int = BATCH):
    for start in range(0, len(pks), size):
        yield pks[start : start + size]


def _update(queryset, **values) -> int:
    # The plain QuerySet.update: no history rows and no refresh for derived columns.
    return QuerySet.update(queryset, **values)


def _write_changed(queryset, **values) -> int:
    """Store ``values`` (expressions) in the rows of ``queryset`` whose stored values differ
    from them, NULL included; the others are not written. A row rewritten as it was is
    still a new row version: its indexes' entries again (each trigram of its texts), and a
    stamp on its cases that makes their stored CSV lines be made afresh (events.ExportLine).
    """
    changed = reduce(operator.or_, (Q(differs(name, value)) for name, value in values.items()))
    return _update(queryset.filter(changed), **values)


def _flag(condition) -> Case:
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def refresh(model, pks: Iterable | None = None, *, new: bool = False) -> None:
    """Recompute ``is_public`` of ``model``'s rows ``pks`` (all when None) and what follows.

    ``new``: the rows were inserted just now, by the ORM, so no row hangs from them yet
    and there are no children to follow (a query per kind of child, for nothing)."""
    manager = model._base_manager
    pk_list = None if pks is None else list(pks)
    if pk_list == []:
        return
    flag = _flag(rules.visibility_condition(model))
    if pk_list is None:
        _write_changed(manager.all(), is_public=flag)
    else:
        for chunk in _chunks(pk_list):
            _write_changed(manager.filter(pk__in=chunk), is_public=flag)
    _follow(model, pk_list, new=new)
    refreshed.send(sender=model, pks=pk_list)


def _tree_keys(model) -> list[str]:
    """The keys by which rows of ``model`` hang from rows of the same model (a place's
    parent place)."""
    return [key for child, key in rules.children_of().get(rules.label(model), ()) if child is model]


def _refresh_tree(model) -> None:
    """Recompute ``is_public`` of every row of a model whose rows hang from one another,
    from the roots down, one level per UPDATE.

    One UPDATE of every row judges each by its parent's flag from before the UPDATE, so a
    town would keep the verdict of its region's old flag. Rows in a cycle (which the forms
    refuse) are left as the first UPDATE set them.
    """
    keys = _tree_keys(model)
    if not keys:
        return
    manager = model._base_manager
    flag = _flag(rules.visibility_condition(model))
    for key in keys:
        seen: set = set()
        level = list(
            manager.filter(**{f"{key}__isnull": False, f"{key}__{key}__isnull": True}).values_list(
                "pk", flat=True
            )
        )
        while level:
            seen.update(level)
            for chunk in _chunks(level):
                _write_changed(manager.filter(pk__in=chunk), is_public=flag)
            below = manager.filter(**{f"{key}__in": level}).values_list("pk", flat=True)
            level = [pk for pk in below if pk not in seen]


def _follow(model, pks: list | None, *, new: bool = False) -> None:
    """Refresh what depends on rows ``pks`` of ``model`` (all of them when None; ``new``:
    rows just inserted, which nothing hangs from yet)."""
    name = rules.label(model)
    if name == "sources.Citation":
        refresh_facts(cited_facts(pks) if pks is not None else _all_facts())
    if pks is None:
        _refresh_tree(model)
    for child, key in () if new else rules.children_of().get(name, ()):
        if child is model and pks is None:
            continue  # refreshed level by level above
        rows = child._base_manager.all()
        if pks is not None:
            rows = rows.filter(**{f"{key}__in": pks})
            if child is model:
                rows = rows.exclude(pk__in=pks)  # a row is not its own child
        refresh(child, None if pks is None else list(rows.values_list("pk", flat=True)))
    if name == "events.Sentence":
        refresh_listing("pk", pks)


def _all_facts() -> dict:
    """Every kind of fact, as ``cited_facts`` names them, meaning: refresh all of each."""
    return {ContentType.objects.get_for_model(model).pk: None for model in _cited_models()}


def _cited_models() -> list:
    return [model for model in rules.record_models() if _depends_on_citations(model)]


def _column(model_label: str, field: str, column: str) -> Subquery:
    model = apps.get_model(model_label)
    return Subquery(model._base_manager.filter(pk=OuterRef(field)).values(column)[:1])


def _listing_values() -> dict:
    """``listed``, the case dates, the defendant and the case's country and kind, as
    expressions an UPDATE of sentences can evaluate (update() cannot follow joins: every
    related value is a subquery)."""

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
        # The sentence's own flag already says its proceeding, defendant and ruling are public.
        "listed": _flag(rules.public_q()),
        "case_date_start": case_date("start"),
        "case_date_end": case_date("end"),
        "defendant_id": _column("events.Proceeding", "proceeding_id", "person_id"),
        "case_country": _column("events.Proceeding", "proceeding_id", "country"),
        "case_kind": _column("events.Proceeding", "proceeding_id", "kind"),
    }


def refresh_listing(lookup: str = "pk", pks: Iterable | None = None) -> None:
    """Recompute ``listed`` and the other stored listing values (``_listing_values``) of the
    sentences reached by ``lookup``."""
    sentence = apps.get_model("events", "Sentence")
    if pks is None:
        _write_changed(sentence._base_manager.all(), **_listing_values())
        return
    for chunk in _chunks(list(pks)):
        ids = list(
            sentence._base_manager.filter(**{f"{lookup}__in": chunk}).values_list("pk", flat=True)
        )
        if ids:
            _write_changed(sentence._base_manager.filter(pk__in=ids), **_listing_values())


def refresh_all() -> None:
    """Recompute every stored flag, each model after those it depends on."""
    for model in rules.refresh_order():
        _write_changed(
            model._base_manager.all(), is_public=_flag(rules.visibility_condition(model))
        )
        _refresh_tree(model)
    refresh_listing()
    refreshed.send(sender=None, pks=None)
    # After loaders that skipped the per-row upkeep: whatever changed, pages move on.
    generation.bump()


@contextmanager
def deferred() -> Iterator[None]:
    """Save many rows one by one without following each save down the chain; every flag is
    recomputed once on leaving (``refresh_all``), as a bulk loader does. For code that builds
    hundreds of linked rows in one go (tests, imports) and reads nothing public meanwhile."""
    post_save.disconnect(dispatch_uid=SAVED)
    try:
        yield
    finally:
        post_save.connect(_saved, dispatch_uid=SAVED)
    refresh_all()


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


def refresh_facts(facts: dict[int, set | None]) -> None:
    """Refresh the facts of ``cited_facts()`` (None: every row of that kind), in the rule's
    order, so that a parent is current before its children are judged."""
    by_model = {}
    for content_type_id, object_ids in facts.items():
        fact_model = ContentType.objects.get_for_id(content_type_id).model_class()
        # A source's visibility does not depend on citations (even citations of itself).
        if _depends_on_citations(fact_model):
            by_model[fact_model] = object_ids
    for model in rules.refresh_order():
        if model in by_model:
            ids = by_model[model]
            refresh(model, None if ids is None else list(ids))


# The columns of a citation that name its fact.
_FACT_COLUMNS = {"content_type", "content_type_id", "object_id"}


def facts_left_behind(model, pks: list, values: dict) -> dict[int, set]:
    """Before ``model``'s rows ``pks`` are updated with ``values``: the facts they cite now,
    when they are citations the update may move to other facts ({} otherwise). Refresh
    them after the update (``refresh_facts``): each may have lost its only source."""
    if rules.label(model) != "sources.Citation" or not pks or not _FACT_COLUMNS & set(values):
        return {}
    return cited_facts(pks)


def _depends_on_citations(model) -> bool:
    return rules.is_record(model) and model._meta.app_label != "sources"


def _remember_cited_fact(sender, instance, **kwargs):
    """Before a citation is saved again, the fact it pointed to if it now points to another:
    the first one may have lost its only source (see ``_saved``)."""
    if rules.label(sender) != "sources.Citation" or instance.pk is None:
        return
    before = (
        sender._base_manager.filter(pk=instance.pk)
        .values_list("content_type_id", "object_id")
        .first()
    )
    if before and before != (instance.content_type_id, instance.object_id):
        instance._cited_before = {before[0]: {before[1]}}


def _saved(sender, instance, created=False, raw=False, **kwargs):
    if rules.is_record(sender):
        # A fixture's rows (raw) may come before the rows they hang from: always followed.
        refresh(sender, [instance.pk], new=created and not raw)
        before = instance.__dict__.pop("_cited_before", None)
        if before:
            refresh_facts(before)


def _deleted(sender, instance, **kwargs):
    if rules.label(sender) == "sources.Citation":
        refresh_facts({instance.content_type_id: {instance.object_id}})


def connect() -> None:
    pre_save.connect(_remember_cited_fact, dispatch_uid="publishing.upkeep.cited_before")
    post_save.connect(_saved, dispatch_uid=SAVED)
    post_delete.connect(_deleted, dispatch_uid="publishing.upkeep.deleted")
