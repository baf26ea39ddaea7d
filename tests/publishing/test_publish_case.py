"""Publishing a whole case in one action, after a preview of exactly what becomes public
and what stays hidden and why."""

import re

import pytest
from django.apps import apps
from django.urls import reverse

from events.models import Charge, Participation, PretrialMeasure
from people.models import PersonName
from publishing import services
from publishing.models import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db
DRAFT, REVIEW, PUBLISHED = "draft", "review", PublicationStatus.PUBLISHED


@pytest.fixture
def draft_case():
    """Gulbaran Omirali's case as a researcher leaves it: every record a draft or in
    review, each cited from a draft source; her protest already public."""
    source = factories.SourceFactory(publication_status=DRAFT, headline="Fined for picket")
    person = factories.PersonFactory(preferred_name="Gulbaran Omirali", publication_status=REVIEW)
    name = factories.PersonNameFactory(
        person=person, name="Гүлбаран Өмірəлі", publication_status=DRAFT
    )
    protest = factories.ProtestFactory(title="Relatives' picket of the consulate")
    factories.CitationFactory(fact=protest)  # published elsewhere: outside the case
    participation = Participation.objects.create(
        protest=protest, person=person, publication_status=DRAFT
    )
    sentence = factories.SentenceFactory(
        ruling__proceeding__person=person,
        ruling__publication_status=DRAFT,
        ruling__proceeding__publication_status=DRAFT,
        kind="fine",
        term_quantity=None,
        term_unit="",
        term_days=None,
        fine_amount=150000,
        fine_currency="KZT",
        amount_as_reported="150,000 tenge",
        publication_status=DRAFT,
    )
    proceeding = sentence.proceeding
    charge = Charge.objects.create(
        proceeding=proceeding, as_reported="unsanctioned picket", publication_status=DRAFT
    )
    measure = PretrialMeasure.objects.create(
        proceeding=proceeding, kind="detention", start="2025-07", publication_status=DRAFT
    )
    facts = [person, name, participation, proceeding, charge, measure, sentence.ruling, sentence]
    for fact in facts:
        factories.CitationFactory(fact=fact, source=source, publication_status=DRAFT)
    # An uncited spelling: published with the case, but nothing backs it.
    uncited = PersonName.objects.create(
        person=person, name="Gulbaran Omiraly", publication_status=DRAFT
    )
    return {
        "person": person,
        "source": source,
        "sentence": sentence,
        "uncited": uncited,
        "facts": facts,
    }


def statuses():
    """Every record's status, outside and inside the case."""
    found = {}
    for label in ("people", "events", "sources"):
        for model in apps.get_app_config(label).get_models():
            if hasattr(model, "publication_status") and not model._meta.label.count("Historical"):
                for pk, status in model._base_manager.values_list("pk", "publication_status"):
                    found[model._meta.label, pk] = status
    return found


def test_publishing_a_whole_case_makes_it_public_in_one_action(client, editor, draft_case):
    person, sentence = draft_case["person"], draft_case["sentence"]
    bystander = factories.PersonFactory(publication_status=DRAFT, preferred_name="Bystander")
    factories.CitationFactory(fact=bystander, publication_status=DRAFT)
    before = statuses()
    assert client.get(person.get_absolute_url()).status_code == 404

    client.force_login(editor)
    url = reverse("admin:people_person_publish_case", args=[person.pk])
    change_page = client.get(reverse("admin:people_person_change", args=[person.pk]))
    assert f'href="{url}"' in change_page.content.decode()
    preview = client.get(url)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Gulbaran Omiraly" in text and "no published citation of a published source" in text
    assert statuses() == before  # the preview changed nothing

    response = client.post(url)

    assert response.status_code == 302
    after = statuses()
    changed = {key for key in after if after[key] != before[key]}
    case_keys = {(type(r)._meta.label, r.pk) for r in services.case_records(person)}
    assert changed and changed <= case_keys  # nothing outside the case changed status
    assert all(after[key] == PUBLISHED for key in case_keys)
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Gulbaran Omirali" in page and "150,000 tenge" in page
    assert "Gulbaran Omiraly" not in page  # published, but uncited: still hidden
    case_list = client.get(reverse("events:case_list")).content.decode()
    assert "Gulbaran Omirali" in case_list
    csv = b"".join(client.get(reverse("events:case_csv")).streaming_content).decode()
    assert "Gulbaran Omirali" in csv and "150000" in csv
    sentence.refresh_from_db()
    assert sentence.listed


