"""Shared pytest fixtures: factories, settings for browser and fuzz tests."""

import os
from collections import Counter, defaultdict

import pytest
from hypothesis import HealthCheck, settings

from tests.figures import NOTES
from tests.fuzz import TALLY
from tests.shared_data import shared_until_rolled_back

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be
# usable there in the live-server browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Fuzz tests (hypothesis): the same examples on every CI run, so that a red CI is
# reproducible; fresh ones on a developer's machine, where a failure found is kept in
# .hypothesis/ and tried first next time. The fuzz tests share one set of records per test
# function (made once, read by every example), hence the function-scoped fixtures.
_FUZZ = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}
settings.register_profile("ci", derandomize=True, database=None, print_blob=True, **_FUZZ)
settings.register_profile("dev", **_FUZZ)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="session")
def extracted_catalog(tmp_path_factory):
    """The catalog ``makemessages`` makes of the source now (tests.catalogs), made once."""
    from tests.catalogs import extract_catalog

    return extract_catalog(tmp_path_factory.mktemp("catalog"))


@pytest.fixture(autouse=True)
def _the_default_language():
    """Each test starts in English: a request to /ru/ before it leaves Russian active in the
    thread (LocaleMiddleware activates, nothing deactivates), and ``reverse()`` would then
    give the next test /ru/ addresses."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _no_cached_pages_from_other_tests():
    """Each test starts with no public page cached (casetracker.public_pages): a test before
    it may have cached pages of rows its rollback removed, which no write moved past."""
    from publishing import generation

    generation.advance()


@pytest.fixture(scope="class")
def demo_loaded_for_class(django_db_setup, django_db_blocker):
    """The demo data, loaded once for a class of tests (tests.demo)."""
    from tests.demo import load_demo

    with shared_until_rolled_back(django_db_blocker):
        load_demo()
        yield


def _staff_in(user_model, group: str):
    """A staff user in one of the roles the migrations create, named after it."""
    from django.contrib.auth.models import Group

    user = user_model.objects.create_user(
        username=group.lower(), password="correct horse battery staple", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def researcher(django_user_model):
    return _staff_in(django_user_model, "Researcher")


@pytest.fixture
def editor(django_user_model):
    return _staff_in(django_user_model, "Editor")


def _figures() -> dict:
    """This process's figures, as plain data an xdist worker can send to the controller."""
    import sys

    leak_test = sys.modules.get("tests.publishing.test_leak_property")
    leak = dict(leak_test.FIGURES) if leak_test is not None else {}
    return {
        "leak property": leak if leak.get("graphs") else {},
        "fuzz": {test: dict(statuses) for test, statuses in TALLY.items()},
        "notes": list(NOTES),
    }


# The figures of the xdist workers that have finished (empty without xdist).
_WORKER_FIGURES: list[dict] = []


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand the figures to the controller
        workeroutput["casetracker_figures"] = _figures()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """On the xdist controller: keep what a finished worker counted."""
    figures = getattr(node, "workeroutput", {}).get("casetracker_figures")
    if figures:
        _WORKER_FIGURES.append(figures)


def pytest_terminal_summary(terminalreporter):
    """The figures of the tests that count what they tried: the property-based leak test
    (graphs, URLs, records, hidden markers), the crawls (URLs walked), and the fuzz tests
    (requests sent and the statuses answered, per test), added up over every xdist worker."""
    leak, tally, notes = Counter(), defaultdict(Counter), []
    for figures in [_figures(), *_WORKER_FIGURES]:
        leak.update(figures["leak property"])
        for test, statuses in figures["fuzz"].items():
            tally[test].update({int(status): n for status, n in statuses.items()})
        notes += figures["notes"]
    if notes:
        terminalreporter.section("crawls")
        for line in notes:
            terminalreporter.write_line(line)
    if leak:
        terminalreporter.section("leak property")
        terminalreporter.write_line(", ".join(f"{name}: {n}" for name, n in leak.items()))
    if not tally:
        return
    from django.db import connection

    terminalreporter.section(f"fuzz requests on {connection.vendor}")
    total = Counter()
    for test, statuses in sorted(tally.items()):
        total.update(statuses)
        terminalreporter.write_line(f"{test}: {statuses.total()} {dict(sorted(statuses.items()))}")
    errors = sum(n for status, n in total.items() if status >= 500)
    terminalreporter.write_line(
        f"all: {total.total()} requests {dict(sorted(total.items()))}; {errors} of 500 or more"
    )


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist load`` with short queues (tests.scheduling): the same order, balanced ends."""
    if config.getoption("dist") != "load":
        return None
    from tests.scheduling import ShortQueues

    return ShortQueues(config, log)
