"""The person page in a real browser (Debian chromium), on the demo data: where things
stand and the latest penalty are in the first screen at 1,366 × 900, nothing scrolls
sideways at 1,366 or 390 px, and axe-core finds no serious or critical violation."""

import pytest

from people.models import Person
from tests.browser.test_accessibility import WIDTHS, _axe_script, _violations

# Whose pages: a sentence served long ago, a trial under way, a sentence abroad.
PEOPLE = ("Serik Azhibay", "Guldariya Sherizat", "Alimnur Turganbay")


@pytest.fixture
def person_pages(demo_server, db):
    return demo_server, {
        name: Person.objects.get(preferred_name=name).get_absolute_url() for name in PEOPLE
    }


def _bottom(page, selector: str) -> float:
    return page.evaluate(
        f"() => document.querySelector({selector!r}).getBoundingClientRect().bottom"
    )


@pytest.mark.browser
def test_status_and_latest_penalty_are_in_the_first_screen_on_a_desktop(person_pages, page):
    base, paths = person_pages
    page.set_viewport_size({"width": 1366, "height": 900})
    for name, path in paths.items():
        page.goto(base + path)
        for selector in (".standing", ".latest-penalty"):
            assert page.locator(selector).is_visible(), (name, selector)
            assert _bottom(page, selector) <= 900, (name, selector)
        assert page.locator(".latest-penalty").inner_text().strip() != ""


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_person_pages_pass_axe_and_never_scroll_sideways(person_pages, page, width):
    axe = _axe_script()
    base, paths = person_pages
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    failures = {}
    for name, path in paths.items():
        page.goto(base + path)
        problems = _violations(page, axe)
        scroll_width, inner_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            problems.append(f"scrolls sideways: {scroll_width} px wide in {inner_width} px")
        if problems:
            failures[name] = problems
    assert not failures, failures
