"""Template helpers for public pages: partial dates, unknown values and inline citations."""

from django import template

from casetracker.partial_dates import parse_or_none

register = template.Library()

NOT_REPORTED = "not reported"


@register.filter
def partial_date(value):
    """ "2025-07" → "Jul 2025"; blank → "not reported". Never more precise than known."""
    parsed = parse_or_none(value or "")
    return parsed.display() if parsed else NOT_REPORTED


@register.filter
def or_not_reported(value):
    """Unknown is an answer: show "not reported", never a blank or an invented value."""
    if value is None or value == "":
        return NOT_REPORTED
    return value


def citations_for(fact, field=""):
    """Public citations of a fact, or of one field of it.

    Views prefetch them with sources.selectors.public_citations() into
    ``fact.public_citations``, so rendering runs no query.
    """
    return [c for c in getattr(fact, "public_citations", []) if c.field == field]


def disagree(citations) -> bool:
    return len({c.reported_value for c in citations if c.reported_value}) > 1


@register.inclusion_tag("includes/citations.html")
def cite(fact, field=""):
    """Inline citations of ``fact`` (whole record) or of ``fact.<field>``."""
    citations = citations_for(fact, field)
    return {"citations": citations, "disagreement": disagree(citations)}


@register.filter
def has_disagreement(fact, field=""):
    return disagree(citations_for(fact, field))
