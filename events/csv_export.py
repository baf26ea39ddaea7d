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
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from events.models import Sentence

SEPARATOR = " | "
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


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


def _joined(values: Iterable) -> str:
    return SEPARATOR.join(str(value) for value in values)


def unnamed_count(sentence: Sentence) -> int | None:
    """How many unnamed defendants a row is about; None when it is about a named person."""
    if sentence.proceeding.person_id is not None:
        return None
    return sentence.unnamed_count or sentence.proceeding.unnamed_defendants


def defendant(sentence: Sentence) -> str:
    person = sentence.proceeding.person
    if person is not None:
        return person.public_name
    return f"{unnamed_count(sentence)} unnamed defendants"


def _all_names(sentence: Sentence) -> str:
    person = sentence.proceeding.person
    if person is None or person.is_protected:
        return ""
    names = [person.preferred_name]
    names += [n.name for n in person.public_names if n.name != person.preferred_name]
    return _joined(names)


def _court(sentence: Sentence) -> str:
    court = sentence.proceeding.court
    return court.name if court is not None and sentence.court_is_public else ""


def _charge(charge) -> str:
    return f"{charge.article}: {charge.as_reported}" if charge.article else charge.as_reported


def _ruling(sentence: Sentence, attribute: str) -> str:
    ruling = sentence.ruling
    return getattr(ruling, attribute)() if ruling is not None else ""


def _sources(sentence: Sentence) -> list:
    """One citation per source (a source cited for several fields counts once)."""
    seen, first_citations = set(), []
    for citation in sentence.public_citations:
        if citation.source_id not in seen:
            seen.add(citation.source_id)
            first_citations.append(citation)
    return first_citations


Getter = Callable[[Sentence, Callable[[str], str]], object]

# header → how to get the value from a row of events.selectors.public_sentences(); the
# second argument turns a site path into an absolute URL.
COLUMNS: list[tuple[str, Getter]] = [
    ("sentence_id", lambda s, url: s.pk),
    ("person", lambda s, url: defendant(s)),
    (
        "person_url",
        lambda s, url: url(s.proceeding.person.get_absolute_url()) if s.proceeding.person else "",
    ),
    ("all_names", lambda s, url: _all_names(s)),
    ("unnamed_defendants", lambda s, url: _number(unnamed_count(s))),
    ("protests", lambda s, url: _joined(p.title for p in s.proceeding.public_protests)),
    ("protest_dates", lambda s, url: _joined(p.start for p in s.proceeding.public_protests)),
    (
        "protest_urls",
        lambda s, url: _joined(url(p.get_absolute_url()) for p in s.proceeding.public_protests),
    ),
    ("case_url", lambda s, url: url(s.proceeding.get_absolute_url())),
    ("case_kind", lambda s, url: s.proceeding.get_kind_display()),
    ("country", lambda s, url: s.proceeding.country),
    ("court", lambda s, url: _court(s)),
    ("court_as_reported", lambda s, url: s.proceeding.court_as_reported),
    ("case_opened", lambda s, url: s.proceeding.opened),
    ("case_opened_precision", lambda s, url: s.proceeding.opened_precision),
    ("charges", lambda s, url: _joined(_charge(c) for c in s.proceeding.public_charges)),
    ("ruling_date", lambda s, url: s.ruling.date if s.ruling else ""),
    ("ruling_date_precision", lambda s, url: s.ruling.date_precision if s.ruling else ""),
    ("ruling_instance", lambda s, url: _ruling(s, "get_court_instance_display")),
    ("plea", lambda s, url: _ruling(s, "get_plea_display")),
    ("outcome", lambda s, url: _ruling(s, "get_outcome_display")),
    ("sentence_kind", lambda s, url: s.get_kind_display()),
    ("sentence_status", lambda s, url: s.get_status_display()),
    ("amount_as_reported", lambda s, url: s.amount_as_reported),
    ("term_quantity", lambda s, url: _number(s.term_quantity)),
    ("term_unit", lambda s, url: s.term_unit),
    ("term_days", lambda s, url: _number(s.term_days)),
    ("fine_amount", lambda s, url: _number(s.fine_amount)),
    ("fine_currency", lambda s, url: s.fine_currency),
    ("fine_kzt", lambda s, url: _number(s.fine_kzt)),
    ("fine_usd_as_reported", lambda s, url: _number(s.fine_usd_as_reported)),
    ("source_outlets", lambda s, url: _joined(c.source.outlet for c in _sources(s))),
    ("source_headlines", lambda s, url: _joined(c.source.headline for c in _sources(s))),
    ("source_urls", lambda s, url: _joined(c.source.url for c in _sources(s))),
    ("source_archive_urls", lambda s, url: _joined(c.source.archive_url for c in _sources(s))),
]
HEADERS = [header for header, _ in COLUMNS]


def row(sentence: Sentence, absolute_url: Callable[[str], str]) -> list[str]:
    return [neutralise(get(sentence, absolute_url)) for _, get in COLUMNS]


class _Echo:
    """A file-like object whose write() returns the line, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def stream(sentences: Iterable[Sentence], absolute_url: Callable[[str], str]) -> Iterator[str]:
    """The CSV as lines of text, BOM first; lazy, so memory stays flat however many rows."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(HEADERS)
    for sentence in sentences:
        yield writer.writerow(row(sentence, absolute_url))
