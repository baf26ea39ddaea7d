"""The leak test's site (every unpublished, internal and protected marker) for releases."""

from tests.editorial.test_leaks import leaky_site, source

__all__ = ["leaky_site", "source"]
