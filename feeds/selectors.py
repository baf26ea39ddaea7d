"""The entries of the Atom feeds: new and changed public facts, and tombstones.

A feed lists records of several kinds that concern one subject (a person, a court, a
protest) or one filtered case list. Each public record is one entry, dated by its latest
change (its newest history row: an edit, or the editor's publishing it). A record an
editor retracted leaves a tombstone entry under the same id ("Retracted on 5 Dec 2026:
a sentence"), saying nothing of its content; which retracted records may leave one is
``publishing.rules.tombstone_condition`` (the rule's one home, protection included).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.db.models import Model, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext

from publishing import rules

# Entries per feed: readers poll; a feed is news, not the archive (that is the CSV).
FEED_LENGTH = 50


@dataclass
class Entry:
    record: Model
    title: str
    updated: datetime
    retracted: bool = False
    # The page the entry links to: the record's own page or the one that shows it.
    link: str = ""

    @property
    def guid(self) -> str:
        # The same id for a record and its tombstone: a reader replaces the entry.
        return f"urn:casetracker:{rules.label(type(self.record)).lower()}:{self.record.pk}"

    @property
    def kind(self) -> str:
        return str(type(self.record)._meta.verbose_name)

    @property
    def heading(self) -> str:
        """The entry's title; a tombstone's says when and what kind of record, nothing more."""
        if not self.retracted:
            return self.title
        return gettext("Retracted on %(date)s: %(kind)s") % {
            "date": date_format(self.updated, "j M Y"),
            "kind": self.kind,
        }


def _history(model):
    return rules.history_model(model).objects.filter(id=OuterRef("pk"))


def with_last_change(queryset: QuerySet) -> QuerySet:
    """``changed_at``: when the record last changed (an edit or a status change), newest
    first. Rows loaded without history (bulk synthetic data) fall back on ``updated_at``."""
    last = _history(queryset.model).order_by("-history_date").values("history_date")[:1]
    return queryset.annotate(changed_at=Coalesce(Subquery(last), "updated_at")).order_by(
        "-changed_at", "-pk"
    )


def newest_changes(queryset: QuerySet, limit: int = FEED_LENGTH) -> QuerySet:
    """The ``limit`` rows of ``queryset`` changed last (``with_last_change``), without
    computing every row's last change: a case list of 250,000 sentences would run that
    subquery 250,000 times. The newest are among the rows saved last (``updated_at``) and
    the rows of the newest history rows (a status change writes history, not
    ``updated_at``): both are cheap to find, and only those candidates are ranked."""
    history = rules.history_model(queryset.model)
    saved = queryset.order_by("-updated_at", "-pk").values_list("pk", flat=True)[:limit]
    changed = (
        history.objects.filter(id__in=queryset.values("pk"))
        .order_by("-history_date")
        .values_list("id", flat=True)[: limit * 4]
    )
    candidates = {*saved, *changed}
    return with_last_change(queryset.filter(pk__in=candidates))[:limit]


def with_retraction_date(queryset: QuerySet) -> QuerySet:
    """``changed_at``: when the record was retracted (the first retracted history row after
    its last published one: later edits of a retracted record are no news)."""
    model = queryset.model
    last_published = (
        _history(model)
        .filter(publication_status=rules.PUBLISHED)
        .order_by("-history_date")
        .values("history_date")[:1]
    )
    retracted = (
        _history(model)
        .filter(
            publication_status=rules.RETRACTED,
            history_date__gt=OuterRef("last_published"),
        )
        .order_by("history_date")
        .values("history_date")[:1]
    )
    return (
        queryset.annotate(last_published=Subquery(last_published))
        .annotate(changed_at=Coalesce(Subquery(retracted), "updated_at"))
        .order_by("-changed_at", "-pk")
    )


def tombstoned(model) -> QuerySet:
    """Records of ``model`` whose tombstone the public may see (publishing.rules)."""
    return model._base_manager.filter(rules.tombstone_condition(model))


def title_of(record) -> str:
    """A short title that names no one but the feed's subject: the kind of record and its
    kind, role or outcome. Never ``str(record)``, which can hold a protected name."""
    model = type(record)
    words = capfirst(model._meta.verbose_name)
    name = rules.label(model)
    if name == "people.Person":
        return f"{words}: {rules.public_name(record)}"
    if name in TITLED:
        return f"{words}: {getattr(record, TITLED[name])}"
    for field in ("kind", "role", "outcome"):
        display = getattr(record, f"get_{field}_display", None)
        if display is not None:
            return f"{words}: {display()}"
    return words


# Records whose own title or name is their public face (a protest, a court): the field.
TITLED = {"events.Protest": "title", "people.Organization": "name", "events.Occasion": "name"}


def entries(scope: dict[str, tuple[str, ...]], subject) -> list[Entry]:
    """The newest entries of every kind of record in ``scope`` (label -> lookups from the
    record to ``subject``): public records and tombstones, newest change first. Each kept
    entry is titled once the newest are chosen (a person's feed reads up to 50 records of
    each of 13 kinds to keep 50)."""
    found = []
    concerning = {}
    for name, lookups in scope.items():
        model = apps.get_model(name)
        condition = concerning[model] = _concerning(model, lookups, subject)
        public = with_last_change(model.objects.public().filter(condition))
        found += [Entry(record, "", record.changed_at) for record in public[:FEED_LENGTH]]
    for model in _with_retracted(concerning):
        gone = with_retraction_date(tombstoned(model).filter(concerning[model]))
        found += [
            Entry(record, "", record.changed_at, retracted=True) for record in gone[:FEED_LENGTH]
        ]
    found = newest(found)
    for entry in found:
        if not entry.retracted:
            entry.title = title_of(entry.record)
    return found


def _with_retracted(concerning: dict[type[Model], Q]) -> list[type[Model]]:
    """The kinds of record among ``concerning`` (model -> its rows that concern the subject)
    that have a retracted row concerning the subject, in one query. Only a retracted record
    can leave a tombstone (``rules.tombstone_condition``), and most subjects have none: the
    rule's own query, a dozen subqueries for each kind, is built and run for those kinds
    alone (a person's feed asked it of 13 kinds: about a third of the feed's time)."""
    models = list(concerning)
    first, *others = (
        model._base_manager.filter(condition, publication_status=rules.RETRACTED)
        .order_by()
        .values_list(Value(index))
        for index, (model, condition) in enumerate(concerning.items())
    )
    return [models[index] for index in sorted({index for (index,) in first.union(*others)})]


def _concerning(model, lookups: tuple[str, ...], subject) -> Q:
    """Rows of ``model`` that reach ``subject`` by any of ``lookups``. Several lookups are
    the union of the rows each finds (by its own index), not one OR across the tables they
    join: a court's sentences (by their case's court or their ruling's) joined every listed
    sentence to both, 0.4 s for the busiest court at the benchmark's size."""
    if len(lookups) == 1:
        return Q(**{lookups[0]: subject.pk})
    each = [
        model._base_manager.filter(**{lookup: subject.pk}).order_by().values("pk")
        for lookup in lookups
    ]
    return Q(pk__in=each[0].union(*each[1:]))


