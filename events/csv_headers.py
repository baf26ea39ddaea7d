"""Localized headers for the CSV export (``?headers=localized``).

The CSV's machine column names (``events.csv_export.HEADERS``) are stable in every
language, so a script written against them keeps working; a reader who opens the file in a
spreadsheet may ask for headers in the interface language instead. Every column has one
label here (a test fails when a column is added without one).
"""

from django.utils.translation import gettext_lazy as _

from events.csv_export import HEADERS

LABELS = {
    "sentence_id": _("Sentence id"),
    "person": _("Person"),
    "person_url": _("Person's page"),
    "all_names": _("All spellings of the name"),
    "defendant_ages": _("Ages as reported"),
    "unnamed_defendants": _("Unnamed defendants"),
    "unnamed_defendants_precision": _("How the unnamed defendants are counted"),
    "protests": _("Protests"),
    "protest_dates": _("Protest dates"),
    "protest_urls": _("Protests' pages"),
    "protest_places": _("Protest places"),
    "protest_statuses": _("Whether the protests took place"),
    "occasions": _("Occasions"),
    "case_url": _("Case page"),
    "case_kind": _("Kind of case"),
    "country": _("Country"),
    "court": _("Court"),
    "court_as_reported": _("Court as reported"),
    "court_place": _("Where the court sits"),
    "case_opened": _("Case opened"),
    "case_opened_precision": _("Precision of the opening date"),
    "charges": _("Charges"),
    "judges": _("Judges"),
    "prosecutors": _("Prosecutors"),
    "defence_lawyers": _("Defence lawyers"),
    "hearings": _("Hearings"),
    "ruling_date": _("Ruling date"),
    "ruling_date_precision": _("Precision of the ruling date"),
    "ruling_instance": _("Instance"),
    "ruling_court": _("Court of the ruling"),
    "ruling_court_as_reported": _("Court of the ruling as reported"),
    "plea": _("Plea"),
    "outcome": _("Outcome"),
    "sentence_kind": _("Kind of sentence"),
    "sentence_status": _("Status of the sentence"),
    "detention_circumstance": _("How the person came to be held"),
    "amount_as_reported": _("Penalty as reported"),
    "term_quantity": _("Term"),
    "term_unit": _("Unit of the term"),
    "term_days": _("Term in days"),
    "probation_quantity": _("Probation period"),
    "probation_unit": _("Unit of the probation period"),
    "probation_days": _("Probation period in days"),
    "probation_not_reported": _("Probation period not reported"),
    "custody_credit_days": _("Custody credit in days"),
    "custody_credit_ratio": _("Custody credit ratio"),
    "custody_credit_as_reported": _("Custody credit as reported"),
    "fine_amount": _("Fine"),
    "fine_amount_max": _("Fine, upper bound"),
    "fine_currency": _("Currency of the fine"),
    "fine_kzt": _("Fine in tenge"),
    "fine_kzt_max": _("Fine in tenge, upper bound"),
    "fine_usd_as_reported": _("Fine in US dollars as reported"),
    "fine_group_total": _("Total fine for the group"),
    "source_outlets": _("Sources' outlets"),
    "source_headlines": _("Sources' headlines"),
    "source_urls": _("Sources' addresses"),
    "source_archive_urls": _("Sources' archived copies"),
}


def localized() -> list[str]:
    """The header line in the active language, in ``HEADERS``' order."""
    return [str(LABELS[name]) for name in HEADERS]
