"""People and organizations: who was prosecuted, who prosecuted, who they belong to.

Names vary across sources and scripts, so a person or an organization has one preferred
display name plus any number of recorded names, each with a search key (see
casetracker.search). Every fact here can carry citations (sources.Citation).
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

# Shared with places; still importable from here.
from casetracker.choices import NameOrigin, Script
from casetracker.constraints import choices_constraint
from casetracker.fields import SearchKeyField
from casetracker.partial_dates import (
    PartialDateField,
    parse_or_none,
    partial_date_constraints,
    partial_date_order_constraint,
    validate_order,
)
from publishing import rules
from publishing.models import RECORD_PERMISSIONS, Record, status_constraint
from publishing.texts import versions_of


class Person(Record):
    preferred_name = models.CharField(
        verbose_name=_("preferred name"),
        max_length=200,
        help_text=_("The name Casetracker displays, as the main sources spell it."),
    )
    citizenship = models.CharField(
        verbose_name=_("citizenship"),
        max_length=100,
        blank=True,
        help_text=_("Citizenship(s) as reported, e.g. “Kazakhstan”."),
    )
    ethnicity = models.CharField(
        verbose_name=_("ethnicity"),
        max_length=100,
        blank=True,
        help_text=_("Ethnicity as reported, e.g. “Kazakh”."),
    )
    birth_date = PartialDateField(
        verbose_name=_("birth date"), help_text=_("Birth date, usually only the year.")
    )
    locality = models.CharField(
        verbose_name=_("home locality"),
        max_length=200,
        blank=True,
        help_text=_("Home town or region, as reported."),
    )
    residence = models.ForeignKey(
        "places.Place",
        verbose_name=_("home place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        help_text=(
            _(
                "Home town or region as a place record (searchable in every spelling). Never "
                "shown for a protected person."
            )
        ),
    )
    description = models.TextField(
        verbose_name=_("description"),
        blank=True,
        help_text=_("Who this person is, in one or two sentences (public)."),
    )
    description_ru, description_kk = versions_of("description", _("description"))
    is_protected = models.BooleanField(
        verbose_name=_("protected"),
        default=False,
        help_text=(
            _(
                "At risk (e.g. relatives still in Xinjiang): shown publicly only under the "
                "pseudonym; names, birth data, locality and relatives are withheld."
            )
        ),
    )
    pseudonym = models.CharField(
        verbose_name=_("pseudonym"),
        max_length=100,
        blank=True,
        help_text=_("Public name of a protected person, e.g. “Relative A”. Required if protected."),
    )
    protection_reason = models.TextField(
        verbose_name=_("reason for protection"),
        blank=True,
        help_text=_("Why this person is protected. Editors only; required if protected."),
    )
    search_key = SearchKeyField(
        verbose_name=_("search key"),
        source="preferred_name",
        max_length=200,
        db_index=True,
        help_text=_("The preferred name folded for search (see casetracker.search)."),
    )

    citations = GenericRelation("sources.Citation", related_query_name="person")

    class Meta:
        verbose_name = _("person")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["preferred_name", "pk"]
        verbose_name_plural = _("people")
        indexes = [
            # The people list, A–Z by the name shown (events.browse_views): its page read
            # from here, not every public person sorted to show a hundred.
            models.Index(
                Lower(rules.public_name_expression()),
                "id",
                name="person_public_name_idx",
                condition=Q(is_public=True, publication_status="published"),
            ),
        ]
        constraints = [
            status_constraint("person"),
            *partial_date_constraints("person", "birth_date"),
            models.CheckConstraint(
                condition=Q(is_protected=False) | (~Q(pseudonym="") & ~Q(protection_reason="")),
                name="person_protected_has_pseudonym_and_reason",
                violation_error_message=_("A protected person needs a pseudonym and a reason."),
            ),
        ]

    def __str__(self):
        return self.preferred_name

    def get_absolute_url(self):
        return reverse("events:person_detail", kwargs={"pk": self.pk})

    @property
    def public_name(self) -> str:
        return rules.public_name(self)

    def clean(self):
        if self.is_protected:
            errors = {}
            if not self.pseudonym.strip():
                errors["pseudonym"] = _("A protected person must have a pseudonym.")
            if not self.protection_reason.strip():
                errors["protection_reason"] = _("Record why this person is protected.")
            if errors:
                raise ValidationError(errors)


class PersonName(Record):
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="names",
        help_text=_("The person who bears this name."),
    )
    name = models.CharField(
        verbose_name=_("name as written"),
        max_length=200,
        help_text=_("The name exactly as written."),
    )
    script = models.CharField(
        verbose_name=_("script"),
        max_length=20,
        choices=Script,
        default=Script.LATIN,
        help_text=_("Writing system."),
    )
    origin = models.CharField(
        verbose_name=_("origin"),
        max_length=20,
        choices=NameOrigin,
        default=NameOrigin.ATTESTED,
        help_text=_("Attested by a source (cite it) or added by a researcher to help search."),
    )
    note = models.CharField(
        verbose_name=_("note"),
        max_length=300,
        blank=True,
        help_text=_("E.g. “one-off misspelling in RFE/RL”."),
    )
    search_key = SearchKeyField(
        verbose_name=_("search key"),
        source="name",
        max_length=200,
        db_index=True,
        help_text=_("The name folded to lower-case ASCII with spelling variants merged."),
    )

    citations = GenericRelation("sources.Citation", related_query_name="person_name")

    class Meta:
        verbose_name = _("person's name")
        verbose_name_plural = _("person's names")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["person", "name"]
        constraints = [
            status_constraint("personname"),
            choices_constraint("personname", "script", Script),
            choices_constraint("personname", "origin", NameOrigin),
            models.UniqueConstraint(fields=["person", "name"], name="personname_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="personname_not_blank"),
        ]

    def __str__(self):
        return self.name


class OrganizationKind(models.TextChoices):
    MOVEMENT = "movement", _("Movement or activist group")
    COURT = "court", _("Court")
    GOVERNMENT = "government", _("Government body")
    LAW_ENFORCEMENT = "law_enforcement", _("Police or security service")
    NGO = "ngo", _("NGO")
    MEDIA = "media", _("Media outlet")
    FOREIGN_MISSION = "foreign_mission", _("Foreign mission")
    POLITICAL_PARTY = "political_party", _("Political party")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental body")
    DETENTION_FACILITY = "detention_facility", _("Detention facility")
    OTHER = "other", _("Other")


class Organization(Record):
    name = models.CharField(
        verbose_name=_("name"), max_length=300, help_text=_("The name Casetracker displays.")
    )
    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=20,
        choices=OrganizationKind,
        help_text=_("What sort of organization it is."),
    )
    country = models.CharField(
        verbose_name=_("country"),
        max_length=100,
        blank=True,
        help_text=_("Country it belongs to or sits in."),
    )
    locality = models.CharField(
        verbose_name=_("locality"), max_length=200, blank=True, help_text=_("City or region.")
    )
    location = models.ForeignKey(
        "places.Place",
        verbose_name=_("place record"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        help_text=_("Where it sits, as a place record (a court's city): cases filter by it."),
    )
    description = models.TextField(
        verbose_name=_("description"), blank=True, help_text=_("Public description.")
    )
    description_ru, description_kk = versions_of("description", _("description"))
    is_unnamed = models.BooleanField(
        verbose_name=_("unnamed in the sources"),
        default=False,
        help_text=_("The sources do not name it (“a court in Almaty”): shown as not reported."),
    )
    search_key = SearchKeyField(
        verbose_name=_("search key"),
        source="name",
        max_length=300,
        db_index=True,
        help_text=_("Folded name, for search."),
    )

    citations = GenericRelation("sources.Citation", related_query_name="organization")

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["name", "pk"]
        constraints = [
            status_constraint("organization"),
            choices_constraint("organization", "kind", OrganizationKind),
            models.CheckConstraint(condition=~Q(name=""), name="organization_name_not_blank"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:organization_detail", kwargs={"pk": self.pk})


class OrganizationName(Record):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="names",
        help_text=_("The organization that bears this name."),
    )
    name = models.CharField(
        verbose_name=_("other name"),
        max_length=300,
        help_text=_("Another name or spelling (Atazhurt)."),
    )
    script = models.CharField(
        verbose_name=_("script"),
        max_length=20,
        choices=Script,
        default=Script.LATIN,
        help_text=_("Writing system."),
    )
    origin = models.CharField(
        verbose_name=_("origin"),
        max_length=20,
        choices=NameOrigin,
        default=NameOrigin.ATTESTED,
        help_text=(
            _(
                "Attested by a source (cite it) or added by a researcher, e.g. a translation "
                "to help search (“Atajurt Volunteers” for «Атажұрт еріктілері»)."
            )
        ),
    )
    search_key = SearchKeyField(
        verbose_name=_("search key"),
        source="name",
        max_length=300,
        db_index=True,
        help_text=_("Folded name, for search."),
    )

    citations = GenericRelation("sources.Citation", related_query_name="organization_name")

    class Meta:
        verbose_name = _("organization name")
        verbose_name_plural = _("organization names")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["organization", "name"]
        constraints = [
            status_constraint("organizationname"),
            choices_constraint("organizationname", "script", Script),
            choices_constraint("organizationname", "origin", NameOrigin),
            models.UniqueConstraint(
                fields=["organization", "name"], name="organizationname_unique"
            ),
        ]

    def __str__(self):
        return self.name


class RelationshipKind(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Sibling")
    UNCLE_AUNT = "uncle_aunt", _("Uncle or aunt")
    NEPHEW_NIECE = "nephew_niece", _("Nephew or niece")
    RELATIVE = "relative", _("Other relative")
    FRIEND = "friend", _("Friend")
    LAWYER = "lawyer", _("Lawyer")
    COLLEAGUE = "colleague", _("Fellow activist")


class Relationship(Record):
    """One person's relation to another, read “person is <kind> of related person”."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="relationships",
        help_text=_("The person the relation is about."),
    )
    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=20,
        choices=RelationshipKind,
        help_text=_("“person is the <kind> of related person”, e.g. spouse, nephew."),
    )
    related_person = models.ForeignKey(
        Person,
        verbose_name=_("related person"),
        on_delete=models.PROTECT,
        related_name="inverse_relationships",
        help_text=_("The other person."),
    )
    description = models.CharField(
        verbose_name=_("description"),
        max_length=300,
        blank=True,
        help_text=_("As reported, e.g. “her husband, held in China”."),
    )

    citations = GenericRelation("sources.Citation", related_query_name="relationship")

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["person", "kind"]
        indexes = [
            # The site search by kind ("lawyer"): the relationships of that kind read from
            # the index, not every row tested (casetracker.site_search).
            models.Index(
                fields=["kind", "person"],
                condition=Q(is_public=True, publication_status="published"),
                name="relationship_public_kind_idx",
            ),
        ]
        constraints = [
            status_constraint("relationship"),
            choices_constraint("relationship", "kind", RelationshipKind),
            models.CheckConstraint(
                condition=~Q(person=F("related_person")),
                name="relationship_not_self",
                violation_error_message=_("A person cannot be related to themselves."),
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "related_person"], name="relationship_unique"
            ),
        ]

    def __str__(self):
        # Translators: "Guldariya Sherizat — Spouse of Alimnur Turganbay" (the admin's name
        # for the row).
        return gettext("%(person)s — %(kind)s of %(related)s") % {
            "person": self.person,
            "kind": self.get_kind_display(),
            "related": self.related_person,
        }

    def clean(self):
        if self.person_id and self.person_id == self.related_person_id:
            raise ValidationError(
                {"related_person": _("A person cannot be related to themselves.")}
            )


