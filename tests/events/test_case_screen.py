"""The case screen (events/case_screen.py): a whole case entered or edited on one admin
page, a source cited once for many facts, saved in one transaction or not at all."""

import re
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import (
    Charge,
    Hearing,
    Participation,
    PretrialMeasure,
    Proceeding,
    Ruling,
    Sentence,
)
from people.models import Person, PersonName
from publishing.models import PublicationStatus
from sources.models import Citation, Source
from tests.admin_pages import form_values
from tests.factories import (
    CitationFactory,
    CourtFactory,
    PersonFactory,
    PersonNameFactory,
    ProceedingFactory,
    ProtestFactory,
    RulingFactory,
    SentenceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

NEW_CASE = reverse("admin:events_proceeding_case_add")
WRITTEN = (
    Person,
    PersonName,
    Participation,
    Proceeding,
    Charge,
    PretrialMeasure,
    Hearing,
    Ruling,
    Sentence,
    Source,
    Citation,
)

# AFP, 2019 (tests/data/seeds/000_…): Serik Azhibay's 15 days for a one-man picket.
AFP_URL = "https://www.afp.com/serik-azhibay-15-days"
JAILED = (
    "Serik Azhibay was handed the sentence on Monday after he staged a one-man picket outside "
    "the Chinese consulate in Kazakhstan’s largest city Almaty"
)
FIFTEEN_DAYS = "He will spend 15 days in jail."
ILLEGAL = "[The court] said the protest was illegal."


def case_url(proceeding) -> str:
    return reverse("admin:events_proceeding_case", args=[proceeding.pk])


@pytest.fixture
def researcher_client(client, researcher):
    client.force_login(researcher)
    return client


def screen_data(page, values=None) -> dict:
    """What a browser posts from the case screen ``page`` once ``values`` (by input name)
    are typed: every form as rendered, existing rows posted back unchanged."""
    screen = page.context["screen"]
    data = {}
    formsets = [*screen.rows.values(), screen.citations]
    for form in screen.main_forms:
        data.update(form_values(form))
    for formset in formsets:
        data.update(form_values(formset.management_form))
        for form in formset.forms:
            data.update(form_values(form))
    data.update(values or {})
    return data


def post_screen(client, url, values):
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, screen_data(page, values))


def counts() -> dict:
    return {model.__name__: model._base_manager.count() for model in WRITTEN}


def errors(response) -> dict:
    """Every error on the redisplayed screen, by the input's name."""
    screen = response.context["screen"]
    found = {}
    forms = [form for _key, _title, form in screen.record_forms()] + list(screen.citations)
    for form in forms:
        for name, messages in form.errors.items():
            found[form.add_prefix(name)] = list(messages)
    return found


def azhibay_case(protest) -> dict:
    """Serik Azhibay's case as a researcher types it, with two sources' quotes ticked."""
    return {
        "person-preferred_name": "Serik Azhibay",
        "person-citizenship": "Kazakhstan",
        "names-0-name": "Serik Azhibay",
        "names-1-name": "Azhibai",
        "names-1-origin": "researcher",
        "participations-0-protest": str(protest.pk),
        "participations-0-role": "detained",
        "case-kind": "administrative",
        "case-country": "Kazakhstan",
        "case-court_as_reported": "The court in Almaty",
        "case-protests": [str(protest.pk)],
        "charges-0-as_reported": "the protest was illegal",
        "rulings-0-date": "2019-09-23",
        "rulings-0-outcome": "guilty",
        "sentences-0-ruling_key": "0",
        "sentences-0-kind": "administrative_detention",
        "sentences-0-status": "imposed",
        "sentences-0-term_quantity": "15",
        "sentences-0-term_unit": "days",
        "sources-0-new_url": AFP_URL,
        "sources-0-new_outlet": "AFP",
        "sources-0-new_headline": "Kazakhstan jails activist over anti-China protest",
        "sources-0-new_published": "2019-09",
        "sources-0-quote": JAILED,
        "sources-0-facts": [
            "person",
            "names-0",
            "participations-0",
            "case",
            "case:court_as_reported",
            "rulings-0",
            "rulings-0:date",
        ],
        "sources-1-quote": FIFTEEN_DAYS,
        "sources-1-facts": ["sentences-0", "sentences-0:term_quantity"],
    }


