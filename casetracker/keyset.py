"""Keyset ("seek") pages of a list in a fixed order: the last page, or the thousandth, costs
what the first does.

A page given by number is read with an OFFSET, which reads and throws away every earlier
row: the last page of the people list (95,000 people at the benchmark's size) took 100 ms
against 40 for the first, and ten times the people would cost ten times that. Here a page
is named by a cursor (``?cursor=``): the ordering's values of the row it starts after (or
before, going back), and the rows are read from the order's index from there.

The order is a list of terms (``Term``), the last the primary key, none of them ever NULL:
the rows after ``(v1, …, vn)`` are up to n ranges of the index, read one after the other as
far as the page needs: the rest of the rows equal to ``v1 … vn-1`` (by the last term), then
those equal to ``v1 … vn-2`` beyond ``vn-1``, … then those beyond ``v1``. One OR of them
could not be read as a range of the index.

How many rows the list holds is counted exactly up to ``CASETRACKER_EXACT_COUNT_LIMIT`` and
estimated beyond (``count_rows``), once per generation of the public site for each list and
filter. events.paging is the case list's own keyset paging (a choice of orders, each with
its index); this is the simpler one of the lists with one order (people, sources).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections
from django.db.models import Expression, F, QuerySet

from publishing import generation

AFTER, BEFORE, END = "a", "b", "e"


@dataclass(frozen=True)
class Term:
    """One term of a list's order: a field of the rows, or an expression of their columns
    (never NULL) and the name the rows are annotated with, and its direction."""

    name: str
    expression: Expression | None = None  # None: the field ``name`` itself
    descending: bool = False


@dataclass(frozen=True)
class Cursor:
    direction: str  # AFTER, BEFORE or END (the last page: no values)
    values: tuple = ()  # the row's value of each term, as JSON gives them back
    position: int = 0  # how many rows come before the page, when known (for display only)

    def token(self) -> str:
        data = {"d": self.direction, "v": list(self.values)}
        if self.position:
            data["i"] = self.position
        return encode_token(data)


def encode_token(data: dict) -> str:
    """``data`` as a cursor's token for a link: JSON in URL-safe base64."""
    # Unpadded: an "=" would be written %3D in the links' query strings.
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode("ascii").rstrip("=")


def decode_token(token: str):
    """What ``encode_token`` encoded; ValueError, binascii.Error or a UnicodeError if
    ``token`` is not one."""
    padded = token + "=" * (-len(token) % 4)
    return json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))


def decode(token: str, terms: int) -> Cursor | None:
    """The cursor ``token`` names, or None (the first page) if it is not one a list of
    ``terms`` terms made: a garbled or edited link shows the first page, never an error."""
    try:
        data = decode_token(token)
        cursor = Cursor(data["d"], tuple(data["v"]), int(data.get("i", 0)))
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error):
        return None
    valid = (
        cursor.direction == END
        and not cursor.values
        or cursor.direction in (AFTER, BEFORE)
        and len(cursor.values) == terms
        and all(type(value) in (str, int) for value in cursor.values)
        and type(cursor.values[-1]) is int
    )
    if not valid or not 0 <= cursor.position < 2**63:
        return None
    return cursor


