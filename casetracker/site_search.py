"""The site search: what each group of results matches, and the second try after a typo.

Six groups, one query each (a window count gives each group its total with its rows):

- **people**: every name in any script and spelling (people.selectors), then those whose
  description holds every word or whose role names the query ("lawyer", "judge");
- **organizations**: names and descriptions, without the ones the sources do not name;
- **places**: every recorded spelling (places.selectors);
- **protests**: title, place, description, demands and target, a slogan or placard (its
  words, or its kind: "placard"), or the name of the protest's place record;
- **cases**: a proceeding whose own words (summary, court as reported, case number) hold
  every word, or one of its charges (article or words), pre-trial measures, rulings or
  penalties does; or whose measure, plea or penalty kind the query names ("house arrest",
  "plea bargain");
- **sources**: headline or outlet.

Every group reads from ``.public()`` (publishing.rules) and never matches a protected
person's names or description.

**Typos on every database.** PostgreSQL finds near spellings of names by trigram
similarity. Where nothing at all is found (on SQLite, or a typo in a word that is not a
name), ``corrected_query`` replaces each word of the query that no name holds by the
closest word (difflib's ratio, at least CLOSE_ENOUGH) of a bounded candidate set: the
folded names of public people, organizations and places that share a three-letter piece
with the word (one query, at most MAX_CANDIDATES names), and the words of the kinds the
search knows ("house arrest", "defence lawyer"). The search then runs once more with the
corrected words and says so. Folded keys are short and few, so comparing them in Python
is cheap; an FTS5 table would need its own upkeep on SQLite and would not fold scripts.
"""

import difflib
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value, Window
from django.db.models.functions import Coalesce

from casetracker.search import fold, search_key
from events.models import (
    CASES_NEWEST_FIRST_KEY,
    Charge,
    CourtRole,
    CourtRoleKind,
    MeasureKind,
    Plea,
    PretrialMeasure,
    Proceeding,
    Protest,
    ProtestKind,
    Ruling,
    Sentence,
    SentenceKind,
    Slogan,
    SloganKind,
)
from people.models import (
    Organization,
    OrganizationName,
    Person,
    PersonName,
    Relationship,
    RelationshipKind,
)
from places.models import Place, PlaceName
from places.selectors import places_matching
from publishing import rules
from sources.models import Source

# Words of a query matched in texts; more add nothing but cost.
MAX_TEXT_WORDS = 10
# Keys read to correct a typo: enough for every name sharing a piece with the word.
MAX_CANDIDATES = 500
CLOSE_ENOUGH = 0.75
# Shorter words are corrected to anything ("ali" is close to half the names).
MIN_CORRECTED_LENGTH = 4


def text_words(query: str) -> list[str]:
    return query.split()[:MAX_TEXT_WORDS]


def every_word(field: str, words: list[str]) -> Q:
    """Every word occurs in ``field``, case-insensitively."""
    return reduce(and_, (Q(**{f"{field}__icontains": word}) for word in words))


def every_word_in_any(fields: list[str], words: list[str]) -> Q:
    """Every word occurs, case-insensitively, in at least one of ``fields``."""
    return reduce(and_, (reduce(or_, (Q(**{f"{f}__icontains": w}) for f in fields)) for w in words))


def _label_key(word: str) -> str:
    # "lawyers" names the role "Defence lawyer".
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def kinds_named(choices, query: str) -> list[str]:
    """Values of ``choices`` whose label holds every word of ``query`` (folded)."""
    tokens = [_label_key(token) for token in search_key(query).split()]
    if not tokens:
        return []
    return [
        value
        for value, label in choices.choices
        if all(token in search_key(str(label)) for token in tokens)
    ]


