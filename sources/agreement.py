"""Whether two sources that report a fact in their own words mean the same thing.

A citation may carry the value its source gives (``Citation.reported_value``). Sources word
the same fact differently: "15 days in jail" and "15 days in prison" are one term, "late on
August 3" and "Monday" are one day when that Monday was 3 August, "two weeks" is
"14 days", "15 суток" is "15 days". Only values that differ in meaning are a disagreement.

``meaning(value, on=...)`` reads what a value states: amounts with their units (a term in
days, a sum in its currency, a bare count), with how they are qualified ("up to", "about",
"more than"), and the days it names (a date, a month, a weekday). ``same_meaning(a, b)``
is the one comparison rule:

- two values that state amounts or days agree when they state the same ones; the words
  around them do not matter;
- a value that states amounts or days never agrees with one that states none ("up to two
  weeks" and "a few days");
- two values that state neither agree when their words do, ignoring case, punctuation and
  spacing (two placards' words, two spellings of a name).

``on`` is the day the fact itself is dated (a ruling of 3 Aug 2020): a weekday, or a day of
the month without a year, means that day when it fits it ("Monday" → 3 Aug 2020).

``published`` is when the source giving a value was published (its partial date, as
``Source.published`` holds it). Against it, words relative to the time of writing mean a
time: "last year", "в прошлом году" and "былтыр" in a source of Jan 2026 mean 2025; "this
month" and "last week" need the month and the day of publication. A month or a day without
a year means the latest such month or day by then ("July" in a source of Jan 2026: July
2025), when every day the publication date can mean gives the same year. A value so read as
a whole year, month or week agrees with a day or month within it ("last year" and "July"
above). When the publication date is unknown, or not precise enough, nothing is guessed:
the words are compared as they are.
``readings(citations)`` groups citations into the distinct readings, reading each value
against its own source's publication date, so a page can show the sources of each reading
side by side.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from casetracker.partial_dates import parse_or_none

# Number words of English, Russian and Kazakh (the languages of the sources), as values.
_UNITS_WORDS = {
    # English
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    # Russian
    "один": 1, "одна": 1, "одну": 1, "одного": 1, "одной": 1, "два": 2, "две": 2,
    "двух": 2, "три": 3, "трех": 3, "трёх": 3, "четыре": 4, "четырех": 4, "пять": 5,
    "пяти": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
    "десяти": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13,
    "четырнадцать": 14, "пятнадцать": 15, "пятнадцати": 15, "шестнадцать": 16,
    "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19, "двадцать": 20,
    "двадцати": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50,
    # Kazakh
    "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8,
    "тоғыз": 9, "он": 10, "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50,
}  # fmt: skip
# Number words that are other words too, read as numbers only before a unit or another
# number word: "a week", "он бес күн" (Kazakh 15 days), not "a court", "он" (Russian "he").
_AMBIGUOUS = frozenset({"a", "an", "он"})
_MULTIPLIERS = {
    "hundred": 100, "thousand": 1000, "million": 1_000_000,
    "сто": 100, "тысяч": 1000, "тысячи": 1000, "тысяча": 1000, "миллион": 1_000_000,
    "жүз": 100, "мың": 1000,
}  # fmt: skip

# Units, each to (kind, factor): a term is compared in days, a sum in its currency.
_UNITS = {
    "day": ("days", 1), "days": ("days", 1), "дней": ("days", 1), "день": ("days", 1),
    "дня": ("days", 1), "суток": ("days", 1), "сутки": ("days", 1), "күн": ("days", 1),
    "күндік": ("days", 1), "тәулік": ("days", 1), "тәулікке": ("days", 1),
    "week": ("days", 7), "weeks": ("days", 7), "неделя": ("days", 7), "недели": ("days", 7),
    "неделю": ("days", 7), "недель": ("days", 7), "апта": ("days", 7), "аптаға": ("days", 7),
    "month": ("days", 30), "months": ("days", 30), "месяц": ("days", 30),
    "месяца": ("days", 30), "месяцев": ("days", 30), "ай": ("days", 30),
    "year": ("days", 365), "years": ("days", 365), "год": ("days", 365),
    "года": ("days", 365), "лет": ("days", 365), "жыл": ("days", 365),
    "жылға": ("days", 365), "hour": ("hours", 1), "hours": ("hours", 1),
    "часов": ("hours", 1), "часа": ("hours", 1), "сағат": ("hours", 1),
    "tenge": ("KZT", 1), "tenges": ("KZT", 1), "тенге": ("KZT", 1), "теңге": ("KZT", 1),
    "kzt": ("KZT", 1), "₸": ("KZT", 1), "dollars": ("USD", 1), "dollar": ("USD", 1),
    "usd": ("USD", 1), "$": ("USD", 1), "долларов": ("USD", 1), "доллара": ("USD", 1),
    "доллар": ("USD", 1), "mci": ("MCI", 1), "мрп": ("MCI", 1), "аек": ("MCI", 1),
}  # fmt: skip

# Words that qualify an amount: the maximum, an estimate, a floor.
_QUALIFIERS = {
    "up to": "at most", "до": "at most", "не более": "at most", "дейін": "at most",
    "about": "about", "around": "about", "some": "about", "roughly": "about",
    "approximately": "about", "около": "about", "примерно": "about", "шамамен": "about",
    "more than": "more than", "over": "more than", "более": "more than",
    "свыше": "more than", "астам": "more than",
}  # fmt: skip

_MONTHS = {
    **{name: n for n, name in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"], 1)},
    **{name: n for n, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        1)},
    **{name: n for n, name in enumerate(
        ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
         "сентября", "октября", "ноября", "декабря"], 1)},
    **{name: n for n, name in enumerate(
        ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
         "сентябрь", "октябрь", "ноябрь", "декабрь"], 1)},
    **{name: n for n, name in enumerate(
        ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
         "қыркүйек", "қазан", "қараша", "желтоқсан"], 1)},
}  # fmt: skip
_WEEKDAYS = {
    **{name: n for n, name in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])},
    **{name: n for n, name in enumerate(
        ["понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье"])},
    **{name: n for n, name in enumerate(
        ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"])},
    **{name: n for n, name in enumerate(
        ["дүйсенбі", "сейсенбі", "сәрсенбі", "бейсенбі", "жұма", "сенбі", "жексенбі"])},
}  # fmt: skip

# Words relative to the time of writing: (unit, offset from the publication's own).
_RELATIVE = {
    "last year": ("year", -1), "this year": ("year", 0), "в прошлом году": ("year", -1),
    "в этом году": ("year", 0), "былтыр": ("year", -1), "өткен жылы": ("year", -1),
    "биыл": ("year", 0),
    "last month": ("month", -1), "this month": ("month", 0),
    "в прошлом месяце": ("month", -1), "в этом месяце": ("month", 0),
    "өткен айда": ("month", -1), "осы айда": ("month", 0),
    "last week": ("week", -1), "this week": ("week", 0), "на прошлой неделе": ("week", -1),
    "на этой неделе": ("week", 0), "өткен аптада": ("week", -1), "осы аптада": ("week", 0),
    "yesterday": ("day", -1), "today": ("day", 0), "вчера": ("day", -1),
    "сегодня": ("day", 0), "кеше": ("day", -1), "бүгін": ("day", 0),
}  # fmt: skip
_RELATIVE_PATTERN = re.compile(
    r"(?<![^\W\d_])(?:"
    + "|".join(re.escape(words) for words in sorted(_RELATIVE, key=len, reverse=True))
    + r")(?![^\W\d_])"
)

_WORD = r"[^\W\d_]+"
_TOKEN = re.compile(
    r"\d{4}-\d{2}-\d{2}"  # an ISO date
    r"|\d+(?:[ , ]\d{3})+(?:\.\d+)?(?!\d)"  # 145,000 or 145 000
    r"|\d+(?:[.,]\d+)?"  # 15, 2.5, 2,5
    r"|[$₸]"
    rf"|{_WORD}"
)


@dataclass(frozen=True)
class Meaning:
    """What a value states: amounts (value, unit, qualifier), days, weekdays, and its
    words (for values that state neither)."""

    amounts: frozenset = field(default_factory=frozenset)
    days: frozenset = field(default_factory=frozenset)
    words: str = ""

    @property
    def states_something(self) -> bool:
        return bool(self.amounts or self.days)


def _number(token: str) -> Decimal | None:
    digits = re.sub(r"[  ]", "", token)
    if re.fullmatch(r"\d+(,\d{3})+(\.\d+)?", digits):
        digits = digits.replace(",", "")
    digits = digits.replace(",", ".")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _day(year, month, day) -> tuple | None:
    try:
        return (year, datetime.date(year or 2000, month, day).month, day)
    except ValueError:
        return None


def meaning(value: str, *, on: datetime.date | None = None, published: str = "") -> Meaning:
    """What ``value`` states (see the module docstring); ``on``: the fact's own day;
    ``published``: the partial date its source was published."""
    text = value.casefold().replace("ё", "е")
    spans = set()
    when = parse_or_none(published)
    if when is not None and when.start is not None and when.end is not None:
        for words in _RELATIVE_PATTERN.findall(text):
            span = _relative_span(*_RELATIVE[words], when.start, when.end)
            if span is not None:
                spans.add(span)
                text = text.replace(words, " ")
    text = re.sub(r"(\d)-(?=[^\W\d_])", r"\1 ", text)  # "2.5-year" → "2.5 year"
    tokens = _TOKEN.findall(text)
    amounts, days = set(), set()
    qualifier = ""
    pending: Decimal | None = None  # a number waiting for its unit
    spoken: Decimal | None = None  # number words being added up ("он бес", "twenty-one")
    years = [int(t) for t in tokens if re.fullmatch(r"(19|20)\d\d", t)]
    year = years[0] if years else None
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        pair = f"{token} {following}"
        if pair in _QUALIFIERS:
            qualifier = _QUALIFIERS[pair]
            index += 2
            continue
        if token in _QUALIFIERS and (following[:1].isdigit() or following in _UNITS_WORDS):
            qualifier = _QUALIFIERS[token]
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", token):
            y, m, d = (int(part) for part in token.split("-"))
            days.add(_day(y, m, d))
        elif token in _MONTHS and (
            following.isdigit() and len(following) <= 2 or (pending is not None and spoken is None)
        ):
            # "August 3" or "3 августа"
            if following.isdigit() and len(following) <= 2:
                days.add(_day(year, _MONTHS[token], int(following)))
                index += 1
            else:
                days.add(_day(year, _MONTHS[token], int(pending)))
                pending = None
            qualifier = ""
        elif token in _MONTHS and len(token) > 3:
            days.add((year, _MONTHS[token], None))
        elif token in _WEEKDAYS:
            days.add(("weekday", _WEEKDAYS[token]))
        elif re.fullmatch(r"(19|20)\d\d", token) and pending is None and following not in _UNITS:
            pass  # a year: read with the day or month it goes with
        elif token[:1].isdigit():
            if pending is not None:
                amounts.add((pending, "", qualifier))
            pending = _number(token)
        elif token in _UNITS_WORDS or token in _MULTIPLIERS:
            if token in _MULTIPLIERS:
                spoken = (spoken or Decimal(1)) * _MULTIPLIERS[token]
            else:
                spoken = (spoken or Decimal(0)) + _UNITS_WORDS[token]
            if following not in _UNITS_WORDS and following not in _MULTIPLIERS:
                if token in _AMBIGUOUS and following not in _UNITS:
                    spoken = None  # "a court", "он" (Russian "he"): not a number
                else:
                    pending, spoken = spoken, None
        elif token == "half" and pending is not None:
            pending += Decimal("0.5")
        elif token in _UNITS and pending is not None:
            kind, factor = _UNITS[token]
            amounts.add((pending * factor, kind, qualifier))
            pending, qualifier = None, ""
        elif token in _UNITS and kind_is_currency(token) and following[:1].isdigit():
            # "$340", "₸ 145 000": the currency before its amount.
            amount = _number(following)
            if amount is not None:
                amounts.add((amount, _UNITS[token][0], qualifier))
                qualifier = ""
                index += 1
        elif pending is not None and token not in ("and", "и", "және"):
            amounts.add((pending, "", qualifier))
            pending, qualifier = None, ""
        index += 1
    if pending is not None:
        amounts.add((pending, "", qualifier))
    resolved = {_dated(_resolve(day, on), when) for day in days if day is not None}
    words = " ".join(re.findall(r"[^\W_]+", text))
    return Meaning(frozenset(amounts), frozenset(resolved | spans), words)


def _relative_span(unit: str, offset: int, first: datetime.date, last: datetime.date):
    """("span", first day, last day) that ``unit`` + ``offset`` means from a publication
    made between ``first`` and ``last``; None when those days would mean different spans."""
    found = {_span_of(unit, offset, day) for day in (first, last)}
    return found.pop() if len(found) == 1 else None


def _span_of(unit: str, offset: int, day: datetime.date) -> tuple:
    if unit == "year":
        year = day.year + offset
        return ("span", datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if unit == "month":
        month = day.year * 12 + day.month - 1 + offset
        start = datetime.date(month // 12, month % 12 + 1, 1)
        return ("span", start, _month_end(start))
    if unit == "week":
        monday = day - datetime.timedelta(days=day.weekday()) + datetime.timedelta(weeks=offset)
        return ("span", monday, monday + datetime.timedelta(days=6))
    day += datetime.timedelta(days=offset)
    return ("span", day, day)


def _month_end(first: datetime.date) -> datetime.date:
    following = first.replace(day=28) + datetime.timedelta(days=4)
    return following - datetime.timedelta(days=following.day)


def _dated(day: tuple, when) -> tuple:
    """A month or day without a year, in the year of its latest occurrence by the source's
    publication (``when``, a partial date), when every day that can mean gives one year."""
    if when is None or when.start is None or when.end is None or day[0] is not None:
        return day
    _, month, number = day
    years = set()
    for by in (when.start, when.end):
        year = by.year
        if (month, number or 1) > (by.month, by.day):
            year -= 1
        years.add(year)
    if len(years) != 1:
        return day
    return _day(years.pop(), month, number) if number else (years.pop(), month, None)


def _interval(day: tuple) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day that a day, a month of a known year or a span means."""
    if day[0] == "span":
        return day[1], day[2]
    if day[0] == "weekday":
        return None
    year, month, number = day
    if not isinstance(year, int) or month is None:
        return None
    if number is None:
        start = datetime.date(year, month, 1)
        return start, _month_end(start)
    return datetime.date(year, month, number), datetime.date(year, month, number)


