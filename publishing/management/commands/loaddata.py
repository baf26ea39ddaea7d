"""Django's ``loaddata``, with the stored visibility flags computed once after everything
is loaded (``publishing.upkeep.deferred``) instead of after each object.

Saved one by one, every object of a fixture refreshed its own flags and those of the
records that depend on it, and every citation the flags of its fact: loading the demo data
(480 objects) took 5 s on PostgreSQL, most of it refreshing. The flags come out the same:
``refresh_all`` judges every record as the rule reads (publishing.rules), children after
their parents, as the per-object refresh did.
"""

from django.core.management.commands import loaddata
from django.db import DEFAULT_DB_ALIAS

from publishing import upkeep


class Command(loaddata.Command):
    help = (
        f"{loaddata.Command.help} Stored visibility flags are computed once, after every "
        "object is loaded."
    )

    def handle(self, *fixture_labels, **options):
        if options["database"] != DEFAULT_DB_ALIAS:  # the refresh works on the default one
            return super().handle(*fixture_labels, **options)
        with upkeep.deferred():
            return super().handle(*fixture_labels, **options)