def people_described(query: str) -> list[Q]:
    """People found by what they are: every word in their description, or a role the query
    names (a judge, a defence lawyer or public defender in a public court role; a lawyer
    in a public relationship). The people search applies it to unprotected people only.

    One condition for each way, each a branch of its own: an OR of the description and
    the roles' subqueries could use no index and read every person ("judge": 84 ms at the
    benchmark's default size)."""
    conditions = [every_word("description", text_words(query))]
    roles = kinds_named(CourtRoleKind, query)
    if roles:
        in_court = CourtRole.objects.public().filter(role__in=roles)
        conditions.append(Q(pk__in=in_court.values("person_id")))
    relations = [kind for kind in kinds_named(RelationshipKind, query) if kind == "lawyer"]
    if relations:
        lawyers = Relationship.objects.public().filter(kind__in=relations)
        conditions.append(Q(pk__in=lawyers.values("person_id")))
    return conditions


def protests_matching(query: str) -> QuerySet[Protest]:
    """Public protests the query describes (see the module docstring), each fact read
    through ``.public()``.

    The union of the protest ids each kind of match gives, as for proceedings below: the
    protest's own texts (an OR of their trigram indexes, migrations events/0007 and 0027),
    its slogans, its place records, and the kinds of slogan the query names. One OR of the
    texts and those subqueries could use no index and read every protest (13.6 ms at the
    benchmark's default size, ten times what a tenth of the protests took)."""
    words = text_words(query)
    fields = ["title", "place", "locality", "region", "description", "demands", "target"]

    def of(records, condition: Q) -> QuerySet:
        return records.filter(condition).order_by().values("protest_id")

    ids = [
        Protest.objects.public().filter(every_word_in_any(fields, words)).order_by().values("pk"),
        of(
            Slogan.objects.public(),
            Q(every_word("text", words)) | Q(every_word("translation", words)),
        ),
        Protest.objects.public()
        .filter(location__in=places_matching(query).values("pk"))
        .order_by()
        .values("pk"),
    ]
    if slogan_kinds := kinds_named(SloganKind, query):
        # "placard": the protests where a placard is reported.
        ids.append(of(Slogan.objects.public(), Q(kind__in=slogan_kinds)))
    return Protest.objects.public().filter(pk__in=ids[0].union(*ids[1:]))


def _case_facts(query: str) -> tuple[list[tuple[QuerySet, str]], list[tuple[QuerySet, str]]]:
    """The kinds of fact by which the query finds a case, each as its public records the
    query matches and the column naming their proceeding: first those of a kind the query
    names ("house arrest", "not guilty", "fine"), each read by an index led by its kind;
    then those whose words hold the query."""
    named = []
    if measures := kinds_named(MeasureKind, query):
        named.append((PretrialMeasure.objects.public().filter(kind__in=measures), "proceeding_id"))
    if pleas := kinds_named(Plea, query):
        named.append((Ruling.objects.public().filter(plea__in=pleas), "proceeding_id"))
    if penalties := kinds_named(SentenceKind, query):
        # The listed sentences, as the case list's kind filter reads them (by its index).
        named.append(
            (Sentence.objects.public().filter(kind__in=penalties, listed=True), "proceeding_id")
        )
    words = text_words(query)
    worded = [
        (
            Proceeding.objects.public().filter(
                every_word_in_any(["summary", "court_as_reported", "case_number"], words)
            ),
            "pk",
        ),
        (
            Charge.objects.public().filter(every_word_in_any(["article", "as_reported"], words)),
            "proceeding_id",
        ),
        (
            PretrialMeasure.objects.public().filter(every_word("as_reported", words)),
            "proceeding_id",
        ),
        (Ruling.objects.public().filter(every_word("summary", words)), "proceeding_id"),
        (
            Sentence.objects.public().filter(every_word("amount_as_reported", words)),
            "proceeding_id",
        ),
    ]
    return named, worded


def proceedings_matching(query: str) -> QuerySet[Proceeding]:
    """Public proceedings the query describes (see the module docstring), each fact read
    through ``.public()``.

    The union of the proceeding ids each kind of fact gives, each read by its own trigram
    index on PostgreSQL (migration events/0027): one OR of the proceeding's columns and six
    EXISTS could use none, and read every proceeding, charge, ruling and penalty (0.54 s at
    the benchmark's default size)."""
    named, worded = _case_facts(query)
    return _proceedings_of([*named, *worded])


