"""Sources and citations: the article behind every fact.

A Citation links one source to one fact (any record, or one field of it) with a short
verbatim quote. When sources disagree, each citation carries the value its source gives
(``reported_value``), so conflicting reports are held side by side on the same fact.
A source that is cited anywhere cannot be deleted (PROTECT).
"""

import datetime

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casetracker.constraints import choices_constraint
from casetracker.partial_dates import PartialDateField, partial_date_constraints
from publishing.models import RECORD_PERMISSIONS, Record, status_constraint

# The sources list's order, newest first and the undated last: the day a source was
# published, an undated one as the earliest day. An expression without nulls, so that one
# index serves it on both databases (SQLite indexes no NULLS LAST).
NEWEST_FIRST_KEY = Coalesce(models.F("published_start"), models.Value(datetime.date.min))


class Source(Record):
    outlet = models.CharField(
        verbose_name=_("outlet"),
        max_length=200,
        help_text=_("Who published the report, e.g. “AFP”, “RFE/RL's Kazakh Service”."),
    )
    outlet_organization = models.ForeignKey(
        "people.Organization",
        verbose_name=_("outlet's organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_sources",
        limit_choices_to={"kind": "media"},
        help_text=_("The outlet's organization record, if it has one."),
    )
    headline = models.CharField(
        verbose_name=_("headline"), max_length=500, help_text=_("Headline as published.")
    )
    url = models.URLField(
        verbose_name=_("URL"),
        max_length=500,
        unique=True,
        help_text=_("Address of the article as read. Each article is entered once."),
        error_messages={"unique": _("A source with this URL already exists.")},
    )
    published = PartialDateField(
        verbose_name=_("publication date"), help_text=_("Publication date, as precisely as known.")
    )
    date_note = models.TextField(
        verbose_name=_("how the date is known"),
        blank=True,
        help_text=_("How the publication date is known (stated, or inferred and why)."),
    )
    language = models.CharField(
        verbose_name=_("language"),
        max_length=10,
        default="en",
        help_text=_("Language code of the text read: en, ru, kk, …"),
    )
    author = models.CharField(
        verbose_name=_("author"),
        max_length=200,
        blank=True,
        help_text=_("Byline, if any. Blank means not reported."),
    )
    copy_read = models.CharField(
        verbose_name=_("copy read"),
        max_length=300,
        blank=True,
        help_text=_("The copy actually read, when not the original (“AFP text on Asia Times”)."),
    )
    archive_url = models.URLField(
        verbose_name=_("archive URL"),
        max_length=500,
        blank=True,
        help_text=_("A permanent archived copy (Wayback, archive.today)."),
    )
    accessed_on = models.DateField(
        verbose_name=_("accessed on"),
        null=True,
        blank=True,
        help_text=_("The day a researcher last read the article."),
    )

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["-published_start", "outlet", "pk"]
        indexes = [
            # The sources list, newest first (sources.views.SourceListView): its page read
            # from here, not every public source sorted to show fifty.
            models.Index(
                NEWEST_FIRST_KEY.desc(),
                "outlet",
                "id",
                name="source_public_newest_idx",
                condition=Q(is_public=True, publication_status="published"),
            ),
        ]
        constraints = [
            status_constraint("source"),
            *partial_date_constraints("source", "published"),
            models.CheckConstraint(condition=~Q(url=""), name="source_url_not_blank"),
            models.CheckConstraint(condition=~Q(headline=""), name="source_headline_not_blank"),
        ]

    def __str__(self):
        return f"{self.outlet}: {self.headline}"

    def get_absolute_url(self):
        return reverse("sources:source_detail", kwargs={"pk": self.pk})


# Bookkeeping columns of every record: not facts, so no citation may point at them, and
# internal notes are never shown publicly. Computed columns (not editable) neither.
NOT_CITABLE = frozenset({"id", "created_at", "updated_at", "publication_status", "internal_notes"})


def is_citable(model: type[models.Model], name: str) -> bool:
    """Whether a citation may support field ``name`` of ``model`` (a public fact of it)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return not (field.concrete and (not field.editable or name in NOT_CITABLE))


class Confidence(models.TextChoices):
    HIGH = "high", _("High: stated plainly")
    MEDIUM = "medium", _("Medium: implied or second-hand")
    LOW = "low", _("Low: inferred by the researcher")


def field_words(model, name: str) -> str:
    """The field ``name`` of ``model`` in the reader's words ("date", "дата"): what a
    citation of it supports; "" for the whole record, and ``name`` itself when the model
    has no such field."""
    if not name:
        return ""
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


class Citation(Record):
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="citations",
        help_text=_("The article that reports the fact."),
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("record type"),
        on_delete=models.PROTECT,
        help_text=_("The kind of record cited (person, protest, sentence, …)."),
    )
    object_id = models.PositiveBigIntegerField(
        verbose_name=_("record ID"), help_text=_("The id of the record cited.")
    )
    fact = GenericForeignKey("content_type", "object_id")
    field = models.CharField(
        verbose_name=_("field"),
        max_length=100,
        blank=True,
        help_text=_("The field of the record this citation supports; blank for the whole record."),
    )
    quote = models.TextField(
        verbose_name=_("quote"),
        help_text=_("A short verbatim quote from the source that states the fact."),
    )
    translation = models.TextField(
        verbose_name=_("translation"),
        blank=True,
        help_text=_("English translation of the quote, if the source is not English."),
    )
    reported_value = models.CharField(
        verbose_name=_("reported value"),
        max_length=500,
        blank=True,
        help_text=(
            _(
                "The value this source gives, when sources disagree (“one week” vs “15 days”). "
                "Citations of one field with different values are shown side by side."
            )
        ),
    )
    locator = models.CharField(
        verbose_name=_("locator"),
        max_length=100,
        blank=True,
        help_text=_("Where in the source: paragraph, page, timestamp."),
    )
    confidence = models.CharField(
        verbose_name=_("confidence"),
        max_length=10,
        choices=Confidence,
        default=Confidence.HIGH,
        help_text=_("How directly the quote states the fact."),
    )

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["source__published_start", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_fact_idx")]
        constraints = [
            status_constraint("citation"),
            choices_constraint("citation", "confidence", Confidence),
            models.CheckConstraint(
                condition=~Q(quote=""),
                name="citation_quote_not_blank",
                violation_error_message=_("A citation needs a verbatim quote."),
            ),
        ]

    def __str__(self):
        return f"{self.source.outlet}: “{self.quote[:60]}”"

    def field_words(self) -> str:
        """The field of its record this citation supports, in words (``field_words``)."""
        model = self.content_type.model_class() if self.content_type_id else None
        return field_words(model, self.field) if model is not None else ""

    def clean(self):
        if not self.quote.strip():
            raise ValidationError(
                {"quote": _("A citation needs a verbatim quote from the source.")}
            )
        if self.field and self.content_type_id:
            model = self.content_type.model_class()
            try:
                model._meta.get_field(self.field)
            except FieldDoesNotExist:
                raise ValidationError(
                    {
                        "field": _("%(model)s has no field “%(field)s”.")
                        % {"model": model._meta.verbose_name, "field": self.field}
                    }
                ) from None
            if not is_citable(model, self.field):
                raise ValidationError(
                    {
                        "field": _("“%(field)s” cannot be cited: it is not a public fact.")
                        % {"field": self.field}
                    }
                )
