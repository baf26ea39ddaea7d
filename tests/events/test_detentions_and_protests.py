"""Before and outside a trial, and protests as they happened: house arrest extended and
moved, detentions that no case followed, a protest's status and its occasion.

Each concept is entered through the admin as a researcher would, then found on the public
pages, in the case list, in the CSV and by its filter; bad input gets a field error and
saves nothing."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import (
    WITHOUT_CASE,
    MeasureChange,
    MeasureKind,
    Occasion,
    PretrialMeasure,
    Proceeding,
    Protest,
    Sentence,
)
from tests.admin_pages import errors, submit
from tests.events.test_case_csv import download, read_rows
from tests.events.test_case_list import cited, detention, make_case
from tests.factories import PersonFactory, ProceedingFactory, RulingFactory

pytestmark = pytest.mark.django_db


def published(record, headline=None):
    """Published and backed by a citation (of a source with ``headline``, if given)."""
    record.publication_status = "published"
    record.save()
    return cited(record, **({"source__headline": headline} if headline else {}))


def messages(response) -> list[str]:
    return sum(errors(response).values(), [])


# House arrest extended and moved -----------------------------------------------------------


def test_house_arrest_extended_and_moved_shows_each_change_in_date_order_with_sources(
    client, researcher
):
    person = cited(PersonFactory(preferred_name="Guldariya Sherizat"))
    proceeding = cited(ProceedingFactory(person=person, kind="criminal", opened="2024-01"))
    measure = PretrialMeasure.objects.create(
        proceeding=proceeding,
        kind=MeasureKind.HOUSE_ARREST,
        start="2024-01-12",
        place_as_reported="Almaty",
    )
    client.force_login(researcher)
    response = submit(
        client,
        reverse("admin:events_pretrialmeasure_change", args=[measure.pk]),
        inlines={
            "changes": [
                # Entered out of order: the public pages sort by date.
                {"kind": "extended", "date": "2024-06-10", "new_end": "2024-09-12"},
                {"kind": "extended", "date": "2024-03-12", "new_end": "2024-06-12"},
                {"kind": "moved", "date": "2024-04", "place_as_reported": "Aqtobe"},
            ]
        },
    )
    assert response.status_code == 302, errors(response)
    published(measure)
    for change in MeasureChange.objects.all():
        published(change, headline=f"House arrest {change.kind} ({change.date})")

    page = client.get(proceeding.get_absolute_url()).content.decode()
    timeline = client.get(person.get_absolute_url()).content.decode()

    first = "House arrest extended on 12 Mar 2024 to 12 Jun 2024"
    move = "House arrest moved from Almaty to Aqtobe on Apr 2024"
    second = "House arrest extended on 10 Jun 2024 to 12 Sep 2024"
    for shown in (page, timeline):
        assert shown.index(first) < shown.index(move) < shown.index(second)
        assert "House arrest extended (2024-03-12)" in shown  # its citation
        assert "House arrest moved (2024-04)" in shown


@pytest.mark.parametrize(
    "row, field, message",
    [
        (
            {"kind": "extended", "date": "2024-03-12", "new_end": "2024-02-01"},
            "new_end",
            "This is before the date",
        ),
        (
            {"kind": "lifted", "date": "2024-03-12", "new_end": "2024-06-12"},
            "new_end",
            "Only an extension has a new end",
        ),
        ({"kind": "changed", "date": "2024-03"}, "new_kind", "Choose the measure"),
        (
            {"kind": "extended", "place_as_reported": "Aqtobe"},
            "place_as_reported",
            "Only a move has a new place",
        ),
    ],
)
def test_an_impossible_measure_change_gets_a_field_error(client, researcher, row, field, message):
    measure = PretrialMeasure.objects.create(
        proceeding=ProceedingFactory(), kind=MeasureKind.HOUSE_ARREST, start="2024-01"
    )
    client.force_login(researcher)
    response = submit(
        client,
        reverse("admin:events_measurechange_add"),
        {"measure": measure.pk, **row},
    )
    assert response.status_code == 200
    assert any(message in text for text in errors(response).get(field, [])), errors(response)
    assert not MeasureChange.objects.exists()


# Detentions without a case ----------------------------------------------------------------


def enter_detention_without_case(client, person, circumstance, sentence):
    return submit(
        client,
        reverse("admin:events_proceeding_add"),
        {
            "person": person.pk,
            "kind": "none",
            "country": "Kazakhstan",
            "opened": "2019-03",
            "protests": [],
        },
        inlines={
            "pretrial_measures": [
                {
                    "kind": "detention",
                    "start": "2019-03",
                    "circumstance": circumstance,
                    "place_as_reported": "Almaty",
                    "as_reported": "taken off a bus",
                }
            ],
            "sentences": [sentence],
        },
    )


def publish_detention(proceeding):
    published(proceeding)
    for record in [*proceeding.pretrial_measures.all(), *proceeding.sentences.all()]:
        published(record)
    return proceeding


def test_a_detention_without_a_case_reaches_the_case_list_the_csv_and_its_filter(
    client, researcher
):
    person = cited(PersonFactory(preferred_name="Kairat Bus"))
    client.force_login(researcher)
    response = enter_detention_without_case(
        client,
        person,
        "transport",
        {
            "kind": "held_without_charge",
            "term_quantity": "5",
            "term_unit": "hours",
            "amount_as_reported": "held for 5 hours",
        },
    )
    assert response.status_code == 302, errors(response)
    proceeding = publish_detention(Proceeding.objects.get())
    held = Sentence.objects.get()
    assert (held.term_days, held.ruling) == (0, None)
    detention(15, name="Jailed after a trial")  # a case with a ruling: not this filter's

    page = client.get(proceeding.get_absolute_url()).content.decode()
    listed = client.get(reverse("events:case_list"), {"without_case": "on"})
    (row,) = read_rows(download(client, without_case="on")[1])

    assert "Detention without a case: Kairat Bus" in page
    assert "Taken off transport" in page and "held for 5 hours" in page
    assert [s.pk for s in listed.context["object_list"]] == [held.pk]
    assert "Held without charge: held for 5 hours" in listed.content.decode()
    assert row["person"] == "Kairat Bus"
    assert row["case_kind"] == "No case: held without charge"
    assert row["sentence_kind"] == "Held without charge"
    assert row["detention_circumstance"] == "Taken off transport"
    assert (row["term_quantity"], row["term_unit"], row["term_days"]) == ("5", "hours", "0")
    assert row["outcome"] == ""
    everything = read_rows(download(client)[1])
    assert len(everything) == 2


def test_a_person_missing_presumed_detained_shows_as_missing(client, researcher):
    person = cited(PersonFactory(preferred_name="Nurlan Missing"))
    client.force_login(researcher)
    response = enter_detention_without_case(
        client, person, "missing", {"kind": "missing_presumed_detained"}
    )
    assert response.status_code == 302, errors(response)
    publish_detention(Proceeding.objects.get())

    response = client.get(reverse("events:case_list"), {"without_case": "on"})
    assert len(response.context["rows"]) == 1
    listed = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]  # the one row
    (row,) = read_rows(download(client, without_case="on")[1])

    assert '<td data-label="Sentence">Missing, presumed detained</td>' in listed
    assert "Held without charge" not in listed and "held without charge" not in listed
    assert row["sentence_kind"] == "Missing, presumed detained"
    assert row["detention_circumstance"] == "Missing, presumed detained"


def test_a_detention_without_a_case_with_a_ruling_gets_a_field_error(client, researcher):
    proceeding = ProceedingFactory(kind="none")
    ruling = RulingFactory(proceeding=proceeding)
    client.force_login(researcher)
    response = submit(
        client,
        reverse("admin:events_sentence_add"),
        {"proceeding": proceeding.pk, "ruling": ruling.pk, "kind": "held_without_charge"},
    )
    assert response.status_code == 200
    assert any("has no ruling" in text for text in errors(response).get("ruling", []))
    assert not Sentence.objects.exists()


def test_only_a_detention_has_a_circumstance(client, researcher):
    client.force_login(researcher)
    response = submit(
        client,
        reverse("admin:events_pretrialmeasure_add"),
        {"proceeding": ProceedingFactory().pk, "kind": "bail", "circumstance": "summoned"},
    )
    assert response.status_code == 200
    assert "Only a detention has a circumstance" in " ".join(errors(response)["circumstance"])
    assert not PretrialMeasure.objects.exists()


# Protests: status and occasion --------------------------------------------------------------


def test_a_dispersed_protest_before_a_state_visit_is_found_by_status_and_occasion(
    client, researcher
):
    client.force_login(researcher)
    response = submit(
        client,
        reverse("admin:events_occasion_add"),
        {
            "name": "Xi Jinping's state visit to Kazakhstan",
            "kind": "state_visit",
            "date": "2019-09",
        },
    )
    assert response.status_code == 302, errors(response)
    occasion = published(Occasion.objects.get(), headline="Xi arrives in Nur-Sultan")
    response = submit(
        client,
        reverse("admin:events_protest_add"),
        {
            "title": "Rally broken up before the visit",
            "kind": "rally",
            "status": "dispersed",
            "start": "2019-09-10",
            "occasions": [occasion.pk],
        },
    )
    assert response.status_code == 302, errors(response)
    protest = published(Protest.objects.get())
    jailed = detention(10, name="Jailed before the visit", protests=[protest])
    detention(15, name="Jailed another time", protests=[cited(Protest.objects.create(
        title="Picket held", kind="picket", publication_status="published"
    ))])  # fmt: skip

    protest_page = client.get(protest.get_absolute_url()).content.decode()
    protest_list = client.get(reverse("events:protest_list")).content.decode()
    occasion_page = client.get(occasion.get_absolute_url()).content.decode()
    by_occasion = client.get(reverse("events:case_list"), {"occasion": occasion.pk})
    by_status = client.get(reverse("events:case_list"), {"protest_status": "dispersed"})
    (row,) = read_rows(download(client, occasion=occasion.pk)[1])

    assert "Dispersed" in protest_page and "Xi arrives in Nur-Sultan" in protest_page
    assert "Xi Jinping&#x27;s state visit to Kazakhstan" in protest_page
    assert "(dispersed)" in protest_list and "state visit to Kazakhstan" in protest_list
    assert "Rally broken up before the visit" in occasion_page
    assert [s.pk for s in by_occasion.context["object_list"]] == [jailed.pk]
    assert [s.pk for s in by_status.context["object_list"]] == [jailed.pk]
    assert row["protest_statuses"] == "Dispersed"
    assert row["occasions"] == "Xi Jinping's state visit to Kazakhstan"
    assert {r["protest_statuses"] for r in read_rows(download(client)[1])} == {
        "Dispersed",
        "Held",
    }


def test_a_protest_keeps_held_unless_told_and_refuses_an_unknown_status(client, researcher):
    client.force_login(researcher)
    url = reverse("admin:events_protest_add")
    response = submit(client, url, {"title": "Picket", "kind": "picket", "status": "cancelled"})
    assert response.status_code == 200
    assert any("Select a valid choice" in text for text in errors(response)["status"])
    assert not Protest.objects.exists()
    assert Protest.objects.create(title="Picket", kind="picket").status == "held"


def test_an_unknown_occasion_in_the_filter_is_an_error_not_every_case(client):
    make_case(name="Anyone")
    response = client.get(reverse("events:case_list"), {"occasion": 999999})
    assert response.context["filters_invalid"]
    assert not response.context["object_list"]


# Synthetic data -----------------------------------------------------------------------------


def test_synthetic_data_holds_every_new_kind():
    call_command("generate_synthetic", scale=0.005, seed=3, stdout=io.StringIO())

    assert MeasureChange.objects.filter(kind="extended").exists()
    assert MeasureChange.objects.filter(kind="moved").exists()
    assert Occasion.objects.exists() and Protest.objects.filter(occasions__isnull=False).exists()
    assert Protest.objects.exclude(status="held").exists()
    assert PretrialMeasure.objects.exclude(circumstance="").exists()
    without_case = Sentence.objects.filter(kind__in=WITHOUT_CASE, ruling=None)
    assert without_case.filter(proceeding__kind="none").count() == 3
    assert without_case.filter(term_unit="hours").exists()
    # Published ones are public, like every synthetic record.
    assert MeasureChange.objects.public().exists()
    assert without_case.filter(listed=True).exists()
