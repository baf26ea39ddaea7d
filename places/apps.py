from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    """Places as records: a gazetteer of countries, regions, towns and sites."""

    name = "places"
    verbose_name = _("Places")

    def ready(self):
        from places.fact_kinds import KINDS
        from sources import fact_kinds

        fact_kinds.register(*KINDS)  # how a source's page shows them
