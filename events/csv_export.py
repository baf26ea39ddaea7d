"""The CSV export of the case list: one row per sentence, the same rows as the filtered page.

The file is UTF-8 with a byte-order mark (so spreadsheet programs read Cyrillic and Kazakh
letters correctly), comma-separated, one header line. A cell holding several values (names,
protests, charges, sources) separates them with " | ", in the same order in every such
column, so that the n-th source URL belongs to the n-th source headline. An empty cell means
not reported (or, for the name columns of a protected person, withheld). Every cell that
begins with = + - @, a tab or a carriage return is prefixed with an apostrophe (') so that a
spreadsheet shows it as text instead of running it as a formula.

Columns, in order (``COLUMNS`` below is the one place that defines them):

sentence_id              Casetracker's id of the sentence (stable).
person                   The defendant's public name (a protected person's pseudonym), or
                         "N unnamed defendants" when the sources name nobody.
person_url               The person's page on Casetracker; empty for unnamed defendants.
all_names                Every public spelling of the name, in any script ("Serik Azhibay |
                         Серік Әжібай | …"); empty for a protected person.
unnamed_defendants       For a row about unnamed defendants: how many received this penalty.
protests                 Titles of the protest(s) the case arose from.
protest_dates            Their start dates, as precisely as known ("2025-07", "2020-08-02").
protest_urls             Their pages on Casetracker.
case_url                 The proceeding's page on Casetracker (charges, rulings, sources).
case_kind                Administrative or Criminal.
country                  Country whose authorities prosecute.
court                    The court, when a public court record names it; else empty.
court_as_reported        The court in the sources' words ("a court in Almaty").
case_opened              When the case was opened, as precisely as known.
case_opened_precision    year, month or day.
charges                  "Article: charge as reported" for each charge.
ruling_date              Date of the ruling as precisely as known ("2025-07" means some day in
                         July 2025; a leading "~" means approximate); empty: no ruling yet or
                         date not reported.
ruling_date_precision    year, month or day.
ruling_instance          First instance, Appeal, …
plea                     The defendant's plea, as reported.
outcome                  Found guilty, Acquitted, Dismissed, Pending, …; empty: no ruling yet.
sentence_kind            Administrative detention, Fine, Imprisonment, …
sentence_status          Imposed, Sought by the prosecution, Maximum possible, Served,
                         Overturned.
amount_as_reported       The penalty in the sources' words ("15 days in jail").
term_quantity            Length of a term as reported (2.5 for "2.5 years").
term_unit                days, weeks, months or years.
term_days                The term in days (week = 7, month = 30, year = 365), for sorting.
fine_amount              Fine as reported, in its currency or unit.
fine_currency            KZT, MCI (monthly calculation index units), USD, …
fine_kzt                 The fine in tenge, for sorting.
fine_usd_as_reported     The USD figure the source gives, if any (not computed).
source_outlets           Outlets of the sources that support this sentence.
source_headlines         Their headlines.
source_urls              Their URLs.
source_archive_urls      Archived copies, where recorded ("" keeps the positions aligned).
"""

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import QuerySet
from django.urls import reverse

from casetracker.records import PublicationStatus
from events.models import (
    Charge,
    Instance,
    Outcome,
    Plea,
    ProceedingKind,
    Protest,
    Sentence,
    SentenceKind,
    SentenceStatus,
)
from people.models import PersonName
from sources.models import Citation
from sources.selectors import public_sources

SEPARATOR = " | "
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
# Rows written per batch: each batch reads its names, charges, protests and sources in one
# query per kind, so the number of queries grows with batches, never with rows.
BATCH_ROWS = 2000
# Rows per round trip of the database cursor (server-side on PostgreSQL).
FETCH_ROWS = 5000

_TRIGGER_CHARACTERS = frozenset(FORMULA_TRIGGERS)