class Affiliation(Record):
    person = models.ForeignKey(
        Person,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="affiliations",
        help_text=_("The member, leader or employee."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="affiliations",
        help_text=_("The organization."),
    )
    role = models.CharField(
        verbose_name=_("role"),
        max_length=200,
        blank=True,
        help_text=_("Role as reported, e.g. “leader”, “member”."),
    )
    start = PartialDateField(
        verbose_name=_("start"), help_text=_("When the affiliation began, if reported.")
    )
    end = PartialDateField(
        verbose_name=_("end"), help_text=_("When it ended, if reported (“former leader”).")
    )

    citations = GenericRelation("sources.Citation", related_query_name="affiliation")

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["person", "start_start"]
        constraints = [
            status_constraint("affiliation"),
            *partial_date_constraints("affiliation", "start"),
            *partial_date_constraints("affiliation", "end"),
            partial_date_order_constraint("affiliation", "start", "end"),
        ]

    def __str__(self):
        role = f" ({self.role})" if self.role else ""
        return f"{self.person} — {self.organization}{role}"

    def clean(self):
        validate_order(self, "start", "end")


class OrganizationRelationKind(models.TextChoices):
    """How one organization stands to another: “organization is <kind> other”."""

    SUCCESSOR_OF = "successor_of", _("Successor of")
    SAME_AS = "same_as", _("Same organization as")
    BRANCH_OF = "branch_of", _("Branch of")
    PART_OF = "part_of", _("Part of")


class OrganizationRelation(Record):
    """One organization's relation to another, read “organization is <kind> other”: a
    movement's successor, a second registration of the same group, a regional branch, a
    court within a court system."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="relations",
        help_text=_("The organization the relation is about."),
    )
    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=20,
        choices=OrganizationRelationKind,
        help_text=_("“organization is <kind> other”: successor of, same as, branch of, part of."),
    )
    other = models.ForeignKey(
        Organization,
        verbose_name=_("other organization"),
        on_delete=models.PROTECT,
        related_name="inverse_relations",
        help_text=_("The other organization."),
    )
    start = PartialDateField(
        verbose_name=_("start"), help_text=_("Since when, if reported (e.g. when it was renamed).")
    )
    description = models.CharField(
        verbose_name=_("description"),
        max_length=300,
        blank=True,
        help_text=_("As reported, e.g. “registered after the ban”."),
    )

    citations = GenericRelation("sources.Citation", related_query_name="organization_relation")

    class Meta:
        verbose_name = _("relation between organizations")
        verbose_name_plural = _("relations between organizations")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["organization", "kind", "pk"]
        constraints = [
            status_constraint("organizationrelation"),
            choices_constraint("organizationrelation", "kind", OrganizationRelationKind),
            *partial_date_constraints("organizationrelation", "start"),
            models.CheckConstraint(
                condition=~Q(organization=F("other")),
                name="organizationrelation_not_self",
                violation_error_message=_("An organization cannot be related to itself."),
            ),
            models.UniqueConstraint(
                fields=["organization", "kind", "other"], name="organizationrelation_unique"
            ),
        ]

    def __str__(self):
        return f"{self.organization} — {self.get_kind_display().lower()} {self.other}"

    def clean(self):
        if self.organization_id and self.organization_id == self.other_id:
            raise ValidationError({"other": _("An organization cannot be related to itself.")})


MAX_AGE = 130


class ReportedAge(Record):
    """An age as a source reports it at a date (“a 45-year-old”, in August 2018): kept as
    reported, with the birth years it implies. Sources often give an age, seldom a birth
    date; two ages at two dates can narrow the birth year."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="reported_ages",
        help_text=_("The person whose age is reported."),
    )
    age = models.PositiveSmallIntegerField(
        verbose_name=_("age"),
        validators=[MaxValueValidator(MAX_AGE)],
        help_text=_("The age in whole years, as reported."),
    )
    as_of = PartialDateField(
        verbose_name=_("as of"),
        blank=False,
        help_text=_("The date the age refers to: the event's date, or the article's."),
    )
    as_reported = models.CharField(
        verbose_name=_("age as reported"),
        max_length=200,
        blank=True,
        help_text=_("In the source's words (“45-year-old”)."),
    )

    citations = GenericRelation("sources.Citation", related_query_name="reported_age")

    class Meta:
        verbose_name = _("reported age")
        verbose_name_plural = _("reported ages")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["person", "as_of_start", "pk"]
        constraints = [
            status_constraint("reportedage"),
            *partial_date_constraints("reportedage", "as_of"),
            models.CheckConstraint(
                condition=Q(age__gte=0, age__lte=MAX_AGE),
                name="reportedage_age_in_range",
                violation_error_message=format_lazy(_("An age runs from 0 to {max}."), max=MAX_AGE),
            ),
            models.CheckConstraint(
                condition=~Q(as_of=""),
                name="reportedage_has_date",
                violation_error_message=_("Say at what date the age was reported."),
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.age} ({self.as_of})"

    @property
    def birth_years(self) -> tuple[int, int] | None:
        """The first and last year of birth the age implies: aged A on a day of year Y, one
        was born in Y - A - 1 (birthday still to come) or Y - A; over a range of days, the
        first day's year less one to the last day's year. None if the date has an open end."""
        parsed = parse_or_none(self.as_of)
        if self.age is None or not parsed or not parsed.start or not parsed.end:
            return None
        return parsed.start.year - self.age - 1, parsed.end.year - self.age

    def birth_years_display(self) -> str:
        years = self.birth_years
        if not years:
            return ""
        first, last = years
        words = {"first": first, "last": last}
        if last == first + 1:
            return pgettext("years of birth", "%(first)s or %(last)s") % words
        return pgettext("years of birth", "between %(first)s and %(last)s") % words
