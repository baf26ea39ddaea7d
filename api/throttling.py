"""The API's rate limit: ``settings.API_RATE_LIMIT`` requests per client address.

Counted in the default cache, which production keeps in Redis (settings: CACHE_URL)
so that every gunicorn worker counts the same requests; the client is known by the address
casetracker.proxy reads through the trusted proxies, as for the login lockout. Past the
limit the API answers 429 with Retry-After (DRF's throttling).
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from casetracker.proxy import client_address


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        # Read per request, not at import: settings can change (tests, a deploy's env).
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
