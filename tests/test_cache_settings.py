"""The cache setting: CACHE_URL (or its older name DJANGO_REDIS_URL) names Redis or each
process's own memory; production settings require Redis."""

import subprocess
import sys

import pytest
from django.conf import settings

from casetracker.settings.base import cache_config


def test_a_redis_url_gives_djangos_redis_cache_and_none_gives_local_memory():
    redis = cache_config("redis://127.0.0.1:6379/4", "site-a")
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/4" and redis["KEY_PREFIX"] == "site-a"
    for url in ("", "locmem://"):
        assert cache_config(url)["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    with pytest.raises(ValueError, match="CACHE_URL"):
        cache_config("memcached://127.0.0.1:11211")


def cache_of(settings_module: str, **env) -> str:
    """The default cache's backend and location under ``settings_module`` with ``env``."""
    code = (
        "from django.conf import settings; c = settings.CACHES['default']; "
        "print(c['BACKEND'], c.get('LOCATION', ''))"
    )
    clean = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": settings_module, **env}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() or result.stderr.strip().splitlines()[-1]


def test_the_older_name_still_works_and_production_requires_redis():
    base = "casetracker.settings.base"
    assert cache_of(base).startswith("django.core.cache.backends.locmem")
    assert cache_of(base, DJANGO_REDIS_URL="redis://h:1/2").endswith("RedisCache redis://h:1/2")
    assert cache_of(base, CACHE_URL="redis://h:1/3", DJANGO_REDIS_URL="redis://h:1/2").endswith(
        "redis://h:1/3"
    )
    prod = {"DJANGO_SECRET_KEY": "x" * 50}
    assert cache_of("casetracker.settings.prod", **prod).endswith("redis://127.0.0.1:6379/0")
    refused = cache_of("casetracker.settings.prod", CACHE_URL="locmem://", **prod)
    assert "ImproperlyConfigured" in refused and "Redis" in refused
