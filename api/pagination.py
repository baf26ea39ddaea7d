"""Cursor pagination: page 2,500 costs what page 1 does.

A cursor names the last row seen, and the next page is read from there by the index
(``WHERE key > last``) instead of counting past every earlier row (``OFFSET``). Records
are ordered by their id. The case list is ordered as on the page (events.filters.ORDERINGS:
a column, nulls last, then the id), so its cursor holds that column's value and the id.
"""

import base64
import binascii
import json

from django.core.exceptions import ValidationError
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from events.filters import DEFAULT_ORDERING, ORDERINGS

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
PAGE_SIZE_HELP = f"Rows per page, at most {MAX_PAGE_SIZE} (default {PAGE_SIZE})."


class IdCursorPagination(CursorPagination):
    """Records in id order; ``next`` and ``previous`` are opaque cursors."""

    ordering = "pk"
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = PAGE_SIZE_HELP
    max_page_size = MAX_PAGE_SIZE


def _paginated_schema(schema):
    return {
        "type": "object",
        "required": ["results"],
        "properties": {
            "next": {"type": "string", "nullable": True, "format": "uri"},
            "previous": {"type": "string", "nullable": True, "format": "uri"},
            "results": schema,
        },
    }


def cursor_token(order_key: str, value, pk: int) -> str:
    """The cursor of the page after the row ``(value, pk)`` in the order ``order_key``:
    that row's value of the ordering column and its id, as base64 JSON."""
    data = {"o": order_key, "v": None if value is None else str(value), "p": pk}
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode("ascii")


class CaseCursorPagination(BasePagination):
    """The case list's order (``ordering``, as on the page and in the CSV), by cursor.

    The cursor holds the last row's value of the ordering column and its id; the next page
    is the rows after it in that order (``(value, id)`` past the cursor, nulls last).
    Forward only: ``previous`` is always null.

    The rows after a cursor ``(v, p)`` are, in the list's order, three ranges of the
    ordering's index (column, then id): the rest of the cursor's own value (``column = v
    AND id > p``), the values beyond it (``column < v`` newest first, ``> v`` oldest
    first), then the rows with no value (``column IS NULL``, by id). Each is read as a range
    of its index, starting where it starts, and only as far as the page needs. One OR of the
    three cannot be an index range: PostgreSQL read the index from its first row, skipping
    every row before the cursor (on the benchmark data, page 2,500's SQL took 467 ms against
    page 1's 5 ms; now 6 ms, BENCHMARKS.md). The ids are read so, then the page's rows by
    id with their related records, in the list's order.
    """

    cursor_query_param = "cursor"
    invalid_cursor_message = "Invalid cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.order_key = request.query_params.get("ordering") or DEFAULT_ORDERING
        if self.order_key not in ORDERINGS:  # the FilterSet has refused it already
            self.order_key = DEFAULT_ORDERING
        column = ORDERINGS[self.order_key][0]
        self.column = column.expression.name
        self.descending = column.descending
        self.model = queryset.model
        cursor = self.decode_cursor(request)
        wanted = self.page_size + 1
        if cursor is None:
            rows = list(queryset[:wanted])
        else:
            ids = self.ids_after(queryset, *cursor, wanted)
            rows = list(queryset.filter(pk__in=ids)) if ids else []
        self.has_next = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        return self.page

    def ids_after(self, queryset, value, pk, wanted: int) -> list[int]:
        """The ids of up to ``wanted`` rows after ``(value, pk)``, in the list's order."""
        ids = queryset.prefetch_related(None).values_list("pk", flat=True)
        by_id = ids.order_by("pk")
        if value is None:
            ranges = [by_id.filter(**{f"{self.column}__isnull": True, "pk__gt": pk})]
        else:
            beyond = "lt" if self.descending else "gt"
            ranges = [
                by_id.filter(**{self.column: value, "pk__gt": pk}),
                ids.filter(**{f"{self.column}__{beyond}": value}),
                by_id.filter(**{f"{self.column}__isnull": True}),
            ]
        found: list[int] = []
        for rows in ranges:
            found += rows[: wanted - len(found)]
            if len(found) == wanted:
                break
        return found

    def get_page_size(self, request):
        try:
            size = int(request.query_params.get("page_size", PAGE_SIZE))
        except ValueError:
            return PAGE_SIZE
        return min(max(size, 1), MAX_PAGE_SIZE)

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded:
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(encoded.encode("ascii")))
            order, value, pk = data["o"], data["v"], int(data["p"])
            if order != self.order_key or not (value is None or isinstance(value, str)):
                raise ValueError(order)
            if value is not None:
                # The value must be one the column can hold, or the query would fail.
                field = self.model._meta.get_field(self.column)
                field.to_python(value)
        except (ValueError, KeyError, TypeError, binascii.Error, ValidationError) as error:
            raise NotFound(self.invalid_cursor_message) from error
        if not 0 < pk < 2**63:
            raise NotFound(self.invalid_cursor_message)
        return value, pk

    def encode_cursor(self, row) -> str:
        token = cursor_token(self.order_key, getattr(row, self.column), row.pk)
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, token)

    def get_paginated_response(self, data):
        next_url = self.encode_cursor(self.page[-1]) if self.has_next else None
        return Response({"next": next_url, "previous": None, "results": data})

    def get_paginated_response_schema(self, schema):
        return _paginated_schema(schema)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The pagination cursor (from a response's ``next``).",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "description": PAGE_SIZE_HELP,
                "schema": {"type": "integer"},
            },
        ]
