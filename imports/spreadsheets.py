"""Reading the import's spreadsheets (CSV with the standard csv module, XLSX with openpyxl)
and writing its template. The columns are the public CSV export's (events/csv_export.py,
``COLUMNS``) plus the three the export does not carry (see imports.services)."""

import csv
import datetime
import io

from django.utils.translation import gettext as _

from events.csv_export import FORMULA_TRIGGERS, HEADERS

IMPORT_COLUMNS = ["source_dates", "quotes", "quote_supports"]
TEMPLATE_COLUMNS = [*HEADERS, *IMPORT_COLUMNS]


class ImportFileError(Exception):
    """The file as a whole cannot be read (its kind, its header)."""


# Reading ---------------------------------------------------------------------------------


def read_table(name: str, content: bytes) -> list[dict[str, str]]:
    """The rows of a CSV (UTF-8, with or without BOM) or XLSX file, as text cells by header."""
    if name.lower().endswith(".xlsx"):
        rows = _xlsx_rows(content)
    elif name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFileError(_("The CSV file is not UTF-8 text.")) from None
        rows = list(csv.reader(io.StringIO(text, newline="")))
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    if not rows:
        raise ImportFileError(_("The file is empty."))
    header = [cell.strip() for cell in rows[0]]
    unknown = [column for column in header if column and column not in TEMPLATE_COLUMNS]
    if unknown:
        raise ImportFileError(
            _("Unknown columns: %(columns)s. Use the template's columns.")
            % {"columns": ", ".join(unknown)}
        )
    if "sentence_kind" not in header:
        raise ImportFileError(_("The file has no sentence_kind column: is the header row first?"))
    table = []
    for cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        row = dict.fromkeys(TEMPLATE_COLUMNS, "")
        for column, cell in zip(header, cells, strict=False):
            if column:
                row[column] = _unguarded(cell.strip())
        table.append(row)
    if not table:
        raise ImportFileError(_("The file has a header but no rows."))
    return table


def _unguarded(cell: str) -> str:
    """The export's formula guard undone: "'-5" was written for "-5"."""
    if cell.startswith("'") and cell[1:2] and cell[1] in FORMULA_TRIGGERS:
        return cell[1:]
    return cell


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file it cannot read
        raise ImportFileError(_("The XLSX file cannot be read.")) from error
    sheet = workbook.worksheets[0]
    rows = [[_xlsx_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _xlsx_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def template_rows() -> list[list[str]]:
    """The template: the header and one example row."""
    example = dict.fromkeys(TEMPLATE_COLUMNS, "")
    example.update(
        person="Serik Azhibay",
        person_url="person 1",
        all_names="Serik Azhibay | Серік Әжібай",
        defendant_ages="45 (2018-08)",
        protests="Picket outside the Chinese consulate",
        protest_dates="2018-08-02",
        protest_urls="protest 1",
        protest_places="Almaty",
        protest_statuses="Held",
        case_url="case 1",
        case_kind="Administrative",
        country="Kazakhstan",
        court_as_reported="a court in Almaty",
        case_opened="2018-08",
        charges="Art. 488: violating the rules for holding a picket",
        hearings="2018-08-03: Trial hearing, closed to the public",
        ruling_date="2018-08-03",
        ruling_instance="First instance",
        outcome="Found guilty",
        plea="Not reported",
        sentence_kind="Administrative detention",
        sentence_status="Imposed",
        amount_as_reported="15 days in jail",
        term_quantity="15",
        term_unit="days",
        source_outlets="RFE/RL",
        source_headlines="Activist jailed for 15 days",
        source_urls="https://example.org/article",
        source_dates="2018-08-04",
        quotes="A court in Almaty sentenced Serik Azhibay to 15 days in jail.",
        quote_supports="",
    )
    return [TEMPLATE_COLUMNS, [example[column] for column in TEMPLATE_COLUMNS]]
