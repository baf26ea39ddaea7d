"""factory-boy factories for every model; records are published unless a test says otherwise."""

from collections.abc import Iterator
from contextlib import contextmanager

import factory
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings

from events import models as events
from people import models as people
from places import models as places
from publishing import upkeep
from sources import models as sources

PUBLISHED = "published"


@contextmanager
def in_bulk() -> Iterator[None]:
    """For the hundreds of rows a test builds at once (5 against 200): like the synthetic
    data's, they are no one's edit, so they get no history rows (simple-history's own
    ``SIMPLE_HISTORY_ENABLED``; its row and manager for each save were half the build), and
    their stored flags are computed once, on leaving (``upkeep.deferred``). Nothing public
    is read meanwhile."""
    with override_settings(SIMPLE_HISTORY_ENABLED=False), upkeep.deferred():
        yield


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = people.Person

    preferred_name = factory.Sequence(lambda n: f"Person {n}")
    publication_status = PUBLISHED


class PersonNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = people.PersonName

    person = factory.SubFactory(PersonFactory)
    name = factory.LazyAttribute(lambda o: o.person.preferred_name)
    publication_status = PUBLISHED


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = people.Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = people.OrganizationKind.MOVEMENT
    publication_status = PUBLISHED


class CourtFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"District Court No. {n}")
    kind = people.OrganizationKind.COURT
    country = "Kazakhstan"


class PlaceFactory(factory.django.DjangoModelFactory):
    """A published place: public without a citation (a gazetteer entry)."""

    class Meta:
        model = places.Place

    name = factory.Sequence(lambda n: f"Town {n}")
    kind = places.PlaceKind.LOCALITY
    publication_status = PUBLISHED


class PlaceNameFactory(factory.django.DjangoModelFactory):
    """A spelling a researcher added for search: public without a citation."""

    class Meta:
        model = places.PlaceName

    place = factory.SubFactory(PlaceFactory)
    name = factory.Sequence(lambda n: f"Town spelling {n}")
    origin = people.NameOrigin.RESEARCHER
    publication_status = PUBLISHED


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sources.Source

    outlet = "Example News"
    headline = factory.Sequence(lambda n: f"Activist sentenced, report {n}")
    url = factory.Sequence(lambda n: f"https://news.example.org/articles/{n}")
    published = "2025-07-14"
    publication_status = PUBLISHED


class CitationFactory(factory.django.DjangoModelFactory):
    """Pass ``fact=<record>``; the quote is any short verbatim text."""

    class Meta:
        model = sources.Citation
        exclude = ["fact"]

    fact = factory.SubFactory(PersonFactory)
    source = factory.SubFactory(SourceFactory)
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.fact))
    object_id = factory.LazyAttribute(lambda o: o.fact.pk)
    quote = factory.Sequence(lambda n: f"the court ruled on the case, report {n}")
    publication_status = PUBLISHED


class ProtestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = events.Protest

    title = factory.Sequence(lambda n: f"Picket {n}")
    kind = events.ProtestKind.SOLO_PICKET
    start = "2025-07"
    locality = "Almaty"
    country = "Kazakhstan"
    publication_status = PUBLISHED


class ProceedingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = events.Proceeding

    person = factory.SubFactory(PersonFactory)
    kind = events.ProceedingKind.ADMINISTRATIVE
    publication_status = PUBLISHED


class RulingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = events.Ruling

    proceeding = factory.SubFactory(ProceedingFactory)
    date = "2025-07-14"
    outcome = events.Outcome.GUILTY
    publication_status = PUBLISHED


class SentenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = events.Sentence

    ruling = factory.SubFactory(RulingFactory)
    proceeding = factory.LazyAttribute(lambda o: o.ruling.proceeding)
    kind = events.SentenceKind.ADMINISTRATIVE_DETENTION
    term_quantity = 15
    term_unit = events.TermUnit.DAYS
    term_days = 15
    amount_as_reported = "15 days"
    publication_status = PUBLISHED