def _proceedings_of(facts: list[tuple[QuerySet, str]]) -> QuerySet[Proceeding]:
    ids = [records.order_by().values(column) for records, column in facts]
    return Proceeding.objects.public().filter(pk__in=ids[0].union(*ids[1:]))


# The search's cases are counted exactly up to COUNT_LIMIT; beyond it, "more than 1000".
COUNT_LIMIT = 1000
# Facts of each kind read to tell whether more than COUNT_LIMIT cases match: enough for
# two of a case's facts to match (a case has about two sentences). Fewer cases among them
# and every match is counted. 5,000 cost "fine" 34 ms of the count's SQL, 2,000 11 ms.
FACTS_READ = 2000
# Cases walked, newest first, for the newest that match when more than COUNT_LIMIT do.
WALKED = 5000
# The search's cases, newest first (undated last), as proceeding_public_newest_idx holds them.
NEWEST_CASES = (CASES_NEWEST_FIRST_KEY.desc(), "pk")


@dataclass(frozen=True)
class FoundCases:
    ids: list[int]  # the newest, in order
    total: int  # exact, or COUNT_LIMIT when more match
    exact: bool


def _found_among(facts: list[tuple[QuerySet, str]]) -> int:
    """The public proceedings of the first FACTS_READ of each of ``facts``, counted up to
    COUNT_LIMIT + 1."""
    if connection.features.supports_slicing_ordering_in_compound:
        read_some = [records.order_by().values(column)[:FACTS_READ] for records, column in facts]
    else:  # SQLite: each kind's first facts by their ids
        read_some = [
            records.model.objects.filter(pk__in=records.order_by().values("pk")[:FACTS_READ])
            .order_by()
            .values(column)
            for records, column in facts
        ]
    some = read_some[0].union(*read_some[1:], all=True)
    return Proceeding.objects.public().filter(pk__in=some).order_by()[: COUNT_LIMIT + 1].count()


def newest_cases(query: str, limit: int) -> FoundCases:
    """The ids of the newest ``limit`` public proceedings the query describes, and how many
    there are: exactly, up to COUNT_LIMIT; beyond it, only that there are more.

    Counting and sorting every match made the search grow with the data: "fine" (68,352
    cases at the benchmark's default size) took 0.3 s. First, the public proceedings among
    at most FACTS_READ facts of each kind are counted, up to COUNT_LIMIT + 1: those of the
    kinds the query names alone first (read from their indexes, often enough), then with
    those whose words match. At most COUNT_LIMIT, and the matches are few: the union of
    every kind's ids is counted and sorted whole, as ``proceedings_matching`` reads it.
    More, and the newest are found by walking the newest WALKED public cases in order
    (proceeding_public_newest_idx), each tested by one indexed look-up per kind of fact,
    until ``limit`` match: a word found in one case in a hundred or more is met within a
    few thousand, however many cases there are. Only when the newest WALKED hold fewer
    than ``limit`` matches (a word of older cases only) is the whole union sorted after
    all. Two to four queries, however many cases match.
    """
    named, worded = _case_facts(query)
    facts = [*named, *worded]
    # The kinds named first: their cases alone are often more than COUNT_LIMIT, read from
    # their indexes without the words' (house arrest: 21 → 9 ms of SQL).
    found = _found_among(named) if named else 0
    if found <= COUNT_LIMIT:
        found = _found_among(facts)
    if found <= COUNT_LIMIT:
        first = list(
            with_total(_proceedings_of(facts))
            .order_by(*NEWEST_CASES)
            .values_list("pk", "search_total")[:limit]
        )
        return FoundCases([pk for pk, _total in first], first[0][1] if first else 0, True)
    # One scalar look-up per kind of fact and case walked: an EXISTS would be read whole
    # into a hash table by PostgreSQL (every fine: 0.2 s) before the first case is tested.
    has = {
        f"has_{n}": Subquery(records.filter(**{column: OuterRef("pk")}).order_by().values("pk")[:1])
        for n, (records, column) in enumerate(facts)
    }
    # The WALKED-th newest case's day, read once (by the same index) before the walk.
    oldest_walked = Subquery(
        Proceeding.objects.public()
        .order_by(*NEWEST_CASES)
        .values(day=CASES_NEWEST_FIRST_KEY)[WALKED - 1 : WALKED]
    )
    newest = list(
        Proceeding.objects.public()
        .alias(**has, day=CASES_NEWEST_FIRST_KEY)
        .filter(day__gte=Coalesce(oldest_walked, Value(date.min)))
        .filter(reduce(or_, (Q(**{f"{name}__isnull": False}) for name in has)))
        .order_by(*NEWEST_CASES)
        .values_list("pk", flat=True)[:limit]
    )
    if len(newest) < limit:
        newest = list(
            _proceedings_of(facts).order_by(*NEWEST_CASES).values_list("pk", flat=True)[:limit]
        )
    return FoundCases(newest, COUNT_LIMIT, False)


