"""Reads of people and organizations for the public site: name search in any script.

Every name is stored beside its search key (casetracker.search), so a folded match works on
every database: "Ажибай", "Azhibai" and "azhibay" all find Serik Azhibay, and a spelling
a source used ("Turgunbay") finds the person through the names recorded for them.

On PostgreSQL, pg_trgm word similarity on the same keys also finds near spellings nobody
recorded ("Azhibaev", "Kunbolatov") and ranks the results by closeness; the GIN trigram
indexes of migration people/0004 serve both the folded ``LIKE`` and the trigram operators,
and that of people/0007 the pseudonyms of protected people. The people search ranks every
match in one statement and reads only the page asked for (RankedPeople).

A protected person is found only by their pseudonym: their real names and preferred name
never match, so a search cannot tie a name to the pseudonym.
"""

from collections.abc import Sequence

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest

from casetracker.search import fold, search_key
from people.models import Organization, OrganizationName, Person, PersonName
from publishing import rules

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


EXACT, FOLDED, NEAR = 2, 1, 0
# A person found by what they are or did (``also``: a description, a role in court), not
# by a name: ranked after every name match.
DESCRIBED = -1
# The columns every branch of a person search yields, in this order.
MATCH_COLUMNS = "person_id, key, own_key, display_name, level"


def _branch(queryset, *, person, key, own_key, display_name, level) -> tuple[str, tuple]:
    """One index-served way to match a person: SQL of rows of MATCH_COLUMNS."""
    rows = (
        queryset.annotate(
            m_person=person,
            m_key=key,
            m_own_key=own_key,
            m_display_name=display_name,
            m_level=level,
        )
        .values_list("m_person", "m_key", "m_own_key", "m_display_name", "m_level")
        .order_by()
    )
    sql, params = rows.query.sql_with_params()
    return sql, tuple(params)


def _names_branch(names, people, level) -> tuple[str, tuple]:
    """``names`` as rows of MATCH_COLUMNS, each with its person among ``people``.

    On PostgreSQL the person of each name is read by a LATERAL subquery, one index lookup
    per name: as a join, the planner misjudges how many names match (a trigram
    ``LIKE '%…%'`` is estimated several times too high) and reads every person to hash
    them, ten times slower.
    """
    if connection.vendor != "postgresql":
        return _branch(
            names.filter(person__in=people),
            person=F("person_id"),
            key=F("search_key"),
            own_key=F("person__search_key"),
            display_name=F("person__preferred_name"),
            level=level,
        )
    name_rows = (
        names.annotate(m_person=F("person_id"), m_key=F("search_key"), m_level=level)
        .values_list("m_person", "m_key", "m_level")
        .order_by()
    )
    person = (
        people.filter(pk=RawSQL("matched_name.person_id", ()))
        .values_list("search_key", "preferred_name")
        .order_by()[:1]
    )
    names_sql, names_params = name_rows.query.sql_with_params()
    person_sql, person_params = person.query.sql_with_params()
    sql = (
        "SELECT matched_name.person_id, matched_name.key, person.own_key, person.display_name,"
        f" matched_name.level FROM ({names_sql}) AS matched_name (person_id, key, level)"
        f" CROSS JOIN LATERAL ({person_sql}) AS person (own_key, display_name)"
    )
    return sql, tuple(names_params) + tuple(person_params)