def test_a_whole_case_is_entered_in_one_post_as_drafts_with_its_citations(
    researcher_client, researcher
):
    protest = ProtestFactory(title="One-man picket at the Chinese consulate")
    values = azhibay_case(protest)
    # The second quote's source is one already recorded, picked.
    afp = SourceFactory(url="https://www.afp.com/earlier", outlet="AFP")
    values["sources-1-source"] = str(afp.pk)

    response = post_screen(researcher_client, NEW_CASE, values)

    assert response.status_code == 302, errors(response)
    proceeding = Proceeding.objects.get()
    assert response["Location"] == case_url(proceeding)
    person = proceeding.person
    assert person.preferred_name == "Serik Azhibay"
    assert [n.name for n in person.names.order_by("pk")] == ["Serik Azhibay", "Azhibai"]
    assert list(proceeding.protests.all()) == [protest]
    assert Participation.objects.get().protest == protest
    ruling = Ruling.objects.get()
    sentence = Sentence.objects.get()
    assert (sentence.ruling, sentence.proceeding, sentence.term_days) == (ruling, proceeding, 15)
    assert proceeding.charges.get().as_reported == "the protest was illegal"
    created = [person, *person.names.all(), proceeding, ruling, sentence, *Citation.objects.all()]
    assert {record.publication_status for record in created} == {PublicationStatus.DRAFT}
    new_source = Source.objects.get(url=AFP_URL)
    assert new_source.publication_status == PublicationStatus.DRAFT

    cited = {
        (c.source_id, c.content_type.model, c.object_id, c.field, c.quote)
        for c in Citation.objects.select_related("content_type")
    }
    name = person.names.get(name="Serik Azhibay")
    participation = Participation.objects.get()
    s, f = new_source.pk, afp.pk
    assert cited == {
        (s, "person", person.pk, "", JAILED),
        (s, "personname", name.pk, "", JAILED),
        (s, "participation", participation.pk, "", JAILED),
        (s, "proceeding", proceeding.pk, "", JAILED),
        (s, "proceeding", proceeding.pk, "court_as_reported", JAILED),
        (s, "ruling", ruling.pk, "", JAILED),
        (s, "ruling", ruling.pk, "date", JAILED),
        (f, "sentence", sentence.pk, "", FIFTEEN_DAYS),
        (f, "sentence", sentence.pk, "term_quantity", FIFTEEN_DAYS),
    }
    # Who did it, in each record's history.
    assert sentence.history.latest().history_user == researcher
    assert Citation.objects.first().history.latest().history_user == researcher


def test_the_fact_menu_reads_in_words_not_field_names(researcher_client):
    page = researcher_client.get(NEW_CASE)

    menu = dict(page.context["screen"].citations.forms[0].fields["facts"].choices)
    sentence = dict(menu["Sentence 1 (new row)"])
    assert sentence["sentences-0"] == "the whole record"
    assert sentence["sentences-0:term_quantity"] == "Term"
    assert dict(menu["Case"])["case:court_as_reported"] == "Court as reported"
    content = page.content.decode()
    assert "Court as reported" in content
    assert "Case (proceeding)" in content


