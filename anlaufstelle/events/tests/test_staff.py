"""The organiser's screens: events with dates and sessions, status, registrations and waiting list."""

from __future__ import annotations

import datetime
import importlib
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.events import actions
from anlaufstelle.events.models import Event, Registration, Session
from anlaufstelle.events.tests.factories import contact, make_event, person
from anlaufstelle.partners.tests.factories import AddressFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():  # type: ignore[no-untyped-def]
    with scopes_disabled():
        yield


@pytest.fixture
def organiser(centre, member_factory, login):  # type: ignore[no-untyped-def]
    return login(member_factory(centre, Role.EVENTS_ORGANISER))


def _rows(prefix: str, rows: list[dict[str, str]], initial: int) -> dict[str, str]:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def _day(days: int = 30, hour: int = 9) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat() + f"T{hour:02d}:00"


def _event_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "DaZ-Tag 2026",
        "summary": "Fachtag Deutsch als Zweitsprache",
        "description": "",
        "kind": Event.Kind.DAY,
        "target_groups": ["teachers", "daycare"],
        "topic": "language",
        "organisation": "",
        "address": "",
        "room": "",
        "online_url": "",
        "language": "de",
        "fee": "",
        "registration_deadline": "",
        "ask_institution": "on",
        "ask_access": "on",
        "extra_question": "",
        "hours": "6",
        "certificate_content": "",
        "signatory": "",
    }
    data.update(changes)
    return data


def _submit(event: Event, session: Session, n: int) -> actions.Submitted:
    return actions.registration_submit(
        event=event,
        contact=contact(n),
        participants=[person(session, n, dietary="vegetarisch", access_needs="Rollstuhl")],
        language="de",
    )


def test_organiser_creates_a_day_with_two_sessions(centre, organiser) -> None:  # type: ignore[no-untyped-def]
    venue = OrganisationFactory(centre=centre, name="Bildungszentrum")
    address = AddressFactory(organisation=venue, street="Schulstraße 1", postcode="45127", city="Essen")
    url = reverse("events:create", kwargs={"centre": centre.slug})
    page = organiser.get(url)
    assert page.status_code == 200 and "Bildungszentrum" in page.content.decode()
    data = {
        **_event_data(address=str(address.pk)),
        **_rows("dates", [{"starts_at": _day(), "ends_at": _day(hour=16)}], 0),
        **_rows(
            "sessions",
            [
                {"title": "Workshop A: Sprachbildung", "capacity": "20", "room": "101"},
                {"title": "Workshop B: Mehrsprachigkeit", "capacity": "15", "room": "102"},
            ],
            0,
        ),
    }
    response = organiser.post(url, data)
    assert response.status_code == 302
    event = Event.objects.get()
    assert response["Location"] == reverse("events:edit", kwargs={"centre": centre.slug, "pk": event.pk})
    assert event.kind == Event.Kind.DAY and event.status == Event.Status.DRAFT
    assert event.target_group_list == ["daycare", "teachers"]
    assert event.organisation == venue and event.address == address  # the venue follows from its address
    assert [(s.title, s.capacity, s.position) for s in event.sessions.all()] == [
        ("Workshop A: Sprachbildung", 20, 0),
        ("Workshop B: Mehrsprachigkeit", 15, 1),
    ]
    assert event.dates.get().ends_at - event.dates.get().starts_at == datetime.timedelta(hours=7)
    assert AuditEntry.objects.filter(action="events.event.save", kind=AuditEntry.Kind.CREATE).exists()
    edit = organiser.get(response["Location"])
    assert edit.status_code == 200 and "Workshop B: Mehrsprachigkeit" in edit.content.decode()