def _fits(first: tuple, second: tuple) -> bool:
    """Whether two days agree: the same, or one a span read from relative words that holds
    the other."""
    if first == second:
        return True
    for span, other in ((first, second), (second, first)):
        inner = _interval(other)
        if span[0] == "span" and inner and span[1] <= inner[0] and inner[1] <= span[2]:
            return True
    return False


def _same_days(first: frozenset, second: frozenset) -> bool:
    return all(any(_fits(a, b) for b in second) for a in first) and all(
        any(_fits(a, b) for a in first) for b in second
    )


def kind_is_currency(token: str) -> bool:
    return _UNITS[token][0] in ("KZT", "USD", "MCI")


def _resolve(day: tuple, on: datetime.date | None) -> tuple:
    """A weekday, or a day without a year, as the fact's own day when it fits it."""
    if on is None:
        return day
    if day[0] == "weekday":
        return (on.year, on.month, on.day) if on.weekday() == day[1] else day
    year, month, number = day
    if year is None and number is not None and (month, number) == (on.month, on.day):
        return (on.year, month, number)
    return day


def same_meaning(
    a: str,
    b: str,
    *,
    on: datetime.date | None = None,
    a_published: str = "",
    b_published: str = "",
) -> bool:
    """Whether two reported values mean the same (the rule of the module docstring); each
    read against when its source was published (``a_published``, ``b_published``)."""
    first, second = (
        meaning(a, on=on, published=a_published),
        meaning(b, on=on, published=b_published),
    )
    if first.states_something or second.states_something:
        return first.amounts == second.amounts and _same_days(first.days, second.days)
    return first.words == second.words


@dataclass
class Reading:
    """One of the distinct values sources give for a fact, with the citations giving it."""

    value: str
    citations: list = field(default_factory=list)


def readings(citations, *, on: datetime.date | None = None) -> list[Reading]:
    """The distinct readings among ``citations`` that report a value, in order of first
    appearance; citations whose values mean the same share one reading."""
    found: list[Reading] = []
    for citation in citations:
        value = citation.reported_value
        if not value:
            continue
        for reading in found:
            if same_meaning(
                reading.value,
                value,
                on=on,
                a_published=_published(reading.citations[0]),
                b_published=_published(citation),
            ):
                reading.citations.append(citation)
                break
        else:
            found.append(Reading(value, [citation]))
    return found


def _published(citation) -> str:
    """When the citation's source was published ("" when unknown)."""
    source = getattr(citation, "source", None)
    return getattr(source, "published", "") or ""


def disagree(citations, *, on: datetime.date | None = None) -> bool:
    """Whether the sources of ``citations`` give values that differ in meaning."""
    return len(readings(citations, on=on)) > 1