def test_the_preview_lists_what_stays_hidden_and_why(editor, draft_case):
    protest = Participation.objects.get().protest
    protest.publication_status = REVIEW
    protest.save()

    preview = services.preview_case(draft_case["person"], user=editor)

    hidden = {str(row.record): row.reasons for row in preview.stays_hidden}
    assert hidden["Gulbaran Omiraly"] == ["no published citation of a published source backs it"]
    participation = next(r for r in preview.stays_hidden if r.kind == "participation")
    assert participation.reasons == [f"its protest “{protest}” is not public"]
    assert any(row.record == draft_case["sentence"] for row in preview.becomes_public)
    assert protest.publication_status == REVIEW  # outside the case: untouched


def test_a_researcher_cannot_publish_a_case(client, researcher, draft_case):
    client.force_login(researcher)
    url = reverse("admin:people_person_publish_case", args=[draft_case["person"].pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    draft_case["person"].refresh_from_db()
    assert draft_case["person"].publication_status == REVIEW


def test_a_retracted_record_stays_retracted(editor, draft_case):
    sentence = draft_case["sentence"]
    sentence.publication_status = "retracted"
    sentence.save()

    services.publish_case(draft_case["person"], user=editor)

    sentence.refresh_from_db()
    assert sentence.publication_status == "retracted" and not sentence.listed


def test_a_case_takes_in_its_hearings_court_roles_ages_and_measure_changes():
    person = factories.PersonFactory(publication_status=DRAFT)
    lawyer = factories.PersonFactory(preferred_name="Shynkuat Bayzhanov")
    proceeding = factories.ProceedingFactory(person=person, publication_status=DRAFT)
    measure = PretrialMeasure.objects.create(proceeding=proceeding, kind="house_arrest")
    own = [
        person.reported_ages.create(age=48, as_of="2026-01"),
        proceeding.hearings.create(kind="main", date="2026-01-23"),
        proceeding.court_roles.create(person=lawyer, role="defence_lawyer", represents=person),
        measure,
        measure.changes.create(kind="extended", date="2026-02", new_end="2026-04"),
    ]

    records = services.case_records(person)

    assert all(record in records for record in own)
    assert lawyer not in records  # a record of their own, outside the case


def test_the_preview_and_a_sources_page_speak_the_editors_language(client, editor, draft_case):
    """The preview's status column read "draft" and "published", and a source's list of
    what cites it named fields as code ("term_quantity"), in the Kazakh and Russian admin."""
    from django.utils import translation

    from events.models import Sentence

    client.force_login(editor)
    person = draft_case["person"]
    preview = client.get(
        "/kk" + reverse("admin:people_person_publish_case", args=[person.pk])
    ).content.decode()
    statuses = set(re.findall(r"<tr><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td>", preview))
    with translation.override("kk"):
        kazakh = {str(label) for label in PublicationStatus.labels}
    assert statuses and statuses <= kazakh, statuses
    assert not statuses & set(PublicationStatus.values)

    source = factories.SourceFactory()
    factories.CitationFactory(source=source, fact=draft_case["sentence"], field="term_quantity")
    factories.CitationFactory(source=source, fact=draft_case["sentence"])
    page = client.get(f"/ru/admin/sources/source/{source.pk}/change/").content.decode()
    cells = re.findall(r'<td class="field-supports">\s*<p>([^<]*)</p>', page)
    with translation.override("ru"):
        term = str(Sentence._meta.get_field("term_quantity").verbose_name)
    assert sorted(cells) == sorted([term, "вся запись"])
