"""Entering a case without picking wrong: pickers whose labels tell records apart and rank
the closest match first, inline rows that keep their order, a ruling that moves with its
sentences, and errors shown where the researcher can see them."""

import pytest
from django.contrib import admin
from django.db import connection
from django.forms import HiddenInput
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Occasion, Participation, PretrialMeasure, Sentence
from people.models import OrganizationKind, PersonName
from publishing.admin import RecordInlineForm
from tests.admin_pages import errors, filled_in, page_data, submit
from tests.factories import (
    CourtFactory,
    OrganizationFactory,
    PersonFactory,
    PersonNameFactory,
    PlaceFactory,
    ProceedingFactory,
    RulingFactory,
    SentenceFactory,
    SourceFactory,
    in_bulk,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def researcher_client(client, researcher):
    client.force_login(researcher)
    return client


def pick(client, source_model: str, field: str, term: str) -> list[dict]:
    """What the autocomplete of ``field`` on ``source_model`` ("app.model") offers."""
    app_label, model_name = source_model.split(".")
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    return response.json()["results"]


def labels(results) -> list[str]:
    return [result["text"] for result in results]


# --- Labels that tell records apart ----------------------------------------------------


def omirali_case():
    """One person, one administrative case, two rulings that only their details tell apart."""
    person = PersonFactory(preferred_name="Gulbaran Omirali")
    proceeding = ProceedingFactory(
        person=person,
        court=CourtFactory(name="Specialized Administrative Court of Almaty"),
        case_number="7599-19-00-3/1234",
        opened="2019-03",
    )
    first = RulingFactory(proceeding=proceeding, date="2019-03-12", outcome="guilty")
    appeal = RulingFactory(
        proceeding=proceeding, date="2019-04-02", outcome="dismissed", court_instance="appeal"
    )
    return proceeding, first, appeal


def test_two_rulings_of_one_person_are_told_apart_by_their_labels(researcher_client):
    proceeding, first, appeal = omirali_case()

    results = pick(researcher_client, "events.sentence", "ruling", "Omirali")

    by_id = {result["id"]: result["text"] for result in results}
    assert set(by_id) == {str(first.pk), str(appeal.pk)}
    assert by_id[str(first.pk)] != by_id[str(appeal.pk)]
    for label in by_id.values():
        assert "Specialized Administrative Court of Almaty" in label
        assert "case no. 7599-19-00-3/1234" in label
        assert "Gulbaran Omirali" in label
    assert by_id[str(first.pk)].startswith("12 Mar 2019 · Found guilty · First instance")
    assert by_id[str(appeal.pk)].startswith("2 Apr 2019 · Dismissed · Appeal")


def test_every_picker_label_carries_what_tells_records_apart(researcher_client):
    proceeding, first, _ = omirali_case()
    PersonNameFactory(person=proceeding.person, name="Gulbaran Omirali")
    PersonNameFactory(person=proceeding.person, name="Гүлбаран Өмірәлі")
    proceeding.person.birth_date = "1965"
    proceeding.person.residence = PlaceFactory(name="Almaty")
    proceeding.person.save()
    SentenceFactory(
        ruling=first,
        kind="fine",
        term_quantity=None,
        term_unit="",
        term_days=None,
        amount_as_reported="100 MCI",
    )
    SourceFactory(outlet="Azattyq", published="2019-03-13", headline="Picket fined")
    OrganizationFactory(
        name="Atajurt Eriktileri", kind=OrganizationKind.MOVEMENT, locality="Almaty"
    )

    assert labels(pick(researcher_client, "events.ruling", "proceeding", "Omirali")) == [
        "Gulbaran Omirali · administrative case · Specialized Administrative Court of Almaty"
        " · opened Mar 2019 · case no. 7599-19-00-3/1234"
    ]
    assert labels(pick(researcher_client, "sources.citation", "source", "Azattyq")) == [
        "Azattyq · 13 Mar 2019 · Picket fined"
    ]
    assert labels(pick(researcher_client, "events.participation", "person", "Omirali")) == [
        "Gulbaran Omirali (also Гүлбаран Өмірәлі) · born 1965 · Almaty"
    ]
    assert labels(pick(researcher_client, "people.affiliation", "organization", "Atajurt")) == [
        "Atajurt Eriktileri · Movement or activist group · Almaty"
    ]
    PretrialMeasure.objects.create(
        proceeding=proceeding, kind="house_arrest", start="2019-03-01", end="2019-03-12"
    )
    Occasion.objects.create(name="Xi Jinping's visit", kind="state_visit", date="2019-09")
    assert labels(pick(researcher_client, "events.measurechange", "measure", "Omirali")) == [
        "House arrest · 1 Mar 2019 – 12 Mar 2019 · Gulbaran Omirali"
    ]
    assert labels(pick(researcher_client, "events.protest", "occasions", "Xi")) == [
        "Xi Jinping's visit · State visit · Sep 2019"
    ]
    # Sentences are picked nowhere yet; their label is ready for the case screen.
    sentences = admin.site.get_model_admin(Sentence)
    (sentence,) = sentences.picker_queryset(Sentence.objects.all())
    assert sentences.picker_label(sentence) == (
        "Fine · 100 MCI · ruling of 12 Mar 2019 · Gulbaran Omirali"
    )


def test_a_chosen_record_reads_as_it_did_in_the_search(researcher_client):
    _, first, _ = omirali_case()
    sentence = SentenceFactory(ruling=first)

    page = researcher_client.get(reverse("admin:events_sentence_change", args=[sentence.pk]))

    (label,) = [
        text
        for text in labels(pick(researcher_client, "events.sentence", "ruling", "Omirali"))
        if text.startswith("12 Mar 2019")
    ]
    assert f"selected>{label}</option>" in page.content.decode()


def test_a_page_of_picker_results_costs_the_same_queries_for_more_records(researcher_client):
    def queries_for_rulings(count: int) -> int:
        for _ in range(count):
            RulingFactory(proceeding=ProceedingFactory(court=CourtFactory()))
        with CaptureQueriesContext(connection) as queries:
            pick(researcher_client, "events.sentence", "ruling", "Person")
        return len(queries)

    assert queries_for_rulings(1) == queries_for_rulings(10)


@pytest.mark.parametrize(
    ("matching", "pages"), [(20, [(20, False)]), (25, [(20, True), (5, False)])]
)
def test_a_picker_says_whether_more_follow_counting_no_further_than_it_needs(
    researcher_client, matching, pages
):
    """20 results a page, "more" exactly when a row follows the page; the count stops one
    row past the page asked for (casetracker.admin_pickers.CountUpTo), never all matches."""
    with in_bulk():
        for n in range(matching):
            PersonFactory(preferred_name=f"Azhibay {n:02}")
        PersonFactory(preferred_name="Someone Else")
    for number, (shown, more) in enumerate(pages, start=1):
        with CaptureQueriesContext(connection) as queries:
            response = researcher_client.get(
                reverse("admin:autocomplete"),
                {
                    "app_label": "events",
                    "model_name": "proceeding",
                    "field_name": "person",
                    "term": "Azhibay",
                    "page": number,
                },
            )
        answer = response.json()
        assert (len(answer["results"]), answer["pagination"]["more"]) == (shown, more)
        [count] = [query["sql"] for query in queries if query["sql"].startswith("SELECT COUNT(")]
        assert f"LIMIT {number * 20 + 1}" in count, count
    beyond = researcher_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "events",
            "model_name": "proceeding",
            "field_name": "person",
            "term": "Azhibay",
            "page": len(pages) + 1,
        },
    )
    assert beyond.status_code == 404  # as Django answers a page past the end
    furthest = researcher_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "events",
            "model_name": "proceeding",
            "field_name": "person",
            "term": "Azhibay",
            "page": str(2**63),
        },
    )
    assert furthest.status_code == 404  # not a count too large for the database


