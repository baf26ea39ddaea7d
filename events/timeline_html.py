"""The person page's timeline, as HTML written in Python.

A busy defendant's timeline has dozens of entries of several details, each with its
citations. Through the template engine it cost more than all the page's SQL; written here,
as the case list's rows are (events/case_rows.py), each value is escaped once and joined.
Read it as the template it replaces: one ``<li>`` per entry of events.timeline.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe

from events.timeline import TimelineEntry
from sources.templatetags.casetracker import NOT_REPORTED_HTML, cite, partial_date


def timeline_html(entries: list[TimelineEntry]) -> SafeString:
    """The ``<li>`` of every entry, in order (the page wraps them in its ``<ol>``).

    Call it after the citations were attached: entries show them, and list the cited
    fields they do not show otherwise (``TimelineEntry.other_details``).
    """
    return mark_safe("".join(_entry(entry) for entry in entries))


def _entry(entry: TimelineEntry) -> str:
    if entry.date:
        when = escape(partial_date(entry.date))
    else:
        when = '<span class="not-reported">date not reported</span>'
    if entry.date_record is not None:
        when += f" {cite(entry.date_record, entry.date_field)}"
    details = "".join(
        _detail(
            detail.label, escape(detail.value) if detail.value else NOT_REPORTED_HTML, detail.cited
        )
        for detail in entry.details
    )
    details += "".join(
        _detail(detail.label, escape(detail.value), detail.cited) for detail in entry.other_details
    )
    return (
        f'<li class="timeline-entry timeline-entry--{entry.stage.name.lower()}">'
        f'<p class="when">{when}</p>'
        f'<h3>{escape(str(entry.stage_label))}: <a href="{escape(entry.url)}">'
        f"{escape(str(entry.title))}</a></h3>{cite(entry.record)}"
        f"<dl>{details}</dl></li>"
    )


def _detail(label: str, value_html: str, cited) -> str:
    citations = "".join(cite(record, name) for record, name in cited)
    return f"<dt>{escape(str(label))}</dt><dd>{value_html} {citations}</dd>"
