from django.apps import AppConfig


class PlacesConfig(AppConfig):
    """Places as records: a gazetteer of countries, regions, towns and sites."""

    name = "places"
