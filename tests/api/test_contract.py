"""Contract tests: schemathesis sends requests built from the OpenAPI schema (every
endpoint, every parameter: valid values and odd ones) to the site's WSGI application and
checks that no response is a server error and every response matches the schema.

Bounded and deterministic: a fixed number of examples per operation, derandomized, over
the leak test's site (demo data, hidden records of every kind, a protected person). Then
every record each list returns is fetched by its id and checked too.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.figures import note

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 25
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def wsgi_app():
    """The site as a WSGI application, inside the test's transaction: Django's own test
    client likewise keeps a request from closing the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def run_operation(operation, stats):
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        response = case.call_and_validate(checks=CHECKS)
        stats[response.status_code] = stats.get(response.status_code, 0) + 1

    check()


def test_every_operation_keeps_to_the_schema_without_server_errors(leaky_site, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    paths = {operation.path for operation in operations}
    assert len(operations) == 18, paths  # a list and a detail for each of nine kinds

    stats: dict[int, int] = {}
    for operation in operations:
        run_operation(operation, stats)

    # Every record of every list, by its id: real data, not only generated ids.
    details = 0
    for operation in operations:
        if "{id}" in operation.path:
            continue
        listed = operation.Case(query={"page_size": 200}).call_and_validate(checks=CHECKS)
        detail = next(op for op in operations if op.path == operation.path + "{id}/")
        for row in listed.json()["results"]:
            response = detail.Case(path_parameters={"id": row["id"]}).call_and_validate(
                checks=CHECKS
            )
            assert response.status_code == 200
            details += 1

    assert 500 not in stats and stats.get(200, 0) > 0
    assert details > 100
    note(f"schemathesis: {len(operations)} operations, statuses {stats}, {details} details")
