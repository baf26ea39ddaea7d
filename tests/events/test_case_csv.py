"""The CSV export: exactly the filtered rows of the page, streamed, safe in a spreadsheet."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from events import csv_headers
from events.csv_export import HEADERS, _neutralised, statements
from events.filters import CaseFilter
from events.models import ExportLine, SentenceKind, SentenceStatus, TermUnit
from publishing import upkeep
from sources.models import Source
from tests.bulk import article, cite_all, many_cases, written
from tests.events.test_case_list import cited, detention, fine, gather_statistics, make_case
from tests.factories import (
    CitationFactory,
    CourtFactory,
    PersonFactory,
    ProtestFactory,
    SourceFactory,
    in_bulk,
)

pytestmark = pytest.mark.django_db


def download(client, **params):
    response = client.get(reverse("events:case_csv"), params)
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content)


def forget_lines():
    """Drop the stored lines (PostgreSQL): the next export makes every row afresh."""
    ExportLine.objects.all().delete()


def read_rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def page_sentence_ids(client, **params) -> list[int]:
    response = client.get(reverse("events:case_list"), params)
    return [sentence.pk for sentence in response.context["object_list"]]


def test_csv_is_an_attachment_in_utf8_with_a_bom(client, monkeypatch):
    detention(15, name="Serik Azhibay")
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 12, 4))

    response, body = download(client)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="casetracker-cases-2026-12-04.csv"'
    )
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.count(b"\xef\xbb\xbf") == 1
    assert body.decode("utf-8-sig").splitlines()[0] == ",".join(HEADERS)


def test_csv_has_the_same_rows_in_the_same_order_as_the_filtered_page(client):
    for days in [3, 15, 10, 15, 30, 7]:
        detention(days, name=f"Jailed {days}")
    fine(145000, name="Fined")
    params = {"kind": "administrative_detention", "days_min": 7, "ordering": "-days"}

    _, body = download(client, **params)

    ids = [int(row["sentence_id"]) for row in read_rows(body)]
    assert ids == page_sentence_ids(client, **params)
    assert len(ids) == 5


def test_csv_row_holds_the_whole_case_and_its_sources(client):
    court = cited(CourtFactory(name="Almaty Specialized Inter-District Court"))
    protest = cited(ProtestFactory(title="Picket at the consulate", start="2021-06"))
    sentence = fine(
        145000,
        name="Gulbaran Omirali",
        names=["Гульбаран Омирали"],
        court=court,
        protests=[protest],
        charges=[("Art. 488", "taking part in an unsanctioned rally")],
        ruling_date="2021-06-22",
        fine_usd_as_reported=Decimal("340"),
    )
    CitationFactory(
        fact=sentence,
        source__outlet="RFE/RL",
        source__headline="Two women fined",
        source__url="https://www.rferl.org/a/fined.html",
        source__archive_url="https://web.archive.org/web/2021/https://www.rferl.org/a/fined.html",
    )

    _, body = download(client)

    (row,) = read_rows(body)
    assert row["person"] == "Gulbaran Omirali"
    assert row["person_url"] == f"http://testserver/people/{sentence.proceeding.person.pk}/"
    assert row["all_names"] == "Gulbaran Omirali | Гульбаран Омирали"
    assert row["protests"] == "Picket at the consulate"
    assert row["protest_dates"] == "2021-06"
    assert row["court"] == "Almaty Specialized Inter-District Court"
    assert row["charges"] == "Art. 488: taking part in an unsanctioned rally"
    assert row["ruling_date"] == "2021-06-22"
    assert row["ruling_date_precision"] == "day"
    assert row["outcome"] == "Found guilty"
    assert row["sentence_kind"] == "Fine"
    assert row["sentence_status"] == "Imposed"
    assert row["fine_amount"] == "145000"
    assert row["fine_currency"] == "KZT"
    assert row["fine_kzt"] == "145000"
    assert row["fine_usd_as_reported"] == "340"
    assert row["term_days"] == ""
    assert "RFE/RL" in row["source_outlets"].split(" | ")
    assert "https://www.rferl.org/a/fined.html" in row["source_urls"].split(" | ")
    urls = row["source_urls"].split(" | ")
    headlines = row["source_headlines"].split(" | ")
    archives = row["source_archive_urls"].split(" | ")
    assert len(urls) == len(headlines) == len(archives) == 2
    position = urls.index("https://www.rferl.org/a/fined.html")
    assert headlines[position] == "Two women fined"
    assert archives[position].startswith("https://web.archive.org/")


def test_csv_keeps_cyrillic_and_kazakh_letters(client):
    detention(15, name="Серік Әжібай", charges=[("", "Разжигание розни")])

    _, body = download(client)

    (row,) = read_rows(body)
    assert row["person"] == "Серік Әжібай"
    assert row["charges"] == "Разжигание розни"


def test_csv_neutralises_cells_a_spreadsheet_would_run_as_formulas(client):
    detention(15, name='=HYPERLINK("http://evil.example","click")', charges=[("", "+1 charge")])
    detention(15, name="@SUM(A1)", charges=[("", "-2 charge")])

    _, body = download(client, ordering="date")

    rows = read_rows(body)
    assert rows[0]["person"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[0]["charges"] == "'+1 charge"
    assert rows[1]["person"] == "'@SUM(A1)"
    assert rows[1]["charges"] == "'-2 charge"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+7 701", "'+7 701"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("Serik = hero", "Serik = hero"),
        ("Әжібай", "Әжібай"),
        (" =1", " =1"),
        ("", ""),
    ],
)
def test_the_exports_sql_prefixes_only_cells_starting_with_a_formula_character(value, expected):
    """The rule as the export's SQL applies it to every free-text cell, on this database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + _neutralised("CAST(%s AS TEXT)", connection.vendor), [value] * 3)
        assert cursor.fetchone()[0] == expected


