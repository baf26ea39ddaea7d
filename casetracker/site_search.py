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
- and when the people group lists everyone the query names (at most a page of them), the
  protests they publicly took part in and their cases: "Ажибай" finds Serik Azhibay's
  picket and case, as "Azhibay" does, though the protest's text spells him in Latin;
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

from casetracker.expressions import one_of
from casetracker.search import fold, search_key
from events.models import (
    CASES_NEWEST_FIRST_KEY,
    PROTESTS_NEWEST_FIRST_KEY,
    Charge,
    CourtRole,
    CourtRoleKind,
    MeasureKind,
    Participation,
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
# A typo adds or drops a letter or two: a word longer or shorter by more is another word,
# however much of it the two share ("Yerzhan" is no typo of "Serikzhan", 0.8 alike).
TYPO_LETTERS = 2


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


def _protest_facts(query: str, people: list[int] = ()) -> list[tuple[QuerySet, str]]:
    """The ways the query finds a protest, each as the public records the query matches
    and the column naming their protest: the protest's own texts (an OR of their trigram
    indexes, migrations events/0007 and 0027), its slogans' words, its place record by any
    spelling, the kinds of slogan the query names ("placard": the protests where a
    placard is reported), and the public part ``people`` took in protests.

    Each a branch of its own, their ids united: one OR of the texts and those subqueries
    could use no index and read every protest (13.6 ms at the benchmark's default size,
    ten times what a tenth of the protests took)."""
    words = text_words(query)
    fields = ["title", "place", "locality", "region", "description", "demands", "target"]
    facts = [
        (Protest.objects.public().filter(every_word_in_any(fields, words)), "pk"),
        (
            Slogan.objects.public().filter(
                Q(every_word("text", words)) | Q(every_word("translation", words))
            ),
            "protest_id",
        ),
        (
            Protest.objects.public().filter(location__in=places_matching(query).values("pk")),
            "pk",
        ),
        *_of_people(Participation, "protest_id", people),
    ]
    if slogan_kinds := kinds_named(SloganKind, query):
        facts.append((Slogan.objects.public().filter(kind__in=slogan_kinds), "protest_id"))
    return facts


def _of_people(model, column: str, people: list[int]) -> list[tuple[QuerySet, str]]:
    """The public records of ``model`` (a participation in a protest, a case) of ``people``,
    as a fact naming their ``column``: none without people."""
    return [(model.objects.public().filter(one_of("person_id", people)), column)] if people else []


def _case_facts(
    query: str, people: list[int] = ()
) -> tuple[list[tuple[QuerySet, str]], list[tuple[QuerySet, str]]]:
    """The kinds of fact by which the query finds a case, each as its public records the
    query matches and the column naming their proceeding: first those of a kind the query
    names ("house arrest", "not guilty", "fine"), each read by an index led by its kind;
    then those whose words hold the query, and the cases of ``people``."""
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
        *_of_people(Proceeding, "pk", people),
    ]
    return named, worded


def _matching(model, facts: list[tuple[QuerySet, str]]) -> QuerySet:
    """The public rows of ``model`` that any of ``facts`` names: the union of their ids,
    each kind read by its own index (the texts' trigram indexes on PostgreSQL, migrations
    events/0007 and 0027). One OR of a proceeding's columns and six EXISTS could use none,
    and read every proceeding, charge, ruling and penalty (0.54 s at the benchmark's
    default size)."""
    ids = [records.order_by().values(column) for records, column in facts]
    return model.objects.public().filter(pk__in=ids[0].union(*ids[1:]))


# The search's cases and protests are counted exactly up to COUNT_LIMIT; beyond it, "more
# than 1000".
COUNT_LIMIT = 1000
# Facts of each kind read to tell whether more than COUNT_LIMIT cases match: enough for
# two of a case's facts to match (a case has about two sentences). Fewer cases among them
# and every match is counted. 5,000 cost "fine" 34 ms of the count's SQL, 2,000 11 ms.
FACTS_READ = 2000
# Cases or protests walked, newest first, for the newest that match when more than
# COUNT_LIMIT do.
WALKED = 5000
# The search's cases, newest first (undated last), as proceeding_public_newest_idx holds them.
NEWEST_CASES = (CASES_NEWEST_FIRST_KEY.desc(), "pk")
# Its protests, as protest_public_newest_idx holds them (the protests list's order).
NEWEST_PROTESTS = (PROTESTS_NEWEST_FIRST_KEY.desc(), "title", "pk")


@dataclass(frozen=True)
class FoundCases:
    ids: list[int]  # the newest, in order
    total: int  # exact, or COUNT_LIMIT when more match
    exact: bool


@dataclass(frozen=True)
class FoundProtests:
    rows: list[Protest]  # the newest, in order
    total: int  # exact, or COUNT_LIMIT when more match
    exact: bool


def _found_among(model, facts: list[tuple[QuerySet, str]]) -> int:
    """The public rows of ``model`` named by the first FACTS_READ of each of ``facts``,
    counted up to COUNT_LIMIT + 1."""
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
    return model.objects.public().filter(pk__in=some).order_by()[: COUNT_LIMIT + 1].count()


