"""Deletes never erase facts silently: a record that citations, links or other records
hang on is refused (ORM and admin), with a message that lists them; what is deleted can
be restored from history."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from events.models import Charge, Participation, Protest, Slogan
from people.models import Person, PersonName
from sources.models import Citation
from tests import factories
from tests.admin_pages import page_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@localhost"))
    return client


@pytest.fixture
def protest_with_facts():
    protest = factories.ProtestFactory(title="Picket at the consulate")
    factories.CitationFactory(fact=protest)
    person = factories.PersonFactory()
    participation = Participation.objects.create(protest=protest, person=person)
    factories.CitationFactory(fact=participation)
    slogan = Slogan.objects.create(protest=protest, text="Free our relatives")
    factories.CitationFactory(fact=slogan)
    proceeding = factories.ProceedingFactory(person=person)
    proceeding.protests.add(protest)
    return protest


def counts():
    return (
        Citation.objects.count(),
        Participation.objects.count(),
        Slogan.objects.count(),
        Protest.proceedings.through.objects.count(),
        PersonName.objects.count(),
        Charge.objects.count(),
    )


def test_deleting_a_protest_with_facts_is_refused_and_erases_nothing(protest_with_facts):
    before = counts()
    with pytest.raises(ProtectedError):
        protest_with_facts.delete()
    with pytest.raises(ProtectedError):
        Protest.objects.filter(pk=protest_with_facts.pk).delete()
    assert counts() == before


def test_a_protests_citations_and_links_alone_also_hold_it():
    protest = factories.ProtestFactory()
    factories.CitationFactory(fact=protest)
    with pytest.raises(ProtectedError, match="Retract it instead"):
        protest.delete()
    uncited = factories.ProtestFactory()
    factories.ProceedingFactory().protests.add(uncited)
    with pytest.raises(ProtectedError):
        uncited.delete()
    assert Protest.proceedings.through.objects.count() == 1


def test_deleting_a_person_keeps_their_names_and_citations():
    person = factories.PersonFactory()
    name = factories.PersonNameFactory(person=person)
    factories.CitationFactory(fact=name)
    with pytest.raises(ProtectedError):
        person.delete()
    assert PersonName.objects.filter(pk=name.pk).exists() and Citation.objects.count() == 1


def test_deleting_a_proceeding_keeps_its_charges():
    proceeding = factories.ProceedingFactory()
    Charge.objects.create(proceeding=proceeding, as_reported="inciting discord")
    with pytest.raises(ProtectedError):
        proceeding.delete()
    assert Charge.objects.count() == 1


def test_the_admin_refuses_with_the_list_and_suggests_retracting(admin_client, protest_with_facts):
    before = counts()
    url = reverse("admin:events_protest_delete", args=[protest_with_facts.pk])

    page = admin_client.get(url).content.decode()
    admin_client.post(url, {"post": "yes"})
    admin_client.post(
        reverse("admin:events_protest_changelist"),
        {"action": "delete_selected", "_selected_action": [protest_with_facts.pk], "post": "yes"},
    )

    assert "Retract it instead" in page
    assert "Free our relatives" in page  # the slogan that relies on it is listed
    assert "citation:" in page
    assert counts() == before
    assert Protest.objects.filter(pk=protest_with_facts.pk).exists()


def test_a_deleted_record_is_restored_from_its_history(admin_client):
    person = factories.PersonFactory(preferred_name="Entered By Mistake", locality="Aqtobe")
    pk = person.pk
    response = admin_client.post(reverse("admin:people_person_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=pk).exists()

    version = Person.history.filter(id=pk, history_type="+").get()
    url = reverse("admin:people_person_simple_history", args=[pk, version.history_id])
    response = admin_client.post(url, page_data(admin_client, url))

    assert response.status_code == 302
    restored = Person.objects.get(pk=pk)
    assert (restored.preferred_name, restored.locality) == ("Entered By Mistake", "Aqtobe")