# The scalar values of a row, read in one query that joins the sentence to its proceeding,
# defendant, court and ruling. Plain tuples: building model instances would cost most of
# the export's time at hundreds of thousands of rows.
FIELDS = (
    "pk",
    "proceeding_id",
    "proceeding__person_id",
    "proceeding__person__preferred_name",
    "proceeding__person__pseudonym",
    "proceeding__person__is_protected",
    "unnamed_count",
    "proceeding__unnamed_defendants",
    "proceeding__kind",
    "proceeding__country",
    "proceeding__court__name",
    "proceeding__court__is_public",
    "proceeding__court__publication_status",
    "proceeding__court_as_reported",
    "proceeding__opened",
    "proceeding__opened_precision",
    "ruling__date",
    "ruling__date_precision",
    "ruling__court_instance",
    "ruling__plea",
    "ruling__outcome",
    "kind",
    "status",
    "amount_as_reported",
    "term_quantity",
    "term_unit",
    "term_days",
    "fine_amount",
    "fine_currency",
    "fine_kzt",
    "fine_usd_as_reported",
)
_AT = {field: position for position, field in enumerate(FIELDS)}
SENTENCE = _AT["pk"]
PROCEEDING = _AT["proceeding_id"]
PERSON = _AT["proceeding__person_id"]
PREFERRED_NAME = _AT["proceeding__person__preferred_name"]
PSEUDONYM = _AT["proceeding__person__pseudonym"]
PROTECTED = _AT["proceeding__person__is_protected"]
UNNAMED_COUNT = _AT["unnamed_count"]
UNNAMED_DEFENDANTS = _AT["proceeding__unnamed_defendants"]
COURT_NAME = _AT["proceeding__court__name"]
COURT_IS_PUBLIC = _AT["proceeding__court__is_public"]
COURT_STATUS = _AT["proceeding__court__publication_status"]

NO_PROTESTS = ("", "", "")
NO_SOURCES = ("", "", "", "")


def neutralise(value) -> str:
    """The cell as text, made inert if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def _number(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _url_of(view: str, absolute_url: Callable[[str], str]) -> Callable[[int], str]:
    """pk → the absolute URL of that record's page, without resolving a URL per row."""
    marker = "987654321"
    before, _, after = absolute_url(reverse(view, kwargs={"pk": int(marker)})).rpartition(marker)
    return lambda pk: f"{before}{pk}{after}"


class Batch:
    """The related values of a batch of rows, each list already joined into its cells."""

    __slots__ = ("all_names", "case_url", "charges", "person_url", "protests", "sources")

    def __init__(self, rows: list[tuple], urls: dict[str, Callable[[int], str]]):
        self.person_url = urls["person"]
        self.case_url = urls["proceeding"]
        sentence_ids = [row[SENTENCE] for row in rows]
        proceeding_ids = {row[PROCEEDING] for row in rows}
        # A protected person's names are withheld: they are not even read.
        preferred_names = {
            row[PERSON]: row[PREFERRED_NAME]
            for row in rows
            if row[PERSON] is not None and not row[PROTECTED]
        }
        self.all_names = _all_names(preferred_names)
        self.charges = _charges(proceeding_ids)
        self.protests = _protests(proceeding_ids, urls["protest"])
        self.sources = _sources(sentence_ids)


def _all_names(preferred_names: dict[int, str]) -> dict[int, str]:
    """person id → the preferred name, then every other public spelling (by name)."""
    if not preferred_names:
        return {}
    others = defaultdict(list)
    names = (
        PersonName.objects.public()
        .filter(person_id__in=preferred_names)
        .order_by("name", "pk")
        .values_list("person_id", "name")
    )
    for person_id, name in names:
        if name != preferred_names[person_id]:
            others[person_id].append(name)
    return {
        person_id: SEPARATOR.join([preferred, *others[person_id]])
        for person_id, preferred in preferred_names.items()
    }


def _charges(proceeding_ids: set[int]) -> dict[int, str]:
    """proceeding id → "Article: charge as reported" of each public charge, in entry order."""
    charges = defaultdict(list)
    rows = (
        Charge.objects.public()
        .filter(proceeding_id__in=proceeding_ids)
        .order_by("pk")
        .values_list("proceeding_id", "article", "as_reported")
    )
    for proceeding_id, article, as_reported in rows:
        charges[proceeding_id].append(f"{article}: {as_reported}" if article else as_reported)
    return {proceeding_id: SEPARATOR.join(texts) for proceeding_id, texts in charges.items()}


def _protests(proceeding_ids: set[int], protest_url) -> dict[int, tuple[str, str, str]]:
    """proceeding id → (titles, start dates, URLs) of its public protests, earliest first."""
    protests = defaultdict(list)
    rows = (
        Protest.objects.public()
        .filter(proceedings__in=proceeding_ids)
        .order_by("start_start", "pk")
        .values_list("proceedings", "pk", "title", "start")
    )
    for proceeding_id, pk, title, start in rows:
        protests[proceeding_id].append((title, start, protest_url(pk)))
    return {
        proceeding_id: tuple(SEPARATOR.join(column) for column in zip(*found, strict=True))
        for proceeding_id, found in protests.items()
    }


