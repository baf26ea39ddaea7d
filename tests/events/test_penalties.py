"""Penalties as courts give them: a suspended term with its probation, a warning, expulsion
ordered or expressly not applied, time in custody counted toward the term, a fine set in
MCI with the tenge it came to, a range across several people, and a group's total.

Each is entered by a researcher on the sentence's admin page, then read where a journalist
reads it: the proceeding's page, the person's page, the case list (filtered) and the CSV.
"""

import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse

from events.models import Sentence
from tests.admin_pages import errors, submit
from tests.events.test_case_csv import download, read_rows
from tests.events.test_case_list import cited
from tests.factories import PersonFactory, ProceedingFactory, RulingFactory
from tests.test_constraints import bulk_create, create

pytestmark = pytest.mark.django_db
ADD = reverse("admin:events_sentence_add")


def public_case(name="Aidos Sadykov", **proceeding):
    """A published, cited person → proceeding → ruling, ready for a sentence."""
    person = cited(PersonFactory(preferred_name=name)) if name else None
    proceeding = cited(ProceedingFactory(person=person, kind="criminal", **proceeding))
    ruling = cited(RulingFactory(proceeding=proceeding, date="2024-03-01"))
    return SimpleNamespace(person=person, proceeding=proceeding, ruling=ruling)


def enter(client, case, **fields):
    """The researcher fills in the sentence's admin page; the sentence is then published."""
    blank = {"term_quantity": "", "term_unit": "", "amount_as_reported": ""}
    response = submit(
        client,
        ADD,
        {"proceeding": case.proceeding.pk, "ruling": case.ruling.pk, **blank, **fields},
    )
    return response


def entered(client, case, **fields) -> Sentence:
    response = enter(client, case, **fields)
    assert response.status_code == 302, errors(response)
    sentence = Sentence.objects.get()
    sentence.publication_status = "published"
    sentence.save()
    return cited(sentence)


def shown(client, case, **filters):
    """The proceeding's page, the person's page (if named), the filtered case list and
    the rows of the filtered CSV."""
    proceeding_page = client.get(case.proceeding.get_absolute_url()).content.decode()
    person_page = client.get(case.person.get_absolute_url()).content.decode() if case.person else ""
    case_list = client.get(reverse("events:case_list"), filters)
    rows = read_rows(download(client, **filters)[1])
    return SimpleNamespace(
        proceeding=proceeding_page,
        person=person_page,
        case_list=case_list.content.decode(),
        listed=[sentence.pk for sentence in case_list.context["object_list"]],
        rows=rows,
    )


def test_a_suspended_term_is_one_penalty_with_its_probation(client, researcher):
    client.force_login(researcher)
    case = public_case()
    sentence = entered(
        client,
        case,
        kind="suspended",
        term_quantity="3",
        term_unit="years",
        probation_quantity="2",
        probation_unit="years",
    )
    assert sentence.probation_days == 730

    seen = shown(client, case, kind="suspended")

    words = "3 years suspended, 2 years’ probation"
    assert words in seen.proceeding
    assert words in seen.person
    assert words in seen.case_list
    assert seen.listed == [sentence.pk]
    (row,) = seen.rows
    assert row["sentence_kind"] == "Suspended sentence"
    assert (row["term_quantity"], row["term_unit"], row["term_days"]) == ("3", "years", "1095")
    assert (row["probation_quantity"], row["probation_unit"]) == ("2", "years")
    assert (row["probation_days"], row["probation_not_reported"]) == ("730", "")
    assert not shown(client, case, kind="probation").listed


def test_a_suspended_term_whose_probation_the_sources_omit_says_so(client, researcher):
    client.force_login(researcher)
    case = public_case()
    entered(
        client,
        case,
        kind="suspended",
        term_quantity="18",
        term_unit="months",
        probation_not_reported="on",
    )

    seen = shown(client, case, kind="suspended")

    assert "18 months suspended, probation not reported" in seen.proceeding
    assert seen.rows[0]["probation_not_reported"] == "yes"
    assert seen.rows[0]["probation_quantity"] == ""


def test_a_warning_is_a_penalty_of_its_own(client, researcher):
    client.force_login(researcher)
    case = public_case()
    sentence = entered(client, case, kind="warning")

    seen = shown(client, case, kind="warning")

    assert "Warning</strong>: no term or fine" in seen.proceeding
    assert "Warning: no term or fine" in seen.case_list
    assert "Warning" in seen.person
    assert seen.listed == [sentence.pk]
    (row,) = seen.rows
    assert row["sentence_kind"] == "Warning"
    assert row["term_days"] == row["fine_kzt"] == ""


