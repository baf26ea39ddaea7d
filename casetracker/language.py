"""The interface language: chosen by the address (``/ru/…``, ``/kk/…``; English has no
prefix, so the addresses of before stay valid), remembered in Django's language cookie when
the reader picks one in the switcher, and guessed from the browser's Accept-Language on a
first visit.

- ``LanguageRedirectMiddleware``: a GET of an unprefixed page (English) is redirected to
  the same page in the reader's language when they chose one (the cookie) or, having
  chosen none, when their browser prefers Russian or Kazakh. The redirect, and the English
  page that could have been one, vary by Accept-Language and Cookie; a prefixed page varies
  by neither, so caches keyed by address keep one copy per language. The machine outputs
  (API, feeds, data releases, /health/) have no prefix and are never redirected.
- ``switch_language``: the switcher's links (plain GET links: public pages hold no CSRF
  token) set the cookie and go to the same page, query string (filters) included, in the
  chosen language.
- ``language_links``: the switcher's and ``<link rel="alternate" hreflang>``'s addresses.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import get_script_prefix, is_valid_path, reverse, translate_url
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import (
    get_language_from_path,
    get_language_from_request,
    get_language_info,
    override,
)

SAFE_METHODS = ("GET", "HEAD")


def _codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def preferred_language(request) -> str:
    """The reader's choice (the language cookie), else the browser's preference
    (Accept-Language), else English."""
    return get_language_from_request(request, check_path=False)


def _prefixed_path(path: str, language: str) -> str:
    prefix = get_script_prefix()
    return f"{prefix}{language}/{path[len(prefix) :]}"


class LanguageRedirectMiddleware:
    """Send a reader who prefers Russian or Kazakh from an English (unprefixed) page to the
    same page in their language. After LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        decided = (
            request.method in SAFE_METHODS
            and not get_language_from_path(request.path_info)
            and _has_translations(request, request.path_info)
        )
        if decided:
            language = preferred_language(request)
            if language != settings.LANGUAGE_CODE:
                query = request.META.get("QUERY_STRING", "")
                url = _prefixed_path(request.path, language) + (f"?{query}" if query else "")
                response = HttpResponseRedirect(url)
                patch_vary_headers(response, ("Accept-Language", "Cookie"))
                return response
        response = self.get_response(request)
        if decided:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


def _has_translations(request, path: str) -> bool:
    """Whether this unprefixed address is a page with Russian and Kazakh versions (not the
    API, a feed, a data release, /health/). A prefixed address resolves only while its
    language is active."""
    other = next(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
    with override(other):
        return is_valid_path(_prefixed_path(path, other), getattr(request, "urlconf", None))


def language_links(request) -> list[dict]:
    """This page in each language: code, name (in that language), address (path and query
    kept), and whether it is the current one."""
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    full_path = request.get_full_path()
    links = []
    for code, _name in settings.LANGUAGES:
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": (url := translate_url(full_path, code)),
                "absolute_url": request.build_absolute_uri(url),
                "switch_url": reverse("switch_language", args=[code])
                + "?"
                + urlencode({"next": full_path}),
                "current": code == current,
            }
        )
    return links


def switch_language(request, code: str):
    """Remember the reader's language and show ``next`` in it (a GET: a preference, not a
    change of data, and a link the public pages can hold without a CSRF token)."""
    nxt = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        nxt = "/"
    if code not in _codes():
        code = settings.LANGUAGE_CODE
    # Resolve ``next`` in its own language ("/ru/…" only resolves while Russian is active).
    with override(get_language_from_path(nxt.split("?")[0]) or settings.LANGUAGE_CODE):
        target = translate_url(nxt, code)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    add_never_cache_headers(response)
    return response


def context(request) -> dict:
    """``language_links`` for the templates, computed only by a page that shows them."""
    return {"language_links": SimpleLazyObject(lambda: language_links(request))}
