"""Places: countries, regions, districts, towns and sites, as records with their names.

A place has one display name and any number of recorded names, in every script and
spelling the sources use (Aqtobe / Aktobe / Актобе / Ақтөбе), each with a search key
(casetracker.search) so that any of them finds it. A place lies inside another (Almaty →
Kazakhstan; a town → its region), so a filter by a region reaches every place in it.

Protests (events.Protest.location), courts and other organizations
(people.Organization.location) and people (people.Person.residence) point here. This app
is low: it imports only publishing and casetracker; people and events import it.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casetracker.choices import NameOrigin, Script
from casetracker.constraints import choices_constraint
from casetracker.coordinates import Coordinates, coordinate_constraints
from casetracker.fields import SearchKeyField
from publishing.models import RECORD_PERMISSIONS, Record, status_constraint

# Far deeper than any real chain (country → region → district → town → site): a walk up
# the parents stops here, so a cycle written past the form cannot loop forever.
MAX_DEPTH = 20


class PlaceKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    REGION = "region", _("Region or province")
    DISTRICT = "district", _("District")
    LOCALITY = "locality", _("City, town or village")
    SITE = "site", _("Site or address")


class Place(Record, Coordinates):
    name = models.CharField(
        verbose_name=_("name"),
        max_length=200,
        help_text=_(
            "The name Casetracker displays, as the main English sources spell it (Aktobe)."
        ),
    )
    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=10,
        choices=PlaceKind,
        help_text=_("Country, region, district, locality (city, town, village) or site."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("inside"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=(
            _(
                "The place it lies in: a town's region, a region's country. Blank for a country. "
                "A filter by a place includes every place inside it."
            )
        ),
    )
    search_key = SearchKeyField(
        verbose_name=_("search key"),
        source="name",
        max_length=200,
        db_index=True,
        help_text=_("The display name folded for search (see casetracker.search)."),
    )

    citations = GenericRelation("sources.Citation", related_query_name="place")

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["name", "pk"]
        constraints = [
            status_constraint("place"),
            choices_constraint("place", "kind", PlaceKind),
            *coordinate_constraints("place"),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="place_name_not_blank",
                violation_error_message=_("A place needs a name."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="place_not_own_parent",
                violation_error_message=_("A place cannot lie inside itself."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:place_detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = self.coordinate_errors()
        if self.parent_id is not None and self.pk is not None and self._inside_itself():
            errors["parent"] = _(
                "A place cannot lie inside itself, nor inside a place that lies inside it."
            )
        if errors:
            raise ValidationError(errors)

    def _inside_itself(self) -> bool:
        """Whether the chain of parents from ``parent`` comes back to this place."""
        parents = dict(Place._base_manager.filter(parent__isnull=False).values_list("pk", "parent"))
        current = self.parent_id
        for _step in range(MAX_DEPTH):
            if current is None:
                return False
            if current == self.pk:
                return True
            current = parents.get(current)
        return True

    def ancestors(self) -> list["Place"]:
        """The places this one lies in, nearest first (one query per level: pages only)."""
        chain, current = [], self.parent
        while current is not None and len(chain) < MAX_DEPTH:
            chain.append(current)
            current = current.parent
        return chain


class PlaceName(Record):
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="names",
        help_text=_("The place that bears this name."),
    )
    name = models.CharField(
        verbose_name=_("name as written"),
        max_length=200,
        help_text=_("The name exactly as written (Aqtobe, Актобе, Ақтөбе)."),
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
        default=NameOrigin.RESEARCHER,
        help_text=(
            _(
                "Attested by a source (cite it, with the quote that spells it) or added by a "
                "researcher to help search (needs no citation)."
            )
        ),
    )
    note = models.CharField(
        verbose_name=_("note"),
        max_length=300,
        blank=True,
        help_text=_("E.g. “official Kazakh Latin spelling since 2021”."),
    )
    search_key = SearchKeyField(
        verbose_name=_("search key"),
        source="name",
        max_length=200,
        db_index=True,
        help_text=_("The name folded to lower-case ASCII with spelling variants merged."),
    )

    citations = GenericRelation("sources.Citation", related_query_name="place_name")

    class Meta:
        verbose_name = _("place name")
        verbose_name_plural = _("place names")
        default_permissions = RECORD_PERMISSIONS
        ordering = ["place", "name"]
        constraints = [
            status_constraint("placename"),
            choices_constraint("placename", "script", Script),
            choices_constraint("placename", "origin", NameOrigin),
            models.UniqueConstraint(fields=["place", "name"], name="placename_unique"),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="placename_not_blank",
                violation_error_message=_("A place name cannot be blank."),
            ),
        ]

    def __str__(self):
        return self.name
