"""Tests: the base settings with a fast password hasher."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# WhiteNoise serves collected files in production; tests use the finders and need no
# collectstatic run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Crawls and contract tests make thousands of API requests; the rate limit's own test
# lowers it.
API_RATE_LIMIT = "1000000/minute"
