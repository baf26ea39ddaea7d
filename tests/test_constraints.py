"""The rules the admin forms enforce also hold in the database, when forms are bypassed.

Each case writes a bad row with ``create()`` and with ``bulk_create()`` (which skips
``save()``), expects the database to refuse it by the constraint's name, then writes the
corrected row to show that it was the bad value, and nothing else, that was refused.
"""

from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from events.models import Proceeding, Protest, Sentence
from people.models import Person
from sources.models import Citation, Source
from tests import factories

pytestmark = pytest.mark.django_db


def create(model, fields):
    model.objects.create(**fields)


def bulk_create(model, fields):
    model.objects.bulk_create([model(**fields)])


def sentence(o):
    return {"proceeding": o.proceeding, "kind": "administrative_detention"}


def protest(o):
    return {"title": "Picket at the consulate", "kind": "solo_picket", "start": "2025-07-10"}


# name: (model, fields every attempt shares, bad values, corrected values, constraint name);
# fields and values may be computed from the records that exist before the attempt.
CASES = {
    "negative term": (
        Sentence,
        sentence,
        {"term_quantity": -3, "term_unit": "days"},
        {"term_quantity": 3, "term_unit": "days"},
        "sentence_term_quantity_non_negative",
    ),
    "negative fine": (
        Sentence,
        sentence,
        {"fine_amount": -145000, "fine_currency": "KZT"},
        {"fine_amount": 145000, "fine_currency": "KZT"},
        "sentence_fine_amount_non_negative",
    ),
    "fine without currency": (
        Sentence,
        sentence,
        {"fine_amount": 145000},
        {"fine_amount": 145000, "fine_currency": "KZT"},
        "sentence_fine_has_currency",
    ),
    "term without unit": (
        Sentence,
        sentence,
        {"term_quantity": 15},
        {"term_quantity": 15, "term_unit": "days"},
        "sentence_term_has_unit",
    ),
    "sentence kind not a choice": (
        Sentence,
        sentence,
        {"kind": "nonsense"},
        {"kind": "fine"},
        "sentence_kind_valid",
    ),
    "protest kind not a choice": (
        Protest,
        protest,
        {"kind": "nonsense"},
        {"kind": "rally"},
        "protest_kind_valid",
    ),
    "protest ends before it starts": (
        Protest,
        protest,
        {"end": "2025-07-01"},
        {"end": "2025-07-11"},
        "protest_end_not_before_start",
    ),
    "month 13": (
        Protest,
        protest,
        {"start": "2025-13"},
        {"start": "2025-12"},
        "protest_start_partial_date_valid",
    ),
    "citation without quote": (
        Citation,
        lambda o: {
            "source": o.source,
            "content_type": ContentType.objects.get_for_model(Person),
            "object_id": o.proceeding.person_id,
        },
        {"quote": ""},
        {"quote": "was detained outside the consulate"},
        "citation_quote_not_blank",
    ),
    "duplicate source url": (
        Source,
        lambda o: {"outlet": "AFP", "headline": "Activist jailed"},
        lambda o: {"url": o.source.url},
        {"url": "https://news.example.org/another-article"},
        "url",
    ),
    "protected person without pseudonym": (
        Person,
        lambda o: {
            "preferred_name": "Sherizat",
            "is_protected": True,
            "protection_reason": "Relatives held in Xinjiang.",
        },
        {"pseudonym": ""},
        {"pseudonym": "Relative A"},
        "person_protected_has_pseudonym_and_reason",
    ),
    "proceeding without any defendant": (
        Proceeding,
        lambda o: {"person": None, "kind": "administrative"},
        {"unnamed_defendants": None},
        {"unnamed_defendants": 12},
        "proceeding_has_defendant",
    ),
    "proceeding with zero unnamed defendants": (
        Proceeding,
        lambda o: {"person": None, "kind": "administrative"},
        {"unnamed_defendants": 0},
        {"unnamed_defendants_precision": "unknown", "unnamed_defendants": None},
        "proceeding_unnamed_count_positive",
    ),
    "proceeding with an unknown count that has a number": (
        Proceeding,
        lambda o: {
            "person": None,
            "kind": "administrative",
            "unnamed_defendants_precision": "unknown",
        },
        {"unnamed_defendants": 10},
        {"unnamed_defendants": None},
        "proceeding_unnamed_count_fits_precision",
    ),
    "proceeding with “about” and no number": (
        Proceeding,
        lambda o: {
            "person": o.proceeding.person,
            "kind": "administrative",
            "unnamed_defendants_precision": "about",
        },
        {"unnamed_defendants": None},
        {"unnamed_defendants": 10},
        "proceeding_unnamed_count_fits_precision",
    ),
}


@pytest.mark.parametrize("write", [create, bulk_create])
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_database_refuses_what_the_form_would_refuse(case, write):
    model, shared, bad, corrected, constraint = case
    existing = SimpleNamespace(
        proceeding=factories.ProceedingFactory(), source=factories.SourceFactory()
    )
    fields = shared(existing)
    bad = bad(existing) if callable(bad) else bad
    before = model.objects.count()

    with transaction.atomic(), pytest.raises(IntegrityError) as refused:
        write(model, {**fields, **bad})

    assert constraint in str(refused.value)
    assert model.objects.count() == before
    write(model, {**fields, **corrected})
    assert model.objects.count() == before + 1


def test_deleting_a_cited_source_raises_protected_error():
    source = factories.SourceFactory()
    factories.CitationFactory(source=source)

    with transaction.atomic(), pytest.raises(ProtectedError):
        source.delete()
    with transaction.atomic(), pytest.raises(ProtectedError):
        Source.objects.filter(pk=source.pk).delete()

    assert Source.objects.filter(pk=source.pk).exists()
