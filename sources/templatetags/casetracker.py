"""Template helpers for public pages: partial dates, unknown values, page links and citations.

Citations are rendered by one template (templates/includes/citations.html), so that their
markup is escaped by the engine and their words translatable. Links to record pages are
built from a pattern resolved once per view rather than through ``get_absolute_url()``
(one URL resolution each).
"""

import datetime
from functools import lru_cache

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.template.loader import get_template
from django.urls import get_script_prefix, reverse
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info, pgettext
from django.utils.translation import gettext_lazy as _

from casetracker.partial_dates import PartialDateField, parse_or_none
from publishing import texts
from sources import agreement

register = template.Library()

NOT_REPORTED = _("not reported")
# Citations are written a few hundred times a page: SafeString() rather than mark_safe(),
# whose lazy-string wrapper costs more than the string. Both mark the same thing safe.
EMPTY = SafeString("")


@lru_cache(maxsize=4096)
def _date_display(text: str, language: str | None) -> str:  # noqa: ARG001 (the cache key)
    parsed = parse_or_none(text)
    return parsed.display() if parsed else NOT_REPORTED


@register.filter
def translated(record, name: str) -> texts.Text:
    """``record.<name>`` in the reader's language, or the original with its ``lang``
    (publishing/texts.py): ``{% with title=protest|translated:"title" %}``."""
    return texts.in_reader_language(record, name)


@register.filter
def partial_date(value):
    """ "2025-07" → "Jul 2025"; blank → "not reported". Never more precise than known."""
    return _date_display(value or "", get_language())


def display_value(record, name: str) -> str:
    """A field of ``record`` as the public pages show it (a timeline's details, the values
    a source's page says it supports); "" when not reported, and for a relation, which
    would cost a query (the fact's entry already names it)."""
    try:
        model_field = record._meta.get_field(name)
    except FieldDoesNotExist:
        return ""
    if model_field.is_relation or not model_field.concrete:
        return ""
    value = getattr(record, model_field.attname)
    if value is None or value == "":
        return ""
    if isinstance(model_field, PartialDateField):
        parsed = parse_or_none(value)
        return parsed.display() if parsed else ""
    if model_field.choices:
        return str(choice_label(record, name))
    if isinstance(value, bool):
        return yes_or_no(value)
    return str(value)


def yes_or_no(value: bool | None) -> str:
    """A yes/no fact (a hearing closed to the public) in the reader's language; "" when
    not reported (None)."""
    if value is None:
        return ""
    return pgettext("a fact's value", "yes") if value else pgettext("a fact's value", "no")


@register.filter
def language_name_or_code(code: str) -> str:
    """A language code ("en", "kk") as the language's name in the reader's language
    ("Английский"); the code itself for a language Django does not name ("zh"), where
    Django's own ``language_name_translated`` filter raises an error."""
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


@register.filter
def day_in_full(value: str) -> str:
    """A day ("2026-12-06") written in full in the reader's language (CITED_DAY_FORMAT of
    casetracker/formats): "6 December 2026", "6 декабря 2026", "2026 ж. 6 желтоқсан"."""
    text = formats.date_format(
        datetime.date.fromisoformat(value), formats.get_format("CITED_DAY_FORMAT")
    )
    return text.lower() if formats.get_format("PARTIAL_DATE_LOWER_CASE") else text


@register.filter
def or_not_reported(value):
    """Unknown is an answer: show "not reported", never a blank or an invented value."""
    if value is None or value == "":
        return NOT_REPORTED
    return value


@lru_cache(maxsize=256)
def _choice_labels(model, name: str) -> dict:
    return dict(model._meta.get_field(name).flatchoices)


@register.filter
def choice_label(record, name: str):
    """``{{ sentence|choice_label:"kind" }}``: what ``get_kind_display()`` returns, from a
    table of labels built once per field instead of once per call."""
    value = getattr(record, name)
    # The table holds lazy labels (translated when read); the caller gets plain text, which
    # it may join with other text.
    label = _choice_labels(type(record), name).get(value, value)
    return label if label is None else str(label)


# The public page of each record that has one, addressed by the record's primary key
# (the same URL as its get_absolute_url(); tests/sources/test_citation_rendering.py holds
# them equal).
PAGE_VIEWS = {
    "people.person": "events:person_detail",
    "people.organization": "events:organization_detail",
    "events.protest": "events:protest_detail",
    "events.occasion": "events:occasion_detail",
    "events.proceeding": "events:proceeding_detail",
    "places.place": "events:place_detail",
    "sources.source": "sources:source_detail",
}

_PK_MARKER = "987654321"


