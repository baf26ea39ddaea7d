"""Rows shared by the tests of a class or module (tests.conftest, fixtures of that scope)."""

from contextlib import contextmanager


@contextmanager
def shared_until_rolled_back(django_db_blocker):
    """Rows made once for a class or module of tests (a fixture of that scope) in a
    transaction rolled back after them; each test still runs in its own savepoint, so what
    one test writes the next never sees. For rows the tests only read: an object kept in
    Python is not reloaded after a test's savepoint is rolled back."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def count_rows(models) -> dict[str, int]:
    """Every row of each of ``models`` (by label), counted in one statement: tests that hold
    the counts equal before and after a request do so for every example they try."""
    from django.db import connection

    models = list(models)
    sql = " UNION ALL ".join(
        f"SELECT {index}, COUNT(*) FROM {connection.ops.quote_name(model._meta.db_table)}"
        for index, model in enumerate(models)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counted = dict(cursor.fetchall())
    return {model._meta.label: counted[index] for index, model in enumerate(models)}
