"""events.selectors: what each read returns, and that another centre's rows never appear."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from anlaufstelle.events import selectors
from anlaufstelle.events.models import Event
from anlaufstelle.events.tests.factories import make_event

pytestmark = pytest.mark.django_db


def test_public_events_are_the_centres_published_and_cancelled_coming_events_soonest_first(  # type: ignore[no-untyped-def]
    centre, other_centre
) -> None:
    later = make_event(centre, title="Später", days_ahead=30)
    sooner = make_event(centre, title="Bald", days_ahead=3)
    called_off = make_event(centre, title="Abgesagt", days_ahead=10, status=Event.Status.CANCELLED)
    make_event(centre, title="Entwurf", status=Event.Status.DRAFT)
    make_event(centre, title="Vorbei", days_ahead=-30)
    make_event(other_centre, title="Fremd", days_ahead=1)
    with scopes_disabled():
        assert list(selectors.public_events(centre=centre)) == [sooner, called_off, later]


def test_public_event_is_none_for_drafts_and_foreign_events(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    shown = make_event(centre)
    draft = make_event(centre, status=Event.Status.DRAFT)
    foreign = make_event(other_centre)
    with scopes_disabled():
        assert selectors.public_event(centre=centre, pk=shown.pk) == shown
        assert selectors.public_event(centre=centre, pk=draft.pk) is None
        assert selectors.public_event(centre=centre, pk=foreign.pk) is None


def test_seats_free_sums_the_sessions(centre) -> None:  # type: ignore[no-untyped-def]
    make_event(centre, kind=Event.Kind.DAY, seats=[3, 5])
    with scopes_disabled():
        event = selectors.public_events(centre=centre).get()
        assert selectors.seats_free(event) == 8
        assert [session.free for session in event.sessions.all()] == [3, 5]


def test_staff_reads_never_reach_another_centres_rows(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.events import actions
    from anlaufstelle.events.tests.factories import contact, person

    own = make_event(centre, status=Event.Status.DRAFT)
    foreign = make_event(other_centre)
    with scopes_disabled():
        submitted = actions.registration_submit(
            event=foreign, contact=contact(1), participants=[person(foreign.sessions.get(), 1)], language="de"
        )
        stranger = submitted.group.registrations.get()
        assert selectors.staff_event(centre=centre, pk=own.pk) == own
        assert selectors.staff_event(centre=centre, pk=foreign.pk) is None
        assert list(selectors.events_overview(centre=centre)) == [own]
        assert list(selectors.events_overview(centre=centre, status=Event.Status.PUBLISHED)) == []
        assert selectors.event_registration(event=own, pk=stranger.pk) is None
        assert selectors.event_registration(event=own, pk=None) is None
        assert selectors.event_date(event=own, pk=foreign.dates.get().pk) is None
        assert selectors.group_registrations(group=submitted.group) == [stranger]
        assert selectors.group_event(group=submitted.group) == foreign


def test_a_registration_link_opens_only_under_its_own_centre(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.events import actions
    from anlaufstelle.events import registration as reg
    from anlaufstelle.events.tests.factories import contact, person

    event = make_event(centre)
    with scopes_disabled():
        submitted = actions.registration_submit(
            event=event, contact=contact(1), participants=[person(event.sessions.get(), 1)], language="de"
        )
    assert reg.group_by_token(centre=centre, token=submitted.manage_token) == submitted.group
    assert reg.group_by_token(centre=other_centre, token=submitted.manage_token) is None
    assert reg.group_by_token(centre=centre, token=submitted.confirm_token, confirm=True) == submitted.group
    assert reg.group_by_token(centre=centre, token="x" * 500) is None