# --- Closest first, nothing without a pick ---------------------------------------------


def test_the_closest_name_comes_first(researcher_client):
    inside = PersonNameFactory(name="Zhanserik Bekov").person
    word = PersonNameFactory(name="Aidos Serik").person
    start = PersonNameFactory(name="Serikbol Azhibay").person
    exact = PersonNameFactory(name="Serik").person

    results = pick(researcher_client, "events.participation", "person", "serik")

    assert [result["id"] for result in results] == [
        str(person.pk) for person in (exact, start, word, inside)
    ]


def test_a_source_search_puts_the_outlet_searched_for_first(researcher_client):
    # Newer, so first in the sources' own order; it only mentions the outlet searched for.
    SourceFactory(outlet="Eurasianet", headline="What Azattyq reported", published="2020-01-01")
    azattyq = SourceFactory(outlet="Azattyq", headline="Picket fined", published="2019-03-13")

    results = pick(researcher_client, "sources.citation", "source", "azattyq")

    assert results[0]["id"] == str(azattyq.pk)


def test_a_search_that_matches_nothing_picks_nothing(researcher_client):
    PersonNameFactory(name="Serik Azhibay")
    protest_url = reverse("admin:events_participation_add")

    assert pick(researcher_client, "events.participation", "person", "Qwertyuiop") == []
    # Enter on "No results found" selects nothing (select2 selects only a highlighted
    # result), so the form goes back without a person: refused, nothing saved.
    data = page_data(researcher_client, protest_url)
    assert data["person"] == ""
    response = researcher_client.post(protest_url, data)

    assert "This field is required." in errors(response)["person"]
    assert not Participation.objects.exists()


# --- Inline rows keep their order ------------------------------------------------------