def test_an_invalid_row_redisplays_everything_with_the_error_at_the_field_and_writes_nothing(
    researcher_client,
):
    protest = ProtestFactory()
    values = azhibay_case(protest)
    values["sources-1-new_url"] = "https://example.org/another"
    values["sources-1-new_outlet"] = "RFE/RL"
    values["sources-1-new_headline"] = "Activist jailed"
    values["sentences-0-term_unit"] = ""  # a term without its unit
    before = counts()

    response = post_screen(researcher_client, NEW_CASE, values)

    assert response.status_code == 200
    assert counts() == before
    found = errors(response)
    assert "sentences-0-term_unit" in found, found
    content = response.content.decode()
    assert "Nothing was saved" in content
    # What was typed is still there.
    assert 'value="Serik Azhibay"' in content
    assert 'value="Azhibai"' in content
    assert JAILED in content
    assert 'value="sentences-0:term_quantity" id="id_sources-1-facts_' in content.replace(
        " checked", ""
    )
    screen = response.context["screen"]
    assert screen.citations.forms[1]["facts"].value() == [
        "sentences-0",
        "sentences-0:term_quantity",
    ]


def test_a_refusal_found_when_writing_is_shown_at_its_record_and_nothing_is_kept(
    researcher_client,
):
    # A detention without a case under a ruling: the row is valid alone, and refused only
    # once its ruling is known, after the person and the case were written: all of it is
    # rolled back.
    values = azhibay_case(ProtestFactory())
    values["sources-1-source"] = str(SourceFactory().pk)
    values["sentences-0-kind"] = "held_without_charge"
    before = counts()

    response = post_screen(researcher_client, NEW_CASE, values)

    assert response.status_code == 200
    assert counts() == before
    found = errors(response)
    assert "A detention without a case has no ruling" in found["sentences-0-ruling_key"][0]
    content = response.content.decode()
    assert 'value="The court in Almaty"' in content
    assert "Nothing was saved" in content


def test_a_ticked_empty_row_and_a_sentence_under_an_empty_ruling_are_refused(
    researcher_client,
):
    values = azhibay_case(ProtestFactory())
    values["sources-1-facts"] = ["hearings-0"]
    values["sentences-0-ruling_key"] = "0"
    for name in ("rulings-0-date", "rulings-0-outcome"):
        values[name] = ""
    values["rulings-0-court_instance"] = "first"
    values["sources-0-facts"] = ["person"]
    before = counts()

    response = post_screen(researcher_client, NEW_CASE, values)

    assert counts() == before
    found = errors(response)
    assert "Hearing 1 is an empty row" in " ".join(found["sources-1-facts"])
    assert found["sentences-0-ruling_key"] == ["That ruling's row is empty: fill it in first."]


def test_a_quote_needs_its_source_and_its_facts(researcher_client):
    values = azhibay_case(ProtestFactory())
    values["sources-1-facts"] = []

    response = post_screen(researcher_client, NEW_CASE, values)

    found = errors(response)
    assert found["sources-1-source"] == ["Pick the source, or enter a new one below."]
    assert found["sources-1-facts"] == ["Tick the facts or fields this quote supports."]


def existing_case():
    person = PersonFactory(preferred_name="Gulbaran Omirali", publication_status="draft")
    names = [
        PersonNameFactory(person=person, name=name, publication_status="draft")
        for name in ("Omirali", "Gulbaran Omirali", "Ömirali")
    ]
    proceeding = ProceedingFactory(person=person, publication_status="draft")
    rulings = [
        RulingFactory(proceeding=proceeding, date=date, publication_status="draft")
        for date in ("2021-03", "2020-01")
    ]
    sentence = SentenceFactory(ruling=rulings[1], publication_status="draft")
    return person, names, proceeding, rulings, sentence


