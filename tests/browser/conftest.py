"""Browser tests: Playwright drives Debian's chromium (Playwright's own download is unavailable).

Without /usr/bin/chromium the browser tests are skipped, unless CASETRACKER_REQUIRE_BROWSER=1
(set by CI), in which case they fail: CI must never pass by silently skipping them.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install chromium to run the browser tests."
        if os.environ.get("CASETRACKER_REQUIRE_BROWSER") == "1":
            pytest.fail(f"CASETRACKER_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def reading_server(django_db_setup, django_db_blocker):
    """A live server of its own for the tests that only read (``demo_server``), apart from
    ``live_server``, whose use empties the tables after each test. Started once and stopped
    last, as ``live_server`` is: a request thread of a page just closed may still be ending
    when a test does, and must find the server's database connection as it was."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def demo_server(reading_server, django_db_blocker):
    """The address of ``reading_server`` with the demo data loaded once for the module's
    tests, which only read it (layout, axe). pytest-django's ``live_server`` empties every
    table after each test, so the demo was loaded again for the next: about a second of
    each test on PostgreSQL. Here the tables are emptied once, after the module, and the
    next test of the process finds them as ``live_server`` leaves them. Its tests ask for
    ``db`` as well: pytest-django makes the test databases only for a run whose tests ask
    for one. They run where pytest-django puts the tests that empty the tables
    (``pytest_collection_modifyitems`` below), after every test rolled back: those find
    the rows the migrations made (the roles), which emptying the tables removes."""
    from django.core.management import call_command

    from tests.demo import load_demo

    with django_db_blocker.unblock():
        load_demo()
        try:
            yield reading_server.url
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests on ``demo_server`` moved to the start of those that empty the tables, after
    the tests rolled back: pytest-django orders them so (a test asking for ``db`` first),
    and would put these among the first, as they ask for ``db``."""

    def fixtures(item) -> set[str]:
        return set(getattr(item, "fixturenames", ()))

    def rolled_back(item) -> bool:
        marker = item.get_closest_marker("django_db")
        empties = {"demo_server", "transactional_db", "live_server"} & fixtures(item) or (
            marker and marker.kwargs.get("transaction")
        )
        return not empties and bool("db" in fixtures(item) or marker)

    # Stable: the rest keep pytest-django's order among themselves.
    items.sort(key=lambda item: (not rolled_back(item), "demo_server" not in fixtures(item)))
