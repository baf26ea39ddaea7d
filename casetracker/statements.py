"""Reads whose SQL Django composes once per process, then runs with each call's values.

A person page is ten small queries that PostgreSQL plans and runs in 3–5 ms all told.
Building and composing them took Django longer than that again, every request: resolving
the publishing rules' lookups, the EXISTS of the withheld-quote rule, the joins, the select
list. The queries differ from one request to the next only in their values (a person's id,
the ids of their proceedings), so a ``Statement`` builds its queryset once, with markers
where the values go, keeps the SQL and the compiler Django made for it, and then runs that
SQL with each call's values through Django's own iterables: the same model instances (with
their ``select_related`` records), values lists and converters as the queryset gives.

    sentences = Statement(
        lambda proceedings: Sentence.objects.public().filter(one_of("proceeding", proceedings)),
        lists=["proceedings"],
    )
    for sentence in sentences(proceedings=[1, 2, 3]): ...

Rules, checked when the SQL is composed:

- The builder gets markers, never a call's values, so what it builds cannot depend on them.
  Every value is an integer (an id), or a list of integers passed through
  ``casetracker.expressions.one_of``, whose SQL is the same however many ids it holds.
- Every marker must reach the SQL as a parameter of its own; a builder that loses one, or
  turns it into something else, is refused (``ImproperlyConfigured``).
- The queryset a call returns can only be iterated: filtering or slicing it would build a
  new query without the values, so it raises instead.

The SQL is kept per database alias. A read whose shape depends on something other than
its values (which kinds of record a citation query reads) is one Statement per shape.

On PostgreSQL a Statement's SQL also runs as a prepared statement of the connection
(psycopg's ``prepare=True``, values bound by the server): PostgreSQL parses it once per
connection, and plans it once when its plan does not depend on the values, which for a
read by ids it does not. Parsing and planning the person page's ten queries took
PostgreSQL longer than running them. Django's other queries are not prepared: they bind
their values into the SQL text (psycopg's client-side cursor), so no two look alike, and
a list filtered by a day range or a name wants a plan for its own values. The
``prepare_threshold`` of the connection's OPTIONS (casetracker/settings/base.py) must not
be None, or psycopg runs these unprepared too. SQLite keeps the compiled SQL of the
statements it ran last (the sqlite3 module's cache), so there the same SQL is enough.

``read_together(*querysets)`` reads several Statements that need none of one another's
rows in one round trip on PostgreSQL (psycopg's pipeline mode): a person page's eight reads
by the person's id wait for the database once, not eight times.
"""

from __future__ import annotations

import copy
import inspect
import json
import weakref
from collections.abc import Callable, Iterable
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

# Markers are ids no table holds: below any id a sequence hands out.
_FIRST_MARKER = -(2**62)


