"""The abstract base every Casetracker record shares.

Every fact (person, organization, protest, proceeding, ruling, sentence, source, citation)
is a Record: it has timestamps, an editorial status and internal notes. Only published
records reach the public site; ``RecordQuerySet.published()`` is the one place that says so.
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

    def cited(self):
        return self.filter(self.has_public_citation())

    def public(self):
        """What the public site may show: published, and backed by a published citation.

        Every public query starts here, so the publishing rules live in one place.
        """
        return self.published().cited()


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

    objects = RecordQuerySet.as_manager()
    # Who changed what and when, for every record (see casetracker.history for bulk paths).
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.publication_status == PublicationStatus.PUBLISHED


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
