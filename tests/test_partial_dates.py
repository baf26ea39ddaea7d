"""Partial dates as sources give them: a day, a month or a year, a range of possible days,
an open start or end, approximate, uncertain or inferred; parsed strictly (no month 00),
shown in words never more precise than known, filtered on the days they can mean."""

import calendar
import datetime
import json
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from casetracker.partial_dates import FORMAT_HELP, PartialDate, PartialDateField
from events.models import Protest, Ruling
from sources.templatetags.casetracker import partial_date
from tests.admin_pages import assert_saved, errors, submit
from tests.events.test_case_csv import download, read_rows
from tests.events.test_case_list import case_list, cited, detention, names_listed
from tests.factories import ProtestFactory, RulingFactory, SourceFactory

D = datetime.date
DEMO = settings.BASE_DIR / "fixtures" / "demo.json"

IMPOSSIBLE = {
    "2025-00": "“2025-00” is not a real date: there is no month 00; months run from 01",
    "2025-00-15": "“2025-00-15” is not a real date: there is no month 00;",
    "2025-13": "“2025-13” is not a real date: there is no month 13;",
    "2025-01-00": "“2025-01-00” is not a real date: January 2025 has days 01 to 31.",
    "2025-02-29": "“2025-02-29” is not a real date: February 2025 has days 01 to 28.",
    "2025-04-31": "“2025-04-31” is not a real date: April 2025 has days 01 to 30.",
    "0999-07": "“0999-07”: the year must be 1000 or later.",
    "2018-08-32/2018-09-02": (
        "The start of the range, “2018-08-32”, is not a real date: August 2018 has days 01 to 31."
    ),
    "2021-09/2021-13": "The end of the range, “2021-13”, is not a real date: there is no month 13;",
    "../2023-02-29": (
        "The end of the range, “2023-02-29”, is not a real date: February 2023 has days 01 to 28."
    ),
    "2018-08-02/2018-08-01": (
        "“2018-08-02/2018-08-01” ends before it starts: 1 Aug 2018 is before 2 Aug 2018. "
        "Write the earlier date first."
    ),
    "2021-10/2021-09": "“2021-10/2021-09” ends before it starts: Sep 2021 is before Oct 2021.",
    "2018/2018-05": "“2018/2018-05” is not a range from an earlier date to a later one",
    "../..": "“../..” gives neither end of the range: write at least one date.",
    "yesterday": "“yesterday” is not a partial date. Write",
    "2018-08-01//2018-08-02": "“2018-08-01//2018-08-02” is not a partial date.",
    "2019??": "“2019??” is not a partial date.",
    "/2019": "“/2019” is not a partial date.",
    "2018-08-03T24:00": "“2018-08-03T24:00” has no time 24:00: write hours 00 to 23",
    "2018-08-03T02:60": "“2018-08-03T02:60” has no time 02:60",
    "2018-08T02:30": "“2018-08T02:30” is not a partial date.",  # a time needs its day
}


@pytest.mark.parametrize(("text", "message"), IMPOSSIBLE.items(), ids=IMPOSSIBLE.keys())
def test_an_impossible_or_garbled_date_is_refused_with_the_reason(text, message):
    with pytest.raises(ValidationError) as refused:
        PartialDate.parse(text)

    assert message in refused.value.messages[0]


