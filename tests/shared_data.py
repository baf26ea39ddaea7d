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
