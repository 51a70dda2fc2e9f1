"""On the day: the roster, checking in (idempotent, confirmed only), the check-in page with and
without htmx, and the printable sign-in list."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.events import actions, attendance
from anlaufstelle.events.models import Attendance, Event, Registration
from anlaufstelle.events.tests.factories import contact, make_event, person

pytestmark = pytest.mark.django_db


def _register(event, session, n: int, confirm: bool = True, **extra):  # type: ignore[no-untyped-def]
    submitted = actions.registration_submit(
        event=event, contact=contact(n), participants=[person(session, n, **extra)], language="de"
    )
    if confirm:
        actions.registration_confirm(group=submitted.group)
    return Registration.objects.get(group=submitted.group)


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    """Set the moment the check-in sees as "now" (check-in is only taken on the day)."""

    def set_to(moment: datetime.datetime) -> None:
        monkeypatch.setattr(attendance, "_now", lambda: moment)

    return set_to


@pytest.fixture
def day(centre, clock):  # type: ignore[no-untyped-def]
    """A course with two dates, one seat too few: three confirmed, one waiting, one unconfirmed.

    The clock stands at the first date's start (check-in is taken on the day only)."""
    with scopes_disabled():
        event = make_event(centre, title="Sprachbildung <im> Alltag", kind=Event.Kind.SERIES, seats=[3], dates=2)
        session = event.sessions.get()
        people = {
            "anna": _register(
                event, session, 1, first_name="Anna", last_name="Zimmermann", institution="Kita Regenbogen"
            ),
            "bernd": _register(
                event, session, 2, first_name="Bernd", last_name="Albers", institution="Grundschule Nord"
            ),
            "clara": _register(
                event, session, 3, first_name="Clara", last_name="Meyer", institution="Kita Sonnenschein"
            ),
            "dana": _register(event, session, 4, first_name="Dana", last_name="Waitinger"),
            "emil": _register(event, session, 5, confirm=False, first_name="Emil", last_name="Offen"),
        }
        assert people["dana"].status == Registration.Status.WAITING
        assert people["emil"].status == Registration.Status.UNCONFIRMED
        dates = list(event.dates.order_by("starts_at"))
    clock(dates[0].starts_at)
    return event, dates, people


def _url(centre, event, name: str = "events:check_in") -> str:  # type: ignore[no-untyped-def]
    return reverse(name, kwargs={"centre": centre.slug, "pk": event.pk})


def _status_numbers(page: str) -> list[str]:
    # The live region on the page, or the out-of-band part htmx puts into it.
    checked = re.search(r'(?:id="status-checked"|:#status-checked")>(.*?)</span>', page, re.S)
    assert checked is not None
    return re.findall(r"\d+", checked.group(1))


def test_roster_lists_confirmed_people_by_last_name_and_searches(day) -> None:  # type: ignore[no-untyped-def]
    event, dates, people = day
    with scopes_disabled():
        rows = attendance.roster(event=event, date=dates[0])
        assert [row.registration.last_name for row in rows] == ["Albers", "Meyer", "Zimmermann"]
        assert not any(row.checked_in for row in rows)
        assert [r.name for r in attendance.roster(event=event, date=dates[0], query="anna")] == ["Anna Zimmermann"]
        assert [r.name for r in attendance.roster(event=event, date=dates[0], query="ALBERS")] == ["Bernd Albers"]
        # Institution, and several words that must all match.
        assert len(attendance.roster(event=event, date=dates[0], query="kita")) == 2
        assert [r.name for r in attendance.roster(event=event, date=dates[0], query="kita meyer")] == ["Clara Meyer"]
        # People without a confirmed seat are not on the list, even by name.
        assert attendance.roster(event=event, date=dates[0], query="Waitinger") == []
        assert attendance.roster(event=event, date=dates[0], query="Offen") == []
        actions.check_in(registration=people["clara"], date=dates[0], actor=None)
        ticked = {row.name: row.checked_in for row in attendance.roster(event=event, date=dates[0])}
        assert ticked == {"Bernd Albers": False, "Clara Meyer": True, "Anna Zimmermann": False}
        # Each date has its own ticks.
        assert not any(row.checked_in for row in attendance.roster(event=event, date=dates[1]))
        assert attendance.counts(event=event, date=dates[0]) == attendance.Counts(checked_in=1, total=3)
        assert attendance.counts(event=event, date=dates[1]) == attendance.Counts(checked_in=0, total=3)


