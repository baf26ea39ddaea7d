"""The chain every case belongs to: protest → detention → proceeding → ruling → sentence.

A Proceeding is one person in one legal matter (or a count of unnamed defendants when the
sources name nobody). Detention before trial is a PretrialMeasure of the proceeding.
Sentences keep the amount as reported and a normalized value (days, KZT) for filtering.
A proceeding's days in court are Hearings (a transfer to another court is one, with the
court it left), each ruling may name its own court (an appeal court), and the judge,
prosecutor and lawyers are people with a CourtRole in it.
"""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Upper
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext, ngettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from casetracker.constraints import choices_constraint
from casetracker.coordinates import Coordinates, coordinate_constraints
from casetracker.partial_dates import (
    PartialDateField,
    parse_or_none,
    partial_date_constraints,
    partial_date_order_constraint,
    validate_order,
)
from people.models import Organization, OrganizationKind, Person
from publishing.models import RECORD_PERMISSIONS, Record, status_constraint
from publishing.texts import versions_of

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


def validate_court(record, *fields: str) -> None:
    """The organizations ``fields`` of ``record`` name, when they do, are courts (forms
    offer only courts; this holds for every other path that validates)."""
    errors = {}
    for name in fields:
        if getattr(record, f"{name}_id") and getattr(record, name).kind != OrganizationKind.COURT:
            errors[name] = _("Choose a court (an organization of the kind “Court”).")
    if errors:
        raise ValidationError(errors)


class ProtestKind(models.TextChoices):
    SOLO_PICKET = "solo_picket", _("Solo picket")
    PICKET = "picket", _("Picket")
    RALLY = "rally", _("Rally")
    MARCH = "march", _("March")
    ONLINE = "online", _("Online protest")
    CAMPAIGN = "campaign", _("Campaign (series of protests)")
    OTHER = "other", pgettext_lazy("kind of protest", "Other")


class ProtestStatus(models.TextChoices):
    HELD = "held", _("Held")
    PLANNED = "planned", _("Planned")
    PREVENTED = "prevented", _("Prevented")
    DISPERSED = "dispersed", _("Dispersed")


class OccasionKind(models.TextChoices):
    STATE_VISIT = "state_visit", _("State visit")
    SUMMIT = "summit", _("Summit")
    ANNIVERSARY = "anniversary", _("Anniversary")
    ELECTION = "election", _("Election")
    TRIAL = "trial", _("Trial")
    OTHER = "other", pgettext_lazy("kind of occasion", "Other")


