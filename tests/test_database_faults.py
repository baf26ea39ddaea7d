"""While the database is away (a PostgreSQL restart), pages answer 503 with Retry-After.

Nothing is restarted here: the first tests make every query fail the way a dropped
connection does, the last points the connection at a port where nothing listens.
"""

import socket
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.urls import reverse

from tests.events.test_case_list import detention


def lost_connection(error):
    """An execute wrapper: every query fails with ``error``, as on a dropped connection."""

    def fail(execute, sql, params, many, context):
        raise error

    return fail


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error",
    [
        OperationalError("server closed the connection unexpectedly"),
        InterfaceError("connection already closed"),
    ],
)
@pytest.mark.parametrize("url", ["/", "/sources/", "/search/?q=Azhibay", "/admin/"])
def test_a_lost_database_answers_503_with_retry_after_and_the_page_comes_back(
    client, researcher, url, error
):
    detention(15, name="Serik Azhibay")
    client.force_login(researcher)

    with connection.execute_wrapper(lost_connection(error)):
        response = client.get(url)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Back in a moment" in response.content.decode()
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_other_errors_stay_500(client):
    client.raise_request_exception = False

    with connection.execute_wrapper(lost_connection(ZeroDivisionError())):
        response = client.get(reverse("events:case_list"))

    assert response.status_code == 500
    assert "Retry-After" not in response


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server that refuses")
@pytest.mark.django_db(transaction=True)
def test_postgresql_refusing_connections_answers_503_and_the_site_recovers(client):
    detention(15, name="Serik Azhibay")
    connection.close()

    with mock.patch.dict(connection.settings_dict, {"PORT": str(closed_port())}):
        response = client.get(reverse("events:case_list"))

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    response = client.get(reverse("events:case_list"))
    assert response.status_code == 200
    assert "Serik Azhibay" in response.content.decode()
