"""The case screen (events/case_screen.py) in a real browser (Debian chromium): never wider
than a 1,366 px window, no serious or critical axe-core violation, and a small case entered
with its source in one submission."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from events.models import Proceeding
from sources.models import Citation
from tests.browser.test_accessibility import _axe_script, _violations
from tests.factories import (
    PersonFactory,
    PersonNameFactory,
    ProceedingFactory,
    ProtestFactory,
    RulingFactory,
    SentenceFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_page(live_server, transactional_db, client, admin_user, page):
    # The groups the migrations make do not outlive a transactional test: a superuser.
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
    page.set_viewport_size({"width": 1366, "height": 900})
    return page


SAVED = re.compile(r"/proceeding/\d+/case/$")


def save(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Save the case").click()
    errors = page.locator(".errorlist").all_inner_texts()
    assert SAVED.search(page.url), errors


def tick_whole_record(page, title):
    group = page.locator("#id_sources-0-facts > div").filter(
        has=page.locator(f'xpath=./label[normalize-space()="{title}"]')
    )
    group.get_by_label("the whole record").check()


def a_case():
    person = PersonFactory(preferred_name="Gulbaran Omirali")
    PersonNameFactory(person=person, name="Gulbaran Omirali")
    proceeding = ProceedingFactory(person=person, court_as_reported="A court in Almaty")
    ruling = RulingFactory(proceeding=proceeding)
    SentenceFactory(ruling=ruling, kind="fine", term_quantity=None, term_unit="", term_days=None,
                    fine_amount=100, fine_currency="MCI")  # fmt: skip
    return proceeding


def test_the_case_screen_fits_the_window_and_passes_axe(live_server, admin_page):
    page = admin_page
    axe = _axe_script()
    proceeding = a_case()
    failures = {}
    for url in (
        reverse("admin:events_proceeding_case_add"),
        reverse("admin:events_proceeding_case", args=[proceeding.pk]),
    ):
        assert page.goto(live_server.url + url).status == 200
        problems = _violations(page, axe)
        scroll_width, inner_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            problems.append(f"scrolls sideways: {scroll_width} px wide in {inner_width} px")
        if problems:
            failures[url] = problems
    assert not failures, "\n".join(f"{url}: {p}" for url, ps in failures.items() for p in ps)


def test_a_whole_case_and_its_source_are_entered_in_one_submission(live_server, admin_page):
    """Gulbaran Omirali's case (the seed's relatives' picket, an administrative case, its
    ruling and fine), one source quoted for every fact, in one submission."""
    ProtestFactory(title="Relatives' picket at the Chinese consulate", start="2021-02")
    ProtestFactory(title="Another picket", start="2021-02")
    page = admin_page
    page.goto(live_server.url + reverse("admin:events_proceeding_case_add"))

    page.fill("#id_person-preferred_name", "Gulbaran Omirali")
    page.fill("#id_names-0-name", "Gulbaran Omirali")
    page.fill("#id_names-1-name", "Gulbaran Ömirali")
    page.locator("#id_participations-0-protest + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Relatives")
    expect(page.locator(".select2-results__option--highlighted")).to_contain_text("Relatives")
    page.locator(".select2-container--open .select2-search__field").press("Enter")
    page.select_option("#id_case-kind", "administrative")
    page.fill("#id_rulings-0-date", "2021-03")
    page.select_option("#id_rulings-0-outcome", "guilty")
    page.select_option("#id_sentences-0-ruling_key", "0")
    page.select_option("#id_sentences-0-kind", "fine")
    page.fill("#id_sentences-0-fine_amount", "100")
    page.select_option("#id_sentences-0-fine_currency", "MCI")
    page.fill("#id_sources-0-new_url", "https://example.org/omirali")
    page.fill("#id_sources-0-new_outlet", "RFE/RL")
    page.fill("#id_sources-0-new_headline", "Relatives' picket fined")
    page.fill("#id_sources-0-new_published", "2021-03")
    page.fill("#id_sources-0-quote", "Gulbaran Omirali was fined 100 MCI.")
    # Before saving, the menu names the rows by their place on the page.
    for title in (
        "Person",
        "Spelling 1 (new row)",
        "Spelling 2 (new row)",
        "Protest participation 1 (new row)",
        "Case",
        "Ruling 1 (new row)",
        "Sentence 1 (new row)",
    ):
        tick_whole_record(page, title)
    save(page)
    assert "The case of Gulbaran Omirali is saved" in page.content()
    proceeding = Proceeding.objects.get()
    person = proceeding.person
    assert [name.name for name in person.names.order_by("pk")] == [
        "Gulbaran Omirali",
        "Gulbaran Ömirali",
    ]
    assert person.participations.get().protest.title.startswith("Relatives")
    sentence = proceeding.sentences.get()
    assert sentence.ruling == proceeding.rulings.get()
    # Person, two spellings, participation, case, ruling, sentence: one quote each.
    assert Citation.objects.count() == 7
    assert "Every record entered has a citation." in page.locator("#uncited").inner_text()
