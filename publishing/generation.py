"""The generation of the public site: one counter in the shared cache that every write of
a record the public may see moves on.

Cached public pages are keyed by it (casetracker.public_pages), and their ETag and
Last-Modified come from it; so a publish, retract or amendment makes every cached page stale
at once, on every server that shares the cache, and nothing the gate (publishing.rules) has
just hidden can be served from a page cached before.

What moves it:

- every save and delete of a record (``rules.RECORDS``) and every change of a many-to-many
  link between records, by the signals connected here;
- the bulk writes that send no signal, explicitly: ``RecordQuerySet.update`` and
  ``bulk_create`` (publishing.models), the editorial status changes
  (``publishing.services.set_status``), ``upkeep.refresh_all`` and the import's link rows
  (imports.services);
- a ``migrate`` run that applied or reversed a migration: a data migration writes through
  the migration's own models, which send no signal and pass no publishing.models code (the
  search keys computed again, people 0019), so pages and counts kept before would be read
  again, until a publish, against data they no longer describe.

It moves when the write commits (``transaction.on_commit``), when every reader can see it.
Inside a transaction it also moves before that transaction's own next read of it: what the
writer reads next (a test, a page rendered after a save) must not come from the cache
either, and no other connection sees the write before it commits. So the writes of a
transaction are counted, not each moved past (a case saved with its thirty inline rows
moved it thirty times, three cache round trips each, and thirty times again at commit):
``state()`` moves it once when this thread has written since it last read, and the commit
once for all the transaction's writes. A page rendered between that and the commit is
cached under the first number and never read again.

What is built per generation (a page, a kept export, a menu) is built once, not once per
reader who asks for it meanwhile (``first_builder``): the first request marks it in the
cache, and the others wait for what it stores. When the generation moves under fifty
readers, or a server starts cold, every reader used to build the same pages at once, and
each of them took an export slot to build the same kept export.

The cache being unreachable is not an error of the page: ``state()`` answers None and pages
are served uncached; a write whose move was lost is logged, and the pages cached before it
expire after ``PUBLIC_PAGE_CACHE_SECONDS``.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from publishing import rules

logger = logging.getLogger(__name__)
T = TypeVar("T")

KEY = "publishing:generation"
MOVED_AT_KEY = "publishing:generation:moved-at"


def _fresh_number() -> int:
    # Milliseconds since the epoch: a counter lost to eviction or a Redis restart starts
    # again above any number it reached before (a few moves per millisecond would be
    # needed to catch up), so no page cached under an old number can be read again.
    return time.time_ns() // 1_000_000


def state() -> tuple[int, float] | None:
    """(the generation, when it last moved, as a Unix time), or None when the cache cannot
    be reached. Moved first if this thread's open transaction has written (``bump``)."""
    if getattr(_written, "since_read", False):
        _written.since_read = False
        advance()
    try:
        values = cache.get_many([KEY, MOVED_AT_KEY])
        if KEY not in values:
            now = time.time()
            cache.add(KEY, _fresh_number(), timeout=None)
            cache.add(MOVED_AT_KEY, now, timeout=None)
            values = cache.get_many([KEY, MOVED_AT_KEY])
    except Exception:  # whatever the configured backend raises when it is away
        logger.warning("Cache unavailable: public pages served uncached", exc_info=True)
        return None
    if KEY not in values:  # a cache that keeps nothing (DummyCache)
        return None
    return values[KEY], values.get(MOVED_AT_KEY, time.time())


def advance() -> None:
    """Move the generation on now."""
    try:
        try:
            cache.incr(KEY)
        except ValueError:  # not there yet, or evicted
            cache.add(KEY, _fresh_number(), timeout=None)
            cache.incr(KEY)
        cache.set(MOVED_AT_KEY, time.time(), timeout=None)
    except Exception:  # whatever the configured backend raises when it is away
        logger.error(
            "Cache unavailable: the public pages' generation did not move; cached pages "
            "may be stale until they expire",
            exc_info=True,
        )


# Whether this thread wrote since it last read the generation (inside a transaction) and
# since its writes last committed. Per thread, as database connections are (asgiref's
# Local, as Django's own connections).
_written = Local()


