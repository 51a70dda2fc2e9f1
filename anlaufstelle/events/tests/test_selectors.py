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
