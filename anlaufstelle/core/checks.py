"""Deploy checks (`manage.py check --deploy`): state that a second server would not see.

With more than one web process (several gunicorn workers already count) a per-process cache
splits the rate limits and serves stale public pages, and a file task queue works only where
every process shares the disk. See docs/operations.md.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning

SHARED_CACHES = ("RedisCache", "FailSoftRedisCache", "PyMemcacheCache", "PyLibMCCache", "DatabaseCache")


@register(Tags.caches, deploy=True)
def shared_cache(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    backend = str(settings.CACHES.get("default", {}).get("BACKEND", ""))
    if backend.rsplit(".", 1)[-1] in SHARED_CACHES:
        return []
    return [
        CheckWarning(
            "The cache is not shared between processes: rate limits count per process and public pages "
            "stay stale in the other processes.",
            hint="Set CACHE_URL=redis://host:6379/1 (docs/operations.md).",
            id="anlaufstelle.W001",
        )
    ]


@register(deploy=True)
def shared_task_queue(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.TASKS_BACKEND == "redis":
        return []
    return [
        CheckWarning(
            f"TASKS_BACKEND={settings.TASKS_BACKEND!r}: background jobs and the nightly retention need a "
            "task queue every server and worker shares.",
            hint="Set TASKS_BACKEND=redis and TASKS_REDIS_URL, and run `manage.py run_huey` (docs/operations.md).",
            id="anlaufstelle.W002",
        )
    ]