def bump(using: str | None = None) -> None:
    """Move the generation on when the current write commits (and, inside a transaction,
    before this thread next reads it; see the module's docstring)."""
    if transaction.get_connection(using).in_atomic_block:
        _written.since_read = True
    _written.since_commit = True
    transaction.on_commit(_committed, using=using)


def _committed() -> None:
    """Each write asks to be moved past at commit; the first of a transaction's requests
    moves the generation once for all its writes (and for the writer's next read), the
    others find nothing left to move."""
    if getattr(_written, "since_commit", False):
        _written.since_commit = _written.since_read = False
        advance()


# The generation a public page is being built for (``pinned``), or None.
_pinned: ContextVar[tuple[int, float] | None] = ContextVar("pinned_generation", default=None)


@contextmanager
def pinned(current: tuple[int, float]) -> Iterator[None]:
    """Within, ``remember`` keys what it keeps by ``current`` (a ``state()`` the caller has
    just read: the generation its page is cached under) instead of reading the generation
    from the cache again for each value: one round trip per page instead of one per value
    (eight on the case list), and every part of a page from the same generation."""
    token = _pinned.set(current)
    try:
        yield
    finally:
        _pinned.reset(token)


def remember(name: str, compute: Callable[[], T]) -> T:
    """``compute()``, computed once per generation (under ``name``) while public pages are
    cached (PUBLIC_PAGE_CACHE_SECONDS): what the public may see changes only when the
    generation moves. Without the cache, or with caching off, computed every time."""
    lifetime = settings.PUBLIC_PAGE_CACHE_SECONDS
    # Only the cache's own failures are caught: an error of ``compute`` is the caller's (it
    # ran once, and is not run again as if the cache had failed).
    key, value = _kept(name)
    if value is UNAVAILABLE:
        return compute()
    if value is not MISSING:
        return value
    with first_builder(key, lambda: cache.get(key, MISSING)) as found:
        if found is not MISSING:
            return found
        value = compute()
        try:
            cache.set(key, value, timeout=lifetime)
        except Exception:
            logger.warning("Cache unavailable: %s not kept", name, exc_info=True)
    return value


def remember_stream(name: str, produce: Callable[[], Iterable[bytes]]) -> bytes | Iterable[bytes]:
    """``remember`` for a body sent as it is produced (an export): the bytes kept under
    ``name`` for this generation, or else the chunks of ``produce()``, passed on at once
    and kept whole once the last of them has been read (a download abandoned halfway keeps
    nothing). Kept whole before the first byte left, a cold export of 7,500 rows reached its
    reader after 1.6 s. Built once, as ``remember``'s values are: another request that asks
    meanwhile waits for what the first keeps, and produces its own only when nothing was
    kept. An error of ``produce()`` (no export slot) is the caller's."""
    key, body = _kept(name)
    if body is UNAVAILABLE:
        return produce()
    if body is not MISSING:
        return body
    body, mark = _claim(key, lambda: cache.get(key, MISSING))
    if body is not MISSING:
        return body
    try:
        chunks = produce()
    except BaseException:
        _unmark(mark)
        raise
    return Keeping(key, mark, chunks)