def test_csv_never_holds_unpublished_rows_or_a_draft_proceeding(client):
    detention(15, name="Public Person")
    draft = detention(15, name="Draft Proceeding Person")
    draft.proceeding.publication_status = "draft"
    draft.proceeding.save()
    uncited = detention(15, name="Uncited Sentence Person")
    uncited.citations.all().delete()

    _, body = download(client)

    assert [row["person"] in {"Public Person"} for row in read_rows(body)] == [True]
    assert b"Draft Proceeding Person" not in body
    assert b"Uncited Sentence Person" not in body


def test_a_row_unpublished_after_the_export_read_its_ids_is_left_out(client, monkeypatch):
    """Each batch passes the gate again: a case retracted while the export streams (after
    its ids were read, before its batch) is not written, and the rows after it still are."""
    from publishing import services

    monkeypatch.setattr("events.csv_export.FIRST_BATCH_ROWS", 2)
    monkeypatch.setattr("events.views.CSV_BATCH_ROWS", 2)
    sentences = [detention(n + 1, name=f"Defendant {n}") for n in range(6)]
    response = client.get(reverse("events:case_csv"), {"ordering": "days"})
    chunks = iter(response.streaming_content)
    body = next(chunks) + next(chunks)  # the header and the first batch: Defendants 0 and 1
    retracted = sentences[3]
    services.retract(type(retracted).objects.filter(pk=retracted.pk), user=None)
    body += b"".join(chunks)
    response.close()

    assert [row["person"] for row in read_rows(body)] == [
        "Defendant 0",
        "Defendant 1",
        "Defendant 2",
        "Defendant 4",
        "Defendant 5",
    ]