def _more_than_counted(model, named, worded) -> bool:
    """Whether more than COUNT_LIMIT rows of ``model`` match, read from at most FACTS_READ
    facts of each kind: those of the kinds the query names alone first, read from their
    indexes without the words' (house arrest: 21 → 9 ms of SQL), often enough alone."""
    if named and _found_among(model, named) > COUNT_LIMIT:
        return True
    return _found_among(model, [*named, *worded]) > COUNT_LIMIT


def _walked(model, facts: list[tuple[QuerySet, str]], order: tuple, day) -> QuerySet:
    """The public rows of ``model`` among its newest WALKED (by ``day``, in ``order``, as
    an index holds them) that any of ``facts`` names, in that order: each row tested by one
    scalar look-up per kind of fact, and the walk ends when enough are found. An EXISTS
    would be read whole into a hash table by PostgreSQL first (every fine: 0.2 s)."""
    has = {
        f"has_{n}": Subquery(records.filter(**{column: OuterRef("pk")}).order_by().values("pk")[:1])
        for n, (records, column) in enumerate(facts)
    }
    # The WALKED-th newest row's day, read once (by the same index) before the walk.
    oldest_walked = Subquery(
        model.objects.public().order_by(*order).values(day=day)[WALKED - 1 : WALKED]
    )
    return (
        model.objects.public()
        .alias(**has, day=day)
        .filter(day__gte=Coalesce(oldest_walked, Value(date.min)))
        .filter(reduce(or_, (Q(**{f"{name}__isnull": False}) for name in has)))
        .order_by(*order)
    )


def newest_cases(query: str, limit: int, people: list[int] = ()) -> FoundCases:
    """The ids of the newest ``limit`` public proceedings the query describes, and how many
    there are: exactly, up to COUNT_LIMIT; beyond it, only that there are more.

    Counting and sorting every match made the search grow with the data: "fine" (68,352
    cases at the benchmark's default size) took 0.3 s. First, the public proceedings among
    at most FACTS_READ facts of each kind are counted, up to COUNT_LIMIT + 1: those of the
    kinds the query names alone first (read from their indexes, often enough), then with
    those whose words match. At most COUNT_LIMIT, and the matches are few: the union of
    every kind's ids is counted and sorted whole (``_matching``).
    More, and the newest are found by walking the newest WALKED public cases in order
    (proceeding_public_newest_idx), each tested by one indexed look-up per kind of fact,
    until ``limit`` match: a word found in one case in a hundred or more is met within a
    few thousand, however many cases there are. Only when the newest WALKED hold fewer
    than ``limit`` matches (a word of older cases only) is the whole union sorted after
    all. Two to four queries, however many cases match. The cases of ``people`` (those the
    query names, as the search's people group found them) match too.
    """
    named, worded = _case_facts(query, people)
    facts = [*named, *worded]
    if not _more_than_counted(Proceeding, named, worded):
        first = list(
            with_total(_matching(Proceeding, facts))
            .order_by(*NEWEST_CASES)
            .values_list("pk", "search_total")[:limit]
        )
        return FoundCases([pk for pk, _total in first], first[0][1] if first else 0, True)
    newest = list(
        _walked(Proceeding, facts, NEWEST_CASES, CASES_NEWEST_FIRST_KEY).values_list(
            "pk", flat=True
        )[:limit]
    )
    if len(newest) < limit:
        newest = list(
            _matching(Proceeding, facts)
            .order_by(*NEWEST_CASES)
            .values_list("pk", flat=True)[:limit]
        )
    return FoundCases(newest, COUNT_LIMIT, False)


def newest_protests(query: str, limit: int, people: list[int] = ()) -> FoundProtests:
    """The newest ``limit`` public protests the query describes, and how many there are:
    exactly, up to COUNT_LIMIT; beyond it, only that there are more, and the newest found
    as ``newest_cases`` finds them, by walking the newest WALKED protests in the order of
    the protests list's index (every match sorted only when those hold too few).

    Sorting every match to show twenty grew with the protests: with ten times the
    benchmark's (28,240 public), "picket" (17,590 of them) took 50 ms of SQL to sort, the
    walk 5. The count reads every match's id, up to COUNT_LIMIT + 1, as before: read a
    kind at a time up to FACTS_READ, as the cases' are, PostgreSQL read the protests' texts
    row by row instead of by their trigram indexes ("consulate": 11 → 34 ms). Two queries,
    three when the walk finds too few. The protests ``people`` (those the query names) took
    part in match too."""
    facts = _protest_facts(query, people)
    matching = _matching(Protest, facts)
    counted = matching.order_by()[: COUNT_LIMIT + 1].count()
    if counted <= COUNT_LIMIT:
        rows = list(matching.order_by(*NEWEST_PROTESTS)[:limit]) if counted else []
        return FoundProtests(rows, counted, True)
    rows = list(_walked(Protest, facts, NEWEST_PROTESTS, PROTESTS_NEWEST_FIRST_KEY)[:limit])
    if len(rows) < limit:
        rows = list(matching.order_by(*NEWEST_PROTESTS)[:limit])
    return FoundProtests(rows, COUNT_LIMIT, False)


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
        typo_of = [known for known in vocabulary if abs(len(known) - len(token)) <= TYPO_LETTERS]
        close = difflib.get_close_matches(token, typo_of, n=1, cutoff=CLOSE_ENOUGH)
        corrected.append(vocabulary[close[0]] if close else word)
        changed = changed or bool(close)
    return " ".join(corrected) if changed else None
