"""The rows of a court page's table of rulings, as HTML written in Python.

A page shows 50 rulings with their defendant, charges, outcome and sentences, and some two
hundred citations. Through the template engine the table cost about twice the page's SQL;
written here, as the case list's rows are (events/case_rows.py), each value is escaped once
and joined. Read it top to bottom as the table's columns
(events/templates/events/organization_detail.html holds the header row).
"""

from html import escape

from django.template.defaultfilters import pluralize
from django.utils.safestring import SafeString, mark_safe

from events.models import Instance, SentenceStatus
from sources.templatetags.casetracker import (
    NOT_REPORTED_HTML,
    choice_label,
    cite,
    page_url,
    partial_date,
)


def court_rows(rulings) -> list[SafeString]:
    """One ``<tr>`` per ruling of ``court_rulings()`` (``attach_ruling_details`` done)."""
    return [mark_safe(_row(ruling)) for ruling in rulings]


def _row(ruling) -> str:
    cells = (
        _date(ruling),
        _defendant(ruling.proceeding),
        _charges(ruling.public_charges),
        _outcome(ruling),
        _sentences(ruling.public_sentences),
    )
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _date(ruling) -> str:
    when = escape(partial_date(ruling.date)) if ruling.date else NOT_REPORTED_HTML
    return f"{when} {cite(ruling, 'date')}"


def _defendant(proceeding) -> str:
    unnamed = proceeding.unnamed_number
    plural = pluralize(proceeding.unnamed_defendants or 2)
    if proceeding.person_id:
        person = proceeding.person
        who = f'<a href="{page_url(person)}">{escape(person.public_name)}</a>'
        if unnamed:
            who += f" and {escape(unnamed)} unnamed co-defendant{plural}"
    else:
        who = f"{escape(unnamed)} unnamed defendant{plural}"
    case = escape(str(choice_label(proceeding, "kind"))) + " case"
    if proceeding.case_number:
        case += f" {escape(proceeding.case_number)}"
    return f'{who} {cite(proceeding, "", "person")} <br><a href="{page_url(proceeding)}">{case}</a>'


def _charges(charges) -> str:
    return (
        "".join(f"<p>{escape(str(charge))}{cite(charge, '', 'article')}</p>" for charge in charges)
        or NOT_REPORTED_HTML
    )


def _outcome(ruling) -> str:
    outcome = escape(str(choice_label(ruling, "outcome")))
    if ruling.court_instance != Instance.FIRST:
        outcome += f" ({escape(str(choice_label(ruling, 'court_instance')).lower())})"
    return f"{outcome} {cite(ruling, '', 'outcome')}"


def _sentences(sentences) -> str:
    return "".join(_sentence(sentence) for sentence in sentences) or NOT_REPORTED_HTML


def _sentence(sentence) -> str:
    amount = sentence.amount_display()
    amount = NOT_REPORTED_HTML if amount == "not reported" else escape(amount)
    text = f"{escape(str(choice_label(sentence, 'kind')))}: {amount}"
    if sentence.status != SentenceStatus.IMPOSED:
        text += f" ({escape(str(choice_label(sentence, 'status')).lower())})"
    text += "".join(f"; {escape(note)}" for note in sentence.penalty_notes())
    cited = cite(sentence, "", "amount_as_reported", "term_quantity", "fine_amount")
    return f"<p>{text} {cited}</p>"
