"""Messages at the hand-offs: who is told (and who not), in which language, by which channel."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from anlaufstelle.core.models import Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.newcomers import actions as newcomers
from anlaufstelle.newcomers.models import Placement
from anlaufstelle.newcomers.tests.factories import ChildFactory, SchoolFactory, SeatQuotaFactory
from anlaufstelle.workspace import actions
from anlaufstelle.workspace.models import MailSetting, Notification

pytestmark = pytest.mark.django_db


def _contact(member_factory, centre, school, **kwargs):
    user = member_factory(centre, Role.SCHOOL_CONTACT, **kwargs)
    Membership.objects.filter(user=user, centre=centre).update(organisation=school)
    return user


def _proposal(centre, school=None):
    with scopes_disabled():
        quota = SeatQuotaFactory(centre=centre, school=school or SchoolFactory(centre=centre))
        child = ChildFactory(family__centre=centre, centre=centre)
        return Placement.objects.create(centre=centre, child=child, quota=quota, status=Placement.Status.PROPOSED)


def _told(user):
    with scopes_disabled():
        return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_an_approved_child_is_told_to_its_school_only(
    centre, other_centre, member_factory, django_capture_on_commit_callbacks
):
    authority = member_factory(centre, Role.SCHOOL_AUTHORITY)
    placement = _proposal(centre)
    school = placement.quota.school
    ours = _contact(member_factory, centre, school, preferred_language="ar")
    with scopes_disabled():
        other_school = SchoolFactory(centre=centre)
    theirs = _contact(member_factory, centre, other_school)
    caseworker = member_factory(centre, Role.CASEWORKER)
    foreign = member_factory(other_centre, Role.SCHOOL_CONTACT)
    with scope(centre=centre), django_capture_on_commit_callbacks(execute=True):
        newcomers.placement_approve(placement=placement, actor=authority)
    assert _told(ours) == ["newcomers.placement_approved"]
    assert _told(theirs) == [] and _told(caseworker) == [] and _told(foreign) == [] and _told(authority) == []
    with scopes_disabled():
        message = Notification.objects.get(recipient=ours)
    assert message.thing == str(placement.child)
    assert message.url == reverse("newcomers:school", kwargs={"centre": centre.slug})
    # At once by e-mail (the default), the link in the receiver's language.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [ours.email]
    assert f"/ar/{centre.slug}/intern/schule/" in mail.outbox[0].body
    assert str(placement.child) in mail.outbox[0].body


def test_the_schools_confirmation_is_told_to_the_caseworkers(centre, other_centre, member_factory):
    placement = _proposal(centre)
    contact = _contact(member_factory, centre, placement.quota.school)
    caseworker = member_factory(centre, Role.CASEWORKER)
    editor = member_factory(centre, Role.EDITOR)
    foreign = member_factory(other_centre, Role.CASEWORKER)
    with scope(centre=centre):
        Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.APPROVED)
        newcomers.placement_accept(
            placement=placement, actor=contact, first_school_day=timezone.localdate() + datetime.timedelta(days=7)
        )
    assert _told(caseworker) == ["newcomers.placement_accepted"]
    assert _told(editor) == [] and _told(foreign) == [] and _told(contact) == []
    with scopes_disabled():
        url = Notification.objects.get(recipient=caseworker).url
    assert url == reverse("newcomers:family", kwargs={"centre": centre.slug, "pk": placement.child.family_id})


def test_released_proposals_are_told_to_the_school_authority_of_the_centre(centre, other_centre, member_factory):
    caseworker = member_factory(centre, Role.CASEWORKER)
    authority = member_factory(centre, Role.SCHOOL_AUTHORITY)
    foreign = member_factory(other_centre, Role.SCHOOL_AUTHORITY)
    placement = _proposal(centre)
    with scope(centre=centre):
        Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.DRAFT)
        newcomers.placements_release(centre=centre, actor=caseworker, placements=[placement])
    assert _told(authority) == ["newcomers.proposals_released"]
    assert _told(foreign) == [] and _told(caseworker) == []


def test_digest_and_off(centre, member_factory, django_capture_on_commit_callbacks):
    authority = member_factory(centre, Role.SCHOOL_AUTHORITY)
    digest = member_factory(centre, Role.CASEWORKER)
    off = member_factory(centre, Role.CASEWORKER)
    contact_of_nothing = member_factory(centre, Role.CASEWORKER)
    with scope(centre=centre):
        actions.mail_setting_save(centre=centre, user=digest, mode=MailSetting.Mode.DIGEST)
        actions.mail_setting_save(centre=centre, user=off, mode=MailSetting.Mode.OFF)
        actions.mail_setting_save(centre=centre, user=contact_of_nothing, mode=MailSetting.Mode.IMMEDIATE)
    with scope(centre=centre), django_capture_on_commit_callbacks(execute=True):
        told = actions.notify(
            centre=centre,
            kind="newcomers.placement_accepted",
            thing="Kind Haddad",
            url_name="newcomers:worklist",
            permission="newcomers.view_families",
            users=[digest, off],
            actor=authority,
        )
    assert told == 2 and mail.outbox == []
    assert actions.digest_receivers() == [(centre.pk, digest.pk)]
    assert actions.send_digest(centre.pk, digest.pk) == 1
    assert [m.to for m in mail.outbox] == [[digest.email]]
    assert "Kind Haddad" in mail.outbox[0].body
    assert actions.digest_receivers() == []  # sent once


def test_nobody_outside_the_permission_is_told(centre, member_factory):
    partner = member_factory(centre, Role.PARTNER)
    with scope(centre=centre):
        told = actions.notify(
            centre=centre,
            kind="newcomers.placement_accepted",
            thing="Kind Haddad",
            url_name="newcomers:worklist",
            permission="newcomers.view_families",
            users=[partner],  # named, but may not see families
        )
    assert told == 0 and _told(partner) == []


def test_a_centres_own_text_in_the_receivers_language(centre, member_factory, django_capture_on_commit_callbacks):
    admin = member_factory(centre, Role.CENTRE_ADMIN)
    caseworker = member_factory(centre, Role.CASEWORKER, preferred_language="tr")
    with scope(centre=centre):
        actions.mail_text_save(
            centre=centre,
            actor=admin,
            kind="newcomers.placement_accepted",
            language="tr",
            subject="{centre}: okul onayladı",
            body="Merhaba {name}, {thing}: {link}",
        )
    with scope(centre=centre), django_capture_on_commit_callbacks(execute=True):
        actions.notify(
            centre=centre,
            kind="newcomers.placement_accepted",
            thing="Kind Haddad",
            url_name="newcomers:worklist",
            permission="newcomers.view_families",
            actor=admin,
        )
    assert mail.outbox[0].subject == f"{centre.name}: okul onayladı"
    assert mail.outbox[0].body.startswith(f"Merhaba {caseworker.full_name}, Kind Haddad: http")
    assert f"/tr/{centre.slug}/intern/" in mail.outbox[0].body


def test_unknown_placeholders_and_a_missing_link_are_refused(centre, member_factory):
    admin = member_factory(centre, Role.CENTRE_ADMIN)
    with scope(centre=centre), pytest.raises(actions.MailTextError):
        actions.mail_text_save(
            centre=centre, actor=admin, kind="council.follow_up", language="de", subject="x", body="{kind} {link}"
        )
    with scope(centre=centre), pytest.raises(actions.MailTextError):
        actions.mail_text_save(
            centre=centre, actor=admin, kind="council.follow_up", language="de", subject="x", body="{thing}"
        )


def test_a_failing_mail_server_leaves_the_message_owed(centre, member_factory, monkeypatch):
    """The task raises, so Huey retries it; the message stays unsent until a try succeeds."""
    from anlaufstelle.workspace import tasks

    caseworker = member_factory(centre, Role.CASEWORKER)
    with scope(centre=centre):
        actions.mail_setting_save(centre=centre, user=caseworker, mode=MailSetting.Mode.OFF)
        actions.notify(
            centre=centre,
            kind="newcomers.placement_accepted",
            thing="Kind Haddad",
            url_name="newcomers:worklist",
            permission="newcomers.view_families",
        )
        pk = Notification.objects.get(recipient=caseworker).pk

    def down(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("anlaufstelle.workspace.actions.send_mail", down)
    with pytest.raises(OSError):
        actions.send_one(pk)
    with scopes_disabled():
        assert Notification.objects.get(pk=pk).mailed_at is None
    monkeypatch.undo()
    assert actions.send_one(pk) is True
    assert actions.send_one(pk) is False  # never twice
    assert tasks.send_notification.retries == tasks.RETRIES
