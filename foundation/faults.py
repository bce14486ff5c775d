"""The desk when a service it leans on fails: nothing saved is lost, and nobody waits long.

- Background work is published once its transaction commits (`publish`). The database row is
  the truth about what is owed, so a publish that fails is only logged: the sweepers send it
  later. A broker that refuses or hangs costs one request one socket timeout; for a short pause
  after that, publishing is not even tried, so other requests do not each wait for it too.
- The shared cache holds only what can be recomputed (`ResilientRedisCache`): while Redis fails,
  reads miss, writes are dropped and deletions are kept to be replayed, behind the same pause.
- A database that fails mid-request gets a 503 page saying that nothing saved was lost
  (foundation.errors.server_error).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Long enough that a hung service costs a busy web process one timeout now and then, short
# enough that work published right after a recovery is rarely left to the sweepers.
PAUSE_SECONDS = 5.0
LOST_DELETIONS_KEPT = 10_000


class Breaker:
    """Open for a pause after a failure: callers skip the service instead of waiting for it.
    One per service per process, shared by its threads; each process finds out for itself."""

    def __init__(self, pause: float = PAUSE_SECONDS) -> None:
        self.pause = pause
        self._open_until = 0.0

    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def trip(self) -> None:
        self._open_until = time.monotonic() + self.pause


broker = Breaker()


def publish(send: Callable[[], Any]) -> None:
    """Run `send` (which publishes to the broker) unless the broker failed a moment ago.
    A broker failure is logged, never raised: the caller's change is already committed."""
    if broker.is_open():
        logger.warning("broker failed moments ago: not publishing; the sweeper will send it")
        return
    try:
        send()
    except (BrokerError, OSError) as error:
        broker.trip()
        logger.warning("publishing failed (%s); the sweeper will send it", error)


_CACHE_ERRORS = (RedisConnectionError, RedisTimeoutError)


class _CacheState:
    """What the processes' threads share about one cache server: Django gives each thread its
    own cache object, and each of them waiting out the same hung server would defeat the pause.
    Deletions are invalidations (permissions, sessions): one lost while Redis fails is replayed
    before the cache is used again, so a Redis that comes back with its data cannot revive a
    stale entry. (Kept per process; entries still expire on their own.)"""

    def __init__(self) -> None:
        self.breaker = Breaker()
        self.lost: dict[Any, None] = {}
        self.lock = threading.Lock()


_cache_states: dict[tuple[str, ...], _CacheState] = {}
_cache_states_lock = threading.Lock()


def _cache_state(servers: Iterable[str]) -> _CacheState:
    with _cache_states_lock:
        return _cache_states.setdefault(tuple(servers), _CacheState())


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers: list[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(servers, *args, **kwargs)
        self._state = _cache_state(servers)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django builds a new redis.Redis (and its table of response callbacks) for every
        # operation; a list page makes a dozen. One client per pool does the same work: it is
        # thread-safe, and connections still come from the pool.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            new = self._client(connection_pool=pool)  # type: ignore[attr-defined]
            client = self._clients.setdefault(id(pool), new)
        return client

    def _guarded(self, call: Callable[[], Any], fallback: Callable[[], Any]) -> Any:
        if self._state.breaker.is_open():
            return fallback()
        try:
            if self._state.lost:
                self._replay_deletions()
            return call()
        except _CACHE_ERRORS as error:
            self._state.breaker.trip()
            logger.warning("cache unavailable (%s): carrying on without it", error)
            return fallback()

    def _replay_deletions(self) -> None:
        with self._state.lock:
            keys = list(self._state.lost)
        RedisCacheClient.delete_many(self, keys)
        with self._state.lock:
            for key in keys:
                self._state.lost.pop(key, None)

    def _keep_deletions(self, keys: Iterable[Any]) -> None:
        with self._state.lock:
            for key in keys:
                self._state.lost[key] = None
            while len(self._state.lost) > LOST_DELETIONS_KEPT:
                del self._state.lost[next(iter(self._state.lost))]

    def add(self, key: Any, value: Any, timeout: Any) -> bool:
        return bool(
            self._guarded(lambda: RedisCacheClient.add(self, key, value, timeout), lambda: False)
        )

    def get(self, key: Any, default: Any) -> Any:
        return self._guarded(lambda: RedisCacheClient.get(self, key, default), lambda: default)

    def set(self, key: Any, value: Any, timeout: Any) -> None:
        self._guarded(lambda: RedisCacheClient.set(self, key, value, timeout), lambda: None)

    def touch(self, key: Any, timeout: Any) -> bool:
        return bool(
            self._guarded(lambda: RedisCacheClient.touch(self, key, timeout), lambda: False)
        )

    def delete(self, key: Any) -> bool:
        def lost() -> bool:
            self._keep_deletions([key])
            return False

        return bool(self._guarded(lambda: RedisCacheClient.delete(self, key), lost))

    def get_many(self, keys: Iterable[Any]) -> dict[Any, Any]:
        keys = list(keys)
        return dict(self._guarded(lambda: RedisCacheClient.get_many(self, keys), dict))

    def has_key(self, key: Any) -> bool:
        return bool(self._guarded(lambda: RedisCacheClient.has_key(self, key), lambda: False))

    def incr(self, key: Any, delta: int) -> int:
        def missing() -> int:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")

        return int(self._guarded(lambda: RedisCacheClient.incr(self, key, delta), missing))

    def set_many(self, data: Any, timeout: Any) -> None:
        self._guarded(lambda: RedisCacheClient.set_many(self, data, timeout), lambda: None)

    def delete_many(self, keys: Iterable[Any]) -> None:
        keys = list(keys)
        self._guarded(
            lambda: RedisCacheClient.delete_many(self, keys), lambda: self._keep_deletions(keys)
        )

    def clear(self) -> bool:
        return bool(self._guarded(lambda: RedisCacheClient.clear(self), lambda: False))


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, for a cache of things that can be recomputed: a Redis that is down
    or hangs makes it a slower cache (a miss), not an error page. Each operation is bounded by
    the socket timeouts in OPTIONS; after a failure the cache is skipped for PAUSE_SECONDS."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
