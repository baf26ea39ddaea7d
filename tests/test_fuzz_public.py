"""Fuzzing the public pages: whatever a visitor puts in the query string, no server error.

Every GET parameter the public pages read (the case list's filters and page, the CSV's
filters, the search's query and page, the lists' and the person and court pages' page,
the ids in the detail URLs) is given hostile values (tests/fuzz.py), one parameter at a
time so that a value the form accepts reaches the database query. A page may refuse a
value, with a form error, a 400 or a 404, never with a 500; a CSV, once started, is read to
its end and must hold whole rows.
"""

import csv
import io
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.filters import CaseFilter
from people.models import Affiliation
from tests.events.test_case_list import cited, detention, fine
from tests.factories import CourtFactory, OrganizationFactory, ProtestFactory
from tests.fuzz import ALWAYS, BIGGEST, HOSTILE, always, record
from tests.shared_data import shared_until_rolled_back

pytestmark = pytest.mark.django_db

CASE_PARAMETERS = [*CaseFilter.base_filters, "page", "cursor"]


@pytest.fixture(scope="module")
def records_for_module(django_db_setup, django_db_blocker):
    """Made once for the module: the requests only read them."""
    with shared_until_rolled_back(django_db_blocker):
        yield make_records()


@pytest.fixture
def records(records_for_module, db):
    return records_for_module


def make_records():
    """A few public cases, so that every filter and page has rows to read."""
    court = cited(CourtFactory(name="Almaty Specialized Inter-District Court"))
    movement = cited(OrganizationFactory(name="Nagyz Atajurt"))
    protest = cited(ProtestFactory(title="Picket at the consulate"))
    sentence = detention(
        15,
        name="Serik Azhibay",
        names=["Серік Әжібай"],
        court=court,
        protests=[protest],
        charges=[("Art. 488", "violating the order of holding peaceful assemblies")],
    )
    fine(145000, name="Baibolat Kunbolat", court=court, ruling_date="2025-11")
    person = sentence.proceeding.person
    cited(
        Affiliation.objects.create(
            person=person, organization=movement, role="member", publication_status="published"
        )
    )
    return SimpleNamespace(person=person, court=court, movement=movement)


def fetch(client, test, url, params=None):
    """GET ``url``, read the whole body (a stream to its end), count and check the status."""
    client.raise_request_exception = False
    response = client.get(url, params or {})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    record(test, response.status_code)
    assert response.status_code < 500, (url, params, body[:2000])
    return response, body


@pytest.mark.parametrize("name", CASE_PARAMETERS)
@settings(max_examples=5)
@given(value=HOSTILE)
@always(*ALWAYS)
def test_case_list_and_csv_answer_any_filter_value(client, records, name, value):
    response, _ = fetch(client, "public: case list", "/", {name: value})
    assert response.status_code == 200

    response, body = fetch(client, "public: cases.csv", "/cases.csv", {name: value})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        header, *rows = csv.reader(io.StringIO(body.decode("utf-8-sig")))
        assert header[0] == "sentence_id"
        assert all(len(row) == len(header) for row in rows)


@settings(max_examples=40)
@given(filters=st.dictionaries(st.sampled_from(CASE_PARAMETERS), HOSTILE, min_size=2))
def test_case_list_answers_any_mix_of_filters(client, records, filters):
    response, _ = fetch(client, "public: case list", "/", filters)

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["q", "people_page"])
@settings(max_examples=15)
@given(value=HOSTILE)
@always(*ALWAYS)
def test_search_answers_any_query(client, records, name, value):
    params = {name: value} if name == "q" else {"q": "Azhibay", name: value}

    response, _ = fetch(client, "public: search", "/search/", params)

    assert response.status_code == 200


# Not "page": that name is pytest-playwright's fixture, and the browser parametrization it
# brings reorders the session so that a browser test's flush runs before other tests.
@pytest.mark.parametrize("listing", ["protests", "sources", "person", "court", "movement"])
@settings(max_examples=6)
@given(value=HOSTILE)
@always(*ALWAYS)
def test_lists_and_pages_answer_any_page_number(client, records, listing, value):
    url = {
        "protests": "/protests/",
        "sources": "/sources/",
        "person": records.person.get_absolute_url(),
        "court": records.court.get_absolute_url(),
        "movement": records.movement.get_absolute_url(),
    }[listing]

    response, _ = fetch(client, "public: ?page= of lists and pages", url, {"page": value})

    # The source list answers a page that does not exist with a 404; the others show the
    # nearest page.
    assert response.status_code in ((200, 404) if listing == "sources" else (200,))


@pytest.mark.parametrize(
    "prefix", ["protests", "proceedings", "people", "organizations", "sources"]
)
@settings(max_examples=8)
@given(value=st.integers(min_value=0, max_value=2**80))
@always(0, BIGGEST, BIGGEST + 1, 10**30)
def test_detail_pages_answer_any_id(client, records, prefix, value):
    response, _ = fetch(client, "public: detail page ids", f"/{prefix}/{value}/")

    assert response.status_code in (200, 404, 410)