@lru_cache(maxsize=64)
def _url_pattern(view: str, prefix: str, language: str | None) -> tuple[str, str]:  # noqa: ARG001 (the cache key)
    url = reverse(view, kwargs={"pk": int(_PK_MARKER)})
    before, _, after = url.rpartition(_PK_MARKER)
    return before, after


def url_pattern(view: str) -> tuple[str, str]:
    """What comes before and after the pk in the URL of ``view`` (a view taking ``pk``),
    resolved once per script prefix and language (the pages' URLs carry the reader's
    language: /ru/people/1/); the site sets no per-request URLconf."""
    return _url_pattern(view, get_script_prefix(), get_language())


def url_of(view: str, pk) -> str:
    """``reverse(view, kwargs={"pk": pk})``, without resolving the URL each time."""
    before, after = url_pattern(view)
    return f"{before}{int(pk)}{after}"


@register.filter
def page_url(record) -> str:
    """The URL of ``record``'s public page: ``{{ person|page_url }}``."""
    return url_of(PAGE_VIEWS[record._meta.label_lower], record.pk)


@register.simple_tag(takes_context=True)
def page_query(context, number, param="page") -> str:
    """The page's query string with ``param`` set to ``number``, its other parameters kept:
    ``{% querystring page=… %}`` for a list paged by a parameter of its own (a page that
    shows two paged lists, such as a court's rulings and its members)."""
    query = context["request"].GET.copy()
    query[param or "page"] = number
    return f"?{query.urlencode()}"


@register.filter
def source_page_url(source) -> str:
    """The URL of a cited source's page (a PageSource of sources.selectors, or a Source)."""
    return url_of("sources:source_detail", source.pk)


def citations_for(fact, field=""):
    """Public citations of a fact, or of one field of it.

    Views attach them with sources.selectors.attach_public_citations() as
    ``fact.public_citations``, so rendering runs no query.
    """
    return [c for c in getattr(fact, "public_citations", ()) if c.field == field]


def fact_day(fact, field: str = ""):
    """The day ``fact.<field>`` names, when it is a partial date of one known day: what a
    weekday or a day without its year in a source's words is read against."""
    value = getattr(fact, field, None) if fact is not None and field else None
    parsed = parse_or_none(value) if isinstance(value, str) and value else None
    if parsed is not None and parsed.start is not None and parsed.start == parsed.end:
        return parsed.start
    return None


def disagree(citations, fact=None, field: str = "") -> bool:
    """Whether the sources differ in meaning (sources.agreement), not only in words."""
    return agreement.disagree(citations, on=fact_day(fact, field))


def citations_html(citations, disagreement: bool = False) -> SafeString:
    """Inline citations (templates/includes/citations.html): outlet, date, headline linked,
    archive link, the quote on demand; side by side with what each reports when they
    disagree. A citation marked ``withheld`` (sources.selectors) belongs to a person at
    risk: its source is shown, never its quote."""
    if not citations:
        return EMPTY
    html = get_template("includes/citations.html").render(
        {"citations": citations, "disagreement": disagreement}
    )
    return SafeString(html)


@register.simple_tag
def cite(fact, *fields):
    """Inline citations of ``fact`` (whole record) or of ``fact.<field>``.

    Several fields, one after the other: ``{% cite sentence "" "term_quantity" %}`` shows
    the citations of the whole record ("") and then those of its term.
    """
    if not getattr(fact, "public_citations", None):
        return EMPTY
    html = []
    for field in fields or ("",):
        citations = citations_for(fact, field)
        if citations:
            html.append(citations_html(citations, disagree(citations, fact, field)))
    return SafeString("".join(html))


@register.simple_tag
def cite_list(chosen, disagreement=False):
    """Citations already chosen by the view (``fact.record_citations``)."""
    return citations_html(chosen, disagreement)


def citations_for_every_field(fact) -> SafeString:
    """Every public citation of ``fact``, grouped by the field it supports, whole record first.

    Each group says whether its sources disagree, as ``{% cite %}`` does for one field.
    """
    groups = {}
    for citation in getattr(fact, "public_citations", ()):
        groups.setdefault(citation.field, []).append(citation)
    return SafeString(
        "".join(
            citations_html(group, disagree(group, fact, field))
            for field, group in sorted(groups.items())
        )
    )


@register.simple_tag
def cite_every_field(fact):
    """``{% cite_every_field sentence %}``: see citations_for_every_field()."""
    return citations_for_every_field(fact)


@register.filter
def has_disagreement(fact, field=""):
    return disagree(citations_for(fact, field), fact, field)