@pytest.mark.parametrize(
    "status, words, on_page",
    [
        ("imposed", "Imposed", "Expulsion from the country</strong>: expelled"),
        ("not_applied", "Expressly not applied", "(expressly not applied)"),
    ],
)
def test_expulsion_is_ordered_or_expressly_not_applied(client, researcher, status, words, on_page):
    client.force_login(researcher)
    case = public_case()
    reported = "expelled" if status == "imposed" else ""
    sentence = entered(client, case, kind="expulsion", status=status, amount_as_reported=reported)

    seen = shown(client, case, kind="expulsion", status=status)

    assert on_page in seen.proceeding
    assert seen.listed == [sentence.pk]
    assert seen.rows[0]["sentence_kind"] == "Expulsion from the country"
    assert seen.rows[0]["sentence_status"] == words
    if status == "not_applied":
        # Never read as a penalty imposed: the list says it was not ordered.
        assert "Expulsion from the country: not ordered<br><strong>Expressly not applied" in (
            seen.case_list
        )
        assert "Expressly not applied" in seen.person
        assert not shown(client, case, status="imposed").listed


def test_time_in_custody_counted_toward_the_term_is_shown_with_its_rate(client, researcher):
    client.force_login(researcher)
    case = public_case()
    entered(
        client,
        case,
        kind="restriction_of_freedom",
        term_quantity="2",
        term_unit="years",
        amount_as_reported="two years of restricted freedom",
        custody_credit_days="40",
        custody_credit_ratio="2",
        custody_credit_as_reported="one day in custody for two days of restricted freedom",
    )

    seen = shown(client, case, kind="restriction_of_freedom", days_min=700)

    words = "Time in custody counted toward it: 40 days (1 day in custody = 2 days)"
    assert words in seen.proceeding
    assert words in seen.person
    assert words in seen.case_list
    (row,) = seen.rows
    assert (row["custody_credit_days"], row["custody_credit_ratio"]) == ("40", "2")
    assert row["custody_credit_as_reported"].startswith("one day in custody")


def test_a_fine_set_in_mci_shows_the_tenge_it_came_to_and_is_found_by_it(client, researcher):
    client.force_login(researcher)
    case = public_case()
    sentence = entered(
        client,
        case,
        kind="fine",
        fine_amount="100",
        fine_currency="MCI",
        fine_kzt="277800",
    )

    seen = shown(client, case, kzt_min=200000)

    assert "100 MCI (277,800 KZT)" in seen.proceeding
    assert "100 MCI (277,800 KZT)" in seen.person
    assert "100 MCI (277,800 KZT)" in seen.case_list
    assert seen.listed == [sentence.pk]
    (row,) = seen.rows
    assert (row["fine_amount"], row["fine_currency"], row["fine_kzt"]) == ("100", "MCI", "277800")
    assert not shown(client, case, kzt_min=300000).listed


def test_a_fine_set_in_mci_without_its_tenge_is_not_guessed(client, researcher):
    client.force_login(researcher)
    case = public_case()
    sentence = entered(client, case, kind="fine", fine_amount="20", fine_currency="MCI")

    assert sentence.fine_kzt is None
    assert not shown(client, case, kzt_min=1).listed
    assert shown(client, case, kind="fine").rows[0]["fine_kzt"] == ""


def test_a_range_of_fines_across_several_people_reads_as_a_range(client, researcher):
    client.force_login(researcher)
    case = public_case(name=None, unnamed_defendants=4)
    entered(
        client,
        case,
        kind="fine",
        fine_amount="380",
        fine_amount_max="535",
        fine_currency="USD",
        amount_as_reported="fines of $380–535",
    )

    seen = shown(client, case, kind="fine")

    assert "fines of $380–535" in seen.proceeding
    assert "380–535 USD" in seen.proceeding
    assert "380–535 USD" in seen.case_list
    (row,) = seen.rows
    assert (row["fine_amount"], row["fine_amount_max"], row["fine_kzt_max"]) == ("380", "535", "")


