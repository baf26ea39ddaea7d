"""The CSV export of the case list: one row per sentence, the same rows as the filtered page.

The file is UTF-8 with a byte-order mark (so spreadsheet programs read Cyrillic and Kazakh
letters correctly), comma-separated, one header line, lines ending in a newline; a cell is
quoted only when it holds a comma, a quote or a line break. A cell holding several values (names,
protests, charges, sources) separates them with " | ", in the same order in every such
column, so that the n-th source URL belongs to the n-th source headline. An empty cell means
not reported (or, for the name columns of a protected person, withheld). Every cell that
begins with = + - @, a tab or a carriage return is prefixed with an apostrophe (') so that a
spreadsheet shows it as text instead of running it as a formula. The labels of choices and
the words a cell puts around the records' values ("12 unnamed defendants", "date not
reported", "closed to the public", a transfer's "from … to …", "(public defender)") are in
the language of the page it is downloaded from (/ru/cases.csv: Russian); the codes below
(exact, month, days, yes, …) and the column names are the same in every language.

Columns, in order (``COLUMNS`` below is the one place that defines them):

sentence_id              Casetracker's id of the sentence (stable).
person                   The defendant's public name (a protected person's pseudonym), or
                         "N unnamed defendants" ("about N", "more than N", "an unknown
                         number of") when the sources name nobody.
person_url               The person's page on Casetracker; empty for unnamed defendants.
all_names                Every public spelling of the name, in any script ("Serik Azhibay |
                         Серік Әжібай | …"); empty for a protected person.
defendant_ages           Ages as the sources report them, each with the date it refers to
                         ("45 (2018-08) | 47 (2020)"); empty when none is reported or the
                         person is protected.
unnamed_defendants       For a row about unnamed defendants: how many received this penalty;
                         empty when the sources give no number.
unnamed_defendants_precision  How the sources count them: exact, about, more_than
                         (more than the number) or unknown (no number given).
protests                 Titles of the protest(s) the case arose from.
protest_dates            Their start dates, as precisely as known ("2025-07", "2020-08-02").
protest_urls             Their pages on Casetracker.
protest_places           Their places, as place records name them ("Aktobe"; "" keeps the
                         positions aligned when a protest has no public place record).
protest_statuses         Whether each took place: Held, Planned, Prevented or Dispersed.
occasions                What the protests were timed to or about (a state visit, a summit),
                         each once.
case_url                 The proceeding's page on Casetracker (charges, rulings, sources).
case_kind                Administrative or Criminal.
country                  Country whose authorities prosecute.
court                    The court, when a public court record names it; else empty.
court_as_reported        The court in the sources' words ("a court in Almaty").
court_place              The place where the court sits, as its place record names it.
case_opened              When the case was opened, as precisely as known.
case_opened_precision    year, month or day.
charges                  "Article: charge as reported" for each charge.
judges                   The judges of the case, by public name (a protected person's
                         pseudonym).
prosecutors              Its prosecutors.
defence_lawyers          Its defence lawyers, and public defenders marked "(public defender)".
hearings                 Its hearings in date order, "date: kind" ("2026-01-23: Trial hearing,
                         closed to the public"); a transfer reads "date: Case transferred to
                         another court, from <court> to <court>"; "date not reported" when so.
ruling_date              Date of the ruling as precisely as known ("2025-07" means some day in
                         July 2025; a leading "~" means approximate, a trailing "?" uncertain;
                         "2018-08-01/2018-08-02" one of those days, "../2023-05-18" on or
                         before, "2016/.." since; "(inferred)": worked out by the researcher);
                         empty: no ruling yet or date not reported.
ruling_date_precision    year, month or day (for a range: the coarser of its ends).
ruling_instance          First instance, Appeal, …
ruling_court             The court that gave the ruling, when a public court record names it:
                         the ruling's own (an appeal court) or else the case's; else empty.
ruling_court_as_reported That court in the sources' words.
plea                     The defendant's plea, as reported.
outcome                  Found guilty, Acquitted, Dismissed, Pending, …; empty: no ruling yet.
sentence_kind            Administrative detention, Fine, Imprisonment, …; for a detention no
                         case followed (case_kind "No case: held without charge"): Held
                         without charge (term in hours when reported) or Missing, presumed
                         detained.
sentence_status          Imposed, Sought by the prosecution, Maximum possible, Served,
                         Overturned.
detention_circumstance   How the person came to be held, for each detention of the case that
                         says: Detained at the protest, Summoned and held, Taken off
                         transport, Detained at home, Missing, presumed detained, Other.
amount_as_reported       The penalty in the sources' words ("15 days in jail").
term_quantity            Length of a term as reported (2.5 for "2.5 years").
term_unit                hours, days, weeks, months or years.
term_days                The term in days (week = 7, month = 30, year = 365), for sorting.
probation_quantity       For a suspended sentence: its probation period as reported (2).
probation_unit           days, weeks, months or years.
probation_days           The probation period in days.
probation_not_reported   "yes": a suspended sentence whose probation the sources do not give.
custody_credit_days      Days in custody before the verdict counted toward the penalty.
custody_credit_ratio     Days of the penalty one day in custody counts for, as the law sets
                         (1.5: "one day of custody for one and a half days").
custody_credit_as_reported  The custody credit in the sources' words.
fine_amount              Fine as reported, in its currency or unit (the lowest of a range).
fine_amount_max          The highest fine of a range across several people ("$380–535").
fine_currency            KZT, MCI (monthly calculation index units), USD, …
fine_kzt                 The fine per person in tenge, for sorting (computed for KZT; for MCI
                         and other currencies the tenge figure the source gives, else empty;
                         empty for a group total).
fine_kzt_max             The top of a range in tenge.
fine_usd_as_reported     The USD figure the source gives, if any (not computed).
fine_group_total         "yes": fine_amount is the total for a group whose number of people
                         the sources do not give ("almost" or "about" in amount_as_reported).
source_outlets           Outlets of the sources that support this sentence.
source_headlines         Their headlines.
source_urls              Their URLs.
source_archive_urls      Archived copies, where recorded ("" keeps the positions aligned:
                         "https://archive.example/1 | " when only the first source has one);
                         empty when no source has one.
"""

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator
from contextlib import closing, nullcontext
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import (
    Case,
    CharField,
    F,
    Func,
    Min,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.db.models.lookups import Lookup
from django.utils.translation import get_language, gettext, pgettext
from psycopg.adapt import Loader

from casetracker.expressions import bigint_array
from events.models import (
    Charge,
    CourtRole,
    CourtRoleKind,
    DetentionCircumstance,
    ExportLine,
    ExportStamp,
    Hearing,
    HearingKind,
    Instance,
    Occasion,
    Outcome,
    Plea,
    PretrialMeasure,
    Proceeding,
    ProceedingKind,
    Protest,
    ProtestStatus,
    Sentence,
    SentenceKind,
    SentenceStatus,
    UnnamedCount,
)
from events.selectors import public_sentences
from people.models import PersonName, ReportedAge
from publishing import rules
from sources.models import Citation
from sources.templatetags.casetracker import url_pattern

SEPARATOR = " | "
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
# Rows exported by one statement: the database sorts and hashes no more than this at once.
# The first batch is small, so that the first bytes leave at once; each next one is
# BATCH_GROWTH times larger, up to BATCH_ROWS. Larger batches were measured slower, not
# faster, and cost the backend more memory (BENCHMARKS.md, "CSV export", 2026-12-05).
BATCH_ROWS = 3000
FIRST_BATCH_ROWS = 200
BATCH_GROWTH = 4
# Ids read from the server-side cursor at a time: few enough that the first come at once.
ID_CHUNK_ROWS = 2000
# Bytes of CSV gathered before a chunk is sent, where the export is a COPY (PostgreSQL).
CHUNK_BYTES = 1 << 16


class PlainNumber(Func):
    """A number as text, without trailing zeros ("2.5", "145000"); "" when there is none."""

    template = "COALESCE(CAST(%(expressions)s AS TEXT), '')"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "COALESCE(CAST(TRIM_SCALE(%(expressions)s) AS TEXT), '')"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def _text(field: str) -> Coalesce:
    return Coalesce(F(field), Value(""), output_field=CharField())


def _yes(field: str) -> Case:
    """The cell of a flag: "yes" when set, "" otherwise."""
    return Case(
        When(**{field: True}, then=Value("yes")), default=Value(""), output_field=CharField()
    )


def _label(field: str, choices) -> Case:
    """The display label of a choice, as get_FOO_display() gives it."""
    return Case(
        *(When(**{field: value}, then=Value(str(label))) for value, label in choices.choices),
        default=_text(field),
        output_field=CharField(),
    )


def _url(url_of: tuple[str, str], pk_field: str) -> Concat:
    """The absolute URL of a record's page, built in SQL from what surrounds the pk."""
    before, after = url_of
    return Concat(Value(before), Cast(pk_field, CharField()), Value(after))


def _url_of(view: str, absolute_url: Callable[[str], str]) -> tuple[str, str]:
    """What comes before and after the pk in the absolute URL of a record's page."""
    before, after = url_pattern(view)
    return absolute_url(before), after


def _scalars(urls: dict[str, tuple[str, str]]) -> dict[str, object]:
    """Cells read from the sentence and what it joins (proceeding, defendant, court, ruling)."""
    named = Q(proceeding__person__isnull=False)
    unnamed_count = Coalesce(NullIf("unnamed_count", Value(0)), "proceeding__unnamed_defendants")
    # A sentence's own count of a group is exact; else the proceeding says how precise.
    own = Q(unnamed_count__gt=0)
    group = "proceeding__unnamed_defendants"
    precision = Case(
        When(own, then=Value(UnnamedCount.EXACT)),
        default=f"{group}_precision",
        output_field=CharField(),
    )
    counted = Cast(group, CharField())
    unnamed_words = Case(
        When(own, then=Cast("unnamed_count", CharField())),
        When(
            Q(**{f"{group}_precision": UnnamedCount.ABOUT}),
            then=_words(gettext("about %(count)s"), count=counted),
        ),
        When(
            Q(**{f"{group}_precision": UnnamedCount.MORE_THAN}),
            then=_words(gettext("more than %(count)s"), count=counted),
        ),
        When(
            Q(**{f"{group}_precision": UnnamedCount.UNKNOWN}),
            then=Value(pgettext("unnamed defendants", "an unknown number of")),
        ),
        default=counted,
        output_field=CharField(),
    )
    # A ruling that names its own court (an appeal court); else the case's court gave it.
    own_court = Q(ruling__isnull=False) & (
        Q(ruling__court__isnull=False) | Q(ruling__court_as_reported__gt="")
    )
    return {
        "sentence_id": Cast("pk", CharField()),
        "person": Case(
            When(
                named & rules.protected_q("proceeding__person__"),
                then="proceeding__person__pseudonym",
            ),
            When(named, then="proceeding__person__preferred_name"),
            default=_words(
                pgettext("a CSV cell", "%(count)s unnamed defendants"), count=unnamed_words
            ),
            output_field=CharField(),
        ),
        "person_url": Case(
            When(named, then=_url(urls["person"], "proceeding__person_id")),
            default=Value(""),
            output_field=CharField(),
        ),
        "unnamed_defendants": Case(
            When(named, then=Value("")),
            default=Coalesce(PlainNumber(unnamed_count), Value("")),
            output_field=CharField(),
        ),
        "unnamed_defendants_precision": Case(
            When(named, then=Value("")),
            default=precision,
            output_field=CharField(),
        ),
        "case_url": _url(urls["proceeding"], "proceeding_id"),
        "case_kind": _label("proceeding__kind", ProceedingKind),
        "country": _text("proceeding__country"),
        "court": Case(
            When(rules.public_q("proceeding__court__"), then="proceeding__court__name"),
            default=Value(""),
            output_field=CharField(),
        ),
        "court_as_reported": _text("proceeding__court_as_reported"),
        "court_place": Case(
            When(
                rules.public_q("proceeding__court__")
                & rules.public_q("proceeding__court__location__"),
                then="proceeding__court__location__name",
            ),
            default=Value(""),
            output_field=CharField(),
        ),
        "case_opened": _text("proceeding__opened"),
        "case_opened_precision": _text("proceeding__opened_precision"),
        "ruling_date": _text("ruling__date"),
        "ruling_date_precision": _text("ruling__date_precision"),
        "ruling_instance": _label("ruling__court_instance", Instance),
        "ruling_court": Case(
            When(ruling__isnull=True, then=Value("")),
            When(own_court & rules.public_q("ruling__court__"), then="ruling__court__name"),
            When(own_court, then=Value("")),
            When(rules.public_q("proceeding__court__"), then="proceeding__court__name"),
            default=Value(""),
            output_field=CharField(),
        ),
        "ruling_court_as_reported": Case(
            When(ruling__isnull=True, then=Value("")),
            When(own_court, then=_text("ruling__court_as_reported")),
            default=_text("proceeding__court_as_reported"),
            output_field=CharField(),
        ),
        "plea": _label("ruling__plea", Plea),
        "outcome": _label("ruling__outcome", Outcome),
        "sentence_kind": _label("kind", SentenceKind),
        "sentence_status": _label("status", SentenceStatus),
        "amount_as_reported": _text("amount_as_reported"),
        "term_quantity": PlainNumber("term_quantity"),
        "term_unit": _text("term_unit"),
        "term_days": PlainNumber("term_days"),
        "fine_amount": PlainNumber("fine_amount"),
        "fine_currency": _text("fine_currency"),
        "fine_kzt": PlainNumber("fine_kzt"),
        "fine_usd_as_reported": PlainNumber("fine_usd_as_reported"),
        "probation_quantity": PlainNumber("probation_quantity"),
        "probation_unit": _text("probation_unit"),
        "probation_days": PlainNumber("probation_days"),
        "probation_not_reported": _yes("probation_not_reported"),
        "custody_credit_days": PlainNumber("custody_credit_days"),
        "custody_credit_ratio": PlainNumber("custody_credit_ratio"),
        "custody_credit_as_reported": _text("custody_credit_as_reported"),
        "fine_amount_max": PlainNumber("fine_amount_max"),
        "fine_kzt_max": PlainNumber("fine_kzt_max"),
        "fine_group_total": _yes("fine_group_total"),
    }


@dataclass(frozen=True)
class Keys:
    """Stands in the compiled statement for the ids of one batch (``Batch.bind``).

    The statement is compiled once per process (``_compiled``); each batch only binds its
    ids in the places of these markers, which are equal when their names are. A copy of a
    query keeps the same marker.
    """

    name: str

    def __deepcopy__(self, memo):
        return self

    def __repr__(self):
        return f"<ids of the batch's {self.name}>"


class OneOf(Lookup):
    """``field`` is one of a batch's ids (``Keys``), one parameter whatever their number:
    ``= ANY(array)`` on PostgreSQL, which knows the array's length when it plans and probes
    an index per id; ``IN`` a JSON list on SQLite."""

    lookup_name = "one_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", (*params, self.rhs)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", (*params, self.rhs)


class Batch:
    """The ids of a batch of exported rows: the sentences and their proceedings.
    ``batch.has(field, name)`` is the condition "``field`` is one of them"; the statement is
    compiled once, and ``bind`` puts each batch's ids in its parameters."""

    NAMES = ("sentences", "proceedings")

    def __init__(self, vendor: str):
        self.vendor = vendor
        self.keys = {name: Keys(name) for name in self.NAMES}

    def has(self, field: str, name: str) -> OneOf:
        return OneOf(F(field), self.keys[name])

    def bind(self, params: tuple, rows: list[tuple[int, int]]) -> tuple:
        """The statement's parameters for ``rows`` (sentence and proceeding ids)."""
        ids = {
            self.keys["sentences"]: [row[0] for row in rows],
            self.keys["proceedings"]: sorted({row[1] for row in rows}),
        }
        if self.vendor == "postgresql":
            ids = {keys: bigint_array(values) for keys, values in ids.items()}
        else:
            ids = {keys: json.dumps(values) for keys, values in ids.items()}
        return tuple(ids[param] if isinstance(param, Keys) else param for param in params)


@dataclass(frozen=True)
class Related:
    """A derived table: per key ``k``, each of ``values`` columns joined by SEPARATOR.

    ``rows`` (SQL and parameters) selects the aliases k, v0…vn and the ordering columns
    o0…om; ``order`` lists the ORDER BY terms over them (constants of this module, never
    reader input); ``key`` is the column of the exported rows it joins to.
    """

    name: str
    key: str
    rows: tuple[str, tuple]
    values: int
    order: tuple[str, ...]

    def sql(self, vendor: str) -> tuple[str, tuple]:
        inner, params = self.rows
        aggregate = "STRING_AGG" if vendor == "postgresql" else "GROUP_CONCAT"
        joined = ", ".join(f"{aggregate}(v{n}, '{SEPARATOR}') AS v{n}" for n in range(self.values))
        # The values are joined in the order of an ordered subquery, which neither database
        # reorders in an aggregate over it. (An ORDER BY inside each aggregate would be
        # standard, but PostgreSQL 15 then sorts every group again for every column: seconds
        # at 250,000 rows; SQLite before 3.44 has no such ORDER BY at all.)
        ordered = f"SELECT * FROM ({inner}) AS u ORDER BY k, {', '.join(self.order)}"
        return f"SELECT k, {joined} FROM ({ordered}) AS j GROUP BY k", params


def _sql(queryset: QuerySet) -> tuple[str, tuple]:
    return queryset.query.sql_with_params()


def _related(batch: "Batch", urls: dict[str, tuple[str, str]], sentence_type: int) -> list[Related]:
    """The lists of each row, read only for the rows of the batch (by their keys)."""
    # The batch's defendants, read through its proceedings in the statement: the ids read
    # for the batch are the sentences' and proceedings' only, from one table (joined to
    # each row's case, the first 2,000 took 4.1 ms instead of 1.0).
    defendants = Proceeding._base_manager.filter(batch.has("pk", "proceedings")).values("person_id")
    # A protected person's names are not public (publishing.rules): they are not even read.
    names = (
        PersonName.objects.public()
        .filter(person__in=defendants)
        .exclude(name=F("person__preferred_name"))
        .order_by()
        .values(k=F("person_id"), v0=F("name"), o0=F("name"), o1=F("pk"))
    )
    ages = (
        ReportedAge.objects.public()
        .filter(person__in=defendants)
        .order_by()
        .values(
            k=F("person_id"),
            v0=Concat(
                Cast("age", CharField()),
                Value(" ("),
                F("as_of"),
                Value(")"),
                output_field=CharField(),
            ),
            o0=F("as_of_start"),
            o1=F("pk"),
        )
    )
    charges = (
        Charge.objects.public()
        .filter(batch.has("proceeding_id", "proceedings"))
        .order_by()
        .values(
            k=F("proceeding_id"),
            v0=Case(
                When(Q(article="") | Q(article__isnull=True), then=F("as_reported")),
                default=Concat(F("article"), Value(": "), F("as_reported")),
                output_field=CharField(),
            ),
            o0=F("pk"),
        )
    )
    protests = (
        Proceeding.protests.through.objects.filter(
            batch.has("proceeding_id", "proceedings"),
            protest__in=Protest.objects.public().values("pk"),
        )
        .order_by()
        .values(
            k=F("proceeding_id"),
            v0=F("protest__title"),
            v1=_text("protest__start"),
            v2=_url(urls["protest"], "protest_id"),
            v3=Case(
                When(rules.public_q("protest__location__"), then="protest__location__name"),
                default=Value(""),
                output_field=CharField(),
            ),
            v4=_label("protest__status", ProtestStatus),
            o0=F("protest__start_start"),
            o1=F("protest_id"),
        )
    )
    # Each occasion once per proceeding, however many of its protests were timed to it.
    occasions = (
        Occasion.objects.public()
        .filter(
            batch.has("protests__proceedings", "proceedings"),
            protests__in=Protest.objects.public().values("pk"),
        )
        .order_by()
        .values(k=F("protests__proceedings"), v0=F("name"), o0=F("date_start"), o1=F("pk"))
        .distinct()
    )
    circumstances = (
        PretrialMeasure.objects.public()
        .filter(batch.has("proceeding_id", "proceedings"))
        .exclude(circumstance="")
        .order_by()
        .values(
            k=F("proceeding_id"),
            v0=_label("circumstance", DetentionCircumstance),
            o0=F("start_start"),
            o1=F("pk"),
        )
    )
    # Each source once per sentence, oldest first, then in the order it was first cited.
    # Quotes are not exported, so citations need no ``withheld`` flag
    # (sources.selectors.public_citation_queryset): the rule of which are public is enough.
    # The sources are reached from the batch's citations (an index lookup each), not read
    # whole for every batch.
    sources = (
        Citation.objects.public()
        .filter(
            batch.has("object_id", "sentences"),
            rules.public_q("source__"),
            content_type=sentence_type,
        )
        .order_by()
        .values(
            "source_id",
            k=F("object_id"),
            v0=_text("source__outlet"),
            v1=_text("source__headline"),
            v2=_text("source__url"),
            v3=_text("source__archive_url"),
            o0=F("source__published_start"),
        )
        .annotate(o1=Min("pk"))
    )
    return [
        Related("names", "name_person", _sql(names), 1, ("o0", "o1")),
        Related("ages", "name_person", _sql(ages), 1, ("o0 NULLS FIRST", "o1")),
        Related("court_roles", "proceeding_key", _sql(_court_roles(batch)), 3, ("o0",)),
        Related("hearings", "proceeding_key", _sql(_hearings(batch)), 1, ("o0 NULLS LAST", "o1")),
        Related("charges", "proceeding_key", _sql(charges), 1, ("o0",)),
        Related("protests", "proceeding_key", _sql(protests), 5, ("o0 NULLS LAST", "o1")),
        Related("occasions", "proceeding_key", _sql(occasions), 1, ("o0 NULLS LAST", "o1")),
        Related("circumstances", "proceeding_key", _sql(circumstances), 1, ("o0 NULLS LAST", "o1")),
        Related("sources", "sentence_key", _sql(sources), 4, ("o0 NULLS LAST", "o1")),
    ]


def _words(template: str, **parts):
    """A translated ``template`` ("%(count)s unnamed defendants") as an SQL expression: its
    text as values and each placeholder as the expression ``parts`` gives it, in the order
    of the reader's language (a translation may move them)."""
    pieces = re.split(r"%\((\w+)\)s", template)
    expressions = [
        parts[piece] if odd else Value(piece)
        for odd, piece in ((n % 2 == 1, piece) for n, piece in enumerate(pieces))
        if odd or piece
    ]
    if len(expressions) == 1:  # Concat needs two
        return expressions[0]
    return Concat(*expressions, output_field=CharField())


def _court_text(court: str) -> Case:
    """A court of a hearing as the CSV gives it: the public court's name, else the
    sources' words, else "not reported"."""
    return Case(
        When(rules.public_q(f"{court}__"), then=F(f"{court}__name")),
        When(Q(**{f"{court}_as_reported__gt": ""}), then=F(f"{court}_as_reported")),
        default=Value(gettext("not reported")),
        output_field=CharField(),
    )


def _court_roles(batch: "Batch") -> QuerySet:
    """Judges (v0), prosecutors (v1) and defence lawyers (v2) of the exported cases, by
    public name; each row fills one of the three (the aggregates skip the others)."""
    name = rules.public_name_expression("person__")
    lawyer = Case(
        When(
            role=CourtRoleKind.PUBLIC_DEFENDER,
            then=_words(pgettext("a CSV cell", "%(name)s (public defender)"), name=name),
        ),
        When(role=CourtRoleKind.DEFENCE_LAWYER, then=name),
        default=None,
        output_field=CharField(),
    )

    def only(role):
        return Case(When(role=role, then=name), default=None, output_field=CharField())

    return (
        CourtRole.objects.public()
        .filter(batch.has("proceeding_id", "proceedings"))
        .order_by()
        .values(
            k=F("proceeding_id"),
            v0=only(CourtRoleKind.JUDGE),
            v1=only(CourtRoleKind.PROSECUTOR),
            v2=lawyer,
            o0=F("pk"),
        )
    )


def _hearings(batch: "Batch") -> QuerySet:
    """The hearings of the exported cases, "date: kind", in date order."""
    transfer = _words(
        pgettext("a CSV cell, a transfer", ", from %(origin)s to %(destination)s"),
        origin=_court_text("from_court"),
        destination=_court_text("court"),
    )
    return (
        Hearing.objects.public()
        .filter(batch.has("proceeding_id", "proceedings"))
        .order_by()
        .values(
            k=F("proceeding_id"),
            v0=Concat(
                Coalesce(
                    NullIf(F("date"), Value("")), Value(pgettext("a CSV cell", "date not reported"))
                ),
                Value(": "),
                _label("kind", HearingKind),
                Case(
                    When(kind=HearingKind.TRANSFER, then=transfer),
                    default=Value(""),
                    output_field=CharField(),
                ),
                Case(
                    When(
                        closed_to_public=True,
                        then=Value(pgettext("a CSV cell, a hearing", ", closed to the public")),
                    ),
                    When(
                        closed_to_public=False,
                        then=Value(pgettext("a CSV cell, a hearing", ", open to the public")),
                    ),
                    default=Value(""),
                    output_field=CharField(),
                ),
                output_field=CharField(),
            ),
            o0=F("date_start"),
            o1=F("pk"),
        )
    )


# header → the cell in the final SELECT: a column of the exported rows (r.cell_…) or of a related
# derived table (its name, columns v0…vn). Every cell is text; NULL and "" mean not reported.
COLUMNS: list[tuple[str, str]] = [
    ("sentence_id", "r.cell_sentence_id"),
    ("person", "r.cell_person"),
    ("person_url", "r.cell_person_url"),
    (
        "all_names",
        "CASE WHEN r.name_person IS NULL THEN '' "
        f"ELSE r.preferred_name || COALESCE('{SEPARATOR}' || names.v0, '') END",
    ),
    ("defendant_ages", "ages.v0"),
    ("unnamed_defendants", "r.cell_unnamed_defendants"),
    ("unnamed_defendants_precision", "r.cell_unnamed_defendants_precision"),
    ("protests", "protests.v0"),
    ("protest_dates", "protests.v1"),
    ("protest_urls", "protests.v2"),
    ("protest_places", "protests.v3"),
    ("protest_statuses", "protests.v4"),
    ("occasions", "occasions.v0"),
    ("case_url", "r.cell_case_url"),
    ("case_kind", "r.cell_case_kind"),
    ("country", "r.cell_country"),
    ("court", "r.cell_court"),
    ("court_as_reported", "r.cell_court_as_reported"),
    ("court_place", "r.cell_court_place"),
    ("case_opened", "r.cell_case_opened"),
    ("case_opened_precision", "r.cell_case_opened_precision"),
    ("charges", "charges.v0"),
    ("judges", "court_roles.v0"),
    ("prosecutors", "court_roles.v1"),
    ("defence_lawyers", "court_roles.v2"),
    ("hearings", "hearings.v0"),
    ("ruling_date", "r.cell_ruling_date"),
    ("ruling_date_precision", "r.cell_ruling_date_precision"),
    ("ruling_instance", "r.cell_ruling_instance"),
    ("ruling_court", "r.cell_ruling_court"),
    ("ruling_court_as_reported", "r.cell_ruling_court_as_reported"),
    ("plea", "r.cell_plea"),
    ("outcome", "r.cell_outcome"),
    ("sentence_kind", "r.cell_sentence_kind"),
    ("sentence_status", "r.cell_sentence_status"),
    ("detention_circumstance", "circumstances.v0"),
    ("amount_as_reported", "r.cell_amount_as_reported"),
    ("term_quantity", "r.cell_term_quantity"),
    ("term_unit", "r.cell_term_unit"),
    ("term_days", "r.cell_term_days"),
    ("probation_quantity", "r.cell_probation_quantity"),
    ("probation_unit", "r.cell_probation_unit"),
    ("probation_days", "r.cell_probation_days"),
    ("probation_not_reported", "r.cell_probation_not_reported"),
    ("custody_credit_days", "r.cell_custody_credit_days"),
    ("custody_credit_ratio", "r.cell_custody_credit_ratio"),
    ("custody_credit_as_reported", "r.cell_custody_credit_as_reported"),
    ("fine_amount", "r.cell_fine_amount"),
    ("fine_amount_max", "r.cell_fine_amount_max"),
    ("fine_currency", "r.cell_fine_currency"),
    ("fine_kzt", "r.cell_fine_kzt"),
    ("fine_kzt_max", "r.cell_fine_kzt_max"),
    ("fine_usd_as_reported", "r.cell_fine_usd_as_reported"),
    ("fine_group_total", "r.cell_fine_group_total"),
    ("source_outlets", "sources.v0"),
    ("source_headlines", "sources.v1"),
    ("source_urls", "sources.v2"),
    # Empty when no source has an archived copy: only separators would say nothing.
    (
        "source_archive_urls",
        f"CASE WHEN REPLACE(sources.v3, '{SEPARATOR}', '') = '' THEN '' ELSE sources.v3 END",
    ),
]
HEADERS = [header for header, _ in COLUMNS]
# Cells made only of ids, URLs built here and choice labels: no formula can start them.
_SAFE = {
    "sentence_id", "person_url", "protest_urls", "case_url", "case_kind", "case_opened_precision",
    "ruling_date_precision", "ruling_instance", "plea", "outcome", "sentence_kind",
    "sentence_status", "term_unit", "term_days", "probation_unit", "probation_days",
    "probation_not_reported", "custody_credit_days", "fine_group_total", "protest_statuses",
    "detention_circumstance",
}  # fmt: skip


def _neutralised(cell: str, vendor: str) -> str:
    """SQL: the cell, with an apostrophe before it if a spreadsheet would run it.

    The first character is compared by its code (PostgreSQL's ascii(), SQLite's
    unicode()): at 250,000 rows × 20 cells, comparing strings costs seconds.
    """
    first = "ASCII" if vendor == "postgresql" else "UNICODE"
    codes = ", ".join(str(ord(trigger)) for trigger in FORMULA_TRIGGERS)
    return f"CASE WHEN {first}({cell}) IN ({codes}) THEN '''' || {cell} ELSE {cell} END"


@lru_cache(maxsize=64)
def _compiled(
    vendor: str, urls: tuple[tuple[str, tuple[str, str]], ...], sentence_type: int, language: str
) -> tuple[str, tuple]:
    """One SELECT whose rows are the CSV's rows of a batch, in the batch's order, every cell
    final; its parameters hold a ``Batch``'s markers, which ``Batch.bind`` replaces by the
    ids of each batch. The rows' order and the reader's filters are the ids' (``statements``
    reads them in the page's order), so the statement is the same for every export: it is
    compiled once per process, for the links' addresses, the sentences' content type and the
    language of the choice labels (building and compiling its sixty cells, the filters and
    the order took about 20 ms of every export, however few its rows: 36.8 → 16.7 ms for an
    export of the demo data on PostgreSQL).

    ``r`` holds the batch's sentences with their scalar cells, behind the gate again
    (``public_sentences``): a row unpublished since the export read its ids is left out.
    Each list (names, charges, protests, sources) is aggregated once, only for the keys of
    the batch (a common table expression each), and joined to its rows, so the cost grows
    with the rows, not with an aggregate started for each row. ``b`` is the batch's ids
    with their positions, which order the rows.
    """
    batch = Batch(vendor)
    urls = dict(urls)
    shown_names = Q(proceeding__person__isnull=False) & rules.protected_q(
        "proceeding__person__", protected=False
    )
    rows = (
        public_sentences()
        .prefetch_related(None)
        .filter(batch.has("pk", "sentences"))
        .order_by()
        .values(
            sentence_key=F("pk"),
            proceeding_key=F("proceeding_id"),
            name_person=Case(When(shown_names, then="proceeding__person_id"), default=None),
            preferred_name=F("proceeding__person__preferred_name"),
            **{f"cell_{header}": cell for header, cell in _scalars(urls).items()},
        )
    )
    rows_sql, rows_params = rows.query.sql_with_params()
    # Each list is a MATERIALIZED common table expression: computed once per batch, however
    # few rows the planner expects. As a subquery in FROM, a filter it thought selective
    # (a court, a term) made PostgreSQL rescan the whole aggregate once per exported row.
    lists, params, joins = [], [], []
    for related in _related(batch, urls, sentence_type):
        related_sql, related_params = related.sql(vendor)
        lists.append(f"{related.name} AS MATERIALIZED ({related_sql})")
        params += related_params
        joins.append(f"LEFT JOIN {related.name} ON {related.name}.k = r.{related.key}")
    cells = []
    for header, cell in COLUMNS:
        if header not in _SAFE:
            cell = _neutralised(cell, vendor)
        if vendor == "postgresql":
            cell = f"NULLIF({cell}, '')"  # COPY writes NULL as an empty cell, "" as '""'
        cells.append(f"{cell} AS {header}")
    if vendor == "postgresql":
        positions, position = "unnest(%s::bigint[]) WITH ORDINALITY AS b(id, n)", "b.n"
        joined = "r.sentence_key = b.id"
    else:
        positions, position = "json_each(%s) AS b", "b.key"
        joined = "r.sentence_key = b.value"
    parts = [
        f"WITH {', '.join(lists)}",
        "SELECT",
        ", ".join(cells),
        f"FROM {positions} JOIN ({rows_sql}) AS r ON {joined}",
        *joins,
        f"ORDER BY {position}",
    ]
    params += [batch.keys["sentences"], *rows_params]
    return " ".join(parts), tuple(params)


def _batches(
    sentences: QuerySet[Sentence], absolute_url: Callable[[str], str], batch_size: int
) -> Iterator[tuple[list[tuple[int, int]], tuple[str, tuple]]]:
    """The export's rows in batches: (the batch's (sentence, proceeding) ids, the
    compiled statement), the first batch FIRST_BATCH_ROWS, each next one BATCH_GROWTH times
    larger, up to ``batch_size``.

    The ids are read in the page's order through a server-side cursor (on PostgreSQL; an
    index of events/0005, 0008 or 0021 serves each order, so the first ids come at once and
    nothing sorts every row). Run inside one transaction: PostgreSQL keeps a server-side
    cursor only until its transaction ends.
    """
    keys = (
        sentences.prefetch_related(None)
        .values_list("pk", "proceeding_id")
        .iterator(chunk_size=min(batch_size, ID_CHUNK_ROWS))
    )
    vendor = connections[sentences.db].vendor
    compiled = None
    size = min(batch_size, FIRST_BATCH_ROWS)
    while rows := list(islice(keys, size)):
        size = min(batch_size, size * BATCH_GROWTH)
        if compiled is None:
            urls = (
                ("person", _url_of("events:person_detail", absolute_url)),
                ("proceeding", _url_of("events:proceeding_detail", absolute_url)),
                ("protest", _url_of("events:protest_detail", absolute_url)),
            )
            sentence_type = ContentType.objects.get_for_model(Sentence).pk
            compiled = _compiled(vendor, urls, sentence_type, get_language())
        yield rows, compiled


def statements(
    sentences: QuerySet[Sentence], absolute_url: Callable[[str], str], batch_size: int
) -> Iterator[tuple[str, tuple]]:
    """The export's statement once per batch of rows (``_batches``), bound to its ids."""
    vendor = connections[sentences.db].vendor
    with closing(_batches(sentences, absolute_url, batch_size)) as batches:
        for rows, (sql, params) in batches:
            yield sql, Batch(vendor).bind(params, rows)


def stream(
    sentences: QuerySet[Sentence],
    absolute_url: Callable[[str], str],
    *,
    batch_size: int = BATCH_ROWS,
    header: list[str] | None = None,
) -> Iterator[bytes]:
    """The CSV as UTF-8 bytes: BOM and header first (``HEADERS``, or ``header``: the same
    columns' labels in the reader's language), then the rows in batches.

    ``sentences`` are the filtered rows of the page, in its order. Each batch of
    ``batch_size`` rows is exported by one statement (``_batches``), so the database
    never holds more than a batch: no sort or hash of every row, and the first rows leave
    within a fraction of a second. On PostgreSQL each row's line is stored once made
    (``StoredLines``) and served again until something it reads is written; the rows
    made afresh are a COPY, so Python only splits and passes lines on. Memory stays flat
    however many rows.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header or HEADERS)
    yield (BOM + buffer.getvalue()).encode()
    connection = connections[sentences.db]
    vendor = connection.vendor
    with transaction.atomic(using=connection.alias):
        stored = None
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                for name, value in COPY_SETTINGS.items():  # SET LOCAL: until the end
                    cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
            stored = StoredLines(connection)
        # Closed inside the transaction, also when the reader leaves: so is its cursor.
        with closing(_batches(sentences, absolute_url, batch_size)) as batches:
            for rows, compiled in batches:
                if stored is not None:
                    yield from stored.batch(rows, compiled)
                    continue
                sql, params = compiled
                with connection.cursor() as cursor:
                    cursor.execute(sql, Batch(vendor).bind(params, rows))
                    buffer.seek(0)
                    buffer.truncate()
                    writer.writerows(cursor.fetchall())
                yield buffer.getvalue().encode()


# Each batch's statement runs in one process (parallel workers would each build its hash
# tables again, and combining partial aggregates would not keep the order of the lists),
# without JIT compilation (longer to compile than to run a batch). The server's own work_mem
# is enough: a batch sorts and hashes a few thousand rows.
COPY_SETTINGS = {"jit": "off", "max_parallel_workers_per_gather": "0"}


def _logged(cursor, statement: str, params: tuple):
    """A COPY, logged like any query: DEBUG's query list, the debug toolbar, query-count
    tests."""
    if isinstance(cursor, CursorDebugWrapper):
        return cursor.debug_sql(statement, params)
    return nullcontext()


def _copy(connection, sql: str, params: tuple) -> Iterator[bytes]:
    """PostgreSQL's own CSV of the rows (COPY), passed on in chunks of CHUNK_BYTES."""
    statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
    with connection.cursor() as cursor:
        chunk = bytearray()
        with _logged(cursor, statement, params), cursor.cursor.copy(statement, params) as copy:
            for data in copy:
                chunk += data
                if len(chunk) >= CHUNK_BYTES:
                    yield bytes(chunk)
                    chunk.clear()
        if chunk:
            yield bytes(chunk)


class StoredLines:
    """The lines of one export on PostgreSQL: each row's line as stored (``ExportLine``)
    while its proceeding's stamp (``ExportStamp``) is the one it was made under, the
    others made by the batch's COPY and stored for the next export.

    A line is stored with the stamp read *before* the COPY made it, in an earlier
    statement: a write committed in between moves the stamp on (events 0036) and leaves a
    line newer than its stamp, never older, so at worst it is made again. The rows made
    again pass the gate again, so a row unpublished since the export read its ids is left
    out; a stored line is served only while nothing its row reads has changed, which
    includes the flags that say it is public.

    Only one export at a time stores lines (a transaction-level advisory lock, tried, never
    waited for): two storing the same lines would wait on each other's rows until the
    first one's download ended. Writers never touch the lines, so they never wait on an
    export. The lines become visible when the export's transaction commits, at its end; an
    abandoned download stores nothing.
    """

    # pg_try_advisory_xact_lock's key: "stored export lines"
    LOCK = int.from_bytes(hashlib.sha1(b"events.ExportLine").digest()[:7], "big")

    def __init__(self, connection):
        self.connection = connection
        self.variant = None
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [self.LOCK])
            (self.storing,) = cursor.fetchone()

    @staticmethod
    def variant_of(compiled: tuple[str, tuple]) -> str:
        """The name of the statement's lines: its SQL and parameters (the links' address,
        the labels' language), the batch's ids left out."""
        sql, params = compiled
        named = [repr(param) if isinstance(param, Keys) else param for param in params]
        return hashlib.sha1(json.dumps([sql, named], default=str).encode()).hexdigest()[:16]

    def batch(self, rows: list[tuple[int, int]], compiled: tuple[str, tuple]) -> Iterator[bytes]:
        """The batch's lines, in its order, in chunks of about CHUNK_BYTES. Lines stay the
        UTF-8 bytes the database sends, never decoded to text and encoded again: as Python
        text (two bytes a character in a line with any Cyrillic letter), then joined and
        encoded whole, a batch took a worker 20 MB at its peak instead of 10."""
        if self.variant is None:
            self.variant = self.variant_of(compiled)
        with self.connection.cursor() as cursor:
            cursor.cursor.adapters.register_loader("text", _Undecoded)
            cursor.execute(
                _LOOKUP,
                [
                    bigint_array(row[0] for row in rows),
                    bigint_array(row[1] for row in rows),
                    self.variant,
                ],
            )
            found = cursor.fetchall()  # (sentence, its stamp now, its line or None)
        missing = [row for row, (_, _, line) in zip(rows, found, strict=True) if line is None]
        made = {}
        if missing:
            sql, params = compiled
            vendor = self.connection.vendor
            data = b"".join(_copy(self.connection, sql, Batch(vendor).bind(params, missing)))
            made = {int(line[: line.index(b",")]): line for line in _records(data)}
            del data
            if self.storing and made:
                self._store(made, {sentence: stamp for sentence, stamp, _ in found})
        chunk, size = [], 0
        for sentence, _, line in found:
            # A row the COPY left out (unpublished since its id was read) has no line.
            line = made.get(sentence, b"") if line is None else line
            chunk.append(line)
            size += len(line)
            if size >= CHUNK_BYTES:
                yield b"".join(chunk)
                chunk, size = [], 0
        if chunk:
            yield b"".join(chunk)

    def _store(self, made: dict[int, bytes], stamps: dict[int, int]) -> None:
        """The lines made, in place of any stale ones: a DELETE, then a COPY in (an INSERT
        of the lines as an array parameter took 7.3 of a 30.8-s export)."""
        with self.connection.cursor() as cursor:
            cursor.execute(_FORGET, [bigint_array(made), self.variant])
            with _logged(cursor, _STORE, ()), cursor.cursor.copy(_STORE) as copy:
                for sentence, line in made.items():
                    copy.write_row((sentence, self.variant, stamps[sentence], line.decode()))


