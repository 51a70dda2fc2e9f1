"""The office around the meeting: who may read what, the invitation (notice period, e-mail,
PDF), attendance and allowances, the minutes and the meeting pack as PDFs, forwardings, and
depublished objects shown as deleted in OParl."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import PERMISSIONS, Role
from anlaufstelle.council import actions, documents
from anlaufstelle.council.actions import CouncilRefused
from anlaufstelle.council.models import AgendaItem, Attendance, CouncilSettings, FollowUp, Forwarding, Meeting, Paper
from anlaufstelle.council.tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    PersonFactory,
    make_council,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(centre):  # type: ignore[no-untyped-def]
    return make_council(centre)


@pytest.fixture
def clerk(centre, member_factory):  # type: ignore[no-untyped-def]
    return member_factory(centre, Role.COUNCIL_CLERK)


def url(name: str, centre: Any, **kwargs: Any) -> str:
    return reverse(f"council:{name}", kwargs={"centre": centre.slug, **kwargs})


def pdf_text(content: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(content))


# --- who may read what -------------------------------------------------------------------------


def test_only_the_clerk_and_the_admin_read_the_internal_business() -> None:
    assert PERMISSIONS["council.view"] == {Role.CENTRE_ADMIN, Role.COUNCIL_CLERK}
    assert Role.CASEWORKER in PERMISSIONS["council.follow_up"]


def test_other_staff_see_only_their_own_follow_ups(council, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    worker = member_factory(council.centre, Role.CASEWORKER)
    client = login(worker)
    assert client.get(url("meeting", council.centre, pk=council.meeting.pk)).status_code == 403
    with scopes_disabled():
        FollowUp.objects.filter(pk=council.follow_up.pk).update(owner=worker, due_on=datetime.date(2020, 1, 1))
        other = FollowUp.objects.create(centre=council.centre, agenda_item=council.item, task="Fremde Aufgabe")
    page = client.get(url("my_follow_ups", council.centre))
    assert page.status_code == 200
    assert council.follow_up.task in page.content.decode()
    assert other.task not in page.content.decode()
    assert client.get(url("my_follow_up", council.centre, pk=other.pk)).status_code == 404
    response = client.post(
        url("my_follow_up", council.centre, pk=council.follow_up.pk), {"status": "done", "note": "Erledigt"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        council.follow_up.refresh_from_db()
        assert council.follow_up.status == "done"
        assert AuditEntry.objects.filter(action="council.follow_up.report", actor=worker).exists()


# --- invitation --------------------------------------------------------------------------------


def _planned(council: Any, days: int) -> Meeting:
    with scopes_disabled():
        meeting = MeetingFactory(
            centre=council.centre,
            committee=council.council,
            start=timezone.now() + datetime.timedelta(days=days),
            location=council.location,
        )
        AgendaItemFactory(centre=council.centre, meeting=meeting, name="Öffentlicher Punkt")
        AgendaItemFactory(centre=council.centre, meeting=meeting, name="Vertraulicher Punkt", public=False)
    return meeting


def test_the_invitation_respects_the_notice_period_and_goes_to_members_and_deputies(
    council, clerk, django_capture_on_commit_callbacks, unscoped
) -> None:  # type: ignore[no-untyped-def]
    soon = _planned(council, days=3)
    with pytest.raises(CouncilRefused):
        actions.meeting_advance(meeting=soon, actor=clerk)
    with django_capture_on_commit_callbacks(execute=True):
        invited = actions.meeting_advance(meeting=soon, actor=clerk, short_notice=True)
    assert invited.state == Meeting.State.INVITED
    addresses = sorted(message.to[0] for message in mail.outbox)
    # The chair, the unconsented member (consent is about publishing, not about the invitation)
    # and the chair's personal deputy, each once.
    assert addresses == sorted({council.member.email, council.unconsented.email, council.candidate.email})
    attachment = mail.outbox[0].attachments[0]
    assert attachment[2] == "application/pdf"
    text = pdf_text(attachment[1])
    assert "Öffentlicher Punkt" in text and "Vertraulicher Punkt" in text
    entry = AuditEntry.objects.get(action="council.meeting.invite")
    assert entry.changes["short_notice"] == [None, True]


def test_the_members_invitation_leaves_the_non_public_part_out_where_the_centre_says_so(
    council, clerk, django_capture_on_commit_callbacks, unscoped
) -> None:  # type: ignore[no-untyped-def]
    actions.settings_save(centre=council.centre, actor=clerk, data={"members_see_non_public": False, "notice_days": 7})
    later = _planned(council, days=20)
    with django_capture_on_commit_callbacks(execute=True):
        actions.meeting_advance(meeting=later, actor=clerk)
    text = pdf_text(mail.outbox[0].attachments[0][1])
    assert "Öffentlicher Punkt" in text
    assert "Vertraulicher Punkt" not in text


# --- attendance and allowances -----------------------------------------------------------------


def test_attendance_is_recorded_once_with_the_allowance_of_the_day(council, clerk, unscoped) -> None:  # type: ignore[no-untyped-def]
    actions.settings_save(centre=council.centre, actor=clerk, data={"allowance_council": Decimal("30.00")})
    deputy = council.candidate
    entry = actions.attendance_record(
        meeting=council.meeting,
        actor=clerk,
        data={"person": deputy, "stands_in_for": council.unconsented, "arrived": datetime.time(17, 5)},
    )
    assert entry.allowance == Decimal("30.00")
    actions.settings_save(centre=council.centre, actor=clerk, data={"allowance_council": Decimal("50.00")})
    entry.refresh_from_db()
    assert entry.allowance == Decimal("30.00")  # fixed when recorded
    with pytest.raises(CouncilRefused):
        actions.attendance_record(meeting=council.meeting, actor=clerk, data={"person": deputy})
    with pytest.raises(CouncilRefused):  # the member whose deputy stands in is already present
        actions.attendance_record(
            meeting=council.meeting, actor=clerk, data={"person": council.unconsented, "stands_in_for": council.member}
        )
    with pytest.raises(CouncilRefused):
        actions.attendance_record(
            meeting=council.meeting,
            actor=clerk,
            data={
                "person": PersonFactory(centre=council.centre),
                "arrived": datetime.time(18),
                "left": datetime.time(17),
            },
        )
    planned = MeetingFactory(centre=council.centre, committee=council.council)
    with pytest.raises(CouncilRefused):
        actions.attendance_record(meeting=planned, actor=clerk, data={"person": deputy})


def test_attendance_on_a_tablet_sized_form(council, clerk, login) -> None:  # type: ignore[no-untyped-def]
    client = login(clerk)
    page = url("attendance", council.centre, pk=council.meeting.pk)
    assert client.get(page).status_code == 200
    response = client.post(page, {"person": council.candidate.pk, "arrived": "17:00", "left": "19:30"})
    assert response.status_code == 302
    again = client.post(page, {"person": council.candidate.pk})
    assert again.status_code == 422
    with scopes_disabled():
        entry = Attendance.objects.get(meeting=council.meeting, person=council.candidate)
    assert client.post(url("attendance_remove", council.centre, pk=entry.pk)).status_code == 302
    with scopes_disabled():
        assert not Attendance.objects.filter(pk=entry.pk).exists()


def test_the_yearly_allowance_statement_counts_held_meetings_of_the_year(council, clerk, unscoped) -> None:  # type: ignore[no-untyped-def]
    zone = timezone.get_default_timezone()
    for day, state in [
        (datetime.datetime(2026, 2, 3, 17, tzinfo=zone), Meeting.State.MINUTES_APPROVED),
        (datetime.datetime(2026, 6, 9, 17, tzinfo=zone), Meeting.State.HELD),
        (datetime.datetime(2025, 12, 1, 17, tzinfo=zone), Meeting.State.HELD),  # another year
        (datetime.datetime(2026, 7, 1, 17, tzinfo=zone), Meeting.State.INVITED),  # not held (yet)
    ]:
        meeting = MeetingFactory(centre=council.centre, committee=council.council, start=day, state=state)
        Attendance.objects.create(
            centre=council.centre, meeting=meeting, person=council.member, allowance=Decimal("30")
        )
    statement = documents.allowance_statement(person=council.member, year=2026)
    assert [row.date for row in statement.rows] == [datetime.date(2026, 2, 3), datetime.date(2026, 6, 9)]
    assert statement.total == Decimal("60.00")
    text = pdf_text(documents.allowance_pdf(person=council.member, year=2026))
    assert "60,00" in text


def test_the_clerk_downloads_a_members_statement(council, clerk, login) -> None:  # type: ignore[no-untyped-def]
    response = login(clerk).get(url("allowance_pdf", council.centre, pk=council.member.pk, year=2026))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- minutes and meeting pack --------------------------------------------------------------------


def test_the_minutes_hold_attendance_outcomes_and_the_public_version_leaves_out_what_is_not_public(
    council, clerk, client: Client, login
) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        Attendance.objects.create(centre=council.centre, meeting=council.meeting, person=council.unconsented)
        AgendaItem.objects.filter(pk=council.secret_item.pk).update(
            result="adopted", resolution_text="Geheimer Beschluss"
        )
    whole = login(clerk).get(url("minutes_pdf", council.centre, pk=council.meeting.pk))
    text = pdf_text(whole.content)
    assert "Geheimer Beschluss" in text and council.unconsented.family_name in text
    assert "Der Integrationsrat empfiehlt mehr Kurse." in text
    public_url = url("public_minutes", council.centre, pk=council.meeting.pk)
    assert client.get(public_url).status_code == 404  # not approved yet
    with scopes_disabled():
        Meeting.objects.filter(pk=council.meeting.pk).update(state=Meeting.State.MINUTES_APPROVED)
        council.member.publish_attendance = True
        council.member.save()
    public = Client().get(public_url)
    assert public.status_code == 200
    text = pdf_text(public.content)
    assert "Der Integrationsrat empfiehlt mehr Kurse." in text
    assert "Geheimer Beschluss" not in text and "Personalangelegenheit" not in text
    assert council.unconsented.family_name not in text
    assert council.member.family_name in text


def test_the_meeting_pack_has_the_public_papers_and_their_files(council, client: Client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(url("public_pack", council.centre, pk=council.meeting.pk))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert council.paper.reference in text and "Mehr Sprachkurse" in text
    assert "Geheime Personalsache" not in text and "Personalangelegenheit" not in text
    assert b"/EmbeddedFile" in response.content  # the paper's PDF, attached
    assert b"Geheim.pdf" not in response.content


def test_an_arabic_title_stays_isolated_in_the_invitation(council, unscoped) -> None:  # type: ignore[no-untyped-def]
    AgendaItemFactory(centre=council.centre, meeting=council.meeting, name="دورات اللغة 2026")
    text = pdf_text(documents.invitation_pdf(meeting=council.meeting, non_public=False))
    assert "2026" in text


# --- forwarding --------------------------------------------------------------------------------


def test_a_topic_is_forwarded_with_its_outcome_and_link(council, clerk, login) -> None:  # type: ignore[no-untyped-def]
    client = login(clerk)
    response = client.post(
        url("forwarding_create", council.centre, pk=council.item.pk),
        {
            "recipient": "Ausschuss für Schule",
            "forwarded_on": "2026-02-10",
            "outcome": "pending",
            "url": "https://rat.example/oparl/paper/7",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        forwarding = Forwarding.objects.get(recipient="Ausschuss für Schule")
    response = client.post(
        url("forwarding_edit", council.centre, pk=forwarding.pk),
        {
            "recipient": "Ausschuss für Schule",
            "forwarded_on": "2026-02-10",
            "outcome": "adopted",
            "external": council.forwarding.external_id,
        },
    )
    assert response.status_code == 302
    page = client.get(url("meeting", council.centre, pk=council.meeting.pk)).content.decode()
    assert "Ausschuss für Schule" in page
    with scopes_disabled():
        forwarding.refresh_from_db()
        assert forwarding.outcome == "adopted"
        assert forwarding.link == council.forwarding.external.oparl_id


# --- depublication in OParl --------------------------------------------------------------------


def _oparl(client: Client, name: str, centre: Any, **params: Any) -> Any:
    kwargs = {"centre": centre.slug, **({"pk": params.pop("pk")} if "pk" in params else {})}
    return client.get(reverse(f"oparl:{name}", kwargs=kwargs), params)


def test_a_depublished_paper_is_deleted_for_oparl_clients(council, clerk, client: Client) -> None:  # type: ignore[no-untyped-def]
    before = (timezone.now() - datetime.timedelta(minutes=1)).isoformat()
    with scopes_disabled():
        actions.paper_save(centre=council.centre, actor=clerk, data={"public": False}, paper=council.paper)
    listed = [o["id"] for o in _oparl(client, "papers", council.centre).json()["data"]]
    assert not any(i.endswith(f"/paper/{council.paper.pk}") for i in listed)
    synced = _oparl(client, "papers", council.centre, modified_since=before).json()["data"]
    stub = next(o for o in synced if o["id"].endswith(f"/paper/{council.paper.pk}"))
    assert stub["deleted"] is True and "name" not in stub
    assert set(stub) == {"id", "type", "created", "modified", "deleted"}
    one = _oparl(client, "paper", council.centre, pk=council.paper.pk).json()
    assert one["deleted"] is True and "name" not in one
    files = _oparl(client, "files", council.centre, modified_since=before).json()["data"]
    assert any(o["id"].endswith(f"/file/{council.file.pk}") and o["deleted"] for o in files)
    assert _oparl(client, "file_download", council.centre, pk=council.file.pk).status_code == 404
    # What never was public stays out, also as a deleted object.
    everything = str(synced) + str(files)
    assert f"/paper/{council.secret_paper.pk}" not in everything
    assert f"/file/{council.secret_file.pk}" not in everything


def test_withdrawn_consent_and_a_depublished_item_show_as_deleted(council, clerk, client: Client) -> None:  # type: ignore[no-untyped-def]
    before = (timezone.now() - datetime.timedelta(minutes=1)).isoformat()
    with scopes_disabled():
        actions.person_save(
            centre=council.centre,
            actor=clerk,
            data={"publish_name": False, "publish_email": False},
            person=council.member,
        )
        actions.agenda_item_save(
            meeting=council.meeting, actor=clerk, data={"public": False}, item=council.item, paper=council.paper
        )
    person = _oparl(client, "person", council.centre, pk=council.member.pk).json()
    assert person == {k: person[k] for k in ("id", "type", "created", "modified", "deleted")}
    seats = _oparl(client, "memberships", council.centre, modified_since=before).json()["data"]
    assert any(o["id"].endswith(f"/membership/{council.seat.pk}") and o.get("deleted") for o in seats)
    items = _oparl(client, "agenda_items", council.centre, modified_since=before).json()["data"]
    stub = next(o for o in items if o["id"].endswith(f"/agenda-item/{council.item.pk}"))
    assert stub["deleted"] is True and "name" not in stub
    assert not any(o["id"].endswith(f"/agenda-item/{council.secret_item.pk}") for o in items)
    persons = _oparl(client, "persons", council.centre, modified_since=before).json()["data"]
    assert not any(o["id"].endswith(f"/person/{council.unconsented.pk}") for o in persons)


def test_consented_attendance_appears_as_the_meetings_participants(council, client: Client) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        Attendance.objects.create(centre=council.centre, meeting=council.meeting, person=council.unconsented)
        council.member.publish_attendance = True
        council.member.save()
    meeting = _oparl(client, "meeting", council.centre, pk=council.meeting.pk).json()
    assert len(meeting["participant"]) == 1
    assert meeting["participant"][0].endswith(f"/person/{council.member.pk}")


def test_settings_are_kept_per_centre(council, clerk, login) -> None:  # type: ignore[no-untyped-def]
    client = login(clerk)
    response = client.post(
        url("settings", council.centre),
        {"notice_days": "10", "allowance_council": "25.00", "allowance_working_group": "15.00"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        found = CouncilSettings.objects.get(centre=council.centre)
    assert found.notice_days == 10 and not found.members_see_non_public
    assert found.amount_for("working_group") == Decimal("15.00")


def test_paper_ever_public_is_set_only_when_the_public_could_see_it(council, clerk, unscoped) -> None:  # type: ignore[no-untyped-def]
    actions.paper_save(centre=council.centre, actor=clerk, data={"text": "neu"}, paper=council.secret_paper)
    assert not Paper.objects.get(pk=council.secret_paper.pk).ever_public
    fresh = actions.paper_save(
        centre=council.centre,
        actor=clerk,
        data={"name": "Neu", "paper_type": "notice", "date": datetime.date(2026, 5, 1), "public": True},
    )
    assert fresh.ever_public
