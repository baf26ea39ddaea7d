"""The leak test's site (every unpublished, internal and protected marker) for releases."""

from tests.editorial.test_leaks import demo_rows, leaky_site, source

__all__ = ["demo_rows", "leaky_site", "source"]
