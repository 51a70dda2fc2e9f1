"""The networks pages: a working group set up, a meeting held with an action item that shows overdue on the
owner's start page, the organisation page within a constant query budget, the picture without script."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django_scopes import scopes_disabled

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.networks.models import ActionItem, Consultation, Meeting, Member, Network
from anlaufstelle.networks.tests.factories import consenting_contact, make_network, make_networks, staff
from anlaufstelle.partners.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_working_group_holds_a_meeting_and_an_action_item_shows_overdue(centre, login) -> None:  # type: ignore[no-untyped-def]
    keeper = staff(centre)
    owner = staff(centre, role=Role.EDITOR)
    with scopes_disabled():
        school = OrganisationFactory(centre=centre, name="Grundschule Nord")
        contact = consenting_contact(school, email="leitung@gs-nord.example")
    c = {"centre": centre.slug}
    client = login(keeper)
    response = client.post(
        reverse("networks:network_create", kwargs=c),
        {
            "name": "AK Seiteneinstieg",
            "kind": "working_group",
            "topic": "Schule",
            "level": "local",
            "led_by_centre": "on",
            "status": "active",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        network = Network.objects.get(name="AK Seiteneinstieg")
    url = reverse("networks:member_add", kwargs={**c, "pk": network.pk})
    assert client.post(url, {"organisation": school.pk, "contact": contact.pk, "role": "member"}).status_code == 302
    url = reverse("networks:meeting_create", kwargs={**c, "pk": network.pk})
    response = client.post(
        url, {"starts_at": "2026-11-03T10:00", "place": "Rathaus", "agenda": "Begrüßung\nSeiteneinsteiger"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        meeting = Meeting.objects.get(network=network)
    url = reverse("networks:action_item_add", kwargs={**c, "pk": meeting.pk})
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert client.post(url, {"task": "Schulen anschreiben", "owner": owner.pk, "due_on": yesterday}).status_code == 302
    assert client.post(url, {"task": "", "owner": owner.pk, "due_on": "morgen"}).status_code == 422
    with scopes_disabled():
        assert ActionItem.objects.filter(meeting=meeting).count() == 1

    client = login(owner)
    start = client.get(reverse("core:dashboard", kwargs=c)).content.decode()
    assert gettext("your action items past their due date") in start
    mine = client.get(reverse("networks:my_actions", kwargs=c)).content.decode()
    assert "Schulen anschreiben" in mine and gettext("overdue") in mine
    with scopes_disabled():
        item = ActionItem.objects.get(meeting=meeting)
    assert client.post(reverse("networks:action_item_done", kwargs={**c, "pk": item.pk})).status_code == 302
    with scopes_disabled():
        item.refresh_from_db()
    assert item.done_on == timezone.localdate()
    # Someone else's action item: another reader may not tick it off.
    client = login(staff(centre, role=Role.GRANTS_OFFICER))
    assert client.post(reverse("networks:action_item_done", kwargs={**c, "pk": item.pk})).status_code == 404


def test_bad_input_gets_a_message_not_a_500(centre, login) -> None:  # type: ignore[no-untyped-def]
    data = make_networks(centre)
    client = login(staff(centre))
    c = {"centre": centre.slug}
    with scopes_disabled():
        silent_org = OrganisationFactory(centre=centre)
    response = client.post(
        reverse("networks:meeting_edit", kwargs={**c, "pk": data.meeting.pk}), {"starts_at": "gestern"}
    )
    assert response.status_code == 422
    response = client.post(
        reverse("networks:consultation_create", kwargs=c),
        {"organisation": silent_org.pk, "contact": data.member.contact.pk, "held_on": "2026-11-01", "channel": "phone"},
    )
    assert response.status_code == 422  # the person works for another organisation
    assert gettext("The contact person works for another organisation.") in response.content.decode()
    for query in ("?level=mond", "?topic=" + "x" * 500, "?organisation=abc"):
        assert client.get(reverse("networks:overview", kwargs=c) + query).status_code == 200
        assert client.get(reverse("networks:consultations", kwargs=c) + query).status_code == 200
        assert client.get(reverse("networks:cooperation", kwargs=c) + query).status_code == 200


def test_a_consultation_is_logged_from_the_organisation_page(centre, login) -> None:  # type: ignore[no-untyped-def]
    client = login(staff(centre))
    with scopes_disabled():
        kita = OrganisationFactory(centre=centre, name="Kita Regenbogen")
        person = consenting_contact(kita)
    c = {"centre": centre.slug}
    page = client.get(reverse("partners:detail", kwargs={**c, "pk": kita.pk})).content.decode()
    new = reverse("networks:consultation_create", kwargs=c) + f"?organisation={kita.pk}"
    assert new in page
    form = client.get(new).content.decode()
    assert re.search(rf'<option value="{kita.pk}" selected>', form)
    response = client.post(
        new,
        {
            "organisation": kita.pk,
            "contact": person.pk,
            "held_on": timezone.localdate().isoformat(),
            "channel": "visit",
            "topics": "Sprachbildung, Elternarbeit",
            "outcome": "Beraten.",
            "next_step": "Fortbildung anbieten",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        saved = Consultation.objects.get(organisation=kita)
    assert saved.topic_list == ["Sprachbildung", "Elternarbeit"]
    page = client.get(reverse("partners:detail", kwargs={**c, "pk": kita.pk})).content.decode()
    assert "Fortbildung anbieten" in page
    log = client.get(reverse("networks:consultations", kwargs=c) + "?topic=Elternarbeit").content.decode()
    assert "Kita Regenbogen" in log
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="networks.consultation.view", target_id=str(person.pk)).exists()


def test_the_organisation_page_shows_the_whole_relationship_within_a_constant_budget(centre, login) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.events.tests.factories import make_event

    client = login(staff(centre, role=Role.CENTRE_ADMIN))
    data = make_networks(centre)
    organisation = data.member.organisation
    url = reverse("partners:detail", kwargs={"centre": centre.slug, "pk": organisation.pk})
    client.get(url)  # the first request of a session writes it
    with query_budget() as one:
        page = client.get(url).content.decode()
    assert data.network.name in page and "Antrag bis Monatsende" in page
    assert gettext("Events at this organisation") in page
    with scopes_disabled():
        for n in range(6):
            network = make_network(centre, name=f"Netzwerk {n}")
            Member.objects.create(centre=centre, network=network, organisation=organisation)
            Consultation.objects.create(
                centre=centre,
                organisation=organisation,
                held_on=timezone.localdate(),
                channel="phone",
                topics="|Thema|",
            )
            event = make_event(centre, title=f"Fachtag {n}")
            event.organisation = organisation
            event.save()
    with query_budget(one.count) as many:
        page = client.get(url).content.decode()
    many.assert_exactly(one.count)
    assert "Netzwerk 5" in page and "Fachtag 5" in page


def test_the_picture_is_svg_without_script_with_a_table(centre, login) -> None:  # type: ignore[no-untyped-def]
    data = make_networks(centre)
    with scopes_disabled():
        other = OrganisationFactory(centre=centre, name="Caritas Musterstadt")
        Member.objects.create(centre=centre, network=data.network, organisation=other)
    client = login(staff(centre, role=Role.EDITOR))
    response = client.get(reverse("networks:cooperation", kwargs={"centre": centre.slug}))
    main = response.content.decode().split("<main")[1]
    assert "<svg" in main and "<line" in main and "<script" not in main and "style=" not in main
    assert "<table" in main and "Caritas Musterstadt" in main and data.network.name in main
    assert re.search(r'x1="\d+(\.\d+)?"', main)  # coordinates are not localised (no decimal comma)
    empty = client.get(reverse("networks:cooperation", kwargs={"centre": centre.slug}) + "?level=state")
    assert "<svg" not in empty.content.decode().split("<main")[1]


def test_the_minutes_pdf(centre, login) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.tests.pdftext import pdf_text

    data = make_networks(centre)
    client = login(staff(centre, role=Role.COUNCIL_CLERK))
    response = client.get(reverse("networks:minutes_pdf", kwargs={"centre": centre.slug, "pk": data.meeting.pk}))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Liste der Sprachkurse schicken" in text and "Begrüßung" in text


def test_the_lists_keep_their_query_count_with_more_rows(centre, login) -> None:  # type: ignore[no-untyped-def]
    keeper = staff(centre, role=Role.CENTRE_ADMIN)
    data = make_networks(centre, owner=keeper)
    client = login(keeper)
    c = {"centre": centre.slug}
    urls = [
        reverse("networks:overview", kwargs=c),
        reverse("networks:network", kwargs={**c, "pk": data.network.pk}),
        reverse("networks:meeting", kwargs={**c, "pk": data.meeting.pk}),
        reverse("networks:my_actions", kwargs=c),
        reverse("networks:consultations", kwargs=c),
        reverse("networks:cooperation", kwargs=c),
    ]
    client.get(urls[0])  # the first request of a session writes it
    counts = {}
    for url in urls:
        with query_budget() as one:
            assert client.get(url).status_code == 200
        counts[url] = one.count
    with scopes_disabled():
        for n in range(5):
            organisation = OrganisationFactory(centre=centre)
            contact = consenting_contact(organisation)
            network = make_network(centre, name=f"Netzwerk {n}")
            for target in (network, data.network):
                Member.objects.create(centre=centre, network=target, organisation=organisation, contact=contact)
            meeting = Meeting.objects.create(centre=centre, network=data.network, starts_at=timezone.now())
            ActionItem.objects.create(
                centre=centre, meeting=data.meeting, task=f"Aufgabe {n}", owner=keeper, due_on=timezone.localdate()
            )
            ActionItem.objects.create(
                centre=centre, meeting=meeting, task="x", owner=keeper, due_on=timezone.localdate()
            )
            Consultation.objects.create(
                centre=centre, organisation=organisation, contact=contact, held_on=timezone.localdate(), channel="phone"
            )
    for url in urls:
        with query_budget(counts[url], label=url):
            assert client.get(url).status_code == 200
