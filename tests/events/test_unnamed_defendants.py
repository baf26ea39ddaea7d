"""Unnamed defendants counted as the sources count them: exactly, about, more than, or an
unknown number, never a false number."""

import pytest
from django.urls import reverse

from events.models import Proceeding
from tests.admin_pages import errors, submit
from tests.events.test_case_csv import download, read_rows
from tests.events.test_case_list import cited
from tests.factories import RulingFactory, SentenceFactory

pytestmark = pytest.mark.django_db
ADD = reverse("admin:events_proceeding_add")


def enter(client, **fields):
    return submit(client, ADD, {"kind": "administrative", "protests": [], **fields})


def publish_case(proceeding):
    """Published and cited, with a ruling and a fine: a row of the case list."""
    proceeding.publication_status = "published"
    proceeding.save()
    cited(proceeding)
    ruling = cited(RulingFactory(proceeding=proceeding))
    return cited(
        SentenceFactory(
            proceeding=proceeding,
            ruling=ruling,
            kind="fine",
            term_quantity=None,
            term_unit="",
            term_days=None,
            amount_as_reported="fined",
        )
    )


@pytest.mark.parametrize(
    "count, precision, words",
    [
        ("", "unknown", "an unknown number of unnamed defendants"),
        ("10", "about", "about 10 unnamed defendants"),
        ("10", "more_than", "more than 10 unnamed defendants"),
        ("12", "exact", "12 unnamed defendants"),
    ],
)
def test_a_researcher_counts_unnamed_defendants_as_the_sources_do(
    client, researcher, count, precision, words
):
    client.force_login(researcher)
    response = enter(client, unnamed_defendants=count, unnamed_defendants_precision=precision)
    assert response.status_code == 302, errors(response)
    proceeding = Proceeding.objects.get()
    assert proceeding.unnamed_defendants == (int(count) if count else None)
    publish_case(proceeding)

    page = client.get(proceeding.get_absolute_url()).content.decode()
    case_list = client.get(reverse("events:case_list")).content.decode()
    (row,) = read_rows(download(client)[1])

    assert words.capitalize().replace(" unnamed defendants", " defendant") in page
    assert words in case_list
    assert row["person"] == words
    assert row["unnamed_defendants"] == count
    assert row["unnamed_defendants_precision"] == precision
    if precision == "unknown":
        assert " 2 unnamed" not in page + case_list  # no invented number


@pytest.mark.parametrize(
    "count, precision, message",
    [
        ("-3", "exact", "Ensure this value is greater than or equal to 0."),
        ("0", "exact", "Count at least one, or leave it blank for none."),
        ("10", "unknown", "The number is unknown: leave it blank"),
        ("", "about", "Give the number the sources say it is about or above."),
        ("", "exact", "Choose the defendant, or count the unnamed defendants."),
    ],
)
def test_an_impossible_count_gets_a_field_error(client, researcher, count, precision, message):
    client.force_login(researcher)
    response = enter(client, unnamed_defendants=count, unnamed_defendants_precision=precision)
    assert response.status_code == 200
    assert any(message in text for text in sum(errors(response).values(), [])), errors(response)
    assert not Proceeding.objects.exists()
