"""Reads of places for the public site: the tree of places, and search by any spelling.

Places are few (a gazetteer: thousands at most, beside hundreds of thousands of
sentences), so the whole public tree is read in one query of three columns and walked in
Python: a region's towns, a town's region and country. Filters then ask the database for
records at any of those places, with one list of ids (casetracker.expressions.one_of).
"""

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from casetracker.search import search_key
from places.models import MAX_DEPTH, Place, PlaceKind, PlaceName

MAX_QUERY_LENGTH = 200


@dataclass
class PlaceTree:
    """Every public place: id -> (name, parent id, kind), and id -> children ids."""

    places: dict[int, tuple[str, int | None, str]] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=dict)

    def name(self, pk: int) -> str:
        return self.places[pk][0]

    def within(self, pk: int) -> list[int]:
        """``pk`` and every public place inside it, at any depth (empty if not public)."""
        if pk not in self.places:
            return []
        found, level = [pk], [pk]
        seen = {pk}
        for _ in range(MAX_DEPTH):
            level = [c for p in level for c in self.children.get(p, ()) if c not in seen]
            if not level:
                break
            seen.update(level)
            found += level
        return found

    def ancestors(self, pk: int) -> list[int]:
        """The places ``pk`` lies in, nearest first."""
        chain, current = [], self.places[pk][1] if pk in self.places else None
        while current is not None and current in self.places and len(chain) < MAX_DEPTH:
            chain.append(current)
            current = self.places[current][1]
        return chain

    def broadest(self, count: int) -> list[int]:
        """The ``count`` broadest places: those inside no public place (countries) first,
        then the places directly inside them, and so on, each level by name.

        Read level by level from the top, so only the first levels are sorted: ranking
        every place by the length of its chain read the whole tree on every page that
        shows the place facet."""
        found: list[int] = []
        level = [pk for pk, (_, parent, _) in self.places.items() if parent not in self.places]
        for _ in range(MAX_DEPTH + 1):
            if not level or len(found) >= count:
                break
            level.sort(key=lambda pk: (self.places[pk][0], pk))
            found += level[: count - len(found)]
            level = [child for pk in level for child in self.children.get(pk, ())]
        return found

    def menu(self) -> list[tuple[int, str]]:
        """(id, label) of every place, each under the place it lies in, indented by depth:
        the choices of the case list's place filter."""
        roots = [pk for pk, (_, parent, _) in self.places.items() if parent not in self.places]
        choices = []

        def visit(pk, depth):
            if depth > MAX_DEPTH:
                return
            choices.append((pk, "\u2003" * depth + self.places[pk][0]))
            for child in sorted(self.children.get(pk, ()), key=lambda c: self.places[c][0]):
                visit(child, depth + 1)

        for root in sorted(roots, key=lambda r: self.places[r][0]):
            visit(root, 0)
        return choices


def public_place_tree() -> PlaceTree:
    """Every public place, in one query (a place is public only inside a public place)."""
    tree = PlaceTree()
    rows = Place.objects.public().order_by("name", "pk").values_list("pk", "name", "parent", "kind")
    for pk, name, parent, kind in rows:
        tree.places[pk] = (name, parent, kind)
    for pk, (_, parent, _) in tree.places.items():
        if parent is not None:
            tree.children.setdefault(parent, []).append(pk)
    return tree


def _tokens(query: str) -> list[str]:
    return search_key((query or "")[:MAX_QUERY_LENGTH].replace("\x00", "")).split()


def places_matching(query: str) -> QuerySet[Place]:
    """Public places one of whose public names holds every word of ``query`` (folded), in
    no order: for a subquery (the protests held there)."""
    tokens = _tokens(query)
    if not tokens:
        return Place.objects.none()
    every_word = Q()
    for token in tokens:
        every_word &= Q(search_key__contains=token)
    by_name = PlaceName.objects.public().filter(every_word).values("place_id")
    return Place.objects.public().filter(every_word | Q(pk__in=by_name))


def country_names(text: str) -> list[str]:
    """The names of the public countries that ``text`` names whole, in any script or
    spelling the gazetteer holds ("Казахстан", "Қазақстан" and "kazakhstan" all give
    "Kazakhstan"): for the case list's country filter, which compares a case's country as
    the researcher wrote it, in English."""
    key = " ".join(_tokens(text))
    if not key:
        return []
    by_name = PlaceName.objects.public().filter(search_key=key).values("place_id")
    countries = Place.objects.public().filter(kind=PlaceKind.COUNTRY)
    return list(
        countries.filter(Q(search_key=key) | Q(pk__in=by_name))
        .order_by("name")
        .values_list("name", flat=True)
    )


def search_places(query: str) -> QuerySet[Place]:
    """Public places whose name or any public recorded name matches ``query``, in any
    script and spelling ("Aktobe", "Aqtobe", "Актобе" and "Ақтөбе" all find Aktobe).

    Every word of the query must occur in one name's search key; an exact match of a whole
    name ranks first, then countries before regions before towns, then by name.
    """
    tokens = _tokens(query)
    if not tokens:
        return Place.objects.none()
    key = " ".join(tokens)
    names = PlaceName.objects.public()
    exact = Q(search_key=key) | Q(pk__in=names.filter(search_key=key).values("place_id"))
    kinds = [kind for kind, _ in PlaceKind.choices]
    places = (
        places_matching(query)
        .select_related("parent")
        .annotate(
            rank=Case(When(exact, then=Value(1)), default=Value(0), output_field=IntegerField()),
            depth=Case(
                *(When(kind=kind, then=Value(n)) for n, kind in enumerate(kinds)),
                output_field=IntegerField(),
            ),
        )
    )
    # A public place's parent is public too (publishing.rules): shown beside it.
    return places.order_by("-rank", "depth", "name", "pk")
