"""Partial dates parse strictly: a month is 01 to 12, a day exists in its month, no 00."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from casetracker.partial_dates import PartialDate
from sources.templatetags.casetracker import partial_date

IMPOSSIBLE = {
    "2025-00": "“2025-00” is not a real date: there is no month 00; months run from 01",
    "2025-00-15": "“2025-00-15” is not a real date: there is no month 00;",
    "2025-13": "“2025-13” is not a real date: there is no month 13;",
    "2025-01-00": "“2025-01-00” is not a real date: January 2025 has days 01 to 31.",
    "2025-02-29": "“2025-02-29” is not a real date: February 2025 has days 01 to 28.",
    "2025-04-31": "“2025-04-31” is not a real date: April 2025 has days 01 to 30.",
    "0999-07": "“0999-07”: the year must be 1000 or later.",
}


@pytest.mark.parametrize(("text", "message"), IMPOSSIBLE.items(), ids=IMPOSSIBLE.keys())
def test_an_impossible_month_or_day_is_refused_with_the_reason(text, message):
    with pytest.raises(ValidationError) as refused:
        PartialDate.parse(text)

    assert message in refused.value.messages[0]


@pytest.mark.parametrize(
    ("text", "shown", "start", "end"),
    [
        ("2024-02-29", "29 Feb 2024", datetime.date(2024, 2, 29), datetime.date(2024, 2, 29)),
        ("~2025-7", "c. Jul 2025", datetime.date(2025, 7, 1), datetime.date(2025, 7, 31)),
        ("2025-12", "Dec 2025", datetime.date(2025, 12, 1), datetime.date(2025, 12, 31)),
        ("1000", "1000", datetime.date(1000, 1, 1), datetime.date(1000, 12, 31)),
    ],
)
def test_a_real_date_keeps_its_precision_and_range(text, shown, start, end):
    parsed = PartialDate.parse(text)

    assert (parsed.display(), parsed.start, parsed.end) == (shown, start, end)


@pytest.mark.parametrize("text", ["2025-00-15", "2025-01-00", "2025-00"])
def test_an_impossible_date_is_never_shown_as_another_one(text):
    assert partial_date(text) == "not reported"
