"""``{% footnotes fact "field" … %}`` and ``{% footnotes_of pairs %}``: a fact's sources as
numbered footnote marks of the page's ``footnotes`` (sources.footnotes.Footnotes).

A page writes hundreds of marks but few different ones ("[1]" beside every fact the first
source supports): each different set of marks is drawn once per page
(templates/includes/footnote_marks.html) and written again wherever it recurs. Facts
without public citations write nothing, and draw nothing.
"""

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString

register = template.Library()


def marks_html(footnotes, pairs) -> SafeString:
    """The marks of (fact, field) pairs of ``footnotes``' page, drawn once per page."""
    marks = footnotes.marks(pairs)
    if not marks:
        return SafeString("")
    key = tuple(mark.key() for mark in marks)
    html = footnotes.drawn.get(key)
    if html is None:
        html = SafeString(get_template("includes/footnote_marks.html").render({"marks": marks}))
        footnotes.drawn[key] = html
    return html


@register.simple_tag(takes_context=True)
def footnotes(context, fact, *fields):
    """The marks of ``fact`` (whole record: no field, or "") or of each of ``fields``."""
    return marks_html(context["footnotes"], [(fact, name) for name in fields or ("",)])


@register.simple_tag(takes_context=True)
def footnotes_of(context, pairs):
    """The marks of (fact, field) pairs, as a timeline entry's details name them."""
    return marks_html(context["footnotes"], pairs)
