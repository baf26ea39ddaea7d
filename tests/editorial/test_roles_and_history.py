"""Editorial integrity in the admin: who may publish, history with user and revert, lockout."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from events.models import Sentence
from people.models import Person
from publishing.admin import latest_version
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def person_form(person, **changes):
    data = {
        "preferred_name": person.preferred_name,
        "citizenship": person.citizenship,
        "ethnicity": person.ethnicity,
        "birth_date": person.birth_date,
        "locality": person.locality,
        "description": person.description,
        "pseudonym": person.pseudonym,
        "protection_reason": person.protection_reason,
        "publication_status": person.publication_status,
        "internal_notes": person.internal_notes,
        # The version the form was opened at, as the page carries it.
        "opened_version": latest_version(person),
    }
    for prefix in [
        "names",
        "reported_ages",
        "relationships",
        "affiliations",
        "sources-citation-content_type-object_id",
    ]:
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def test_roles_exist_with_least_privilege():
    researcher = set(
        Group.objects.get(name="Researcher").permissions.values_list("codename", flat=True)
    )
    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    administrator = set(
        Group.objects.get(name="Administrator").permissions.values_list("codename", flat=True)
    )
    assert "publish_person" not in researcher and "delete_person" not in researcher
    assert "publish_person" in editor and "delete_person" not in editor
    assert {"publish_person", "delete_person", "change_user"} <= administrator
    assert "change_user" not in editor


def test_every_kind_of_record_gives_each_role_its_rights():
    """After migrate (publishing.roles, once per run), every kind of record and its history
    carries each role's rights, kinds added after the roles' own migration included."""
    from django.apps import apps

    from publishing import roles, rules

    for name, rights in roles.ROLES.items():
        held = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        for label in rules.RECORDS:
            model = apps.get_model(label)
            history = f"historical{model._meta.model_name}"
            wanted = {f"{action}_{model._meta.model_name}" for action in rights["records"]}
            wanted |= {f"{action}_{history}" for action in rights["history"]}
            assert wanted <= held, (name, label, wanted - held)


def test_researcher_cannot_publish_through_the_form(client, researcher):
    person = factories.PersonFactory(publication_status="draft", preferred_name="Draft Person")
    client.force_login(researcher)
    response = client.post(change_url(person), person_form(person, publication_status="published"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    person.refresh_from_db()
    assert person.publication_status == "draft"


def test_researcher_can_send_for_review_but_not_publish_from_the_list(client, researcher):
    person = factories.PersonFactory(publication_status="draft")
    client.force_login(researcher)
    url = changelist_url(Person)
    response = client.post(url, {"action": "publish", "_selected_action": [person.pk]})
    person.refresh_from_db()
    assert person.publication_status == "draft"
    assert response.status_code in (200, 302)
    client.post(url, {"action": "send_for_review", "_selected_action": [person.pk]})
    person.refresh_from_db()
    assert person.publication_status == "review"


def test_researcher_cannot_edit_a_published_record(client, researcher):
    person = factories.PersonFactory(publication_status="published", preferred_name="Public Name")
    client.force_login(researcher)
    client.post(change_url(person), person_form(person, preferred_name="Changed"))
    person.refresh_from_db()
    assert person.preferred_name == "Public Name"


def test_editor_publishes_and_retracts_from_the_list(client, editor):
    sentence = factories.SentenceFactory(publication_status="review")
    client.force_login(editor)
    url = changelist_url(Sentence)
    client.post(url, {"action": "publish", "_selected_action": [sentence.pk]})
    sentence.refresh_from_db()
    assert sentence.publication_status == "published"
    client.post(url, {"action": "retract", "_selected_action": [sentence.pk]})
    sentence.refresh_from_db()
    assert sentence.publication_status == "retracted"
    # The bulk action left history rows naming the editor.
    latest = sentence.history.first()
    assert latest.publication_status == "retracted"
    assert latest.history_user == editor


def test_editor_publishes_through_the_form(client, editor):
    person = factories.PersonFactory(publication_status="review")
    client.force_login(editor)
    response = client.post(change_url(person), person_form(person, publication_status="published"))
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.publication_status == "published"


def test_history_records_who_changed_what(client, editor):
    person = factories.PersonFactory(publication_status="review", locality="Almaty")
    client.force_login(editor)
    client.post(change_url(person), person_form(person, locality="Taldykorgan"))
    latest, previous = person.history.all()[:2]
    assert latest.history_user == editor
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(previous).changes}
    assert changes["locality"] == ("Almaty", "Taldykorgan")
    page = client.get(reverse("admin:people_person_history", args=[person.pk]))
    assert page.status_code == 200
    assert "editor" in page.content.decode()  # the history list names who changed it


def test_reverting_restores_the_earlier_values(client, editor):
    person = factories.PersonFactory(publication_status="review", locality="Almaty")
    client.force_login(editor)
    client.post(change_url(person), person_form(person, locality="Taldykorgan"))
    person.refresh_from_db()
    assert person.locality == "Taldykorgan"
    earlier = person.history.earliest()
    revert_url = reverse("admin:people_person_simple_history", args=[person.pk, earlier.history_id])
    form = client.get(revert_url)
    assert form.status_code == 200
    response = client.post(revert_url, person_form(person, locality="Almaty"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.locality == "Almaty"
    assert person.history.first().history_user == editor


def test_a_history_page_of_an_impossible_id_is_not_found(client, editor):
    client.force_login(editor)
    person = factories.PersonFactory()
    for url in (
        "/admin/people/person/abc/history/",
        f"/admin/people/person/{2**70}/history/",
        f"/admin/people/person/{person.pk}/history/abc/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/admin/people/person/{person.pk}/history/").status_code == 200
