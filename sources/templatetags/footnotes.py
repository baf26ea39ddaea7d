"""``{% footnotes fact "field" … %}`` and ``{% footnotes_of pairs %}``: a fact's sources as
numbered footnote marks of the page's ``footnotes`` (sources.footnotes.Footnotes)."""

from django import template

register = template.Library()


@register.inclusion_tag("includes/footnote_marks.html", takes_context=True)
def footnotes(context, fact, *fields):
    """The marks of ``fact`` (whole record: no field, or "") or of each of ``fields``."""
    return {"marks": context["footnotes"].marks([(fact, name) for name in fields or ("",)])}


@register.inclusion_tag("includes/footnote_marks.html", takes_context=True)
def footnotes_of(context, pairs):
    """The marks of (fact, field) pairs, as a timeline entry's details name them."""
    return {"marks": context["footnotes"].marks(pairs)}