def _sources(sentence_ids: list[int]) -> dict[int, tuple[str, str, str, str]]:
    """sentence id → (outlets, headlines, URLs, archive URLs) of the sources of its public
    citations, oldest first; a source cited for several fields counts once.

    Quotes are not exported, so the citations need no ``withheld`` flag
    (sources.selectors.public_citation_queryset): the rule of which are public is enough.
    """
    citations = list(
        Citation.objects.public()
        .filter(
            content_type=ContentType.objects.get_for_model(Sentence), object_id__in=sentence_ids
        )
        .order_by()
        .values_list("object_id", "source_id", "pk")
    )
    if not citations:
        return {}
    # Read apart from the citations: joined, the database would hash every source for each
    # batch. Citations are listed by their source's publication date, then in entry order
    # (as everywhere on the site); ``rank`` is the position of that date among the sources.
    sources = (
        public_sources()
        .filter(pk__in={source_id for _, source_id, _ in citations})
        .order_by("published_start")
        .values_list("pk", "published_start", "outlet", "headline", "url", "archive_url")
    )
    rank, details = {}, {}
    position, previous_date = -1, object()
    for pk, published_start, *detail in sources:
        if published_start != previous_date:
            position, previous_date = position + 1, published_start
        rank[pk] = position
        details[pk] = detail
    listed = sorted(
        (citation for citation in citations if citation[1] in rank),
        key=lambda citation: (rank[citation[1]], citation[2]),
    )
    by_sentence, seen = defaultdict(list), set()
    for sentence_id, source_id, _ in listed:
        if (sentence_id, source_id) not in seen:
            seen.add((sentence_id, source_id))
            by_sentence[sentence_id].append(details[source_id])
    return {
        sentence_id: tuple(SEPARATOR.join(column) for column in zip(*found, strict=True))
        for sentence_id, found in by_sentence.items()
    }


def _rows(sentences: QuerySet[Sentence]) -> Iterator[tuple]:
    """The scalar values of every row, read through one database cursor."""
    rows = sentences.prefetch_related(None).values_list(*FIELDS).iterator(chunk_size=FETCH_ROWS)
    connection = connections[sentences.db]
    if connection.vendor != "postgresql":
        yield from rows
        return
    # PostgreSQL plans a cursor for its first 10% of rows (nested loops); the export reads
    # all of them, for which hash joins are about three times faster (300,000 sentences).
    # The plan is fixed when the first fetch declares the cursor, so the setting is
    # restored right after.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('cursor_tuple_fraction'), "
            "set_config('cursor_tuple_fraction', '1', false)"
        )
        ((previous, _),) = cursor.fetchall()
    try:
        first = next(rows, None)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('cursor_tuple_fraction', %s, false)", [previous])
    if first is not None:
        yield first
        yield from rows


def unnamed_count(row: tuple) -> int | None:
    """How many unnamed defendants a row is about; None when it is about a named person."""
    if row[PERSON] is not None:
        return None
    return row[UNNAMED_COUNT] or row[UNNAMED_DEFENDANTS]


def defendant(row: tuple) -> str:
    if row[PERSON] is not None:
        return row[PSEUDONYM] if row[PROTECTED] else row[PREFERRED_NAME]
    return f"{unnamed_count(row)} unnamed defendants"


def _court(row: tuple) -> str:
    shows = row[COURT_IS_PUBLIC] and row[COURT_STATUS] == PublicationStatus.PUBLISHED
    return row[COURT_NAME] if shows else ""


def _text(field: str) -> Callable[[tuple, Batch], str]:
    """The column as stored; empty when the row has none (a sentence without a ruling)."""
    position = _AT[field]
    return lambda row, batch: row[position] or ""


def _label(field: str, choices) -> Callable[[tuple, Batch], str]:
    """The display label of a choice, as get_FOO_display() gives it."""
    position = _AT[field]
    labels = {value: str(label) for value, label in choices.choices}
    return lambda row, batch: labels.get(row[position], row[position] or "")


