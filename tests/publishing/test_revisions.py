"""Researchers amend published records through review: a change to a published record is
a pending revision until an editor approves it (with a diff) or rejects it with a reason."""

import pytest
from django.urls import reverse

from events.models import Proceeding
from publishing.models import Revision, RevisionStatus
from sources.models import Citation
from tests import factories
from tests.admin_pages import errors, submit

pytestmark = pytest.mark.django_db
CITATIONS = "sources-citation-content_type-object_id"


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def person():
    person = factories.PersonFactory(
        preferred_name="Serik Azhibay", description="Veteran activist from Almaty."
    )
    factories.CitationFactory(fact=person)
    return person


def propose(client, researcher, record, **changes):
    client.force_login(researcher)
    response = submit(client, change_url(record), changes)
    assert response.status_code == 302, errors(response)
    return Revision.objects.get(object_id=record.pk, status=RevisionStatus.PENDING)


def test_a_researchers_change_waits_for_an_editor_then_goes_public(
    client, researcher, editor, person
):
    revision = propose(client, researcher, person, description="Pensioner from Almaty.")

    person.refresh_from_db()
    assert person.description == "Veteran activist from Almaty."
    public = client.get(person.get_absolute_url()).content.decode()
    assert "Veteran activist" in public and "Pensioner" not in public
    assert revision.changes == {"description": "Pensioner from Almaty."}
    assert revision.proposed_by == researcher

    client.force_login(editor)
    page = client.get(change_url(revision)).content.decode()
    assert "Veteran activist from Almaty." in page and "Pensioner from Almaty." in page
    response = client.post(change_url(revision), {"rejection_reason": "", "_approve": "1"})
    assert response.status_code == 302

    revision.refresh_from_db()
    assert revision.status == RevisionStatus.APPROVED and revision.decided_by == editor
    public = client.get(person.get_absolute_url()).content.decode()
    assert "Pensioner from Almaty." in public and "Veteran activist" not in public
    latest, previous = person.history.all()[:2]
    assert latest.history_user == editor
    assert f"Revision #{revision.pk} by researcher" in latest.history_change_reason
    assert previous.description == "Veteran activist from Almaty."


def test_an_editor_rejects_a_revision_with_a_reason(client, researcher, editor, person):
    revision = propose(client, researcher, person, description="Wrong.")
    client.force_login(editor)

    response = client.post(change_url(revision), {"rejection_reason": "", "_reject": "1"})
    assert response.status_code == 200
    assert errors(response) == {"rejection_reason": ["Say why the revision is rejected."]}

    client.post(change_url(revision), {"rejection_reason": "No source says so.", "_reject": "1"})
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.REJECTED
    assert revision.rejection_reason == "No source says so."
    person.refresh_from_db()
    assert person.description == "Veteran activist from Almaty."
    # The researcher sees the decision on her own revisions.
    client.force_login(researcher)
    assert "No source says so." in client.get(change_url(revision)).content.decode()


def test_a_researcher_adds_a_court_to_a_published_case(client, researcher, editor):
    proceeding = factories.ProceedingFactory()
    factories.CitationFactory(fact=proceeding.person)
    factories.CitationFactory(fact=proceeding)
    court = factories.CourtFactory(name="Almaty Specialized Inter-District Court")
    factories.CitationFactory(fact=court)

    revision = propose(client, researcher, proceeding, court=str(court.pk))
    assert Proceeding.objects.get(pk=proceeding.pk).court is None

    client.force_login(editor)
    client.post(change_url(revision), {"rejection_reason": "", "_approve": "1"})
    assert Proceeding.objects.get(pk=proceeding.pk).court == court
    page = client.get(proceeding.get_absolute_url()).content.decode()
    assert "Almaty Specialized Inter-District Court" in page


def test_a_researcher_cites_an_uncited_published_spelling(client, researcher, editor, person):
    name = factories.PersonNameFactory(person=person, name="Azihibai")
    source = factories.SourceFactory()
    assert not name.is_public
    client.force_login(researcher)

    response = submit(
        client,
        change_url(name),
        inlines={CITATIONS: [{"source": str(source.pk), "quote": "Azihibai was detained"}]},
    )

    assert response.status_code == 302, errors(response)
    citation = Citation.objects.get(quote="Azihibai was detained")
    assert citation.publication_status == "draft"  # the editor publishes it
    assert not Revision.objects.exists()  # nothing of the name itself changed
    client.force_login(editor)
    client.post(
        reverse("admin:sources_citation_changelist"),
        {"action": "publish", "_selected_action": [citation.pk]},
    )
    name.refresh_from_db()
    assert name.is_public


def test_approving_a_stale_revision_is_refused(client, researcher, editor, person):
    revision = propose(client, researcher, person, description="First proposal.")
    person.description = "Changed by an editor meanwhile."
    person.save()
    client.force_login(editor)

    response = client.post(
        change_url(revision), {"rejection_reason": "", "_approve": "1"}, follow=True
    )

    shown = " ".join(str(m) for m in response.context["messages"])
    assert "The record changed since this revision was proposed" in shown
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.PENDING
    person.refresh_from_db()
    assert person.description == "Changed by an editor meanwhile."


def test_a_researcher_cannot_decide_a_revision(client, researcher, person):
    revision = propose(client, researcher, person, description="Self-approved?")
    response = client.post(change_url(revision), {"rejection_reason": "", "_approve": "1"})
    assert response.status_code == 403
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.PENDING


@pytest.mark.parametrize(
    ("language", "waiting"),
    [
        ("en", "Your change is waiting for an editor’s review"),
        ("ru", "Ваше изменение ждёт проверки редактора"),
        ("kk", "Өзгерісіңіз редактордың тексеруін күтуде"),
    ],
)
def test_a_researcher_is_told_in_her_language_that_the_change_waits_and_only_that(
    client, researcher, person, language, waiting
):
    """The message was English in every admin, and Django's "… was changed successfully"
    followed it, saying the opposite."""
    client.force_login(researcher)
    prefix = "" if language == "en" else f"/{language}"
    url = prefix + change_url(person)
    response = submit(client, url, {"description": "Pensioner from Almaty."})
    assert response.status_code == 302, errors(response)

    shown = [str(message) for message in response.wsgi_request._messages]
    revision = Revision.objects.get(object_id=person.pk)
    assert len(shown) == 1, shown
    assert shown[0].startswith(waiting)
    assert f'href="{prefix}/admin/publishing/revision/{revision.pk}/change/"' in shown[0]
    assert "Revision #" not in shown[0] or language == "en"
