"""The editorial base every Casetracker record shares, and pending revisions.

Every fact (person, organization, protest, proceeding, ruling, sentence, source, citation)
is a Record: it has timestamps, an editorial status and internal notes. What the public
may see of records is decided in publishing.rules; ``is_public`` stores that decision per
row (kept current by publishing.upkeep) so that public lists stay fast at hundreds of
thousands of rows, and ``Model.objects.public()`` is where every public query starts.

A Revision holds a researcher's change to a published record until an editor approves
or rejects it (publishing.services); the public keeps seeing the published version.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casetracker.constraints import choices_constraint
from publishing import generation, rules, upkeep

# Django's four plus "publish": editors publish and retract, researchers only draft.
RECORD_PERMISSIONS = ("add", "change", "delete", "view", "publish")


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(
        verbose_name=_("created"), auto_now_add=True, help_text=_("When this row was first saved.")
    )
    updated_at = models.DateTimeField(
        verbose_name=_("updated"), auto_now=True, help_text=_("When this row was last saved.")
    )

    class Meta:
        abstract = True


# What a record keeps for researchers and for its own history, never for public pages.
BOOKKEEPING = ("created_at", "updated_at", "internal_notes")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    RETRACTED = "retracted", _("Retracted")


class RecordQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_status=PublicationStatus.PUBLISHED)

    def retracted(self):
        """Records an editor withdrew: their old URLs say so (HTTP 410), showing nothing."""
        return self.filter(publication_status=PublicationStatus.RETRACTED)

    def visibility_condition(self):
        """The publishing rule, evaluated from scratch (publishing.rules).

        publishing.upkeep stores its value in ``is_public``; read that instead.
        """
        return rules.visibility_condition(self.model)

    def public(self):
        """What the public may see (publishing.rules): every public query starts here.

        The stored flag answers fast; the status is checked again on the row itself, so an
        unpublished record can never slip through.
        """
        return self.filter(rules.public_q())

    def without_bookkeeping(self, *related: str):
        """Without the columns no public page shows: the timestamps and the internal notes,
        of these records and of the ``related`` ones they select (``select_related``).

        A page of a few dozen records spent more time converting their timestamps than
        PostgreSQL took to read them; and notes never read cannot be shown by mistake.
        Reading a deferred column later costs a query per record: pages keep to the rest.
        """
        prefixes = ["", *(f"{relation}__" for relation in related)]
        return self.defer(*(prefix + name for prefix in prefixes for name in BOOKKEEPING))

    def update(self, **kwargs):
        """Bulk updates keep history, visibility and computed columns current, like single
        saves do."""
        kwargs = self._with_derived_values(kwargs)
        pks = list(self.values_list("pk", flat=True))
        cited_before = upkeep.facts_left_behind(self.model, pks, kwargs)
        rows = super().update(**kwargs)
        if pks:
            changed = list(self.model._base_manager.filter(pk__in=pks))
            upkeep.record_bulk_history(self.model, changed, update=True)
            upkeep.refresh(self.model, pks)
            upkeep.refresh_facts(cited_before)
            generation.bump(self.db)  # an update sends no signal
        return rows

    def _with_derived_values(self, values: dict) -> dict:
        """``values`` of an update, with the columns computed from them (a partial date's
        range and precision, a name's search key) computed as a save would.

        The value is checked as a form would check it (an invalid partial date is refused
        with the form's message, before any row changes) and stored in its canonical
        spelling. A computed column cannot be set on its own, nor its source set to an
        expression, whose value per row is not known here: save each row instead.
        """
        from casetracker.fields import DerivedFieldMixin

        derived = [
            field
            for field in self.model._meta.concrete_fields
            if isinstance(field, DerivedFieldMixin)
        ]
        if not derived:
            return values
        values = dict(values)
        for field in derived:
            if field.name in values or field.attname in values:
                raise TypeError(
                    f"{field.name} is computed from {field.source}: update {field.source} instead."
                )
        probes = {}
        for field in derived:
            if field.source not in values:
                continue
            probe = probes.get(field.source)
            if probe is None:
                source = self.model._meta.get_field(field.source)
                value = values[field.source]
                if hasattr(value, "resolve_expression"):
                    raise TypeError(
                        f"{field.source} has computed columns: update it with a value, "
                        "not an expression, or save each row."
                    )
                probe = probes[field.source] = self.model(**{source.attname: value})
                value = source.clean(value, probe)
                setattr(probe, source.attname, value)
                values[field.source] = source.pre_save(probe, False)
            values[field.attname] = field.compute(probe)
        return values

    def delete(self):
        """Refused while any of the records has facts hanging on it (see Record.delete)."""
        for record in self:
            record.refuse_delete_with_dependents()
        return super().delete()

    def bulk_create(self, objs, *args, record_history=True, refresh_visibility=True, **kwargs):
        """Bulk inserts keep history and visibility current.

        A bulk loader may skip both (synthetic data is no one's edit) if it then runs
        publishing.upkeep.refresh_all() once, which is much faster than per batch.
        """
        created = super().bulk_create(objs, *args, **kwargs)
        pks = [obj.pk for obj in created if obj.pk is not None]
        if record_history:
            upkeep.record_bulk_history(self.model, created)
        if pks and refresh_visibility:
            upkeep.refresh(self.model, pks)
        if created:
            generation.bump(self.db)  # a bulk insert sends no signal
        return created


class Record(TimeStampedModel):
    publication_status = models.CharField(
        verbose_name=_("publication status"),
        max_length=10,
        choices=PublicationStatus,
        default=PublicationStatus.DRAFT,
        db_index=True,
        help_text=(
            _(
                "Editorial state. Only published records appear on the public site, "
                "in search, in the CSV export and in the API."
            )
        ),
    )
    internal_notes = models.TextField(
        verbose_name=_("internal notes"),
        blank=True,
        help_text=_("For researchers and editors only: never shown publicly, never exported."),
    )
    is_public = models.BooleanField(
        verbose_name=_("public"),
        default=False,
        editable=False,
        db_index=True,
        help_text=(
            _(
                "Computed by the publishing rule (publishing.rules): published, backed by a "
                "published citation, every parent record public, and naming no protected person. "
                "Kept current by publishing.upkeep on every write."
            )
        ),
    )

    objects = RecordQuerySet.as_manager()
    # Who changed what and when, for every record (see casetracker.history for bulk paths).
    history = HistoricalRecords(
        inherit=True,
        # A computed column, not an edit: it follows from the fields history does keep.
        excluded_fields=["is_public"],
    )

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.publication_status == PublicationStatus.PUBLISHED

    def dependents(self) -> list[models.Model]:
        """What a delete of this record would erase with it: its citations and its links to
        other records (a protest's proceedings). Records that point to it by a foreign key
        are protected by the database (on_delete=PROTECT) and listed by Django itself."""
        found = []
        citations = getattr(self, "citations", None)
        if rules.label(type(self)) != "sources.Source" and citations is not None:
            found += list(citations.all())
        for model_field in self._meta.get_fields():
            if model_field.many_to_many:
                name = model_field.get_accessor_name() if model_field.auto_created else None
                found += list(getattr(self, name or model_field.name).all())
        return found

    def refuse_delete_with_dependents(self) -> None:
        dependents = self.dependents()
        if dependents:
            raise models.ProtectedError(
                ngettext(
                    "“%(record)s” cannot be deleted: %(count)d citation or link relies on it. "
                    "Retract it instead, or remove it first.",
                    "“%(record)s” cannot be deleted: %(count)d citations or links rely on it. "
                    "Retract it instead, or remove those first.",
                    len(dependents),
                )
                % {"record": self, "count": len(dependents)},
                set(dependents),
            )

    def delete(self, *args, **kwargs):
        """Never erases facts silently: refused while citations or links hang on it (and,
        by the database, while records point to it). History keeps what is deleted."""
        self.refuse_delete_with_dependents()
        return super().delete(*args, **kwargs)

    @property
    def shows_publicly(self) -> bool:
        """The row-level twin of ``public()``, for a related record already loaded."""
        return rules.shows_publicly(self)


def status_constraint(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(publication_status__in=PublicationStatus.values),
        name=f"{prefix}_publication_status_valid",
    )


class RevisionStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Revision(TimeStampedModel):
    """A researcher's change to a published record, held until an editor decides.

    The public keeps seeing the published version; approving applies the change (and the
    record's history shows it, with the researcher and the editor), rejecting keeps the
    reason for the researcher.
    """

    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("record type"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The kind of record the change is for."),
    )
    object_id = models.PositiveBigIntegerField(
        verbose_name=_("record ID"), help_text=_("The id of the record changed.")
    )
    record = GenericForeignKey("content_type", "object_id")
    changes = models.JSONField(
        verbose_name=_("changes"),
        help_text=_("The fields changed: name -> the proposed value, as the form stores it."),
    )
    original = models.JSONField(
        verbose_name=_("original values"),
        help_text=_("The same fields' published values when the change was proposed."),
    )
    status = models.CharField(
        verbose_name=_("review status"),
        max_length=10,
        choices=RevisionStatus,
        default=RevisionStatus.PENDING,
        db_index=True,
        help_text=_("Pending review, approved (applied) or rejected."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="proposed_revisions",
        help_text=_("The researcher who proposed the change."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_revisions",
        help_text=_("The editor who approved or rejected it."),
    )
    decided_at = models.DateTimeField(
        verbose_name=_("decided at"),
        null=True,
        blank=True,
        help_text=_("When the editor approved or rejected it."),
    )
    rejection_reason = models.TextField(
        verbose_name=_("reason for rejection"),
        blank=True,
        help_text=_("Why the editor rejected it (shown to the researcher)."),
    )

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="revision_record_idx")]
        constraints = [
            choices_constraint("revision", "status", RevisionStatus),
            models.CheckConstraint(
                condition=models.Q(status=RevisionStatus.PENDING)
                | models.Q(decided_by__isnull=False, decided_at__isnull=False),
                name="revision_decision_has_editor",
                violation_error_message=_("A decided revision names its editor and date."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=RevisionStatus.REJECTED)
                | ~models.Q(rejection_reason=""),
                name="revision_rejection_has_reason",
                violation_error_message=_("Say why the revision is rejected."),
            ),
        ]

    def __str__(self):
        return gettext("Revision #%(number)s of %(kind)s #%(id)s") % {
            "number": self.pk,
            "kind": self.content_type.name,
            "id": self.object_id,
        }

    def get_absolute_url(self):
        return reverse("admin:publishing_revision_change", args=[self.pk])
