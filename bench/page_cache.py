"""Cached against uncached public pages through HTTP: the case list and a person page,
each timed on a server that stores pages (Redis) and on one that does not.

Starts `make serve` (bench/serving.py: a free port checked to be its own) on a database
with the demo data, twice: CASETRACKER_PAGE_CACHE_SECONDS=3600 and =0. Each page is
requested once to warm, then ``--requests`` times; prints the median and p90 in ms.

    .venv/bin/python bench/page_cache.py [--database-url ...] [--redis-url ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import urllib.request
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serving import served  # noqa: E402
from bench.two_instances import prepare  # noqa: E402


def timings(url: str, count: int) -> list[float]:
    urllib.request.urlopen(url).read()  # warm
    times = []
    for _ in range(count):
        started = time.perf_counter()
        with urllib.request.urlopen(url) as response:
            response.read()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/casetracker_two"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    pk, _ = prepare(args.database_url)
    prefix = f"page-cache-bench-{os.getpid()}-{int(time.time())}-"
    # The about page is never cached: a plain template, the floor of any request.
    pages = {"case list": "/", "person page": f"/people/{pk}/", "about": "/about/"}
    print(f"{'page':<12} {'server':<9} {'median ms':>9} {'p90 ms':>7}")
    try:
        for label, seconds in (("cached", "3600"), ("uncached", "0")):
            env = {
                "CACHE_URL": args.redis_url,
                "CACHE_KEY_PREFIX": prefix,
                "CASETRACKER_PAGE_CACHE_SECONDS": seconds,
                "WEB_CONCURRENCY": "1",
                "GUNICORN_THREADS": "1",
            }
            with served(args.database_url, env=env) as base:
                for name, path in pages.items():
                    times = sorted(timings(base + path, args.requests))
                    p90 = times[int(len(times) * 0.9) - 1]
                    print(f"{name:<12} {label:<9} {statistics.median(times):>9.1f} {p90:>7.1f}")
    finally:
        client = redis.Redis.from_url(args.redis_url)
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)


if __name__ == "__main__":
    main()