def _matches_sql(
    query: str, *, near: bool, also: Sequence[Q] = (), among: QuerySet | None = None
) -> tuple[str, tuple] | None:
    """CTEs whose last, ``matches``, holds every person matching ``query``, or None.

    ``matches`` has the columns MATCH_COLUMNS. It is a UNION ALL of branches that each use
    an index (the search keys' trigram GIN indexes serve ``LIKE '%…%'`` and ``%>``), instead
    of one OR over them that the planner can only answer by computing trigrams for every
    person. A row says which key matched and how well: EXACT (the folded key of a whole
    name), FOLDED (every word of the query occurs in one name) or, with ``near``
    (PostgreSQL), NEAR (trigram word similarity), or, for the people each condition of
    ``also`` describes (a branch each), DESCRIBED.

    Each branch is a materialized CTE of its own: planned alone it uses its index, and
    PostgreSQL does not hand a UNION of CTE scans to parallel workers, whose start-up cost
    more than the scans themselves on the benchmark machine.

    Only public people and their public names take part, and with ``among`` (a queryset of
    person ids) only those people. A protected person matches by the pseudonym only, and
    with no key, so that nothing about their real names can rank them.
    """
    tokens = query_tokens(query)
    if not tokens:
        return None
    key = " ".join(tokens)
    public = Person.objects.public()
    if among is not None:
        public = public.filter(pk__in=among)
    # A protected person's names would reveal who hides behind the pseudonym.
    people = public.filter(rules.protected_q(protected=False))

    def of_people(condition: Q, level):
        own_key = F("search_key")
        return _branch(
            people.filter(condition),
            person=F("pk"),
            key=own_key,
            own_key=own_key,
            display_name=F("preferred_name"),
            level=level,
        )

    def of_names(condition: Q, level):
        return _names_branch(PersonName.objects.public().filter(condition), people, level)

    folded = _all_tokens("search_key", tokens)
    level = Case(When(search_key=key, then=Value(EXACT)), default=Value(FOLDED))
    branches = [of_people(folded, level), of_names(folded, level)]
    pseudonym_words = fold(clean_query(query)).split()
    if pseudonym_words:
        no_key = Value(None, output_field=CharField())
        protected = public.filter(
            _all_tokens("pseudonym", pseudonym_words, "icontains"), rules.protected_q()
        )
        branches.append(
            _branch(
                protected,
                person=F("pk"),
                key=no_key,
                own_key=no_key,
                display_name=F("pseudonym"),
                level=Value(FOLDED),
            )
        )
    if near:
        similar = Q(search_key__trigram_word_similar=key)
        branches += [of_people(similar, Value(NEAR)), of_names(similar, Value(NEAR))]
    # Among unprotected people only: a protected person's description is withheld.
    branches += [of_people(condition, Value(DESCRIBED)) for condition in also]
    ctes, params = [], ()
    for number, (sql, branch_params) in enumerate(branches):
        ctes.append(f"match_{number} ({MATCH_COLUMNS}) AS MATERIALIZED ({sql})")
        params += branch_params
    union = " UNION ALL ".join(f"SELECT * FROM match_{number}" for number in range(len(ctes)))
    return f"WITH {', '.join(ctes)}, matches AS ({union})", params


def person_ids_matching(query: str, among: QuerySet | None = None) -> list[int]:
    """Ids of public people any of whose public names matches ``query``; with ``among`` (a
    queryset of person ids), of those people only, near spellings included.

    Case-, accent- and script-insensitive on every database: "Ажибай" and "azhibai" both
    find Serik Azhibay, through the folded search keys stored beside every name. Every word
    of the query must occur in one name. On PostgreSQL near spellings match too, by trigram
    word similarity when no name matches by folding. Protected people match by their
    pseudonym only.

    A list rather than a subquery: filtering the case list by ``person_id IN (list)``, the
    planner sees how many people there are and the matching runs once, not once for the
    count and again for the page.
    """
    tokens = query_tokens(query)
    for near in (False, True) if _fuzzy(" ".join(tokens)) else (False,):
        matches = _matches_sql(query, near=near, among=among)
        if matches is None:
            return []
        sql, params = matches
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} SELECT DISTINCT person_id FROM matches", params)
            ids = sorted(person_id for (person_id,) in cursor.fetchall())
        if ids:
            return ids
    return []


# Similarity is computed once per distinct key, not once per match: thousands of people
# share a few dozen spellings, and trigram similarity is the costly part (about 10 µs a
# row). Only the requested slice of people is read in full.
_RANKED_PEOPLE = """
{matches},
keys AS (
    SELECT key, {similarity} AS similarity, {whole_similarity} AS whole_similarity
    FROM (SELECT key FROM matches UNION SELECT own_key FROM matches) AS distinct_keys
    WHERE key IS NOT NULL
),
page AS (
    SELECT m.person_id, m.display_name, count(*) OVER () AS total, max(m.level) AS level,
        coalesce(max({greatest}(k.similarity, own.similarity)), 0) AS similarity,
        coalesce(max(own.whole_similarity), 0) AS whole_similarity
    FROM matches AS m
        LEFT JOIN keys AS k ON k.key = m.key
        LEFT JOIN keys AS own ON own.key = m.own_key
    GROUP BY m.person_id, m.display_name
    ORDER BY level DESC, similarity DESC, whole_similarity DESC, display_name, person_id
    LIMIT %s OFFSET %s
)
SELECT person.*, page.total AS search_total, page.level AS search_level
FROM page JOIN {person_table} AS person ON person.{person_pk} = page.person_id
ORDER BY page.level DESC, page.similarity DESC, page.whole_similarity DESC,
    page.display_name, page.person_id
"""


