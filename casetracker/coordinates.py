"""Coordinates of a record (a protest, a place): both or neither, in range, with how precise
they are. The fields, the database's rules and the form's errors, declared once."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casetracker.choices import CoordinatePrecision
from casetracker.constraints import choices_constraint


class Coordinates(models.Model):
    latitude = models.DecimalField(
        verbose_name=_("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("WGS84 latitude."),
    )
    longitude = models.DecimalField(
        verbose_name=_("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("WGS84 longitude."),
    )
    coordinate_precision = models.CharField(
        verbose_name=_("coordinate precision"),
        max_length=10,
        choices=CoordinatePrecision,
        blank=True,
        help_text=_("How precise the coordinates are; required with coordinates."),
    )

    class Meta:
        abstract = True

    def coordinate_errors(self) -> dict[str, str]:
        """The form's errors for what ``coordinate_constraints`` refuses."""
        errors = {}
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("A latitude lies between -90 and 90.")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _("A longitude lies between -180 and 180.")
        if (self.latitude is None) != (self.longitude is None):
            errors.setdefault("longitude", _("Give both latitude and longitude, or neither."))
        elif self.latitude is not None and not self.coordinate_precision:
            errors["coordinate_precision"] = _("Say how precise the coordinates are.")
        return errors


def coordinate_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        choices_constraint(prefix, "coordinate_precision", CoordinatePrecision, blank=True),
        models.CheckConstraint(
            condition=(
                Q(latitude__isnull=True, longitude__isnull=True)
                | (
                    Q(latitude__gte=-90, latitude__lte=90)
                    & Q(longitude__gte=-180, longitude__lte=180)
                    & ~Q(coordinate_precision="")
                )
            ),
            name=f"{prefix}_coordinates_valid",
            violation_error_message=_("Give both coordinates, in range, with their precision."),
        ),
    ]
