"""Keyset pages of the case list: page 2,500 and the last page cost what the first does.

A cursor names a row of the list, and a page is read from there by the index (``WHERE key
> last``) instead of counting past every earlier row (``OFFSET``, whose cost grows with the
depth: 784 ms for ``?page=2500`` of the benchmark data). The list is ordered as in
events.filters.ORDERINGS: a key (a column, nulls last, or an expression of one without
nulls), then the id. A cursor holds the ordering, the key's value and the id of one row, as
base64 JSON, and says whether the page runs after that row (``next``) or before it
(``previous``); ``end`` is the last page.

The rows after ``(v, p)`` are up to three ranges of the ordering's index (key, then id):
the rest of ``v`` (``key = v AND id > p``), the values beyond ``v``, then the rows with no
value (by id). Before ``(v, p)`` are the same ranges backwards. Each is read as a range of
its index, from where it starts and only as far as the page needs: one OR of the three
cannot be an index range, and PostgreSQL then read the index from its first row.

The number of rows is exact up to ``CASETRACKER_EXACT_COUNT_LIMIT``, and above it, on
PostgreSQL, the planner's estimate, shown as "about …" (``count_rows``): an exact count
reads every row it counts, so its cost grows with the data; the estimate's does not. Either
is kept once per generation of the public site for each filter.
"""

import binascii
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce

from casetracker import keyset
from casetracker.keyset import KeysetPage, RowCount
from events.filters import DEFAULT_ORDERING, ORDERINGS

AFTER, BEFORE, END = "a", "b", "e"


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True)
class Cursor:
    ordering: str
    direction: str = AFTER  # AFTER, BEFORE or END (the last page; no row)
    value: str | None = None
    pk: int = 0
    position: int = 0  # how many rows come before the page, when known (for display only)

    def token(self) -> str:
        data = {"o": self.ordering, "v": self.value, "p": self.pk}
        if self.direction != AFTER:
            data["d"] = self.direction
        if self.position:
            data["i"] = self.position
        return keyset.encode_token(data)


def cursor_token(order_key: str, value, pk: int) -> str:
    """The cursor of the rows after the row ``(value, pk)`` in the order ``order_key``;
    ``value``: the row's value of ``column_of(order_key)``."""
    return Cursor(order_key, AFTER, _key_value(order_key, value), pk).token()


def decode_cursor(encoded: str, order_key: str, model) -> Cursor:
    """The cursor ``encoded`` names, for a list in the order ``order_key``; InvalidCursor if
    it is not one this list made (another order, a value its column cannot hold)."""
    try:
        data = keyset.decode_token(encoded)
        cursor = Cursor(
            ordering=data["o"],
            direction=data.get("d", AFTER),
            value=data["v"],
            pk=int(data["p"]),
            position=int(data.get("i", 0)),
        )
        if cursor.ordering != order_key or cursor.direction not in (AFTER, BEFORE, END):
            raise InvalidCursor(encoded)
        if not (cursor.value is None or isinstance(cursor.value, str)):
            raise InvalidCursor(encoded)
        if cursor.value is not None:
            # The value must be one the column can hold, or the query would fail.
            model._meta.get_field(column_of(order_key)).to_python(cursor.value)
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error, ValidationError):
        raise InvalidCursor(encoded) from None
    if cursor.direction != END and not 0 < cursor.pk < 2**63:
        raise InvalidCursor(encoded)
    if not 0 <= cursor.position < 2**63:
        raise InvalidCursor(encoded)
    return cursor


def order_key_of(order_key: str) -> tuple[F | Coalesce, str, object]:
    """The key of the order ``order_key`` (its first term, events.filters.ORDERINGS): the
    expression, the column it reads, and the value it gives a row without one (None: the
    key is the column itself, and rows without a value come last, by id)."""
    key = ORDERINGS[order_key][0].expression
    if isinstance(key, Coalesce):
        column, default = key.get_source_expressions()
        return key, column.name, default.value
    return key, key.name, None


def column_of(order_key: str) -> str:
    """The column the order ``order_key`` reads: a cursor holds a row's value of it."""
    return order_key_of(order_key)[1]


ORDERING_COLUMNS = tuple(sorted({column_of(key) for key in ORDERINGS}))
KEY = "list_order_key"  # the alias of the order's key in the statements below


def _key_value(order_key: str, value) -> str | None:
    """A row's value of ``column_of(order_key)`` as its order's key holds it, as text."""
    if value is None:
        value = order_key_of(order_key)[2]
    return None if value is None else str(value)


def _ids(queryset: QuerySet, order_key: str) -> QuerySet:
    """The ids of ``queryset``, in its order, with the order's key as ``KEY``."""
    ids = queryset.prefetch_related(None).alias(**{KEY: order_key_of(order_key)[0]})
    return ids.values_list("pk", flat=True)


