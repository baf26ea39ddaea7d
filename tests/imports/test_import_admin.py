"""The admin's spreadsheet import: template, preview (creates and matches, errors at their
cells, nothing saved), confirm (drafts in one transaction, stamped with the importer)."""

import csv
import io

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from events.csv_export import HEADERS
from events.models import Proceeding, Ruling, Sentence
from imports import services, spreadsheets
from imports.views import SIGNING_SALT
from people.models import Person, PersonName
from publishing.models import PublicationStatus
from sources.models import Citation, Source
from tests.factories import CourtFactory, PersonFactory, PersonNameFactory, SourceFactory

pytestmark = pytest.mark.django_db

URL = "/admin/import/"


def row(**cells) -> dict[str, str]:
    values = {
        "person": "Серік Ажибай",
        "all_names": "Серік Ажибай",
        "case_url": "case 1",
        "case_kind": "Administrative",
        "country": "Kazakhstan",
        "court": "Almaty District Court",
        "ruling_date": "2018-08-03",
        "outcome": "Found guilty",
        "sentence_kind": "Administrative detention",
        "amount_as_reported": "15 days",
        "term_quantity": "15",
        "term_unit": "days",
        "source_outlets": "RFE/RL",
        "source_headlines": "Activist jailed",
        "source_urls": "https://news.example.org/azhibay",
        "quotes": "Azhibay was jailed for 15 days.",
    }
    values.update(cells)
    return values


