"""Query expressions the ORM lacks."""

import json

from django.db import connection
from django.db.models import Count, F, IntegerField, Lookup, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce


class _EqualsAny(Lookup):
    """``lhs = ANY(rhs)``, rhs an array."""

    lookup_name = "equals_any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


class _DistinctFrom(Lookup):
    """``lhs IS DISTINCT FROM rhs``: unequal, NULL being unequal to every value but NULL
    (SQLite spells it ``IS NOT``)."""

    lookup_name = "distinct_from"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        operator = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"
        return f"{lhs} {operator} {rhs}", (*lhs_params, *rhs_params)


def differs(field: str, value) -> Lookup:
    """Condition: ``field`` holds something other than ``value`` (an expression), a NULL
    differing from any value and equal to NULL, as neither ``=`` nor ``exclude()`` read it."""
    return _DistinctFrom(F(field), value)


def one_of(field: str, ids: list[int]) -> Q | Lookup:
    """Condition: ``field`` (an integer key) is one of ``ids``.

    The ids are ONE parameter: on PostgreSQL ``field = ANY(%s)`` with an array, on SQLite
    ``field IN (SELECT value FROM json_each(%s))`` with a JSON array. A common name matches
    a couple of thousand people: as an IN list every id is a parameter of its own, and
    Django and psycopg took about 10 ms per query to compose and bind them, more than
    PostgreSQL took to run it; SQLite refuses more than 32,766 parameters in all. The
    databases read these forms like an IN list.
    """
    if connection.vendor == "sqlite":
        ids_json = RawSQL("SELECT value FROM json_each(%s)", (json.dumps([int(pk) for pk in ids]),))
        return Q(**{f"{field}__in": ids_json})
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": ids})
    array = RawSQL("%s::bigint[]", (bigint_array(ids),))
    return _EqualsAny(F(field), array)


def bigint_array(ids) -> str:
    """PostgreSQL's text of an array of the integers ``ids`` (``{1,2,3}``), to pass as one
    parameter cast to ``bigint[]``. Passed a list, psycopg quotes it element by element in
    Python (with Django's client-side binding): 3 ms for 4,000 ids, in each of the half
    dozen statements a filtered list or a CSV batch sends them in; their text is one
    string, 0.5 ms to join."""
    return "{" + ",".join(str(int(pk)) for pk in ids) + "}"


def count_of(rows: QuerySet, key: str, counted: str = "pk", *, distinct: bool = False) -> Coalesce:
    """How many of ``rows`` point by ``key`` to the outer query's row (``counted``, once
    each with ``distinct``), as a subquery the database runs for each row it returns.

    For a column of counts in a list of a few dozen rows out of 150,000 (the admin's
    lists). ``Count`` across the relation joins every row of both tables and groups the
    whole list before the page is cut from it, and every other query of the list (its
    count, its filters' values) carries the join too: the admin's list of sources took
    2.9 s at the benchmark's size, of cases 1.3 s. PostgreSQL computes a subquery in the
    select list only for the rows the LIMIT keeps, unless the list is sorted by it; and
    Django leaves an annotation out of the queries that do not use it (a count)."""
    per_row = (
        rows.filter(**{key: OuterRef("pk")})
        .order_by()
        .values(key)
        .annotate(number=Count(counted, distinct=distinct))
        .values("number")
    )
    return Coalesce(Subquery(per_row, output_field=IntegerField()), 0)