class _Composed:
    """A builder's queryset with the SQL Django composed for it, and where values go."""

    def __init__(self, queryset: QuerySet, markers: dict[str, int], lists: set[str]):
        self.queryset = queryset
        self.compiler = queryset.query.get_compiler(using=queryset.db)
        self.prepared = connections[queryset.db].vendor == "postgresql"
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        self.slots: list[tuple[int, str, Callable]] = []
        names = {marker: name for name, marker in markers.items()}
        for position, param in enumerate(self.params):
            found = self._slot(param, names, lists)
            if found:
                name, write = found
                if self.prepared:
                    write = _as_bigint(write)
                self.slots.append((position, name, write))
        # The select list never changes, so neither do the functions that convert what the
        # database returns for it (Django works them out again on every execution); kept
        # per connection, as the backend's converters belong to it.
        self._converters = weakref.WeakKeyDictionary()
        missing = set(markers) - {name for _, name, _ in self.slots}
        if missing:
            raise ImproperlyConfigured(
                f"{sorted(missing)} did not reach the SQL as parameters of their own."
            )

    @staticmethod
    def _slot(param, names: dict[int, str], lists: set[str]):
        """(name, how to write a value) when ``param`` is a marker, else None."""
        if isinstance(param, int) and not isinstance(param, bool):
            if names.get(param) and names[param] not in lists:
                return names[param], int
        elif isinstance(param, list) and len(param) == 1 and isinstance(param[0], int):
            # one_of() on PostgreSQL: the ids as one array parameter.
            if names.get(param[0]) in lists:
                return names[param[0]], lambda ids: [int(pk) for pk in ids]
        elif isinstance(param, str) and param.startswith("[-"):
            # one_of() on SQLite: the ids as one JSON array parameter.
            try:
                decoded = json.loads(param)
            except ValueError:
                return None
            if (
                isinstance(decoded, list)
                and len(decoded) == 1
                and isinstance(decoded[0], int)
                and names.get(decoded[0]) in lists
            ):
                return names[decoded[0]], lambda ids: json.dumps([int(pk) for pk in ids])
        return None

    def converters(self, connection, expressions, work_out: Callable) -> dict:
        found = self._converters.get(connection)
        if found is None:
            found = self._converters[connection] = work_out(expressions)
        return found

    def bind(self, values: dict, using: str) -> QuerySet:
        params = list(self.params)
        for position, name, write in self.slots:
            params[position] = write(values[name])
        compiler = copy.copy(self.compiler)
        # A connection belongs to its thread: the one composing may not be the one running.
        connection = connections[using]
        compiler.connection = _Preparing(connection) if self.prepared else connection
        bound_sql, bound_params = self.sql, tuple(params)
        compiler.as_sql = lambda *args, **kwargs: (bound_sql, bound_params)
        work_out = compiler.get_converters
        compiler.get_converters = lambda expressions: self.converters(
            connection, expressions, work_out
        )

        query = copy.copy(self.queryset.query)
        query.get_compiler = lambda *args, **kwargs: compiler
        query.chain = query.clone = _refuse
        # What QuerySet._clone() carries over, without cloning the query.
        built = self.queryset
        bound = built.__class__(model=built.model, query=query, using=using, hints=built._hints)
        bound._iterable_class = built._iterable_class
        bound._fields = built._fields
        bound._prefetch_related_lookups = built._prefetch_related_lookups
        bound._known_related_objects = built._known_related_objects
        # For read_together(), which sends the SQL ahead of reading the rows.
        bound._statement_compiler = compiler
        return bound


def _as_bigint(write: Callable) -> Callable:
    """``write``, its ids typed bigint: psycopg types an int by its size (smallint, integer
    or bigint), and a prepared statement is kept per SQL and types of its values, so one
    read would be prepared again for each size of id."""
    from psycopg.types.numeric import Int8

    def bigint(value):
        written = write(value)
        if isinstance(written, list):
            return [Int8(pk) for pk in written]
        return Int8(written)

    return bigint


class _Preparing:
    """A PostgreSQL connection as a Statement's compiler sees it: the same connection, whose
    cursors run their SQL as a prepared statement of the session."""

    # A cursor read_together() already executed, for the compiler's next cursor().
    _ahead = None

    def __init__(self, connection):
        self._connection = connection

    def __getattr__(self, name):
        return getattr(self._connection, name)

    def cursor(self):
        if self._ahead is not None:
            # The statement was sent ahead (read_together): its rows are on their way.
            ahead, self._ahead = self._ahead, None
            return ahead
        # Django's own cursor (health check, connecting, error wrapping, the query log),
        # executing through psycopg's server-side binding instead of its client-side one.
        wrapper = self._connection.cursor()
        wrapper.cursor.close()
        wrapper.cursor = _prepared_cursor_class()(self._connection.connection)
        return wrapper

    def send_ahead(self, sql: str, params) -> None:
        """Execute ``sql`` now; the compiler's next cursor() is the one it ran on."""
        cursor = self.cursor()
        cursor.execute(sql, params)
        self._ahead = _SentAhead(cursor, sql, params)


class _SentAhead:
    """A cursor whose statement was already executed, as the compiler's next cursor: its
    execute() of the same SQL does nothing more, and its rows are read as usual."""

    def __init__(self, cursor, sql, params):
        self._cursor, self._sql, self._params = cursor, sql, params

    def execute(self, sql, params=None):
        if sql != self._sql or params != self._params:
            raise RuntimeError("A statement sent ahead is executed again with other SQL.")
        return self

    def __getattr__(self, name):
        return getattr(self._cursor, name)


