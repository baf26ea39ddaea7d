"""Vocabularies more than one app uses, kept below every app so that none imports another
for them: the script of a name, who vouches for a name, how precise coordinates are.

people.models and events.models re-export them under their old names.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Script(models.TextChoices):
    LATIN = "latin", _("Latin")
    CYRILLIC = "cyrillic", _("Cyrillic (Russian)")
    KAZAKH_CYRILLIC = "kazakh_cyrillic", _("Kazakh Cyrillic")
    CHINESE = "chinese", _("Chinese")
    ARABIC = "arabic", _("Arabic (incl. Uyghur)")
    OTHER = "other", _("Other")


class NameOrigin(models.TextChoices):
    ATTESTED = "attested", _("Attested by a source")
    RESEARCHER = "researcher", _("Added by a researcher (for search)")


class CoordinatePrecision(models.TextChoices):
    EXACT = "exact", _("Exact spot")
    LOCALITY = "locality", _("Town or city")
    REGION = "region", _("Region")
