"""Council journeys in a real browser (Debian's Chromium): axe-core on the public pages in German
and Arabic; the clerk prepares a meeting with a non-public item on a tablet-sized window, records
outcomes, approves the minutes and sets a follow-up; the public page and OParl show the public
parts only. Labels are not clicked by their text (new strings are English until the lead compiles
the translations): fields are found by name, buttons by their form's action."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from anlaufstelle.core.demo.loader import load_demo
from anlaufstelle.core.tests.browser import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"viewport": {"width": 1024, "height": 768}, "has_touch": True}


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        load_demo()


def _public_paths() -> list[str]:
    from anlaufstelle.council.models import Meeting

    c = {"centre": "musterstadt"}
    with scopes_disabled():
        held = Meeting.objects.filter(centre__slug="musterstadt", state="minutes_approved").first()
    assert held is not None
    return [
        reverse("council:public_meetings", kwargs=c),
        reverse("council:public_meeting", kwargs={**c, "pk": held.pk}),
        reverse("council:public_members", kwargs=c),
        reverse("council:public_papers", kwargs=c) + "?q=Sprachkurse",
        reverse("council:public_resolutions", kwargs=c),
    ]


@pytest.mark.parametrize("language", ["", "/ar"])
def test_public_council_pages_have_no_axe_violations(live_server, browser, demo, language: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(bypass_csp=True)
    tab: Any = context.new_page()
    failures = []
    for path in _public_paths():
        response = tab.goto(f"{live_server.url}{language}{path}")
        assert response.status == 200, path
        if language:
            assert tab.locator("html").get_attribute("dir") == "rtl"
        failures += [f"{language}{path}: {line}" for line in axe_violations(tab)]
    context.close()
    assert not failures, "\n".join(failures)


def test_clerk_runs_a_meeting_on_a_tablet_and_the_public_sees_the_public_parts(live_server, browser, demo) -> None:  # type: ignore[no-untyped-def]
    from django.core import mail

    from anlaufstelle.council.actions import invitation_recipients
    from anlaufstelle.council.models import AgendaItem, Attendance, FollowUp, Meeting, Person

    with scopes_disabled():
        meeting = Meeting.objects.get(centre__slug="musterstadt", state="planned")
    base = f"{live_server.url}/musterstadt/intern/integrationsrat"
    tab = sign_in(browser, live_server, "integrationsrat@musterstadt.example", **TABLET)

    # The agenda: a non-public and a public item.
    for name, public in (("Personalfrage Vertraulich", False), ("Bericht Sprachcafé", True)):
        tab.goto(f"{base}/sitzungen/{meeting.pk}/tagesordnung/neu/")
        tab.locator("input[name=name]").fill(name)
        tab.locator("input[name=public]").set_checked(public)
        tab.locator("form.kern-stack button[type=submit]").click()
        tab.wait_for_url(f"**/sitzungen/{meeting.pk}/")
    advance = tab.locator(f"form[action$='/sitzungen/{meeting.pk}/weiter/'] button")
    advance.click()  # invited
    tab.wait_for_url(f"**/sitzungen/{meeting.pk}/")
    with scopes_disabled():
        items = {item.name: item for item in AgendaItem.objects.filter(meeting=meeting)}
        assert Meeting.objects.get(pk=meeting.pk).state == "invited"
        expected = invitation_recipients(Meeting.objects.get(pk=meeting.pk))
        present = Person.objects.filter(centre__slug="musterstadt", deleted=False).order_by("id").first()
    # The invitation went as a PDF to each member and personal deputy.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(expected)
    assert all(message.attachments[0][2] == "application/pdf" for message in mail.outbox)

    # Attendance, on the tablet.
    tab.goto(f"{base}/sitzungen/{meeting.pk}/anwesenheit/")
    tab.locator("select[name=person]").select_option(str(present.pk))
    tab.locator("input[name=arrived]").fill("16:05")
    tab.locator("form.kern-stack button[type=submit]").click()
    tab.wait_for_url(f"**/sitzungen/{meeting.pk}/anwesenheit/")
    assert str(present) in tab.locator("#attendance-list").inner_text()
    with scopes_disabled():
        assert Attendance.objects.filter(meeting=meeting, person=present).exists()

    # During the meeting: outcomes with votes and the resolution text.
    for name, text in (
        ("Personalfrage Vertraulich", "Vertraulicher Beschluss"),
        ("Bericht Sprachcafé", "Das Sprachcafé wird fortgesetzt."),
    ):
        tab.goto(f"{base}/tagesordnungspunkte/{items[name].pk}/ergebnis/")
        tab.locator("select[name=result]").select_option("adopted")
        tab.locator("input[name=votes_yes]").fill("9")
        tab.locator("input[name=votes_no]").fill("1")
        tab.locator("input[name=votes_abstain]").fill("0")
        tab.locator("textarea[name=resolution_text]").fill(text)
        tab.locator("textarea[name=minutes]").fill("Aussprache.")
        tab.locator("form.kern-stack button[type=submit]").click()
        tab.wait_for_url(f"**/sitzungen/{meeting.pk}/")
    tab.locator(f"form[action$='/sitzungen/{meeting.pk}/weiter/'] button").click()  # held
    tab.wait_for_url(f"**/sitzungen/{meeting.pk}/")
    tab.locator(f"form[action$='/sitzungen/{meeting.pk}/weiter/'] button").click()  # minutes approved
    tab.wait_for_url(f"**/sitzungen/{meeting.pk}/")

    # A follow-up of the public resolution.
    public_item = items["Bericht Sprachcafé"]
    tab.goto(f"{base}/tagesordnungspunkte/{public_item.pk}/nachverfolgung/neu/")
    tab.locator("input[name=task]").fill("Räume für das Sprachcafé sichern")
    tab.locator("select[name=status]").select_option("in_progress")
    tab.locator("form.kern-stack button[type=submit]").click()
    tab.wait_for_url("**/nachverfolgung/")
    with scopes_disabled():
        assert Meeting.objects.get(pk=meeting.pk).state == "minutes_approved"
        assert FollowUp.objects.filter(agenda_item=public_item, status="in_progress").exists()

    # The public: the public item and its resolution, never the non-public one.
    visitor = browser.new_context().new_page()
    visitor.goto(f"{live_server.url}/musterstadt/integrationsrat/sitzungen/{meeting.pk}/")
    page = visitor.content()
    assert "Bericht Sprachcafé" in page and "Das Sprachcafé wird fortgesetzt." in page
    assert "Vertraulich" not in page
    visitor.goto(f"{live_server.url}/musterstadt/integrationsrat/beschluesse/")
    assert "Räume für das Sprachcafé sichern" in visitor.content() and "Vertraulich" not in visitor.content()
    api = visitor.request.get(f"{live_server.url}/musterstadt/api/oparl/v1.1/body/agenda-items?limit=200")
    assert api.status == 200
    assert "Bericht Sprachcafé" in api.text() and "Vertraulich" not in api.text()
    assert "in_progress" in api.text()  # anlaufstelle:followUpStatus
    minutes = visitor.request.get(
        f"{live_server.url}/musterstadt/integrationsrat/sitzungen/{meeting.pk}/niederschrift.pdf"
    )
    assert minutes.status == 200 and minutes.body().startswith(b"%PDF")