class Occasion(Record):
    """What a protest was timed to or about: a state visit, a summit, an anniversary.

    A fact about the world like any other, so it is public only with a citation: the
    article that ties a protest to a visit nearly always reports the visit itself.
    """

    name = models.CharField(
        verbose_name=_("name"),
        max_length=300,
        help_text=_("Short name, e.g. “Xi Jinping's state visit to Kazakhstan”."),
    )
    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=20,
        choices=OccasionKind,
        help_text=_("What kind of occasion."),
    )
    date = PartialDateField(
        verbose_name=_("date"), help_text=_("When it took place, as precisely as known.")
    )
    description = models.TextField(
        verbose_name=_("description"), blank=True, help_text=_("What it was (public).")
    )
    description_ru, description_kk = versions_of("description", _("description"))

    citations = GenericRelation("sources.Citation", related_query_name="occasion")

    class Meta:
        verbose_name = _("occasion")
        verbose_name_plural = _("occasions")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["-date_start", "name"]
        constraints = [
            status_constraint("occasion"),
            choices_constraint("occasion", "kind", OccasionKind),
            *partial_date_constraints("occasion", "date"),
            models.CheckConstraint(condition=~Q(name=""), name="occasion_name_not_blank"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:occasion_detail", kwargs={"pk": self.pk})


# The protests list's order: the day a protest began, newest first, an undated one as the
# earliest day (an expression without nulls, which one index serves on both databases).
PROTESTS_NEWEST_FIRST_KEY = Coalesce(F("start_start"), Value(datetime.date.min))
# The search's cases, the same way: the day a case was opened, newest first.
CASES_NEWEST_FIRST_KEY = Coalesce(F("opened_start"), Value(datetime.date.min))


class Protest(Record, Coordinates):
    title = models.CharField(
        verbose_name=_("title"),
        max_length=300,
        help_text=_("Short descriptive title, e.g. “Solo picket at the consulate”."),
    )
    kind = models.CharField(
        verbose_name=_("form of protest"),
        max_length=20,
        choices=ProtestKind,
        help_text=_("Form of the protest."),
    )
    title_ru, title_kk = versions_of("title", _("title"), models.CharField, max_length=300)
    status = models.CharField(
        verbose_name=_("status"),
        max_length=10,
        choices=ProtestStatus,
        default=ProtestStatus.HELD,
        help_text=(
            _(
                "Whether it took place: held, only planned (announced, not held), prevented "
                "(stopped before it began) or dispersed (broken up once under way)."
            )
        ),
    )
    occasions = models.ManyToManyField(
        Occasion,
        verbose_name=_("occasions"),
        blank=True,
        related_name="protests",
        help_text=_("What it was timed to or about (a state visit, a summit, an anniversary)."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The campaign this protest is one day of (e.g. the 135-day picket)."),
    )
    start = PartialDateField(
        verbose_name=_("start"), help_text=_("When it began, as precisely as known.")
    )
    end = PartialDateField(
        verbose_name=_("end"), help_text=_("When it ended, for multi-day protests.")
    )
    place = models.CharField(
        verbose_name=_("place as reported"),
        max_length=300,
        blank=True,
        help_text=_("Where, as reported (“outside the consulate”)."),
    )
    locality = models.CharField(
        verbose_name=_("locality"), max_length=200, blank=True, help_text=_("City or town.")
    )
    region = models.CharField(
        verbose_name=_("region"), max_length=200, blank=True, help_text=_("Region or province.")
    )
    country = models.CharField(
        verbose_name=_("country"), max_length=100, blank=True, help_text=_("Country.")
    )
    location = models.ForeignKey(
        "places.Place",
        verbose_name=_("place record"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protests",
        help_text=(
            _(
                "Where, as a place record (the most precise one known: a site, a town, a region); "
                "the text fields above keep the sources' words."
            )
        ),
    )
    target = models.CharField(
        verbose_name=_("target"),
        max_length=300,
        blank=True,
        help_text=_("Whom it addressed, as reported."),
    )
    target_organization = models.ForeignKey(
        Organization,
        verbose_name=_("target organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targeted_by_protests",
        help_text=_("The organization targeted (e.g. the Chinese consulate), if recorded."),
    )
    demands = models.TextField(
        verbose_name=_("demands"), blank=True, help_text=_("What the protesters demanded.")
    )
    crowd_low = models.PositiveIntegerField(
        verbose_name=_("crowd (low)"),
        null=True,
        blank=True,
        help_text=_("Lowest reported number of participants."),
    )
    crowd_high = models.PositiveIntegerField(
        verbose_name=_("crowd (high)"),
        null=True,
        blank=True,
        help_text=_("Highest reported number of participants."),
    )
    crowd_as_reported = models.CharField(
        verbose_name=_("crowd as reported"),
        max_length=200,
        blank=True,
        help_text=_("Crowd size in the sources' words (“around 30”)."),
    )
    detained_count = models.PositiveIntegerField(
        verbose_name=_("number detained"),
        null=True,
        blank=True,
        help_text=_("People detained, including unnamed ones, if reported."),
    )
    description = models.TextField(
        verbose_name=_("description"), blank=True, help_text=_("What happened (public).")
    )
    description_ru, description_kk = versions_of("description", _("description"))

    citations = GenericRelation("sources.Citation", related_query_name="protest")

    class Meta:
        verbose_name = _("protest")
        verbose_name_plural = _("protests")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["-start_start", "title"]
        indexes = [
            # The protests list, newest first and the undated last (events.views.
            # ProtestListView): each page read from here by cursor, never sorted whole. The
            # date itself after the id, as the search's walk of the newest cases has it
            # (Proceeding): the walk reads the index alone.
            models.Index(
                PROTESTS_NEWEST_FIRST_KEY.desc(),
                "title",
                "id",
                "start_start",
                name="protest_public_newest_idx",
                condition=Q(is_public=True, publication_status="published"),
            ),
        ]
        constraints = [
            status_constraint("protest"),
            choices_constraint("protest", "kind", ProtestKind),
            choices_constraint("protest", "status", ProtestStatus),
            *coordinate_constraints("protest"),
            *partial_date_constraints("protest", "start"),
            *partial_date_constraints("protest", "end"),
            partial_date_order_constraint("protest", "start", "end"),
            models.CheckConstraint(
                condition=Q(crowd_low__isnull=True)
                | Q(crowd_high__isnull=True)
                | Q(crowd_high__gte=F("crowd_low")),
                name="protest_crowd_high_not_below_low",
                violation_error_message=_("The high crowd estimate cannot be below the low one."),
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="protest_not_own_parent"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:protest_detail", kwargs={"pk": self.pk})

    def clean(self):
        validate_order(self, "start", "end")
        errors = self.coordinate_errors()
        if None not in (self.crowd_low, self.crowd_high) and self.crowd_high < self.crowd_low:
            errors["crowd_high"] = _("The high estimate cannot be below the low one.")
        if self.pk and self.parent_id == self.pk:
            errors["parent"] = _("A protest cannot be its own campaign.")
        if errors:
            raise ValidationError(errors)


class SloganKind(models.TextChoices):
    PLACARD = "placard", _("Placard or sign")
    SLOGAN = "slogan", _("Slogan or chant")
    STATEMENT = "statement", _("Statement")


class Slogan(Record):
    protest = models.ForeignKey(
        Protest,
        verbose_name=_("protest"),
        on_delete=models.PROTECT,
        related_name="slogans",
        help_text=_("The protest where it was shown or said."),
    )
    kind = models.CharField(
        verbose_name=_("form"),
        max_length=10,
        choices=SloganKind,
        default=SloganKind.PLACARD,
        help_text=_("Form."),
    )
    text = models.TextField(verbose_name=_("text"), help_text=_("The words, as reported."))
    translation = models.TextField(
        verbose_name=_("translation"), blank=True, help_text=_("English translation, if needed.")
    )

    citations = GenericRelation("sources.Citation", related_query_name="slogan")

    class Meta:
        verbose_name = _("slogan")
        verbose_name_plural = _("slogans")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["protest", "pk"]
        indexes = [
            # The site search by kind ("placard", "house arrest", "judge"): the records of
            # that kind read from the index, not every row tested (casetracker.site_search).
            models.Index(
                fields=["kind", "protest"],
                condition=Q(is_public=True, publication_status="published"),
                name="slogan_public_kind_idx",
            ),
        ]
        constraints = [
            status_constraint("slogan"),
            choices_constraint("slogan", "kind", SloganKind),
            models.CheckConstraint(condition=~Q(text=""), name="slogan_text_not_blank"),
        ]

    def __str__(self):
        return self.text[:80]


class ParticipantRole(models.TextChoices):
    ORGANIZER = "organizer", _("Organizer")
    PARTICIPANT = "participant", _("Participant")
    DETAINED = "detained", _("Participant, detained")
    SPEAKER = "speaker", _("Speaker")
    SUBJECT = "subject", _("Person the protest was about")


class Participation(Record):
    protest = models.ForeignKey(
        Protest,
        verbose_name=_("protest"),
        on_delete=models.PROTECT,
        related_name="participations",
        help_text=_("The protest."),
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="participations",
        help_text=_("The participant."),
    )
    role = models.CharField(
        verbose_name=_("role"),
        max_length=20,
        choices=ParticipantRole,
        default=ParticipantRole.PARTICIPANT,
        help_text=_("What they did there."),
    )

    citations = GenericRelation("sources.Citation", related_query_name="participation")

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["protest", "role", "person"]
        constraints = [
            status_constraint("participation"),
            choices_constraint("participation", "role", ParticipantRole),
            models.UniqueConstraint(
                fields=["protest", "person", "role"], name="participation_unique"
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()} — {self.protest}"


class ProceedingKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative")
    CRIMINAL = "criminal", _("Criminal")
    # A detention no case followed (held for hours, summoned, missing): it reaches the case
    # list through a sentence of kind held_without_charge or missing_presumed_detained.
    NONE = "none", _("No case: held without charge")


class UnnamedCount(models.TextChoices):
    """How precisely the sources count the defendants they do not name."""

    EXACT = "exact", _("Exactly (“12 people”)")
    ABOUT = "about", _("About (“about ten”)")
    MORE_THAN = "more_than", _("More than (“more than ten”)")
    UNKNOWN = "unknown", _("Unknown number (“several”, “a group”)")


def unnamed_number(count: int | None, precision: str) -> str:
    """The count of unnamed defendants in words, before the noun: “12”, “about 10”,
    “more than 10”, “an unknown number of”; "" when there are none."""
    if precision == UnnamedCount.UNKNOWN:
        return gettext("an unknown number of")
    if count is None:
        return ""
    if precision == UnnamedCount.ABOUT:
        return gettext("about %(count)s") % {"count": count}
    if precision == UnnamedCount.MORE_THAN:
        return gettext("more than %(count)s") % {"count": count}
    return str(count)


class Proceeding(Record):
    person = models.ForeignKey(
        Person,
        verbose_name=_("defendant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proceedings",
        help_text=_("The defendant. Leave blank only for a group of unnamed defendants."),
    )
    unnamed_defendants = models.PositiveIntegerField(
        verbose_name=_("unnamed defendants"),
        null=True,
        blank=True,
        help_text=(
            _(
                "Defendants the sources do not name: co-defendants of the person, or the whole "
                "group when no person is given (“12 people jailed”). Blank: none, or a number "
                "the sources do not give (then say so below)."
            )
        ),
    )
    unnamed_defendants_precision = models.CharField(
        verbose_name=_("how unnamed defendants are counted"),
        max_length=10,
        choices=UnnamedCount,
        default=UnnamedCount.EXACT,
        help_text=(
            _(
                "How the sources count them: exactly, about, more than, or an unknown number "
                "(leave the count blank)."
            )
        ),
    )
    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=20,
        choices=ProceedingKind,
        help_text=(
            _(
                "Administrative or criminal; “no case” for a detention that no proceeding "
                "followed (held for hours, summoned, missing)."
            )
        ),
    )
    country = models.CharField(
        verbose_name=_("country"),
        max_length=100,
        default="Kazakhstan",
        help_text=_("Country whose authorities prosecute (China, for relatives tried there)."),
    )
    court = models.ForeignKey(
        Organization,
        verbose_name=_("court"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proceedings",
        limit_choices_to={"kind": "court"},
        help_text=_("The court, if the sources name it. Blank reads “not reported”."),
    )
    court_as_reported = models.CharField(
        verbose_name=_("court as reported"),
        max_length=300,
        blank=True,
        help_text=_("The court in the sources' words (“a court in Almaty”)."),
    )
    case_number = models.CharField(
        verbose_name=_("case number"),
        max_length=100,
        blank=True,
        help_text=_("Official case number."),
    )
    opened = PartialDateField(
        verbose_name=_("opened"),
        help_text=(
            _(
                "When the case was opened or the person charged; for a detention without a "
                "case, when the person was detained."
            )
        ),
    )
    protests = models.ManyToManyField(
        Protest,
        verbose_name=_("protests"),
        blank=True,
        related_name="proceedings",
        help_text=_("The protest(s) the proceeding arose from."),
    )
    summary = models.TextField(
        verbose_name=_("summary"), blank=True, help_text=_("What the case is about (public).")
    )
    summary_ru, summary_kk = versions_of("summary", _("summary"))

    citations = GenericRelation("sources.Citation", related_query_name="proceeding")

    class Meta:
        verbose_name = _("proceeding")
        verbose_name_plural = _("proceedings")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["-opened_start", "pk"]
        # The search's cases (casetracker/views.py): every matching public case's date, to
        # count them and pick the newest, read from this index instead of the table (the
        # 25,556 cases of "not guilty": 82 → 47 ms at the benchmark's default size). The
        # date is a key column, not INCLUDEd: SQLite has no covering indexes.
        # When more than a thousand match (casetracker.site_search.newest_cases), the
        # search walks the public cases newest first, undated last, by this index, testing
        # each until twenty match ("fine": 0.3 s → 15 ms of SQL at the default size). It
        # holds the date itself too, after the id (the order is the same), so that the walk
        # and the day of the case it stops at are read from the index alone: PostgreSQL
        # reads an index on an expression without the table only when the index also holds
        # the column the expression reads (the stopping day, 5,000 cases down: 3.3 → 0.5
        # ms).
        indexes = [
            models.Index(
                fields=["id", "opened_start"],
                condition=Q(is_public=True, publication_status="published"),
                name="proceeding_public_opened_idx",
            ),
            models.Index(
                CASES_NEWEST_FIRST_KEY.desc(),
                "id",
                "opened_start",
                condition=Q(is_public=True, publication_status="published"),
                name="proceeding_public_newest_idx",
            ),
        ]
        constraints = [
            status_constraint("proceeding"),
            choices_constraint("proceeding", "kind", ProceedingKind),
            *partial_date_constraints("proceeding", "opened"),
            choices_constraint("proceeding", "unnamed_defendants_precision", UnnamedCount),
            models.CheckConstraint(
                condition=Q(person__isnull=False)
                | Q(unnamed_defendants__isnull=False)
                | Q(unnamed_defendants_precision=UnnamedCount.UNKNOWN),
                name="proceeding_has_defendant",
                violation_error_message=_("Name the defendant or count the unnamed defendants."),
            ),
            models.CheckConstraint(
                condition=Q(unnamed_defendants__isnull=True) | Q(unnamed_defendants__gt=0),
                name="proceeding_unnamed_count_positive",
                violation_error_message=_(
                    "Count at least one unnamed defendant, or leave it blank."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(
                    unnamed_defendants_precision__in=[UnnamedCount.ABOUT, UnnamedCount.MORE_THAN],
                    unnamed_defendants__isnull=True,
                )
                & ~Q(
                    unnamed_defendants_precision=UnnamedCount.UNKNOWN,
                    unnamed_defendants__isnull=False,
                ),
                name="proceeding_unnamed_count_fits_precision",
                violation_error_message=(
                    _("“About” and “more than” need a number; an unknown number has none.")
                ),
            ),
        ]

    def __str__(self):
        who = self.person or gettext("%(number)s unnamed defendants") % {
            "number": self.unnamed_number
        }
        return f"{who} — {self.case_words.lower()}"

    @property
    def case_words(self) -> str:
        """“Administrative case”, “Criminal case”, or “Detention without a case”."""
        if self.kind == ProceedingKind.NONE:
            return gettext("Detention without a case")
        # The member's label: get_kind_display() rebuilds the field's choices on every call,
        # 50 times a case list page.
        return gettext("%(kind)s case") % {"kind": ProceedingKind(self.kind).label}

    @property
    def unnamed_number(self) -> str:
        """The unnamed defendants' count in words (see ``unnamed_number``)."""
        return unnamed_number(self.unnamed_defendants, self.unnamed_defendants_precision)

    def get_absolute_url(self):
        return reverse("events:proceeding_detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        count, precision = self.unnamed_defendants, self.unnamed_defendants_precision
        if count == 0:
            errors["unnamed_defendants"] = _("Count at least one, or leave it blank for none.")
        elif precision == UnnamedCount.UNKNOWN and count is not None:
            errors["unnamed_defendants"] = _(
                "The number is unknown: leave it blank, or choose how the sources count."
            )
        elif precision in (UnnamedCount.ABOUT, UnnamedCount.MORE_THAN) and count is None:
            errors["unnamed_defendants"] = _(
                "Give the number the sources say it is about or above."
            )
        elif self.person_id is None and count is None and precision != UnnamedCount.UNKNOWN:
            errors["person"] = _("Choose the defendant, or count the unnamed defendants.")
        if errors:
            raise ValidationError(errors)


class LegalCode(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative Code")
    CRIMINAL = "criminal", _("Criminal Code")
    OTHER = "other", _("Other law")


class Charge(Record):
    proceeding = models.ForeignKey(
        Proceeding,
        verbose_name=_("proceeding"),
        on_delete=models.PROTECT,
        related_name="charges",
        help_text=_("The proceeding."),
    )
    code = models.CharField(
        verbose_name=_("code"),
        max_length=20,
        choices=LegalCode,
        blank=True,
        help_text=_("Which code the article is in."),
    )
    article = models.CharField(
        verbose_name=_("article"),
        max_length=100,
        blank=True,
        help_text=_("The article as cited (“Art. 488”, “Art. 174(2)”). Blank: not reported."),
    )
    as_reported = models.CharField(
        verbose_name=_("charge as reported"),
        max_length=500,
        help_text=_("The charge in the sources' words (“inciting discord”)."),
    )

    citations = GenericRelation("sources.Citation", related_query_name="charge")

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["proceeding", "pk"]
        # The charge filter and facet's link look public charges up by their wording, and the
        # filter reads their distinct wordings: both from the index alone (the distinct
        # wordings read all 134,000 charges, 40 ms, when the index held unpublished ones too).
        indexes = [
            models.Index(
                fields=["article", "as_reported", "proceeding"],
                condition=Q(is_public=True, publication_status="published"),
                name="charge_public_wording_idx",
            )
        ]
        constraints = [
            status_constraint("charge"),
            choices_constraint("charge", "code", LegalCode, blank=True),
            models.CheckConstraint(
                condition=~Q(as_reported=""), name="charge_as_reported_not_blank"
            ),
        ]

    def __str__(self):
        article = f"{self.article}: " if self.article else ""
        return f"{article}{self.as_reported}"


class MeasureKind(models.TextChoices):
    DETENTION = "detention", _("Detention")
    HOUSE_ARREST = "house_arrest", _("House arrest")
    TRAVEL_BAN = "travel_ban", _("Travel ban or recognizance")
    BAIL = "bail", _("Bail")
    OTHER = "other", pgettext_lazy("pre-trial measure", "Other")


class DetentionCircumstance(models.TextChoices):
    """How a person came to be held (for a detention)."""

    AT_PROTEST = "at_protest", _("Detained at the protest")
    SUMMONED = "summoned", _("Summoned and held")
    TRANSPORT = "transport", _("Taken off transport")
    AT_HOME = "at_home", _("Detained at home")
    MISSING = "missing", _("Missing, presumed detained")
    OTHER = "other", pgettext_lazy("circumstance of detention", "Other")


class PretrialMeasure(Record):
    proceeding = models.ForeignKey(
        Proceeding,
        verbose_name=_("proceeding"),
        on_delete=models.PROTECT,
        related_name="pretrial_measures",
        help_text=_("The proceeding."),
    )
    kind = models.CharField(
        verbose_name=_("measure"), max_length=20, choices=MeasureKind, help_text=_("The measure.")
    )
    start = PartialDateField(
        verbose_name=_("start"), help_text=_("When it began (for detention: the arrest).")
    )
    end = PartialDateField(verbose_name=_("end"), help_text=_("When it ended, if known."))
    as_reported = models.CharField(
        verbose_name=_("measure as reported"),
        max_length=300,
        blank=True,
        help_text=_("In the sources' words."),
    )
    circumstance = models.CharField(
        verbose_name=_("circumstance"),
        max_length=20,
        choices=DetentionCircumstance,
        blank=True,
        help_text=(
            _(
                "For a detention: how the person came to be held (at the protest, summoned, "
                "taken off transport, at home, or missing and presumed detained). Blank: not "
                "reported."
            )
        ),
    )
    place_as_reported = models.CharField(
        verbose_name=_("place as reported"),
        max_length=300,
        blank=True,
        help_text=_("Where it was held or served, in the sources' words (“in Almaty”)."),
    )
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place record"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        help_text=(
            _(
                "Where it was held or served, as a place record (the town), so that the place "
                "filter finds it. Never shown for a protected person (a house arrest is at home)."
            )
        ),
    )
    unnamed_count = models.PositiveIntegerField(
        verbose_name=_("number of unnamed defendants"),
        null=True,
        blank=True,
        help_text=_("For a group: how many of the unnamed defendants it applies to."),
    )

    citations = GenericRelation("sources.Citation", related_query_name="pretrial_measure")

    class Meta:
        verbose_name = _("pre-trial measure")
        verbose_name_plural = _("pre-trial measures")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["proceeding", "start_start"]
        indexes = [
            # The site search by kind ("placard", "house arrest", "judge"): the records of
            # that kind read from the index, not every row tested (casetracker.site_search).
            models.Index(
                fields=["kind", "proceeding"],
                condition=Q(is_public=True, publication_status="published"),
                name="measure_public_kind_idx",
            ),
        ]
        constraints = [
            status_constraint("pretrialmeasure"),
            choices_constraint("pretrialmeasure", "kind", MeasureKind),
            choices_constraint(
                "pretrialmeasure", "circumstance", DetentionCircumstance, blank=True
            ),
            *partial_date_constraints("pretrialmeasure", "start"),
            *partial_date_constraints("pretrialmeasure", "end"),
            partial_date_order_constraint("pretrialmeasure", "start", "end"),
            models.CheckConstraint(
                condition=Q(circumstance="") | Q(kind=MeasureKind.DETENTION),
                name="pretrialmeasure_circumstance_only_for_detention",
                violation_error_message=_("Only a detention has a circumstance."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.proceeding})"

    def clean(self):
        validate_order(self, "start", "end")
        if self.circumstance and self.kind != MeasureKind.DETENTION:
            raise ValidationError(
                {"circumstance": _("Only a detention has a circumstance: leave it blank.")}
            )


class MeasureChangeKind(models.TextChoices):
    EXTENDED = "extended", _("Extended")
    MOVED = "moved", _("Moved")
    CHANGED = "changed", _("Changed to another measure")
    LIFTED = "lifted", _("Lifted")


# A measure's change in words, one whole phrase per shape (a translator needs the whole).
_CHANGE_SENTENCES = {
    ("changed", False): _("%(measure)s changed to %(new)s"),
    ("changed", True): _("%(measure)s changed to %(new)s on %(date)s"),
    ("moved", False, False, False): _("%(measure)s %(change)s"),
    ("moved", False, False, True): _("%(measure)s %(change)s on %(date)s"),
    ("moved", False, True, False): _("%(measure)s %(change)s to %(to)s"),
    ("moved", False, True, True): _("%(measure)s %(change)s to %(to)s on %(date)s"),
    ("moved", True, False, False): _("%(measure)s %(change)s from %(from)s"),
    ("moved", True, False, True): _("%(measure)s %(change)s from %(from)s on %(date)s"),
    ("moved", True, True, False): _("%(measure)s %(change)s from %(from)s to %(to)s"),
    ("moved", True, True, True): _("%(measure)s %(change)s from %(from)s to %(to)s on %(date)s"),
    ("extended", False): _("%(measure)s %(change)s to %(end)s"),
    ("extended", True): _("%(measure)s %(change)s on %(date)s to %(end)s"),
    ("other", False): _("%(measure)s %(change)s"),
    ("other", True): _("%(measure)s %(change)s on %(date)s"),
}


class MeasureChange(Record):
    """One later decision about a pre-trial measure: house arrest extended to a new end,
    moved to another city, changed to another measure, or lifted."""

    measure = models.ForeignKey(
        PretrialMeasure,
        verbose_name=_("measure"),
        on_delete=models.PROTECT,
        related_name="changes",
        help_text=_("The measure that was extended, moved, changed or lifted."),
    )
    kind = models.CharField(
        verbose_name=_("decision"),
        max_length=10,
        choices=MeasureChangeKind,
        help_text=_("What was decided."),
    )
    date = PartialDateField(
        verbose_name=_("date"), help_text=_("When it was decided. Blank: not reported.")
    )
    new_end = PartialDateField(
        verbose_name=_("new end"),
        help_text=_("For an extension: the new end of the measure. Blank: not reported."),
    )
    new_kind = models.CharField(
        verbose_name=_("new measure"),
        max_length=20,
        choices=MeasureKind,
        blank=True,
        help_text=_("For a change to another measure: the new measure (e.g. detention)."),
    )
    place_as_reported = models.CharField(
        verbose_name=_("place as reported"),
        max_length=300,
        blank=True,
        help_text=_("For a move: the new place, in the sources' words (“Aqtobe”)."),
    )
    note = models.TextField(
        verbose_name=_("note"), blank=True, help_text=_("Anything more the sources say (public).")
    )

    citations = GenericRelation("sources.Citation", related_query_name="measure_change")

    class Meta:
        verbose_name = _("change of measure")
        verbose_name_plural = _("changes of measure")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["measure", "date_start", "pk"]
        constraints = [
            status_constraint("measurechange"),
            choices_constraint("measurechange", "kind", MeasureChangeKind),
            choices_constraint("measurechange", "new_kind", MeasureKind, blank=True),
            *partial_date_constraints("measurechange", "date"),
            *partial_date_constraints("measurechange", "new_end"),
            partial_date_order_constraint("measurechange", "date", "new_end"),
            models.CheckConstraint(
                condition=Q(new_end="") | Q(kind=MeasureChangeKind.EXTENDED),
                name="measurechange_new_end_only_for_extension",
                violation_error_message=_("Only an extension has a new end."),
            ),
            models.CheckConstraint(
                condition=(Q(new_kind="") & ~Q(kind=MeasureChangeKind.CHANGED))
                | (~Q(new_kind="") & Q(kind=MeasureChangeKind.CHANGED)),
                name="measurechange_new_kind_for_change",
                violation_error_message=_("A change to another measure names the new measure."),
            ),
            models.CheckConstraint(
                condition=Q(place_as_reported="") | Q(kind=MeasureChangeKind.MOVED),
                name="measurechange_place_only_for_move",
                violation_error_message=_("Only a move has a new place."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.measure}"

    def get_absolute_url(self):
        return self.measure.proceeding.get_absolute_url()

    def describe(self, measure_kind: str, previous_place: str = "", *, dated: bool = True) -> str:
        """The change in words: “House arrest extended on 12 Mar 2024 to 12 Jun 2024”,
        “House arrest moved from Almaty to Aqtobe”. ``measure_kind`` is the measure's label;
        ``previous_place`` where it was served before (see ``describe_changes``)."""
        date = parse_or_none(self.date) if dated else None
        new_end = parse_or_none(self.new_end) if self.kind == MeasureChangeKind.EXTENDED else None
        moved = self.kind == MeasureChangeKind.MOVED
        params = {
            "measure": measure_kind,
            "change": self.get_kind_display().lower(),
            "new": self.get_new_kind_display().lower(),
            "date": date.display() if date else "",
            "end": new_end.display() if new_end else "",
            "from": previous_place if moved else "",
            "to": self.place_as_reported if moved else "",
        }
        if self.kind == MeasureChangeKind.CHANGED:
            key = ("changed", bool(date))
        elif moved:
            key = ("moved", bool(params["from"]), bool(params["to"]), bool(date))
        elif new_end:
            key = ("extended", bool(date))
        else:
            key = ("other", bool(date))
        return _CHANGE_SENTENCES[key] % params

    def clean(self):
        errors = {}
        try:
            validate_order(self, "date", "new_end")
        except ValidationError as error:
            errors.update(error.message_dict)
        if self.new_end and self.kind != MeasureChangeKind.EXTENDED:
            errors["new_end"] = _("Only an extension has a new end: leave it blank.")
        if self.kind == MeasureChangeKind.CHANGED and not self.new_kind:
            errors["new_kind"] = _("Choose the measure it was changed to.")
        elif self.new_kind and self.kind != MeasureChangeKind.CHANGED:
            errors["new_kind"] = _("Only a change to another measure has a new measure.")
        if self.place_as_reported and self.kind != MeasureChangeKind.MOVED:
            errors["place_as_reported"] = _("Only a move has a new place: leave it blank.")
        if errors:
            raise ValidationError(errors)


def describe_changes(measure: PretrialMeasure, changes: list[MeasureChange]) -> None:
    """Set ``words`` on each of ``changes`` (in date order): the change described, a move
    from where the measure was served before it (the measure's place, or the last move's)."""
    place = measure.place_as_reported
    for change in changes:
        change.measure_kind = measure.get_kind_display()
        change.words = change.describe(change.measure_kind, place)
        if change.kind == MeasureChangeKind.MOVED and change.place_as_reported:
            place = change.place_as_reported


class Instance(models.TextChoices):
    FIRST = "first", _("First instance")
    APPEAL = "appeal", _("Appeal")
    CASSATION = "cassation", _("Cassation")
    SUPERVISORY = "supervisory", _("Supervisory review")


class Plea(models.TextChoices):
    GUILTY = "guilty", _("Pleaded guilty")
    NOT_GUILTY = "not_guilty", _("Pleaded not guilty")
    REJECTED = "rejected_charge", _("Rejected the charge")
    PLEA_BARGAIN = "plea_bargain", _("Plea bargain")
    NOT_REPORTED = "not_reported", _("Not reported")


class Outcome(models.TextChoices):
    GUILTY = "guilty", _("Found guilty")
    ACQUITTED = "acquitted", _("Acquitted")
    DISMISSED = "dismissed", _("Dismissed")
    PENDING = "pending", _("Pending")
    OTHER = "other", pgettext_lazy("outcome of a ruling", "Other")


class Ruling(Record):
    proceeding = models.ForeignKey(
        Proceeding,
        verbose_name=_("proceeding"),
        on_delete=models.PROTECT,
        related_name="rulings",
        help_text=_("The proceeding this ruling decides."),
    )
    date = PartialDateField(
        verbose_name=_("date"), help_text=_("Date of the ruling. Blank: not reported.")
    )
    court_instance = models.CharField(
        verbose_name=_("instance"),
        max_length=20,
        choices=Instance,
        default=Instance.FIRST,
        help_text=_("Which instance: first, appeal, cassation or supervisory review."),
    )
    plea = models.CharField(
        verbose_name=_("plea"),
        max_length=20,
        choices=Plea,
        default=Plea.NOT_REPORTED,
        help_text=_("The defendant's plea."),
    )
    outcome = models.CharField(
        verbose_name=_("outcome"),
        max_length=20,
        choices=Outcome,
        help_text=_("What the court decided."),
    )
    summary = models.TextField(
        verbose_name=_("summary"),
        blank=True,
        help_text=_("The ruling in a sentence or two (public)."),
    )
    summary_ru, summary_kk = versions_of("summary", _("summary"))
    court = models.ForeignKey(
        Organization,
        verbose_name=_("court"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rulings",
        limit_choices_to={"kind": "court"},
        help_text=(
            _(
                "The court that gave this ruling, when it is not the proceeding's (an appeal "
                "court). Blank: the proceeding's court."
            )
        ),
    )
    court_as_reported = models.CharField(
        verbose_name=_("court as reported"),
        max_length=300,
        blank=True,
        help_text=_("This ruling's court in the sources' words (“the Almaty city court”)."),
    )

    citations = GenericRelation("sources.Citation", related_query_name="ruling")

    class Meta:
        verbose_name = _("ruling")
        verbose_name_plural = _("rulings")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["-date_start", "pk"]
        indexes = [
            # The plea filter: the cases of the public rulings with a plea, read from the
            # index alone (PostgreSQL read all 150,000 rulings for the 12,854 guilty pleas).
            models.Index(
                fields=["plea", "proceeding"],
                condition=Q(is_public=True, publication_status="published"),
                name="ruling_public_plea_idx",
            ),
        ]
        constraints = [
            status_constraint("ruling"),
            choices_constraint("ruling", "court_instance", Instance),
            choices_constraint("ruling", "plea", Plea),
            choices_constraint("ruling", "outcome", Outcome),
            *partial_date_constraints("ruling", "date"),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} — {self.proceeding}"

    def get_absolute_url(self):
        return self.proceeding.get_absolute_url()

    @property
    def has_own_court(self) -> bool:
        """Whether the ruling names its own court; else it is the proceeding's."""
        return bool(self.court_id or self.court_as_reported)

    def clean(self):
        validate_court(self, "court")


class SentenceKind(models.TextChoices):
    ADMINISTRATIVE_DETENTION = "administrative_detention", _("Administrative detention")
    FINE = "fine", _("Fine")
    IMPRISONMENT = "imprisonment", _("Imprisonment")
    SUSPENDED = "suspended", _("Suspended sentence")
    PROBATION = "probation", _("Probation")
    RESTRICTION_OF_FREEDOM = "restriction_of_freedom", _("Restriction of freedom")
    ACTIVITY_BAN = "activity_ban", _("Ban on activity")
    TRAVEL_BAN = "travel_ban", _("Travel ban")
    HOUSE_ARREST = "house_arrest", _("House arrest")
    WARNING = "warning", _("Warning")
    EXPULSION = "expulsion", _("Expulsion from the country")
    # Detentions no case followed (Proceeding kind "none"): the rows that bring them to the
    # case list. The term, if reported, is how long the person was held ("5 hours").
    HELD_WITHOUT_CHARGE = "held_without_charge", _("Held without charge")
    MISSING_PRESUMED_DETAINED = "missing_presumed_detained", _("Missing, presumed detained")
    OTHER = "other", pgettext_lazy("kind of sentence", "Other")


# The kinds of sentence that are detentions without a case: no ruling imposes them.
WITHOUT_CASE = (SentenceKind.HELD_WITHOUT_CHARGE, SentenceKind.MISSING_PRESUMED_DETAINED)


class SentenceStatus(models.TextChoices):
    IMPOSED = "imposed", _("Imposed")
    SOUGHT = "sought", _("Sought by the prosecution")
    MAXIMUM = "maximum", _("Maximum possible")
    SERVED = "served", _("Served")
    OVERTURNED = "overturned", _("Overturned")
    NOT_APPLIED = "not_applied", _("Expressly not applied")


class TermUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    WEEKS = "weeks", _("weeks")
    MONTHS = "months", _("months")
    YEARS = "years", _("years")


DAYS_PER_UNIT = {TermUnit.DAYS: 1, TermUnit.WEEKS: 7, TermUnit.MONTHS: 30, TermUnit.YEARS: 365}
# "Held for 5 hours" is 0 days: term_days counts whole days (rounded), hours stay as reported.
DAYS_PER_UNIT[TermUnit.HOURS] = Decimal(1) / 24


class Currency(models.TextChoices):
    KZT = "KZT", _("KZT (tenge)")
    MCI = "MCI", _("MCI (monthly calculation index units)")
    USD = "USD", _("USD")
    EUR = "EUR", _("EUR")
    RUB = "RUB", _("RUB")
    CNY = "CNY", _("CNY")


def _plain(number: Decimal) -> str:
    """A number without trailing zeros, in the active language's format: "2.5", "145000"
    ("2,5" in Russian and Kazakh)."""
    return formats.number_format(f"{number.normalize():f}")


def _grouped(number: Decimal) -> str:
    """A sum in tenge, grouped as the active language writes it: "277,800", "277 800"."""
    return formats.number_format(f"{number.normalize():f}", force_grouping=True)


# A length in words, one plural message per unit (the counted noun declines differently
# in each language).
_UNIT_WORDS = {
    TermUnit.HOURS: ngettext_lazy("%(number)s hour", "%(number)s hours", "count"),
    TermUnit.DAYS: ngettext_lazy("%(number)s day", "%(number)s days", "count"),
    TermUnit.WEEKS: ngettext_lazy("%(number)s week", "%(number)s weeks", "count"),
    TermUnit.MONTHS: ngettext_lazy("%(number)s month", "%(number)s months", "count"),
    TermUnit.YEARS: ngettext_lazy("%(number)s year", "%(number)s years", "count"),
}


def _quantity(number: Decimal, unit: str) -> str:
    """A length in words: "3 years", "1 year", "18 months"."""
    # A fractional count ("2.5 years") takes the plural, as in English.
    if unit not in _UNIT_WORDS:
        return f"{_plain(number)} {unit}".strip()
    count = int(number) if number == int(number) else 2
    return _UNIT_WORDS[unit] % {"number": _plain(number), "count": count}


# A warning, or a penalty expressly not applied, carries neither.
NO_TERM_OR_FINE = Q(
    term_quantity__isnull=True,
    term_days__isnull=True,
    fine_amount__isnull=True,
    fine_kzt__isnull=True,
)


# The case list's "newest first" key: a sentence's first day of its case's date, and for an
# undated one (or one known only to end by a date) the earliest day there is, so that such
# rows come last, by id, as they did with NULLS LAST. Without nulls, "ruling date to 2019"
# (up to that day, or open-started) is one range of its index (sentence_public_date_key_idx):
# with NULLS LAST it was an OR, and PostgreSQL read the index from the newest row, passing
# 192,602 rows of the benchmark data to find a page.
UNDATED = datetime.date.min
CASE_DATE_KEY = Coalesce(F("case_date_start"), Value(UNDATED))


class Sentence(Record):
    proceeding = models.ForeignKey(
        Proceeding,
        verbose_name=_("proceeding"),
        on_delete=models.PROTECT,
        related_name="sentences",
        help_text=_("The proceeding. Sought or maximum penalties can precede any ruling."),
    )
    ruling = models.ForeignKey(
        Ruling,
        verbose_name=_("ruling"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sentences",
        help_text=_("The ruling that imposed it; blank for a penalty sought or possible."),
    )
    kind = models.CharField(
        verbose_name=_("penalty"), max_length=30, choices=SentenceKind, help_text=_("The penalty.")
    )
    status = models.CharField(
        verbose_name=_("status"),
        max_length=20,
        choices=SentenceStatus,
        default=SentenceStatus.IMPOSED,
        help_text=(
            _(
                "Imposed, sought by the prosecution, maximum possible, served, overturned, or "
                "expressly not applied (a court that says it does not order, e.g., expulsion)."
            )
        ),
    )
    amount_as_reported = models.CharField(
        verbose_name=_("penalty as reported"),
        max_length=300,
        blank=True,
        help_text=_("The penalty in the sources' words (“15 days in jail”, “up to 10 years”)."),
    )
    term_quantity = models.DecimalField(
        verbose_name=_("term"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=_("Length of a term as reported (2.5 for “2.5 years”)."),
    )
    term_unit = models.CharField(
        verbose_name=_("term unit"),
        max_length=10,
        choices=TermUnit,
        blank=True,
        help_text=_("Unit of the term as reported; required with a length."),
    )
    term_days = models.PositiveIntegerField(
        verbose_name=_("term in days"),
        null=True,
        blank=True,
        db_index=True,
        help_text=(
            _(
                "The term in days, for filtering and sorting (a week = 7, a month = 30, "
                "a year = 365). Computed from the reported term; set by hand only without one."
            )
        ),
    )
    probation_quantity = models.DecimalField(
        verbose_name=_("probation period"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=(
            _(
                "For a suspended sentence: the probation period as reported (2 for “two years' "
                "probation”). A suspended sentence needs it, or “probation not reported”."
            )
        ),
    )
    probation_unit = models.CharField(
        verbose_name=_("probation unit"),
        max_length=10,
        choices=TermUnit,
        blank=True,
        help_text=_("Unit of the probation period; required with its length."),
    )
    probation_days = models.PositiveIntegerField(
        verbose_name=_("probation in days"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Computed: the probation period in days (month = 30, year = 365)."),
    )
    probation_not_reported = models.BooleanField(
        verbose_name=_("probation not reported"),
        default=False,
        help_text=(
            _(
                "For a suspended sentence whose probation period the sources do not give: say so "
                "here rather than leave it blank."
            )
        ),
    )
    custody_credit_days = models.PositiveIntegerField(
        verbose_name=_("custody credit in days"),
        null=True,
        blank=True,
        help_text=_("Days spent in custody before the verdict that the court counted toward it."),
    )
    custody_credit_ratio = models.DecimalField(
        verbose_name=_("custody credit rate"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=(
            _(
                "The rate the law sets: days of this penalty one day in custody counts for (1.5 "
                "for “one day of custody for one and a half days in a colony-settlement”)."
            )
        ),
    )
    custody_credit_as_reported = models.CharField(
        verbose_name=_("custody credit as reported"),
        max_length=300,
        blank=True,
        help_text=_("The custody credit in the sources' words."),
    )
    fine_amount = models.DecimalField(
        verbose_name=_("fine amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=_("Fine as reported, in its currency or unit."),
    )
    fine_currency = models.CharField(
        verbose_name=_("fine currency"),
        max_length=3,
        choices=Currency,
        blank=True,
        help_text=_("Currency (or MCI units) of the fine; required with an amount."),
    )
    fine_kzt = models.DecimalField(
        verbose_name=_("fine in KZT"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        db_index=True,
        validators=NON_NEGATIVE,
        help_text=(
            _(
                "The fine per person in tenge, for filtering and sorting (the low end of a range). "
                "Computed for KZT amounts; for MCI or another currency, the tenge figure the "
                "source gives (blank when it gives none). Blank for a group total."
            )
        ),
    )
    fine_usd_as_reported = models.DecimalField(
        verbose_name=_("fine in USD as reported"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=_("USD figure given by the source, if any (not computed)."),
    )
    fine_amount_max = models.DecimalField(
        verbose_name=_("highest fine amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=(
            _(
                "For fines that differ across several people (“fines of $380–535”): the highest; "
                "the fine amount is then the lowest."
            )
        ),
    )
    fine_kzt_max = models.DecimalField(
        verbose_name=_("highest fine in KZT"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=(
            _(
                "The top of such a range in tenge, for filtering. Computed for KZT amounts; "
                "otherwise as the source gives it."
            )
        ),
    )
    fine_group_total = models.BooleanField(
        verbose_name=_("fine is a group total"),
        default=False,
        help_text=(
            _(
                "The fine amount is the total for a group whose number of people the sources "
                "do not give (“fines for the group totalled almost 1,000,000 KZT”); the words, "
                "with “almost” or “about”, go in the amount as reported."
            )
        ),
    )
    unnamed_count = models.PositiveIntegerField(
        verbose_name=_("number of unnamed defendants"),
        null=True,
        blank=True,
        help_text=_("For a group of unnamed defendants: how many received this penalty."),
    )
    # The case list reads one table: these are kept current by publishing.upkeep.
    listed = models.BooleanField(
        verbose_name=_("listed"),
        default=False,
        editable=False,
        help_text=(
            _(
                "Computed: shown in the public case list and CSV (the sentence, its proceeding, "
                "the named defendant and the ruling, if any, are all public)."
            )
        ),
    )
    case_date_start = models.DateField(
        verbose_name=_("case date (first day)"),
        null=True,
        blank=True,
        editable=False,
        help_text=(
            _(
                "Computed: first day of the ruling's date or, for a penalty no ruling imposed, "
                "of the date the case was opened. For filtering and sorting."
            )
        ),
    )
    case_date_end = models.DateField(
        verbose_name=_("case date (last day)"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Computed: last day of that date."),
    )
    defendant = models.ForeignKey(
        Person,
        verbose_name=_("defendant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        db_index=False,  # sentence_listed_defendant_idx serves the case list
        related_name="+",
        help_text=(
            _(
                "Computed: the proceeding's defendant, so that the case list filters by name "
                "on this table alone."
            )
        ),
    )

    case_country = models.CharField(
        verbose_name=_("country prosecuting"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=(
            _(
                "Computed: the proceeding's country, so that the case list filters by country "
                "on this table alone."
            )
        ),
    )
    case_kind = models.CharField(
        verbose_name=_("case kind"),
        max_length=20,
        blank=True,
        editable=False,
        help_text=(
            _(
                "Computed: the proceeding's kind (administrative, criminal, no case), so that the "
                "case list filters by it on this table alone."
            )
        ),
    )

    citations = GenericRelation("sources.Citation", related_query_name="sentence")

    class Meta:
        verbose_name = _("sentence")
        verbose_name_plural = _("sentences")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["proceeding", "pk"]
        indexes = [
            # "Newest first", the default order, and the date filters (CASE_DATE_KEY). With
            # the dates in the index (after the order's key and id, as key columns: SQLite
            # has no INCLUDE) and the public rule in its condition, a count of "2023" or
            # "from 2025-03" reads the index alone, no row of the table.
            models.Index(
                CASE_DATE_KEY.desc(),
                F("id"),
                F("case_date_start"),
                F("case_date_end"),
                name="sentence_public_date_key_idx",
                condition=Q(listed=True, is_public=True, publication_status="published"),
            ),
            # The case list's feed: the sentences saved last (feeds.selectors.newest_changes),
            # read backwards from the newest, not every listed row sorted for fifty.
            models.Index(
                fields=["updated_at", "id"],
                name="sentence_public_updated_idx",
                condition=Q(listed=True, is_public=True, publication_status="published"),
            ),
            models.Index(
                fields=["term_days", "id"],
                name="sentence_listed_days_idx",
                condition=Q(listed=True),
            ),
            models.Index(
                fields=["fine_kzt", "id"], name="sentence_listed_kzt_idx", condition=Q(listed=True)
            ),
            # The top of fine ranges, for "fines of at least …" (few rows have one).
            models.Index(
                fields=["fine_kzt_max", "id"],
                name="sentence_listed_kzt_max_idx",
                condition=Q(listed=True, fine_kzt_max__isnull=False),
            ),
            # The filters over a case's other records (a charge, a plea, a pre-trial measure,
            # a protest's status, an occasion, a judge): the listed sentences of the cases
            # they name, each case's read from the index alone. Under the whole public
            # condition the list's statements carry (``public()`` and ``listed``): under
            # ``listed`` alone, PostgreSQL read each sentence from the table to test the
            # rest (the count of "inciting discord": 15.4 → 7.0 ms).
            models.Index(
                fields=["proceeding", "id"],
                name="sentence_listed_proc_idx",
                condition=Q(listed=True, is_public=True, publication_status="published"),
            ),
            # The name filter: a count of a common name's sentences is an index-only scan.
            models.Index(
                fields=["defendant", "id"],
                name="sentence_listed_defendant_idx",
                condition=Q(listed=True, is_public=True, publication_status="published"),
            ),
            # The sentence menu and "detention without a case" (a few hundred rows of two
            # kinds): read by the index, not by testing every listed row, page and count alike.
            models.Index(
                fields=["kind", "id"],
                name="sentence_listed_kind_idx",
                condition=Q(listed=True, is_public=True, publication_status="published"),
            ),
            # The country and case filters (a count of every Kazakh case is an index-only
            # scan, not a join of every listed row to its proceeding). The country filter
            # ignores case (iexact compares UPPER of both sides). The country itself is
            # held after the id: without the column its expression reads, PostgreSQL read
            # the table for every row counted (China's 7,460: 4.4 → 1.3 ms).
            models.Index(
                Upper("case_country"),
                "id",
                "case_country",
                name="sentence_listed_country_idx",
                condition=Q(listed=True, is_public=True, publication_status="published"),
            ),
            models.Index(
                fields=["case_kind", "id"],
                name="sentence_listed_case_kind_idx",
                condition=Q(listed=True, is_public=True, publication_status="published"),
            ),
        ]
        constraints = [
            status_constraint("sentence"),
            choices_constraint("sentence", "kind", SentenceKind),
            choices_constraint("sentence", "status", SentenceStatus),
            choices_constraint("sentence", "term_unit", TermUnit, blank=True),
            choices_constraint("sentence", "fine_currency", Currency, blank=True),
            models.CheckConstraint(
                condition=Q(term_quantity__isnull=True) | Q(term_quantity__gte=0),
                name="sentence_term_quantity_non_negative",
                violation_error_message=_("A term cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(term_quantity__isnull=True, term_unit="")
                | (Q(term_quantity__isnull=False) & ~Q(term_unit="")),
                name="sentence_term_has_unit",
                violation_error_message=_("Give a term's length together with its unit."),
            ),
            models.CheckConstraint(
                condition=Q(fine_amount__isnull=True) | Q(fine_amount__gte=0),
                name="sentence_fine_amount_non_negative",
                violation_error_message=_("A fine cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(fine_amount__isnull=True) | ~Q(fine_currency=""),
                name="sentence_fine_has_currency",
                violation_error_message=_("A fine amount needs its currency."),
            ),
            models.CheckConstraint(
                condition=Q(fine_kzt__isnull=True) | Q(fine_kzt__gte=0),
                name="sentence_fine_kzt_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(fine_usd_as_reported__isnull=True) | Q(fine_usd_as_reported__gte=0),
                name="sentence_fine_usd_non_negative",
            ),
            choices_constraint("sentence", "probation_unit", TermUnit, blank=True),
            models.CheckConstraint(
                condition=Q(probation_quantity__isnull=True) | Q(probation_quantity__gte=0),
                name="sentence_probation_non_negative",
                violation_error_message=_("A probation period cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(probation_quantity__isnull=True, probation_unit="")
                | (Q(probation_quantity__isnull=False) & ~Q(probation_unit="")),
                name="sentence_probation_has_unit",
                violation_error_message=_(
                    "Give a probation period's length together with its unit."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind=SentenceKind.SUSPENDED)
                | Q(probation_quantity__isnull=False, probation_not_reported=False)
                | Q(probation_quantity__isnull=True, probation_not_reported=True),
                name="sentence_suspended_has_probation",
                violation_error_message=(
                    _(
                        "A suspended sentence needs its probation period, "
                        "or “probation not reported”."
                    )
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind=SentenceKind.SUSPENDED)
                | Q(
                    probation_quantity__isnull=True,
                    probation_days__isnull=True,
                    probation_not_reported=False,
                ),
                name="sentence_probation_only_when_suspended",
                violation_error_message=_("Only a suspended sentence has a probation period."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=SentenceKind.WARNING) | NO_TERM_OR_FINE,
                name="sentence_warning_has_no_term_or_fine",
                violation_error_message=_("A warning has no term and no fine."),
            ),
            models.CheckConstraint(
                condition=~Q(status=SentenceStatus.NOT_APPLIED) | NO_TERM_OR_FINE,
                name="sentence_not_applied_has_no_term_or_fine",
                violation_error_message=_("A penalty expressly not applied has no term or fine."),
            ),
            models.CheckConstraint(
                condition=Q(custody_credit_ratio__isnull=True) | Q(custody_credit_ratio__gt=0),
                name="sentence_custody_credit_ratio_positive",
                violation_error_message=_("The custody credit's rate must be above zero."),
            ),
            models.CheckConstraint(
                condition=Q(fine_amount_max__isnull=True)
                | Q(fine_amount__isnull=False, fine_amount_max__gte=F("fine_amount")),
                name="sentence_fine_range_ordered",
                violation_error_message=_(
                    "The highest fine of a range cannot be below the lowest."
                ),
            ),
            models.CheckConstraint(
                condition=Q(fine_kzt_max__isnull=True)
                | Q(fine_kzt__isnull=False, fine_kzt_max__gte=F("fine_kzt")),
                name="sentence_fine_kzt_range_ordered",
                violation_error_message=_("The highest tenge figure cannot be below the lowest."),
            ),
            models.CheckConstraint(
                condition=Q(fine_group_total=False)
                | Q(
                    fine_amount__isnull=False,
                    fine_amount_max__isnull=True,
                    fine_kzt__isnull=True,
                    fine_kzt_max__isnull=True,
                    unnamed_count__isnull=True,
                ),
                name="sentence_group_total_is_one_amount",
                violation_error_message=(
                    _(
                        "A group total is one amount for an unknown number of people: no range, "
                        "no count and no per-person tenge figure."
                    )
                ),
            ),
            models.CheckConstraint(
                condition=Q(ruling__isnull=True) | ~Q(kind__in=WITHOUT_CASE),
                name="sentence_without_case_has_no_ruling",
                violation_error_message=_("A detention without a case has no ruling."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.amount_display()} ({self.get_status_display()})"

    def get_absolute_url(self):
        return self.proceeding.get_absolute_url()

    # The columns amount_display() and penalty_notes() read: pages that load only what they
    # show list these.
    AMOUNT_FIELDS = (
        "kind",
        "status",
        "amount_as_reported",
        "term_quantity",
        "term_unit",
        "fine_amount",
        "fine_currency",
        "fine_amount_max",
        "fine_kzt",
        "fine_kzt_max",
        "fine_group_total",
        "probation_quantity",
        "probation_unit",
        "probation_not_reported",
        "custody_credit_days",
        "custody_credit_ratio",
        "custody_credit_as_reported",
    )

    def amount_display(self) -> str:
        if self.amount_as_reported:
            return self.amount_as_reported
        if figure := self.figure():
            return figure
        if self.status == SentenceStatus.NOT_APPLIED:
            return gettext("not ordered")
        if self.kind == SentenceKind.WARNING:
            return gettext("no term or fine")
        return gettext("not reported")

    def figure(self) -> str:
        """The penalty read from its recorded figures: "15 days", "3 years suspended,
        2 years’ probation", "100 MCI (277,800 KZT)", "380–535 USD", "1000000 KZT (group
        total)"; "" when none is recorded."""
        parts = []
        suspended = self.kind == SentenceKind.SUSPENDED
        if self.term_quantity is not None:
            if suspended:
                parts.append(
                    gettext("%(term)s suspended")
                    % {"term": _quantity(self.term_quantity, self.term_unit)}
                )
            else:
                parts.append(
                    gettext("%(number)s %(unit)s")
                    % {"number": _plain(self.term_quantity), "unit": self.get_term_unit_display()}
                )
        if suspended and self.probation_quantity is not None:
            period = _quantity(self.probation_quantity, self.probation_unit)
            # English marks the possessive after a plural ("2 years’") and a singular
            # ("1 year’s") differently: two messages, which other languages may write alike.
            probation = (
                gettext("%(period)s’ probation")
                if period.endswith("s")
                else gettext("%(period)s’s probation")
            )
            parts.append(probation % {"period": period})
        elif suspended and self.probation_not_reported and parts:
            parts.append(gettext("probation not reported"))
        if self.fine_amount is not None:
            fine = _plain(self.fine_amount)
            if self.fine_amount_max is not None:
                fine += f"–{_plain(self.fine_amount_max)}"
            fine += f" {self.fine_currency}"
            if self.fine_currency != Currency.KZT and self.fine_kzt is not None:
                kzt = _grouped(self.fine_kzt)
                if self.fine_kzt_max is not None:
                    kzt += f"–{_grouped(self.fine_kzt_max)}"
                tenge = gettext("KZT")
                fine += f" ({kzt} {tenge})"
            if self.fine_group_total:
                fine = gettext("%(fine)s (group total)") % {"fine": fine}
            parts.append(fine)
        return ", ".join(parts)

    def penalty_notes(self) -> list[str]:
        """What the page shows beneath the penalty besides its words as reported: the
        figures when they add to the words (probation, tenge, a range), a group total,
        time in custody counted toward it."""
        notes = []
        if self.amount_as_reported and (
            self.probation_quantity is not None
            or self.probation_not_reported
            or self.fine_amount_max is not None
            or (self.fine_currency not in ("", Currency.KZT) and self.fine_kzt is not None)
        ):
            notes.append(self.figure())
        if self.fine_group_total:
            notes.append(gettext("Group total: the number of people fined is not reported"))
        if (
            self.custody_credit_days is not None
            or self.custody_credit_ratio is not None
            or self.custody_credit_as_reported
        ):
            credit = gettext("Time in custody counted toward it")
            if self.custody_credit_days is not None:
                credit += f": {_quantity(Decimal(self.custody_credit_days), TermUnit.DAYS)}"
            if self.custody_credit_ratio is not None:
                credit += " " + gettext("(1 day in custody = %(ratio)s days)") % {
                    "ratio": _plain(self.custody_credit_ratio)
                }
            if self.custody_credit_as_reported:
                credit += f", “{self.custody_credit_as_reported}”"
            notes.append(credit)
        return notes

    def clean(self):
        errors = {}
        if self.term_quantity is not None and not self.term_unit:
            errors["term_unit"] = _("Give the unit of the term (days, weeks, months, years).")
        if self.term_unit and self.term_quantity is None:
            errors["term_quantity"] = _("Give the length of the term, or clear its unit.")
        if self.fine_amount is not None and not self.fine_currency:
            errors["fine_currency"] = _("A fine amount needs its currency.")
        errors.update(self._penalty_errors())
        if (
            self.ruling_id
            and self.proceeding_id
            and self.ruling.proceeding_id != self.proceeding_id
        ):
            errors["ruling"] = _("This ruling belongs to another proceeding.")
        if self.ruling_id and self.kind in WITHOUT_CASE:
            errors["ruling"] = _(
                "A detention without a case has no ruling: leave the ruling blank, or choose "
                "the penalty the ruling imposed."
            )
        if errors:
            raise ValidationError(errors)
        # Normalized values for filtering follow the reported term and fine; a researcher sets
        # them by hand only when the source gives no term ("a few days" → leave both blank).
        if self.term_quantity is not None:
            self.term_days = round(self.term_quantity * DAYS_PER_UNIT[TermUnit(self.term_unit)])
        if self.probation_quantity is not None:
            self.probation_days = round(
                self.probation_quantity * DAYS_PER_UNIT[TermUnit(self.probation_unit)]
            )
        else:
            self.probation_days = None
        if self.fine_group_total:
            self.fine_kzt = self.fine_kzt_max = None  # no per-person figure
        elif self.fine_currency == Currency.KZT:
            self.fine_kzt = self.fine_amount
            self.fine_kzt_max = self.fine_amount_max

    def _penalty_errors(self) -> dict[str, str]:
        """Field errors of the probation, warning, not-applied, range and group-total rules
        (the database's constraints above refuse the same)."""
        errors = {}
        if self.probation_quantity is not None and not self.probation_unit:
            errors["probation_unit"] = _("Give the unit of the probation period.")
        if self.probation_unit and self.probation_quantity is None:
            errors["probation_quantity"] = _("Give the length of the probation, or clear its unit.")
        if self.kind == SentenceKind.SUSPENDED:
            if self.probation_quantity is None and not self.probation_not_reported:
                errors["probation_quantity"] = _(
                    "A suspended sentence needs its probation period; if the sources do not "
                    "give it, tick “probation not reported”."
                )
            elif self.probation_quantity is not None and self.probation_not_reported:
                errors["probation_not_reported"] = _(
                    "The probation period is given: untick “probation not reported”."
                )
        elif self.probation_quantity is not None or self.probation_not_reported:
            errors["probation_quantity"] = _(
                "Only a suspended sentence has a probation period here; probation on its own "
                "is the kind “Probation”, with its term."
            )
        for refused, why in (
            (self.kind == SentenceKind.WARNING, "A warning has no {}."),
            (self.status == SentenceStatus.NOT_APPLIED, "A penalty not applied has no {}."),
        ):
            if not refused:
                continue
            for field, what in (
                ("term_quantity", "term"),
                ("term_days", "term"),
                ("fine_amount", "fine"),
                ("fine_kzt", "fine"),
            ):
                if getattr(self, field) is not None and field not in errors:
                    errors[field] = why.format(what)
        if self.fine_amount_max is not None:
            if self.fine_amount is None:
                errors["fine_amount"] = _("Give the lowest fine of the range here.")
            elif self.fine_amount_max < self.fine_amount:
                errors["fine_amount_max"] = _("The highest fine cannot be below the lowest.")
        if self.fine_kzt_max is not None and self.fine_currency != Currency.KZT:
            if self.fine_kzt is None:
                errors["fine_kzt"] = _("Give the lowest tenge figure of the range here.")
            elif self.fine_kzt_max < self.fine_kzt:
                errors["fine_kzt_max"] = _("The highest tenge figure cannot be below the lowest.")
        if self.fine_group_total:
            if self.fine_amount is None:
                errors["fine_amount"] = _("Give the group's total.")
            if self.fine_amount_max is not None:
                errors["fine_amount_max"] = _("A group total is one amount, not a range.")
            if self.unnamed_count is not None:
                errors["unnamed_count"] = _(
                    "A group total is for a number of people the sources do not give: "
                    "leave the count blank."
                )
            if self.fine_currency != Currency.KZT and self.fine_kzt is not None:
                errors["fine_kzt"] = _("A group total has no per-person tenge figure.")
        return errors


# Court structure: hearings (and transfers between courts) and the people of a court ------


class HearingKind(models.TextChoices):
    PRELIMINARY = "preliminary", _("Preliminary hearing")
    MAIN = "main", _("Trial hearing")
    VERDICT = "verdict", _("Verdict announced")
    APPEAL = "appeal", _("Appeal hearing")
    TRANSFER = "transfer", _("Case transferred to another court")
    OTHER = "other", _("Other hearing")


class Hearing(Record):
    """A day in court of a proceeding, or the day its case moved to another court."""

    proceeding = models.ForeignKey(
        Proceeding,
        verbose_name=_("proceeding"),
        on_delete=models.PROTECT,
        related_name="hearings",
        help_text=_("The proceeding heard."),
    )
    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=20,
        choices=HearingKind,
        default=HearingKind.MAIN,
        help_text=(
            _(
                "Preliminary, trial or appeal hearing, the verdict's announcement, or the case's "
                "transfer to another court (then give the court it came from)."
            )
        ),
    )
    date = PartialDateField(
        verbose_name=_("date"), help_text=_("When it took place. Blank: not reported.")
    )
    court = models.ForeignKey(
        Organization,
        verbose_name=_("court"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hearings",
        limit_choices_to={"kind": "court"},
        help_text=(
            _(
                "The court that heard it (for a transfer: the court the case went to). "
                "Blank: the proceeding's court, or not reported."
            )
        ),
    )
    court_as_reported = models.CharField(
        verbose_name=_("court as reported"),
        max_length=300,
        blank=True,
        help_text=_("That court in the sources' words (“a court in Taldykorgan”)."),
    )
    from_court = models.ForeignKey(
        Organization,
        verbose_name=_("transferred from court"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_out",
        limit_choices_to={"kind": "court"},
        help_text=_("For a transfer only: the court the case was moved from."),
    )
    from_court_as_reported = models.CharField(
        verbose_name=_("transferred from court as reported"),
        max_length=300,
        blank=True,
        help_text=_("For a transfer only: the court it was moved from, in the sources' words."),
    )
    closed_to_public = models.BooleanField(
        verbose_name=_("closed to the public"),
        null=True,
        blank=True,
        help_text=(
            _("Held behind closed doors (yes), open to the public (no), or not reported (blank).")
        ),
    )
    note = models.TextField(
        verbose_name=_("note"), blank=True, help_text=_("What happened at the hearing (public).")
    )

    citations = GenericRelation("sources.Citation", related_query_name="hearing")

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["proceeding", "date_start", "pk"]
        constraints = [
            status_constraint("hearing"),
            choices_constraint("hearing", "kind", HearingKind),
            *partial_date_constraints("hearing", "date"),
            models.CheckConstraint(
                condition=Q(kind=HearingKind.TRANSFER)
                | Q(from_court__isnull=True, from_court_as_reported=""),
                name="hearing_from_court_only_for_transfer",
                violation_error_message=_("Only a transfer has a court it came from."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=HearingKind.TRANSFER)
                | (
                    (Q(from_court__isnull=False) | ~Q(from_court_as_reported=""))
                    & (Q(court__isnull=False) | ~Q(court_as_reported=""))
                ),
                name="hearing_transfer_has_both_courts",
                violation_error_message=(
                    _("A transfer names the court it left and the court it went to.")
                ),
            ),
            models.CheckConstraint(
                condition=Q(from_court__isnull=True) | ~Q(from_court=F("court")),
                name="hearing_transfer_to_another_court",
                violation_error_message=_("A case is transferred to another court."),
            ),
        ]

    def __str__(self):
        when = f", {self.date}" if self.date else ""
        return f"{self.get_kind_display()}{when} ({self.proceeding})"

    def get_absolute_url(self):
        return self.proceeding.get_absolute_url()

    @property
    def is_transfer(self) -> bool:
        return self.kind == HearingKind.TRANSFER

    def clean(self):
        validate_court(self, "court", "from_court")
        errors = {}
        came_from = self.from_court_id or self.from_court_as_reported
        if self.kind == HearingKind.TRANSFER:
            if not came_from:
                errors["from_court"] = _("Give the court the case was transferred from.")
            if not (self.court_id or self.court_as_reported):
                errors["court"] = _("Give the court the case was transferred to.")
            elif self.from_court_id and self.from_court_id == self.court_id:
                errors["court"] = _("A case is transferred to another court.")
        elif came_from:
            errors["from_court"] = _("Only a transfer has a court it came from: clear it.")
        if errors:
            raise ValidationError(errors)


class CourtRoleKind(models.TextChoices):
    JUDGE = "judge", _("Judge")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    DEFENCE_LAWYER = "defence_lawyer", _("Defence lawyer")
    PUBLIC_DEFENDER = "public_defender", _("Public defender (appointed)")
    INVESTIGATOR = "investigator", _("Investigator")
    OTHER = "other", pgettext_lazy("role in court", "Other")


# Roles that defend someone: only they may say whom they represent.
DEFENCE_ROLES = (CourtRoleKind.DEFENCE_LAWYER, CourtRoleKind.PUBLIC_DEFENDER)


class CourtRole(Record):
    """A person's part in a proceeding: the judge, the prosecutor, a defence lawyer."""

    proceeding = models.ForeignKey(
        Proceeding,
        verbose_name=_("proceeding"),
        on_delete=models.PROTECT,
        related_name="court_roles",
        help_text=_("The proceeding."),
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="court_roles",
        help_text=_("The judge, prosecutor, lawyer or investigator."),
    )
    role = models.CharField(
        verbose_name=_("role"),
        max_length=20,
        choices=CourtRoleKind,
        help_text=_("Their part in the proceeding."),
    )
    represents = models.ForeignKey(
        Person,
        verbose_name=_("represents"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="defended_by",
        help_text=(
            _(
                "For a defence lawyer or public defender: the defendant they represent (the "
                "proceeding's). Blank: not reported."
            )
        ),
    )
    note = models.TextField(
        verbose_name=_("note"),
        blank=True,
        help_text=_("What the sources say of their part (public)."),
    )

    citations = GenericRelation("sources.Citation", related_query_name="court_role")

    class Meta:
        verbose_name = _("court role")
        verbose_name_plural = _("court roles")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["proceeding", "role", "pk"]
        indexes = [
            # The judge and lawyer filters: the cases of the people a name matches (a
            # surname matches thousands, few of them judges), read from the index alone.
            # PostgreSQL read every judge's role to find them (21 ms at 133,000 roles).
            models.Index(
                fields=["person", "role", "proceeding"],
                condition=Q(is_public=True, publication_status="published"),
                name="courtrole_public_person_idx",
            ),
            # The site search by kind ("placard", "house arrest", "judge"): the records of
            # that kind read from the index, not every row tested (casetracker.site_search).
            models.Index(
                fields=["role", "person"],
                condition=Q(is_public=True, publication_status="published"),
                name="courtrole_public_role_idx",
            ),
        ]
        constraints = [
            status_constraint("courtrole"),
            choices_constraint("courtrole", "role", CourtRoleKind),
            models.UniqueConstraint(
                fields=["proceeding", "person", "role"], name="courtrole_unique"
            ),
            models.CheckConstraint(
                condition=Q(represents__isnull=True) | Q(role__in=DEFENCE_ROLES),
                name="courtrole_represents_only_for_defence",
                violation_error_message=(
                    _("Only a defence lawyer or public defender represents someone.")
                ),
            ),
            models.CheckConstraint(
                condition=Q(represents__isnull=True) | ~Q(represents=F("person")),
                name="courtrole_not_own_lawyer",
                violation_error_message=_("A lawyer does not represent themselves here."),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()} — {self.proceeding}"

    def get_absolute_url(self):
        return self.proceeding.get_absolute_url()

    def clean(self):
        if self.represents_id is None:
            return
        if self.role not in DEFENCE_ROLES:
            raise ValidationError(
                {"represents": _("Only a defence lawyer or public defender represents someone.")}
            )
        if self.proceeding_id and self.represents_id != self.proceeding.person_id:
            raise ValidationError(
                {"represents": _("Choose the defendant of this proceeding, or leave it blank.")}
            )
        if self.represents_id == self.person_id:
            raise ValidationError({"represents": _("A lawyer does not represent themselves here.")})


class CasePlaceVia(models.TextChoices):
    PROTEST = "protest", _("protest")
    COURT = "court", _("court")
    MEASURE = "measure", _("pre-trial measure")


class CasePlace(models.Model):
    """A place where a case is, as the case list's place filter and facet read it: where a
    public protest it arose from was held, where its public court sits, or where its
    defendant was held (never a protected person's detention: it can be home).

    Computed, never entered: ``events.case_places`` keeps these rows current on every
    write (the upkeep's ``refreshed`` signal), so that "cases in Kazakhstan" is one
    indexed table instead of three joins hashed whole for every page.
    """

    proceeding = models.ForeignKey(
        Proceeding,
        verbose_name=_("proceeding"),
        on_delete=models.CASCADE,  # derived rows: they go with their case
        related_name="+",
        db_index=False,  # the first column of case_place_proceeding_idx
    )
    place = models.ForeignKey(
        "places.Place", verbose_name=_("place"), on_delete=models.CASCADE, related_name="+"
    )
    via = models.CharField(verbose_name=_("by way of"), max_length=10, choices=CasePlaceVia)
    source_id = models.BigIntegerField(
        verbose_name=_("source row"), help_text=_("The protest, court or measure.")
    )

    class Meta:
        verbose_name = _("place of a case")
        verbose_name_plural = _("places of cases")
        default_permissions = ()  # computed: no one adds, changes or deletes these by hand
        indexes = [
            models.Index(fields=["proceeding", "place"], name="case_place_proceeding_idx"),
            models.Index(fields=["source_id", "via"], name="case_place_source_idx"),
        ]
        constraints = [choices_constraint("caseplace", "via", CasePlaceVia)]

    def __str__(self):
        return f"{self.proceeding_id} @ {self.place_id} ({self.via})"


class ExportStamp(models.Model):
    """How many times what a proceeding's rows of the CSV export read has been written.

    Computed, never entered: on PostgreSQL, triggers on every table the export's statement
    reads (events 0036) move a proceeding's number on, in the writing transaction, whenever
    a row that its export rows read is inserted, changed or deleted, whatever wrote it (a
    save, a bulk update, the visibility upkeep, a fixture, plain SQL). A stored line
    (``ExportLine``) is served only while its proceeding's number is the one it was made
    under. No key to the proceeding: a stamp outlives a deleted case harmlessly, and a
    trigger may stamp a case in the statement that deletes it.
    """

    proceeding_id = models.BigIntegerField(verbose_name=_("proceeding"), primary_key=True)
    number = models.BigIntegerField(verbose_name=_("number"), default=0)

    class Meta:
        verbose_name = _("export stamp")
        verbose_name_plural = _("export stamps")
        default_permissions = ()  # computed: no one adds, changes or deletes these by hand

    def __str__(self):
        return f"{self.proceeding_id}: {self.number}"


class ExportLine(models.Model):
    """A sentence's line of the CSV export, as the export made it last (events.csv_export).

    ``variant`` names the statement that made it (its SQL and parameters: the links'
    address, the language of the labels, the columns), so a line is never served to an
    export of another language or address, or by another version of the statement;
    ``stamp`` is its proceeding's ``ExportStamp.number`` read before the line was made.
    No key to the sentence: exports read lines only for the ids of live, public sentences.
    """

    pk = models.CompositePrimaryKey("sentence_id", "variant")
    sentence_id = models.BigIntegerField(verbose_name=_("sentence"))
    variant = models.CharField(verbose_name=_("statement"), max_length=16)
    stamp = models.BigIntegerField(verbose_name=_("stamp"))
    line = models.TextField(verbose_name=_("line"))

    class Meta:
        verbose_name = _("stored export line")
        verbose_name_plural = _("stored export lines")
        default_permissions = ()  # computed: no one adds, changes or deletes these by hand

    def __str__(self):
        return f"{self.sentence_id} ({self.variant})"
