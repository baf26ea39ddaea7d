"""The CSV export streams its first rows at once and only a few exports run together."""

import csv
import io

import pytest
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.csv_export import HEADERS
from events.export_slots import KEY
from events.views import case_csv
from tests.events.test_case_list import detention

pytestmark = pytest.mark.django_db

LIMIT = 2


@pytest.fixture(autouse=True)
def limit(settings):
    settings.CASETRACKER_EXPORT_LIMIT = LIMIT
    settings.CASETRACKER_EXPORT_RETRY_AFTER = 17
    yield
    for number in range(LIMIT):  # the slots live in the cache, which outlives a test
        cache.delete(KEY.format(number))


def start(rf, **params):
    """A download begun but not read: it holds its slot until the server closes it."""
    response = case_csv(rf.get(reverse("events:case_csv"), params))
    assert response.status_code == 200
    assert response.streaming
    return response


def abandon(response) -> None:
    """The reader leaves: the server closes the response (as a WSGI server does, but
    keeping the test's database connection open, as the test client does)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_an_export_beyond_the_limit_is_refused_with_503_and_retry_after(client, rf):
    detention(15, name="Serik Azhibay")
    running = [start(rf) for _ in range(LIMIT)]

    refused = client.get(reverse("events:case_csv"), {"kind": "administrative_detention"})

    assert refused.status_code == 503
    assert refused["Retry-After"] == "17"
    assert not refused.streaming
    page = refused.content.decode()
    assert "Too many downloads at once" in page
    assert "try again in 17 seconds" in page
    assert f"{reverse('events:case_list')}?kind=administrative_detention" in page
    for response in running:
        abandon(response)


def test_a_finished_export_frees_its_slot(client):
    detention(15, name="Serik Azhibay")
    for _ in range(LIMIT + 2):  # the test client closes a response read to the end
        response = client.get(reverse("events:case_csv"))
        assert response.status_code == 200
        assert len(rows(b"".join(response.streaming_content))) == 1


def test_an_export_the_reader_abandons_frees_its_slot(client, rf):
    for n in range(5):
        detention(n + 1, name=f"Defendant {n}")
    early = start(rf)
    next(iter(early.streaming_content))  # the header only: the reader leaves mid-file
    never_read = start(rf)
    assert client.get(reverse("events:case_csv")).status_code == 503

    abandon(early)
    abandon(never_read)  # left before the first byte: the rows were never read at all

    for _ in range(LIMIT):
        response = client.get(reverse("events:case_csv"))
        assert response.status_code == 200
        assert len(rows(b"".join(response.streaming_content))) == 5


def test_an_export_whose_slot_expired_does_not_free_the_slot_of_another(client, rf):
    detention(15, name="Serik Azhibay")
    first = start(rf)
    for number in range(LIMIT):  # as if the first worker stalled past the slot's expiry
        cache.delete(KEY.format(number))
    others = [start(rf) for _ in range(LIMIT)]

    abandon(first)

    assert client.get(reverse("events:case_csv")).status_code == 503
    for response in others:
        abandon(response)


def test_a_refused_filter_takes_no_slot(client, rf):
    for _ in range(LIMIT + 1):
        assert client.get(reverse("events:case_csv"), {"days_min": "many"}).status_code == 400
    abandon(start(rf))


def test_the_first_rows_arrive_before_the_later_ones_are_read(rf, monkeypatch):
    monkeypatch.setattr("events.views.CSV_BATCH_ROWS", 2)
    for n in range(6):
        detention(n + 1, name=f"Defendant {n}")
    response = start(rf, ordering="days")
    chunks = iter(response.streaming_content)

    with CaptureQueriesContext(connection) as first:
        header = next(chunks)
        first_rows = next(chunks)
    with CaptureQueriesContext(connection) as rest:
        remaining = b"".join(chunks)

    assert header.decode("utf-8-sig") == ",".join(HEADERS) + "\n"
    batch = rows(header + first_rows)
    assert [row["person"] for row in batch] == ["Defendant 0", "Defendant 1"]
    assert [row["person"] for row in rows(header + first_rows + remaining)] == [
        f"Defendant {n}" for n in range(6)
    ]
    # The later batches' statements ran only when their rows were read: nothing buffered.
    assert len(first) >= 1
    assert len(rest) >= 2
    abandon(response)
