"""Production layout and faults (issue 18, docs/operations.md): shared state, fail-soft cache and queue,
the job sweep, clean answers while the database is away, and uploads on a full disk."""

from __future__ import annotations

import errno
import json
import logging
import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.jobs import HANDLERS, jobs_sweep, register_job
from anlaufstelle.core.models import BackgroundJob
from anlaufstelle.core.storage import SafeFileSystemStorage
from anlaufstelle.core.views.errors import fault_kind, server_error

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
DEPLOY_CHECK = ["check", "--deploy", "--fail-level", "WARNING", "--settings=config.settings.prod"]
DEPLOY_ENV = {
    "DJANGO_SECRET_KEY": "ops-test-a-long-random-enough-secret-for-the-deploy-check-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "anlaufstelle.example",
    "DATABASE_URL": "postgresql://anlaufstelle@db.example:5432/anlaufstelle",
    "TASKS_BACKEND": "redis",
    "TASKS_REDIS_URL": "redis://redis.example:6379/0",
    "CACHE_URL": "redis://redis.example:6379/1",
}


def _dead_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _redis_reachable() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except Exception:  # noqa: BLE001 - any failure means "no Redis here"
        return False
    return True


def _clean_env() -> dict[str, str]:
    """This process' environment without the settings under test and pytest-django's async switch."""
    prefixes = ("S3_", "STORAGE_", "CACHE_", "TASKS_", "DJANGO_", "DATABASE_URL")
    return {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}


def _prod_settings(env: dict[str, str], expression: str) -> Any:
    """Evaluate `expression` in a fresh interpreter that imported config.settings.prod with `env`."""
    clean = _clean_env()
    code = f"import json, config.settings.prod as s; print(json.dumps({expression}, default=str))"
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env={**clean, **env}, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- settings: nothing a second server would miss ------------------------------------------------


def test_production_settings_share_cache_queue_and_storage_through_the_environment() -> None:
    found = _prod_settings(
        {
            **DEPLOY_ENV,
            "STORAGE_BACKEND": "s3",
            "S3_BUCKET": "anlaufstelle-media",
            "S3_ENDPOINT_URL": "https://s3.example",
            "S3_ACCESS_KEY_ID": "key",
            "S3_SECRET_ACCESS_KEY": "secret",
            "S3_ADDRESSING_STYLE": "path",
        },
        "[s.STORAGES['default'], s.CACHES['default'], s.HUEY['huey_class'], s.HUEY['url'], "
        "s.DATABASES['default']['ENGINE'], getattr(s, 'SESSION_ENGINE', 'django.contrib.sessions.backends.db'), "
        "s.RATELIMIT_FAIL_OPEN]",
    )
    storage, cache, huey_class, huey_url, engine, sessions, fail_open = found
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "anlaufstelle-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example"
    assert storage["OPTIONS"]["addressing_style"] == "path"
    assert storage["OPTIONS"]["file_overwrite"] is False and storage["OPTIONS"]["querystring_auth"] is True
    assert cache["BACKEND"] == "anlaufstelle.core.cache.FailSoftRedisCache"
    assert cache["LOCATION"] == "redis://redis.example:6379/1"
    assert huey_class == "anlaufstelle.core.queue.FailSoftRedisHuey" and huey_url == "redis://redis.example:6379/0"
    assert engine == "django.db.backends.postgresql"
    assert sessions == "django.contrib.sessions.backends.db"  # sessions live in PostgreSQL, shared by every server
    assert fail_open is True


def test_the_default_storage_is_the_local_disk_that_never_half_writes() -> None:
    found = _prod_settings(DEPLOY_ENV, "s.STORAGES['default']")
    assert found == {"BACKEND": "anlaufstelle.core.storage.SafeFileSystemStorage"}


def test_the_s3_storage_is_built_from_the_settings(tmp_path: Path) -> None:
    from django.core.files.storage import storages

    options = {"bucket_name": "b", "endpoint_url": "https://s3.example", "access_key": "k", "secret_key": "s"}
    with override_settings(
        STORAGES={**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}}
    ):
        storage = storages["default"]
        assert type(storage).__name__ == "S3Storage"
        assert storage.bucket_name == "b" and storage.endpoint_url == "https://s3.example"


