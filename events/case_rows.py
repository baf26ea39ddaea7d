"""The rows of the case list, as HTML written in Python.

A page shows 50 rows of eight cells, about twenty values each. Through the template engine
a row cost ~0.4 ms (each value is looked up, localized and escaped by a generic node):
more than the page's SQL. Here each value is escaped once and joined, about ten times
faster. The markup is that of a template: read it top to bottom as the table's columns
(events/templates/events/case_list.html holds the header row).
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe

from events.models import WITHOUT_CASE, ProceedingKind, SentenceStatus
from sources.templatetags.casetracker import (
    NOT_REPORTED_HTML,
    choice_label,
    citations_for_every_field,
    page_url,
    partial_date,
)

NO_RULING = '<span class="not-reported">no ruling yet</span>'
NO_CASE = '<span class="not-reported">no case opened</span>'


def case_rows(sentences) -> list[SafeString]:
    """One ``<tr>`` per sentence of ``public_sentences()`` (related rows prefetched)."""
    return [mark_safe(_row(sentence)) for sentence in sentences]


def _row(sentence) -> str:
    proceeding = sentence.proceeding
    ruling = sentence.ruling
    cells = (
        _defendant(sentence, proceeding),
        _protests(proceeding),
        _date(ruling, proceeding),
        _court(ruling if ruling and ruling.has_own_court else proceeding),
        _charges(proceeding),
        escape(str(choice_label(ruling, "outcome"))) if ruling else _no_ruling(sentence),
        _penalty(sentence),
        citations_for_every_field(sentence) or '<span class="not-reported">none public</span>',
    )
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _defendant(sentence, proceeding) -> str:
    person = proceeding.person
    if person:
        who = f'<a href="{page_url(person)}">{escape(person.public_name)}</a>'
    else:
        count = str(sentence.unnamed_count or proceeding.unnamed_number)
        who = f"{escape(count)} unnamed defendants"
    case = escape(proceeding.case_words)
    if proceeding.country:
        case += f", {escape(proceeding.country)}"
    return f'{who}<br><a href="{page_url(proceeding)}">{case}</a>'


def _protests(proceeding) -> str:
    protests = [
        f'<a href="{page_url(protest)}">{escape(protest.title)}</a> '
        f"({escape(partial_date(protest.start))})"
        for protest in proceeding.public_protests
    ]
    return "<br>".join(protests) or NOT_REPORTED_HTML


def _no_ruling(sentence) -> str:
    return NO_CASE if sentence.kind in WITHOUT_CASE else NO_RULING


def _date(ruling, proceeding) -> str:
    if proceeding.kind == ProceedingKind.NONE:
        detained = escape(partial_date(proceeding.opened)) if proceeding.opened else ""
        return f"{NO_CASE}<br>detained {detained}" if detained else NO_CASE
    if ruling:
        return escape(partial_date(ruling.date)) if ruling.date else NOT_REPORTED_HTML
    if proceeding.opened:
        return f"{NO_RULING}<br>case opened {escape(partial_date(proceeding.opened))}"
    return NO_RULING


def _court(record) -> str:
    """The court of the ruling when it names its own (an appeal court), else the case's."""
    court = record.court
    if court and court.shows_publicly:
        return f'<a href="{page_url(court)}">{escape(court.name)}</a>'
    if record.court_as_reported:
        return f'“{escape(record.court_as_reported)}” <span class="not-reported">(not named)</span>'
    return NOT_REPORTED_HTML


def _charges(proceeding) -> str:
    charges = [
        (f"{escape(charge.article)}: " if charge.article else "") + escape(charge.as_reported)
        for charge in proceeding.public_charges
    ]
    return "<br>".join(charges) or NOT_REPORTED_HTML


def _penalty(sentence) -> str:
    penalty = f"{escape(str(choice_label(sentence, 'kind')))}: {escape(sentence.amount_display())}"
    if sentence.kind in WITHOUT_CASE and sentence.amount_display() == "not reported":
        penalty = escape(str(choice_label(sentence, "kind")))  # "Missing, presumed detained"
    if sentence.status != SentenceStatus.IMPOSED:
        penalty += f"<br><strong>{escape(str(choice_label(sentence, 'status')))}</strong>"
    for note in sentence.penalty_notes():
        penalty += f"<br>{escape(note)}"
    return penalty
