"""``{% cache_for_generation %}``: a fragment of a public page rendered once per generation of
the public site (publishing.generation) and language, like Django's ``{% cache %}``.

    {% load generation_cache %}
    {% cache_for_generation "case-filter-menu" field.html_name field.value %}
      {{ field }}
    {% endcache_for_generation %}

The fragment is kept under its name, the reader's language and the values given after the
name (the choice a menu shows selected), with ``generation.remember``: a publish, retract or
amendment moves the generation, so the fragment is rendered afresh and never shows what the
gate has since hidden; without the cache, or with page caching off, it is rendered every
time. Only for what depends on the public records and the language alone: never a fragment
that holds anything of one reader (their session, a token, a link for staff).
"""

import json
from collections.abc import Iterable

from django import template
from django.utils.functional import Promise
from django.utils.translation import get_language

from publishing import generation

register = template.Library()


class GenerationCacheNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        values = [_text(value.resolve(context)) for value in self.vary_on]
        key = f"fragment:{self.name.resolve(context)}:{get_language()}:{values!r}"
        return generation.remember(key, lambda: self.nodelist.render(context))


def _text(value):
    """``value`` as text that names it alike in every process: a collection (a menu's
    choices) as JSON, its lazy translations as their text (the repr of either holds an
    address)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Iterable) and not isinstance(value, Promise):
        return json.dumps(list(value), default=str, ensure_ascii=False)
    return str(value)


@register.tag
def cache_for_generation(parser, token):
    """``{% cache_for_generation "name" value ... %}`` … ``{% endcache_for_generation %}``"""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a fragment name.")
    nodelist = parser.parse(("endcache_for_generation",))
    parser.delete_first_token()
    name = parser.compile_filter(bits[1])
    return GenerationCacheNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
