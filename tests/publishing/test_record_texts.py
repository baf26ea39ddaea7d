"""A record's own texts in the reader's language (publishing/texts.py, issue 19 item 4):
the version in the reader's language when there is one, else the original, marked with its
lang and said to be untranslated; the versions of a protected person's description are
withheld with it; the versions are entered in the admin."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from events.models import Protest
from publishing import texts
from tests.events.test_case_list import cited
from tests.factories import PersonFactory, ProceedingFactory, ProtestFactory, RulingFactory

pytestmark = pytest.mark.django_db


def page(client, record, language, name="events:protest_detail"):
    with translation.override(language):
        url = reverse(name, kwargs={"pk": record.pk})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def protest():
    return cited(
        ProtestFactory(
            title="Picket at the consulate",
            title_ru="Пикет у консульства",
            description="Two women stood with placards.",
            description_ru="Две женщины стояли с плакатами.",
        )
    )


def test_a_reader_sees_the_version_in_their_language_unmarked(client, protest):
    html = page(client, protest, "ru")
    assert re.search(r"<h1>Пикет у консульства</h1>", html)
    assert "<p>Две женщины стояли с плакатами.</p>" in html
    assert "Picket at the consulate" not in html
    assert "Two women stood" not in html


def test_without_a_version_the_original_is_shown_marked_with_its_language(client, protest):
    html = page(client, protest, "kk")
    assert '<h1 lang="en">Picket at the consulate</h1>' in html
    assert '<p lang="en">Two women stood with placards.</p>' in html
    assert re.search(r'class="original-language"><small>[^<]*ағылшын', html)


def test_in_the_records_language_the_original_is_shown_unmarked(client, protest):
    html = page(client, protest, "en")
    assert "<h1>Picket at the consulate</h1>" in html
    assert "<p>Two women stood with placards.</p>" in html
    assert 'lang="en"' not in html.split("<main", 1)[1]
    assert 'class="original-language"' not in html


@override_settings(CASETRACKER_RECORDS_LANGUAGE="ru")
def test_records_written_in_another_language_are_marked_on_the_english_pages(client):
    protest = cited(ProtestFactory(title="Пикет у консульства"))
    html = page(client, protest, "en")
    assert '<h1 lang="ru">Пикет у консульства</h1>' in html


def test_summaries_and_descriptions_of_every_kind_follow_the_reader(client):
    person = cited(PersonFactory(description="A teacher.", description_kk="Мұғалім."))
    proceeding = cited(
        ProceedingFactory(person=person, summary="Fined.", summary_kk="Айыппұл салынды.")
    )
    cited(RulingFactory(proceeding=proceeding, summary="Guilty.", summary_kk="Кінәлі деп танылды."))
    assert "Мұғалім." in page(client, person, "kk", "events:person_detail")
    html = page(client, proceeding, "kk", "events:proceeding_detail")
    assert "<p>Айыппұл салынды.</p>" in html and "<p>Кінәлі деп танылды.</p>" in html
    html = page(client, proceeding, "ru", "events:proceeding_detail")
    assert '<p lang="en">Fined.</p>' in html and '<p lang="en">Guilty.</p>' in html


def test_search_shows_the_title_in_the_readers_language(client, protest):
    with translation.override("ru"):
        search = reverse("search") + "?q=consulate"
    html = client.get(search).content.decode()
    assert "Пикет у консульства" in html and "Picket at the consulate" not in html
    with translation.override("kk"):
        search = reverse("search") + "?q=consulate"
    assert 'lang="en">Picket at the consulate</a>' in client.get(search).content.decode()


def test_a_protected_persons_versions_are_withheld_with_the_description(client):
    person = cited(
        PersonFactory(
            is_protected=True,
            pseudonym="Relative B",
            protection_reason="Family in Xinjiang",
            description="Works in Urumqi.",
            description_ru="Работает в Урумчи.",
            description_kk="Үрімжіде жұмыс істейді.",
        )
    )
    for language in ("en", "ru", "kk"):
        html = page(client, person, language, "events:person_detail")
        assert "Урумчи" not in html and "Үрімжі" not in html and "Urumqi" not in html


def test_the_text_helper_prefers_the_version_then_the_marked_original():
    protest = Protest(title="Rally", title_ru="Митинг", title_kk="")
    assert (texts.in_reader_language(protest, "title", "ru"), protest.title_ru) == (
        "Митинг",
        "Митинг",
    )
    assert texts.in_reader_language(protest, "title", "ru").lang is None
    original = texts.in_reader_language(protest, "title", "kk")
    assert (str(original), original.lang) == ("Rally", "en")
    assert texts.in_reader_language(protest, "title", "en").lang is None
    assert texts.in_reader_language(Protest(title=""), "title", "kk").lang is None


def test_the_admin_offers_the_versions_of_each_text(admin_client):
    for model, names in {
        "events/protest": ["title_ru", "title_kk", "description_ru", "description_kk"],
        "events/proceeding": ["summary_ru", "summary_kk"],
        "events/ruling": ["summary_ru", "summary_kk"],
        "events/occasion": ["description_ru", "description_kk"],
        "people/person": ["description_ru", "description_kk"],
        "people/organization": ["description_ru", "description_kk"],
    }.items():
        html = admin_client.get(f"/admin/{model}/add/").content.decode()
        for name in names:
            assert f'name="{name}"' in html, (model, name)


@override_settings(CASETRACKER_RECORDS_LANGUAGE="de")
def test_a_records_language_the_site_is_not_served_in_is_refused_by_the_checks():
    assert [error.id for error in texts.check_records_language()] == ["casetracker.E001"]