def test_csv_withholds_the_names_of_a_protected_person(client):
    sentence = detention(15, name="Real Name Hidden", names=["Настоящее Имя"])
    person = sentence.proceeding.person
    person.is_protected = True
    person.pseudonym = "Relative A"
    person.protection_reason = "Relatives in Xinjiang"
    person.save()

    _, body = download(client)

    (row,) = read_rows(body)
    assert row["person"] == "Relative A"
    assert row["all_names"] == ""
    assert b"Real Name Hidden" not in body
    assert "Настоящее Имя".encode() not in body


def test_csv_of_a_penalty_without_ruling_leaves_ruling_columns_empty(client):
    make_case("Awaiting Trial", ruling_date=None, status=SentenceStatus.MAXIMUM)

    _, body = download(client)

    (row,) = read_rows(body)
    assert row["ruling_date"] == row["outcome"] == ""
    assert row["sentence_status"] == "Maximum possible"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"days_min": "abc"}, "Term at least (days): Enter a whole number in digits only"),
        ({"days_min": "30", "days_max": "10"}, "Term at most (days): 10 is less than 30, given as"),
        ({"date_to": "2025-00"}, "Ruling date to: “2025-00” is not a real date: there is no month"),
        ({"protest": "9223372036854775808"}, "Protest (id): Enter a whole number of at most"),
    ],
)
def test_csv_with_nonsense_filters_says_what_to_fix_instead_of_returning_wrong_rows(
    client, params, message
):
    detention(15, name="Anyone")

    response = client.get(reverse("events:case_csv"), params)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert message in response.content.decode()


def test_csv_streams_in_batches_with_a_constant_number_of_queries(client):
    court = cited(CourtFactory())
    for n in range(5):
        detention(15, name=f"Defendant {n}", court=court, charges=[("Art. 488", "rally")])
    download(client)  # warm the content-type cache
    forget_lines()  # both exports below make every row afresh

    with CaptureQueriesContext(connection) as few:
        _, body_5 = download(client, kind=SentenceKind.ADMINISTRATIVE_DETENTION)
    with in_bulk():
        for n in range(5, 60):
            detention(15, name=f"Defendant {n}", court=court, charges=[("Art. 488", "rally")])
    gather_statistics()
    forget_lines()
    with CaptureQueriesContext(connection) as many:
        _, body_60 = download(client, kind=SentenceKind.ADMINISTRATIVE_DETENTION)

    assert len(read_rows(body_5)) == 5
    assert len(read_rows(body_60)) == 60
    assert len(few) == len(many) <= 10


def test_csv_batches_keep_every_row_complete_and_in_order(client, monkeypatch):
    monkeypatch.setattr("events.views.CSV_BATCH_ROWS", 7)
    with in_bulk():
        for n in range(20):
            detention(n + 1, name=f"Defendant {n:02d}", charges=[("Art. 488", f"charge {n}")])

    _, body = download(client, ordering="days")

    rows = read_rows(body)
    assert [row["person"] for row in rows] == [f"Defendant {n:02d}" for n in range(20)]
    assert [row["charges"] for row in rows] == [f"Art. 488: charge {n}" for n in range(20)]


def test_csv_batches_growing_in_size_keep_every_row_once_in_page_order(client, monkeypatch):
    """Batches of 2, 4, then 7 rows (the first small for the first bytes, then larger)."""
    monkeypatch.setattr("events.csv_export.FIRST_BATCH_ROWS", 2)
    monkeypatch.setattr("events.csv_export.BATCH_GROWTH", 2)
    monkeypatch.setattr("events.views.CSV_BATCH_ROWS", 7)
    with in_bulk():
        for n in range(20):
            detention(n + 1, name=f"Defendant {n:02d}", charges=[("Art. 488", f"charge {n}")])

    _, body = download(client, ordering="-days")

    rows = read_rows(body)
    assert [int(row["sentence_id"]) for row in rows] == page_sentence_ids(client, ordering="-days")
    assert [row["person"] for row in rows] == [f"Defendant {n:02d}" for n in reversed(range(20))]
    assert [row["charges"] for row in rows] == [
        f"Art. 488: charge {n}" for n in reversed(range(20))
    ]


