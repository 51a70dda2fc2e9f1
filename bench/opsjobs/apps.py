"""Registers the drill's job kind once the apps are loaded (web servers and task workers alike)."""

from __future__ import annotations

import os
import time
from typing import Any

from django.apps import AppConfig


class OpsJobsConfig(AppConfig):
    name = "bench.opsjobs"
    label = "opsjobs"

    def ready(self) -> None:
        from anlaufstelle.core.jobs import register_job

        @register_job("ops.sleep")
        def sleep(job: Any, progress: Any) -> dict[str, Any]:
            seconds = int(job.params.get("seconds", 1))
            for step in range(1, seconds * 10 + 1):
                progress(step, seconds * 10, f"pid={os.getpid()}")  # tells the drill which worker runs it
                time.sleep(0.1)
            return {"ok": True, "pid": os.getpid()}
