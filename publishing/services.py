"""The editorial writes: send for review, publish, retract, publish a whole case, and
researchers' revisions of published records.

Each is an explicit call with the acting user, writes a history row per record it changes
(attributed to that user, with a reason) and leaves the stored visibility current
(publishing.upkeep). Callers check who may do what (publishing.admin); ``publish_case``
and the revision decisions check again, since they reach across many kinds of record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publishing import generation, rules, upkeep
from publishing.models import PublicationStatus, Revision, RevisionStatus

# Statuses a researcher may set; the others are an editor's decision.
RESEARCHER_STATUSES = (PublicationStatus.DRAFT, PublicationStatus.REVIEW)
# A record in one of these is an editor's: researchers propose revisions of it.
LOCKED_STATUSES = (PublicationStatus.PUBLISHED, PublicationStatus.RETRACTED)


def can_publish(user, model) -> bool:
    """Whether ``user`` is an editor of ``model``'s records (the ``publish`` permission)."""
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def set_status(model, pks: Iterable, status: str, *, user, reason: str) -> int:
    """Give rows ``pks`` of ``model`` the editorial ``status``: one UPDATE, a history row
    each, and their visibility (and what follows from it) refreshed. Returns the count."""
    pks = list(pks)
    if not pks:
        return 0
    rows = model._base_manager.filter(pk__in=pks)
    # The plain update: history and visibility are written here, with the acting user.
    count = QuerySet.update(rows, publication_status=status)
    model.history.bulk_history_create(
        list(rows), update=True, default_user=user, default_change_reason=reason
    )
    upkeep.refresh(model, pks)
    generation.bump()  # the plain update sends no signal
    return count


def send_for_review(queryset, *, user) -> int:
    drafts = queryset.filter(publication_status=PublicationStatus.DRAFT)
    return set_status(
        queryset.model,
        drafts.values_list("pk", flat=True),
        PublicationStatus.REVIEW,
        user=user,
        reason="Sent for review",
    )


def publish(queryset, *, user) -> int:
    return set_status(
        queryset.model,
        queryset.values_list("pk", flat=True),
        PublicationStatus.PUBLISHED,
        user=user,
        reason="Published",
    )


def retract(queryset, *, user) -> int:
    return set_status(
        queryset.model,
        queryset.values_list("pk", flat=True),
        PublicationStatus.RETRACTED,
        user=user,
        reason="Retracted",
    )


# A whole case --------------------------------------------------------------------------


def case_records(person) -> list[models.Model]:
    """Everything of ``person``'s case: the person, their names, reported ages and
    participations, their proceedings with charges, measures (and their extensions and
    moves), hearings, court roles, rulings and sentences, the citations of all of these and
    the sources those cite. Protests, courts, places, occasions, lawyers and judges as
    people, relatives and organizations are records of their own, outside the case."""
    model = apps.get_model
    proceeding, citation = model("events.Proceeding"), model("sources.Citation")
    proceedings = list(proceeding.objects.filter(person=person).order_by("pk"))
    facts = [
        person,
        *model("people.PersonName").objects.filter(person=person).order_by("pk"),
        *model("people.ReportedAge").objects.filter(person=person).order_by("pk"),
        *model("events.Participation").objects.filter(person=person).order_by("pk"),
        *proceedings,
    ]
    children = (
        "events.Charge",
        "events.PretrialMeasure",
        "events.Hearing",
        "events.CourtRole",
        "events.Ruling",
        "events.Sentence",
    )
    for child in children:
        facts += model(child).objects.filter(proceeding__in=proceedings).order_by("pk")
    facts += (
        model("events.MeasureChange")
        .objects.filter(measure__proceeding__in=proceedings)
        .order_by("pk")
    )
    citations = []
    for kind in dict.fromkeys(type(fact) for fact in facts):
        ids = [fact.pk for fact in facts if type(fact) is kind]
        citations += citation.objects.filter(
            content_type=ContentType.objects.get_for_model(kind), object_id__in=ids
        ).order_by("pk")
    sources = model("sources.Source").objects.filter(pk__in={c.source_id for c in citations})
    return [*facts, *citations, *sources.order_by("pk")]


@dataclass
class PreviewRow:
    record: models.Model
    kind: str
    status_before: str
    status_after: str
    public_after: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def status_before_label(self) -> str:
        return PublicationStatus(self.status_before).label

    @property
    def status_after_label(self) -> str:
        return PublicationStatus(self.status_after).label


@dataclass
class CasePreview:
    """What publishing a case makes public, and what stays hidden and why."""

    person: models.Model
    rows: list[PreviewRow]

    @property
    def becomes_public(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.public_after]

    @property
    def stays_hidden(self) -> list[PreviewRow]:
        return [row for row in self.rows if not row.public_after]

    @property
    def changes(self) -> int:
        return sum(row.status_before != row.status_after for row in self.rows)


class _Rollback(Exception):
    pass


def _check_editor(user, records) -> None:
    refused = sorted(
        {type(r)._meta.verbose_name_plural for r in records if not can_publish(user, type(r))}
    )
    if refused:
        raise PermissionDenied(
            _("You may not publish %(records)s.") % {"records": ", ".join(map(str, refused))}
        )


def _publish_records(records, *, user, reason) -> None:
    """Publish every draft and in-review record of ``records`` (retracted ones stay so)."""
    by_model: dict[type, list] = {}
    for record in records:
        if record.publication_status in RESEARCHER_STATUSES:
            by_model.setdefault(type(record), []).append(record.pk)
    for model in rules.refresh_order():
        if model in by_model:
            set_status(
                model, by_model[model], PublicationStatus.PUBLISHED, user=user, reason=reason
            )


