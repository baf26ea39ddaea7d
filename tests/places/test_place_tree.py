"""The public tree of places as the case list's place facet reads it: the broadest places
first (places.selectors.PlaceTree.broadest)."""

import random

import pytest

from places.models import PlaceKind
from places.selectors import PlaceTree, public_place_tree
from publishing.models import PublicationStatus
from tests.factories import PlaceFactory


def ranked_by_chain(tree: PlaceTree) -> list[int]:
    """Every place by the number of public places it lies in, then by name and id."""
    return sorted(tree.places, key=lambda pk: (len(tree.ancestors(pk)), tree.name(pk), pk))


@pytest.mark.django_db
def test_the_broadest_places_are_the_countries_then_their_regions_each_level_by_name():
    china = PlaceFactory(name="China", kind=PlaceKind.COUNTRY)
    kazakhstan = PlaceFactory(name="Kazakhstan", kind=PlaceKind.COUNTRY)
    # Named to sort before the countries: a region still comes after every country.
    abai = PlaceFactory(name="Abai Region", kind=PlaceKind.REGION, parent=kazakhstan)
    PlaceFactory(name="Xinjiang", kind=PlaceKind.REGION, parent=china)
    PlaceFactory(name="Almaty Region", kind=PlaceKind.REGION, parent=kazakhstan)
    PlaceFactory(name="Aksu", kind=PlaceKind.LOCALITY, parent=abai)
    # A draft country hides the region inside it; neither is offered.
    draft = PlaceFactory(
        name="Atlantis", kind=PlaceKind.COUNTRY, publication_status=PublicationStatus.DRAFT
    )
    PlaceFactory(name="Aaa Region", kind=PlaceKind.REGION, parent=draft)

    tree = public_place_tree()

    assert [tree.name(pk) for pk in tree.broadest(4)] == [
        "China",
        "Kazakhstan",
        "Abai Region",
        "Almaty Region",
    ]
    assert [tree.name(pk) for pk in tree.broadest(10)] == [
        "China",
        "Kazakhstan",
        "Abai Region",
        "Almaty Region",
        "Xinjiang",
        "Aksu",
    ]


def test_the_broadest_places_are_those_in_the_fewest_places_on_any_tree():
    generator = random.Random(7)
    for _ in range(200):
        tree = PlaceTree()
        for pk in range(1, generator.randint(1, 40) + 1):
            # A parent among the earlier places, or one that is not public (absent).
            parent = generator.choice([None, 999, *range(1, pk)])
            tree.places[pk] = (generator.choice("ABCD"), parent, PlaceKind.LOCALITY)
            if parent in tree.places:
                tree.children.setdefault(parent, []).append(pk)
        for count in (1, 5, len(tree.places)):
            assert tree.broadest(count) == ranked_by_chain(tree)[:count]
