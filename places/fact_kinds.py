"""How a source's page shows the places it is cited for (sources.fact_kinds)."""

from django.utils.translation import gettext_lazy as _

from places import models as places
from sources.fact_kinds import FactKind

KINDS = [
    FactKind(places.Place, _("Places"), label=lambda place: place.name),
    FactKind(
        places.PlaceName,
        _("Place names"),
        select_related=("place",),
        label=lambda name: (
            _("%(name)s (a name of %(owner)s)") % {"name": name.name, "owner": name.place.name}
        ),
        url=lambda name: name.place.get_absolute_url(),
    ),
]