# typed -> (stored, shown, first day, last day, precision)
SPELLINGS = {
    "2024-02-29": ("2024-02-29", "29 Feb 2024", D(2024, 2, 29), D(2024, 2, 29), "day"),
    "2025-12": ("2025-12", "Dec 2025", D(2025, 12, 1), D(2025, 12, 31), "month"),
    "1000": ("1000", "1000", D(1000, 1, 1), D(1000, 12, 31), "year"),
    "~2025-7": ("~2025-07", "c. Jul 2025", D(2025, 7, 1), D(2025, 7, 31), "month"),
    "2025-07~": ("~2025-07", "c. Jul 2025", D(2025, 7, 1), D(2025, 7, 31), "month"),
    "c. 2025-07": ("~2025-07", "c. Jul 2025", D(2025, 7, 1), D(2025, 7, 31), "month"),
    "2019?": ("2019?", "perhaps 2019", D(2019, 1, 1), D(2019, 12, 31), "year"),
    "2019%": ("~2019?", "perhaps c. 2019", D(2019, 1, 1), D(2019, 12, 31), "year"),
    "2018-08-01/2018-08-02": (
        "2018-08-01/2018-08-02",
        "1 or 2 Aug 2018",
        D(2018, 8, 1),
        D(2018, 8, 2),
        "day",
    ),
    " 2018-7-31 / 2018-8-1 ": (
        "2018-07-31/2018-08-01",
        "31 Jul or 1 Aug 2018",
        D(2018, 7, 31),
        D(2018, 8, 1),
        "day",
    ),
    "2018-12-31/2019-01-01": (
        "2018-12-31/2019-01-01",
        "31 Dec 2018 or 1 Jan 2019",
        D(2018, 12, 31),
        D(2019, 1, 1),
        "day",
    ),
    "2018-08-01/2018-08-05": (
        "2018-08-01/2018-08-05",
        "between 1 and 5 Aug 2018",
        D(2018, 8, 1),
        D(2018, 8, 5),
        "day",
    ),
    "2021-09/2021-10": (
        "2021-09/2021-10",
        "Sep or Oct 2021",
        D(2021, 9, 1),
        D(2021, 10, 31),
        "month",
    ),
    "2016/2018": ("2016/2018", "between 2016 and 2018", D(2016, 1, 1), D(2018, 12, 31), "year"),
    "2021-09/2021-10-15": (
        "2021-09/2021-10-15",
        "between Sep 2021 and 15 Oct 2021",
        D(2021, 9, 1),
        D(2021, 10, 15),
        "month",
    ),
    "2021-09/2021-09": ("2021-09", "Sep 2021", D(2021, 9, 1), D(2021, 9, 30), "month"),
    "../2023-05-18": ("../2023-05-18", "by 18 May 2023", None, D(2023, 5, 18), "day"),
    "2016/..": ("2016/..", "since 2016", D(2016, 1, 1), None, "year"),
    "2016~/..": ("~2016/..", "since c. 2016", D(2016, 1, 1), None, "year"),
    "2019 (inferred)": (
        "2019 (inferred)",
        "2019 (inferred)",
        D(2019, 1, 1),
        D(2019, 12, 31),
        "year",
    ),
    "2018-08-03T2:30": (
        "2018-08-03T02:30",
        "3 Aug 2018, 02:30",
        D(2018, 8, 3),
        D(2018, 8, 3),
        "day",
    ),
    "2018-08-03 02:30 (inferred)": (
        "2018-08-03T02:30 (inferred)",
        "3 Aug 2018, 02:30 (inferred)",
        D(2018, 8, 3),
        D(2018, 8, 3),
        "day",
    ),
    "2018-08-03T22:00/2018-08-03T23:30": (
        "2018-08-03T22:00/2018-08-03T23:30",
        "3 Aug 2018, between 22:00 and 23:30",
        D(2018, 8, 3),
        D(2018, 8, 3),
        "day",
    ),
    "2021-09/2021-10(Inferred)": (
        "2021-09/2021-10 (inferred)",
        "Sep or Oct 2021 (inferred)",
        D(2021, 9, 1),
        D(2021, 10, 31),
        "month",
    ),
}


@pytest.mark.parametrize(("text", "expected"), SPELLINGS.items(), ids=SPELLINGS.keys())
def test_each_spelling_is_stored_shown_and_bounded(text, expected):
    parsed = PartialDate.parse(text)

    assert (str(parsed), parsed.display(), parsed.start, parsed.end, parsed.precision) == expected
    # The stored spelling reads back as itself.
    assert str(PartialDate.parse(str(parsed))) == str(parsed)


@pytest.mark.parametrize("text", ["2025-00-15", "2025-01-00", "2025-00", "2018-08-02/2018-08-01"])
def test_an_impossible_date_is_never_shown_as_another_one(text):
    assert partial_date(text) == "not reported"


def test_the_longest_stored_spelling_fits_the_column():
    longest = str(PartialDate.parse("2018-08-01%/2018-08-02% (inferred)"))

    assert longest == "~2018-08-01?/~2018-08-02? (inferred)"
    assert len(longest) <= Ruling._meta.get_field("date").max_length