def test_an_unknown_storage_backend_is_refused_at_start() -> None:
    with pytest.raises(subprocess.CalledProcessError) as failed:
        _prod_settings({**DEPLOY_ENV, "STORAGE_BACKEND": "floppy"}, "1")
    assert "STORAGE_BACKEND" in failed.value.stderr


@pytest.mark.parametrize("storage", ["filesystem", "s3"])
def test_deploy_check_is_clean_with_production_settings(storage: str) -> None:
    env = {**DEPLOY_ENV, "STORAGE_BACKEND": storage, "S3_BUCKET": "anlaufstelle-media"}
    clean = _clean_env()
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *DEPLOY_CHECK],
        env={**clean, **env, "DATABASE_URL": "sqlite:////tmp/anlaufstelle-ops-deploycheck.sqlite3"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_deploy_check_warns_when_cache_and_queue_stay_in_one_process() -> None:
    env = {k: v for k, v in DEPLOY_ENV.items() if k not in ("CACHE_URL", "TASKS_BACKEND")}
    clean = _clean_env()
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *DEPLOY_CHECK],
        env={**clean, **env, "DATABASE_URL": "sqlite:////tmp/anlaufstelle-ops-deploycheck.sqlite3"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "anlaufstelle.W001" in done.stderr + done.stdout and "anlaufstelle.W002" in done.stderr + done.stdout


# --- Redis down: the cache and the rate limits fail soft, the queue logs -----------------------------


def _fail_soft_cache(url: str) -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": "anlaufstelle.core.cache.FailSoftRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "retry_seconds": 5},
        }
    }


def test_a_dead_redis_cache_answers_like_an_empty_one(caplog: pytest.LogCaptureFixture) -> None:
    with override_settings(CACHES=_fail_soft_cache(f"redis://127.0.0.1:{_dead_port()}/0")):
        cache = caches["default"]
        with caplog.at_level(logging.WARNING, logger="anlaufstelle.core.cache"):
            assert cache.get("k", "fallback") == "fallback"
        assert "Cache unreachable" in caplog.text
        cache.set("k", 1)
        assert cache.add("k", 1) is False
        assert cache.get_many(["a", "b"]) == {}
        assert cache.incr("k") is None
        cache.delete("k")
        cache.set_many({"a": 1})


def test_rate_limits_let_requests_through_while_the_cache_is_down() -> None:
    from django_ratelimit.core import is_ratelimited

    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.1")
    with override_settings(CACHES=_fail_soft_cache(f"redis://127.0.0.1:{_dead_port()}/0")):
        for _ in range(5):
            assert not is_ratelimited(request, group="ops.test", key="ip", rate="1/h", increment=True)


def test_public_and_staff_pages_answer_while_redis_is_down(centre, admin_client, client) -> None:  # type: ignore[no-untyped-def]
    with override_settings(CACHES=_fail_soft_cache(f"redis://127.0.0.1:{_dead_port()}/0")):
        assert client.get(f"/{centre.slug}/").status_code == 200
        assert client.get(reverse("directory:search", kwargs={"centre": centre.slug})).status_code == 200
        assert admin_client.get(reverse("partners:list", kwargs={"centre": centre.slug})).status_code == 200


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_the_fail_soft_cache_works_on_a_real_redis() -> None:
    with override_settings(CACHES=_fail_soft_cache(REDIS_URL)):
        cache = caches["default"]
        cache.set("ops:test", {"a": 1}, 30)
        assert cache.get("ops:test") == {"a": 1}
        assert cache.add("ops:test", 2) is False
        cache.delete("ops:test")


def test_queueing_a_task_while_redis_is_down_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    from huey import crontab  # noqa: F401 - huey is importable

    from anlaufstelle.core.queue import FailSoftRedisHuey

    huey = FailSoftRedisHuey("ops-test", url=f"redis://127.0.0.1:{_dead_port()}/0")

    @huey.task()
    def work() -> None:  # pragma: no cover - never runs
        pass

    with caplog.at_level(logging.ERROR, logger="anlaufstelle.core.queue"):
        assert work() is None
    assert "Task queue unreachable" in caplog.text


# --- a worker killed in the middle of a job: the sweep ------------------------------------------------


