"""Cursor pagination: page 2,500 costs what page 1 does.

A cursor names the last row seen, and the next page is read from there by the index
(``WHERE key > last``) instead of counting past every earlier row (``OFFSET``). Records
are ordered by their id. The case list is ordered as on the page (events.filters.ORDERINGS:
a column, nulls last, then the id), so its cursor holds that column's value and the id.
"""

from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from events import paging
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


class CaseCursorPagination(BasePagination):
    """The case list's order (``ordering``, as on the page and in the CSV), by cursor.

    The cursor holds the last row's value of the ordering column and its id; the next page
    is the rows after it in that order (``(value, id)`` past the cursor, nulls last).
    Forward only: ``previous`` is always null.

    The rows after a cursor are read as the HTML case list reads them (events.paging:
    three ranges of the ordering's index; page 2,500's SQL took 467 ms with OFFSET against
    page 1's 5 ms, and 6 ms so, BENCHMARKS.md); its cursors are the list's own.
    """

    cursor_query_param = "cursor"
    invalid_cursor_message = "Invalid cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.order_key = request.query_params.get("ordering") or DEFAULT_ORDERING
        if self.order_key not in ORDERINGS:  # the FilterSet has refused it already
            self.order_key = DEFAULT_ORDERING
        self.column = paging.column_of(self.order_key)
        self.model = queryset.model
        cursor = self.decode_cursor(request)
        wanted = self.page_size + 1
        if cursor is None:
            rows = list(queryset[:wanted])
        else:
            ids = paging.ids_after(queryset, self.order_key, *cursor, wanted)
            rows = list(queryset.filter(pk__in=ids)) if ids else []
        self.has_next = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        return self.page

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
            cursor = paging.decode_cursor(encoded, self.order_key, self.model)
        except paging.InvalidCursor as error:
            raise NotFound(self.invalid_cursor_message) from error
        if cursor.direction != paging.AFTER:  # the API reads forward only
            raise NotFound(self.invalid_cursor_message)
        return cursor.value, cursor.pk

    def encode_cursor(self, row) -> str:
        token = paging.cursor_token(self.order_key, getattr(row, self.column), row.pk)
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