def test_the_admin_help_explains_every_new_spelling():
    for example in ["2025-07", "~2025-07", "2019?", "2018-08-01/2018-08-02", "../2023-05-18"]:
        assert f'"{example}"' in FORMAT_HELP
    assert '"2016/.."' in FORMAT_HELP
    assert "(inferred)" in FORMAT_HELP
    assert '"2018-08-03T02:30"' in FORMAT_HELP


# --- Today's data is carried over unchanged -----------------------------------------------

_BEFORE = re.compile(
    r"^\s*(?P<approx>~|c\.\s*|ca\.\s*)?(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?\s*$"
)
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def as_before(text):
    """How a date was stored, shown and bounded before ranges existed (the old rule)."""
    match = _BEFORE.match(text)
    year, month, day = (int(match[part]) if match[part] else None for part in "ymd")
    stored = ("~" if match["approx"] else "") + f"{year:04d}"
    shown = [str(year)]
    if month:
        stored += f"-{month:02d}"
        shown.insert(0, _MONTHS[month - 1])
    if day:
        stored += f"-{day:02d}"
        shown.insert(0, str(day))
    shown = ("c. " if match["approx"] else "") + " ".join(shown)
    first = D(year, month or 1, day or 1)
    last = (
        first
        if day
        else D(year, month, calendar.monthrange(year, month)[1])
        if month
        else D(year, 12, 31)
    )
    return stored, shown, first, last


def demo_dates():
    """(model, primary key, field, stored text) of every partial date in the demo data."""
    found = []
    for row in json.loads(DEMO.read_text()):
        model = apps.get_model(row["model"])
        for field in model._meta.local_fields:
            if isinstance(field, PartialDateField) and row["fields"].get(field.name):
                found.append((model, row["pk"], field.name, row["fields"][field.name]))
    return found


def test_every_demo_date_parses_and_displays_as_before():
    dates = demo_dates()
    assert len(dates) > 20
    assert any(text.startswith("~") for *_, text in dates)

    for *_, text in dates:
        parsed = PartialDate.parse(text)
        assert (str(parsed), parsed.display(), parsed.start, parsed.end) == as_before(text), text
        assert str(parsed) == text  # stored already in the canonical spelling


@pytest.mark.django_db
def test_loading_the_demo_data_keeps_every_date_and_its_days():
    call_command("loaddata", DEMO, verbosity=0)

    for model, pk, name, text in demo_dates():
        row = model._base_manager.values(name, f"{name}_start", f"{name}_end").get(pk=pk)
        _, _, first, last = as_before(text)
        assert (row[name], row[f"{name}_start"], row[f"{name}_end"]) == (text, first, last)


# --- The database refuses what the parser would refuse -------------------------------------


def _protest_with(**columns):
    """Write ``columns`` of a protest dated "1 or 2 Aug 2018" as given, in SQL: the ORM
    always recomputes a date's companions."""
    protest = ProtestFactory(start="2018-08-01/2018-08-02", end="")
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(name)} = %s" for name in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(Protest._meta.db_table)} SET {assignments} WHERE id = %s",
            [*columns.values(), protest.pk],
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("columns", "constraint"),
    [
        ({"start_start": None, "start_end": None}, "protest_start_partial_date_valid"),
        ({"start_start": D(2018, 8, 3)}, "protest_start_partial_date_valid"),
        ({"start_precision": ""}, "protest_start_partial_date_valid"),
        ({"end_end": D(2018, 9, 1)}, "protest_end_partial_date_valid"),
    ],
    ids=["both days missing", "inverted", "no precision", "a day without its date"],
)
def test_database_refuses_a_range_with_missing_or_inverted_days(columns, constraint):
    with pytest.raises(IntegrityError) as refused:
        _protest_with(**columns)

    assert constraint in str(refused.value)


