"""Django's system checks, those of the database included, pass without a warning on the
database the tests run on (SQLite by default, PostgreSQL in CI): ``make run`` and every
``manage.py`` command start without one (an index feature one database lacks, say)."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_system_checks_pass_without_a_warning_on_this_database():
    call_command("check", databases=["default"], fail_level="WARNING")
