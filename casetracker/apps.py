from django.apps import AppConfig


class CasetrackerConfig(AppConfig):
    """The project's own app: shared wiring (stored visibility), no models."""

    name = "casetracker"

    def ready(self):
        from casetracker import visibility

        visibility.connect()