@pytest.mark.django_db
def test_database_accepts_one_open_end_and_checks_the_order_of_two_dates():
    since = ProtestFactory(start="2016/..", end="")
    by = ProtestFactory(start="../2023-05-18", end="2023-05/..")

    assert (since.start_start, since.start_end) == (D(2016, 1, 1), None)
    assert (by.start_start, by.start_end, by.end_start, by.end_end) == (
        None,
        D(2023, 5, 18),
        D(2023, 5, 1),
        None,
    )
    with transaction.atomic(), pytest.raises(IntegrityError) as refused:
        ProtestFactory(start="2016/..", end="../2015-12-31")
    assert "protest_end_not_before_start" in str(refused.value)


# --- Researchers, readers, journalists ----------------------------------------------------


@pytest.fixture
def researcher_client(client, researcher):
    client.force_login(researcher)
    return client


def ruling_change_url(ruling):
    return reverse("admin:events_ruling_change", args=[ruling.pk])


@pytest.mark.django_db
def test_researcher_enters_a_verdict_given_on_one_of_two_days(researcher_client):
    ruling = RulingFactory(date="", publication_status="draft")

    assert_saved(
        submit(researcher_client, ruling_change_url(ruling), {"date": "2018-08-01/2018-08-02"})
    )

    ruling.refresh_from_db()
    assert (ruling.date, ruling.date_precision, ruling.date_start, ruling.date_end) == (
        "2018-08-01/2018-08-02",
        "day",
        D(2018, 8, 1),
        D(2018, 8, 2),
    )


@pytest.mark.django_db
def test_researcher_enters_the_time_of_day_a_source_gives_and_the_public_reads_it(
    researcher_client, client
):
    sentence = detention(15, name="Detained At Half Past Two", ruling_date="2019")
    ruling = sentence.ruling
    ruling.publication_status = "draft"
    ruling.save()

    assert_saved(submit(researcher_client, ruling_change_url(ruling), {"date": "2018-08-03 2:30"}))
    ruling.refresh_from_db()
    assert (ruling.date, ruling.date_start, ruling.date_end) == (
        "2018-08-03T02:30",
        D(2018, 8, 3),
        D(2018, 8, 3),
    )
    ruling.publication_status = "published"
    ruling.save()
    page = client.get(sentence.proceeding.get_absolute_url()).content.decode()
    assert "3 Aug 2018, 02:30" in page
    assert "Detained At Half Past Two" in names_listed(case_list(client, date_from="2018-08-03"))


@pytest.mark.django_db
def test_researcher_enters_an_approximate_inferred_year_in_the_edtf_spelling(researcher_client):
    source = SourceFactory(published="", publication_status="draft")
    url = reverse("admin:sources_source_change", args=[source.pk])

    assert_saved(submit(researcher_client, url, {"published": "2019~ (inferred)"}))

    source.refresh_from_db()
    assert source.published == "~2019 (inferred)"
    assert partial_date(source.published) == "c. 2019 (inferred)"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2018-08-02/2018-08-01", "ends before it starts: 1 Aug 2018 is before 2 Aug 2018."),
        ("2018-02-30/2018-03-01", "The start of the range, “2018-02-30”, is not a real date"),
        ("on August 1 or 2", "is not a partial date. Write"),
    ],
    ids=["reversed", "impossible start", "words"],
)
def test_researcher_gets_a_field_error_in_words_for_a_bad_range(researcher_client, typed, message):
    ruling = RulingFactory(date="2018", publication_status="draft")

    response = submit(researcher_client, ruling_change_url(ruling), {"date": typed})

    assert response.status_code == 200
    assert any(message in error for error in errors(response)["date"]), errors(response)
    ruling.refresh_from_db()
    assert ruling.date == "2018"


@pytest.mark.django_db
def test_the_admin_form_explains_the_new_spellings(researcher_client):
    ruling = RulingFactory(publication_status="draft")

    page = researcher_client.get(ruling_change_url(ruling)).content.decode()

    assert "2018-08-01/2018-08-02" in page
    assert "../2023-05-18" in page


@pytest.mark.django_db
def test_the_public_case_page_shows_a_range_in_words(client):
    sentence = detention(15, name="Verdict On One Of Two Days", ruling_date="2018-08-01/2018-08-02")

    page = client.get(sentence.proceeding.get_absolute_url()).content.decode()

    assert "1 or 2 Aug 2018" in page
    assert "2018-08-01/2018-08-02" not in page