@cache
def _prepared_cursor_class():
    # Imported on first use: only a PostgreSQL connection needs it.
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparedCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            super().execute(query, params, prepare=True, binary=binary)
            # psycopg keeps no query text of a prepared execution; Django's query log
            # (DEBUG, CaptureQueriesContext) reads it from here.
            self._query = _LoggedQuery(self.connection, query, params)
            return self

    return PreparedCursor


class _LoggedQuery:
    """The SQL of a prepared execution with its values written in, as Django's query log
    reads it of a psycopg cursor (``cursor._query.query``): composed only when read."""

    params = None

    def __init__(self, connection, sql, params):
        self._connection, self._sql, self._params = connection, sql, params

    @property
    def query(self) -> bytes:
        from psycopg import ClientCursor

        with ClientCursor(self._connection) as cursor:
            return cursor.mogrify(self._sql, self._params).encode()


def read_together(*querysets: QuerySet) -> list[list]:
    """The rows of each of ``querysets``, as lists, in one round trip to the database.

    Reads that do not depend on one another's rows (a person's names, affiliations and
    proceedings, all by the person's id) need not wait for one another: on PostgreSQL
    the Statements among ``querysets`` are sent together in psycopg's pipeline mode, then
    their rows are read back in order, so the page waits for the database once rather
    than once per read. Each read is still its own statement, with its own entry in
    Django's query log. Other querysets, and every queryset on other databases, are read
    one after another, as ``list()`` would.
    """
    ahead = [
        qs
        for qs in querysets
        if isinstance(_statement_connection(qs), _Preparing) and qs._result_cache is None
    ]
    if len(ahead) < 2 or not _pipeline_supported():
        return [list(qs) for qs in querysets]
    using = {qs.db for qs in ahead}
    if len(using) != 1:
        raise ValueError("read_together() reads from one database at a time.")
    connection = connections[using.pop()]
    # What connection.cursor() does before a query, done before the pipeline starts: a
    # health check's own query must not be in it.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.connection.pipeline():
        for qs in ahead:
            compiler = qs._statement_compiler
            compiler.connection.send_ahead(*compiler.as_sql())
        return [list(qs) for qs in querysets]


def _statement_connection(queryset: QuerySet):
    """The connection a Statement's queryset runs on (None for other querysets)."""
    compiler = getattr(queryset, "_statement_compiler", None)
    return compiler.connection if compiler is not None else None


@cache
def _pipeline_supported() -> bool:
    from psycopg import Pipeline

    return Pipeline.is_supported()


def _refuse(*args, **kwargs):
    raise TypeError(
        "A Statement's queryset can only be iterated: its values are bound to composed SQL."
    )


class Statement:
    """A read composed once per process (see the module docstring).

    ``build`` takes one keyword argument per value and returns a QuerySet; ``lists`` names
    the arguments that are lists of ids. ``values`` names the arguments of a builder that
    takes ``**kwargs``; by default they are read from its signature.
    """

    def __init__(
        self,
        build: Callable[..., QuerySet],
        *,
        lists: Iterable[str] = (),
        values: Iterable[str] | None = None,
    ):
        self.build = build
        self.names = list(inspect.signature(build).parameters if values is None else values)
        self.lists = set(lists)
        unknown = self.lists - set(self.names)
        if unknown:
            raise ImproperlyConfigured(f"{sorted(unknown)} are not arguments of the builder.")
        self._composed: dict[str, _Composed] = {}

    def __call__(self, *, using: str = DEFAULT_DB_ALIAS, **values) -> QuerySet:
        if set(values) != set(self.names):
            raise TypeError(f"Expected the values {self.names}, got {sorted(values)}.")
        composed = self._composed.get(using)
        if composed is None:
            composed = self._composed[using] = self._compose(using)
        return composed.bind(values, using)

    def _compose(self, using: str) -> _Composed:
        markers = {name: _FIRST_MARKER + index for index, name in enumerate(self.names)}
        arguments = {
            name: [marker] if name in self.lists else marker for name, marker in markers.items()
        }
        queryset = self.build(**arguments).using(using)
        return _Composed(queryset, markers, self.lists)
