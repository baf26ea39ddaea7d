"""The stored places of cases (events.CasePlace), which the place filter and facet read,
follow every write that moves them: a protest linked, unlinked, moved, retracted or deleted
(from either side of the link), a court set or moved, a detention's place set, moved to
another case or deleted, a defendant protected, bulk updates and bulk loads.

After each step the stored rows are compared with what the records say now
(``case_places.derived``, the rule read live) and the filter is asked where it finds the
cases."""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from events import case_places
from events.models import CasePlace, PretrialMeasure, Protest
from people.models import Organization
from publishing import services, upkeep
from tests.events.test_case_list import cited, detention
from tests.factories import CourtFactory, PlaceFactory, ProtestFactory

pytestmark = pytest.mark.django_db


def stored() -> set:
    return set(CasePlace.objects.values_list("proceeding_id", "place_id", "via", "source_id"))


def assert_current():
    assert stored() == set(case_places.derived())


def found(client, place) -> set[int]:
    """The cases the place filter finds at ``place``, once the stored rows are checked."""
    assert_current()
    response = client.get(reverse("events:case_list"), {"place": place.pk})
    assert response.status_code == 200
    return {sentence.proceeding_id for sentence in response.context["object_list"]}


def change(record, **fields):
    """Save ``record`` with ``fields`` set, as a form does."""
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()


@pytest.fixture
def towns():
    return PlaceFactory(name="Aktobe"), PlaceFactory(name="Zhanaozen"), PlaceFactory(name="Taraz")


def test_protests_linked_moved_unlinked_retracted_and_deleted_move_their_cases(client, towns):
    aktobe, zhanaozen, taraz = towns
    protest = cited(ProtestFactory(title="Aktobe picket", location=aktobe))
    first = detention(10, name="First").proceeding
    second = detention(12, name="Second").proceeding
    assert stored() == set()  # no case arose from it yet

    first.protests.add(protest)  # from the case's side
    protest.proceedings.add(second)  # from the protest's side
    assert found(client, aktobe) == {first.pk, second.pk}

    change(protest, location=zhanaozen)
    assert found(client, aktobe) == set()
    assert found(client, zhanaozen) == {first.pk, second.pk}

    Protest.objects.filter(pk=protest.pk).update(location=taraz)  # a bulk update
    assert found(client, taraz) == {first.pk, second.pk}

    protest.proceedings.remove(first)
    assert found(client, taraz) == {second.pk}
    protest.proceedings.clear()
    assert found(client, taraz) == set()

    second.protests.add(protest)
    first.protests.add(protest)
    first.protests.clear()
    assert found(client, taraz) == {second.pk}

    services.retract(Protest.objects.filter(pk=protest.pk), user=None)
    assert found(client, taraz) == set()
    services.publish(Protest.objects.filter(pk=protest.pk), user=None)
    assert found(client, taraz) == {second.pk}

    # Its only citation withdrawn: no longer public, so no longer a place of the case.
    protest.citations.update(publication_status="retracted")
    assert found(client, taraz) == set()
    cited(protest)
    assert found(client, taraz) == {second.pk}

    # Deleted with its links (the records' own delete refuses while they hang on it; the
    # base manager's does not).
    Protest._base_manager.filter(pk=protest.pk).delete()
    assert_current()
    assert stored() == set()


def test_courts_set_moved_and_hidden_move_their_cases(client, towns):
    aktobe, zhanaozen, _taraz = towns
    court = cited(CourtFactory(name="Aktobe City Court", location=aktobe))
    case = detention(15, name="Defendant").proceeding
    assert found(client, aktobe) == set()

    change(case, court=court)
    assert found(client, aktobe) == {case.pk}

    change(court, location=zhanaozen)
    assert found(client, zhanaozen) == {case.pk}

    Organization.objects.filter(pk=court.pk).update(location=aktobe)
    assert found(client, aktobe) == {case.pk}

    services.retract(Organization.objects.filter(pk=court.pk), user=None)
    assert found(client, aktobe) == set()
    services.publish(Organization.objects.filter(pk=court.pk), user=None)
    assert found(client, aktobe) == {case.pk}

    change(case, court=None)
    assert_current()
    assert stored() == set()


def test_detentions_placed_moved_deleted_and_protected_defendants_move_their_cases(client, towns):
    aktobe, zhanaozen, _taraz = towns
    held = detention(15, name="Held").proceeding
    other = detention(15, name="Other").proceeding
    measure = cited(
        PretrialMeasure.objects.create(
            proceeding=held, kind="detention", start="2025-07", publication_status="published"
        )
    )
    assert stored() == set()

    change(measure, place=aktobe)
    assert found(client, aktobe) == {held.pk}

    # Moved to another case: the first case is no longer there.
    change(measure, proceeding=other)
    assert found(client, aktobe) == {other.pk}

    PretrialMeasure.objects.filter(pk=measure.pk).update(place=zhanaozen)
    assert found(client, zhanaozen) == {other.pk}

    person = other.person
    change(person, is_protected=True, pseudonym="Person A", protection_reason="Risk")
    assert found(client, zhanaozen) == set()  # a protected person's detention can be home
    change(person, is_protected=False)
    assert found(client, zhanaozen) == {other.pk}

    PretrialMeasure._base_manager.filter(pk=measure.pk).delete()  # with its citations
    assert_current()
    assert stored() == set()


def test_rows_saved_without_the_upkeep_are_placed_when_it_catches_up(client, towns):
    aktobe, _zhanaozen, _taraz = towns
    with upkeep.deferred():
        protest = cited(ProtestFactory(location=aktobe))
        court = cited(CourtFactory(location=aktobe))
        by_protest = detention(10, name="By Protest", protests=[protest]).proceeding
        by_court = detention(10, name="By Court", court=court).proceeding
    assert found(client, aktobe) == {by_protest.pk, by_court.pk}

    CasePlace.objects.all().delete()  # as after a restore that kept only the records
    upkeep.refresh_all()
    assert found(client, aktobe) == {by_protest.pk, by_court.pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SQLite writes in turn)")
@pytest.mark.django_db(transaction=True)
def test_two_rebuilds_of_one_case_at_once_take_turns_and_leave_one_set_of_rows(towns):
    """Two requests rebuild one case's places at once (two editors saving): the second waits
    for the first to commit, then replaces its rows. Without waiting, neither would see the
    other's uncommitted rows to delete, and both sets would stay."""
    aktobe, _zhanaozen, _taraz = towns
    protest = cited(ProtestFactory(location=aktobe))
    case = detention(10, name="First", protests=[protest]).proceeding
    with connection.cursor() as cursor:  # as before its first rebuild (no signal, no row read)
        cursor.execute(f"DELETE FROM {CasePlace._meta.db_table}")
    holding, release = threading.Event(), threading.Event()

    def first():
        try:
            with transaction.atomic():
                case_places.refresh([case.pk])
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    def second():
        try:
            case_places.refresh([case.pk])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    assert holding.wait(10)
    threads[1].start()
    time.sleep(0.5)  # the second rebuild has reached the first one's lock
    release.set()
    for thread in threads:
        thread.join(20)
    assert len(stored()) == CasePlace.objects.count() == 1
    assert_current()
