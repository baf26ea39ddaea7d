"""Errors reach the log with their request: id (also in X-Request-ID), method, path, user."""

import copy
import io
import logging.config
import re

import pytest
from django.db import InterfaceError, connection
from django.urls import path

from tests.test_database_faults import lost_connection

pytestmark = pytest.mark.django_db


def fail(request, pk):
    raise RuntimeError("the test view failed")


urlpatterns = [path("cases/<int:pk>/fail/", fail)]


@pytest.fixture
def log(settings):
    """What the configured stderr handler writes, as text."""
    stream = io.StringIO()
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["stderr"]["stream"] = stream
    logging.config.dictConfig(config)
    yield stream
    logging.config.dictConfig(settings.LOGGING)


@pytest.mark.urls(__name__)
def test_a_500_is_logged_with_its_request_and_traceback(client, researcher, log):
    client.force_login(researcher)
    client.raise_request_exception = False

    response = client.post("/cases/7/fail/")

    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    text = log.getvalue()
    line = next(line for line in text.splitlines() if " ERROR django.request " in line)
    assert f"request_id={request_id} " in line
    assert " method=POST " in line
    assert " path=/cases/7/fail/ " in line
    assert f" user_id={researcher.pk} " in line
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: the test view failed" in text


def test_a_proxys_request_id_is_kept(client):
    response = client.get(
        "/about/", headers={"X-Request-ID": "0f2c9a4e-77b1-4c1e-9d36-1b2a3c4d5e6f"}
    )

    assert response["X-Request-ID"] == "0f2c9a4e-77b1-4c1e-9d36-1b2a3c4d5e6f"


@pytest.mark.parametrize("sent", ["two\nlines", "x" * 101, "<script>", ""])
def test_a_request_id_that_is_not_an_id_is_replaced(client, sent):
    response = client.get("/about/", headers={"X-Request-ID": sent})

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_a_path_with_a_line_break_stays_on_one_log_line(client, log):
    client.get("/no/such/page%0Aforged line/")

    (line,) = [line for line in log.getvalue().splitlines() if "Not Found" in line]
    assert " path=/no/such/page%0Aforged%20line/ " in line
    assert "forged line" not in log.getvalue().replace(line, "")


def test_a_lost_database_is_logged_with_its_request_and_still_answers_503(client, researcher, log):
    client.force_login(researcher)

    with connection.execute_wrapper(lost_connection(InterfaceError("connection already closed"))):
        response = client.get("/sources/")

    assert response.status_code == 503
    line = next(line for line in log.getvalue().splitlines() if "Database unavailable" in line)
    assert " ERROR casetracker.middleware " in line
    assert f"request_id={response['X-Request-ID']} " in line
    assert " method=GET path=/sources/ " in line
    # The user could not be read either: the session is in the database.
    assert " user_id=? " in line