@pytest.fixture
def slow_handler():  # type: ignore[no-untyped-def]
    saved = dict(HANDLERS)

    @register_job("test.ops")
    def run(job, progress):  # type: ignore[no-untyped-def]
        return {"ok": True}

    yield
    HANDLERS.clear()
    HANDLERS.update(saved)


def test_a_job_left_running_by_a_dead_worker_is_marked_failed(centre, member_factory, slow_handler) -> None:  # type: ignore[no-untyped-def]
    actor = member_factory(centre)
    with scopes_disabled():
        long_ago = timezone.now() - timedelta(seconds=settings.JOBS_RUNNING_TIMEOUT_SECONDS + 60)
        dead = BackgroundJob.objects.create(
            centre=centre, created_by=actor, kind="test.ops", title="t", status="running", started_at=long_ago
        )
        alive = BackgroundJob.objects.create(
            centre=centre, created_by=actor, kind="test.ops", title="t", status="running", started_at=timezone.now()
        )
        assert jobs_sweep() == {"failed": 1, "requeued": 0}
        dead.refresh_from_db()
        alive.refresh_from_db()
    assert dead.status == BackgroundJob.Status.FAILED and dead.finished_at is not None
    assert "unterbrochen" in dead.message or "interrupted" in dead.message
    assert alive.status == BackgroundJob.Status.RUNNING


def test_a_job_that_never_reached_the_queue_is_queued_again_and_runs_once(centre, member_factory, slow_handler) -> None:  # type: ignore[no-untyped-def]
    actor = member_factory(centre)
    with scopes_disabled():
        job = BackgroundJob.objects.create(centre=centre, created_by=actor, kind="test.ops", title="t")
        BackgroundJob.objects.filter(pk=job.pk).update(
            created_at=timezone.now() - timedelta(seconds=settings.JOBS_REQUEUE_SECONDS + 60)
        )
        fresh = BackgroundJob.objects.create(centre=centre, created_by=actor, kind="test.ops", title="t")
        assert jobs_sweep() == {"failed": 0, "requeued": 1}  # immediate mode: it ran at once
        job.refresh_from_db()
        fresh.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE and job.started_at is not None
    assert fresh.status == BackgroundJob.Status.QUEUED
    with scopes_disabled():
        assert jobs_sweep() == {"failed": 0, "requeued": 0}


# --- the database away: 503 with Retry-After, not a 500 ----------------------------------------------


def test_a_database_failure_answers_503_with_retry_after() -> None:
    request = RequestFactory().get("/")
    try:
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "Datenbank" in response.content.decode()


def test_other_errors_stay_a_plain_500() -> None:
    try:
        raise RuntimeError("bug")
    except RuntimeError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert fault_kind(None) == ""


