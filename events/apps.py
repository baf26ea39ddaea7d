from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from events import case_places
        from events.fact_kinds import KINDS
        from sources import fact_kinds

        case_places.connect()
        fact_kinds.register(*KINDS)  # how a source's page shows them