def full_cases(first: int, count: int, *, court, protest):
    """Named defendants with another spelling, a court, a protest, a charge and a source
    each, and a second source citing each sentence (written in bulk: tests.bulk)."""
    sentences = many_cases(
        count,
        first=first,
        name="Defendant {n:03d}",
        names=("Подсудимый {n:03d}",),
        court=court,
        protests=[protest],
        charges=lambda n: [("Art. 488", f"charge {n}")],
        ruling_date=lambda n: f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
        kind=SentenceKind.ADMINISTRATIVE_DETENTION,
        term_quantity=lambda n: n % 30 + 1,
        term_unit=TermUnit.DAYS,
        term_days=lambda n: n % 30 + 1,
        amount_as_reported=lambda n: f"{n % 30 + 1} days",
    )
    outlets = written(Source, [article(n, f"Outlet {n}") for n in range(first, first + count)])
    cite_all(sentences, outlets)
    upkeep.refresh_all()
    return sentences


def test_csv_query_count_is_the_same_for_5_and_200_rows(client):
    court = cited(CourtFactory())
    protest = cited(ProtestFactory(title="Rally"))
    full_cases(0, 5, court=court, protest=protest)
    gather_statistics()
    download(client)  # warm the content-type cache
    forget_lines()  # both exports below make every row afresh

    with CaptureQueriesContext(connection) as few:
        _, body_5 = download(client)
    full_cases(5, 195, court=court, protest=protest)
    gather_statistics()
    forget_lines()
    with CaptureQueriesContext(connection) as many:
        _, body_200 = download(client)

    rows = read_rows(body_200)
    assert len(read_rows(body_5)) == 5
    assert len(rows) == 200
    assert all(row["all_names"].startswith("Defendant ") for row in rows)
    assert all(row["charges"].startswith("Art. 488: charge ") for row in rows)
    assert all(row["protests"] == "Rally" for row in rows)
    assert len(few) == len(many)


def test_csv_in_two_batches_has_every_row_exactly_once_in_page_order(client, monkeypatch):
    monkeypatch.setattr("events.views.CSV_BATCH_ROWS", 4)
    court = cited(CourtFactory())
    protest = cited(ProtestFactory(title="Rally"))
    sentences = full_cases(0, 7, court=court, protest=protest)
    shared = SourceFactory(outlet="Shared outlet")
    for sentence in sentences:  # a source in both batches belongs to each of its rows
        CitationFactory(fact=sentence, source=shared)

    _, body = download(client)

    rows = read_rows(body)
    ids = [int(row["sentence_id"]) for row in rows]
    assert ids == page_sentence_ids(client)
    assert sorted(ids) == sorted(sentence.pk for sentence in sentences)
    by_id = {sentence.pk: sentence for sentence in sentences}
    for row in rows:
        n = int(by_id[int(row["sentence_id"])].proceeding.person.preferred_name.split()[-1])
        assert row["person"] == f"Defendant {n:03d}"
        assert row["all_names"] == f"Defendant {n:03d} | Подсудимый {n:03d}"
        assert row["charges"] == f"Art. 488: charge {n}"
        assert "Shared outlet" in row["source_outlets"].split(" | ")
        assert f"Outlet {n}" in row["source_outlets"].split(" | ")


def test_csv_lists_each_source_once_oldest_first_with_its_own_headline(client):
    sentence = detention(15, name="Serik Azhibay")
    newer = SourceFactory(
        outlet="Newer",
        headline="Later report",
        published="2025-08",
        archive_url="https://web.archive.org/web/2025/https://news.example.org/later",
    )
    older = SourceFactory(
        outlet="Older", headline="First report", published="2025-06-02", archive_url=""
    )
    CitationFactory(fact=sentence, source=newer)
    CitationFactory(fact=sentence, source=older, field="kind")
    CitationFactory(fact=sentence, source=older, field="term_days")
    unpublished = SourceFactory(outlet="Unpublished", publication_status="draft")
    CitationFactory(fact=sentence, source=unpublished)

    _, body = download(client)

    (row,) = read_rows(body)
    outlets = row["source_outlets"].split(" | ")
    assert outlets.index("Older") < outlets.index("Newer")
    assert outlets.count("Older") == 1
    assert "Unpublished" not in outlets
    position = outlets.index("Older")
    assert row["source_headlines"].split(" | ")[position] == "First report"
    assert row["source_archive_urls"].split(" | ")[position] == ""
    assert len(row["source_archive_urls"].split(" | ")) == len(outlets)