def test_a_page_whose_database_fails_answers_503(centre, client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core import middleware

    def unreachable(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(middleware.CentreMiddleware, "__call__", unreachable)
    client.raise_request_exception = False
    response = client.get(f"/{centre.slug}/")
    assert response.status_code == 503 and response["Retry-After"] == "5"


# --- a full disk for uploads: a clear answer, nothing half-written -----------------------------------


class _FillsTheDisk:
    """Upload content whose second chunk meets a full disk."""

    def __init__(self, size: int = 3 * 64 * 1024) -> None:
        self.size = size

    def chunks(self, chunk_size: int | None = None) -> Any:
        yield b"x" * 64 * 1024
        raise OSError(errno.ENOSPC, "No space left on device")


class DiskFullStorage(SafeFileSystemStorage):
    """The local storage on a disk that fills up in the middle of every file."""

    def _save(self, name: str, content: Any) -> str:
        return super()._save(name, _FillsTheDisk())


def test_the_safe_storage_leaves_nothing_when_the_disk_fills(tmp_path: Path) -> None:
    storage = DiskFullStorage(location=tmp_path)
    with pytest.raises(OSError) as failed:
        storage.save("jobs/input/big.upload", ContentFile(b"y" * 200_000))
    assert failed.value.errno == errno.ENOSPC
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_the_safe_storage_saves_whole_files_and_never_overwrites(tmp_path: Path) -> None:
    storage = SafeFileSystemStorage(location=tmp_path)
    first = storage.save("a/file.txt", ContentFile(b"one"))
    second = storage.save("a/file.txt", ContentFile(b"two"))
    assert first == "a/file.txt" and second != first
    assert storage.open(first).read() == b"one" and storage.open(second).read() == b"two"
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted([Path(first).name, Path(second).name])
    assert oct((tmp_path / first).stat().st_mode & 0o777) == oct(0o644)


def test_an_upload_on_a_full_disk_answers_507_and_keeps_nothing(centre, admin_client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    storages_setting = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.DiskFullStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    admin_client.raise_request_exception = False
    upload = SimpleUploadedFile("partner.csv", b"name;kind\nVerein;association\n" * 5000, content_type="text/csv")
    with override_settings(STORAGES=storages_setting):
        response = admin_client.post(reverse("partners:import", kwargs={"centre": centre.slug}), {"file": upload})
    assert response.status_code == 507
    assert "nicht gespeichert" in response.content.decode()
    with scopes_disabled():
        assert not BackgroundJob.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


# --- uploads on an S3-compatible store (moto stands in for it) ----------------------------------------


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_carry_the_files_of_an_s3_storage(centre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    moto = pytest.importorskip("moto")
    import boto3
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    options = {
        "bucket_name": "anlaufstelle-test",
        "region_name": "eu-central-1",
        "access_key": "test",
        "secret_key": "test",
        "location": "media",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    storages_setting = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    with moto.mock_aws(), override_settings(STORAGES=storages_setting):
        boto3.client("s3", region_name="eu-central-1").create_bucket(
            Bucket="anlaufstelle-test", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
        )
        first = default_storage.save("jobs/input/a.csv", ContentFile(b"name;kind\n"))
        second = default_storage.save("jobs/input/a.csv", ContentFile(b"other"))
        assert first != second  # never overwritten
        archive = tmp_path / "backup.zip"
        call_command("backup", output=str(archive))
        default_storage.delete(first)
        default_storage.save("stray.txt", ContentFile(b"not in the backup"))
        call_command("restore", str(archive), yes=True)
        assert default_storage.open(first).read() == b"name;kind\n"
        assert default_storage.open(second).read() == b"other"
        assert not default_storage.exists("stray.txt")


# --- a real worker killed in the middle of a job (PostgreSQL, a redis-server of the test's own) ---------


def _wait(probe: Any, seconds: float) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if probe():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_in_the_middle_of_a_job_leaves_it_to_the_sweep(centre, member_factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil
    import signal

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the worker is a second process on the same database")
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server to start a queue of the test's own")
    port = _dead_port()
    redis_server = subprocess.Popen(  # noqa: S603 - fixed program
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],  # noqa: S607
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    db = connection.settings_dict
    env = {
        **_clean_env(),
        "DJANGO_SETTINGS_MODULE": "bench.settings_prod",  # production settings plus the drill's slow job kind
        "DJANGO_SECRET_KEY": DEPLOY_ENV["DJANGO_SECRET_KEY"],
        "DATABASE_URL": f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "TASKS_BACKEND": "redis",
        "TASKS_REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    worker = None
    try:
        with scopes_disabled():
            job = BackgroundJob.objects.create(
                centre=centre, created_by=member_factory(centre), kind="ops.sleep", title="t", params={"seconds": 60}
            )
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_huey"], cwd=ROOT, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        queue_it = f"from anlaufstelle.core.tasks import run_job; run_job('{job.pk}')"
        subprocess.run(  # noqa: S603 - our interpreter and manage.py: queue the job as a web server would
            [sys.executable, "manage.py", "shell", "-c", queue_it],
            cwd=ROOT, env=env, check=True, capture_output=True, timeout=120,
        )  # fmt: skip

        def status() -> str:
            with scopes_disabled():
                return str(BackgroundJob.objects.get(pk=job.pk).status)

        assert _wait(lambda: status() == "running", 120), status()
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
        assert not _wait(lambda: status() != "running", 2)  # nobody finishes it
        with override_settings(JOBS_RUNNING_TIMEOUT_SECONDS=0), scopes_disabled():
            assert jobs_sweep()["failed"] == 1
        assert status() == "failed"
    finally:
        for process in (worker, redis_server):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