def test_editing_a_case_keeps_ids_and_the_order_rows_were_entered_in(researcher_client):
    person, names, proceeding, rulings, sentence = existing_case()
    url = case_url(proceeding)
    page = researcher_client.get(url)
    screen = page.context["screen"]
    # In entry order, not alphabetical or by date.
    assert [form.instance for form in screen.rows["names"].initial_forms] == names
    assert [form.instance for form in screen.rows["rulings"].initial_forms] == rulings
    assert screen.rows["sentences"].forms[0]["ruling_key"].value() == "1"

    values = {
        "names-1-note": "as in the court's ruling",
        "names-3-name": "Gulbaran Ömirali",
        "rulings-0-summary": "Fined for the picket",
        "sentences-0-ruling_key": "0",
    }
    response = researcher_client.post(url, screen_data(page, values))

    assert response.status_code == 302, errors(response)
    assert [n.pk for n in person.names.order_by("pk")][:3] == [n.pk for n in names]
    assert person.names.get(pk=names[1].pk).note == "as in the court's ruling"
    assert person.names.order_by("pk").last().name == "Gulbaran Ömirali"
    assert Ruling.objects.get(pk=rulings[0].pk).summary == "Fined for the picket"
    assert Sentence.objects.get(pk=sentence.pk).ruling_id == rulings[0].pk
    assert Proceeding.objects.count() == 1 and Person.objects.count() == 1
    # An unchanged row gets no new history row.
    assert names[0].history.count() == 1


def test_the_screen_lists_what_is_still_uncited(researcher_client):
    person, names, proceeding, rulings, sentence = existing_case()
    CitationFactory(fact=rulings[0])
    CitationFactory(fact=person)
    names[0].origin = "researcher"  # added for search: needs no citation
    names[0].save()

    page = researcher_client.get(case_url(proceeding))

    uncited = page.context["uncited"]
    assert "Spelling 2: Gulbaran Omirali" in uncited
    assert "Case: Administrative case" in uncited
    assert any(title.startswith("Ruling 2") for title in uncited)
    assert any(title.startswith("Sentence 1") for title in uncited)
    assert not any(title.startswith(("Ruling 1", "Person", "Spelling 1")) for title in uncited)
    assert "Still uncited" in page.content.decode()


def test_a_researcher_cannot_change_a_published_record_through_the_screen(researcher_client):
    person, names, proceeding, rulings, sentence = existing_case()
    Ruling.objects.filter(pk=rulings[0].pk).update(publication_status="published")
    Person.objects.filter(pk=person.pk).update(publication_status="published")
    url = case_url(proceeding)
    page = researcher_client.get(url)
    before = counts()

    response = researcher_client.post(
        url,
        screen_data(
            page,
            {"rulings-0-summary": "Changed", "person-preferred_name": "Someone else"},
        ),
    )

    assert response.status_code == 200
    assert counts() == before
    found = errors(response)
    assert "is published" in " ".join(found["rulings-0-__all__"])
    assert "is published" in " ".join(found["person-__all__"])
    assert Ruling.objects.get(pk=rulings[0].pk).summary == ""


def test_a_researcher_may_add_a_draft_row_under_a_published_case(researcher_client):
    person, names, proceeding, rulings, sentence = existing_case()
    Proceeding.objects.filter(pk=proceeding.pk).update(publication_status="published")
    url = case_url(proceeding)

    response = post_screen(researcher_client, url, {"charges-0-as_reported": "hooliganism"})

    assert response.status_code == 302, errors(response)
    assert Charge.objects.get().publication_status == "draft"


def test_only_staff_who_may_add_and_change_case_records_open_the_screen(client, django_user_model):
    viewer = django_user_model.objects.create_user(username="viewer", is_staff=True)
    client.force_login(viewer)
    assert client.get(NEW_CASE).status_code == 403


def test_the_screen_is_reachable_from_the_person_proceeding_and_index_pages(
    researcher_client,
):
    person, names, proceeding, rulings, sentence = existing_case()
    pages = [
        reverse("admin:index"),
        reverse("admin:people_person_change", args=[person.pk]),
        reverse("admin:events_proceeding_change", args=[proceeding.pk]),
    ]
    contents = [researcher_client.get(url).content.decode() for url in pages]
    assert NEW_CASE in contents[0]
    assert case_url(proceeding) in contents[1]
    assert f"{NEW_CASE}?person={person.pk}" in contents[1]
    assert case_url(proceeding) in contents[2]


