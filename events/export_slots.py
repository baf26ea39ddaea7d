"""How many CSV exports run at once, counted for every worker and machine in the cache.

An export holds one of ``CASETRACKER_EXPORT_LIMIT`` slots while it streams. A slot is a
cache key taken with ``cache.add`` (atomic in Redis and in Django's other caches), so two
app instances sharing one Redis share one limit. The key expires after
``CASETRACKER_EXPORT_SLOT_SECONDS`` unless the export keeps it, which it does while rows
flow: a worker killed in the middle of an export frees its slot within that time. A finished
or abandoned download (the reader closed the connection) frees it at once.

When the cache cannot be reached, exports are not counted: each is bounded in memory on its
own (events.csv_export), and refusing every download while Redis is away would turn a
cache outage into a site outage. The outage is logged.
"""

import logging
import time
import uuid
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.cache import cache

KEY = "casetracker:csv-export-slot:{}"

logger = logging.getLogger(__name__)


class Slot:
    """One export's place among the concurrent exports."""

    def __init__(self, key: str | None, token: str):
        self.key = key
        self.token = token
        self.kept_at = time.monotonic()

    @classmethod
    def take(cls) -> "Slot | None":
        """A free slot, or None when every slot is held."""
        token = uuid.uuid4().hex
        try:
            for number in range(settings.CASETRACKER_EXPORT_LIMIT):
                key = KEY.format(number)
                if cache.add(key, token, timeout=settings.CASETRACKER_EXPORT_SLOT_SECONDS):
                    return cls(key, token)
        except Exception:  # whatever the configured backend raises when it is away
            logger.warning("Cache unavailable: CSV export not counted", exc_info=True)
            return cls(None, token)
        return None

    def keep(self) -> None:
        """Renew the slot's expiry, at most every few seconds (one cache call)."""
        now = time.monotonic()
        if self.key and now - self.kept_at >= settings.CASETRACKER_EXPORT_SLOT_SECONDS / 4:
            self.kept_at = now
            try:
                cache.touch(self.key, timeout=settings.CASETRACKER_EXPORT_SLOT_SECONDS)
            except Exception:  # the download goes on; the slot expires on its own
                logger.warning("Cache unavailable: CSV export slot not renewed", exc_info=True)

    def release(self) -> None:
        # A slot that expired may have been taken by another export since: leave that one.
        if not self.key:
            return
        try:
            if cache.get(self.key) == self.token:
                cache.delete(self.key)
        except Exception:  # the slot expires on its own
            logger.warning("Cache unavailable: CSV export slot left to expire", exc_info=True)


class Holding:
    """The chunks of a streamed response, with the slot they hold.

    Django's response calls ``close()`` when the download ends, finished or not (also when
    the reader left before the first chunk, when the generator never ran): the slot is
    released there, and the chunks' generator is closed, which ends its transaction.
    """

    def __init__(self, slot: Slot, chunks: Iterable[bytes]):
        self.slot = slot
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.slot.keep()
            yield chunk

    def close(self) -> None:
        try:
            if hasattr(self.chunks, "close"):
                self.chunks.close()
        finally:
            self.slot.release()
