"""The start page, the message list and the e-mail texts: what each person sees, and the query budget."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from anlaufstelle.core.models import Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.newcomers.models import Placement, SeatQuota
from anlaufstelle.newcomers.tests.factories import ChildFactory, SchoolFactory, SeatQuotaFactory
from anlaufstelle.workspace import actions
from anlaufstelle.workspace.models import MailText, Notification
from conftest import verify

pytestmark = pytest.mark.django_db

ALL_STAFF = [
    Role.CENTRE_ADMIN,
    Role.CASEWORKER,
    Role.VOLUNTEER_COORDINATOR,
    Role.EDITOR,
    Role.EVENTS_ORGANISER,
    Role.COUNCIL_CLERK,
    Role.SCHOOL_AUTHORITY,
]


def _start(centre):
    return reverse("core:dashboard", kwargs={"centre": centre.slug})


def _placements(centre, school, status, n):
    with scopes_disabled():
        quota = SeatQuota.objects.filter(school=school).first() or SeatQuotaFactory(
            centre=centre, school=school, seats=100
        )
        for _ in range(n):
            child = ChildFactory(family__centre=centre, centre=centre)
            Placement.objects.create(centre=centre, child=child, quota=quota, status=status)


def _due(response):
    """url -> count of the start page's due cards."""
    return {item.url: item.count for items in response.context["groups"].values() for item in items}


def _member(member_factory, centre, roles, **kwargs):
    user = member_factory(centre, roles[0], **kwargs)
    for role in roles[1:]:
        Membership.objects.create(user=user, centre=centre, role=role)
    return user


def test_the_schulamt_sees_the_proposals_waiting_in_its_centre_only(client, centre, other_centre, member_factory):
    with scopes_disabled():
        school, foreign_school = SchoolFactory(centre=centre), SchoolFactory(centre=other_centre)
    _placements(centre, school, Placement.Status.PROPOSED, 3)
    _placements(other_centre, foreign_school, Placement.Status.PROPOSED, 5)
    verify(client, member_factory(centre, Role.SCHOOL_AUTHORITY))
    response = client.get(_start(centre))
    assert response.status_code == 200
    assert _due(response) == {reverse("newcomers:authority", kwargs={"centre": centre.slug}): 3}
    assert b"tile-list" in response.content


def test_a_school_sees_only_its_own_children_to_confirm(client, centre, member_factory):
    with scopes_disabled():
        ours, theirs = SchoolFactory(centre=centre), SchoolFactory(centre=centre)
    _placements(centre, ours, Placement.Status.APPROVED, 2)
    _placements(centre, theirs, Placement.Status.APPROVED, 4)
    contact = member_factory(centre, Role.SCHOOL_CONTACT)
    Membership.objects.filter(user=contact).update(organisation=ours)
    verify(client, contact)
    assert _due(client.get(_start(centre)))[reverse("newcomers:school", kwargs={"centre": centre.slug})] == 2


def test_a_partner_sees_no_staff_work(client, centre, member_factory):
    _placements(centre, SchoolFactory(centre=centre), Placement.Status.PROPOSED, 2)
    verify(client, member_factory(centre, Role.PARTNER))
    response = client.get(_start(centre))
    # their own work only: interpreting requests and their organisation's grant applications
    assert set(_due(response)) == {
        reverse("volunteers:institution_requests", kwargs={"centre": centre.slug}),
        reverse("grants:partner_applications", kwargs={"centre": centre.slug}),
    }


@pytest.mark.parametrize("role", [*ALL_STAFF, Role.SCHOOL_CONTACT, Role.PARTNER, Role.STATE_ANALYST])
def test_every_role_has_a_start_page(client, centre, member_factory, role):
    verify(client, member_factory(centre, role))
    assert client.get(_start(centre)).status_code == 200


def test_the_start_page_query_count_is_constant_in_the_records(client, centre, member_factory):
    """A person holding every staff role: one school, then many records of every kind."""
    user = _member(member_factory, centre, ALL_STAFF)
    verify(client, user)
    with scopes_disabled():
        school = SchoolFactory(centre=centre)
    _placements(centre, school, Placement.Status.PROPOSED, 1)
    with scope(centre=centre):
        actions.notify(
            centre=centre,
            kind="newcomers.placement_accepted",
            thing="Kind Haddad",
            url_name="newcomers:worklist",
            permission="newcomers.view_families",
        )
    client.get(_start(centre))  # warm the session and caches
    with query_budget() as few:
        client.get(_start(centre))
    _placements(centre, school, Placement.Status.PROPOSED, 20)
    _placements(centre, school, Placement.Status.APPROVED, 20)
    with scope(centre=centre):
        for _ in range(12):
            actions.notify(
                centre=centre,
                kind="newcomers.placement_accepted",
                thing="Kind Haddad",
                url_name="newcomers:worklist",
                permission="newcomers.view_families",
            )
    with query_budget(few.count, label="start page with many records") as many:
        response = client.get(_start(centre))
    many.assert_exactly(few.count)
    assert response.context["unread"] == 13
    assert few.count <= 30