@pytest.mark.parametrize(
    "filters, found",
    [
        ({"kzt_min": 120000}, True),  # the top of the range reaches it
        ({"kzt_max": 120000}, True),  # the bottom is below it
        ({"kzt_min": 150000}, True),
        ({"kzt_min": 150001}, False),
        ({"kzt_max": 99999}, False),
        ({"kzt_min": 110000, "kzt_max": 120000}, True),
    ],
)
def test_the_fine_filters_find_a_range_by_any_amount_it_covers(client, researcher, filters, found):
    client.force_login(researcher)
    case = public_case()
    sentence = entered(
        client,
        case,
        kind="fine",
        fine_amount="100000",
        fine_amount_max="150000",
        fine_currency="KZT",
    )
    assert (sentence.fine_kzt, sentence.fine_kzt_max) == (Decimal("100000"), Decimal("150000"))

    seen = shown(client, case, **filters)

    assert seen.listed == ([sentence.pk] if found else [])
    assert len(seen.rows) == (1 if found else 0)
    if found:
        assert (seen.rows[0]["fine_kzt"], seen.rows[0]["fine_kzt_max"]) == ("100000", "150000")
        assert "100000–150000 KZT" in seen.case_list


def test_a_group_total_is_labelled_and_not_taken_for_a_fine_per_person(client, researcher):
    client.force_login(researcher)
    case = public_case(name=None, unnamed_defendants=None, unnamed_defendants_precision="unknown")
    sentence = entered(
        client,
        case,
        kind="fine",
        fine_amount="1000000",
        fine_currency="KZT",
        fine_group_total="on",
        amount_as_reported="fines for the group totalled almost 1,000,000 KZT",
    )
    assert sentence.fine_kzt is None

    seen = shown(client, case, kind="fine")

    note = "Group total: the number of people fined is not reported"
    assert "almost 1,000,000 KZT" in seen.proceeding
    assert note in seen.proceeding
    assert note in seen.case_list
    (row,) = seen.rows
    assert (row["fine_amount"], row["fine_group_total"], row["fine_kzt"]) == ("1000000", "yes", "")
    assert not shown(client, case, kzt_min=1).listed


@pytest.mark.parametrize(
    "probation, error",
    [
        ({"probation_quantity": "2", "probation_unit": "years"}, None),
        ({}, "A suspended sentence needs its probation period"),
    ],
)
def test_the_case_screen_takes_a_suspended_term_with_its_probation_in_one_row(
    client, researcher, probation, error
):
    client.force_login(researcher)
    case = public_case()
    url = reverse("admin:events_proceeding_change", args=[case.proceeding.pk])
    row = {"ruling": case.ruling.pk, "kind": "suspended", "term_quantity": "3"}

    response = submit(
        client, url, inlines={"sentences": [{**row, "term_unit": "years", **probation}]}
    )

    if error:
        assert response.status_code == 200
        assert error in errors(response)["sentences-0-probation_quantity"][0]
        assert not Sentence.objects.exists()
    else:
        assert response.status_code == 302, errors(response)
        sentence = Sentence.objects.get()
        assert sentence.figure() == "3 years suspended, 2 years’ probation"
        assert sentence.probation_days == 730


def test_the_kind_menu_offers_suspended_warning_and_expulsion(client):
    menu = client.get(reverse("events:case_filters")).content.decode()
    for value, label in [
        ("suspended", "Suspended sentence"),
        ("warning", "Warning"),
        ("expulsion", "Expulsion from the country"),
        ("not_applied", "Expressly not applied"),
    ]:
        assert f'<option value="{value}">{label}</option>' in menu


