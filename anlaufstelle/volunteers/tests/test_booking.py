"""Requests, ranked candidates, offers by single-use link, first acceptance wins, no overlaps."""

from __future__ import annotations

import datetime
import functools
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.roles import Role
from anlaufstelle.volunteers import actions, selectors
from anlaufstelle.volunteers.models import (
    Assignment,
    InterpretingRequest,
    Offer,
)
from anlaufstelle.volunteers.tests.factories import at, make_request, make_volunteer, tokens_from_mail


@pytest.mark.django_db
def test_offer_by_mail_accept_once_and_others_are_told(
    centre, member_factory, django_capture_on_commit_callbacks, client
):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        rana, omid = make_volunteer(centre, "Rana"), make_volunteer(centre, "Omid")
        make_volunteer(centre, "Olena", language="uk")
        request = make_request(centre)
        ranking, by_id = selectors.candidates(request=request)
        assert {by_id[c.volunteer].first_name for c in ranking.candidates} == {"Rana", "Omid"}
        with django_capture_on_commit_callbacks(execute=True):
            actions.offers_send(
                request=request, volunteers=[rana, omid], actor=member_factory(centre, Role.VOLUNTEER_COORDINATOR)
            )
    first, second = tokens_from_mail()
    url = reverse("volunteers:offer", kwargs={"centre": centre.slug, "token": first})
    page = client.get(url)
    assert page.status_code == 200 and "Rathaus" in page.content.decode() and page["Referrer-Policy"] == "same-origin"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url + "annehmen/", {"do": "accept"})
    with scopes_disabled():
        assignment = Assignment.objects.get()
        assert assignment.volunteer.first_name in {"Rana", "Omid"}
        request.refresh_from_db()
        assert request.status == "booked"
    assert len(mail.outbox) == 4  # two offers, the confirmation, one "taken" note to the other
    again = client.post(url + "annehmen/", {"do": "accept"})
    assert "already" in again.content.decode() or "bereits" in again.content.decode()
    other = client.post(
        reverse("volunteers:offer_accept", kwargs={"centre": centre.slug, "token": second}), {"do": "accept"}
    )
    assert other.status_code == 200
    with scopes_disabled():
        assert Assignment.objects.count() == 1
    assert client.get(reverse("volunteers:offer", kwargs={"centre": centre.slug, "token": "guess"})).status_code == 404
    assert client.get(reverse("volunteers:offer", kwargs={"centre": "beispielland", "token": first})).status_code == 404


