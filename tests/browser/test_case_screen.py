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
    CitationFactory,
    PersonFactory,
    PersonNameFactory,
    ProceedingFactory,
    ProtestFactory,
    RulingFactory,
    SentenceFactory,
    SourceFactory,
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


def the_pickets():
    """The seed's relatives' picket and another picket of the same month."""
    ProtestFactory(title="Another picket", start="2021-02")
    return ProtestFactory(title="Relatives' picket at the Chinese consulate", start="2021-02")


def enter_omirali(page, live_server):
    """Gulbaran Omirali's case entered on a blank case screen and saved (one submission).
    The relatives' picket is a record of its own, already in the database: picked, not typed."""
    page.goto(live_server.url + reverse("admin:events_proceeding_case_add"))

    page.fill("#id_person-preferred_name", "Gulbaran Omirali")
    page.fill("#id_names-0-name", "Gulbaran Omirali")
    page.fill("#id_names-1-name", "Gulbaran Ömirali")
    page.locator("#id_participations-0-protest + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Relatives")
    expect(page.locator(".select2-results__option--highlighted")).to_contain_text("Relatives")
    page.locator(".select2-container--open .select2-search__field").press("Enter")
    page.select_option("#id_case-kind", "administrative")
    page.locator("#id_case-protests + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Relatives")
    expect(page.locator(".select2-results__option--highlighted")).to_contain_text("Relatives")
    page.locator(".select2-container--open .select2-search__field").press("Enter")
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


def test_a_whole_case_and_its_source_are_entered_in_one_submission(live_server, admin_page):
    """Gulbaran Omirali's case (the seed's relatives' picket, an administrative case, its
    ruling and fine), one source quoted for every fact, in one submission."""
    the_pickets()
    page = admin_page
    enter_omirali(page, live_server)
    assert "The case of Gulbaran Omirali is saved" in page.content()
    proceeding = Proceeding.objects.get()
    person = proceeding.person
    assert [name.name for name in person.names.order_by("pk")] == [
        "Gulbaran Omirali",
        "Gulbaran Ömirali",
    ]
    assert person.participations.get().protest.title.startswith("Relatives")
    assert proceeding.protests.get().title.startswith("Relatives")
    sentence = proceeding.sentences.get()
    assert sentence.ruling == proceeding.rulings.get()
    # Person, two spellings, participation, case, ruling, sentence: one quote each.
    assert Citation.objects.count() == 7
    assert "Every record entered has a citation." in page.locator("#uncited").inner_text()


SOURCE = "https://example.org/omirali"


def cited(page, fact):
    """The fact carries a footnote mark whose reference is the quoted source: the marks link
    to the page's references list (templates/includes/footnote_marks.html)."""
    expect(fact).to_be_visible()
    marks = fact.locator('a[href^="#ref-"]')
    expect(marks.first).to_be_attached()
    references = [marks.nth(i).get_attribute("href") for i in range(marks.count())]
    assert any(
        page.locator(f'{reference} cite a[href="{SOURCE}"]').count() for reference in references
    ), f"no footnote of {references} names {SOURCE}"


def test_a_case_entered_and_published_shows_every_fact_with_its_source(live_server, admin_page):
    """Issue 16: the seed case entered from a blank case screen and published the way an
    editor does (the person's "Publish the whole case", preview, one confirmation) takes at
    most 6 form submissions; her public page and the case list filtered to her then show
    every fact entered, each with a link to the source quoted for it."""
    picket = the_pickets()
    # Published and cited on its own page: a protest is not part of anyone's case.
    CitationFactory(fact=picket, source=SourceFactory(outlet="Vlast.kz"))
    page = admin_page
    submissions = []
    page.on(
        "request",
        lambda r: submissions.append(r.url) if r.is_navigation_request() and r.method == "POST"
        else None,
    )  # fmt: skip

    enter_omirali(page, live_server)
    page.locator("#cited").get_by_role("link", name="Person: Gulbaran Omirali").click()
    page.get_by_role("link", name="Publish the whole case…").click()
    expect(page.get_by_text("0 records will stay hidden")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish the case").click()
    expect(page.locator(".messagelist")).to_contain_text("Published the case of Gulbaran Omirali")
    assert len(submissions) == 2, submissions  # the case screen's save, the confirmation
    assert len(submissions) <= 6

    person = Proceeding.objects.get().person
    page.goto(live_server.url + person.get_absolute_url())
    expect(page.locator("h1")).to_contain_text("Gulbaran Omirali")
    # The summary: her latest penalty and its ruling's date, each footnoted.
    penalty = page.locator(".latest-penalty")
    expect(penalty).to_contain_text("100 MCI")
    expect(penalty).to_contain_text("ruling of Mar 2021")
    cited(page, penalty)
    cited(page, page.locator("h1"))
    names = page.locator("ul.names li")
    expect(names).to_have_count(2)
    for spelling in ("Gulbaran Omirali", "Gulbaran Ömirali"):
        cited(page, names.filter(has=page.get_by_text(spelling, exact=True)))
    timeline = page.locator(".timeline-entry")
    cited(page, timeline.filter(has_text="Relatives' picket at the Chinese consulate"))
    cited(
        page,
        timeline.filter(
            has=page.get_by_role("heading", name="Proceeding opened: Administrative case")
        ),
    )
    ruling = timeline.filter(has=page.get_by_role("heading", name="Ruling: Found guilty"))
    expect(ruling.locator(".when")).to_contain_text("Mar 2021")
    cited(page, ruling)
    fine = timeline.filter(has=page.get_by_role("heading", name="Sentence: Fine"))
    expect(fine).to_contain_text("100 MCI")
    cited(page, fine)

    # The case list, filtered by her second spelling: one row, every cell of the case.
    page.goto(live_server.url + reverse("events:case_list") + "?name=Ömirali")
    row = page.locator("table tbody tr")
    expect(row).to_have_count(1)
    for text in (
        "Gulbaran Omirali",
        "Administrative case",
        "Relatives' picket at the Chinese consulate",
        "Mar 2021",
        "Found guilty",
        "Fine: 100 MCI",
    ):
        expect(row).to_contain_text(text)
    cited(page, row)
