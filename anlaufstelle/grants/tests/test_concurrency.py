"""Parallel decisions against the last of a call's budget never overcommit (PostgreSQL row lock)."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.db.models import Sum
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.grants import actions
from anlaufstelle.grants.errors import GrantsRefused
from anlaufstelle.grants.models import Application
from anlaufstelle.grants.states import COMMITTED, State
from anlaufstelle.grants.tests.factories import drive_to, make_world, member, reviews_done

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(jobs: list[Callable[[], str]]) -> list[str]:
    barrier = threading.Barrier(len(jobs))
    results: list[str] = []
    lock = threading.Lock()

    def run(job: Callable[[], str]) -> None:
        barrier.wait()
        try:
            with scopes_disabled():
                result = job()
        except GrantsRefused:
            result = "refused"
        except Exception as exc:  # noqa: BLE001 - reported in the assertion
            result = repr(exc)
        finally:
            connections.close_all()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_parallel_decisions_never_overcommit_the_last_budget(centre) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency guarantees are proven on PostgreSQL.")
    with scopes_disabled():
        world = make_world(centre, call_budget_cents=2_700_000)  # room for three grants of 9,000 €
        applications = []
        for _ in range(8):
            application = drive_to(world, State.IN_REVIEW)
            reviews_done(world, application)
            applications.append(application)
        deciders = [world.third_officer] + [member(centre, "grants_officer") for _ in range(7)]

    def decide(application: Application, officer) -> Callable[[], str]:  # type: ignore[no-untyped-def]
        def job() -> str:
            actions.application_decide(
                application=application,
                actor=officer,
                amount_cents=900_000,
                conditions="",
                earmarked_until=datetime.date(timezone.localdate().year + 1, 3, 31),
            )
            return "decided"

        return job

    results = _at_once([decide(a, o) for a, o in zip(applications, deciders, strict=True)])
    assert sorted(results) == ["decided"] * 3 + ["refused"] * 5, results
    with scopes_disabled():
        committed = Application.objects.filter(call=world.call, state__in=COMMITTED).aggregate(s=Sum("granted_cents"))
    assert committed["s"] == 2_700_000