def newest(found: list[Entry]) -> list[Entry]:
    found.sort(key=lambda entry: (entry.updated, entry.guid), reverse=True)
    return found[:FEED_LENGTH]


# What each subject's feed follows: kind of record -> lookups from it to the subject.

# A person's: every record that belongs to them (the rule's own map of them).
PERSON_SCOPE = {
    name: tuple(f"{prefix}pk" for prefix in prefixes)
    for name, prefixes in rules.BELONGS_TO_PERSON.items()
}

# A court's (any organization's): its names and relations, members, the cases it heard,
# its rulings, hearings and sentences, and the protests aimed at it.
ORGANIZATION_SCOPE = {
    "people.Organization": ("pk",),
    "people.OrganizationName": ("organization",),
    "people.OrganizationRelation": ("organization", "other"),
    "people.Affiliation": ("organization",),
    "events.Protest": ("target_organization",),
    "events.Proceeding": ("court",),
    "events.Ruling": ("court",),
    "events.Hearing": ("court", "from_court"),
    "events.Sentence": ("proceeding__court", "ruling__court"),
}

# A protest's: itself and its days, slogans, participants, and the cases that arose from it.
PROTEST_SCOPE = {
    "events.Protest": ("pk", "parent"),
    "events.Slogan": ("protest",),
    "events.Participation": ("protest",),
    "events.Proceeding": ("protests",),
    "events.Sentence": ("proceeding__protests",),
}
