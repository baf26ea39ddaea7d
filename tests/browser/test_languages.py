"""The case list, a person, a proceeding and the admin's proceeding page in Russian and
Kazakh (Debian chromium): no English interface text left (the catalog's English msgids of
two words or more, looked for in the page's visible text), <html lang> right, dates and
no English month names, and the switcher keeping the filters. (Amounts "as reported" are a
source's words, quoted as written: "145,000 tenges" stays; the number formats are tested in
tests/test_i18n.py.)"""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from events.models import Proceeding, Sentence
from people.models import Person
from tests.catalogs import catalog_path, read_catalog
from tests.demo import load_demo

ENGLISH_DATE = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")


def english_msgids(language: str) -> set[str]:
    """Plain English interface text of two words or more that the translation changes."""
    found = set()
    for entry in read_catalog(catalog_path(language)):
        text = entry.msgid
        if re.search(r"[%{<]", text) or len(text.split()) < 2:
            continue
        if entry.msgstrs and entry.msgstrs[0] == text:
            continue  # the same in both (names, formats)
        found.add(text)
    return found


def interface_text(page) -> str:
    """The page's visible text less the parts marked as written in another language (record
    content such as a protest's title or a name as the sources spell it, marked by
    publishing/texts.py; the switcher's language names): what the interface itself says."""
    return page.evaluate(
        """() => {
            for (const part of document.querySelectorAll("body [lang]")) {
                if (part.lang !== document.documentElement.lang) part.textContent = "";
            }
            return document.body.innerText;
        }"""
    )


@pytest.fixture
def language_pages(live_server, transactional_db, client, admin_user, page):
    load_demo()
    sentence = Sentence.objects.public().filter(proceeding__person__isnull=False).first()
    person = Person.objects.public().get(pk=sentence.proceeding.person_id)
    proceeding = Proceeding.objects.public().get(pk=sentence.proceeding_id)
    client.force_login(admin_user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )

    def paths(language):
        with translation.override(language):
            return {
                "case list": reverse("events:case_list"),
                "person": person.get_absolute_url(),
                "proceeding": proceeding.get_absolute_url(),
                "admin proceeding": reverse("admin:events_proceeding_change", args=[proceeding.pk]),
            }

    return live_server.url, paths


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_pages_are_wholly_in_the_language(language_pages, page, language):
    base, paths = language_pages
    english = english_msgids(language)
    left = {}
    for name, path in paths(language).items():
        assert path.startswith(f"/{language}/")
        assert page.goto(base + path).status == 200
        assert page.get_attribute("html", "lang") == language
        text = page.inner_text("body")
        assert not ENGLISH_DATE.search(text), (name, ENGLISH_DATE.search(text).group())
        if name == "case list":  # the demo's records are in English, untranslated: marked
            assert page.locator('main [lang="en"]').count() > 0
        text = interface_text(page)
        if found := sorted(m for m in english if m in text):
            left[name] = found
    assert left == {}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_switcher_keeps_the_filters(language_pages, page, language):
    base, _paths = language_pages
    page.goto(base + "/?kind=fine&sort=-date")
    page.click(f'.language-switcher a[hreflang="{language}"]')
    assert page.url == f"{base}/{language}/?kind=fine&sort=-date"
    assert page.get_attribute("html", "lang") == language
    page.goto(base + "/people/")  # remembered: the English address leads to the choice
    assert page.url == f"{base}/{language}/people/"
    page.click('.language-switcher a[hreflang="en"]')
    assert page.url == f"{base}/people/"
    assert page.get_attribute("html", "lang") == "en"
