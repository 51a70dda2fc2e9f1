"""The production task queue (Huey on Redis), failing soft when Redis is down.

A task is queued from inside a request (`transaction.on_commit`), after the data it works on has
been committed. With plain `RedisHuey` an unreachable Redis raises from the on-commit hook and the
visitor sees a server error for work that was in fact saved. This class logs the failure instead
and returns None: a background job then stays "waiting" in the database, and the periodic
`core.tasks.sweep_jobs` queues it again once Redis answers (docs/operations.md, "Faults"). A
one-off e-mail task queued while Redis is down is lost (logged as an error).
"""

from __future__ import annotations

import logging
from typing import Any

from huey import RedisHuey
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)


class FailSoftRedisHuey(RedisHuey):
    def enqueue(self, task: Any) -> Any:
        try:
            return super().enqueue(task)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            logger.error("Task queue unreachable, %s not queued: %s", getattr(task, "name", task), exc)
            return None
