"""Django's Redis cache, failing soft: when Redis is down the site answers without its cache.

Every process of a production installation shares one Redis for the public page cache, the
directory's caches and the rate limits (docs/operations.md). Django's own `RedisCache` raises
`redis.ConnectionError` from every `cache.get` while Redis is unreachable, which turns each page
into a server error. This backend catches Redis' connection and timeout errors, logs them and
answers as an empty cache would: `get` returns the default, `add` and `set` store nothing,
`incr` returns None (django-ratelimit then fails open, `RATELIMIT_FAIL_OPEN`). After a failure
the process leaves Redis alone for `RETRY_SECONDS`, so a dead Redis costs one connection attempt
per process every few seconds instead of one per cache call. See
docs/decisions/0030-production-layout-and-storage.md.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
T = TypeVar("T")
FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)


class FailSoftRedisCache(RedisCache):
    RETRY_SECONDS = 5.0

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        self.RETRY_SECONDS = float(options.pop("retry_seconds", self.RETRY_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = 0.0

    def _soft(self, call: Callable[[], T], fallback: T) -> T:
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return call()
        except FAILURES as exc:
            self._down_until = time.monotonic() + self.RETRY_SECONDS
            logger.warning("Cache unreachable, answering without it for %.0fs: %s", self.RETRY_SECONDS, exc)
            return fallback

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._soft(lambda: super(FailSoftRedisCache, self).add(key, value, timeout, version), False)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._soft(lambda: super(FailSoftRedisCache, self).get(key, default, version), default)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._soft(lambda: super(FailSoftRedisCache, self).set(key, value, timeout, version), None)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._soft(lambda: super(FailSoftRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._soft(lambda: super(FailSoftRedisCache, self).delete(key, version), False)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._soft(lambda: super(FailSoftRedisCache, self).get_many(keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._soft(lambda: super(FailSoftRedisCache, self).has_key(key, version), False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        # None, not a number: django-ratelimit reads it as "the count could not be had".
        return self._soft(lambda: super(FailSoftRedisCache, self).incr(key, delta, version), None)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return self._soft(lambda: super(FailSoftRedisCache, self).set_many(data, timeout, version), list(data))

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._soft(lambda: super(FailSoftRedisCache, self).delete_many(keys, version), None)

    def clear(self) -> None:
        self._soft(lambda: super(FailSoftRedisCache, self).clear(), None)
