"""Query expressions the ORM lacks."""

import json

from django.db import connection
from django.db.models import F, Lookup, Q
from django.db.models.expressions import RawSQL


class _EqualsAny(Lookup):
    """``lhs = ANY(rhs)``, rhs an array."""

    lookup_name = "equals_any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


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
    # The list itself is the parameter: psycopg sends it as one array. (A Value with an
    # ArrayField would prepare every element again, one call each.)
    array = RawSQL("%s::bigint[]", ([int(pk) for pk in ids],))
    return _EqualsAny(F(field), array)
