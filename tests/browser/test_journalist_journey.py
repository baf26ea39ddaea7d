"""A journalist's journey through the demo data, in a real browser (Debian's chromium).

Search in Cyrillic from the header, open the person, read a quote on the timeline, filter the
case list by the name and download exactly those rows as CSV.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.demo import load_demo

SCREENSHOT = Path("/tmp/person.png")


@pytest.fixture
def demo_site(live_server, transactional_db):
    load_demo()
    return live_server.url


@pytest.mark.browser
def test_journalist_finds_azhibay_reads_a_quote_and_downloads_his_rows(demo_site, page):
    page.goto(demo_site + "/")

    # The header search finds him from a Cyrillic spelling.
    header_search = page.locator("header form[role=search]")
    header_search.locator("input[name=q]").fill("Ажибай")
    header_search.locator("input[name=q]").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    page.get_by_role("link", name="Serik Azhibay", exact=True).first.click()

    # His page: one timeline from protest to sentence, every entry with its sources.
    # (the heading carries its own footnote marks: "Serik Azhibay[1][2]")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Serik Azhibay(\[\d+\])*$")
    )
    timeline = page.locator(".timeline")
    expect(timeline).to_be_visible()
    expect(timeline).to_contain_text("15 days")
    # A footnote of the story leads to its source in the references, the quote on demand.
    footnote = timeline.locator("sup.fn a").first
    target = footnote.get_attribute("href")
    footnote.click()
    expect(page).to_have_url(re.compile(target + "$"))
    quote = page.locator(f"{target} details.quote")
    expect(quote.locator("blockquote").first).to_be_hidden()
    quote.locator("summary").click()
    expect(quote.locator("blockquote").first).to_be_visible()
    assert len(quote.locator("blockquote").first.inner_text().strip()) > 10
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # The case list, filtered by another spelling of his name.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    page.get_by_role("link", name="Filter and sort", exact=True).click()  # the page of filters
    expect(page.get_by_role("heading", level=1)).to_have_text("Filter and sort the cases")
    page.get_by_label("Person’s name").fill("Azhibai")
    page.get_by_role("button", name="Show the cases").click()
    expect(page).to_have_url(re.compile(r"/\?name=Azhibai$"))  # the boxes filled in, only
    # Sorted above the rows, the filter kept: the same short address.
    page.get_by_label("Sort by").select_option("-days")
    page.get_by_role("button", name="Sort", exact=True).click()
    expect(page).to_have_url(re.compile(r"/\?name=Azhibai&ordering=-days$"))
    results = page.locator("table")
    expect(results).to_contain_text("Serik Azhibay")
    shown = results.locator("tbody tr").count()

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("CSV")).click()
    download = download_info.value
    text = Path(download.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))

    assert rows, "the CSV has no data rows"
    assert {row["person"] for row in rows} == {"Serik Azhibay"}
    assert len(rows) == shown  # exactly the rows on the page
    assert any("15" in row["amount_as_reported"] for row in rows)
