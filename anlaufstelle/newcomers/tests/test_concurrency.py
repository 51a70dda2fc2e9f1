"""Concurrent decisions on PostgreSQL: the last seats and the last appointment slot are never given twice."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from anlaufstelle.core.roles import Role
from anlaufstelle.newcomers.models import AppointmentSlot, Placement
from anlaufstelle.newcomers.tests.factories import ChildFactory, SeatQuotaFactory, SlotFactory
from conftest import verify

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(jobs: list[Callable[[], int]]) -> list[int]:
    barrier = threading.Barrier(len(jobs))
    statuses: list[int] = []
    lock = threading.Lock()
    errors: list[str] = []

    def run(job: Callable[[], int]) -> None:
        barrier.wait()
        try:
            status = job()
        except Exception as exc:  # noqa: BLE001 - reported in the assertion below
            status = -1
            errors.append(repr(exc))
        finally:
            connections.close_all()
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return statuses


def test_parallel_approvals_never_overbook_the_last_seats(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency guarantees are proven on PostgreSQL.")
    seats, proposals = 3, 12
    with scopes_disabled():
        quota = SeatQuotaFactory(centre=centre, school__centre=centre, seats=seats)
        placements = [
            Placement.objects.create(
                centre=centre,
                child=ChildFactory(centre=centre, family__centre=centre, stage="placement_proposed"),
                quota=quota,
                status=Placement.Status.PROPOSED,
            )
            for _ in range(proposals)
        ]
    officers = [member_factory(centre, Role.SCHOOL_AUTHORITY) for _ in range(4)]

    def approve(placement: Placement, officer) -> Callable[[], int]:  # type: ignore[no-untyped-def]
        client = Client()
        verify(client, officer)  # signed in before the race: only the decisions run at once

        def job() -> int:
            url = reverse("newcomers:authority_approve", kwargs={"centre": centre.slug, "pk": placement.pk})
            return client.post(url, {"do": "approve"}).status_code

        return job

    statuses = _at_once([approve(p, officers[i % len(officers)]) for i, p in enumerate(placements)])
    assert statuses == [302] * proposals  # everyone gets an answer, nobody a server error
    with scopes_disabled():
        approved = Placement.objects.filter(quota=quota, status=Placement.Status.APPROVED).count()
        still_proposed = Placement.objects.filter(quota=quota, status=Placement.Status.PROPOSED).count()
    assert (approved, still_proposed) == (seats, proposals - seats)


def test_parallel_bookings_of_one_slot_book_it_once(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency guarantees are proven on PostgreSQL.")
    with scopes_disabled():
        slot = SlotFactory(centre=centre, kind=AppointmentSlot.Kind.HEALTH_EXAM)
        children = [ChildFactory(centre=centre, family__centre=centre) for _ in range(8)]
    worker = member_factory(centre, Role.CASEWORKER)

    def book(child) -> Callable[[], int]:  # type: ignore[no-untyped-def]
        client = Client()
        verify(client, worker)

        def job() -> int:
            url = reverse(
                "newcomers:child_book", kwargs={"centre": centre.slug, "pk": child.family_id, "child_pk": child.pk}
            )
            return client.post(url, {"kind": "health_exam", f"h{child.pk}-slot": slot.pk}).status_code

        return job

    assert _at_once([book(child) for child in children]) == [302] * len(children)
    with scopes_disabled():
        slot.refresh_from_db()
        assert slot.child_id in {c.pk for c in children}
        assert AppointmentSlot.objects.filter(child__isnull=False).count() == 1


def test_parallel_bookings_of_different_slots_give_one_child_one_appointment(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    """Issue 20, item 11: two caseworkers book two exam slots for one child at once: exactly one wins."""
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency guarantees are proven on PostgreSQL.")
    with scopes_disabled():
        child = ChildFactory(centre=centre, family__centre=centre)
        slots = [SlotFactory(centre=centre, kind=AppointmentSlot.Kind.HEALTH_EXAM) for _ in range(6)]
    workers = [member_factory(centre, Role.CASEWORKER) for _ in range(2)]

    def book(slot: AppointmentSlot, worker) -> Callable[[], int]:  # type: ignore[no-untyped-def]
        client = Client()
        verify(client, worker)

        def job() -> int:
            url = reverse(
                "newcomers:child_book", kwargs={"centre": centre.slug, "pk": child.family_id, "child_pk": child.pk}
            )
            return client.post(url, {"kind": "health_exam", f"h{child.pk}-slot": slot.pk}).status_code

        return job

    statuses = _at_once([book(slot, workers[i % 2]) for i, slot in enumerate(slots)])
    assert statuses == [302] * len(slots)  # the losers are told, nobody gets a server error
    with scopes_disabled():
        assert AppointmentSlot.objects.filter(child=child).count() == 1
        child.refresh_from_db()
        assert child.stage == "health_exam_booked"
