"""The writes of the networks module: audited, consent respected, refusals with a message, mail after the commit."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.retention import apply_retention
from anlaufstelle.networks import actions, selectors
from anlaufstelle.networks.errors import NetworkError
from anlaufstelle.networks.models import Consultation, Member, Network
from anlaufstelle.networks.tests.factories import consenting_contact, make_network, make_networks, staff
from anlaufstelle.partners.actions import contact_delete
from anlaufstelle.partners.selectors import contact_personal_data
from anlaufstelle.partners.tests.factories import ContactPersonFactory, OrganisationFactory
from anlaufstelle.workspace.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def keeper(centre):  # type: ignore[no-untyped-def]
    return staff(centre)


def test_a_network_led_by_the_centre_names_no_lead_and_is_audited(centre, keeper, unscoped) -> None:  # type: ignore[no-untyped-def]
    lead = OrganisationFactory(centre=centre)
    data = {"name": "AK DaZ", "kind": "working_group", "topic": "DaZ", "level": "regional", "led_by_centre": True}
    network = actions.network_save(centre=centre, actor=keeper, data={**data, "lead": lead, "status": "active"})
    assert network.lead is None
    assert AuditEntry.objects.filter(action="networks.network.save", target_id=str(network.pk)).exists()


def test_a_contact_without_consent_or_of_another_organisation_is_refused(centre, keeper, unscoped) -> None:  # type: ignore[no-untyped-def]
    network = make_network(centre)
    organisation = OrganisationFactory(centre=centre)
    silent = ContactPersonFactory(organisation=organisation)
    with pytest.raises(NetworkError) as refused:
        actions.member_save(network=network, actor=keeper, data={"organisation": organisation, "contact": silent})
    assert refused.value.field == "contact"
    elsewhere = consenting_contact(OrganisationFactory(centre=centre))
    with pytest.raises(NetworkError):
        actions.member_save(network=network, actor=keeper, data={"organisation": organisation, "contact": elsewhere})
    with pytest.raises(NetworkError):
        actions.member_save(
            network=network,
            actor=keeper,
            data={
                "organisation": organisation,
                "joined_on": datetime.date(2026, 5, 1),
                "left_on": datetime.date(2026, 1, 1),
            },
        )
    assert not Member.objects.filter(network=network).exists()


def test_agenda_lines_replace_the_agenda(centre, keeper, unscoped) -> None:  # type: ignore[no-untyped-def]
    network = make_network(centre)
    when = timezone.now()
    meeting = actions.meeting_save(
        network=network,
        actor=keeper,
        data={"starts_at": when, "place": "Rathaus", "agenda": "Begrüßung\n\n Bericht \n"},
    )
    assert [a.title for a in meeting.agenda.all()] == ["Begrüßung", "Bericht"]
    actions.meeting_save(network=network, actor=keeper, meeting=meeting, data={"agenda": "Bericht", "minutes": "ok"})
    assert [a.title for a in meeting.agenda.all()] == ["Bericht"]
    with pytest.raises(NetworkError):
        actions.meeting_save(network=network, actor=keeper, meeting=meeting, data={"agenda": "x\n" * 41})


def test_an_action_item_goes_to_staff_and_tells_the_owner(
    centre, keeper, unscoped, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    data = make_networks(centre)
    owner = staff(centre)
    with django_capture_on_commit_callbacks(execute=True):
        item = actions.action_item_save(
            meeting=data.meeting,
            actor=keeper,
            data={"task": "Flyer drucken", "owner": owner, "due_on": timezone.localdate()},
        )
    assert Notification.objects.filter(recipient=owner, kind="networks.action_item").count() == 1
    outsider = staff(centre, role="partner")
    with pytest.raises(NetworkError) as refused:
        actions.action_item_save(
            meeting=data.meeting, actor=keeper, data={"task": "x", "owner": outsider, "due_on": timezone.localdate()}
        )
    assert refused.value.field == "owner"
    actions.action_item_done(item=item, actor=owner)
    assert item.done_on == timezone.localdate()


def test_invitation_and_minutes_reach_only_consenting_contacts_with_an_address(
    centre, keeper, unscoped, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    data = make_networks(centre)
    silent_org = OrganisationFactory(centre=centre)
    silent = ContactPersonFactory(organisation=silent_org, email="still@example.org")
    Member.objects.create(centre=centre, network=data.network, organisation=silent_org, contact=silent)
    no_mail = consenting_contact(OrganisationFactory(centre=centre), email="")
    Member.objects.create(centre=centre, network=data.network, organisation=no_mail.organisation, contact=no_mail)
    gone = consenting_contact(OrganisationFactory(centre=centre), email="weg@example.org")
    Member.objects.create(
        centre=centre,
        network=data.network,
        organisation=gone.organisation,
        contact=gone,
        left_on=datetime.date(2020, 1, 1),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.meeting_invite(meeting=data.meeting, actor=keeper) == 1
    assert [m.to for m in mail.outbox] == [[data.member.contact.email]]
    assert "Begrüßung" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.meeting_send_minutes(meeting=data.meeting, actor=keeper)
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments[0][2] == "application/pdf"
    data.meeting.minutes = ""
    data.meeting.save()
    with pytest.raises(NetworkError):
        actions.meeting_send_minutes(meeting=data.meeting, actor=keeper)


def test_consultations_name_only_consenting_people_and_normalise_topics(centre, keeper, unscoped) -> None:  # type: ignore[no-untyped-def]
    organisation = OrganisationFactory(centre=centre)
    base = {"organisation": organisation, "held_on": timezone.localdate(), "channel": "phone", "staff": keeper}
    silent = ContactPersonFactory(organisation=organisation)
    with pytest.raises(NetworkError):
        actions.consultation_save(centre=centre, actor=keeper, data={**base, "contact": silent})
    with pytest.raises(NetworkError):
        actions.consultation_save(
            centre=centre, actor=keeper, data={**base, "held_on": timezone.localdate() + datetime.timedelta(days=9)}
        )
    topics = actions.encode_topics(["Sprache", " sprache", "Eltern|arbeit", ""])
    saved = actions.consultation_save(centre=centre, actor=keeper, data={**base, "topics": topics})
    assert saved.topic_list == ["Sprache", "Eltern arbeit"]


def test_art_15_and_17_and_retention_cover_the_people_named(centre, keeper, unscoped) -> None:  # type: ignore[no-untyped-def]
    data = make_networks(centre)
    contact = data.member.contact
    export = contact_personal_data(contact=contact)
    assert export["other_records"]["networks"]["consultations"][0]["next_step"] == "Antrag bis Monatsende"
    assert export["other_records"]["networks"]["network_memberships"][0]["network"] == "AK Sprachbildung"
    contact_delete(contact=contact, actor=keeper, reason="request")
    data.consultation.refresh_from_db()
    data.member.refresh_from_db()
    assert data.consultation.contact is None and data.member.contact is None  # the entries stay, the name goes

    old_contact = consenting_contact(data.member.organisation)
    old = Consultation.objects.create(
        centre=centre,
        organisation=data.member.organisation,
        contact=old_contact,
        held_on=timezone.localdate() - datetime.timedelta(days=4 * 365),
        channel="visit",
    )
    ended = Member.objects.create(
        centre=centre,
        network=data.network,
        organisation=old_contact.organisation,
        contact=old_contact,
        left_on=timezone.localdate() - datetime.timedelta(days=3 * 365),
    )
    fresh = Consultation.objects.create(
        centre=centre,
        organisation=old_contact.organisation,
        contact=old_contact,
        held_on=timezone.localdate(),
        channel="visit",
    )
    counts = apply_retention()
    assert counts["networks.consultation_names"] == 1 and counts["networks.member_names"] == 1
    old.refresh_from_db()
    ended.refresh_from_db()
    fresh.refresh_from_db()
    assert old.contact is None and ended.contact is None and fresh.contact == old_contact


def test_cooperation_reads_current_members_of_matching_networks(centre, unscoped) -> None:  # type: ignore[no-untyped-def]
    data = make_networks(centre)
    other = OrganisationFactory(centre=centre)
    Member.objects.create(centre=centre, network=data.network, organisation=other)
    state = make_network(centre, name="Landesnetzwerk", level=Network.Level.STATE, topic="Antirassismus")
    Member.objects.create(centre=centre, network=state, organisation=other)
    rows = selectors.cooperation(centre=centre, level="state")["rows"]
    assert {row[0] for row in rows} == {state.pk}
    rows = selectors.cooperation(centre=centre, topic="sprach")["rows"]
    assert {row[2] for row in rows} == {data.member.organisation_id, other.pk}
    with scopes_disabled():
        assert selectors.cooperation(centre=centre, level="nonsense")["rows"]


def test_merging_organisations_keeps_their_networks_and_consultations(centre, keeper, unscoped) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.partners.actions import organisation_merge

    data = make_networks(centre)
    duplicate = data.member.organisation
    target = OrganisationFactory(centre=centre)
    led = make_network(centre, name="Geleitet", led_by_centre=False, lead=duplicate)
    organisation_merge(target=target, duplicate=duplicate, actor=keeper)
    data.member.refresh_from_db()
    data.consultation.refresh_from_db()
    led.refresh_from_db()
    assert data.member.organisation == target and data.consultation.organisation == target and led.lead == target