def test_csv_row_of_unnamed_defendants_says_how_many_and_links_no_person(client):
    make_case(name=None, kind=SentenceKind.FINE, amount_as_reported="fined")

    _, body = download(client)

    (row,) = read_rows(body)
    assert row["person"] == "12 unnamed defendants"
    assert row["unnamed_defendants"] == "12"
    assert row["person_url"] == row["all_names"] == ""


def test_csv_writes_numbers_without_trailing_zeros(client):
    make_case(
        "Imprisoned",
        kind=SentenceKind.IMPRISONMENT,
        term_quantity=Decimal("2.50"),
        term_unit="years",
        term_days=912,
        amount_as_reported="2.5 years",
    )

    _, body = download(client)

    (row,) = read_rows(body)
    assert (row["term_quantity"], row["term_unit"], row["term_days"]) == ("2.5", "years", "912")


def test_csv_neutralises_formulas_in_listed_and_source_cells_and_keeps_awkward_text(client):
    awkward = 'He said "15, not 10"\nthen left'
    sentence = detention(15, name="Serik Azhibay")
    sentence.amount_as_reported = awkward
    sentence.save()
    sentence.proceeding.court_as_reported = "-court"
    sentence.proceeding.save()
    CitationFactory(  # the oldest source: first in its cells
        fact=sentence,
        source__outlet="@outlet",
        source__headline="=HYPERLINK(1)",
        source__published="1990",
    )

    _, body = download(client)

    (row,) = read_rows(body)
    assert row["amount_as_reported"] == awkward
    assert row["court_as_reported"] == "'-court"
    assert row["source_outlets"].startswith("'@outlet | ")
    assert row["source_headlines"].startswith("'=HYPERLINK(1) | ")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_writes_the_same_bytes_as_pythons_csv_writer(client):
    """PostgreSQL's COPY writes the file; it must quote exactly as csv.writer does."""
    sentence = detention(15, name='Quote " and, comma', names=["Серік Әжібай"])
    sentence.amount_as_reported = "two\nlines"
    sentence.save()
    fine(145000, name="=Formula")
    make_case(name=None, kind=SentenceKind.FINE, amount_as_reported="")

    _, body = download(client)

    rows = []
    with connection.cursor() as cursor:
        for sql, params in statements(
            CaseFilter({}).qs, lambda path: f"http://testserver{path}", batch_size=2
        ):
            cursor.execute(sql, params)
            rows += cursor.fetchall()
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    assert len(rows) == 3
    assert body.decode("utf-8-sig") == expected.getvalue()


def test_csv_of_a_name_no_one_has_is_the_header_alone(client):
    detention(15, name="Serik Azhibay")

    _, body = download(client, name="Qwxyzzy")

    assert body.decode("utf-8-sig") == ",".join(HEADERS) + "\n"


def test_every_csv_column_has_a_label_for_localized_headers():
    assert list(csv_headers.LABELS) == HEADERS


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_csv_headers_stay_machine_names_in_every_language_unless_asked_for_localized(
    client, language
):
    fine(145000, name="Azhibay")
    with translation.override(language):
        url = reverse("events:case_csv")
        expected = [translation.gettext(str(csv_headers.LABELS[name])) for name in HEADERS]
    plain = b"".join(client.get(url, {"kind": "fine"}).streaming_content)
    assert next(csv.reader(io.StringIO(plain.decode("utf-8-sig")))) == HEADERS
    response = client.get(url, {"kind": "fine", "headers": "localized"})
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert lines[0] == expected != HEADERS
    assert "Azhibay" in lines[1]  # the same rows under the localized header


