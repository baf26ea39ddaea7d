"""The page, the CSV and the API read one FilterSet over one selector: for any filter they
return the same rows in the same order."""

import pytest
from django.urls import reverse

from events.models import ProceedingKind, SentenceKind
from tests.api.test_api import walk
from tests.events.test_case_csv import download, page_sentence_ids, read_rows
from tests.events.test_case_list import detention, fine, make_case
from tests.factories import CourtFactory
from tests.shared_data import shared_until_rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def cases_for_module(django_db_setup, django_db_blocker):
    """The cases, made once for the module: every test only reads them."""
    with shared_until_rolled_back(django_db_blocker):
        yield make_cases()


@pytest.fixture
def cases(cases_for_module, db):
    return cases_for_module


def make_cases():
    from tests.events.test_case_list import cited

    court = cited(CourtFactory(name="Medeu District Court"))
    detention(15, name="Serik Azhibay", court=court, ruling_date="2025-07-14")
    detention(10, name="Aidos Sadykov", ruling_date="2025-08-01")
    detention(10, name="Bota Zhan", court=court, ruling_date="2024-03")
    detention(30, name="Erlan Kaliev", ruling_date=None, status="sought")
    fine(100000, name="Marat Zhylanbaev", court=court, ruling_date="2025")
    fine(250000, name="Zhanar Akhmet", ruling_date="2025-07-14")
    make_case(
        name="Kairat Nur",
        proceeding_kind=ProceedingKind.CRIMINAL,
        kind=SentenceKind.IMPRISONMENT,
        term_quantity=7,
        term_unit="years",
        term_days=2555,
        amount_as_reported="7 years",
        ruling_date="2025-09",
    )
    return {"court": court}


def three_ways(client, **params) -> tuple[list[int], list[int], list[int]]:
    page = page_sentence_ids(client, **params)
    _response, body = download(client, **params)
    csv_ids = [int(row["sentence_id"]) for row in read_rows(body)]
    api_ids = [row["id"] for row in walk(client, reverse("api:case-list"), page_size=2, **params)]
    return page, csv_ids, api_ids


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "administrative_detention", "ordering": "-days"},
        {"date_from": "2025", "ordering": "date"},
        {"days_min": "10", "days_max": "30", "ordering": "days"},
        {"kzt_min": "100000"},
        {"court": "COURT"},
        {"ordering": "kzt"},
        {"ordering": "-kzt"},
        {"ordering": "days"},
        {"ordering": "-days"},
        {"ordering": "date"},
        {},
    ],
    ids=[
        "kind",
        "date_from",
        "days_range",
        "kzt_min",
        "court",
        "by_fine",
        "by_fine_largest",
        "by_term",
        "by_term_longest",
        "by_date_oldest",
        "none",
    ],
)
def test_page_csv_and_api_return_the_same_rows_in_the_same_order(client, cases, params):
    params = {k: (str(cases["court"].pk) if v == "COURT" else v) for k, v in params.items()}

    page, csv_ids, api_ids = three_ways(client, **params)

    assert page, params
    assert page == csv_ids == api_ids