def preview_case(person, *, user) -> CasePreview:
    """Exactly what ``publish_case`` would do: it is done in a transaction that is then
    rolled back, so the preview is the rule's own answer, not a second guess at it."""
    records = case_records(person)
    _check_editor(user, records)
    before = {(type(r), r.pk): r.publication_status for r in records}
    rows = []
    try:
        with transaction.atomic():
            _publish_records(records, user=user, reason="preview")
            rows = _rows(before)
            raise _Rollback
    except _Rollback:
        pass
    return CasePreview(person=person, rows=rows)


def publish_case(person, *, user) -> CasePreview:
    """Publish ``person``'s whole case (``case_records``) in one transaction; returns what
    became public and what stayed hidden and why. Nothing outside the case changes."""
    records = case_records(person)
    _check_editor(user, records)
    before = {(type(r), r.pk): r.publication_status for r in records}
    with transaction.atomic():
        _publish_records(records, user=user, reason=f"Published with the case of {person}")
        rows = _rows(before)
    return CasePreview(person=person, rows=rows)


def _rows(before: dict) -> list[PreviewRow]:
    rows = []
    for (model, pk), status_before in before.items():
        record = model._base_manager.get(pk=pk)
        reasons = rules.why_hidden(record)
        rows.append(
            PreviewRow(
                record=record,
                kind=str(model._meta.verbose_name),
                status_before=status_before,
                status_after=record.publication_status,
                public_after=not reasons,
                reasons=reasons,
            )
        )
    return rows


# Revisions of published records ---------------------------------------------------------


def _stored(model, name: str, value):
    """A form's cleaned value as JSON: what Revision.changes keeps."""
    model_field = model._meta.get_field(name)
    if model_field.many_to_many:
        return sorted(obj.pk for obj in value)
    if model_field.is_relation:
        return None if value is None else value.pk
    probe = model(**{model_field.attname: value})
    return model_field.value_to_string(probe)


def _current(record, name: str):
    model_field = record._meta.get_field(name)
    if model_field.many_to_many:
        return sorted(getattr(record, name).values_list("pk", flat=True))
    if model_field.is_relation:
        return getattr(record, model_field.attname)
    return model_field.value_to_string(record)


def propose_revision(record, *, changes: dict, user) -> Revision | None:
    """Hold ``changes`` (field name -> cleaned form value) to published ``record`` for an
    editor's review. The record itself is not touched. None when nothing changes."""
    model = type(record)
    published = model._base_manager.get(pk=record.pk)
    proposed, original = {}, {}
    for name, value in changes.items():
        if name == "publication_status":
            continue  # An editor's decision, never part of a revision.
        stored = _stored(model, name, value)
        if stored != _current(published, name):
            proposed[name] = stored
            original[name] = _current(published, name)
    if not proposed:
        return None
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=record.pk,
        changes=proposed,
        original=original,
        proposed_by=user,
    )


def revision_diff(revision: Revision) -> list[dict]:
    """Each changed field: its label, the published value, the proposed one, and whether the
    record changed there since the revision was proposed."""
    model = revision.content_type.model_class()
    record = model._base_manager.filter(pk=revision.object_id).first()
    rows = []
    for name, proposed in revision.changes.items():
        model_field = model._meta.get_field(name)
        rows.append(
            {
                "field": str(model_field.verbose_name),
                "published": revision.original.get(name),
                "proposed": proposed,
                "changed_since": record is not None
                and _current(record, name) != revision.original.get(name),
            }
        )
    return rows


def _decide(revision: Revision, user) -> models.Model:
    model = revision.content_type.model_class()
    if not can_publish(user, model):
        raise PermissionDenied(_("Only an editor may approve or reject a revision."))
    if revision.status != RevisionStatus.PENDING:
        raise ValidationError(_("This revision was already decided."))
    return model


def approve_revision(revision: Revision, *, user) -> models.Model:
    """Apply ``revision`` to its record (saved with history: the researcher's change,
    approved by ``user``). Refused when the record changed since in a field it touches."""
    model = _decide(revision, user)
    with transaction.atomic():
        record = model._base_manager.select_for_update().get(pk=revision.object_id)
        stale = [
            str(model._meta.get_field(name).verbose_name)
            for name in revision.changes
            if _current(record, name) != revision.original.get(name)
        ]
        if stale:
            raise ValidationError(
                _(
                    "The record changed since this revision was proposed (%(fields)s): "
                    "reject it and propose the change again."
                )
                % {"fields": ", ".join(stale)}
            )
        many = {}
        for name, value in revision.changes.items():
            model_field = model._meta.get_field(name)
            if model_field.many_to_many:
                many[name] = value
            elif model_field.is_relation:
                setattr(record, model_field.attname, value)
            else:
                setattr(record, model_field.attname, model_field.to_python(value))
        record.full_clean()
        record._history_user = user
        record._change_reason = (
            f"Revision #{revision.pk} by {revision.proposed_by}, approved by {user}"
        )
        record.save()
        for name, value in many.items():
            getattr(record, name).set(value)
        revision.status = RevisionStatus.APPROVED
        revision.decided_by = user
        revision.decided_at = timezone.now()
        revision.save()
    return record


def reject_revision(revision: Revision, *, user, reason: str) -> None:
    _decide(revision, user)
    if not reason.strip():
        raise ValidationError({"rejection_reason": _("Say why the revision is rejected.")})
    revision.status = RevisionStatus.REJECTED
    revision.decided_by = user
    revision.decided_at = timezone.now()
    revision.rejection_reason = reason
    revision.save()
