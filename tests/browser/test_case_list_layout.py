"""The case list in a real browser (Debian chromium), on the demo data: results first at a
desktop's 1,366 × 900, cards and no sideways scroll on a phone's 390 px, facets and the
order and the page of every filter free of serious or critical axe-core violations."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import _axe_script, _violations

ROWS = "main table.case-table tbody tr"


@pytest.fixture
def demo_list(demo_server, db):
    return demo_server + "/"


@pytest.mark.browser
def test_first_result_is_visible_without_scrolling_on_a_desktop(demo_list, page):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(demo_list)

    first = page.locator(ROWS).first.bounding_box()

    assert first["y"] + first["height"] <= 900, f"first row ends at {first}"
    # The facets sit beside the results, not above them.
    facets = page.locator("aside.refine").bounding_box()
    assert facets["x"] > first["x"] + first["width"] - 1


@pytest.mark.browser
@pytest.mark.parametrize("width", [1024, 1280, 1366])
@pytest.mark.parametrize("prefix", ["", "ru/", "kk/"])
def test_the_table_never_runs_under_the_facets(demo_list, page, width, prefix):
    """Beside the facets, a table wider than its column scrolls in its own box: it ran
    under the facets at 1,024 px, and in Russian and Kazakh (longer words) at 1,280."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(demo_list + prefix)

    edges = page.evaluate(
        """() => ({
            table: document.querySelector("main table.case-table").getBoundingClientRect().right,
            box: document.querySelector("main table.case-table").parentElement
                .getBoundingClientRect().right,
            facets: document.querySelector("aside.refine").getBoundingClientRect().left,
            scroll: document.documentElement.scrollWidth,
            inner: innerWidth,
        })"""
    )

    assert edges["box"] <= edges["facets"], edges
    assert edges["scroll"] <= edges["inner"], edges
    if edges["table"] > edges["box"]:  # the rest is reached by scrolling the box itself
        box = page.locator("main table.case-table").locator("..")
        assert box.evaluate("e => getComputedStyle(e).overflowX") == "auto"


@pytest.mark.browser
def test_rows_become_cards_and_nothing_scrolls_sideways_on_a_phone(demo_list, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(demo_list)

    layout = page.evaluate(
        """(rows) => ({
            scroll: document.documentElement.scrollWidth,
            inner: innerWidth,
            displays: [...document.querySelectorAll(rows)].map(r => getComputedStyle(r).display),
            widest: Math.max(...[...document.querySelectorAll(rows)]
                .map(r => r.getBoundingClientRect().right)),
            labels: getComputedStyle(document.querySelector(rows + ' td'), '::before').content,
        })""",
        ROWS,
    )

    assert layout["scroll"] <= layout["inner"]
    assert layout["displays"] and set(layout["displays"]) == {"block"}
    assert layout["widest"] <= layout["inner"]
    assert layout["labels"] == '"Person: "'  # each cell says what it holds


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 390])
def test_case_list_with_facets_and_its_filters_page_pass_axe(demo_list, page, width):
    axe = _axe_script()
    page.set_viewport_size({"width": width, "height": 900})
    for query in ("", "?kind=fine", "?days_min=abc"):
        page.goto(demo_list + query)
        assert _violations(page, axe) == [], query
        # Every filter, on the page the list links to (its errors marked, if any).
        page.locator(".results-summary a, .message-error p a").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Filter and sort the cases")
        assert page.locator("#id_kind").is_visible()
        assert _violations(page, axe) == [], f"filters{query}"