def test_the_statement_is_compiled_once_and_keeps_each_languages_labels(client):
    """The export's statement (events.csv_export._compiled) is compiled once per process,
    for the links' addresses and the language of the choice labels it writes: another
    filter or order reuses it, and another language has its own."""
    from events.csv_export import _compiled
    from events.models import ProtestStatus

    protest = cited(ProtestFactory(status=ProtestStatus.DISPERSED))
    detention(15, name="Serik Azhibay", protests=[protest])
    statuses = {}
    for language in ["en", "ru", "kk", "en"]:
        with translation.override(language):
            path = reverse("events:case_csv")
            label = str(ProtestStatus.DISPERSED.label)
        body = b"".join(client.get(path, {"name": "Azhibay"}).streaming_content)
        statuses[language] = read_rows(body)[0]["protest_statuses"]
        assert statuses[language] == label, language
    assert len(set(statuses.values())) == 3  # each language its own words

    compiled = _compiled.cache_info().misses
    for params in [
        {},
        {"kind": "administrative_detention"},
        {"name": "Serik"},
        {"ordering": "-days"},
    ]:
        assert read_rows(download(client, **params)[1])
    assert _compiled.cache_info().misses == compiled


@pytest.mark.parametrize(
    ("language", "person", "hearings", "lawyers"),
    [
        (
            "ru",
            "12 неназванных подсудимых",
            "2025-12-10: {transfer}, откуда: Almaty District Court; куда: Taldykorgan City "
            "Court | дата не сообщается: {kind}, в закрытом режиме",
            "Lawyer L. (защитник по назначению)",
        ),
        (
            "kk",
            "12 аты аталмаған айыпталушы",
            "2025-12-10: {transfer}, қайдан: Almaty District Court; қайда: Taldykorgan City "
            "Court | күні хабарланбаған: {kind}, жабық режимде",
            "Lawyer L. (мемлекеттік қорғаушы)",
        ),
    ],
)
def test_the_words_a_csv_cell_is_built_from_are_in_the_readers_language(
    client, language, person, hearings, lawyers
):
    """The words the export's statement puts around the records' values (unnamed
    defendants, a hearing's date not reported, closed to the public, a transfer's courts,
    a public defender), in the language of the page the reader downloads from, as the
    labels of its choices are."""
    from events.models import CourtRole, Hearing, HearingKind

    sentence = make_case(name=None, kind=SentenceKind.FINE, amount_as_reported="fined")
    proceeding = sentence.proceeding
    almaty = cited(CourtFactory(name="Almaty District Court"))
    taldykorgan = cited(CourtFactory(name="Taldykorgan City Court"))
    published = {"proceeding": proceeding, "publication_status": "published"}
    cited(Hearing.objects.create(kind=HearingKind.MAIN, closed_to_public=True, **published))
    cited(
        Hearing.objects.create(
            kind=HearingKind.TRANSFER,
            date="2025-12-10",
            from_court=almaty,
            court=taldykorgan,
            **published,
        )
    )
    lawyer = cited(PersonFactory(preferred_name="Lawyer L."))
    cited(CourtRole.objects.create(person=lawyer, role="public_defender", **published))

    response = client.get(f"/{language}/cases.csv")
    (row,) = read_rows(b"".join(response.streaming_content))

    with translation.override(language):
        kinds = {kind: str(HearingKind(kind).label) for kind in HearingKind.values}
    assert row["person"] == person
    assert row["hearings"] == hearings.format(
        kind=kinds[HearingKind.MAIN], transfer=kinds[HearingKind.TRANSFER]
    )
    assert row["defence_lawyers"] == lawyers