def test_a_new_case_for_a_recorded_person_keeps_the_person(researcher_client):
    person = PersonFactory(preferred_name="Serik Azhibay", publication_status="draft")
    url = f"{NEW_CASE}?person={person.pk}"

    response = post_screen(researcher_client, url, {"case-kind": "criminal"})

    assert response.status_code == 302, errors(response)
    assert Proceeding.objects.get().person == person
    assert Person.objects.count() == 1


def case_with_rows(n):
    person, names, proceeding, rulings, sentence = existing_case()
    source = SourceFactory()
    for i in range(n):
        ruling = RulingFactory(proceeding=proceeding, court=CourtFactory(name=f"Court {i}"))
        SentenceFactory(ruling=ruling)
        proceeding.charges.create(as_reported=f"charge {i}")
        proceeding.hearings.create(kind="main", date="2025-07", court=ruling.court)
        proceeding.pretrial_measures.create(kind="detention", start="2025-07")
        PersonNameFactory(person=person, name=f"Name {i}")
        participation = Participation.objects.create(person=person, protest=ProtestFactory())
        CitationFactory(fact=participation, source=source)
        CitationFactory(fact=ruling, source=source)
    return proceeding


def test_the_screens_queries_do_not_grow_with_its_rows(researcher_client):
    few = case_url(case_with_rows(1))
    many = case_url(case_with_rows(6))
    researcher_client.get(few)  # content types cached, as on a warm server

    with CaptureQueriesContext(connection) as few_queries:
        assert researcher_client.get(few).status_code == 200
    with CaptureQueriesContext(connection) as many_queries:
        response = researcher_client.get(many)

    assert len(response.context["screen"].rows["rulings"].initial_forms) == 8
    assert len(many_queries) == len(few_queries), "\n".join(query["sql"] for query in many_queries)


def test_the_sentence_menu_offers_the_rulings_on_the_screen_new_ones_included(
    researcher_client,
):
    person, names, proceeding, rulings, sentence = existing_case()
    page = researcher_client.get(case_url(proceeding))

    menu = dict(page.context["screen"].rows["sentences"].forms[0].fields["ruling_key"].choices)

    assert menu["0"].startswith("Ruling 1: Mar 2021")
    assert menu["1"].startswith("Ruling 2: Jan 2020")
    assert menu["2"] == "Ruling 3 (new row)"


def test_citation_content_types_point_at_the_records_on_the_screen(researcher_client):
    values = azhibay_case(ProtestFactory())
    values["sources-1-source"] = str(SourceFactory().pk)

    response = post_screen(researcher_client, NEW_CASE, values)

    assert response.status_code == 302, errors(response)
    sentence_type = ContentType.objects.get_for_model(Sentence)
    assert Citation.objects.filter(content_type=sentence_type).count() == 2


@pytest.mark.parametrize(
    "hostile",
    [
        {"person-residence": "99999999999999999999999"},
        {"participations-0-protest": "abc"},
        {"case-protests": ["99999999999999999999999", "x"]},
        {"case-court": "\x00"},
        {"sentences-0-ruling_key": "7"},
        {"sources-0-facts": ["rulings-9", "person:internal_notes", "person:id"]},
        {"sources-1-source": "-1"},
        {"sentences-0-term_quantity": "1e999"},
        {"names-TOTAL_FORMS": "x"},
    ],
    ids=lambda values: next(iter(values)),
)
def test_hostile_input_is_answered_with_errors_and_writes_nothing(researcher_client, hostile):
    values = {**azhibay_case(ProtestFactory()), **hostile}
    before = counts()

    response = post_screen(researcher_client, NEW_CASE, values)

    assert response.status_code == 200
    assert counts() == before


