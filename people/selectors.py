"""Reads of people and organizations for the public site: name search in any script.

Every name is stored beside its search key (casetracker.search), so a folded match works on
every database: "Ажибай", "Azhibai" and "azhibay" all find Serik Azhibay, and a spelling
a source used ("Turgunbay") finds the person through the names recorded for them.

On PostgreSQL, pg_trgm word similarity on the same keys also finds near spellings nobody
recorded ("Azhibaev", "Kunbolatov") and ranks the results by closeness; the GIN trigram
indexes of migration people/0004 serve both the folded ``LIKE`` and the trigram operators.

A protected person is found only by their pseudonym: their real names and preferred name
never match, so a search cannot tie a name to the pseudonym.
"""

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, FloatField, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest

from casetracker.search import fold, search_key
from people.models import Organization, OrganizationName, Person, PersonName

MAX_QUERY_LENGTH = 200
# Below this many letters trigrams say little ("ali" is close to half the names).
MIN_FUZZY_LENGTH = 4


def clean_query(query: str) -> str:
    """The query as searched: at most MAX_QUERY_LENGTH characters, without NUL characters.

    PostgreSQL refuses NUL in a string parameter, so it is dropped here rather than let a
    pasted query become a server error.
    """
    return (query or "")[:MAX_QUERY_LENGTH].replace("\x00", "").strip()


def query_tokens(query: str) -> list[str]:
    """The search key of a query, split into words; every word must match."""
    return search_key(clean_query(query)).split()


def _fuzzy(key: str) -> bool:
    return connection.vendor == "postgresql" and len(key) >= MIN_FUZZY_LENGTH


def _all_tokens(field: str, tokens: list[str], lookup: str = "contains") -> Q:
    condition = Q()
    for token in tokens:
        condition &= Q(**{f"{field}__{lookup}": token})
    return condition


def _searchable_names():
    # A protected person's names would reveal who hides behind the pseudonym.
    return PersonName.objects.public().filter(person__is_protected=False)


EXACT, FOLDED, NEAR = 2, 1, 0


def _person_levels(query: str, near_below: int) -> dict[int, int] | None:
    """Every person matching ``query`` with how well: EXACT, FOLDED or NEAR (PostgreSQL).

    One query: a UNION of branches that each use an index (the search keys' trigram GIN
    indexes serve ``LIKE '%…%'`` and ``<%``), instead of one OR over them that the planner
    can only answer by computing trigrams for every person. None when the query has no words.

    Near spellings rank below every folded match, so they are looked for (a second query)
    only when fewer than ``near_below`` people match by folding.
    """
    tokens = query_tokens(query)
    if not tokens:
        return None
    key = " ".join(tokens)
    names = _searchable_names()
    people = Person.objects.filter(is_protected=False)

    def branch(queryset, field, level):
        return queryset.annotate(level=Value(level)).values_list(field, "level").order_by()

    branches = [
        branch(people.filter(search_key=key), "pk", EXACT),
        branch(names.filter(search_key=key), "person_id", EXACT),
        branch(people.filter(_all_tokens("search_key", tokens)), "pk", FOLDED),
        branch(names.filter(_all_tokens("search_key", tokens)), "person_id", FOLDED),
    ]
    pseudonym_words = fold(clean_query(query)).split()
    if pseudonym_words:
        # A protected person is found by the pseudonym only.
        protected = Person.objects.filter(is_protected=True)
        branches.append(
            branch(
                protected.filter(_all_tokens("pseudonym", pseudonym_words, "icontains")),
                "pk",
                FOLDED,
            )
        )
    levels: dict[int, int] = {}

    def collect(queries):
        for person_id, level in queries[0].union(*queries[1:], all=True):
            levels[person_id] = max(level, levels.get(person_id, level))

    collect(branches)
    if _fuzzy(key) and len(levels) < near_below:
        collect(
            [
                branch(people.filter(search_key__trigram_word_similar=key), "pk", NEAR),
                branch(names.filter(search_key__trigram_word_similar=key), "person_id", NEAR),
            ]
        )
    return levels


