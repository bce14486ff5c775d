"""Fixed one-minute windows counted in the shared cache: the same limit across web processes.
`hit(name, limit)` counts one request (a refused one too: hammering does not reopen the window)
and says how many were counted and, past the limit, how long until the next window."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Hit:
    count: int
    limit: int

    @property
    def refused(self) -> bool:
        return self.count > self.limit

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.count)

    @property
    def retry_after(self) -> int:
        return 60 - int(time.time()) % 60


def hit(name: str, limit: int) -> Hit:
    key = f"rate:{name}:{int(time.time() // 60)}"
    cache.add(key, 0, 70)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        count = 1
    return Hit(count, limit)
