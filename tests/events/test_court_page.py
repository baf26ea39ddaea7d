"""A court's page as a reader reads it: each ruling's date, defendant, outcome and sentence
with its footnote marks, and every source once in the page's one list of references, with
the quotes on demand, as on a person's page."""

import re

import pytest

from tests.events.test_person_pages import page
from tests.factories import (
    CitationFactory,
    CourtFactory,
    RulingFactory,
    SentenceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def test_each_rulings_facts_are_footnoted_and_each_source_listed_once_with_its_quotes(client):
    court = CourtFactory(name="Almaty Specialized Inter-District Court")
    CitationFactory(fact=court, quote="the Almaty Specialized Inter-District Court")
    shared = SourceFactory(outlet="Azattyq", url="https://www.azattyq.org/a/30765013.html")
    for name in ["Serik Azhibay", "Aigul Utepova"]:
        ruling = RulingFactory(proceeding__court=court, proceeding__person__preferred_name=name)
        sentence = SentenceFactory(ruling=ruling)
        CitationFactory(fact=ruling.proceeding.person)  # public: the person page cites it
        CitationFactory(
            fact=ruling, field="date", source=shared, quote=f"{name}: the 14 July ruling"
        )
        CitationFactory(fact=sentence, source=shared, quote=f"{name} got 15 days")
        CitationFactory(fact=ruling.proceeding, quote=f"a case against {name}")

    html = page(client, court)

    references = html.split('class="reference-list"')[1].split("</ol>")[0]
    listed = re.findall(r'<li id="ref-(\d+)">', references)
    # The court's own source, the shared report, and each case's own.
    assert listed == ["1", "2", "3", "4"]
    source_links = re.findall(r'<cite><a href="([^"]+)"', references)
    assert len(source_links) == len(set(source_links)) == 4
    assert set(re.findall(r'href="#ref-(\d+)"', html)) == set(listed)
    assert html.count('id="ref-1"') == 1
    # The court's own source marks its name, as a person's marks theirs.
    assert re.search(
        r'<h1>Almaty Specialized Inter-District Court<sup class="fn"><a href="#ref-1"', html
    )
    # Each row footnotes its ruling's date, its defendant and its sentence.
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 2
    for row in rows:
        cells = row.split("<td>")[1:]
        date, defendant, _, _, sentence = cells
        for cell in (date, defendant, sentence):
            assert re.search(r'<sup class="fn"><a href="#ref-\d+" aria-label="Source \d+">', cell)
    # The shared report is listed once, with the four quotes it backs.
    shared_reference = next(
        item for item in references.split("<li ")[1:] if shared.url in item.split("</cite>")[0]
    )
    quotes = re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", shared_reference)
    assert sorted(quotes) == [
        "Aigul Utepova got 15 days",
        "Aigul Utepova: the 14 July ruling",
        "Serik Azhibay got 15 days",
        "Serik Azhibay: the 14 July ruling",
    ]
    assert "Quotes (4)" in shared_reference
    assert 'class="citation"' not in html  # no fact cited inline as well


def test_a_court_page_reads_its_footnotes_in_the_readers_language(client):
    court = CourtFactory()
    CitationFactory(fact=court)
    ruling = RulingFactory(proceeding__court=court)
    CitationFactory(fact=ruling.proceeding.person)
    CitationFactory(fact=ruling.proceeding)
    CitationFactory(fact=ruling, field="date")

    html = client.get(f"/ru{court.get_absolute_url()}").content.decode()

    assert 'aria-label="Источник 1"' in html
    assert 'aria-label="Источник 2"' in html
    assert 'aria-label="Source' not in html
