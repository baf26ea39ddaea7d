from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """What the public may see, and the editorial work that decides it."""

    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from django.db.models.signals import post_migrate

        from publishing import generation, roles, upkeep

        upkeep.connect()
        generation.connect()
        # Once per migrate run, when this app's turn comes: the receiver makes the
        # permissions of every app whose records it grants rights on itself (sent for each
        # of the eleven apps, it was a third of emptying a live-server test's tables).
        post_migrate.connect(
            roles.grant_record_rights, sender=self, dispatch_uid="publishing_roles"
        )