def test_recorded_citations_name_their_field_in_words(researcher_client):
    person, names, proceeding, rulings, sentence = existing_case()
    CitationFactory(fact=proceeding, field="court_as_reported", quote="a court in Almaty")

    content = researcher_client.get(case_url(proceeding)).content.decode()

    assert "(court as reported): “a court in Almaty”" in content
    assert "court_as_reported)" not in content


def test_a_retracted_case_opens_for_an_editor_only(researcher_client, editor, client):
    person, names, proceeding, rulings, sentence = existing_case()
    Proceeding.objects.filter(pk=proceeding.pk).update(publication_status="retracted")

    assert researcher_client.get(case_url(proceeding)).status_code == 403
    client.force_login(editor)
    assert client.get(case_url(proceeding)).status_code == 200


def test_the_sources_picker_finds_a_source_by_its_date_and_tells_it_apart(researcher_client):
    SourceFactory(outlet="AFP", headline="Activist jailed", published="2019-09")
    SourceFactory(outlet="AFP", headline="Activist jailed", published="2020-01")

    response = researcher_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "sources",
            "model_name": "citation",
            "field_name": "source",
            "term": "2019-09",
        },
    )

    assert [result["text"] for result in response.json()["results"]] == [
        "AFP · Sep 2019 · Activist jailed"
    ]


def test_a_term_or_fine_is_read_as_typed_with_a_decimal_comma_and_never_guessed(
    researcher_client,
):
    """The browser's number box dropped what it could not read: "2,5" years, as the
    field's help writes it, reached the server as 25. The boxes are text boxes now; a
    comma before one or two decimals is the decimal point, and "100,000" (thousands, or a
    decimal?) is refused at its field, with how to write it, and nothing is written."""
    page = researcher_client.get(NEW_CASE).content.decode()
    for name in ("term_quantity", "fine_amount", "probation_quantity"):
        box = re.search(rf'<input[^>]*name="sentences-0-{name}"[^>]*>', page).group(0)
        assert 'type="text"' in box and 'inputmode="decimal"' in box, box

    def case(term: str) -> dict:
        values = azhibay_case(ProtestFactory())
        values["sources-1-source"] = str(SourceFactory().pk)
        return {**values, "sentences-0-term_quantity": term, "sentences-0-term_unit": "years"}

    before = counts()
    for typed in ("100,000", "100 000", "2,500"):
        refused = post_screen(researcher_client, NEW_CASE, case(typed))
        assert refused.status_code == 200
        assert errors(refused)["sentences-0-term_quantity"][0] == (
            "Enter a number in digits, with a point or a comma before the decimals and "
            "nothing between the thousands: 2.5, 2,5 or 100000."
        ), typed
        assert f'value="{typed}"' in refused.content.decode()  # kept as typed
    assert counts() == {**before, "Source": before["Source"] + 3}

    response = post_screen(researcher_client, NEW_CASE, case("2,5"))
    assert response.status_code == 302, errors(response)
    assert Sentence.objects.get().term_quantity == Decimal("2.5")


def test_the_sentence_admin_reads_a_decimal_comma_too(client, editor):
    from tests.admin_pages import filled_in
    from tests.factories import SentenceFactory

    sentence = SentenceFactory(term_quantity=Decimal("15"), term_unit="days")
    client.force_login(editor)
    url = reverse("admin:events_sentence_change", args=[sentence.pk])
    data = filled_in(client.get(url), {"term_quantity": "2,5", "term_unit": "years"})

    response = client.post(url, data)

    assert response.status_code == 302
    assert Sentence.objects.get(pk=sentence.pk).term_quantity == Decimal("2.5")