def sources_matching(query: str) -> QuerySet[Source]:
    return Source.objects.public().filter(
        every_word_in_any(["headline", "outlet"], text_words(query))
    )


def with_total(queryset: QuerySet) -> QuerySet:
    """Each row carries ``search_total``, the number of rows matched: the group's count in
    the same query as its first rows."""
    return queryset.annotate(search_total=Window(Count("pk")))


# The kinds the search understands by name, as words a typo can be corrected to.
KNOWN_KINDS = (
    SloganKind,
    MeasureKind,
    Plea,
    SentenceKind,
    CourtRoleKind,
    ProtestKind,
    RelationshipKind,
)


def _pieces(token: str) -> list[str]:
    return [token[i : i + 3] for i in range(len(token) - 2)]


def _candidate_names(tokens: list[str]) -> list[str]:
    """Names whose search key shares a three-letter piece with one of ``tokens``: of
    public, unprotected people (a protected person's real names never take part), named
    public organizations and public places. One query."""
    pieces = {piece for token in tokens for piece in _pieces(token)}
    shares = reduce(or_, (Q(search_key__contains=piece) for piece in pieces))
    unprotected = rules.protected_q(protected=False)
    people = Person.objects.public().filter(unprotected)
    names = [
        (people.filter(shares), "preferred_name"),
        (PersonName.objects.public().filter(shares, person__in=people.values("pk")), "name"),
        (Organization.objects.public().filter(shares, is_unnamed=False), "name"),
        (
            OrganizationName.objects.public().filter(
                shares, organization__in=Organization.objects.public().values("pk")
            ),
            "name",
        ),
        (Place.objects.public().filter(shares), "name"),
        (
            PlaceName.objects.public().filter(
                shares, place__in=Place.objects.public().values("pk")
            ),
            "name",
        ),
    ]
    first, *others = (qs.order_by().values_list(column, flat=True) for qs, column in names)
    return list(first.union(*others)[:MAX_CANDIDATES])


def corrected_query(query: str) -> str | None:
    """``query`` with each word no name or known kind holds replaced by the closest one,
    or None when nothing was corrected.

    Words are compared by their search keys (so "Azhibaj" is one letter from "azhibai")
    and shown folded ("uzynagash", "arrest"), as the names and kinds are written.
    """
    tokens = search_key(query).split()[:MAX_TEXT_WORDS]
    shown = fold(query).split()[:MAX_TEXT_WORDS]
    long_enough = [token for token in tokens if len(token) >= MIN_CORRECTED_LENGTH]
    if not long_enough:
        return None
    # Search key of a word -> the word shown for it (folded, in Latin letters).
    vocabulary = {}
    texts = [*_candidate_names(long_enough)]
    texts += [str(label) for choices in KNOWN_KINDS for label in choices.labels]
    for text in texts:
        vocabulary.update({search_key(word): word for word in fold(text).split()})
    corrected, changed = [], False
    for token, word in zip(tokens, shown, strict=False):
        if len(token) < MIN_CORRECTED_LENGTH or any(token in known for known in vocabulary):
            corrected.append(word)
            continue
        close = difflib.get_close_matches(token, vocabulary, n=1, cutoff=CLOSE_ENOUGH)
        corrected.append(vocabulary[close[0]] if close else word)
        changed = changed or bool(close)
    return " ".join(corrected) if changed else None
