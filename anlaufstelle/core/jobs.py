"""Background jobs: start long work as a Huey task and report its progress to the page.

A module registers a handler for a job kind; `job_start` records a BackgroundJob and queues it
after the current transaction commits; the page shows core/includes/progress.html, which polls
with htmx until the job is finished.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation

from anlaufstelle.core.models import BackgroundJob, Centre, User

Handler = Callable[[BackgroundJob, "Progress"], dict[str, Any]]
HANDLERS: dict[str, Handler] = {}
# Kinds whose upload outlives a successful run: a later step (the person's answer) hands it on to
# the next job with `job_start(input_from=...)`. Retention removes what nobody picked up.
KEEPS_INPUT: set[str] = set()


def register_job(kind: str, *, keep_input: bool = False) -> Callable[[Handler], Handler]:
    """Decorator: `handler(job, progress) -> result dict` runs the job of this kind.

    With keep_input, the uploaded file is kept when the job succeeds (result "ok" not False).
    """

    def decorator(handler: Handler) -> Handler:
        if kind in HANDLERS:
            raise ValueError(f"Job kind {kind!r} is registered twice.")
        HANDLERS[kind] = handler
        if keep_input:
            KEEPS_INPUT.add(kind)
        return handler

    return decorator


def _jobs() -> Any:
    """The job table without a centre scope: the worker addresses jobs by their id.

    Needed: the task queue hands the worker a job id only; the job's centre is known once the row
    is read, and the handler then runs inside `scope(centre=job.centre)`.
    """
    return BackgroundJob.objects.with_scopes_disabled()  # type: ignore[attr-defined]


class Progress:
    """Lets a handler report how far it is; writes at most every `every` steps."""

    def __init__(self, job: BackgroundJob, every: int = 50) -> None:
        self.job = job
        self.every = every
        self._last = 0

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        if total is not None:
            self.job.total_steps = total
        if done - self._last < self.every and done != self.job.total_steps:
            return
        self._last = done
        _jobs().filter(pk=self.job.pk).update(done_steps=done, total_steps=self.job.total_steps, message=message[:500])


def job_start(
    *,
    centre: Centre,
    actor: User,
    kind: str,
    title: str,
    input_file: UploadedFile | None = None,
    input_from: BackgroundJob | None = None,
    params: dict[str, Any] | None = None,
    enqueue: bool = True,
) -> BackgroundJob:
    """Record a job and queue it to run once the surrounding transaction has committed.

    `input_from`: the new job takes over the stored upload of an earlier job (which no longer has it).
    """
    if kind not in HANDLERS:
        raise LookupError(f"No handler for job kind {kind!r}.")
    job = BackgroundJob(
        centre=centre,
        created_by=actor,
        kind=kind,
        title=title,
        language=translation.get_language() or "de",
        params=params or {},
    )
    if input_file is not None:
        job.input_file.save(f"{kind}.upload", input_file, save=False)
    elif input_from is not None and input_from.input_file:
        job.input_file.name = input_from.input_file.name
        _jobs().filter(pk=input_from.pk).update(input_file="")
        input_from.input_file.name = ""
    job.save()
    if enqueue:
        job_enqueue(job=job)
    return job


def job_enqueue(*, job: BackgroundJob) -> None:
    """Queue a job that was recorded earlier (e.g. after a second form step), once committed."""
    from anlaufstelle.core.tasks import run_job

    transaction.on_commit(lambda: run_job(str(job.pk)))


def job_run(job_id: str) -> None:
    """Run one queued job (called by the task worker)."""
    from django_scopes import scope

    # Claim the job: only the worker that moves it from "waiting" to "running" runs it.
    if (
        not _jobs()
        .filter(pk=job_id, status=BackgroundJob.Status.QUEUED)
        .update(status=BackgroundJob.Status.RUNNING, started_at=timezone.now())
    ):
        return
    job = _jobs().select_related("centre", "created_by").get(pk=job_id)
    keep_input = False
    try:
        with scope(centre=job.centre), translation.override(job.language):
            result = HANDLERS[job.kind](job, Progress(job))
        keep_input = job.kind in KEEPS_INPUT and result.get("ok") is not False
    except Exception as exc:
        import logging

        logging.getLogger(__name__).exception("Background job %s failed", job.pk)
        _jobs().filter(pk=job.pk).update(
            status=BackgroundJob.Status.FAILED, message=str(exc)[:500], finished_at=timezone.now()
        )
        return
    finally:
        if job.input_file and not keep_input:  # the upload is not kept once the job has read it
            job.input_file.delete(save=False)
    _jobs().filter(pk=job.pk).update(
        status=BackgroundJob.Status.DONE,
        done_steps=job.total_steps,
        result=result,
        input_file=job.input_file.name or "",
        finished_at=timezone.now(),
    )


def jobs_sweep() -> dict[str, int]:
    """Mend jobs a fault left behind (run every few minutes by `core.tasks.sweep_jobs`).

    - "running" for longer than JOBS_RUNNING_TIMEOUT_SECONDS: its worker died in the middle (killed,
      out of memory, machine restarted) — Huey had already taken the message off the queue, so
      nobody will finish it. It is marked failed with a message the person can read.
    - "waiting" for longer than JOBS_REQUEUE_SECONDS: its message never reached the queue (Redis was
      down when it was started) or was lost with a worker. It is queued again; the claim in `job_run`
      makes sure it runs once even if the first message turns up after all.
    """
    from datetime import timedelta

    from django.conf import settings
    from django.utils.translation import gettext

    from anlaufstelle.core.tasks import run_job

    now = timezone.now()
    stuck = _jobs().filter(
        status=BackgroundJob.Status.RUNNING,
        started_at__lt=now - timedelta(seconds=settings.JOBS_RUNNING_TIMEOUT_SECONDS),
    )
    failed = 0
    for job in stuck.only("pk", "language"):
        with translation.override(job.language):
            message = gettext("The job was interrupted (the server stopped while it ran). Please start it again.")
        failed += (
            _jobs()
            .filter(pk=job.pk, status=BackgroundJob.Status.RUNNING)
            .update(status=BackgroundJob.Status.FAILED, message=message, finished_at=now)
        )
    waiting = list(
        _jobs()
        .filter(
            status=BackgroundJob.Status.QUEUED,
            created_at__lt=now - timedelta(seconds=settings.JOBS_REQUEUE_SECONDS),
        )
        .values_list("pk", flat=True)[:500]
    )
    for pk in waiting:
        run_job(str(pk))
    return {"failed": failed, "requeued": len(waiting)}
