"""After the event: certificates for attendees only (after the end, once each), the participant's
page with the download and the feedback form (once), the feedback summary, and the volunteer
qualification recorded for a completed qualification course."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_scopes import scopes_disabled

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tokens import token_hash
from anlaufstelle.events import actions
from anlaufstelle.events import certificates as certs
from anlaufstelle.events.feedback import feedback_summary
from anlaufstelle.events.models import Attendance, Event, Feedback, Registration
from anlaufstelle.events.tests.factories import contact, make_event, person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():  # type: ignore[no-untyped-def]
    with scopes_disabled():
        yield


def _register(event, n: int, confirm: bool = True, **extra):  # type: ignore[no-untyped-def]
    session = event.sessions.get()
    # Someone registering themselves: the confirmed contact address is their own.
    who = {**contact(n), "email": extra["email"]} if extra.get("email") else contact(n)
    submitted = actions.registration_submit(
        event=event, contact=who, participants=[person(session, n, **extra)], language="de"
    )
    if confirm:
        actions.registration_confirm(group=submitted.group)
    return Registration.objects.get(group=submitted.group)


def _attend(registration: Registration, *indexes: int) -> None:
    dates = list(registration.session.event.dates.order_by("starts_at"))
    for index in indexes:
        Attendance.objects.create(centre=registration.centre, registration=registration, date=dates[index])


def _move_to_past(event: Event, days: int = 30) -> None:
    """Dates a week apart, the last one ended `days` ago at the latest (registration was open before)."""
    shift = datetime.timedelta(days=days + 7 * event.dates.count())
    for date in event.dates.order_by("starts_at"):
        date.starts_at, date.ends_at = date.starts_at - shift, date.ends_at - shift
        date.save()


@pytest.fixture
def course(centre):  # type: ignore[no-untyped-def]
    """A course of three dates: Anna came to all, Bernd to two, Clara to none; Dana waited, Emil never confirmed."""
    event = make_event(
        centre,
        title="Sprachbildung im Alltag",
        kind=Event.Kind.SERIES,
        seats=[3],
        dates=3,
        certificate_content="Grundlagen der durchgängigen Sprachbildung.",
        signatory="Dr. Erika Mustermann, Leitung",
    )
    people = {
        "anna": _register(event, 1, first_name="Anna", last_name="Zimmermann", email="anna@example.org"),
        "bernd": _register(event, 2, first_name="Bernd", last_name="Albers", email=""),
        "clara": _register(event, 3, first_name="Clara", last_name="Meyer"),
        "dana": _register(event, 4, first_name="Dana", last_name="Waitinger"),
        "emil": _register(event, 5, confirm=False, first_name="Emil", last_name="Offen"),
    }
    assert people["dana"].status == Registration.Status.WAITING
    _attend(people["anna"], 0, 1, 2)
    _attend(people["bernd"], 0, 2)
    # Ticked while confirmed, cancelled later: no longer an attendee.
    _attend(people["clara"], 0)
    actions.registration_cancel(registration=people["clara"], actor=None)
    return event, people


def _tokens() -> list[str]:
    return [re.search(r"/teilnahme/([^/\s]+)/", m.body).group(1) for m in mail.outbox]  # type: ignore[union-attr]


def test_only_attendees_get_certificates_and_only_after_the_end(course) -> None:  # type: ignore[no-untyped-def]
    event, people = course
    assert [p.name for p in certs.attendees(event)] == ["Bernd Albers", "Anna Zimmermann"]
    with pytest.raises(actions.CertificateError):
        actions.certificates_send(event=event, actor=None)  # the course has not even begun
    # Two dates over, the last one still to come: not yet.
    last = event.dates.order_by("starts_at").last()
    with pytest.raises(actions.CertificateError):
        actions.certificates_send(event=event, actor=None, now=last.starts_at + datetime.timedelta(minutes=30))
    assert mail.outbox == []
    assert actions.certificates_send(event=event, actor=None, now=last.ends_at + datetime.timedelta(minutes=1)) == 2
    # Anna's own address; Bernd gave none, so the contact person's.
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "k2@example.org"]
    sent = Registration.objects.filter(certificate_sent_at__isnull=False)
    assert set(sent.values_list("pk", flat=True)) == {people["anna"].pk, people["bernd"].pk}
    with pytest.raises(actions.CertificateError):
        certs.certificate_pdf(people["clara"])


def test_a_cancelled_event_has_no_certificates(course) -> None:  # type: ignore[no-untyped-def]
    event, _people = course
    _move_to_past(event)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    with pytest.raises(actions.CertificateError):
        actions.certificates_send(event=event, actor=None)


def test_hours_in_proportion_to_the_dates_attended(course) -> None:  # type: ignore[no-untyped-def]
    event, people = course
    found = {p.registration.pk: p for p in certs.attendees(event)}
    anna, bernd = found[people["anna"].pk], found[people["bernd"].pk]
    assert (anna.hours, len(anna.dates), anna.total_dates, anna.complete) == (Decimal(3), 3, 3, True)
    assert (bernd.hours, len(bernd.dates), bernd.total_dates, bernd.complete) == (Decimal(2), 2, 3, False)
    dates = list(event.dates.order_by("starts_at"))
    assert [d.pk for d in bernd.dates] == [dates[0].pk, dates[2].pk]
    # 4 hours × 2/3 = 2.67 → rounded to the half hour.
    Event.objects.filter(pk=event.pk).update(hours=Decimal(4))
    event.refresh_from_db()
    assert certs.participation(people["bernd"]).hours == Decimal("2.5")  # type: ignore[union-attr]
    Event.objects.filter(pk=event.pk).update(hours=None)
    assert certs.participation(people["bernd"]).hours is None  # type: ignore[union-attr]


def test_the_certificate_names_the_person_the_dates_the_content_and_the_signatory(course) -> None:  # type: ignore[no-untyped-def]
    event, people = course
    html = certs.certificate_html(people["bernd"])
    assert '<html lang="de"' in html
    assert "Bernd Albers" in html and "Sprachbildung im Alltag" in html
    assert "Grundlagen der durchgängigen Sprachbildung." in html
    assert "Dr. Erika Mustermann, Leitung" in html
    assert "KI Musterstadt" in html
    dates = list(event.dates.order_by("starts_at"))
    # German dates: the two attended, not the one missed.
    for date, shown in ((dates[0], True), (dates[1], False), (dates[2], True)):
        day = timezone.localtime(date.starts_at)
        assert (f"{date_format(day, 'l')}, {date_format(day, 'DATE_FORMAT')}" in html) is shown
    assert html.count("<li>") == 2
    assert certs.certificate_pdf(people["bernd"]).startswith(b"%PDF")


def test_the_email_carries_the_pdf_and_a_working_personal_link(course, client) -> None:  # type: ignore[no-untyped-def]
    event, people = course
    _move_to_past(event)
    assert actions.certificates_send(event=event, actor=None) == 2
    message = next(m for m in mail.outbox if m.to == ["anna@example.org"])
    assert "Sprachbildung im Alltag" in message.subject
    [(filename, content, mimetype)] = message.attachments
    assert filename == f"teilnahmebescheinigung-{event.pk}.pdf"
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    token = re.search(r"/teilnahme/([^/\s]+)/", message.body).group(1)  # type: ignore[union-attr]
    # Only the hash of the fresh token is stored.
    anna = Registration.objects.get(pk=people["anna"].pk)
    assert anna.token_hash == token_hash(token) and token not in anna.token_hash
    page = client.get(reverse("events:participant", kwargs={"centre": "musterstadt", "token": token}))
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store" and page["Referrer-Policy"] == "same-origin"
    text = page.content.decode()
    assert "Anna Zimmermann" in text and "Sprachbildung im Alltag" in text
    pdf_url = reverse("events:certificate", kwargs={"centre": "musterstadt", "token": token})
    assert pdf_url in text
    assert 'type="radio"' in text and "<legend" in text
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and pdf["Cache-Control"] == "no-store"


def test_sending_twice_sends_nothing_new(course) -> None:  # type: ignore[no-untyped-def]
    event, _people = course
    _move_to_past(event)
    assert actions.certificates_send(event=event, actor=None) == 2
    hashes = dict(Registration.objects.values_list("pk", "token_hash"))
    assert actions.certificates_send(event=event, actor=None) == 0
    assert len(mail.outbox) == 2
    assert dict(Registration.objects.values_list("pk", "token_hash")) == hashes
    # Someone ticked late: only they get theirs.
    late = _register_late(event)
    assert actions.certificates_send(event=event, actor=None) == 1
    assert mail.outbox[-1].to == [late.email]


def test_a_failed_email_leaves_the_participant_for_the_next_try(course, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.volunteers.models import Qualification
    from anlaufstelle.volunteers.tests.factories import make_volunteer

    event, _people = course
    Event.objects.filter(pk=event.pk).update(is_qualification=True)
    make_volunteer(event.centre, "Anna")
    _move_to_past(event)
    hashes = dict(Registration.objects.values_list("pk", "token_hash"))

    def fail(self, fail_silently=False):  # type: ignore[no-untyped-def]
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", fail)
    assert actions.certificates_send(event=event, actor=None) == 0
    assert certs.unsent_count(event) == 2
    assert dict(Registration.objects.values_list("pk", "token_hash")) == hashes
    assert not Qualification.objects.exists()  # rolled back with the e-mail
    monkeypatch.undo()
    assert actions.certificates_send_for(event.pk) == 2
    assert certs.unsent_count(event) == 0
    assert Qualification.objects.count() == 1


def test_the_background_entry_point_waits_for_the_end(course) -> None:  # type: ignore[no-untyped-def]
    event, _people = course
    assert actions.certificates_send_for(event.pk) == 0
    assert actions.certificates_send_for(0) == 0
    assert mail.outbox == []


def _register_late(event: Event) -> Registration:
    """A confirmed participant added after the event (as the organiser would), ticked for the first date."""
    anna = Registration.objects.get(session__event=event, first_name="Anna")
    late = Registration.objects.create(
        centre=event.centre,
        group=anna.group,
        session=anna.session,
        first_name="Lena",
        last_name="Spät",
        email="lena@example.org",
        status=Registration.Status.CONFIRMED,
        token_hash=token_hash("late"),
    )
    _attend(late, 0)
    return late


def _sent_token(event: Event, email: str) -> str:
    _move_to_past(event)
    actions.certificates_send(event=event, actor=None)
    return next(t for t, m in zip(_tokens(), mail.outbox, strict=True) if m.to == [email])


def test_feedback_is_taken_once(course, client) -> None:  # type: ignore[no-untyped-def]
    event, people = course
    token = _sent_token(event, "anna@example.org")
    url = reverse("events:participant", kwargs={"centre": "musterstadt", "token": token})
    response = client.post(url, {"overall": "5", "useful": "4", "comment": "  Sehr praxisnah.  "})
    assert response.status_code == 302 and response["Cache-Control"] == "no-store"
    feedback = Feedback.objects.get(registration=people["anna"])
    assert (feedback.overall, feedback.useful, feedback.comment) == (5, 4, "Sehr praxisnah.")
    assert feedback.centre_id == event.centre_id
    page = client.get(url)
    assert 'type="radio"' not in page.content.decode()  # the form is gone: a thank-you instead
    again = client.post(url, {"overall": "1", "useful": "1", "comment": "Doch nicht."})
    assert again.status_code == 422
    assert Feedback.objects.count() == 1
    assert Feedback.objects.get().overall == 5
    with pytest.raises(actions.FeedbackError):
        actions.feedback_give(registration=people["anna"], overall=2, useful=2)


def test_an_invalid_rating_is_refused_with_a_message(course, client) -> None:  # type: ignore[no-untyped-def]
    event, people = course
    token = _sent_token(event, "anna@example.org")
    url = reverse("events:participant", kwargs={"centre": "musterstadt", "token": token})
    response = client.post(url, {"overall": "6", "useful": "3"})
    assert response.status_code == 422
    text = response.content.decode()
    assert 'role="alert"' in text and "kern-fieldset--error" in text
    assert [str(m) for m in response.context["messages"]]
    assert not Feedback.objects.exists()
    with pytest.raises(actions.FeedbackError):
        actions.feedback_give(registration=people["anna"], overall=0, useful=3)
    with pytest.raises(actions.FeedbackError):
        actions.feedback_give(registration=people["anna"], overall=3, useful=None)
    with pytest.raises(actions.FeedbackError):
        actions.feedback_give(registration=people["anna"], overall=3, useful=3, comment="x" * 2001)
    assert not Feedback.objects.exists()


def test_feedback_summary_averages_and_counts(course) -> None:  # type: ignore[no-untyped-def]
    event, people = course
    empty = feedback_summary(event)
    assert (empty.answers, empty.overall, empty.useful) == (0, None, None)
    actions.feedback_give(registration=people["anna"], overall=5, useful=4, comment="Gut")
    actions.feedback_give(registration=people["bernd"], overall=4, useful=2)
    late = _register_late(event)
    actions.feedback_give(registration=late, overall=4, useful=3)
    summary = feedback_summary(event)
    assert summary.answers == 3
    assert summary.overall == 4.3 and summary.useful == 3.0
    assert summary.overall_counts == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}
    assert summary.useful_counts == {1: 0, 2: 1, 3: 1, 4: 1, 5: 0}
    assert summary.comments == 1
    # Another event's feedback does not count.
    assert feedback_summary(make_event(event.centre, title="Anderes")).answers == 0


def test_a_qualification_course_is_recorded_on_the_volunteers_profile(centre, course) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.volunteers.models import Qualification
    from anlaufstelle.volunteers.tests.factories import make_volunteer

    event, people = course
    Event.objects.filter(pk=event.pk).update(is_qualification=True)
    anna = make_volunteer(centre, "Anna")  # anna@example.org: came to every date
    bernd = make_volunteer(centre, "Bernd")
    Registration.objects.filter(pk=people["bernd"].pk).update(email="bernd@example.org")  # missed a date
    _move_to_past(event)
    assert actions.certificates_send(event=event, actor=None) == 2
    [qualification] = Qualification.objects.filter(volunteer=anna)
    assert qualification.name == "Sprachbildung im Alltag"
    assert qualification.source == Qualification.Source.EVENT
    assert qualification.source_ref == f"event:{event.pk}"
    last = event.dates.order_by("starts_at").last()
    assert qualification.obtained_on == timezone.localdate(last.ends_at)
    assert not Qualification.objects.filter(volunteer=bernd).exists()


def test_an_ordinary_event_records_no_qualification(centre, course) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.volunteers.models import Qualification
    from anlaufstelle.volunteers.tests.factories import make_volunteer

    event, _people = course
    make_volunteer(centre, "Anna")
    _move_to_past(event)
    assert actions.certificates_send(event=event, actor=None) == 2
    assert not Qualification.objects.exists()


def test_a_wrong_token_finds_nothing(course, client) -> None:  # type: ignore[no-untyped-def]
    event, people = course
    token = _sent_token(event, "anna@example.org")
    for name in ("events:participant", "events:certificate"):
        for wrong in ("nope", token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * 200):
            assert client.get(reverse(name, kwargs={"centre": "musterstadt", "token": wrong})).status_code == 404
    # The right token under another centre's address.
    from anlaufstelle.core.tests.factories import CentreFactory

    CentreFactory(slug="anderswo")
    assert client.get(reverse("events:participant", kwargs={"centre": "anderswo", "token": token})).status_code == 404
    # A participant's token without a certificate sent (Dana came to nothing) opens nothing.
    Registration.objects.filter(pk=people["dana"].pk).update(token_hash=token_hash("dana-token"))
    assert certs.by_token(centre=event.centre, token="dana-token") is None
    assert (
        client.get(reverse("events:participant", kwargs={"centre": "musterstadt", "token": "dana-token"})).status_code
        == 404
    )


def test_organiser_sends_and_caseworker_may_not(course, centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    event, _people = course
    url = reverse("events:certificates", kwargs={"centre": centre.slug, "pk": event.pk})
    back = reverse("events:registrations", kwargs={"centre": centre.slug, "pk": event.pk})
    caseworker = login(member_factory(centre, Role.CASEWORKER))
    assert caseworker.post(url).status_code == 403
    organiser = login(member_factory(centre, Role.EVENTS_ORGANISER))
    assert organiser.get(url).status_code == 405
    # Before the end: refused with a message, nothing sent.
    response = organiser.post(url, follow=True)
    assert response.redirect_chain[0] == (back, 302)
    assert len(response.context["messages"]) == 1 and mail.outbox == []
    _move_to_past(event)
    response = organiser.post(url)
    assert response.status_code == 302 and response["Location"] == back
    assert len(mail.outbox) == 2
    entry = AuditEntry.objects.filter(action="events.certificates.send").get()
    assert entry.changes["sent"] == [None, 2]
    assert organiser.post(url).status_code == 302
    assert len(mail.outbox) == 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_participant_page_is_accessible_with_the_form_its_errors_and_the_thank_you(  # type: ignore[no-untyped-def]
    live_server, page, centre
) -> None:
    from playwright.sync_api import expect

    from anlaufstelle.core.tests.browser import axe_violations

    with scopes_disabled():
        event = make_event(centre, title="Kulturbunte Kita", dates=2)
        anna = _register(event, 1, first_name="Anna", last_name="Zimmermann", email="anna@example.org")
        _attend(anna, 0, 1)
        _move_to_past(event)
        assert actions.certificates_send(event=event, actor=None) == 1
    [message] = [m for m in mail.outbox if m.attachments]  # (the confirmation e-mail went out too)
    token = re.search(r"/teilnahme/([^/\s]+)/", message.body).group(1)  # type: ignore[union-attr]
    page.goto(live_server.url + reverse("events:participant", kwargs={"centre": centre.slug, "token": token}))
    expect(page.locator("h1")).to_be_visible()
    assert page.locator("fieldset legend").count() == 2
    assert axe_violations(page) == []
    # Only one rating chosen: the missing one is marked, the page stays accessible.
    page.locator("input[name=overall][value='4']").check()
    page.locator("button[type=submit]").click()
    expect(page.locator(".kern-fieldset--error")).to_have_count(1)
    assert axe_violations(page) == []
    page.locator("input[name=overall][value='4']").check()
    page.locator("input[name=useful][value='5']").check()
    page.locator("button[type=submit]").click()
    expect(page.locator("input[type=radio]")).to_have_count(0)
    assert axe_violations(page) == []
    with scopes_disabled():
        assert Feedback.objects.get(registration=anna).useful == 5
