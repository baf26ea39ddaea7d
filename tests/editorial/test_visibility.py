"""Stored visibility (publishing.upkeep) follows a citation wherever it goes.

A fact is public only while a published citation backs it. A citation moved to another
fact, on a form or by a bulk update, must take the first fact's visibility with it:
otherwise that fact stays on the public site with no source.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from events.models import Sentence
from people.models import Person
from publishing import upkeep
from sources.models import Citation
from tests.events.test_case_list import fine
from tests.factories import CitationFactory, PersonFactory, SentenceFactory

pytestmark = pytest.mark.django_db


def public(record) -> bool:
    return type(record).objects.public().filter(pk=record.pk).exists()


def test_a_citation_moved_to_another_person_takes_the_first_ones_visibility(client):
    first, second = PersonFactory(), PersonFactory()
    citation = CitationFactory(fact=first)
    assert public(first) and not public(second)

    citation.object_id = second.pk
    citation.save()

    assert not public(first) and public(second)
    assert client.get(first.get_absolute_url()).status_code == 404
    assert client.get(second.get_absolute_url()).status_code == 200


def test_a_citation_moved_to_another_kind_of_fact_takes_the_first_ones_visibility():
    person = PersonFactory()
    sentence = SentenceFactory()
    for link in (sentence.proceeding.person, sentence.proceeding, sentence.ruling):
        CitationFactory(fact=link)
    citation = CitationFactory(fact=person)
    assert public(person) and not public(sentence)

    citation.content_type = ContentType.objects.get_for_model(Sentence)
    citation.object_id = sentence.pk
    citation.save()

    assert not public(person) and public(sentence)
    sentence.refresh_from_db()
    assert sentence.listed


def test_citations_moved_by_a_bulk_update_take_the_first_facts_visibility():
    first, second, third = PersonFactory(), PersonFactory(), PersonFactory()
    CitationFactory(fact=first)
    CitationFactory(fact=second)
    CitationFactory(fact=second)
    assert public(first) and public(second) and not public(third)

    Citation.objects.filter(object_id__in=[first.pk, second.pk]).update(object_id=third.pk)

    assert not public(first) and not public(second) and public(third)


def test_a_fact_keeps_its_visibility_while_another_citation_still_backs_it():
    first, second = PersonFactory(), PersonFactory()
    moved = CitationFactory(fact=first)
    CitationFactory(fact=first)

    moved.object_id = second.pk
    moved.save()

    assert public(first) and public(second)
    assert Person.objects.public().count() == 2


@pytest.mark.parametrize(
    "column, wrong",
    [
        ("case_country", ""),
        ("case_country", "Nowhere"),
        ("case_date_start", None),  # NULL where a value belongs
        ("case_date_end", datetime.date(1999, 1, 1)),
        ("defendant_id", None),
        ("listed", False),
    ],
)
def test_the_listing_refresh_mends_a_stored_value_whatever_it_held(column, wrong):
    """The refresh writes only the sentences whose stored listing values differ from what
    they should be (publishing.upkeep._write_changed), NULL differing from every value: a value
    gone wrong, by plain SQL, is put right, and the others are left as they are."""
    sentence = fine(145000, name="Gulbaran Omirali", ruling_date="2025-07-14")
    other = fine(5000, name="Other Person")
    rows = Sentence._base_manager.filter(pk=sentence.pk)
    right = rows.values_list(column, flat=True).get()
    assert right is not None and right != wrong
    QuerySet.update(rows, **{column: wrong})
    upkeep.refresh_listing()
    assert rows.values_list(column, flat=True).get() == right
    assert Sentence.objects.filter(pk=other.pk, listed=True, case_country="Kazakhstan").exists()