def test_end_before_start_and_other_mistakes_are_shown(centre, organiser) -> None:  # type: ignore[no-untyped-def]
    url = reverse("events:create", kwargs={"centre": centre.slug})
    sessions = _rows("sessions", [{"title": "A", "capacity": "20"}], 0)
    backwards = {
        **_event_data(),
        **_rows("dates", [{"starts_at": _day(hour=16), "ends_at": _day(hour=9)}], 0),
        **sessions,
    }
    response = organiser.post(url, backwards)
    assert response.status_code == 422
    assert response.context["dates"].forms[0].errors["ends_at"]
    session_backwards = {
        **_event_data(),
        **_rows("dates", [{"starts_at": _day(), "ends_at": _day(hour=16)}], 0),
        **_rows(
            "sessions", [{"title": "A", "capacity": "20", "starts_at": _day(hour=14), "ends_at": _day(hour=13)}], 0
        ),
    }
    assert organiser.post(url, session_backwards).status_code == 422
    # The action's own checks land on the form: a single date with two sessions; no date at all.
    single = {
        **_event_data(kind=Event.Kind.SINGLE),
        **_rows("dates", [{"starts_at": _day(), "ends_at": _day(hour=16)}], 0),
        **_rows("sessions", [{"capacity": "20"}, {"capacity": "5"}], 0),
    }
    response = organiser.post(url, single)
    assert response.status_code == 422 and response.context["form"].non_field_errors()
    assert response.context["event"] is None  # rolled back: the page still offers to create
    no_date = {**_event_data(), **_rows("dates", [], 0), **sessions}
    assert organiser.post(url, no_date).status_code == 422
    untitled = {
        **_event_data(),
        **_rows("dates", [{"starts_at": _day(), "ends_at": _day(hour=16)}], 0),
        **_rows("sessions", [{"capacity": "20"}], 0),
    }
    assert organiser.post(url, untitled).status_code == 422
    other = OrganisationFactory(centre=centre)
    address = AddressFactory(organisation=OrganisationFactory(centre=centre))
    wrong_venue = {
        **_event_data(organisation=str(other.pk), address=str(address.pk)),
        **_rows("dates", [{"starts_at": _day(), "ends_at": _day(hour=16)}], 0),
        **sessions,
    }
    assert organiser.post(url, wrong_venue).status_code == 422
    assert not Event.objects.exists()