def test_messages_are_ones_own(client, centre, other_centre, member_factory):
    mine = member_factory(centre, Role.CASEWORKER)
    Membership.objects.create(user=mine, centre=other_centre, role=Role.CASEWORKER)
    colleague = member_factory(centre, Role.CASEWORKER)
    for where in (centre, other_centre):
        with scope(centre=where):
            actions.notify(
                centre=where,
                kind="newcomers.placement_accepted",
                thing=f"Kind in {where.slug}",
                url_name="newcomers:worklist",
                permission="newcomers.view_families",
            )
    verify(client, mine)
    url = reverse("workspace:notifications", kwargs={"centre": centre.slug})
    response = client.get(url)
    assert [row["n"].thing for row in response.context["rows"]] == [f"Kind in {centre.slug}"]
    assert response.context["unread"] == 1
    with scopes_disabled():
        theirs = Notification.objects.get(recipient=colleague)
        foreign = Notification.objects.get(recipient=mine, centre=other_centre)
    read = reverse("workspace:mark_read", kwargs={"centre": centre.slug})
    client.post(read, {"notification": theirs.pk})
    client.post(read, {"notification": foreign.pk})
    with scopes_disabled():
        assert Notification.objects.filter(read_at__isnull=False).count() == 0
    assert client.post(read, {"notification": "x"}).status_code == 404
    own = response.context["rows"][0]["n"]
    client.post(read, {"notification": own.pk})
    with scopes_disabled():
        assert Notification.objects.get(pk=own.pk).read_at is not None
        assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_all_and_the_mail_setting(client, centre, member_factory):
    user = member_factory(centre, Role.CASEWORKER)
    with scope(centre=centre):
        for _ in range(3):
            actions.notify(
                centre=centre,
                kind="newcomers.placement_accepted",
                thing="Kind",
                url_name="newcomers:worklist",
                permission="newcomers.view_families",
            )
    verify(client, user)
    client.post(reverse("workspace:mark_all_read", kwargs={"centre": centre.slug}))
    assert client.get(reverse("workspace:notifications", kwargs={"centre": centre.slug})).context["unread"] == 0
    client.post(reverse("workspace:mail_setting", kwargs={"centre": centre.slug}), {"mode": "digest"})
    response = client.get(reverse("workspace:notifications", kwargs={"centre": centre.slug}))
    assert response.context["mail_form"].initial["mode"] == "digest"


def test_the_admin_previews_and_saves_a_text(client, centre, member_factory):
    verify(client, member_factory(centre, Role.CENTRE_ADMIN))
    kwargs = {"centre": centre.slug, "kind": "newcomers.placement_approved", "language": "uk"}
    edit = reverse("workspace:mail_text_edit", kwargs=kwargs)
    assert "{link}" in client.get(edit).context["form"].initial["body"]
    data = {"subject": "{centre}: нова дитина", "body": "Вітаємо, {name}! {thing} {link}"}
    preview = client.post(edit, data)
    assert preview.status_code == 200 and preview.context["preview"]["subject"] == f"{centre.name}: нова дитина"
    with scopes_disabled():
        assert not MailText.objects.exists()  # a preview saves nothing
    saved = client.post(reverse("workspace:mail_text_save", kwargs=kwargs), data)
    assert saved.status_code == 302
    with scopes_disabled():
        assert MailText.objects.get().body == data["body"]
    wrong = client.post(reverse("workspace:mail_text_save", kwargs=kwargs), {**data, "body": "{kind} {link}"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    client.post(reverse("workspace:mail_text_reset", kwargs=kwargs))
    with scopes_disabled():
        assert not MailText.objects.exists()
    bad = {**kwargs, "kind": "nothing"}
    assert client.get(reverse("workspace:mail_text_edit", kwargs=bad)).status_code == 404


def test_only_the_centre_admin_edits_texts(client, centre, member_factory):
    verify(client, member_factory(centre, Role.CASEWORKER))
    assert client.get(reverse("workspace:mail_texts", kwargs={"centre": centre.slug})).status_code == 403
