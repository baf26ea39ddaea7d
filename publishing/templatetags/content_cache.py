"""``{% cache_by_content %}``: a fragment of a public page kept under everything it is drawn
from, like Django's ``{% cache %}`` but with no time in its key.

    {% load content_cache %}
    {% cache_by_content "case-filter-menu" field.html_name field.value field.field.choices %}
      {{ field }}
    {% endcache_by_content %}

The fragment is kept under its name, the reader's language and the values given after the
name, as text (a menu's choices as JSON, their labels included), hashed: the same values
draw the same fragment, so it is not drawn again when the generation of the public site
(publishing.generation) moves but the values stay as they were. The values are read afresh
on every page built (a menu's choices from the public records, kept per generation), so a
publish, retract or amendment that changes them changes the key at once and the old
fragment is never read again; nothing the gate has hidden can be shown from it. A publish
moves the generation many times a day, and the case list's court and place menus (some 800
options) cost 15–20 ms of every page built after each move.

No build-once mark (``generation.first_builder``), unlike what ``generation.remember``
keeps: a request that waits for another's build looks again after LOOK_SECONDS (25 ms),
longer than drawing a menu takes (2.7 ms for the court menu's 385 options), so after a
cold start each request that finds no fragment draws its own.

Only for a fragment drawn from its values and the language alone: never one that reads
records the values do not name, or anything of one reader (their session, a token, a link
for staff). Without the cache, or with page caching off (PUBLIC_PAGE_CACHE_SECONDS = 0),
drawn every time.
"""

import hashlib
import json
import logging
from collections.abc import Iterable

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.translation import get_language

logger = logging.getLogger(__name__)
register = template.Library()


class ContentCacheNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        lifetime = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not lifetime:
            return self.nodelist.render(context)
        values = [_text(value.resolve(context)) for value in self.vary_on]
        named = json.dumps([self.name.resolve(context), get_language(), values], default=str)
        key = f"fragment:{hashlib.sha256(named.encode()).hexdigest()}"
        try:
            kept = cache.get(key)
        except Exception:  # whatever the configured backend raises when it is away
            logger.warning("Cache unavailable: fragment drawn without it", exc_info=True)
            return self.nodelist.render(context)
        if kept is not None:
            return kept
        text = self.nodelist.render(context)
        try:
            cache.set(key, text, timeout=lifetime)
        except Exception:
            logger.warning("Cache unavailable: fragment not kept", exc_info=True)
        return text


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
def cache_by_content(parser, token):
    """``{% cache_by_content "name" value ... %}`` … ``{% endcache_by_content %}``"""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a fragment name.")
    nodelist = parser.parse(("endcache_by_content",))
    parser.delete_first_token()
    name = parser.compile_filter(bits[1])
    return ContentCacheNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
