"""manage.py generate_synthetic: deterministic, realistic, publicly visible synthetic cases."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from casetracker.search import search_key
from events.models import (
    Charge,
    Outcome,
    Proceeding,
    Protest,
    Ruling,
    Sentence,
    SentenceKind,
    SentenceStatus,
)
from people.models import Affiliation, Organization, OrganizationKind, Person, PersonName
from publishing import rules
from sources.models import Citation, Source

pytestmark = pytest.mark.django_db

KAZAKH_LETTERS = re.compile("[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def generate(**options):
    out = io.StringIO()
    call_command("generate_synthetic", stdout=out, **options)
    return out.getvalue()


def generate_and_roll_back(**options):
    """Run the command, read what it made, then undo it (the command needs an empty database)."""
    with transaction.atomic():
        generate(**options)
        made = (
            list(Person.objects.order_by("pk").values_list("preferred_name", flat=True)),
            list(Sentence.objects.order_by("pk").values_list("amount_as_reported", flat=True)),
            list(Source.objects.order_by("pk").values_list("headline", flat=True)),
        )
        transaction.set_rollback(True)
    return made


def test_small_run_creates_the_requested_counts():
    output = generate(scale=0.001, seed=7, citations=3000)

    assert Person.objects.count() == 100
    assert Protest.objects.count() == 3
    assert Proceeding.objects.count() == 150
    assert Ruling.objects.count() == 150  # one ruling per proceeding
    assert Organization.objects.filter(kind=OrganizationKind.COURT).count() == 1  # 0.4 rounds up
    groups = Organization.objects.exclude(kind=OrganizationKind.COURT)
    assert groups.count() == 40  # as many at any scale
    assert set(groups.values_list("kind", flat=True)) <= {"movement", "ngo"}
    assert Affiliation.objects.count() == 8  # 8,000 × 0.001, each person once per group
    assert Sentence.objects.count() == 300
    assert Source.objects.count() == 50
    assert Citation.objects.count() == 3000
    assert "sentences" in output and "rows/s" in output


def test_every_published_record_is_publicly_visible():
    generate(scale=0.001, seed=7)

    for model in (Person, Organization, Affiliation, Protest, Proceeding, Charge, Ruling, Sentence):
        # Published under public parents: all cited, so all public (publishing.rules).
        published = model.objects.published().filter(rules.parents_public(model)).count()
        assert published > 0
        assert model.objects.public().count() == published, model.__name__
        # The stored flags the generator computes in bulk are the rule's own answer.
        assert set(model.objects.public().values_list("pk", flat=True)) == set(
            model.objects.filter(rules.visibility_condition(model)).values_list("pk", flat=True)
        ), model.__name__
    assert PersonName.objects.public().count() == PersonName.objects.published().count()
    # Some records are left unpublished, and stay out of public view.
    assert Sentence.objects.public().count() < Sentence.objects.count()


def test_citations_are_raised_to_cover_every_published_record():
    output = generate(scale=0.001, seed=7)  # 600 citations requested: too few

    assert Citation.objects.count() > 600
    assert "needed so that every published record is cited" in output


def test_sentences_cover_every_kind_and_status_with_normalized_terms_and_fines():
    generate(scale=0.002, seed=7)

    kinds = set(Sentence.objects.values_list("kind", flat=True))
    statuses = set(Sentence.objects.values_list("status", flat=True))
    assert kinds >= {
        SentenceKind.ADMINISTRATIVE_DETENTION,
        SentenceKind.FINE,
        SentenceKind.IMPRISONMENT,
        SentenceKind.RESTRICTION_OF_FREEDOM,
        SentenceKind.ACTIVITY_BAN,
    }
    assert statuses == set(SentenceStatus.values)
    detention = Sentence.objects.filter(kind=SentenceKind.ADMINISTRATIVE_DETENTION)
    assert detention.filter(term_days__isnull=False).exists()
    assert not detention.filter(term_days__gt=60).exists()
    assert Sentence.objects.filter(kind=SentenceKind.FINE, fine_kzt__gt=0).exists()
    prison = Sentence.objects.filter(kind=SentenceKind.IMPRISONMENT, term_days__isnull=False)
    assert all(30 <= days <= 25 * 365 for days in prison.values_list("term_days", flat=True))
    assert set(Ruling.objects.values_list("outcome", flat=True)) >= {
        Outcome.GUILTY,
        Outcome.PENDING,
    }


def test_bulk_created_rows_have_their_computed_columns():
    generate(scale=0.001, seed=7)

    ruling = Ruling.objects.exclude(date="").first()
    assert ruling.date_start is not None and ruling.date_precision
    assert not Protest.objects.filter(start_start__isnull=True).exists()
    for person in Person.objects.all():
        assert person.search_key == search_key(person.preferred_name)
    assert PersonName.objects.exists()
    assert all(name.search_key for name in PersonName.objects.all())
    sentences = Sentence.objects.select_related("proceeding")
    assert sentences.exists()
    assert all(s.defendant_id == s.proceeding.person_id for s in sentences)


def test_names_come_in_several_scripts():
    generate(scale=0.002, seed=7)

    names = list(Person.objects.values_list("preferred_name", flat=True))
    kazakh = [name for name in names if KAZAKH_LETTERS.search(name)]
    # About 20% are Kazakh Cyrillic; not every Kazakh name has a Kazakh-only letter.
    assert 0.08 * len(names) <= len(kazakh) <= 0.3 * len(names)
    scripts = set(PersonName.objects.values_list("script", flat=True))
    assert {"latin", "kazakh_cyrillic", "cyrillic"} <= scripts


def test_quotes_about_protected_people_do_not_name_them():
    generate(scale=0.002, seed=7, protected_share=0.2)

    protected = list(Person.objects.filter(is_protected=True))
    assert protected
    assert all(person.pseudonym for person in protected)
    assert Affiliation.objects.filter(person__in=protected).exists()
    for person in protected:
        facts = [
            person,
            *Sentence.objects.filter(proceeding__person=person),
            *Affiliation.objects.filter(person=person),
        ]
        for fact in facts:
            citations = Citation.objects.filter(
                content_type__model=fact._meta.model_name, object_id=fact.pk
            )
            for citation in citations:
                assert person.preferred_name not in citation.quote + citation.translation


def test_same_seed_gives_the_same_data_and_another_seed_does_not():
    first = generate_and_roll_back(scale=0.001, seed=11)
    again = generate_and_roll_back(scale=0.001, seed=11)
    other = generate_and_roll_back(scale=0.001, seed=12)

    assert first == again
    assert first[0] != other[0]
    assert first[1] != other[1]


def test_refuses_a_database_that_already_holds_data():
    generate(scale=0.001, seed=7)

    with pytest.raises(CommandError, match="empty database"):
        generate(scale=0.001, seed=8)
