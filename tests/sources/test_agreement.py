"""The one rule for "Sources disagree": values that differ in meaning, not in wording."""

import datetime
from types import SimpleNamespace

import pytest

from sources.agreement import disagree, readings, same_meaning

MONDAY_3_AUGUST_2020 = datetime.date(2020, 8, 3)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("15 days in jail", "15 days in prison"),
        ("15 days", "fifteen days"),
        ("two weeks", "14 days"),
        ("a week", "7 days"),
        ("15 суток", "15 days"),
        ("пятнадцать суток ареста", "15 days in jail"),
        ("он бес тәулік", "15 days"),
        ("15 тәулікке қамалды", "15 days"),
        ("145,000 tenges ($340)", "145 000 тенге (340 долларов)"),
        ("a 2.5-year prison term", "2.5 years in prison"),
        ("up to 10 years", "до 10 лет"),
        ("18 (12 jailed, 6 fined)", "eighteen: 12 jailed and 6 fined"),
        ("22 June", "June 22"),
        ("3 августа", "August 3"),
        ("Ambassadors bring discord!", "ambassadors bring discord"),
    ],
)
def test_values_worded_differently_but_meaning_the_same_agree(first, second):
    assert same_meaning(first, second)
    assert same_meaning(second, first)


def test_a_weekday_agrees_with_the_date_it_was_on_the_facts_own_day():
    assert same_meaning("late on August 3", "Monday", on=MONDAY_3_AUGUST_2020)
    assert same_meaning("в понедельник", "3 August", on=MONDAY_3_AUGUST_2020)
    assert same_meaning("дүйсенбі", "2020-08-03", on=MONDAY_3_AUGUST_2020)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("15 days", "one week"),
        ("15 суток", "10 суток"),
        ("up to two weeks", "15 days"),
        ("up to two weeks", "a few days"),
        ("up to 10 years", "10 years"),
        ("145,000 tenges", "87,000 tenges"),
        ("$340", "$205"),
        ("18 (12 jailed, 6 fined)", "19"),
        ("around 30", "18 (12 jailed, 6 fined)"),
        ("22 June", "21 June"),
        ("Kazakhstan", "China (China's claim)"),
        ("organizer (according to the court)", "not an organizer (Kunbolat)"),
        ("comments reported “this month” (August 2020)", "an interview “last week”"),
    ],
)
def test_values_that_differ_in_meaning_disagree(first, second):
    assert not same_meaning(first, second)
    assert not same_meaning(second, first)


def test_a_weekday_that_does_not_fit_the_facts_day_disagrees_with_it():
    assert not same_meaning("Wednesday", "August 3", on=MONDAY_3_AUGUST_2020)
    assert not same_meaning("Monday", "August 4", on=MONDAY_3_AUGUST_2020)


def citation(value, outlet="AFP"):
    return SimpleNamespace(reported_value=value, source=SimpleNamespace(outlet=outlet))


def test_readings_group_the_sources_of_each_meaning_side_by_side():
    cited = [
        citation("15 days in jail", "RFE/RL"),
        citation("one week", "Eurasianet"),
        citation("15 days in prison", "AFP"),
        citation("", "Azattyq"),  # no value reported: no reading
    ]
    found = readings(cited)
    assert [reading.value for reading in found] == ["15 days in jail", "one week"]
    assert [[c.source.outlet for c in r.citations] for r in found] == [
        ["RFE/RL", "AFP"],
        ["Eurasianet"],
    ]
    assert disagree(cited)
    assert not disagree([cited[0], cited[2], cited[3]])


# Words relative to the time of writing, read against the source's publication date.


@pytest.mark.parametrize(
    ("first", "first_published", "second", "second_published"),
    [
        ("July (not seen since)", "2025-08-10", "last year", "2026-01-15"),
        ("in July", "2025-08", "в прошлом году", "2026-02"),
        ("July", "2025-12-01", "былтыр", "2026"),
        ("last year", "2026-01-15", "3 July 2025", ""),
        ("this month", "2025-11-20", "November 2025", ""),
        ("в этом месяце", "2025-11", "13 ноября", "2025-11-30"),
        ("last week", "2025-11-20", "November 13", "2025-11-14"),
        ("на прошлой неделе", "2025-11-20", "last week", "2025-11-19"),
        ("yesterday", "2020-08-04", "August 3", "2020-08-04"),
    ],
)
def test_relative_dates_agree_with_the_time_they_meant_when_published(
    first, first_published, second, second_published
):
    assert same_meaning(first, second, a_published=first_published, b_published=second_published)
    assert same_meaning(second, first, a_published=second_published, b_published=first_published)


@pytest.mark.parametrize(
    ("first", "first_published", "second", "second_published"),
    [
        # Two years apart: the "July" of a source of Aug 2025 is not in 2023.
        ("July (not seen since)", "2025-08-10", "last year", "2024-03-01"),
        ("this month", "2025-11-20", "October 2025", ""),
        ("last week", "2025-11-20", "November 3", "2025-11-20"),
        ("last year", "2026-01-15", "this year", "2026-02-01"),
        ("в прошлом месяце", "2025-12-05", "December", "2025-12-31"),
    ],
)
def test_relative_dates_that_mean_other_times_disagree(
    first, first_published, second, second_published
):
    assert not same_meaning(
        first, second, a_published=first_published, b_published=second_published
    )
    assert not same_meaning(
        second, first, a_published=second_published, b_published=first_published
    )


def test_relative_dates_are_not_guessed_without_a_precise_enough_publication_date():
    # Unknown: compared by their words, as ever.
    assert not same_meaning("July", "last year")
    assert same_meaning("last year", "Last year!")
    # "last week" needs the day; "July" in a source of 2025 may be July 2024.
    assert not same_meaning("last week", "November 13", a_published="2025-11", b_published="")
    assert not same_meaning("July", "last year", a_published="2025", b_published="2026-01-15")


def test_readings_read_each_value_against_its_own_sources_date():
    def citation(value, published):
        return SimpleNamespace(reported_value=value, source=SimpleNamespace(published=published))

    agreeing = [citation("July (not seen since)", "2025-08-10"), citation("last year", "2026-01")]
    assert not disagree(agreeing)
    apart = [citation("July (not seen since)", "2025-08-10"), citation("last year", "2025-01")]
    assert [reading.value for reading in readings(apart)] == ["July (not seen since)", "last year"]
    assert disagree([citation("July", ""), citation("last year", "")])
