from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = _("Sources")

    def ready(self):
        # The check that every citable model has its place on a source's page.
        from sources import fact_kinds  # noqa: F401