class Keeping:
    """The chunks of a body, passed on as they come and kept under ``key`` (for
    PUBLIC_PAGE_CACHE_SECONDS) once the last has been read; ``close()`` (which Django's
    response calls when the download ends, finished or not) closes them and clears the
    build ``mark``, so that the requests waiting for the body stop waiting."""

    def __init__(self, key: str, mark: str | None, chunks: Iterable[bytes]):
        self.key = key
        self.mark = mark
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        gathered = []
        for chunk in self.chunks:
            gathered.append(chunk)
            yield chunk
        try:
            cache.set(self.key, b"".join(gathered), timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
        except Exception:  # whatever the configured backend raises when it is away
            logger.warning("Cache unavailable: %s not kept", self.key, exc_info=True)
        _unmark(self.mark)
        self.mark = None

    def close(self) -> None:
        try:
            if hasattr(self.chunks, "close"):
                self.chunks.close()
        finally:
            _unmark(self.mark)
            self.mark = None


def _unmark(mark: str | None) -> None:
    if mark is None:
        return
    try:
        cache.delete(mark)
    except Exception:  # it expires on its own
        logger.warning("Cache unavailable: build mark %s left to expire", mark, exc_info=True)


def _kept(name: str) -> tuple[str | None, object]:
    """The cache key of ``name`` for this generation, and what is kept under it: MISSING
    when nothing is, UNAVAILABLE when nothing is kept at all (no cache, caching off, or the
    cache away: logged)."""
    current = (_pinned.get() or state()) if settings.PUBLIC_PAGE_CACHE_SECONDS else None
    if current is None:
        return None, UNAVAILABLE
    key = f"generation:{current[0]}:{hashlib.sha256(name.encode()).hexdigest()}"
    try:
        return key, cache.get(key, MISSING)
    except Exception:  # whatever the configured backend raises when it went away since
        logger.warning("Cache unavailable: %s made without it", name, exc_info=True)
        return key, UNAVAILABLE


# What a lookup answers when nothing is stored under its key, and when nothing is kept at
# all (no cache, caching off, or the cache away).
MISSING = object()
UNAVAILABLE = object()

# How long a build may keep the others waiting: its mark expires after this, so that a
# worker killed in the middle of one holds no one up for longer (the slowest build kept per
# generation, an export of CASETRACKER_KEPT_EXPORT_ROWS rows, takes a few seconds).
BUILD_SECONDS = 30
# How often a waiting request looks for what was built (two cache round trips each time).
LOOK_SECONDS = 0.025


@contextmanager
def first_builder(key: str, find: Callable[[], object]) -> Iterator[object]:
    """Build what ``key`` names in one request at a time, on every server sharing the cache.

    Yields ``MISSING`` to the request that is to build it (and store it, within the block),
    having marked it as being built; another request that needs it meanwhile waits until
    ``find()`` finds it stored, and gets that instead. If the build ends without storing
    anything (an error, a page that is not cached, a cache that went away) or outlasts
    ``BUILD_SECONDS``, the waiting requests build it themselves, as they would have without
    the mark.
    """
    found, mark = _claim(key, find)
    if mark is None:
        yield found
        return
    try:
        yield MISSING
    finally:
        _unmark(mark)


def _claim(key: str, find: Callable[[], object]) -> tuple[object, str | None]:
    """Mark ``key`` as being built by this request: (MISSING, the mark to clear when the
    build ends). If another request is building it: (what ``find()`` finds once that one
    has stored it, or MISSING if it stored nothing, None) after waiting."""
    mark = f"building:{key}"
    try:
        first = cache.add(mark, 1, timeout=BUILD_SECONDS)
    except Exception:  # whatever the configured backend raises when it is away
        first = True
    if not first:
        return _waited(mark, find), None
    return MISSING, mark


def _waited(mark: str, find: Callable[[], object]) -> object:
    """What ``find()`` finds once it is stored, or MISSING once nobody is building it."""
    deadline = time.monotonic() + BUILD_SECONDS
    try:
        while time.monotonic() < deadline:
            time.sleep(LOOK_SECONDS)
            found = find()
            if found is not MISSING:
                return found
            if not cache.get(mark):
                return find()
    except Exception:  # whatever the configured backend raises when it is away
        logger.warning("Cache unavailable: built without waiting", exc_info=True)
    return MISSING


def _saved_or_deleted(sender, using=None, **kwargs):
    if rules.is_record(sender):
        bump(using)


def _links_changed(sender, instance, action, using=None, **kwargs):
    if action.startswith("post_") and rules.is_record(type(instance)):
        bump(using)


def _migrated(sender, app_config=None, plan=None, **kwargs):
    # Sent once per installed app after each migrate run: moved once, for this app's, and
    # only when the run changed something (``plan`` lists what it applied or reversed).
    if plan and app_config is not None and app_config.name == __package__:
        advance()


def connect() -> None:
    post_migrate.connect(_migrated, dispatch_uid="publishing.generation.migrated")
    post_save.connect(_saved_or_deleted, dispatch_uid="publishing.generation.saved")
    post_delete.connect(_saved_or_deleted, dispatch_uid="publishing.generation.deleted")
    m2m_changed.connect(_links_changed, dispatch_uid="publishing.generation.links")