def test_a_session_with_registrations_cannot_be_removed(centre, organiser) -> None:  # type: ignore[no-untyped-def]
    event = make_event(centre, kind=Event.Kind.DAY, seats=[5, 5])
    first, second = event.sessions.all()
    actions.registration_confirm(group=_submit(event, first, 1).group)
    date = event.dates.get()
    url = reverse("events:edit", kwargs={"centre": centre.slug, "pk": event.pk})
    assert organiser.get(url).status_code == 200
    when = {
        "starts_at": timezone.localtime(date.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(date.ends_at).strftime("%Y-%m-%dT%H:%M"),
    }
    rows = [
        {"id": str(first.pk), "title": first.title, "capacity": "5", "DELETE": "on"},
        {"id": str(second.pk), "title": "Workshop B (neu)", "capacity": "8"},
    ]
    data = {
        **_event_data(title="Umbenannt"),
        **_rows("dates", [{"id": str(date.pk), **when}], 1),
        **_rows("sessions", rows, 2),
    }
    response = organiser.post(url, data)
    assert response.status_code == 422 and response.context["form"].non_field_errors()
    assert event.sessions.count() == 2
    event.refresh_from_db()
    assert event.title == "Kulturbunte Kita"  # nothing was saved
    del rows[0]["DELETE"], data["sessions-0-DELETE"]
    response = organiser.post(url, {**data, **_rows("sessions", rows, 2)})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Umbenannt" and Session.objects.get(pk=second.pk).capacity == 8


def test_publish_withdraw_and_the_list(centre, organiser) -> None:  # type: ignore[no-untyped-def]
    event = make_event(centre, title="DaZ-Tag 2026", kind=Event.Kind.DAY, seats=[2, 3], status=Event.Status.DRAFT)
    status_url = reverse("events:publish", kwargs={"centre": centre.slug, "pk": event.pk})
    withdraw_url = reverse("events:withdraw", kwargs={"centre": centre.slug, "pk": event.pk})
    edit_url = reverse("events:edit", kwargs={"centre": centre.slug, "pk": event.pk})
    public_url = reverse("events:detail", kwargs={"centre": centre.slug, "pk": event.pk})
    assert public_url not in organiser.get(edit_url).content.decode()
    assert organiser.get(status_url).status_code == 405
    assert organiser.post(edit_url.rstrip("/") + "/archivieren/").status_code == 404  # no such status, no such verb
    response = organiser.post(status_url, {"status": "published"})
    assert response.status_code == 302 and response["Location"] == edit_url
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert public_url in organiser.get(edit_url).content.decode()
    make_event(centre, title="Kulturbunte Kita", status=Event.Status.DRAFT, days_ahead=60)
    list_url = reverse("events:staff_list", kwargs={"centre": centre.slug})
    page = organiser.get(list_url)
    assert page.status_code == 200
    shown = list(page.context["page"].object_list)
    assert [e.title for e in shown] == ["Kulturbunte Kita", "DaZ-Tag 2026"]  # newest date first
    assert (shown[1].seats, shown[1].taken, shown[1].waiting) == (5, 0, 0)
    only = organiser.get(list_url, {"status": "published"}).content.decode()
    assert "DaZ-Tag 2026" in only and "Kulturbunte Kita" not in only
    assert organiser.get(list_url, {"status": "<script>"}).status_code == 200
    organiser.post(withdraw_url, {"status": "draft"})
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT


def test_the_list_takes_a_bounded_number_of_queries(centre, organiser) -> None:  # type: ignore[no-untyped-def]
    url = reverse("events:staff_list", kwargs={"centre": centre.slug})
    event = make_event(centre, kind=Event.Kind.DAY, seats=[1, 1])
    actions.registration_confirm(group=_submit(event, event.sessions.first(), 1).group)
    actions.registration_confirm(group=_submit(event, event.sessions.first(), 2).group)
    organiser.get(url)  # warm the caches
    with query_budget() as one:
        page = organiser.get(url)
    row = next(iter(page.context["page"].object_list))
    assert (row.seats, row.taken, row.waiting) == (2, 1, 1)
    for n in range(5):
        make_event(centre, title=f"Kurs {n}", kind=Event.Kind.SERIES, dates=3, seats=[10])
    with query_budget() as six:
        page = organiser.get(url)
    assert len(page.context["page"].object_list) == 6
    six.assert_exactly(one.count)


def test_registrations_show_the_waiting_list_in_order_and_cancelling_promotes(  # type: ignore[no-untyped-def]
    centre, organiser, django_capture_on_commit_callbacks
) -> None:
    event = make_event(centre, title="DaZ-Tag 2026", kind=Event.Kind.DAY, seats=[1, 5], extra_question="Welcher Kurs?")
    workshop, other = event.sessions.all()
    submitted = [_submit(event, workshop, n) for n in (1, 2, 3)]
    _submit(event, other, 4)  # never confirms
    # Confirmed in the order 1, 3, 2: the waiting list follows the confirmation, not the submission.
    for n in (0, 2, 1):
        actions.registration_confirm(group=submitted[n].group)
    url = reverse("events:registrations", kwargs={"centre": centre.slug, "pk": event.pk})
    response = organiser.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert page.index("Person1 Test") < page.index("Person3 Test") < page.index("Person2 Test")
    assert "Person4 Test" in page and "vegetarisch" in page and "Rollstuhl" in page and "Kita Sonnenblume" in page
    sessions = response.context["sessions"]
    assert [r.first_name for r in sessions[0].waiting] == ["Person3", "Person2"]
    assert [len(s.unconfirmed) for s in sessions] == [0, 1]
    reads = AuditEntry.objects.filter(action="events.registrations.view", kind=AuditEntry.Kind.READ)
    assert reads.count() == 4
    first = Registration.objects.get(first_name="Person1")
    mail.outbox.clear()
    cancel_url = reverse("events:registration_cancel", kwargs={"centre": centre.slug, "pk": event.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(cancel_url, {"cancel": str(first.pk)}, follow=True)
    assert response.status_code == 200
    shown = " ".join(str(m) for m in response.context["messages"])
    assert "Person1 Test" in shown and "Person3 Test" in shown
    statuses = dict(Registration.objects.values_list("first_name", "status"))
    assert statuses == {"Person1": "cancelled", "Person3": "confirmed", "Person2": "waiting", "Person4": "unconfirmed"}
    assert [m.to for m in mail.outbox] == [["p3@example.org"]]
    # Cancelling again, or someone of another event, or nonsense: an error or 404, never a crash.
    assert organiser.post(cancel_url, {"cancel": str(first.pk)}).status_code == 302
    foreign = make_event(centre, title="Anderes")
    stranger = _submit(foreign, foreign.sessions.get(), 9)
    stranger_registration = stranger.group.registrations.get()
    assert organiser.post(cancel_url, {"cancel": str(stranger_registration.pk)}).status_code == 404
    assert organiser.post(cancel_url, {"cancel": "x"}).status_code == 404


def test_participant_list_exports_as_xlsx_and_csv(centre, organiser) -> None:  # type: ignore[no-untyped-def]
    event = make_event(centre, kind=Event.Kind.DAY, seats=[1, 5])
    workshop = event.sessions.first()
    for n in (1, 2):
        actions.registration_confirm(group=_submit(event, workshop, n).group)
    url = reverse("events:registrations", kwargs={"centre": centre.slug, "pk": event.pk})
    response = organiser.get(url, {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    assert [r[3] for r in rows[1:]] == ["Person1", "Person2"]
    assert rows[2][2] == 1  # first on the waiting list
    assert AuditEntry.objects.filter(action="events.registrations.export", kind=AuditEntry.Kind.EXPORT).count() == 1
    assert not AuditEntry.objects.filter(action="events.registrations.view").exists()
    csv = organiser.get(url, {"format": "csv"})
    assert csv.status_code == 200 and "Person2" in csv.content.decode("utf-8-sig")
    assert organiser.get(url, {"format": "pdf"}).status_code == 404


def test_cancelling_the_event_tells_everyone_registered(  # type: ignore[no-untyped-def]
    centre, organiser, django_capture_on_commit_callbacks
) -> None:
    event = make_event(centre, seats=[1])
    session = event.sessions.get()
    for n in (1, 2):
        actions.registration_confirm(group=_submit(event, session, n).group)
    _submit(event, session, 3)  # unconfirmed: not told
    url = reverse("events:cancel", kwargs={"centre": centre.slug, "pk": event.pk})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(url, {"status": "cancelled", "reason": "Die Referentin ist erkrankt."})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED and event.cancel_reason == "Die Referentin ist erkrankt."
    assert sorted(m.to[0] for m in mail.outbox) == ["p1@example.org", "p2@example.org"]
    page = organiser.get(reverse("events:edit", kwargs={"centre": centre.slug, "pk": event.pk})).content.decode()
    assert "Die Referentin ist erkrankt." in page
    # A cancelled event stays cancelled.
    organiser.post(reverse("events:publish", kwargs={"centre": centre.slug, "pk": event.pk}), {"status": "published"})
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED


def test_only_organisers_and_admins_manage_events(centre, other_centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    event = make_event(centre)
    urls = [
        reverse("events:staff_list", kwargs={"centre": centre.slug}),
        reverse("events:create", kwargs={"centre": centre.slug}),
        reverse("events:edit", kwargs={"centre": centre.slug, "pk": event.pk}),
        reverse("events:registrations", kwargs={"centre": centre.slug, "pk": event.pk}),
    ]
    status_url = reverse("events:cancel", kwargs={"centre": centre.slug, "pk": event.pk})
    client = login(member_factory(centre, Role.CASEWORKER))
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(status_url, {"status": "cancelled"}).status_code == 403
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    # An organiser of another centre does not see this centre's events.
    foreign = login(member_factory(other_centre, Role.EVENTS_ORGANISER))
    other_url = reverse("events:edit", kwargs={"centre": other_centre.slug, "pk": event.pk})
    assert foreign.get(other_url).status_code == 404
    admin = login(member_factory(centre, Role.CENTRE_ADMIN))
    assert all(admin.get(url).status_code == 200 for url in urls)


def test_the_forms_module_imports_outside_any_scope() -> None:
    """The URLconf imports the forms before any centre's scope exists: no field may query then."""
    from anlaufstelle.events import forms_staff

    with scope():  # scopes enabled, no centre: a query here raises ScopeError
        importlib.reload(forms_staff)


# --- issue 20, item 25 ------------------------------------------------------------------------


def test_the_seats_of_a_session_are_not_called_school_seats() -> None:
    """The newcomers' msgid "seats" is "Schulplätze" in German; an event's seats have their own."""
    from django.utils import translation

    from anlaufstelle.events.forms_staff import SessionForm

    with translation.override("de"):
        assert "Schul" not in str(SessionForm().fields["capacity"].label)
        assert "Schul" not in str(Session._meta.get_field("capacity").verbose_name)
    with translation.override("en"):
        assert str(SessionForm().fields["capacity"].label) == "Number of seats"


def test_a_new_event_shows_rows_for_its_kind_and_adds_rows_without_javascript(centre, organiser) -> None:  # type: ignore[no-untyped-def]
    url = reverse("events:create", kwargs={"centre": centre.slug})
    single = organiser.get(url).context
    assert (single["dates"].total_form_count(), single["sessions"].total_form_count()) == (1, 1)
    day = organiser.get(url, {"kind": Event.Kind.DAY})
    assert day.context["sessions"].total_form_count() == 3 and day.context["dates"].total_form_count() == 1
    assert day.context["form"]["kind"].value() == Event.Kind.DAY
    series = organiser.get(url, {"kind": Event.Kind.SERIES}).context
    assert series["dates"].total_form_count() == 4 and series["sessions"].total_form_count() == 1
    assert organiser.get(url, {"kind": "nonsense"}).context["sessions"].total_form_count() == 1
    # "Add a session": the page comes back with one more row, what was typed kept, nothing saved, no errors.
    data = {
        **_event_data(title=""),
        **_rows("dates", [{"starts_at": _day(), "ends_at": _day(hour=16)}], 0),
        **_rows("sessions", [{"title": "Workshop A", "capacity": "20"}], 0),
        "add": "sessions",
    }
    response = organiser.post(url, data)
    assert response.status_code == 200 and not Event.objects.exists()
    sessions = response.context["sessions"]
    assert sessions.total_form_count() == 2
    page = response.content.decode()
    assert 'value="Workshop A"' in page and 'name="sessions-1-title"' in page
    assert 'role="alert"' not in page  # the empty title is not an error yet
    data.update({"sessions-TOTAL_FORMS": "2", "add": "dates"})
    response = organiser.post(url, data)
    assert response.context["dates"].total_form_count() == 2 and response.context["sessions"].total_form_count() == 2
    # The limit holds; a bad value of "add" is ignored.
    data.update({"sessions-TOTAL_FORMS": "30", "add": "sessions"})
    assert organiser.post(url, data).context["sessions"].total_form_count() == 30
    data.update({"sessions-TOTAL_FORMS": "2", "add": "x"})
    assert organiser.post(url, data).context["sessions"].total_form_count() == 2
    # Then saving takes every filled row.
    del data["add"]
    data.update(
        {"title": "DaZ-Tag", "sessions-TOTAL_FORMS": "2", "sessions-1-title": "Workshop B", "sessions-1-capacity": "5"}
    )
    assert organiser.post(url, data).status_code == 302
    assert [s.title for s in Event.objects.get().sessions.all()] == ["Workshop A", "Workshop B"]


def _waiting_day(centre):  # type: ignore[no-untyped-def]
    """A day: workshop A has one seat (Person1) and two waiting (Person2, Person3); B has two free seats."""
    event = make_event(centre, title="DaZ-Tag", kind=Event.Kind.DAY, seats=[1, 2])
    a, b = event.sessions.order_by("position")
    for n in (1, 2, 3):
        actions.registration_confirm(group=_submit(event, a, n).group)
    people = {r.first_name: r for r in Registration.objects.all()}
    assert [people[f"Person{n}"].status for n in (1, 2, 3)] == ["confirmed", "waiting", "waiting"]
    return event, a, b, people


def test_a_waiting_person_moves_to_a_session_with_free_seats(centre, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    _event, a, b, people = _waiting_day(centre)
    moved = actions.registration_move(registration=people["Person3"], session=b, actor=None)
    assert (moved.session_id, moved.status) == (b.pk, "confirmed")
    # A confirmed person who moves frees a seat: the head of the old session's waiting list gets it.
    with django_capture_on_commit_callbacks(execute=True):
        actions.registration_move(registration=people["Person1"], session=b, actor=None)
    statuses = {r.first_name: (r.session_id, r.status) for r in Registration.objects.all()}
    assert statuses == {
        "Person1": (b.pk, "confirmed"),
        "Person2": (a.pk, "confirmed"),
        "Person3": (b.pk, "confirmed"),
    }
    assert [m.to for m in mail.outbox] == [["p2@example.org"]]
    assert AuditEntry.objects.filter(action="events.registration.move").count() == 2
    # B is full now: a move there is refused and changes nothing; so is a session of another event.
    with pytest.raises(actions.RegistrationError):
        actions.registration_move(registration=people["Person2"], session=b, actor=None)
    other = make_event(centre, title="Anderes")
    with pytest.raises(actions.RegistrationError):
        actions.registration_move(registration=people["Person2"], session=other.sessions.get(), actor=None)
    with pytest.raises(actions.RegistrationError):
        actions.registration_move(registration=people["Person2"], session=a, actor=None)  # where it is already
    assert Registration.objects.get(first_name="Person2").session_id == a.pk


def test_the_organiser_moves_a_registration_on_the_page(centre, organiser, other_centre) -> None:  # type: ignore[no-untyped-def]
    event, a, b, people = _waiting_day(centre)
    page = organiser.get(reverse("events:registrations", kwargs={"centre": centre.slug, "pk": event.pk}))
    url = reverse("events:move", kwargs={"centre": centre.slug, "pk": event.pk})
    assert f'action="{url}"' in page.content.decode()
    response = organiser.post(url, {"registration": people["Person2"].pk, "session": b.pk})
    assert response.status_code == 302
    assert Registration.objects.get(first_name="Person2").status == "confirmed"
    assert Registration.objects.get(first_name="Person2").session_id == b.pk
    # Nonsense and foreign ids: 404, nothing changes.
    for bad in ({"registration": "x", "session": b.pk}, {"registration": people["Person3"].pk, "session": "-1"}):
        assert organiser.post(url, bad).status_code == 404
    foreign = make_event(centre, title="Anderes", kind=Event.Kind.DAY, seats=[5, 5])
    assert (
        organiser.post(url, {"registration": people["Person3"].pk, "session": foreign.sessions.first().pk}).status_code
        == 404
    )
    abroad = make_event(other_centre, title="Fremd")
    abroad_url = reverse("events:move", kwargs={"centre": centre.slug, "pk": abroad.pk})
    assert organiser.post(abroad_url, {"registration": people["Person3"].pk, "session": b.pk}).status_code == 404
    assert Registration.objects.get(first_name="Person3").session_id == a.pk
    assert organiser.get(url).status_code == 405