class _Undecoded(Loader):
    """A text column as the bytes the database sent (UTF-8)."""

    def load(self, data) -> bytes:
        return bytes(data)


def _records(data: bytes) -> Iterator[bytes]:
    """The CSV records of COPY's output, each with its newline. A quoted cell may hold a
    line break; inside quotes every quote is doubled, so a record is complete when the
    quotes read so far are even."""
    pending = b""
    for piece in data.split(b"\n")[:-1]:
        if not pending and piece.count(b'"') % 2 == 0:
            yield piece + b"\n"  # most records: one piece, no line break quoted
            continue
        pending += piece + b"\n"
        if pending.count(b'"') % 2 == 0:
            yield pending
            pending = b""


_LINE = ExportLine._meta.db_table
_STAMP = ExportStamp._meta.db_table
# The batch's sentences in order, with their proceeding's stamp now and the line stored
# under that stamp, if any: one probe of the lines' index per row (LATERAL ... LIMIT 1,
# which the planner keeps as it is). As a plain join, PostgreSQL hashed every line of the
# statement for each batch: 34 ms a batch of 3,000 with 7,460 lines stored, the whole
# export of 248,123 stored lines at 4,500 rows/s.
_LOOKUP = (
    "SELECT b.id, COALESCE(s.number, 0), l.line "
    "FROM unnest(%s::bigint[], %s::bigint[]) WITH ORDINALITY AS b(id, proceeding, n) "
    f"LEFT JOIN {_STAMP} s ON s.proceeding_id = b.proceeding "
    f"LEFT JOIN LATERAL (SELECT line FROM {_LINE} WHERE sentence_id = b.id AND variant = %s "
    "AND stamp = COALESCE(s.number, 0) LIMIT 1) AS l ON true "
    "ORDER BY b.n"
)
_FORGET = f"DELETE FROM {_LINE} WHERE sentence_id = ANY(%s::bigint[]) AND variant = %s"
_STORE = f"COPY {_LINE} (sentence_id, variant, stamp, line) FROM STDIN"
