"""Log lines that name their request: its id, method, path and user.

RequestIDMiddleware gives every request an id, the one the proxy in front sent when it
looks like an id (nginx's $request_id, a UUID) or a new one, and returns it in the
X-Request-ID header, so that a reader's report, the proxy's access log and our error log
can be matched. RequestContextFilter adds the request's fields to each log record written
while the request is handled (settings.LOGGING writes them to stderr).
"""

import contextvars
import logging
import re
import uuid

from django.db import Error
from django.http import HttpRequest
from django.utils.encoding import escape_uri_path

HEADER = "X-Request-ID"
# Anything else a client sends is replaced, so nobody can write their own text into the log.
SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")

_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "current_request", default=None
)


class RequestIDMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(HEADER, "")
        request.request_id = incoming if SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response[HEADER] = request.request_id
        return response


class RequestContextFilter(logging.Filter):
    """Add ``request_id``, ``method``, ``path`` and ``user_id`` ("-" when unknown)."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if not isinstance(request, HttpRequest):
            request = _current_request.get()
        record.request_id = getattr(request, "request_id", "-")
        record.method = request.method if request else "-"
        # Re-encoded: a decoded path could carry a line break into the log.
        record.path = escape_uri_path(request.path) if request else "-"
        record.user_id = _user_id(request)
        return True


def _user_id(request) -> str:
    """The user's id, looked up once per request: the first log line may load the session."""
    if not hasattr(request, "user"):  # no request, or not yet past authentication
        return "-"
    if not hasattr(request, "log_user_id"):
        try:
            request.log_user_id = str(request.user.pk) if request.user.is_authenticated else "-"
        except Error:  # the session could not be read: the database is away
            request.log_user_id = "?"
    return request.log_user_id
