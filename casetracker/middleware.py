"""Middleware: security headers for the public site, and a 503 while the database is away."""

import logging

from django.contrib import admin
from django.db import InterfaceError, OperationalError
from django.shortcuts import render

logger = logging.getLogger(__name__)

# Long enough for PostgreSQL to restart, short enough that readers do not give up.
RETRY_AFTER_SECONDS = 5

PUBLIC_CSP = "; ".join(
    [
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """A strict Content-Security-Policy on public pages: no scripts at all, nothing third-party.

    The public site works without JavaScript, so it needs none. The admin (its own inline
    scripts and widgets) is left to Django's defaults. Which is which is told by the view
    that answered, not by the address: the admin is at /admin/, /ru/admin/ and /kk/admin/,
    and a test of the address's start gave the Russian and Kazakh admin the public policy,
    which blocked every picker and "add another" link there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not answered_by_admin(request):
            response.headers.setdefault("Content-Security-Policy", PUBLIC_CSP)
        return response


def answered_by_admin(request) -> bool:
    """Whether a view of the admin site answered ``request``, in whichever language."""
    match = getattr(request, "resolver_match", None)
    return match is not None and admin.site.name in match.namespaces


class DatabaseUnavailableMiddleware:
    """A request that cannot reach the database answers 503 with Retry-After, not 500.

    While PostgreSQL restarts, opening a connection fails and a persistent one is found
    closed (OperationalError, InterfaceError). Django drops a connection that failed when the
    request ends and opens a new one for the next, so the site recovers by itself; meanwhile
    readers, crawlers and proxies are told the outage is temporary and when to retry. The
    error is still logged with its traceback: on SQLite a mistyped column is an
    OperationalError too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable, answered 503: %s",
            exception,
            exc_info=exception,
            extra={"request": request, "status_code": 503},
        )
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