def test_roster_takes_a_bounded_number_of_queries(day) -> None:  # type: ignore[no-untyped-def]
    event, dates, people = day
    with scopes_disabled():
        for who in ("anna", "bernd"):
            actions.check_in(registration=people[who], date=dates[0], actor=None)
        with query_budget(1):
            rows = attendance.roster(event=event, date=dates[0])
            assert [row.registration.session.capacity for row in rows] == [3, 3, 3]
        with query_budget(1):
            attendance.counts(event=event, date=dates[0])


def test_check_in_is_idempotent_audited_and_can_be_undone(day, member_factory, centre) -> None:  # type: ignore[no-untyped-def]
    _event, dates, people = day
    actor = member_factory(centre, Role.EVENTS_ORGANISER)
    with scopes_disabled():
        first = actions.check_in(registration=people["anna"], date=dates[0], actor=actor)
        again = actions.check_in(registration=people["anna"], date=dates[0], actor=actor)
        assert first.pk == again.pk
        assert Attendance.objects.filter(registration=people["anna"]).count() == 1
        entries = AuditEntry.objects.filter(action="events.check_in")
        assert entries.count() == 1
        entry = entries.get()
        assert entry.kind == AuditEntry.Kind.UPDATE and entry.actor == actor
        assert "Zimmermann" not in entry.target_repr  # the trail names no one
        assert actions.check_in_undo(registration=people["anna"], date=dates[0], actor=actor) is True
        assert actions.check_in_undo(registration=people["anna"], date=dates[0], actor=actor) is False
        assert not Attendance.objects.exists()
        assert AuditEntry.objects.filter(action="events.check_in.undo").count() == 1


def test_only_confirmed_people_on_their_own_event_can_be_checked_in(day, centre) -> None:  # type: ignore[no-untyped-def]
    _event, dates, people = day
    with scopes_disabled():
        for who in ("dana", "emil"):
            with pytest.raises(actions.CheckInError):
                actions.check_in(registration=people[who], date=dates[0], actor=None)
        actions.registration_cancel(registration=people["bernd"], actor=None)  # Dana moves up
        with pytest.raises(actions.CheckInError):
            actions.check_in(registration=people["bernd"], date=dates[0], actor=None)
        actions.check_in(registration=people["dana"], date=dates[0], actor=None)
        other = make_event(centre, title="Anderes")
        with pytest.raises(actions.CheckInError):
            actions.check_in(registration=people["anna"], date=other.dates.get(), actor=None)
        with pytest.raises(actions.CheckInError):
            attendance.roster(event=other, date=dates[0])
        assert list(Attendance.objects.values_list("registration__first_name", flat=True)) == ["Dana"]


