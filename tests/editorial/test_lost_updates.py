"""No lost updates: the admin change form carries the version it was opened at, and saving
over a newer version is refused with what changed, so the editor can merge."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests import factories
from tests.admin_pages import errors, form_values, page_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors(django_user_model):
    users = []
    for name in ("aigerim", "bolat"):
        user = django_user_model.objects.create_user(username=name, is_staff=True)
        user.groups.add(Group.objects.get(name="Editor"))
        users.append(user)
    return users


def test_the_second_of_two_editors_is_told_what_changed_and_merges(client, editors):
    person = factories.PersonFactory(locality="Almaty", description="Activist.")
    url = reverse("admin:people_person_change", args=[person.pk])
    first, second = editors
    client.force_login(first)
    opened_by_first = page_data(client, url)
    client.force_login(second)
    opened_by_second = page_data(client, url)

    client.force_login(first)
    response = client.post(url, dict(opened_by_first, locality="Taldykorgan"))
    assert response.status_code == 302, errors(response)

    client.force_login(second)
    response = client.post(url, dict(opened_by_second, description="Pensioner."))
    assert response.status_code == 200
    message = " ".join(errors(response)["__all__"])
    assert "Someone else (aigerim) saved this record after you opened it" in message
    assert "locality: “Almaty” → “Taldykorgan”" in message
    person.refresh_from_db()
    assert (person.locality, person.description) == ("Taldykorgan", "Activist.")

    # The page kept her own value and now carries the newer version: she merges and saves.
    form = response.context["adminform"].form
    assert form["description"].value() == "Pensioner."
    merged = {**opened_by_second, **form_values(form), "locality": "Taldykorgan"}
    response = client.post(url, merged)
    assert response.status_code == 302, errors(response)
    person.refresh_from_db()
    assert (person.locality, person.description) == ("Taldykorgan", "Pensioner.")


def test_a_form_without_its_version_cannot_overwrite(client, editors):
    person = factories.PersonFactory(locality="Almaty")
    url = reverse("admin:people_person_change", args=[person.pk])
    client.force_login(editors[0])
    data = page_data(client, url)
    data.pop("opened_version")

    response = client.post(url, dict(data, locality="Shymkent"))

    assert response.status_code == 200
    person.refresh_from_db()
    assert person.locality == "Almaty"


@pytest.mark.parametrize("version", ["²", "٣", "99999999999999999999", "-1", "abc"])
def test_a_version_no_history_row_could_have_is_refused_like_a_missing_one(
    client, editors, version
):
    """The version a form sends back may be anything: "²" and "٣" pass str.isdigit() but
    are no number the database takes. The page says the record changed; never a 500."""
    person = factories.PersonFactory(locality="Almaty")
    url = reverse("admin:people_person_change", args=[person.pk])
    client.force_login(editors[0])
    data = page_data(client, url)

    response = client.post(url, dict(data, opened_version=version, locality="Shymkent"))

    assert response.status_code == 200
    person.refresh_from_db()
    assert person.locality == "Almaty"


def test_a_status_change_from_the_list_counts_as_a_newer_version(client, editors):
    sentence = factories.SentenceFactory(publication_status="review")
    url = reverse("admin:events_sentence_change", args=[sentence.pk])
    client.force_login(editors[0])
    opened = page_data(client, url)
    client.post(
        reverse("admin:events_sentence_changelist"),
        {"action": "publish", "_selected_action": [sentence.pk]},
    )

    response = client.post(url, dict(opened, amount_as_reported="16 days"))

    assert response.status_code == 200
    assert "publication status: “review” → “published”" in " ".join(errors(response)["__all__"])
