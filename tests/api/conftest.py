"""The leak test's site (every record in every hidden state, a protected person, the demo
data) serves the API's contract and leak tests too."""

from tests.editorial.test_leaks import demo_rows, leaky_site, source

__all__ = ["demo_rows", "leaky_site", "source"]