def ids_after(queryset: QuerySet, order_key: str, value, pk: int, wanted: int) -> list[int]:
    """The ids of up to ``wanted`` rows after ``(value, pk)``, in the list's order.

    ``queryset`` is the filtered list, in the order ``order_key``."""
    column, value = KEY, _key_value(order_key, value)
    ids = _ids(queryset, order_key)
    by_id = ids.order_by("pk")
    nulls = order_key_of(order_key)[2] is None  # rows without a key, last
    if value is None:
        ranges = [by_id.filter(**{f"{column}__isnull": True, "pk__gt": pk})]
    else:
        beyond = "lt" if ORDERINGS[order_key][0].descending else "gt"
        ranges = [
            by_id.filter(**{column: value, "pk__gt": pk}),
            ids.filter(**{f"{column}__{beyond}": value}),
        ]
        if nulls:
            ranges.append(by_id.filter(**{f"{column}__isnull": True}))
    return _read(ranges, wanted)


def ids_before(queryset: QuerySet, order_key: str, value, pk: int | None, wanted: int) -> list:
    """The ids of up to ``wanted`` rows before ``(value, pk)``, nearest first (the list's
    order backwards); ``pk=None``: the last rows of the list."""
    column, value = KEY, _key_value(order_key, value)
    ids = _ids(queryset, order_key)
    by_id_back = ids.order_by("-pk")
    nulls = order_key_of(order_key)[2] is None  # rows without a key, last
    valued = (ids.filter(**{f"{column}__isnull": False}) if nulls else ids).reverse()
    if pk is None:
        ranges = [by_id_back.filter(**{f"{column}__isnull": True}), valued] if nulls else [valued]
    elif value is None:
        ranges = [by_id_back.filter(**{f"{column}__isnull": True, "pk__lt": pk}), valued]
    else:
        before = "gt" if ORDERINGS[order_key][0].descending else "lt"
        ranges = [
            by_id_back.filter(**{column: value, "pk__lt": pk}),
            ids.filter(**{f"{column}__{before}": value}).reverse(),
        ]
    return _read(ranges, wanted)


def _read(ranges: list[QuerySet], wanted: int) -> list:
    found: list = []
    for rows in ranges:
        found += rows[: wanted - len(found)]
        if len(found) == wanted:
            break
    return found


def keyset_page(
    queryset: QuerySet,
    order_key: str,
    token: str | None,
    size: int,
    count_key: str,
    unfiltered: QuerySet | None = None,
) -> KeysetPage:
    """The page of ``queryset`` (the filtered list, in the order ``order_key``) that
    ``token`` names; the first page without one. ``count_key`` names the filters, for the
    count's cache. ``unfiltered``: the same list before its filters, from which the page's
    rows are read by id once the filtered list has given their ids. Raises InvalidCursor."""
    if order_key not in ORDERINGS:
        order_key = DEFAULT_ORDERING
    # The ids come from the filtered list; reading their rows, PostgreSQL need not test
    # the filters again. When it did, a filter over other tables (an occasion, a protest
    # status) misled it: it joined all 248,000 rows to their proceedings before taking the
    # page's 51 (2.5 s).
    rows_from = queryset if unfiltered is None else unfiltered.order_by(*ORDERINGS[order_key])
    cursor = decode_cursor(token, order_key, queryset.model) if token else None
    counted = count_rows(queryset, count_key)
    count = counted.value
    ids = None
    if cursor is not None and cursor.direction != AFTER:
        pk = None if cursor.direction == END else cursor.pk
        ids = ids_before(queryset, order_key, cursor.value, pk, size + 1)
        if len(ids) <= size:  # the page would reach the first row: it is the first page
            cursor = ids = None
    if cursor is None:
        # The page's ids in a subquery, then their rows: a filter that leaves thousands of
        # rows would otherwise join every one to its person, court and ruling to sort them.
        first_ids = queryset.prefetch_related(None).values("pk")[: size + 1]
        rows = list(rows_from.filter(pk__in=first_ids))
        has_previous, has_next, start = False, len(rows) > size, 0
    elif cursor.direction == AFTER:
        rows = _in_list_order(
            rows_from, ids_after(queryset, order_key, cursor.value, cursor.pk, size + 1)
        )
        has_previous, has_next = True, len(rows) > size
        start = cursor.position or None
    else:
        rows = _in_list_order(rows_from, ids[:size])
        has_previous, has_next = True, cursor.direction != END
        if cursor.direction == END:
            start = count - len(rows) if counted.exact else None
        else:
            start = cursor.position - size if cursor.position >= size else None
    rows = rows[:size]
    page = KeysetPage(rows, has_previous, has_next, start, count, counted.exact)
    if rows and has_next:
        last = rows[-1]
        end = start + len(rows) if start is not None else 0
        value = _key_value(order_key, getattr(last, column_of(order_key)))
        page.next_token = Cursor(order_key, AFTER, value, last.pk, end).token()
        page.last_token = Cursor(order_key, END).token()
    if rows and has_previous:
        first = rows[0]
        value = _key_value(order_key, getattr(first, column_of(order_key)))
        page.previous_token = Cursor(order_key, BEFORE, value, first.pk, start or 0).token()
    return page


def _in_list_order(queryset: QuerySet, ids: list) -> list:
    """The rows of ``ids`` with the list's related records, in the list's order."""
    if not ids:
        return []
    return list(queryset.filter(pk__in=ids))


def count_rows(queryset: QuerySet, key: str) -> RowCount:
    """How many rows the case list filtered as ``key`` names holds: casetracker.keyset's
    count (exact up to CASETRACKER_EXACT_COUNT_LIMIT, else estimated), kept per generation."""
    return keyset.count_rows(queryset, f"case-list:{key}")