def test_check_in_page_without_javascript(day, centre, member_factory, login, clock) -> None:  # type: ignore[no-untyped-def]
    event, dates, people = day
    client = login(member_factory(centre, Role.EVENTS_ORGANISER))
    url = _url(centre, event)
    page = client.get(url).content.decode()
    assert "Zimmermann, Anna" in page and "Albers, Bernd" in page
    assert "Waitinger" not in page and "Offen" not in page
    assert "Sprachbildung &lt;im&gt; Alltag" in page
    assert _status_numbers(page) == ["0", "3"]
    assert 'aria-live="polite"' in page
    # Every button names the person it is for.
    anna = people["anna"].pk
    assert re.search(rf'id="tick-{anna}"[^>]*aria-label="[^"]*Anna Zimmermann"', page)
    assert len(re.findall(r'<button type="submit"\s+id="tick-', page)) == 3
    # No inline script or handler (CSP).
    assert "<script>" not in page and " onclick=" not in page
    # Searching works as a plain GET.
    found = client.get(url, {"q": "kita", "date": dates[1].pk}).content.decode()
    assert "Meyer, Clara" in found and "Albers, Bernd" not in found
    assert f'<option value="{dates[1].pk}" selected' in found
    # Ticking is a plain POST that comes back to the same search and person (on the second date's day).
    clock(dates[1].starts_at)
    tick = _url(centre, event, "events:check_in_tick")
    response = client.post(tick, {"registration": people["anna"].pk, "date": dates[1].pk, "action": "in", "q": "kita"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?date={dates[1].pk}&q=kita#p-{people['anna'].pk}"
    with scopes_disabled():
        assert Attendance.objects.get().date == dates[1]
    page = client.get(response["Location"]).content.decode()
    assert "Anna Zimmermann" in page  # the message
    assert _status_numbers(page) == ["1", "3"]
    assert re.search(
        rf'value="undo">\s*<button type="submit"\s+id="tick-{anna}"[^>]*aria-label="[^"]*Anna Zimmermann"', page
    )
    # A waiting-list person cannot be ticked by a forged form either.
    response = client.post(tick, {"registration": people["dana"].pk, "date": dates[1].pk, "action": "in"})
    assert response.status_code == 302
    with scopes_disabled():
        assert Attendance.objects.count() == 1
    assert client.post(tick, {"registration": people["anna"].pk, "date": "x", "action": "in"}).status_code == 400
    assert client.post(tick, {"registration": "x", "date": dates[1].pk, "action": "in"}).status_code == 404
    with scopes_disabled():
        audited = AuditEntry.objects.filter(action="events.check_in.view", actor__isnull=False).count()
    assert audited >= 1


def test_check_in_page_with_htmx(day, centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    event, dates, people = day
    client = login(member_factory(centre, Role.CENTRE_ADMIN))
    url = _url(centre, event)
    fragment = client.get(url, {"q": "kita", "date": dates[0].pk}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'id="roster"' in fragment
    assert "Meyer, Clara" in fragment and "Albers" not in fragment
    assert 'hx-swap-oob="innerHTML:#status-found"' in fragment
    response = client.post(
        _url(centre, event, "events:check_in_tick"),
        {"registration": people["bernd"].pk, "date": dates[0].pk, "action": "in"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    row = response.content.decode()
    assert "<html" not in row and 'id="roster"' not in row
    assert row.count("<li ") == 1 and f'id="p-{people["bernd"].pk}"' in row
    assert 'name="action" value="undo"' in row and "Albers, Bernd" in row
    assert _status_numbers(row) == ["1", "3"]
    assert 'hx-swap-oob="innerHTML:#status-checked"' in row
    # Undo swaps the row back.
    row = client.post(
        _url(centre, event, "events:check_in_undo"),
        {"registration": people["bernd"].pk, "date": dates[0].pk, "action": "undo"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'name="action" value="in"' in row and _status_numbers(row) == ["0", "3"]
    # A refused tick answers with the row and the reason, not an error page.
    row = client.post(
        _url(centre, event, "events:check_in_tick"),
        {"registration": people["dana"].pk, "date": dates[0].pk, "action": "in"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'role="alert"' in row and "Dana Waitinger" in row and "tick-" not in row
    with scopes_disabled():
        assert not Attendance.objects.exists()


def test_the_page_opens_on_todays_date(day, centre, member_factory, login, clock) -> None:  # type: ignore[no-untyped-def]
    event, dates, _people = day
    client = login(member_factory(centre, Role.EVENTS_ORGANISER))
    page = client.get(_url(centre, event)).content.decode()
    assert f'<option value="{dates[0].pk}" selected' in page  # none today: the first
    start = timezone.now().replace(microsecond=0)
    with scopes_disabled():
        dates[1].starts_at, dates[1].ends_at = start, start + datetime.timedelta(hours=1)
        dates[1].save()
    clock(start)
    page = client.get(_url(centre, event)).content.decode()
    assert f'<option value="{dates[1].pk}" selected' in page
    assert f'name="date" value="{dates[1].pk}"' in page


def test_sign_in_list_is_a_pdf_with_the_confirmed_names(day, centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    event, dates, _people = day
    with scopes_disabled():
        html = attendance.sign_in_html(event)
        sheets = attendance.sign_in_sheets(event)
    assert len(sheets) == 2  # one per date
    assert html.count("Zimmermann, Anna") == 2 and "Kita Regenbogen" in html
    assert "Waitinger" not in html and "Offen" not in html
    assert "Sprachbildung &lt;im&gt; Alltag" in html
    assert html.index("Albers, Bernd") < html.index("Meyer, Clara") < html.index("Zimmermann, Anna")
    assert html.count('class="walk-in"') == 2 * attendance.WALK_IN_ROWS
    client = login(member_factory(centre, Role.EVENTS_ORGANISER))
    response = client.get(_url(centre, event, "events:sign_in_list"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="events.sign_in_list")
    assert entry.kind == AuditEntry.Kind.EXPORT
    one = client.get(_url(centre, event, "events:sign_in_list"), {"date": dates[1].pk})
    assert one.status_code == 200 and one.content.startswith(b"%PDF")
    assert client.get(_url(centre, event, "events:sign_in_list"), {"date": "999999"}).status_code == 404


def test_sign_in_list_has_a_sheet_per_parallel_session(centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        event = make_event(centre, title="DaZ-Tag", kind=Event.Kind.DAY, seats=[5, 5])
        first, second = event.sessions.order_by("position")
        _register(event, first, 1, first_name="Ida", last_name="Erste")
        _register(event, second, 2, first_name="Zoe", last_name="Zweite")
        sheets = attendance.sign_in_sheets(event)
        html = attendance.sign_in_html(event)
    assert [(sheet.session, [p.last_name for p in sheet.people]) for sheet in sheets] == [
        (first, ["Erste"]),
        (second, ["Zweite"]),
    ]
    assert "Workshop A" in html and "Workshop B" in html


def test_caseworker_is_refused_and_other_centres_events_are_not_found(  # type: ignore[no-untyped-def]
    day, centre, other_centre, member_factory, login
) -> None:
    event, dates, people = day
    caseworker = login(member_factory(centre, Role.CASEWORKER))
    assert caseworker.get(_url(centre, event)).status_code == 403
    assert caseworker.get(_url(centre, event, "events:sign_in_list")).status_code == 403
    post = {"registration": people["anna"].pk, "date": dates[0].pk, "action": "in"}
    assert caseworker.post(_url(centre, event, "events:check_in_tick"), post).status_code == 403
    with scopes_disabled():
        foreign = make_event(other_centre, title="Fremd")
    organiser = login(member_factory(centre, Role.EVENTS_ORGANISER))
    assert organiser.get(_url(centre, foreign)).status_code == 404
    assert organiser.get(_url(centre, foreign, "events:sign_in_list")).status_code == 404
    assert organiser.post(_url(centre, foreign, "events:check_in_tick"), post).status_code == 404
    with scopes_disabled():
        assert not Attendance.objects.exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_tablet_searches_as_you_type_and_ticks_without_reloading(  # type: ignore[no-untyped-def]
    live_server, browser, centre, member_factory, clock
) -> None:
    from django.conf import settings
    from django.test import Client
    from playwright.sync_api import expect

    from anlaufstelle.core.tests.browser import axe_violations
    from conftest import verify

    with scopes_disabled():
        event = make_event(centre, title="Kulturbunte Kita", seats=[10])
        session = event.sessions.get()
        anna = _register(event, session, 1, first_name="Anna", last_name="Zimmermann", institution="Kita Regenbogen")
        _register(event, session, 2, first_name="Bernd", last_name="Albers", institution="Grundschule Nord")
        clock(event.dates.get().starts_at)
    client = Client()
    verify(client, member_factory(centre, Role.EVENTS_ORGANISER))
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True, locale="de-DE")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(live_server.url + _url(centre, event))
    expect(tab.locator("#status-checked")).to_contain_text("0")
    assert axe_violations(tab) == []
    tab.locator("#id_q").press_sequentially("zimm")
    expect(tab.locator("#roster li.kern-card")).to_have_count(1)
    expect(tab.locator("#status-found")).to_contain_text("1")
    assert "q=zimm" in tab.url  # the search is in the address, for reloading and the plain POST
    tab.get_by_role("button", name=re.compile("Anna Zimmermann")).click()
    expect(tab.locator(f"#p-{anna.pk} input[name=action]")).to_have_value("undo")
    expect(tab.locator("#status-checked")).to_contain_text("1")
    expect(tab.locator(f"#tick-{anna.pk}")).to_be_focused()  # focus stays on the person's button
    with scopes_disabled():
        assert Attendance.objects.filter(registration=anna).exists()
    assert axe_violations(tab) == []
    context.close()


def test_arabic_sign_in_list_isolates_names_and_times(day) -> None:  # type: ignore[no-untyped-def]
    """Issue 20 item 16: Latin names and times keep their order inside an Arabic sign-in list."""
    from django.utils import translation

    from anlaufstelle.core.pdf import html_to_pdf
    from anlaufstelle.core.tests.pdftext import pdf_text

    event, _dates, _people = day
    with scopes_disabled(), translation.override("ar"):
        html = attendance.sign_in_html(event)
    assert 'dir="rtl"' in html and '<bdi dir="ltr">Zimmermann, Anna</bdi>' in html
    assert "Zimmermann, Anna" in pdf_text(html_to_pdf(html))


# --- issue 20, item 25 ------------------------------------------------------------------------


def test_check_in_is_taken_only_on_the_day_of_a_date(day, clock, centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    event, dates, people = day
    first = dates[0]
    with scopes_disabled():
        for too_early in (
            first.starts_at - datetime.timedelta(days=83),
            dates[1].starts_at - datetime.timedelta(days=1),
        ):
            clock(too_early)
            with pytest.raises(actions.CheckInError):
                actions.check_in(registration=people["anna"], date=first, actor=None)
        # A week later is the second date's day, not the first's.
        clock(dates[1].starts_at)
        with pytest.raises(actions.CheckInError):
            actions.check_in(registration=people["anna"], date=first, actor=None)
        assert not Attendance.objects.exists()
        # From an hour before the start until the end of that day.
        clock(first.starts_at - datetime.timedelta(minutes=59))
        actions.check_in(registration=people["anna"], date=first, actor=None)
        clock(first.ends_at + datetime.timedelta(hours=2))
        actions.check_in(registration=people["bernd"], date=first, actor=None)
        assert Attendance.objects.count() == 2
    # The page refuses a forged tick too (the button is not the only guard).
    clock(first.starts_at - datetime.timedelta(days=83))
    client = login(member_factory(centre, Role.EVENTS_ORGANISER))
    response = client.post(
        _url(centre, event, "events:check_in_tick"),
        {"registration": people["clara"].pk, "date": first.pk, "action": "in"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert not Attendance.objects.filter(registration=people["clara"]).exists()
    page = client.get(_url(centre, event), {"date": first.pk}).content.decode()
    assert f'id="tick-{people["clara"].pk}"' not in page  # no button before the day


def test_a_walk_in_is_added_checked_in_and_counted(day, clock, centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    event, dates, people = day
    actor = member_factory(centre, Role.EVENTS_ORGANISER)
    with scopes_disabled():
        session = event.sessions.get()
        session.capacity = 4
        session.save()
        actions.registration_cancel(registration=people["dana"], actor=None)  # nobody waits any more
        walk_in = actions.walk_in(
            event=event,
            date=dates[0],
            session=session,
            first_name="Wanda",
            last_name="Spontan",
            email="",
            institution="Kita Mond",
            actor=actor,
        )
        assert walk_in.status == Registration.Status.CONFIRMED and walk_in.walk_in
        assert Attendance.objects.filter(registration=walk_in, date=dates[0]).exists()
        assert attendance.counts(event=event, date=dates[0]) == attendance.Counts(checked_in=1, total=4)
        entry = AuditEntry.objects.get(action="events.check_in.walk_in")
        assert entry.actor == actor and "Spontan" not in entry.target_repr
        # The session is full now: the next walk-in is refused; so is one before the day.
        with pytest.raises(actions.CheckInError):
            actions.walk_in(event=event, date=dates[0], session=session, first_name="X", last_name="Y", actor=actor)
        session.capacity = 10
        session.save()
        clock(dates[0].starts_at - datetime.timedelta(days=2))
        with pytest.raises(actions.CheckInError):
            actions.walk_in(event=event, date=dates[0], session=session, first_name="X", last_name="Y", actor=actor)
        assert Registration.objects.filter(walk_in=True).count() == 1
    # On the page: a small form, without JavaScript.
    clock(dates[0].starts_at)
    client = login(actor)
    url = _url(centre, event, "events:walk_in")
    assert 'action="' + url + '"' in client.get(_url(centre, event)).content.decode()
    response = client.post(
        url, {"date": dates[0].pk, "first_name": "Ole", "last_name": "Neu", "email": "ole@x.example"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        ole = Registration.objects.get(last_name="Neu")
        assert ole.walk_in and ole.attendances.get().date == dates[0] and ole.email == "ole@x.example"
    # Missing name, bad date, bad e-mail: the page again with the reason; nothing stored.
    assert client.post(url, {"date": dates[0].pk, "first_name": "", "last_name": "Neu"}).status_code == 422
    assert client.post(url, {"date": "x", "first_name": "A", "last_name": "B"}).status_code == 404
    assert client.post(url, {"date": dates[0].pk, "first_name": "A", "last_name": "B", "email": "x"}).status_code == 422
    with scopes_disabled():
        assert Registration.objects.filter(walk_in=True).count() == 2