@pytest.mark.parametrize(
    "fields, field, message",
    [
        (
            {"kind": "suspended", "term_quantity": "3", "term_unit": "years"},
            "probation_quantity",
            "A suspended sentence needs its probation period",
        ),
        (
            {
                "kind": "suspended",
                "term_quantity": "3",
                "term_unit": "years",
                "probation_quantity": "2",
                "probation_unit": "years",
                "probation_not_reported": "on",
            },
            "probation_not_reported",
            "The probation period is given",
        ),
        (
            {
                "kind": "imprisonment",
                "term_quantity": "3",
                "term_unit": "years",
                "probation_quantity": "2",
                "probation_unit": "years",
            },
            "probation_quantity",
            "Only a suspended sentence has a probation period",
        ),
        (
            {"kind": "fine", "fine_amount": "-5", "fine_currency": "KZT"},
            "fine_amount",
            "Ensure this value is greater than or equal to 0.",
        ),
        (
            {
                "kind": "fine",
                "fine_amount": "535",
                "fine_amount_max": "380",
                "fine_currency": "USD",
            },
            "fine_amount_max",
            "The highest fine cannot be below the lowest.",
        ),
        (
            {"kind": "warning", "term_quantity": "3", "term_unit": "days"},
            "term_quantity",
            "A warning has no term.",
        ),
        (
            {"kind": "warning", "fine_amount": "5000", "fine_currency": "KZT"},
            "fine_amount",
            "A warning has no fine.",
        ),
        (
            {
                "kind": "expulsion",
                "status": "not_applied",
                "term_quantity": "5",
                "term_unit": "years",
            },
            "term_quantity",
            "A penalty not applied has no term.",
        ),
        (
            {
                "kind": "fine",
                "fine_amount": "1000000",
                "fine_currency": "KZT",
                "fine_group_total": "on",
                "unnamed_count": "6",
            },
            "unnamed_count",
            "A group total is for a number of people the sources do not give",
        ),
        (
            {"kind": "imprisonment", "custody_credit_ratio": "0"},
            "custody_credit_ratio",
            "Ensure this value is greater than or equal to 0.01.",
        ),
    ],
    ids=[
        "suspended without probation",
        "probation given and not reported",
        "probation on a prison term",
        "negative fine",
        "range max below min",
        "warning with a term",
        "warning with a fine",
        "not applied with a term",
        "group total with a count",
        "custody rate of zero",
    ],
)
def test_an_impossible_penalty_gets_a_field_error_and_saves_nothing(
    client, researcher, fields, field, message
):
    client.force_login(researcher)
    case = public_case()

    response = enter(client, case, **fields)

    assert response.status_code == 200
    assert any(message in text for text in errors(response).get(field, [])), errors(response)
    assert not Sentence.objects.exists()


@pytest.mark.parametrize("write", [create, bulk_create])
@pytest.mark.parametrize(
    "bad, corrected, constraint",
    [
        (
            {"kind": "suspended", "term_quantity": 3, "term_unit": "years"},
            {"probation_quantity": 2, "probation_unit": "years"},
            "sentence_suspended_has_probation",
        ),
        (
            {"kind": "fine", "probation_quantity": 2, "probation_unit": "years"},
            {"probation_quantity": None, "probation_unit": ""},
            "sentence_probation_only_when_suspended",
        ),
        (
            {"kind": "warning", "term_quantity": 3, "term_unit": "days"},
            {"term_quantity": None, "term_unit": ""},
            "sentence_warning_has_no_term_or_fine",
        ),
        (
            {
                "kind": "expulsion",
                "status": "not_applied",
                "fine_amount": 5,
                "fine_currency": "KZT",
            },
            {"fine_amount": None, "fine_currency": ""},
            "sentence_not_applied_has_no_term_or_fine",
        ),
        (
            {"kind": "fine", "fine_amount": 535, "fine_amount_max": 380, "fine_currency": "USD"},
            {"fine_amount_max": 600},
            "sentence_fine_range_ordered",
        ),
        (
            {
                "kind": "fine",
                "fine_amount": 9,
                "fine_currency": "KZT",
                "fine_group_total": True,
                "fine_kzt": 9,
            },
            {"fine_kzt": None},
            "sentence_group_total_is_one_amount",
        ),
    ],
    ids=["suspended", "probation elsewhere", "warning", "not applied", "range", "group total"],
)
def test_the_database_refuses_the_same_penalties(write, bad, corrected, constraint):
    proceeding = ProceedingFactory()

    with transaction.atomic(), pytest.raises(IntegrityError) as refused:
        write(Sentence, {"proceeding": proceeding, **bad})

    assert constraint in str(refused.value)
    write(Sentence, {"proceeding": proceeding, **bad, **corrected})
    assert Sentence.objects.count() == 1


def test_synthetic_data_holds_every_kind_of_penalty_in_bulk():
    call_command("generate_synthetic", scale=0.004, seed=3, stdout=io.StringIO())

    sentences = Sentence.objects.all()
    assert sentences.filter(kind="suspended", probation_days__gt=0).exists()
    assert sentences.filter(kind="suspended", probation_not_reported=True).exists()
    assert sentences.filter(kind="warning").exists()
    assert sentences.filter(kind="expulsion", status="imposed").exists()
    assert sentences.filter(status="not_applied").exists()
    assert sentences.filter(custody_credit_days__gt=0, custody_credit_ratio=Decimal("1.5")).exists()
    assert sentences.filter(fine_currency="MCI", fine_kzt__gt=0).exists()
    assert sentences.filter(fine_amount_max__gt=F("fine_amount")).exists()
    assert sentences.filter(fine_group_total=True, fine_kzt__isnull=True).exists()
