from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """What the public may see, and the editorial work that decides it."""

    name = "publishing"

    def ready(self):
        from publishing import upkeep

        upkeep.connect()
