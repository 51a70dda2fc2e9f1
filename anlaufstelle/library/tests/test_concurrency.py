"""Parallel check-outs and holds of the last copy: exactly one wins (PostgreSQL row locks)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django_scopes import scopes_disabled

from anlaufstelle.library import actions
from anlaufstelle.library.errors import LibraryError
from anlaufstelle.library.models import Hold, Loan
from anlaufstelle.library.tests.factories import librarian, make_borrower, make_copy, make_title

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PARALLEL = 6


def _at_once(jobs: list[Callable[[], str]]) -> list[str]:
    barrier = threading.Barrier(len(jobs))
    results: list[str] = []
    lock = threading.Lock()

    def run(job: Callable[[], str]) -> None:
        barrier.wait()
        try:
            with scopes_disabled():
                result = job()
        except LibraryError:
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


@pytest.fixture
def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency guarantees are proven on PostgreSQL.")


def test_parallel_check_outs_of_the_last_copy_lend_it_once(centre, postgres_only) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        copy = make_copy(make_title(centre), "LAST-1")
        staff = librarian(centre)
        borrowers = [make_borrower(centre) for _ in range(PARALLEL)]

    def lend(borrower) -> Callable[[], str]:  # type: ignore[no-untyped-def]
        def job() -> str:
            actions.check_out(centre=centre, actor=staff, barcode="LAST-1", borrower=borrower)
            return "lent"

        return job

    results = _at_once([lend(b) for b in borrowers])
    assert sorted(results) == ["lent"] + ["refused"] * (PARALLEL - 1), results
    with scopes_disabled():
        assert Loan.objects.filter(copy=copy, returned_at__isnull=True).count() == 1


def test_parallel_holds_of_the_last_copy_keep_it_for_one(centre, postgres_only) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        title = make_title(centre)
        copy = make_copy(title, "LAST-2")
        staff = librarian(centre)
        borrowers = [make_borrower(centre) for _ in range(PARALLEL)]

    def reserve(borrower) -> Callable[[], str]:  # type: ignore[no-untyped-def]
        def job() -> str:
            return actions.hold_place(title=title, borrower=borrower, actor=staff).status

        return job

    results = _at_once([reserve(b) for b in borrowers])
    assert sorted(results) == ["ready"] + ["waiting"] * (PARALLEL - 1), results
    with scopes_disabled():
        assert Hold.objects.filter(copy=copy, status=Hold.Status.READY).count() == 1


def test_a_hold_and_a_check_out_racing_for_the_last_copy_give_it_to_one(centre, postgres_only) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        title = make_title(centre)
        copy = make_copy(title, "LAST-3")
        staff = librarian(centre)
        at_desk, online = make_borrower(centre), make_borrower(centre)

    def lend() -> str:
        actions.check_out(centre=centre, actor=staff, barcode="LAST-3", borrower=at_desk)
        return "lent"

    def reserve() -> str:
        return actions.hold_place(title=title, borrower=online, actor=staff).status

    results = _at_once([lend, reserve])
    assert sorted(results) in (["lent", "waiting"], ["ready", "refused"]), results
    with scopes_disabled():
        open_loans = Loan.objects.filter(copy=copy, returned_at__isnull=True).count()
        kept = Hold.objects.filter(copy=copy, status=Hold.Status.READY).count()
    assert open_loans + kept == 1