@dataclass
class KeysetPage:
    """One page of a keyset list: its rows, whether others come before and after it, the
    tokens of the links to them, and, when known, how many rows come before it."""

    rows: list
    has_previous: bool
    has_next: bool
    start: int | None
    count: int = 0
    count_exact: bool = True  # False: ``count`` is an estimate, shown as "about …"
    next_token: str = field(default="", repr=False)
    previous_token: str = field(default="", repr=False)
    last_token: str = field(default="", repr=False)

    @property
    def start_index(self) -> int | None:
        return None if self.start is None else self.start + 1

    @property
    def end_index(self) -> int | None:
        return None if self.start is None else self.start + len(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next


class KeysetList:
    """A list read a page at a time in the order ``terms`` (the last one the primary key)."""

    def __init__(self, *terms: Term):
        if terms[-1].name != "pk":
            raise ValueError("The last term of a keyset order is the primary key.")
        self.terms = terms

    def ordered(self, queryset: QuerySet, backwards: bool = False) -> QuerySet:
        """``queryset`` in the order (backwards: reversed), each row with its values of the
        terms (a cursor holds those of a page's first and last rows)."""
        annotated = queryset.annotate(
            **{
                term.name: term.expression
                for term in self.terms
                if term.expression is not None and term.name not in queryset.query.annotations
            }
        )
        return annotated.order_by(
            *(
                F(term.name).desc() if term.descending != backwards else F(term.name).asc()
                for term in self.terms
            )
        )

    def _values(self, row) -> tuple:
        values = []
        for term in self.terms:
            value = getattr(row, term.name)
            values.append(value if isinstance(value, int) else str(value))
        return tuple(values)

    def _beyond(self, queryset: QuerySet, values: tuple, wanted: int, backwards: bool) -> list:
        """Up to ``wanted`` rows after the row of ``values`` (before it, ``backwards``,
        nearest first): the ranges of the module's docstring, read in turn."""
        ordered = self.ordered(queryset, backwards)
        found: list = []
        for length in range(len(self.terms) - 1, -1, -1):
            term = self.terms[length]
            later = "lt" if term.descending != backwards else "gt"
            same = {t.name: value for t, value in zip(self.terms[:length], values, strict=False)}
            rows = ordered.filter(**same, **{f"{term.name}__{later}": values[length]})
            found += rows[: wanted - len(found)]
            if len(found) == wanted:
                break
        return found

    def page(self, queryset: QuerySet, token: str | None, size: int, count_key: str) -> KeysetPage:
        """The page of ``queryset`` (the filtered list) that ``token`` names, the first
        without one (or with a token this list did not make). ``count_key`` names the list
        and its filters, for the count kept per generation."""
        cursor = decode(token, len(self.terms)) if token else None
        counted = count_rows(queryset, count_key)
        rows, start = None, 0
        if cursor is not None and cursor.direction != AFTER:
            backwards = self.ordered(queryset, backwards=True)
            if cursor.direction == END:
                found = list(backwards[: size + 1])
            else:
                found = self._beyond(queryset, cursor.values, size + 1, backwards=True)
            if len(found) > size:  # some row lies before the page: it is not the first
                rows = found[:size][::-1]
                if cursor.direction == END:
                    start = counted.value - size if counted.exact else None
                else:
                    start = cursor.position - size if cursor.position >= size else None
                has_previous, has_next = True, cursor.direction != END
        if rows is None and cursor is not None and cursor.direction == AFTER:
            rows = self._beyond(queryset, cursor.values, size + 1, backwards=False)
            has_previous, has_next = True, len(rows) > size
            start = cursor.position or None
        elif rows is None:
            rows = list(self.ordered(queryset)[: size + 1])
            has_previous, has_next = False, len(rows) > size
        rows = rows[:size]
        page = KeysetPage(rows, has_previous, has_next, start, counted.value, counted.exact)
        if rows and has_next:
            end = start + len(rows) if start is not None else 0
            page.next_token = Cursor(AFTER, self._values(rows[-1]), end).token()
            page.last_token = Cursor(END).token()
        if rows and has_previous:
            page.previous_token = Cursor(BEFORE, self._values(rows[0]), start or 0).token()
        return page


@dataclass(frozen=True)
class RowCount:
    value: int
    exact: bool = True


def count_rows(queryset: QuerySet, key: str) -> RowCount:
    """How many rows ``queryset`` holds, kept once per generation of the public site under
    ``key`` (publishing.generation.remember): the rows change only when the generation moves.

    Exact up to ``CASETRACKER_EXACT_COUNT_LIMIT`` rows: the count stops reading there. Beyond
    it, PostgreSQL's estimate of the rows (its plan for the same statement), never below
    the limit, rounded to two significant figures: an exact count reads every row it
    counts (23 ms of the case list's first page's 27 ms at the benchmark's default size, ten
    times that at ten times the rows), the plan none. Other databases count exactly."""
    # A RowCount, kept under a name of its own: a plain number kept by an older release
    # under the same generation must not be read as one.
    return generation.remember(f"row-count:{key}", lambda: _count(queryset))


def _count(queryset: QuerySet) -> RowCount:
    limit = max(0, settings.CASETRACKER_EXACT_COUNT_LIMIT)
    rows = queryset.order_by().values("pk")
    if connections[queryset.db].vendor != "postgresql":
        return RowCount(rows.count())
    counted = rows[: limit + 1].count()
    if counted <= limit:
        return RowCount(counted)
    plan = json.loads(rows.explain(format="json"))
    planned = int(plan[0]["Plan"]["Plan Rows"])
    return RowCount(two_significant_figures(max(planned, counted)), exact=False)


def two_significant_figures(number: int) -> int:
    """``number`` to two significant figures: 247,703 is about 250,000."""
    step = 10 ** max(0, int(math.log10(number)) - 1)
    return round(number / step) * step