def person_ids_matching(query: str):
    """Ids of public people any of whose public names matches ``query`` (a subquery).

    Case-, accent- and script-insensitive on every database: "Ажибай" and "azhibai" both
    find Serik Azhibay, through the folded search keys stored beside every name. Every word
    of the query must occur in one name. On PostgreSQL near spellings match too, by trigram
    word similarity when no name matches by folding. Protected people match by their
    pseudonym only.
    """
    levels = _person_levels(query, near_below=1)
    if not levels:
        return Person.objects.none().values("pk")
    return Person.objects.public().filter(pk__in=list(levels)).values("pk")


def _rank(exact: Q, folded: Q):
    return Case(
        When(exact, then=Value(2)),
        When(folded, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _best_similarity(names, owner: str, key: str):
    """Closest trigram word similarity of ``key`` among the names of the outer row."""
    best = (
        names.filter(**{owner: OuterRef("pk")})
        .annotate(similarity=TrigramWordSimilarity(key, "search_key"))
        .order_by("-similarity")
        .values("similarity")[:1]
    )
    return Greatest(
        TrigramWordSimilarity(key, "search_key"),
        Coalesce(Subquery(best, output_field=FloatField()), Value(0.0)),
    )


def search_people(query: str, enough: int = 20):
    """Public people whose names match ``query``, closest first.

    Ranked: an exact folded match of a whole name, then every word found in one name, then
    (PostgreSQL only) near spellings; within each rank by trigram similarity on PostgreSQL,
    then by name. Slice the result for a page.
    """
    levels = _person_levels(query, near_below=enough)
    if not levels:
        return Person.objects.none()
    exact = Q(pk__in=[pk for pk, level in levels.items() if level == EXACT])
    folded = exact | Q(pk__in=[pk for pk, level in levels.items() if level == FOLDED])
    people = Person.objects.public().filter(pk__in=list(levels)).annotate(rank=_rank(exact, folded))
    key = " ".join(query_tokens(query))
    if connection.vendor != "postgresql":
        return people.order_by("-rank", "preferred_name", "pk")
    people = people.annotate(
        similarity=Case(
            When(is_protected=True, then=Value(0.0)),
            default=_best_similarity(_searchable_names(), "person", key),
            output_field=FloatField(),
        ),
        whole_similarity=Case(
            When(is_protected=True, then=Value(0.0)),
            default=TrigramSimilarity("search_key", key),
            output_field=FloatField(),
        ),
    )
    return people.order_by("-rank", "-similarity", "-whole_similarity", "preferred_name", "pk")


def search_organizations(query: str):
    """Public organizations whose name or any public other name matches ``query``.

    Ranked like search_people: exact folded match, every word found, then (PostgreSQL)
    near spellings by trigram similarity.
    """
    tokens = query_tokens(query)
    if not tokens:
        return Organization.objects.none()
    key = " ".join(tokens)
    names = OrganizationName.objects.public()
    exact = Q(search_key=key) | Q(pk__in=names.filter(search_key=key).values("organization_id"))
    by_name = names.filter(_all_tokens("search_key", tokens)).values("organization_id")
    folded = _all_tokens("search_key", tokens) | Q(pk__in=by_name)
    matching = folded
    if _fuzzy(key):
        similar = names.filter(search_key__trigram_word_similar=key).values("organization_id")
        matching |= Q(search_key__trigram_word_similar=key) | Q(pk__in=similar)
    organizations = (
        Organization.objects.public().filter(matching).annotate(rank=_rank(exact, folded))
    )
    if connection.vendor != "postgresql":
        return organizations.order_by("-rank", "name", "pk")
    organizations = organizations.annotate(
        similarity=_best_similarity(names, "organization", key),
        whole_similarity=TrigramSimilarity("search_key", key),
    )
    return organizations.order_by("-rank", "-similarity", "-whole_similarity", "name", "pk")