@pytest.mark.django_db
def test_the_public_pages_show_open_and_inferred_dates_in_words(client):
    protest = cited(ProtestFactory(start="../2023-05-18", end="", title="Picket by May"))
    proceeding = detention(15, name="Inferred Year", ruling_date="2019 (inferred)").proceeding
    proceeding.opened = "2016/.."
    proceeding.save()
    proceeding.protests.set([protest])

    protest_page = client.get(protest.get_absolute_url()).content.decode()
    case_page = client.get(proceeding.get_absolute_url()).content.decode()

    assert "by 18 May 2023" in protest_page
    assert "since 2016" in case_page
    assert "2019 (inferred)" in case_page


@pytest.mark.django_db
def test_case_list_finds_a_ruling_on_one_of_two_days_from_the_second(client):
    detention(15, name="One Of Two Days", ruling_date="2018-08-01/2018-08-02")
    detention(15, name="Day Before", ruling_date="2018-07-31")

    assert names_listed(case_list(client, date_from="2018-08-02")) == ["One Of Two Days"]
    assert names_listed(case_list(client, date_to="2018-08-01")) == [
        "One Of Two Days",
        "Day Before",
    ]
    assert names_listed(case_list(client, date_from="2018-08-03")) == []


@pytest.mark.django_db
def test_case_list_treats_an_open_end_as_unbounded(client):
    detention(15, name="Since 2016", ruling_date="2016/..")
    detention(15, name="By May 2023", ruling_date="../2023-05-18")
    detention(15, name="Not Reported", ruling_date="")

    assert set(names_listed(case_list(client, date_from="2030"))) == {"Since 2016"}
    assert set(names_listed(case_list(client, date_to="1990"))) == {"By May 2023"}
    both = case_list(client, date_from="2020", date_to="2020")
    assert set(names_listed(both)) == {"Since 2016", "By May 2023"}
    assert names_listed(case_list(client, date_to="2015")) == ["By May 2023"]
    assert names_listed(case_list(client, date_from="2023-05-19")) == ["Since 2016"]


@pytest.mark.django_db
def test_case_list_date_filter_refuses_a_range_in_one_box(client):
    response = case_list(client, date_from="2018-08-01/2018-08-02")

    assert "is a range: give one year, month or day here" in response.content.decode()


@pytest.mark.django_db
def test_csv_shows_the_range_as_stored(client):
    detention(15, name="One Of Two Days", ruling_date="2018-08-01/2018-08-02")

    _, body = download(client, date_from="2018-08-02")

    (row,) = read_rows(body)
    assert (row["ruling_date"], row["ruling_date_precision"]) == ("2018-08-01/2018-08-02", "day")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "stored"),
    [("21.06.2021", "2021-06-21"), ("1.6.2021", "2021-06-01"), ("06.2021", "2021-06")],
)
def test_a_date_typed_day_first_with_dots_is_read_as_russian_and_kazakh_write_it(
    researcher_client, client, typed, stored
):
    """ "21.06.2021" was refused as not a date: it is how a Russian or Kazakh article, and
    the researcher who reads it, write 21 June 2021. The case list's date boxes read it too."""
    sentence = detention(15, name="Fined In June", ruling_date="2019")
    ruling = sentence.ruling
    type(ruling).objects.filter(pk=ruling.pk).update(publication_status="draft")

    assert_saved(submit(researcher_client, ruling_change_url(ruling), {"date": typed}))

    ruling.refresh_from_db()
    assert ruling.date == stored
    type(ruling).objects.filter(pk=ruling.pk).update(publication_status="published")
    assert names_listed(case_list(client, date_from=typed, date_to=typed)) == ["Fined In June"]


@pytest.mark.django_db
def test_a_dotted_date_that_does_not_exist_is_refused_with_the_reason(researcher_client):
    """Named as it was read, day and month in their places."""
    ruling = RulingFactory(date="", publication_status="draft")

    response = submit(researcher_client, ruling_change_url(ruling), {"date": "31.02.2021"})

    assert response.status_code == 200
    assert errors(response)["date"] == [
        "“2021-02-31” is not a real date: February 2021 has days 01 to 28."
    ]