class RankedPeople:
    """The people search_people found, closest first; slice it for a page.

    A slice is one query: it ranks every match in the database and reads only the people
    of the slice, each with ``search_total``, the number of people found, and
    ``search_level``, how its best match was found (EXACT, FOLDED, NEAR or DESCRIBED). A
    second query looks for near spellings (PostgreSQL) when fewer than ``enough`` people
    match by folding.
    """

    def __init__(self, query: str, enough: int, also: Sequence[Q] = ()):
        self.query = query
        self.enough = enough
        self.also = also

    def __getitem__(self, index) -> list[Person]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("Take a slice of the results, e.g. people[:20].")
        offset = index.start or 0
        limit = None if index.stop is None else max(index.stop - offset, 0)
        if limit == 0:
            return []
        people = self._ranked(offset, limit, near=False)
        # An empty slice past the end says nothing of the total: look further too.
        total = people[0].search_total if people else 0
        if total < self.enough and _fuzzy(" ".join(query_tokens(self.query))):
            people = self._ranked(offset, limit, near=True)
        return people

    def __iter__(self):
        return iter(self[:])

    def _ranked(self, offset: int, limit: int | None, *, near: bool) -> list[Person]:
        matches = _matches_sql(self.query, near=near, also=self.also)
        if matches is None:
            return []
        sql, params = matches
        key = " ".join(query_tokens(self.query))
        if connection.vendor == "postgresql":
            similarity = ("word_similarity(%s, key)", "similarity(%s, key)", "greatest")
            params += (key, key, limit, offset)  # LIMIT NULL: no limit
        else:
            # No trigrams: a name one of whose words starts with the query ranks first
            # ("Aizhan" finds Айжан Баева before Shynkuat Bayzhanov). Keys hold only a-z,
            # 0-9 and spaces: nothing in them is a LIKE wildcard.
            starts_a_word = "CASE WHEN ' ' || key LIKE '%% ' || %s || '%%' THEN 1.0 ELSE 0.0 END"
            similarity = (starts_a_word, "0.0", "max")
            params += (key, -1 if limit is None else limit, offset)
        statement = _RANKED_PEOPLE.format(
            matches=sql,
            similarity=similarity[0],
            whole_similarity=similarity[1],
            greatest=similarity[2],
            person_table=connection.ops.quote_name(Person._meta.db_table),
            person_pk=connection.ops.quote_name(Person._meta.pk.column),
        )
        return [rules.redact_person(person) for person in Person.objects.raw(statement, params)]


def search_people(query: str, enough: int = 20, also: Sequence[Q] = ()) -> RankedPeople:
    """Public people whose names match ``query``, closest first.

    Ranked: an exact folded match of a whole name, then every word found in one name, then
    (PostgreSQL only, when fewer than ``enough`` people match by folding) near spellings;
    within each rank by the closest trigram word similarity of a matched name or the
    preferred name, then by trigram similarity of the preferred name (PostgreSQL; SQLite,
    which has no trigrams: a name with a word that starts with the query first), then by
    the name shown (the pseudonym of a protected person). Slice the result for a page.

    ``also`` are conditions on Person for people found by something other than a name
    (words of their description, a role in court: the site search builds them), each read
    on its own; they rank after every name match, and a protected person is never among
    them.
    """
    return RankedPeople(query, enough, also)


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


def search_organizations(query: str, *, described: bool = False):
    """Public organizations whose name or any public other name matches ``query``.

    Ranked like search_people: exact folded match, every word found, then (PostgreSQL)
    near spellings by trigram similarity. With ``described``, also those whose description
    holds every word, ranked with the near spellings.

    Organizations the sources do not name ("Court in Almaty that sentenced … (not named)",
    ``is_unnamed``) are left out: each stands for one case, and its made-up name would
    crowd out the real courts and groups ("court Almaty"). Their cases are found by the
    court's words as reported (the site search's cases group).
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
    if described:
        matching |= _all_tokens("description", clean_query(query).split(), "icontains")
    organizations = (
        Organization.objects.public()
        .filter(matching, is_unnamed=False)
        .annotate(rank=_rank(exact, folded))
    )
    if connection.vendor != "postgresql":
        return organizations.order_by("-rank", "name", "pk")
    organizations = organizations.annotate(
        similarity=_best_similarity(names, "organization", key),
        whole_similarity=TrigramSimilarity("search_key", key),
    )
    return organizations.order_by("-rank", "-similarity", "-whole_similarity", "name", "pk")
