from django.apps import AppConfig


class CasetrackerConfig(AppConfig):
    """The project's own app: shared building blocks (fields, search, widgets), no models."""

    name = "casetracker"
