"""How a source's page shows the places it is cited for (sources.fact_kinds)."""

from django.utils.translation import gettext_lazy as _

from places import models as places
from sources.fact_kinds import FactKind, names_kind

KINDS = [
    FactKind(places.Place, _("Places"), label=lambda place: place.name),
    names_kind(places.PlaceName, _("Place names"), "place"),
]