def as_csv(*rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=spreadsheets.TEMPLATE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def as_xlsx(*rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(spreadsheets.TEMPLATE_COLUMNS)
    for cells in rows:
        sheet.append([cells.get(column, "") for column in spreadsheets.TEMPLATE_COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, name: str, content: bytes):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def counts() -> dict[str, int]:
    models = (Person, PersonName, Proceeding, Ruling, Sentence, Source, Citation)
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def azhibay():
    """An existing person spelled in Latin letters."""
    person = PersonFactory(preferred_name="Serik Azhibay")
    PersonNameFactory(person=person, name="Serik Azhibay")
    return person


@pytest.fixture
def signed_in(client, researcher):
    client.force_login(researcher)
    return client


def test_the_templates_parse_and_carry_the_exports_columns_and_the_source_columns(signed_in):
    for extension in ("csv", "xlsx"):
        response = signed_in.get(reverse("admin:import_template", args=[extension]))
        assert response.status_code == 200
        if extension == "csv":
            header, example = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        else:
            sheet = load_workbook(io.BytesIO(response.content)).active
            header, example = (
                [cell or "" for cell in r] for r in sheet.iter_rows(values_only=True)
            )
        assert header[: len(HEADERS)] == HEADERS
        assert {"source_urls", "source_dates", "quotes", "quote_supports"} <= set(header)
        # The example row itself is a valid import.
        table = spreadsheets.read_table(f"t.{extension}", response.content)
        assert services.plan(table).valid


@pytest.mark.parametrize("name, build", [("cases.csv", as_csv), ("cases.xlsx", as_xlsx)])
def test_a_valid_file_previews_what_it_creates_and_matches_and_saves_nothing(
    signed_in, azhibay, name, build
):
    source = SourceFactory(url="https://news.example.org/azhibay")
    before = counts()

    response = upload(
        signed_in,
        name,
        build(
            row(),
            row(
                sentence_kind="Fine",
                fine_amount="50000",
                fine_currency="KZT",
                term_quantity="",
                term_unit="",
                amount_as_reported="",
            ),
        ),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert f"person: Серік Ажибай → Serik Azhibay (#{azhibay.pk})" in page
    assert f"source: https://news.example.org/azhibay → {source} (#{source.pk})" in page
    assert "court: Almaty District Court" in page  # created: no court of that name
    assert "sentence: Fine" in page
    assert "case: Administrative (the one of row 2)" in page  # both rows are "case 1"
    assert 'name="payload"' in page  # the confirm form
    assert counts() == before


def test_confirming_saves_every_record_as_a_draft_stamped_with_the_importer(
    signed_in, researcher, azhibay
):
    court = CourtFactory(name="Almaty District Court")
    response = upload(
        signed_in,
        "cases.csv",
        as_csv(
            row(), row(ruling_date="2018-09-01", outcome="Found guilty", ruling_instance="Appeal")
        ),
    )
    payload = response.context["confirm_form"].initial["payload"]
    before = counts()

    response = signed_in.post(URL, {"payload": payload})

    assert response.status_code == 302
    after = counts()
    assert after["Person"] == before["Person"]  # matched across scripts
    assert after["Sentence"] == before["Sentence"] + 2
    assert after["Ruling"] == before["Ruling"] + 2
    assert after["Proceeding"] == before["Proceeding"] + 1
    assert after["Source"] == before["Source"] + 1
    sentence = Sentence.objects.latest("pk")
    assert sentence.proceeding.person == azhibay
    assert sentence.proceeding.court == court
    for record in (sentence, sentence.ruling, sentence.proceeding, *Citation.objects.all()):
        assert record.publication_status == PublicationStatus.DRAFT
        assert record.history.latest().history_user == researcher
        assert "Imported from cases.csv" in record.history.latest().history_change_reason
    cited = Citation.objects.filter(object_id=sentence.pk, content_type__model="sentence")
    assert cited.get().quote == "Azhibay was jailed for 15 days."


def test_cell_errors_are_shown_at_their_cells_and_nothing_can_be_confirmed(signed_in):
    bad = row(
        ruling_date="2018-13-45",
        sentence_kind="Flogging",
        fine_amount="lots",
        fine_currency="KZT",
        source_outlets="RFE/RL | Azattyq",
        source_headlines="Activist jailed | Белсенді қамалды",
        source_urls="https://news.example.org/a | https://news.example.org/b",
        quotes="The first source's quote.",
    )
    before = counts()

    response = upload(signed_in, "cases.csv", as_csv(row(), bad))

    page = response.content.decode()
    plan = response.context["plan"]
    assert not plan.valid
    assert plan.rows[0].errors == {}
    errors = plan.rows[1].errors
    assert set(errors) == {"ruling_date", "sentence_kind", "fine_amount", "quotes"}
    assert "“lots” is not a number." in errors["fine_amount"]
    assert any("Flogging" in message for message in errors["sentence_kind"])
    assert any("https://news.example.org/b" in message for message in errors["quotes"])
    for column in errors:
        assert f'data-column="{column}"' in page
    assert response.context["confirm_form"] is None
    # A confirm of the same rows (signed as a preview would) is refused: nothing is saved.
    payload = signing.dumps(
        {"table": spreadsheets.read_table("c.csv", as_csv(row(), bad)), "filename": "c.csv"},
        salt=SIGNING_SALT,
        compress=True,
    )
    response = signed_in.post(URL, {"payload": payload})
    assert response.status_code == 200
    assert not response.context["plan"].valid
    assert counts() == before
    with pytest.raises(services.ImportRefused):
        services.apply(plan, user=None, filename="c.csv")
    assert counts() == before


def blank_row(**cells) -> dict[str, str]:
    return {**dict.fromkeys(spreadsheets.TEMPLATE_COLUMNS, ""), **row(**cells)}


def test_a_person_written_in_another_script_matches_the_existing_person():
    azhibay = PersonFactory(preferred_name="Azhibay")
    plan = services.plan(
        [
            blank_row(person="Ажибай", all_names="Ажибай"),
            blank_row(person="Gulbaran Omirali", all_names="", case_url="case 2"),
        ]
    )

    assert plan.valid
    people = [item for r in plan.rows for item in r.items if item.kind == "person"]
    assert [(item.label, item.existing) for item in people] == [
        ("Ажибай", azhibay),
        ("Gulbaran Omirali", None),
    ]
    assert [name.name for name in plan.new[PersonName]] == ["Gulbaran Omirali"]
    assert [proceeding.person for proceeding in plan.new[Proceeding]][0] == azhibay


def test_a_name_that_matches_two_people_is_an_error_at_its_cell():
    PersonFactory(preferred_name="Azhibay")
    PersonFactory(preferred_name="Azhibai")
    plan = services.plan([blank_row(person="Ажибай", all_names="")])
    assert not plan.valid
    assert "matches several people" in plan.rows[0].errors["person"][0]


def test_sources_are_matched_by_url_and_new_ones_created_once():
    known = SourceFactory(url="https://news.example.org/known")
    urls = "https://news.example.org/known | https://news.example.org/new"
    plan = services.plan(
        [
            blank_row(
                source_urls=urls,
                source_outlets="Known | New",
                source_headlines="Known story | New story",
                quotes="Known quote. | New quote.",
            ),
            blank_row(
                case_url="case 2",
                source_urls="https://news.example.org/new",
                source_outlets="New",
                source_headlines="New story",
                quotes="Another new quote.",
            ),
        ]
    )
    assert plan.valid
    sources = [
        (r.number, i.label, i.existing, i.earlier_row)
        for r in plan.rows
        for i in r.items
        if i.kind == "source"
    ]
    assert sources == [
        (2, "https://news.example.org/known", known, None),
        (2, "https://news.example.org/new", None, None),
        (3, "https://news.example.org/new", None, 2),
    ]
    assert [source.url for source in plan.new[Source]] == ["https://news.example.org/new"]


def test_the_preview_reads_the_database_a_constant_number_of_times(
    signed_in, azhibay, django_assert_max_num_queries
):
    def rows(n):
        return [
            row(
                case_url=f"case {i}",
                person=f"Person {i}" if i else "Серік Ажибай",
                all_names="",
                source_urls=f"https://news.example.org/{i}",
                charges="Art. 488: picketing",
                hearings="2018-08-03: Trial hearing",
                protests=f"Picket {i}",
                protest_dates="2018-08",
                protest_places="Almaty",
                defence_lawyers=f"Lawyer {i}",
            )
            for i in range(n)
        ]

    upload(signed_in, "cases.csv", as_csv(*rows(2)))  # the session and user, once
    with django_assert_max_num_queries(15) as few:
        assert upload(signed_in, "cases.csv", as_csv(*rows(2))).context["plan"].valid
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert upload(signed_in, "cases.csv", as_csv(*rows(30))).context["plan"].valid


def test_only_those_who_may_add_records_may_import(client, django_user_model):
    someone = django_user_model.objects.create_user("someone", is_staff=True)
    client.force_login(someone)
    assert client.get(URL).status_code == 403
    assert upload(client, "cases.csv", as_csv(row())).status_code == 403
    assert Sentence.objects.count() == 0


def test_a_quote_supports_only_the_facts_it_names():
    plan = services.plan(
        [
            blank_row(
                charges="Art. 488: picketing",
                quote_supports="sentence, ruling.date",
            ),
            blank_row(case_url="case 2", quote_supports="verdict"),
        ]
    )
    cited = [(type(fact).__name__, field) for _, fact, field, _ in plan.citations]
    assert cited == [("Sentence", ""), ("Ruling", "date")]
    assert "Unknown fact “verdict”" in plan.rows[1].errors["quote_supports"][0]


def test_a_detention_without_a_case_cannot_have_a_ruling():
    plan = services.plan(
        [blank_row(sentence_kind="held_without_charge", case_kind="No case: held without charge")]
    )
    assert "has no ruling" in plan.rows[0].errors["outcome"][0]


def test_an_import_the_database_refuses_saves_nothing(researcher):
    plan = services.plan([blank_row(), blank_row(case_url="case 2", person="Gulbaran Omirali")])
    assert plan.valid
    # Between preview and confirm, a colleague entered the same article.
    SourceFactory(url="https://news.example.org/azhibay")
    before = counts()

    with pytest.raises(services.ImportRefused):
        services.apply(plan, user=researcher, filename="cases.csv")

    assert counts() == before


def test_the_admin_index_links_the_import_for_researchers(signed_in):
    assert reverse("admin:import_cases") in signed_in.get("/admin/").content.decode()