def test_a_person_already_recorded_under_the_name_is_not_recorded_again_unasked(
    researcher_client,
):
    """A researcher unsure whether her first save went through entered the case again:
    the person was recorded twice, unasked. A new person whose name (in any script or
    spelling that folds alike) is recorded is refused at the name, the people of that name
    listed with links; ticking "a different person" records them."""
    first = post_screen(researcher_client, NEW_CASE, case_with_new_source("Serik Azhibay"))
    assert first.status_code == 302, errors(first)
    recorded = Person.objects.get()
    before = counts()

    for spelling in ("Serik Azhibay", "Серик Ажибай", "serik azhibai"):
        again = post_screen(researcher_client, NEW_CASE, case_with_new_source(spelling))
        assert again.status_code == 200
        assert errors(again)["person-preferred_name"] == [
            "Someone of this name is already recorded (listed below). To add this case to "
            "them, open their case screen; to record someone else, tick “A different "
            "person” and save again."
        ]
        page = again.content.decode()
        assert f'href="{NEW_CASE}?person={recorded.pk}"' in page
        assert 'type="checkbox" name="person-different_person"' in page
        assert f'value="{spelling}"' in page  # what she typed, kept
    assert counts() == {**before, "Source": before["Source"] + 6}

    someone_else = post_screen(
        researcher_client,
        NEW_CASE,
        {**case_with_new_source("Serik Azhibay"), "person-different_person": "on"},
    )
    assert someone_else.status_code == 302, errors(someone_else)
    assert Person.objects.filter(preferred_name="Serik Azhibay").count() == 2

    # The recorded person's own screen is not asked: it is that person.
    own = post_screen(researcher_client, case_url(recorded.proceedings.get()), {})
    assert own.status_code == 302, errors(own)


def case_with_new_source(name: str) -> dict:
    """Azhibay's case under ``name``, its quotes from two sources already recorded."""
    values = azhibay_case(ProtestFactory())
    for field in [field for field in values if field.startswith("sources-0-new_")]:
        del values[field]
    values["sources-0-source"] = str(SourceFactory().pk)
    values["sources-1-source"] = str(SourceFactory().pk)
    return {**values, "person-preferred_name": name, "names-0-name": name}


def test_a_text_says_which_language_it_is_written_in(researcher_client):
    """A Russian researcher, told nothing, wrote the description in Russian; the site
    showed it to readers as written in English. Every text that has versions in the other
    languages says which language the original is in, on the screen and on its own page."""
    ru = researcher_client.get("/ru" + NEW_CASE).content.decode()
    assert '<label for="id_person-description">Описание (Английский):</label>' in ru
    assert '<label for="id_case-summary">' in ru
    assert re.search(r'<label for="id_case-summary">[^<]+\(Английский\):</label>', ru)
    en = researcher_client.get("/admin/people/person/add/").content.decode()
    assert re.search(r'<label for="id_description">Description \(English\):</label>', en)
    assert re.search(r'<label for="id_description_ru">[^<]*\(Russian\):</label>', en)


def test_saving_over_a_newer_save_of_the_person_says_what_changed_and_who(
    researcher_client, researcher
):
    """Two tabs on one case: the second save was refused, its values kept, but it did not
    say what the first had changed, as the record's own admin page does."""
    person, _names, proceeding, _rulings, _sentence = existing_case()
    Person.objects.filter(pk=person.pk).update(locality="Almaty")
    url = case_url(proceeding)
    first_tab = researcher_client.get(url)
    second_tab = researcher_client.get(url)

    saved = researcher_client.post(url, screen_data(first_tab, {"person-locality": "Taldykorgan"}))
    assert saved.status_code == 302, errors(saved)
    refused = researcher_client.post(
        url, screen_data(second_tab, {"person-description": "Pensioner."})
    )

    assert refused.status_code == 200
    said = errors(refused)["person-__all__"]
    assert said[0].startswith("Someone else saved “Gulbaran Omirali” after you opened this page.")
    assert said[1] == "Changed since you opened it: home locality: “Almaty” → “Taldykorgan”."
    assert said[2] == f"Saved by {researcher.username}."
    person.refresh_from_db()
    assert person.locality == "Taldykorgan" and person.description != "Pensioner."
    kept = refused.context["screen"].person_form["description"].value()
    assert kept == "Pensioner."  # her value, shown again
