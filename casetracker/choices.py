"""Vocabularies more than one app uses, kept below every app so that none imports another
for them: the script of a name, who vouches for a name, how precise coordinates are.

people.models and events.models re-export them under their old names.
"""

from django.db import models


class Script(models.TextChoices):
    LATIN = "latin", "Latin"
    CYRILLIC = "cyrillic", "Cyrillic (Russian)"
    KAZAKH_CYRILLIC = "kazakh_cyrillic", "Kazakh Cyrillic"
    CHINESE = "chinese", "Chinese"
    ARABIC = "arabic", "Arabic (incl. Uyghur)"
    OTHER = "other", "Other"


class NameOrigin(models.TextChoices):
    ATTESTED = "attested", "Attested by a source"
    RESEARCHER = "researcher", "Added by a researcher (for search)"


class CoordinatePrecision(models.TextChoices):
    EXACT = "exact", "Exact spot"
    LOCALITY = "locality", "Town or city"
    REGION = "region", "Region"
