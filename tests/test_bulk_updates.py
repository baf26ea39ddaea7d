"""QuerySet.update() of records keeps their computed columns current, as a save does.

A partial date's range and precision, and a name's search key, are computed from the text
researchers write. A bulk update of that text (an editor's fix from the shell, a data
migration) must move them too, or lists sort and filter on the old date and search finds
the old spelling; a bad value is refused before any row changes.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F, Value
from django.db.models.functions import Concat

from events.models import Ruling, Sentence
from people.models import Person, PersonName
from people.selectors import search_people
from tests.factories import (
    CitationFactory,
    PersonFactory,
    PersonNameFactory,
    RulingFactory,
    SentenceFactory,
)

pytestmark = pytest.mark.django_db


def test_updating_partial_dates_moves_their_range_precision_and_the_case_dates():
    sentence = SentenceFactory(ruling=RulingFactory(date="2024"))
    for link in (sentence.proceeding.person, sentence.proceeding, sentence.ruling, sentence):
        CitationFactory(fact=link)
    other = RulingFactory(date="2023-03-01")

    Ruling.objects.filter(pk=sentence.ruling_id).update(date="~2025-7")

    ruling = Ruling.objects.get(pk=sentence.ruling_id)
    assert ruling.date == "~2025-07"
    assert ruling.__dict__["date_precision"] == "month"
    assert ruling.__dict__["date_start"] == datetime.date(2025, 7, 1)
    assert ruling.__dict__["date_end"] == datetime.date(2025, 7, 31)
    # The case list's dates follow the ruling's.
    listed = Sentence.objects.get(pk=sentence.pk)
    assert listed.listed
    assert listed.case_date_start == datetime.date(2025, 7, 1)
    assert listed.case_date_end == datetime.date(2025, 7, 31)
    # Other rows are untouched; clearing a date clears its range.
    assert Ruling.objects.filter(pk=other.pk, date_start=datetime.date(2023, 3, 1)).exists()
    Ruling.objects.filter(pk=other.pk).update(date="")
    assert Ruling.objects.filter(
        pk=other.pk, date="", date_start=None, date_end=None, date_precision=""
    ).exists()


def test_updating_a_name_moves_its_search_key():
    person = PersonFactory(preferred_name="Serik Azhibay")
    CitationFactory(fact=person)
    name = PersonNameFactory(person=person, name="Serik Azhibay")
    CitationFactory(fact=name)

    # A researcher had the wrong person's name on both.
    PersonName.objects.filter(pk=name.pk).update(name="Қайрат Жұмабек")
    Person.objects.filter(pk=person.pk).update(preferred_name="Kairat Zhumabek")

    assert [p.pk for p in search_people("Жұмабек")] == [person.pk]
    assert [p.pk for p in search_people("zhumabek")] == [person.pk]
    assert list(search_people("Azhibay")) == []


def test_an_invalid_partial_date_is_refused_before_any_row_changes():
    ruling = RulingFactory(date="2024-05-02")
    with pytest.raises(ValidationError, match="not a real date"):
        Ruling.objects.filter(pk=ruling.pk).update(date="2025-02-30")
    assert Ruling.objects.get(pk=ruling.pk).date == "2024-05-02"


@pytest.mark.parametrize(
    "values",
    [
        {"date_start": datetime.date(2020, 1, 1)},
        {"date": Concat(F("date"), Value("-01"))},
    ],
    ids=["a computed column", "an expression for its source"],
)
def test_a_computed_column_is_never_set_apart_from_its_source(values):
    ruling = RulingFactory(date="2024")
    with pytest.raises(TypeError, match="comput"):
        Ruling.objects.filter(pk=ruling.pk).update(**values)
    assert Ruling.objects.filter(pk=ruling.pk, date_start=datetime.date(2024, 1, 1)).exists()