def _amount(field: str) -> Callable[[tuple, Batch], str]:
    position = _AT[field]
    return lambda row, batch: _number(row[position])


Getter = Callable[[tuple, Batch], str]

# header → how to get the cell from a row (a tuple of FIELDS) and the related values of
# its Batch.
COLUMNS: list[tuple[str, Getter]] = [
    ("sentence_id", lambda row, batch: str(row[SENTENCE])),
    ("person", lambda row, batch: defendant(row)),
    (
        "person_url",
        lambda row, batch: batch.person_url(row[PERSON]) if row[PERSON] is not None else "",
    ),
    ("all_names", lambda row, batch: batch.all_names.get(row[PERSON], "")),
    ("unnamed_defendants", lambda row, batch: _number(unnamed_count(row))),
    ("protests", lambda row, batch: batch.protests.get(row[PROCEEDING], NO_PROTESTS)[0]),
    ("protest_dates", lambda row, batch: batch.protests.get(row[PROCEEDING], NO_PROTESTS)[1]),
    ("protest_urls", lambda row, batch: batch.protests.get(row[PROCEEDING], NO_PROTESTS)[2]),
    ("case_url", lambda row, batch: batch.case_url(row[PROCEEDING])),
    ("case_kind", _label("proceeding__kind", ProceedingKind)),
    ("country", _text("proceeding__country")),
    ("court", lambda row, batch: _court(row)),
    ("court_as_reported", _text("proceeding__court_as_reported")),
    ("case_opened", _text("proceeding__opened")),
    ("case_opened_precision", _text("proceeding__opened_precision")),
    ("charges", lambda row, batch: batch.charges.get(row[PROCEEDING], "")),
    ("ruling_date", _text("ruling__date")),
    ("ruling_date_precision", _text("ruling__date_precision")),
    ("ruling_instance", _label("ruling__court_instance", Instance)),
    ("plea", _label("ruling__plea", Plea)),
    ("outcome", _label("ruling__outcome", Outcome)),
    ("sentence_kind", _label("kind", SentenceKind)),
    ("sentence_status", _label("status", SentenceStatus)),
    ("amount_as_reported", _text("amount_as_reported")),
    ("term_quantity", _amount("term_quantity")),
    ("term_unit", _text("term_unit")),
    ("term_days", _amount("term_days")),
    ("fine_amount", _amount("fine_amount")),
    ("fine_currency", _text("fine_currency")),
    ("fine_kzt", _amount("fine_kzt")),
    ("fine_usd_as_reported", _amount("fine_usd_as_reported")),
    ("source_outlets", lambda row, batch: batch.sources.get(row[SENTENCE], NO_SOURCES)[0]),
    ("source_headlines", lambda row, batch: batch.sources.get(row[SENTENCE], NO_SOURCES)[1]),
    ("source_urls", lambda row, batch: batch.sources.get(row[SENTENCE], NO_SOURCES)[2]),
    ("source_archive_urls", lambda row, batch: batch.sources.get(row[SENTENCE], NO_SOURCES)[3]),
]
HEADERS = [header for header, _ in COLUMNS]
_GETTERS = [get for _, get in COLUMNS]


def row(values: tuple, batch: Batch) -> list[str]:
    """The cells of one row, each neutralised if a spreadsheet would run it as a formula."""
    cells = [get(values, batch) for get in _GETTERS]
    # neutralise(), inlined: every cell is already text, and most need nothing.
    return [("'" + cell) if cell[:1] in _TRIGGER_CHARACTERS else cell for cell in cells]


def stream(
    sentences: QuerySet[Sentence],
    absolute_url: Callable[[str], str],
    *,
    batch_size: int = BATCH_ROWS,
) -> Iterator[str]:
    """The CSV as text, BOM and header first, then one chunk per batch of rows.

    ``sentences`` are the filtered rows of the page, in its order. They are read through
    one database cursor, a batch at a time, so memory stays flat however many rows.
    """
    urls = {
        "person": _url_of("events:person_detail", absolute_url),
        "proceeding": _url_of("events:proceeding_detail", absolute_url),
        "protest": _url_of("events:protest_detail", absolute_url),
    }
    rows = _rows(sentences)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    yield BOM + buffer.getvalue()
    while batch_rows := list(islice(rows, batch_size)):
        batch = Batch(batch_rows, urls)
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([row(values, batch) for values in batch_rows])
        yield buffer.getvalue()
