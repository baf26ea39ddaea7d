"""The abstract base every Casetracker record shares.

Every fact (person, organization, protest, proceeding, ruling, sentence, source, citation)
is a Record: it has timestamps, an editorial status and internal notes. Only published
records backed by a published citation reach the public site. ``visibility_condition()``
states that rule; ``is_public`` stores its result per row (kept current by
casetracker.visibility) so that public lists stay fast at hundreds of thousands of rows,
and ``public()`` is the one place every public query starts from.
"""

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef
from simple_history.models import HistoricalRecords

# Django's four plus "publish": editors publish and retract, researchers only draft.
RECORD_PERMISSIONS = ("add", "change", "delete", "view", "publish")


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, help_text="When this row was first saved.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When this row was last saved.")

    class Meta:
        abstract = True


# What a record keeps for researchers and for its own history, never for public pages.
BOOKKEEPING = ("created_at", "updated_at", "internal_notes")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


class RecordQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_status=PublicationStatus.PUBLISHED)

    def retracted(self):
        """Records an editor withdrew: their old URLs say so (HTTP 410), showing nothing."""
        return self.filter(publication_status=PublicationStatus.RETRACTED)

    def has_public_citation(self) -> Exists:
        """Condition: the record has a published citation of a published source."""
        citation = apps.get_model("sources", "Citation")
        opts = self.model._meta
        return Exists(
            citation.objects.public().filter(
                content_type__app_label=opts.app_label,
                content_type__model=opts.model_name,
                object_id=OuterRef("pk"),
            )
        )

    def visibility_condition(self):
        """The publishing rule, evaluated from scratch: published and cited publicly.

        casetracker.visibility stores its value in ``is_public``; read that instead.
        """
        return models.Q(publication_status=PublicationStatus.PUBLISHED) & models.Q(
            self.has_public_citation()
        )

    def public(self):
        """What the public site may show: published, and backed by a published citation.

        Every public query starts here. The stored flag answers fast; the status is checked
        again on the row itself, so an unpublished record can never slip through.
        """
        return self.filter(is_public=True, publication_status=PublicationStatus.PUBLISHED)

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
        from casetracker import visibility

        kwargs = self._with_derived_values(kwargs)
        pks = list(self.values_list("pk", flat=True))
        cited_before = visibility.facts_left_behind(self.model, pks, kwargs)
        rows = super().update(**kwargs)
        if pks:
            changed = list(self.model._base_manager.filter(pk__in=pks))
            visibility.record_bulk_history(self.model, changed, update=True)
            visibility.refresh(self.model, pks)
            visibility.refresh_facts(cited_before)
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

    def bulk_create(self, objs, *args, record_history=True, refresh_visibility=True, **kwargs):
        """Bulk inserts keep history and visibility current.

        A bulk loader may skip both (synthetic data is no one's edit) if it then runs
        casetracker.visibility.refresh_all() once, which is much faster than per batch.
        """
        from casetracker import visibility

        created = super().bulk_create(objs, *args, **kwargs)
        pks = [obj.pk for obj in created if obj.pk is not None]
        if record_history:
            visibility.record_bulk_history(self.model, created)
        if pks and refresh_visibility:
            visibility.refresh(self.model, pks)
        return created


class Record(TimeStampedModel):
    publication_status = models.CharField(
        max_length=10,
        choices=PublicationStatus,
        default=PublicationStatus.DRAFT,
        db_index=True,
        help_text=(
            "Editorial state. Only published records appear on the public site, "
            "in search, in the CSV export and in the API."
        ),
    )
    internal_notes = models.TextField(
        blank=True,
        help_text="For researchers and editors only: never shown publicly, never exported.",
    )
    is_public = models.BooleanField(
        default=False,
        editable=False,
        db_index=True,
        help_text=(
            "Computed: published and backed by a published citation (sources: published). "
            "Kept current by casetracker.visibility on every save, bulk update and citation."
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

    @property
    def shows_publicly(self) -> bool:
        """The row-level twin of ``public()``, for a related record already loaded."""
        return self.is_public and self.is_published


def public_or_none(relation: str) -> models.Q:
    """Condition: the record ``relation`` points to is public, or it points nowhere.

    Written as a join on the stored flag rather than ``relation__in=Model.objects.public()``:
    combined with the OR, an IN (subquery) makes PostgreSQL list every public row first.
    """
    return models.Q(**{f"{relation}__isnull": True}) | public_relation(relation)


def public_relation(relation: str) -> models.Q:
    """Condition: the record ``relation`` points to is public (False when it points nowhere).

    The same rule as ``RecordQuerySet.public()``, read through a join.
    """
    return models.Q(
        **{
            f"{relation}__is_public": True,
            f"{relation}__publication_status": PublicationStatus.PUBLISHED,
        }
    )


def status_constraint(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(publication_status__in=PublicationStatus.values),
        name=f"{prefix}_publication_status_valid",
    )


def choices_constraint(prefix: str, field: str, choices, *, blank: bool = False):
    """The database twin of a TextChoices field: refuse any value the form would refuse."""
    values = list(choices.values) + ([""] if blank else [])
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": values}),
        name=f"{prefix}_{field}_valid",
        violation_error_message=f"Choose a valid {field.replace('_', ' ')}.",
    )
