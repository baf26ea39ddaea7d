"""Caching of the public pages: whole pages in the shared cache, keyed by the generation of
the public site (publishing.generation), with the ETag, Last-Modified and Cache-Control
that let browsers and proxies reuse them.

``public_page(view)`` serves an anonymous reader's GET from Django's cache middleware
(``CacheMiddleware``: the key is the full address with its query, the language and the
time zone) under a key prefix that holds the generation, so a publish, retract or amendment
makes every cached page stale at once. The page's ETag and Last-Modified are the generation
and the time it last moved (``condition``): a reader who sends them back gets a bodiless 304
until the next publish. A page is built by one request at a time
(``generation.first_builder``): the readers who ask for it while it is being built wait for
the stored copy. Public pages hold nothing of one reader's session: no CSRF token (their
forms are GET forms), no messages, no per-request nonce (the CSP allows no scripts at all,
casetracker.middleware), no link for staff; a logged-in user's page is still built afresh
and marked private, so that a later change to that rule cannot be served to the
public from the cache.

``public_headers(view)`` gives a response the same validators and Cache-Control without
storing its body (the CSV, streamed).

Without the cache (Redis down) pages are served as before, uncached and without validators.
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import ExitStack
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.middleware.cache import CacheMiddleware
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import condition

from publishing import generation

logger = logging.getLogger(__name__)


def _for_everyone(request) -> bool:
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated


def _validators(state: tuple[int, float]):
    """``condition`` from the generation: the ETag names it and the language."""
    number, moved_at = state
    etag = f'W/"{number}-{get_language()}"'
    last_modified = datetime.fromtimestamp(int(moved_at), UTC)
    return condition(
        etag_func=lambda request, *args, **kwargs: etag,
        last_modified_func=lambda request, *args, **kwargs: last_modified,
    )


def _shareable(response):
    if response.status_code in (200, 304):
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    return response


def _private(response):
    patch_cache_control(response, private=True)
    return response


def public_page(view):
    """Serve ``view``'s pages to anonymous readers from the cache (see the module)."""

    with_headers = public_headers(view)

    @wraps(view)
    def cached(request, *args, **kwargs):
        if not settings.PUBLIC_PAGE_CACHE_SECONDS or not _for_everyone(request):
            return with_headers(request, *args, **kwargs)
        state = generation.state()
        if state is None:
            return _shareable(view(request, *args, **kwargs))
        built = {}
        turn = ExitStack()

        def build(request):
            # Built by one request at a time: the others wait for the page it stores.
            found = turn.enter_context(
                generation.first_builder(_page_key(state, request), lambda: _stored(pages, request))
            )
            if found is not generation.MISSING:
                return found
            built["started"] = True
            # What the page keeps per generation is keyed by the one it is cached under.
            with generation.pinned(state):
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    # Rendered here, so that storing it happens below, where a cache that
                    # went away is caught, and not later in Django's handler.
                    response.render()
            built["response"] = _shareable(response)
            return response

        pages = CacheMiddleware(
            build,
            page_timeout=settings.PUBLIC_PAGE_CACHE_SECONDS,
            key_prefix=f"public-page.{state[0]}",
        )
        try:
            with turn:  # ends this request's turn once its page is stored
                response = _validators(state)(pages)(request)
        except Exception:
            if "response" in built:  # built, but the cache failed to store it
                logger.warning("Cache unavailable: page not stored", exc_info=True)
                return built["response"]
            if "started" in built:  # the view's own error
                raise
            logger.warning("Cache unavailable: page served uncached", exc_info=True)
            return _shareable(view(request, *args, **kwargs))
        # max-age says how long a copy may be reused; the Expires the cache middleware set
        # is how long the server keeps it.
        del response["Expires"]
        return _shareable(response)

    return cached


def _page_key(state: tuple[int, float], request) -> str:
    """What names a page while it is being built: its generation, language and address
    (the cache's own key also holds the headers it varies by, known only once stored)."""
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"public-page.{state[0]}.{get_language()}.{request.method}.{address}"


def _stored(pages: CacheMiddleware, request):
    """The page stored for ``request``, or MISSING (the cache middleware's own lookup,
    which also tells it not to store that page again)."""
    response = pages.process_request(request)
    return generation.MISSING if response is None else response


def public_headers(view):
    """The public pages' ETag, Last-Modified and Cache-Control on ``view``'s responses,
    whose body is not stored (a streamed export); a matching conditional GET gets a 304."""

    @wraps(view)
    def with_headers(request, *args, **kwargs):
        if not _for_everyone(request):
            return _private(view(request, *args, **kwargs))
        state = generation.state()
        if state is None:
            return _shareable(view(request, *args, **kwargs))
        return _shareable(_validators(state)(view)(request, *args, **kwargs))

    return with_headers
