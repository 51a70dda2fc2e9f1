"""Background jobs: queued after commit, progress recorded, failures reported, owner-only access."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from anlaufstelle.core.jobs import HANDLERS, job_start, register_job
from anlaufstelle.core.models import BackgroundJob
from anlaufstelle.core.roles import Role


@pytest.fixture
def handlers():  # type: ignore[no-untyped-def]
    saved = dict(HANDLERS)

    @register_job("test.count")
    def count(job, progress):  # type: ignore[no-untyped-def]
        for step in range(1, 101):
            progress(step, 100, f"step {step}")
        return {"ok": True}

    @register_job("test.boom")
    def boom(job, progress):  # type: ignore[no-untyped-def]
        raise RuntimeError("database on fire")

    yield
    HANDLERS.clear()
    HANDLERS.update(saved)


def test_job_runs_after_commit_and_reports_progress(
    handlers, centre, member_factory, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    actor = member_factory(centre, Role.EDITOR)
    with scope(centre=centre), django_capture_on_commit_callbacks() as callbacks:
        job = job_start(centre=centre, actor=actor, kind="test.count", title="Zählen")
    with scopes_disabled():
        assert BackgroundJob.objects.get(pk=job.pk).status == BackgroundJob.Status.QUEUED
    for callback in callbacks:
        callback()
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE and job.percent == 100 and job.result == {"ok": True}


def test_failing_job_is_marked_failed_without_leaking_the_trace(
    handlers, admin_client: Client, centre, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    user = admin_client.get(reverse("core:dashboard", kwargs={"centre": centre.slug})).wsgi_request.user
    with scope(centre=centre), django_capture_on_commit_callbacks(execute=True):
        job = job_start(centre=centre, actor=user, kind="test.boom", title="Boom")  # type: ignore[arg-type]
    page = admin_client.get(reverse("core:job", kwargs={"centre": centre.slug, "pk": job.pk}))
    assert page.context["job"].status == BackgroundJob.Status.FAILED
    assert "Traceback" not in page.content.decode()


def test_progress_fragment_polls_until_finished(handlers, admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    user = admin_client.get(reverse("core:dashboard", kwargs={"centre": centre.slug})).wsgi_request.user
    with scopes_disabled():
        job = BackgroundJob.objects.create(
            centre=centre,
            created_by=user,
            kind="test.count",
            title="T",
            total_steps=4,
            done_steps=1,
            status=BackgroundJob.Status.RUNNING,
        )
    url = reverse("core:job", kwargs={"centre": centre.slug, "pk": job.pk})
    fragment = admin_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'hx-trigger="every 1s"' in fragment and 'value="25"' in fragment
    with scopes_disabled():
        BackgroundJob.objects.filter(pk=job.pk).update(status=BackgroundJob.Status.DONE)
    fragment = admin_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and 'value="100"' in fragment


def test_only_the_starter_sees_a_job(handlers, client: Client, centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    owner = member_factory(centre, Role.EDITOR)
    with scopes_disabled():
        job = BackgroundJob.objects.create(centre=centre, created_by=owner, kind="test.count", title="T")
    login(member_factory(centre, Role.EDITOR))
    assert client.get(reverse("core:job", kwargs={"centre": centre.slug, "pk": job.pk})).status_code == 404


def test_unknown_job_kind_is_refused(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    with scope(centre=centre), pytest.raises(LookupError):
        job_start(centre=centre, actor=member_factory(centre), kind="nope", title="x")


def test_job_messages_use_the_starters_language(
    handlers, centre, member_factory, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    seen = {}

    @register_job("test.language")
    def language(job, progress):  # type: ignore[no-untyped-def]
        seen["language"] = translation.get_language()
        return {}

    actor = member_factory(centre, Role.EDITOR)
    with translation.override("ar"), scope(centre=centre), django_capture_on_commit_callbacks() as callbacks:
        job_start(centre=centre, actor=actor, kind="test.language", title="x")
    with translation.override("de"):
        for callback in callbacks:
            callback()
    assert seen["language"] == "ar"


def test_a_job_runs_only_once_however_often_it_is_queued(
    handlers, centre, member_factory, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.jobs import job_run

    runs = []

    @register_job("test.once")
    def once(job, progress):  # type: ignore[no-untyped-def]
        runs.append(job.pk)
        return {}

    actor = member_factory(centre, Role.EDITOR)
    with scope(centre=centre), django_capture_on_commit_callbacks():
        job = job_start(centre=centre, actor=actor, kind="test.once", title="x")
    job_run(str(job.pk))
    job_run(str(job.pk))
    assert runs == [job.pk]


def test_a_step_job_keeps_its_upload_for_the_next_job_which_removes_it(
    handlers, centre, member_factory, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from anlaufstelle.core.jobs import KEEPS_INPUT

    saved = set(KEEPS_INPUT)

    @register_job("test.read", keep_input=True)
    def read(job, progress):  # type: ignore[no-untyped-def]
        return {"ok": job.input_file.read() == b"good"}

    @register_job("test.use")
    def use(job, progress):  # type: ignore[no-untyped-def]
        return {"ok": job.input_file.read() == b"good"}

    actor = member_factory(centre, Role.EDITOR)
    try:
        with scope(centre=centre), django_capture_on_commit_callbacks(execute=True):
            good = job_start(
                centre=centre, actor=actor, kind="test.read", title="x", input_file=SimpleUploadedFile("a", b"good")
            )
            bad = job_start(
                centre=centre, actor=actor, kind="test.read", title="x", input_file=SimpleUploadedFile("b", b"bad")
            )
        with scopes_disabled():
            good.refresh_from_db()
            bad.refresh_from_db()
        stored = good.input_file.name
        assert good.result == {"ok": True} and stored and default_storage.exists(stored)
        assert bad.result == {"ok": False} and not bad.input_file  # a refused file is not kept
        with scope(centre=centre), django_capture_on_commit_callbacks(execute=True):
            then = job_start(centre=centre, actor=actor, kind="test.use", title="x", input_from=good)
        with scopes_disabled():
            good.refresh_from_db()
            then.refresh_from_db()
        assert not good.input_file and then.result == {"ok": True}
        assert not then.input_file and not default_storage.exists(stored)
    finally:
        KEEPS_INPUT.clear()
        KEEPS_INPUT.update(saved)
