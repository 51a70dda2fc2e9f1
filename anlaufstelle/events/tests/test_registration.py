"""Registration: double opt-in, seats under the session lock, waiting list, promotion."""

from __future__ import annotations

import concurrent.futures
import datetime

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.events import actions
from anlaufstelle.events import registration as reg
from anlaufstelle.events.models import Event, Registration
from anlaufstelle.events.tests.factories import contact, make_event, person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():  # type: ignore[no-untyped-def]
    with scopes_disabled():
        yield


def submit(event, session, n: int = 0, participants: int = 1):  # type: ignore[no-untyped-def]
    return actions.registration_submit(
        event=event,
        contact=contact(n),
        participants=[person(session, n * 100 + i) for i in range(participants)],
        language="de",
    )


def test_seats_are_given_only_after_the_address_is_confirmed(centre, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    event = make_event(centre, seats=[2])
    session = event.sessions.get()
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(event, session, 1)
    assert Registration.objects.get(group=first.group).status == Registration.Status.UNCONFIRMED
    (message,) = mail.outbox
    assert first.confirm_token in message.body and first.manage_token in message.body
    assert reg.group_by_token(centre=centre, token=first.confirm_token, confirm=True) == first.group
    assert (
        reg.group_by_token(centre=centre, token=first.confirm_token) is None
    )  # the confirm link is not the manage link
    # A school registers three staff at once: two seats are left for them... one, then waiting.
    second = submit(event, session, 2, participants=3)
    actions.registration_confirm(group=first.group)
    placed = actions.registration_confirm(group=second.group)
    assert [r.status for r in placed] == ["confirmed", "waiting", "waiting"]
    assert actions.registration_confirm(group=second.group) == placed  # twice changes nothing
    # Cancelling a seat promotes exactly the first on the waiting list.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = actions.registration_cancel(registration=placed[0], actor=None)
    assert promoted == placed[1]
    statuses = list(Registration.objects.filter(group=second.group).order_by("id").values_list("status", flat=True))
    assert statuses == ["cancelled", "confirmed", "waiting"]
    assert [m.to for m in mail.outbox] == [["p201@example.org"]]
    # Cancelling a waiting place promotes nobody.
    assert (
        actions.registration_cancel(registration=Registration.objects.get(first_name="Person202"), actor=None) is None
    )
    with pytest.raises(actions.RegistrationError):
        actions.registration_cancel(registration=placed[0], actor=None)


def test_closed_events_and_foreign_sessions_are_refused(centre) -> None:  # type: ignore[no-untyped-def]
    draft = make_event(centre, status=Event.Status.DRAFT)
    with pytest.raises(actions.RegistrationError):
        submit(draft, draft.sessions.get())
    late = make_event(centre, registration_deadline=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(actions.RegistrationError):
        submit(late, late.sessions.get())
    event, other = make_event(centre), make_event(centre, title="Anderes")
    with pytest.raises(actions.RegistrationError):
        submit(event, other.sessions.get())
    with pytest.raises(actions.RegistrationError):
        submit(event, event.sessions.get(), participants=21)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_hundreds_confirming_at_once_fill_exactly_the_seats_in_order(centre) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency guarantees are proven on PostgreSQL.")
    with scopes_disabled():
        event = make_event(centre, seats=[30])
        session = event.sessions.get()
        groups = [submit(event, session, n).group for n in range(200)]

    def confirm(group):  # type: ignore[no-untyped-def]
        try:
            with scopes_disabled():
                return actions.registration_confirm(group=group)[0].status
        finally:
            connections.close_all()

    with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(confirm, groups))
    assert statuses.count("confirmed") == 30 and statuses.count("waiting") == 170
    with scopes_disabled():
        rows = list(Registration.objects.filter(session=session).order_by("placed_at", "id"))
        assert [r.status for r in rows] == ["confirmed"] * 30 + ["waiting"] * 170  # seats went in order
        # Thirty cancellations at once promote exactly thirty, the first of the list first.
        first_waiting = [r.pk for r in rows[30:60]]

    def cancel(registration):  # type: ignore[no-untyped-def]
        try:
            with scopes_disabled():
                promoted = actions.registration_cancel(registration=registration, actor=None)
                return promoted.pk if promoted else None
        finally:
            connections.close_all()

    with concurrent.futures.ThreadPoolExecutor(max_workers=30) as pool:
        promoted = list(pool.map(cancel, rows[:30]))
    assert sorted(p for p in promoted if p) == sorted(first_waiting)
    with scopes_disabled():
        assert Registration.objects.filter(session=session, status="confirmed").count() == 30


def test_retention_removes_unconfirmed_after_two_days_and_all_a_year_after_the_event(centre) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.retention import apply_retention
    from anlaufstelle.events.models import RegistrationGroup

    coming = make_event(centre)
    past = make_event(centre, title="Vorbei", status=Event.Status.DRAFT)
    stale = submit(coming, coming.sessions.get(), 1).group
    fresh = submit(coming, coming.sessions.get(), 2).group
    actions.registration_confirm(group=fresh)
    RegistrationGroup.objects.filter(pk=stale.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    old = RegistrationGroup.objects.create(
        centre=centre,
        contact_name="Alt",
        contact_email="alt@example.org",
        confirm_token_hash="a" * 64,
        manage_token_hash="b" * 64,
        confirmed_at=timezone.now(),
    )
    Registration.objects.create(
        centre=centre,
        group=old,
        session=past.sessions.get(),
        first_name="A",
        last_name="B",
        token_hash="c" * 64,
        status="confirmed",
    )
    past.dates.update(
        starts_at=timezone.now() - datetime.timedelta(days=400), ends_at=timezone.now() - datetime.timedelta(days=399)
    )
    counts = apply_retention()
    assert counts["events.unconfirmed"] == 1 and counts["events.registrations"] == 1
    assert list(RegistrationGroup.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_more_seats_move_the_waiting_list_up_before_anyone_new(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.events.forms_staff import EventForm, changed_rows, event_formsets

    event = make_event(centre, seats=[1])
    session = event.sessions.get()
    first, second, third = (submit(event, session, n).group for n in range(3))
    actions.registration_confirm(group=first)
    actions.registration_confirm(group=second)
    # The organiser raises the seats to 2: the first on the waiting list gets the new seat.
    data = {
        "title": event.title,
        "kind": event.kind,
        "topic": event.topic,
        "language": "de",
        "ask_institution": "on",
        "ask_access": "on",
        "dates-TOTAL_FORMS": "1",
        "dates-INITIAL_FORMS": "1",
        "dates-0-id": str(event.dates.get().pk),
        "dates-0-starts_at": event.dates.get().starts_at.strftime("%Y-%m-%dT%H:%M"),
        "dates-0-ends_at": event.dates.get().ends_at.strftime("%Y-%m-%dT%H:%M"),
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "1",
        "sessions-0-id": str(session.pk),
        "sessions-0-capacity": "2",
    }
    form = EventForm(data, instance=event, centre=centre)
    dates, sessions = event_formsets(data, event)
    assert form.is_valid() and dates.is_valid() and sessions.is_valid(), (form.errors, dates.errors, sessions.errors)
    actions.event_save(
        centre=centre,
        actor=member_factory(centre),
        event=event,
        data=form.cleaned_data,
        dates=changed_rows(dates),
        sessions=changed_rows(sessions),
    )
    assert Registration.objects.get(group=second).status == "confirmed"
    # Someone new confirming later joins behind anyone still waiting, never ahead.
    assert [r.status for r in actions.registration_confirm(group=third)] == ["waiting"]


def test_nobody_moves_up_in_a_cancelled_or_begun_event(centre) -> None:  # type: ignore[no-untyped-def]
    event = make_event(centre, seats=[1])
    session = event.sessions.get()
    first, second = (submit(event, session, n).group for n in range(2))
    actions.registration_confirm(group=first)
    actions.registration_confirm(group=second)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    assert actions.registration_cancel(registration=first.registrations.get(), actor=None) is None
    assert second.registrations.get().status == "waiting"
    begun = make_event(centre, title="Läuft", seats=[1])
    group = submit(begun, begun.sessions.get(), 5).group
    actions.registration_confirm(group=group)
    begun.dates.update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(actions.RegistrationError):
        actions.registration_cancel(registration=group.registrations.get(), actor=None, by_participant=True)
    fresh = make_event(centre, title="Gleich", seats=[5])
    pending = submit(fresh, fresh.sessions.get(), 7).group
    fresh.dates.update(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(actions.RegistrationError):
        actions.registration_confirm(group=pending)


@pytest.mark.security
def test_a_confirmation_link_expires_when_the_email_says(centre, client) -> None:  # type: ignore[no-untyped-def]
    # Issue 20, item 6: the e-mail promises two days; the link worked until the nightly job ran.
    event = make_event(centre, seats=[5])
    session = event.sessions.get()
    late = submit(event, session, 1)
    on_time = submit(event, session, 2)
    RegistrationGroup = type(late.group)
    RegistrationGroup.objects.filter(pk=late.group.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=reg.confirmation_days(), minutes=1)
    )
    with pytest.raises(actions.RegistrationError):
        actions.registration_confirm(group=late.group)
    assert Registration.objects.get(group=late.group).status == Registration.Status.UNCONFIRMED
    # Through the page: a message, no seat, no error.
    from django.urls import reverse

    url = reverse("events:confirm", kwargs={"centre": centre.slug, "token": late.confirm_token})
    response = client.post(url)
    assert response.status_code == 200
    assert Registration.objects.get(group=late.group).status == Registration.Status.UNCONFIRMED
    # One that is in time still works; a confirmed group stays confirmed after the two days.
    assert [r.status for r in actions.registration_confirm(group=on_time.group)] == ["confirmed"]
    RegistrationGroup.objects.filter(pk=on_time.group.pk).update(created_at=timezone.now() - datetime.timedelta(days=9))
    on_time.group.refresh_from_db()
    assert [r.status for r in actions.registration_confirm(group=on_time.group)] == ["confirmed"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_moves_at_once_never_overbook_and_never_deadlock(centre) -> None:  # type: ignore[no-untyped-def]
    """Issue 20, item 25: moving takes both sessions' locks in id order and re-checks the seats."""
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency guarantees are proven on PostgreSQL.")
    with scopes_disabled():
        event = make_event(centre, kind=Event.Kind.DAY, seats=[10, 13, 3])
        a, b, c = event.sessions.order_by("position")
        for n in range(20):
            actions.registration_confirm(group=submit(event, a, n).group)
        for n in range(20, 30):
            actions.registration_confirm(group=submit(event, b, n).group)
        in_a = list(Registration.objects.filter(session=a).order_by("placed_at", "id"))
        in_b = list(Registration.objects.filter(session=b).order_by("placed_at", "id"))
        assert [r.status for r in in_a].count("waiting") == 10 and all(r.status == "confirmed" for r in in_b)

    def move(job):  # type: ignore[no-untyped-def]
        registration, target = job
        try:
            with scopes_disabled():
                return actions.registration_move(registration=registration, session=target, actor=None).status
        except actions.RegistrationError:
            return "refused"
        finally:
            connections.close_all()

    # Ten waiting in A race for C's three seats, while people move between A and B both ways
    # (opposite lock orders if the code did not sort them) and B's three free seats are taken.
    jobs = [(r, c) for r in in_a[10:]] + [(r, b) for r in in_a[:5]] + [(r, a) for r in in_b[:5]]
    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(move, jobs))
    assert results[:10].count("confirmed") == 3 and results[:10].count("refused") == 7
    with scopes_disabled():
        for session in (a, b, c):
            confirmed = Registration.objects.filter(session=session, status="confirmed").count()
            assert confirmed <= session.capacity
        assert Registration.objects.filter(session=c, status="confirmed").count() == 3
        assert Registration.objects.filter(session=b, status="confirmed").count() == 13
        assert Registration.objects.exclude(status="cancelled").count() == 30
