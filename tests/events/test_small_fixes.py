"""The small fixes of issue 17: sort menu, typed values kept, CSV file name, archive cell,
crowd wording, favicon, skip link, unnamed courts out of the court menu."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.events.test_case_csv import download, read_rows
from tests.events.test_case_list import case_filters, case_list, cited, detention, fine
from tests.factories import CitationFactory, CourtFactory, ProtestFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_sort_menu_offers_each_order_once_and_the_default_first(client):
    detention(15, name="Someone")
    content = case_list(client).content.decode()

    menu = re.search(r'<select[^>]*\bid="id_ordering".*?</select>', content).group(0)
    assert menu.count("Date, newest first") == 1
    assert re.findall(r'<option value="([^"]*)"', menu)[0] == "-date"
    # Choosing it explicitly (a shared link) still works, and so does no choice at all.
    assert case_list(client, ordering="-date").context["filters_invalid"] is False
    assert case_list(client, ordering="").context["filters_invalid"] is False


@pytest.mark.parametrize(
    ("field", "typed", "error"),
    [
        ("days_min", "abc", "Enter a whole number in digits only"),
        ("kzt_min", "1,000", "Enter an amount in digits only, without spaces or commas: 100000."),
        ("date_from", "last summer", "is not a date"),
    ],
)
def test_a_value_that_cannot_be_understood_stays_in_its_box_beside_the_error(
    client, field, typed, error
):
    content = case_filters(client, **{field: typed}).content.decode()

    box = re.search(rf'<input [^>]*name="{field}"[^>]*>', content).group(0)
    assert f'value="{typed}"' in box
    # A text box: a browser empties a number box holding anything but a number.
    assert 'type="text"' in box
    assert 'aria-invalid="true"' in box
    field_div = content[content.index(box) :].split("</div>", 1)[0]
    assert error in field_div


def test_csv_file_is_named_after_its_filters_and_the_day(client, monkeypatch):
    fine(145000, name="Serik Azhibay")
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 12, 4))

    def filename(**params):
        response, _ = download(client, **params)
        return re.fullmatch(
            r'attachment; filename="([^"]+)"', response["Content-Disposition"]
        ).group(1)

    assert filename() == "casetracker-cases-2026-12-04.csv"
    assert filename(kind="fine") == "casetracker-cases-kind-fine-2026-12-04.csv"
    assert (
        filename(name="Ажибай", kzt_min="100001", ordering="-kzt")
        == "casetracker-cases-name-azhibay-kzt-min-100001-2026-12-04.csv"
    )
    hostile = filename(name='x"; filename="evil.sh\r\n../', charge="Art. 174(2)")
    assert re.fullmatch(r"[a-z0-9-]+\.csv", hostile)
    assert hostile == "casetracker-cases-name-x-filename-evil-sh-charge-art-174-2-2026-12-04.csv"
    assert len(filename(name="a" * 200)) <= 150


def test_archive_cell_is_empty_when_no_source_has_an_archived_copy(client):
    bare = detention(15, name="No Archives")
    for n in range(2):
        CitationFactory(fact=bare, source=SourceFactory(archive_url="", published=f"2025-0{n + 1}"))
    archived = detention(10, name="One Archive")
    first = SourceFactory(archive_url="https://archive.example/1", published="2025-01")
    CitationFactory(fact=archived, source=first)
    CitationFactory(fact=archived, source=SourceFactory(archive_url="", published="2025-02"))

    _, body = download(client)
    rows = {row["person"]: row for row in read_rows(body)}

    assert rows["No Archives"]["source_archive_urls"] == ""
    # Positions stay aligned with the other source columns when one source has a copy.
    outlets = rows["One Archive"]["source_urls"].split(" | ")
    archives = rows["One Archive"]["source_archive_urls"].split(" | ")
    assert len(archives) == len(outlets) == 3  # the factory's own source, then these two
    assert archives[outlets.index(first.url)] == "https://archive.example/1"
    assert archives.count("") == 2


@pytest.mark.parametrize(
    ("low", "high", "reads"),
    [
        (1, 1, "1 person according to the sources"),
        (30, 30, "30 people according to the sources"),
        (30, None, "30 people according to the sources"),
        (20, 50, "between 20 and 50 people according to the sources"),
        (None, 1, "up to 1 person"),
    ],
)
def test_crowd_size_reads_naturally(client, low, high, reads):
    protest = cited(ProtestFactory(crowd_low=low, crowd_high=high))

    content = client.get(reverse("events:protest_detail", args=[protest.pk])).content.decode()

    assert reads in content
    assert "between 1 and 1" not in content
    assert "between 30 and 30" not in content


def test_every_page_has_a_favicon_and_a_skip_link_to_the_content(client):
    for url in [reverse("events:case_list"), reverse("events:person_list"), "/search/?q=x"]:
        content = client.get(url).content.decode()
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in content
        assert '<a class="skip" href="#main">Skip to content</a>' in content
        assert '<main id="main">' in content
    favicon = (settings.BASE_DIR / "static" / "favicon.svg").read_text()
    assert favicon.startswith("<svg") and "viewBox" in favicon


def test_unnamed_courts_are_left_out_of_the_court_menu(client):
    named = cited(CourtFactory(name="Almaty Specialized Inter-District Court"))
    unnamed = cited(
        CourtFactory(name="Court in Almaty that sentenced X (not named)", is_unnamed=True)
    )
    detention(15, name="Tried Here", court=named)
    detention(15, name="Tried Somewhere", court=unnamed)

    response = case_list(client)
    filters = case_filters(client).content.decode()
    menu = re.search(r'<select[^>]*\bid="id_court".*?</select>', filters).group(0)

    assert f'<option value="{named.pk}">Almaty Specialized Inter-District Court</option>' in menu
    assert "not named" not in menu
    # The row still names the court as the sources do.
    assert len(response.context["object_list"]) == 2
