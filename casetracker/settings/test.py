"""Tests: the base settings with a fast password hasher."""

import os

from .base import *  # noqa: F403
from .base import CACHE_URL, CACHES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# WhiteNoise serves collected files in production; tests use the finders and need no
# collectstatic run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Crawls and contract tests make thousands of API requests; the rate limit's own test
# lowers it.
API_RATE_LIMIT = "1000000/minute"

# Tests read what a page's view put in its context, which a page served from the cache has
# not: pages are stored only in the tests of caching (tests/test_public_pages.py) and when
# this variable asks (CASETRACKER_PAGE_CACHE_SECONDS=3600 runs the crawls through the cache).
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("CASETRACKER_PAGE_CACHE_SECONDS", "0"))

# Tests on Redis (CI sets CACHE_URL): each pytest-xdist worker keeps its own keys, so that
# workers never read one another's pages or counts.
if CACHE_URL:
    CACHES["default"]["KEY_PREFIX"] += "test-" + os.environ.get("PYTEST_XDIST_WORKER", "main")