@pytest.mark.django_db
def test_busy_volunteers_are_not_candidates_and_expired_links_refuse(centre, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        rana = make_volunteer(centre, "Rana")
        earlier = make_request(centre, hour=9)
        Assignment.objects.create(
            centre=centre, request=earlier, volunteer=rana, starts_at=earlier.starts_at, ends_at=earlier.ends_at
        )
        clash = make_request(centre, hour=10)  # 10:00 is within the travel buffer after 9-10
        ranking, _by_id = selectors.candidates(request=clash)
        assert ranking.excluded == {str(rana.pk): "busy"}
        later = make_request(centre, hour=14)
        with django_capture_on_commit_callbacks(execute=True):
            offers = actions.offers_send(request=later, volunteers=[rana], actor=None)  # type: ignore[arg-type]
        Offer.objects.filter(pk=offers[0].pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    (token,) = tokens_from_mail()
    with pytest.raises(actions.BookingError):
        actions.offer_accept(offer=selectors.offer_by_token(centre=centre, token=token))  # type: ignore[arg-type]
    with scopes_disabled():
        assert not Assignment.objects.filter(request=later).exists()


@pytest.mark.django_db
def test_interpreter_need_from_a_newcomer_booking_becomes_a_request(
    centre, member_factory, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.newcomers import actions as newcomer_actions
    from anlaufstelle.newcomers.tests.factories import ChildFactory, SlotFactory

    worker = member_factory(centre, Role.CASEWORKER)
    with scopes_disabled():
        child = ChildFactory(centre=centre, family__centre=centre, family__needs_interpreter=True)
        child.family.interpreter_language = "fa"
        child.family.save()
        slot = SlotFactory(centre=centre)
        with django_capture_on_commit_callbacks(execute=True):
            newcomer_actions.slot_book(slot=slot, child=child, actor=worker)
        request = InterpretingRequest.objects.get()
        assert (request.language, request.kind, request.need.slot) == ("fa", "health_office", slot)
        assert child.first_name not in str(request.__dict__)
        with django_capture_on_commit_callbacks(execute=True):
            newcomer_actions.slot_cancel_booking(slot=slot, actor=worker)
        request.refresh_from_db()
        assert request.status == "cancelled"


@pytest.mark.django_db
def test_a_step_recorded_by_hand_tells_the_booked_interpreter(
    centre, member_factory, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    """Issue 20, item 12: "exam done" by hand frees the coming exam; its interpreter is told like any cancellation."""
    from anlaufstelle.newcomers import actions as newcomer_actions
    from anlaufstelle.newcomers.tests.factories import ChildFactory, SlotFactory

    worker = member_factory(centre, Role.CASEWORKER)
    with scopes_disabled():
        rana = make_volunteer(centre, "Rana")
        child = ChildFactory(centre=centre, family__centre=centre, family__needs_interpreter=True)
        child.family.interpreter_language = "ar"
        child.family.save()
        slot = SlotFactory(centre=centre, starts_at=at(10))
        with django_capture_on_commit_callbacks(execute=True):
            newcomer_actions.slot_book(slot=slot, child=child, actor=worker)
        request = InterpretingRequest.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            (offer,) = actions.offers_send(request=request, volunteers=[rana], actor=None)
        with django_capture_on_commit_callbacks(execute=True):
            actions.offer_accept(offer=offer)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            newcomer_actions.child_stage_record(
                child=child, actor=worker, stage="health_exam_done", happened_on=timezone.localdate()
            )
        request.refresh_from_db()
        assignment = Assignment.objects.get()
    assert request.status == InterpretingRequest.Status.CANCELLED
    assert (assignment.status, assignment.cancelled_by) == (Assignment.Status.CANCELLED, Assignment.CancelledBy.CENTRE)
    assert [m.to for m in mail.outbox] == [[rana.email]]


def _race(jobs):  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(len(jobs))
    results, errors = [], []
    lock = threading.Lock()

    def run(job):  # type: ignore[no-untyped-def]
        barrier.wait()
        try:
            value = job()
        except Exception as exc:  # noqa: BLE001
            with lock:
                errors.append(repr(exc))
            return
        finally:
            connections.close_all()
        with lock:
            results.append(value)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_volunteers_accepting_at_once_book_exactly_one(centre) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency guarantees are proven on PostgreSQL.")
    with scopes_disabled():
        volunteers = [make_volunteer(centre, f"V{i}") for i in range(10)]
        request = make_request(centre)
        actions.offers_send(request=request, volunteers=volunteers, actor=None)  # type: ignore[arg-type]
    tokens = tokens_from_mail()
    assert len(tokens) == 10

    def accept(token: str):  # type: ignore[no-untyped-def]
        def job() -> int:
            client = Client()
            url = reverse("volunteers:offer", kwargs={"centre": centre.slug, "token": token})
            return client.post(url + "annehmen/", {"do": "accept"}).status_code

        return job

    assert _race([accept(t) for t in tokens]) == [200] * 10
    with scopes_disabled():
        assert Assignment.objects.filter(status="booked").count() == 1
        assert Offer.objects.filter(status="accepted").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_volunteer_accepting_overlapping_requests_at_once_gets_one(centre) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency guarantees are proven on PostgreSQL.")
    with scopes_disabled():
        rana = make_volunteer(centre, "Rana")
        requests = [
            make_request(centre, hour=10),
            make_request(centre, hour=10, place="Schule"),
            make_request(centre, hour=11),
        ]
        for item in requests:
            actions.offers_send(request=item, volunteers=[rana], actor=None)  # type: ignore[arg-type]
    tokens = tokens_from_mail()
    assert len(tokens) == 3
    outcomes = _race([functools.partial(_try_accept, centre, t) for t in tokens])
    assert sorted(outcomes).count("ok") == 1
    with scopes_disabled():
        assert Assignment.objects.filter(volunteer=rana, status="booked").count() == 1


def _try_accept(centre, token: str) -> str:  # type: ignore[no-untyped-def]
    try:
        actions.offer_accept(offer=selectors.offer_by_token(centre=centre, token=token))  # type: ignore[arg-type]
    except actions.BookingError as exc:
        return str(exc)
    return "ok"


@pytest.mark.django_db
def test_the_volunteer_with_fewer_recent_assignments_comes_first(centre) -> None:
    with scopes_disabled():
        busy_one, fresh = make_volunteer(centre, "Rana"), make_volunteer(centre, "Omid")
        for days in (10, 20):
            past = actions.request_create(
                centre=centre,
                actor=None,
                data={"language": "ar", "starts_at": timezone.now() - datetime.timedelta(days=days), "place": "X"},
            )
            Assignment.objects.create(
                centre=centre,
                request=past,
                volunteer=busy_one,
                starts_at=past.starts_at,
                ends_at=past.ends_at,
                status=Assignment.Status.DONE,
            )
        ranking, by_id = selectors.candidates(request=make_request(centre))
    assert [by_id[c.volunteer] for c in ranking.candidates] == [fresh, busy_one]
    assert by_id[str(busy_one.pk)].recent == 2  # type: ignore[attr-defined]