def test_spellings_come_back_in_the_order_they_were_entered(researcher_client):
    entered = ["Zhanar Sekerbayeva", "Жанар Секербаева", "Aigerim Sekerbayeva"]
    response = submit(
        researcher_client,
        reverse("admin:people_person_add"),
        {"preferred_name": "Zhanar Sekerbayeva"},
        inlines={"names": [{"name": name, "script": "latin"} for name in entered]},
    )
    assert response.status_code == 302, errors(response)
    person = PersonName.objects.first().person

    page = researcher_client.get(reverse("admin:people_person_change", args=[person.pk]))
    (names,) = [
        i.formset for i in page.context["inline_admin_formsets"] if i.formset.prefix == "names"
    ]

    assert [form.instance.name for form in names.initial_forms] == entered


# --- A ruling moves with its sentences -------------------------------------------------


def test_moving_a_ruling_moves_its_sentences_in_one_save(client, editor):
    client.force_login(editor)
    ruling = RulingFactory(publication_status="draft")
    fine, detention = SentenceFactory.create_batch(2, ruling=ruling, publication_status="draft")
    other = ProceedingFactory(person=ruling.proceeding.person)

    response = submit(
        client,
        reverse("admin:events_ruling_change", args=[ruling.pk]),
        {"proceeding": str(other.pk)},
    )

    assert response.status_code == 302, errors(response)
    ruling.refresh_from_db()
    assert ruling.proceeding == other
    for sentence in (fine, detention):
        sentence.refresh_from_db()
        assert sentence.proceeding == other
        latest = sentence.history.first()
        assert latest.history_user == editor
        assert latest.history_change_reason.startswith("Moved with its ruling to")


def test_a_blocked_move_is_said_at_the_proceeding_field_and_moves_nothing(
    researcher_client,
):
    ruling = RulingFactory(publication_status="draft")
    published = SentenceFactory(ruling=ruling, publication_status="published")
    before = ruling.proceeding
    other = ProceedingFactory(person=before.person)

    response = submit(
        researcher_client,
        reverse("admin:events_ruling_change", args=[ruling.pk]),
        {"proceeding": str(other.pk)},
    )

    assert response.status_code == 200
    (message,) = errors(response)["proceeding"]
    assert f"its sentence “{published}” is published: only an editor can move" in message
    assert '<ul class="errorlist' in response.content.decode()
    ruling.refresh_from_db()
    published.refresh_from_db()
    assert ruling.proceeding == published.proceeding == before


# --- Errors are visible ----------------------------------------------------------------


def test_an_error_on_a_field_the_inline_does_not_show_is_shown_on_its_row(client, editor):
    """The sentence's tenge range is entered on its own page; a change under the ruling
    that breaks it was a server error, and is now said on the row."""
    client.force_login(editor)
    sentence = SentenceFactory(
        kind="fine",
        term_quantity=None,
        term_unit="",
        term_days=None,
        amount_as_reported="",
        fine_amount=100,
        fine_currency="USD",
        fine_kzt=1000,
        fine_kzt_max=1500,
        publication_status="draft",
    )
    url = reverse("admin:events_ruling_change", args=[sentence.ruling_id])

    response = submit(client, url, {"sentences-0-fine_kzt": "2000"})

    message = "Highest fine in KZT: The highest tenge figure cannot be below the lowest."
    assert errors(response) == {"sentences-0-__all__": [message]}
    assert message in response.content.decode()
    sentence.refresh_from_db()
    assert sentence.fine_kzt == 1000


def test_an_error_on_a_hidden_input_is_shown_with_the_forms_errors():
    """An inline row's link to its parent is a hidden input: Django marks its errors
    nowhere, and the page said only “Please correct the errors below”."""

    class SentenceRow(RecordInlineForm):
        class Meta:
            model = Sentence
            fields = ["ruling", "kind"]
            widgets = {"ruling": HiddenInput}

    row = SentenceRow(data={"kind": "fine"})
    row.is_valid()
    row.add_error(None, {"ruling": "This ruling belongs to another proceeding."})

    assert "ruling" not in row.errors
    assert row.non_field_errors() == ["Ruling: This ruling belongs to another proceeding."]


def test_the_page_shows_an_inline_rows_hidden_error(client, editor):
    """Through the admin: an inline row refused on its hidden link is marked on the page."""
    client.force_login(editor)
    ruling = RulingFactory(publication_status="draft")
    SentenceFactory(ruling=ruling, publication_status="draft")
    url = reverse("admin:events_ruling_change", args=[ruling.pk])
    page = client.get(url)
    # The row claims another ruling: Django refuses the hidden link to the parent.
    data = filled_in(page, fields={"sentences-0-ruling": str(RulingFactory().pk)})

    response = client.post(url, data)

    assert response.status_code == 200
    found = errors(response)
    assert list(found) == ["sentences-0-__all__"], found
    assert found["sentences-0-__all__"][0] in response.content.decode()
