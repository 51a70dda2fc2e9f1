"""Council views: the clerk's journey through forms, refusals shown on the form, bad uploads,
the public pages showing public parts only, and query budgets of every list page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.council.models import AgendaItem, File, FollowUp, Meeting, Membership
from anlaufstelle.council.tests.factories import (
    PDF,
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    PersonFactory,
    make_council,
    pdf_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(centre):  # type: ignore[no-untyped-def]
    return make_council(centre)


@pytest.fixture
def clerk_client(centre, member_factory, login):  # type: ignore[no-untyped-def]
    return login(member_factory(centre, Role.COUNCIL_CLERK))


def url(name: str, centre, **kwargs) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"council:{name}", kwargs={"centre": centre.slug, **kwargs})


def test_the_clerk_keeps_the_body(clerk_client: Client, council) -> None:  # type: ignore[no-untyped-def]
    centre = council.centre
    response = clerk_client.post(
        url("person_create", centre),
        {"given_name": "Mehmet", "family_name": "Neu", "publish_name": "on", "consent_given_on": "2026-01-10"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        person = council.member.__class__.objects.get(family_name="Neu")
    response = clerk_client.post(
        url("membership_create", centre),
        {
            "person": person.pk,
            "committee": council.council.pk,
            "on_behalf_of": council.electoral_list.pk,
            "role": "deputy_chair",
            "voting_right": "on",
            "deputy": council.candidate.pk,
            "start_date": "2026-01-15",
        },
    )
    assert response.status_code == 302
    page = clerk_client.get(url("body", centre))
    assert "Neu" in page.content.decode() and "Liste Vielfalt" in page.content.decode()


def test_a_refusal_shows_on_the_form(clerk_client: Client, council) -> None:  # type: ignore[no-untyped-def]
    response = clerk_client.post(
        url("membership_create", council.centre),
        {
            "person": council.member.pk,
            "committee": council.council.pk,
            "role": "member",
            "deputy": council.member.pk,
            "start_date": "2026-01-15",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["deputy"]


def test_a_foreign_id_in_a_form_is_refused_not_linked(clerk_client: Client, council, other_centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        foreign = PersonFactory(centre=other_centre)
    response = clerk_client.post(
        url("membership_create", council.centre),
        {"person": foreign.pk, "committee": council.council.pk, "role": "member", "start_date": "2026-01-15"},
    )
    assert response.status_code == 422 and "person" in response.context["form"].errors


def test_a_member_leaves_and_the_candidate_moves_up(clerk_client: Client, council) -> None:  # type: ignore[no-untyped-def]
    response = clerk_client.post(url("membership_end", council.centre, pk=council.seat.pk), {"end_date": "2026-04-30"})
    assert response.status_code == 302
    with scopes_disabled():
        successor = Membership.objects.get(successor_of=council.seat)
    assert successor.person == council.candidate


def test_meeting_journey_outcome_and_follow_up(clerk_client: Client, council) -> None:  # type: ignore[no-untyped-def]
    centre = council.centre
    response = clerk_client.post(
        url("meeting_create", centre),
        {"committee": council.council.pk, "name": "3. Sitzung", "start": "2026-03-04T17:00", "location": ""},
    )
    assert response.status_code == 302
    with scopes_disabled():
        meeting = Meeting.objects.get(name="3. Sitzung")
    response = clerk_client.post(
        url("agenda_item_create", centre, pk=meeting.pk),
        {"name": "Vorstellung", "public": "on", "paper": council.paper.pk, "role": "decision"},
    )
    assert response.status_code == 302
    assert clerk_client.post(url("meeting_advance", centre, pk=meeting.pk), {"short_notice": "on"}).status_code == 302
    with scopes_disabled():
        item = AgendaItem.objects.get(meeting=meeting)
    response = clerk_client.post(
        url("agenda_item_outcome", centre, pk=item.pk),
        {"result": "adopted", "votes_yes": "8", "votes_no": "1", "votes_abstain": "0", "resolution_text": "Ja."},
    )
    assert response.status_code == 302
    response = clerk_client.post(
        url("follow_up_create", centre, pk=item.pk), {"task": "Bericht", "status": "open", "due_on": "2026-05-01"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert FollowUp.objects.filter(agenda_item=item).exists()
    page = clerk_client.get(url("meeting", centre, pk=meeting.pk)).content.decode()
    assert "Bericht" in page


def test_bad_votes_and_bad_dates_answer_the_form(clerk_client: Client, council) -> None:  # type: ignore[no-untyped-def]
    response = clerk_client.post(
        url("agenda_item_outcome", council.centre, pk=council.item.pk), {"result": "adopted", "votes_yes": "-3"}
    )
    assert response.status_code == 422
    response = clerk_client.post(
        url("meeting_create", council.centre), {"committee": council.council.pk, "name": "x", "start": "morgen"}
    )
    assert response.status_code == 422


def test_advancing_without_items_shows_a_message(clerk_client: Client, council) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        empty = MeetingFactory(centre=council.centre, committee=council.council)
    response = clerk_client.post(url("meeting_advance", council.centre, pk=empty.pk), follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])
    with scopes_disabled():
        empty.refresh_from_db()
    assert empty.state == Meeting.State.PLANNED


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"MZ\x90\x00 not a pdf", "trick.pdf"),
        (b"", "empty.pdf"),
    ],
)
def test_uploads_must_be_pdfs(clerk_client: Client, council, content: bytes, name: str) -> None:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = clerk_client.post(
        url("file_add", council.centre, pk=council.paper.pk), {"upload": upload, "role": "main"}
    )
    assert response.status_code == 422
    with scopes_disabled():
        assert File.objects.filter(paper=council.paper).count() == 1


def test_a_huge_upload_is_refused(clerk_client: Client, council, settings) -> None:  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_BYTES = 100
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 200, content_type="application/pdf")
    response = clerk_client.post(
        url("file_add", council.centre, pk=council.paper.pk), {"upload": upload, "role": "main"}
    )
    assert response.status_code == 422


def test_a_pdf_upload_is_stored(clerk_client: Client, council, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("antrag.pdf", PDF, content_type="application/pdf")
    response = clerk_client.post(
        url("file_add", council.centre, pk=council.paper.pk), {"upload": upload, "role": "auxiliary", "name": "Anlage"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        stored = File.objects.get(name="Anlage")
    download = clerk_client.get(url("file_download", council.centre, pk=stored.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_public_pages_show_the_public_parts_only(client: Client, council) -> None:  # type: ignore[no-untyped-def]
    listing = client.get(url("public_meetings", council.centre))
    assert listing.status_code == 200 and council.meeting.name in listing.content.decode()
    page = client.get(url("public_meeting", council.centre, pk=council.meeting.pk)).content.decode()
    assert "Sprachkurse im Stadtteil" in page and "Mehr Sprachkurse" in page
    assert "Geheim" not in page  # the non-public item, its paper and its file


def test_public_pages_in_arabic_are_right_to_left(client: Client, council) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/ar" + url("public_meeting", council.centre, pk=council.meeting.pk)).content.decode()
    assert 'dir="rtl"' in page and "Geheim" not in page


def test_foreign_centre_objects_answer_404(clerk_client: Client, council, other_centre) -> None:  # type: ignore[no-untyped-def]
    foreign = make_council(other_centre)
    assert clerk_client.get(url("meeting", council.centre, pk=foreign.meeting.pk)).status_code == 404
    assert clerk_client.get(url("public_meeting", council.centre, pk=foreign.meeting.pk)).status_code == 404
    response = clerk_client.post(url("agenda_item_delete", council.centre, pk=foreign.item.pk))
    assert response.status_code == 404
    with scopes_disabled():
        assert not AgendaItem.objects.get(pk=foreign.item.pk).deleted


def _grow(council, rows: int = 6) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        for n in range(rows):
            meeting = MeetingFactory(centre=council.centre, committee=council.council)
            item = AgendaItemFactory(
                centre=council.centre, meeting=meeting, order=1, result="adopted", resolution_text="x"
            )
            FollowUp.objects.create(centre=council.centre, agenda_item=item, task=f"Aufgabe {n}")
            paper = PaperFactory(centre=council.centre, originator_person=council.member)
            pdf_file(paper)
            person = PersonFactory(centre=council.centre)
            MembershipFactory(centre=council.centre, person=person, committee=council.council, deputy=council.member)
            AgendaItemFactory(centre=council.centre, meeting=council.meeting, order=10 + n)


@pytest.mark.parametrize(
    ("name", "detail"),
    [
        ("body", False),
        ("meeting_list", False),
        ("paper_list", False),
        ("follow_ups", False),
        ("meeting", True),
        ("public_meetings", False),
        ("public_meeting", True),
        ("public_resolutions", False),
        ("public_members", False),
        ("public_papers", False),
    ],
)
def test_list_pages_have_a_query_budget_constant_in_rows(
    clerk_client: Client, council, name: str, detail: bool
) -> None:  # type: ignore[no-untyped-def]
    target = url(name, council.centre, **({"pk": council.meeting.pk} if detail else {}))
    with query_budget() as few:
        assert clerk_client.get(target).status_code == 200
    _grow(council)
    with query_budget(few.count, label=name):
        assert clerk_client.get(target).status_code == 200


def test_papers_search(clerk_client: Client, council) -> None:  # type: ignore[no-untyped-def]
    page = clerk_client.get(url("paper_list", council.centre), {"q": "Sprachkurse"}).content.decode()
    assert "Mehr Sprachkurse" in page and "Geheime Personalsache" not in page


def test_public_resolutions_members_and_papers_keep_the_secrets(client: Client, council) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        AgendaItem.objects.filter(pk=council.secret_item.pk).update(
            result="adopted", resolution_text="Geheimer Beschluss"
        )
    resolutions = client.get(url("public_resolutions", council.centre)).content.decode()
    assert "Der Integrationsrat empfiehlt mehr Kurse." in resolutions and "Bericht an den Rat" in resolutions
    assert "Geheim" not in resolutions
    members = client.get(url("public_members", council.centre)).content.decode()
    assert council.member.family_name in members and council.member.email in members
    assert council.unconsented.family_name not in members and "Geheim" not in members
    papers = client.get(url("public_papers", council.centre), {"q": "Personalsache"}).content.decode()
    assert "Geheime Personalsache" not in papers
    papers = client.get(url("public_papers", council.centre), {"q": "Sprachkurse"}).content.decode()
    assert "Mehr Sprachkurse" in papers


def test_the_meeting_calendar_is_icalendar(client: Client, council) -> None:  # type: ignore[no-untyped-def]
    from icalendar import Calendar

    response = client.get(url("public_calendar", council.centre))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    feed = Calendar.from_ical(response.content)
    events = list(feed.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [council.meeting.name]
    assert str(events[0]["uid"]).startswith(f"council-meeting-{council.meeting.pk}@")
    assert "Rathaus" in str(events[0]["location"]) and "Geheim" not in response.content.decode()
