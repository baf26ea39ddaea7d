from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People")

    def ready(self):
        from people.fact_kinds import KINDS
        from sources import fact_kinds

        fact_kinds.register(*KINDS)  # how a source's page shows them
