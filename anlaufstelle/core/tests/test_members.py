"""Centre admins add people, give and take roles; invitations set a password with a single-use link."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from anlaufstelle.core.models import AuditEntry, Invitation, Membership, User
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.partners.tests.factories import OrganisationFactory


def _invite(client: Client, centre, capture, **data: object):  # type: ignore[no-untyped-def]
    """Post the invitation form; return the response and the path of the link that was mailed."""
    url = reverse("core:member_create", kwargs={"centre": centre.slug})
    sent = len(mail.outbox)
    with capture(execute=True):
        response = client.post(url, data)
    link = None
    if len(mail.outbox) > sent:
        found = re.search(r"/konto/einladung/[^/\s]+/", mail.outbox[-1].body)
        link = found.group(0) if found else None
    return response, link


@pytest.mark.security
def test_inviting_an_account_of_another_centre_shows_no_name_and_gives_no_roles(
    admin_client: Client, centre, other_centre, member_factory, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    """Issue 20, item 5: an admin learns nothing about accounts elsewhere."""
    person = member_factory(other_centre, Role.CASEWORKER, email="beide@example.org", full_name="Amira Geheim")
    known, link = _invite(
        admin_client, centre, django_capture_on_commit_callbacks, email="Beide@Example.org", roles=[Role.EDITOR]
    )
    unknown, _ = _invite(
        admin_client, centre, django_capture_on_commit_callbacks, email="niemand@example.org", roles=[Role.EDITOR]
    )
    # The same answer for an address with an account and one without.
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known.status_code == 302
    # No roles until the person accepts; the centre sees the address, pending, and no name.
    assert not Membership.objects.filter(user=person, centre=centre).exists()
    page = admin_client.get(reverse("core:member_list", kwargs={"centre": centre.slug})).content.decode()
    assert "beide@example.org" in page and "Amira" not in page and "Geheim" not in page
    with scopes_disabled():
        invitation = Invitation.objects.get(centre=centre, email="beide@example.org")
        assert invitation.status == Invitation.Status.PENDING and invitation.roles == [Role.EDITOR]
        assert AuditEntry.objects.filter(action="core.invitation.create", target_id=str(invitation.pk)).exists()
    # The person hears by e-mail (existing account or not, the same kind of mail).
    assert link and mail.outbox[0].to == ["beide@example.org"]
    assert "Amira" not in mail.outbox[0].body


@pytest.mark.security
def test_an_existing_account_signs_in_and_accepts(
    admin_client: Client, centre, other_centre, member_factory, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from conftest import verify

    person = member_factory(other_centre, Role.CASEWORKER, email="beide@example.org", full_name="Amira Geheim")
    _, link = _invite(
        admin_client, centre, django_capture_on_commit_callbacks, email="beide@example.org", roles=[Role.EDITOR]
    )
    visitor = Client()
    # Not signed in: the page asks to sign in and comes back.
    page = visitor.get(link)
    assert page.status_code == 200 and reverse("core:login") in page.content.decode()
    assert visitor.post(link, {"full_name": "A. G."}).status_code in (200, 302)
    assert not Membership.objects.filter(user=person, centre=centre).exists()
    # Signed in as somebody else: refused.
    stranger = Client()
    verify(stranger, member_factory(other_centre, Role.CASEWORKER, email="fremd@example.org"))
    assert stranger.post(link, {"full_name": "Fremd"}).status_code == 403
    assert not Membership.objects.filter(centre=centre, role=Role.EDITOR).exists()
    verify(visitor, person)
    accepted = visitor.post(link, {"full_name": "Amira G."})
    assert accepted.status_code == 302
    assert accepted["Location"] == reverse("core:dashboard", kwargs={"centre": centre.slug})
    assert list(Membership.objects.filter(user=person, centre=centre).values_list("role", "full_name")) == [
        (Role.EDITOR, "Amira G.")
    ]
    page = admin_client.get(reverse("core:member_list", kwargs={"centre": centre.slug})).content.decode()
    assert "Amira G." in page and "Geheim" not in page
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="core.invitation.accept").count() == 1
    # Single use.
    assert visitor.get(link).status_code == 410
    assert visitor.post(link, {"full_name": "again"}).status_code == 410


def test_a_new_person_sets_name_and_password(admin_client: Client, centre, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    _, link = _invite(
        admin_client,
        centre,
        django_capture_on_commit_callbacks,
        email="Neu@Example.org",
        roles=[Role.CASEWORKER, Role.EDITOR],
    )
    assert not User.objects.filter(email="neu@example.org").exists()
    anonymous = Client()
    assert anonymous.get(link).status_code == 200
    weak = anonymous.post(link, {"full_name": "Nora Neu", "new_password1": "12345", "new_password2": "12345"})
    assert weak.status_code == 422 and weak.context["form"].errors
    password = "Lange-sichere-Passphrase-2026"
    done = anonymous.post(link, {"full_name": "Nora Neu", "new_password1": password, "new_password2": password})
    assert done.status_code == 302 and done["Location"].startswith(reverse("core:login"))
    person = User.objects.get(email="neu@example.org")
    assert person.check_password(password) and person.full_name == "Nora Neu"
    assert set(Membership.objects.filter(user=person, centre=centre).values_list("role", "full_name")) == {
        ("caseworker", "Nora Neu"),
        ("editor", "Nora Neu"),
    }
    # The link works once.
    assert anonymous.get(link).status_code == 410
    assert (
        Client().post(link, {"full_name": "X", "new_password1": password, "new_password2": password}).status_code == 410
    )


@pytest.mark.security
def test_an_invitation_expires_and_says_so(admin_client: Client, centre, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    import datetime

    from django.utils import timezone, translation

    _, link = _invite(
        admin_client, centre, django_capture_on_commit_callbacks, email="spaet@example.org", roles=["editor"]
    )
    with scopes_disabled():
        Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with translation.override("en"):
        page = Client().get("/en" + link)
        assert page.status_code == 410
        assert translation.gettext("This invitation has expired.") in page.content.decode()
    password = "Lange-sichere-Passphrase-2026"
    refused = Client().post(link, {"full_name": "S", "new_password1": password, "new_password2": password})
    assert refused.status_code == 410 and not User.objects.filter(email="spaet@example.org").exists()
    listing = admin_client.get(reverse("core:member_list", kwargs={"centre": centre.slug}))
    assert listing.context["invitations"][0].is_expired


@pytest.mark.security
def test_invitations_are_withdrawn_and_resent(admin_client: Client, centre, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    _, first = _invite(
        admin_client, centre, django_capture_on_commit_callbacks, email="w@example.org", roles=["editor"]
    )
    with scopes_disabled():
        invitation = Invitation.objects.get()
    resend = reverse("core:invitation_resend", kwargs={"centre": centre.slug, "pk": invitation.pk})
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(resend).status_code == 302
    second = re.search(r"/konto/einladung/[^/\s]+/", mail.outbox[-1].body).group(0)  # type: ignore[union-attr]
    assert len(mail.outbox) == 2 and second != first
    assert Client().get(first).status_code == 404  # the old link is gone
    assert Client().get(second).status_code == 200
    withdraw = reverse("core:invitation_withdraw", kwargs={"centre": centre.slug, "pk": invitation.pk})
    assert admin_client.post(withdraw).status_code == 302
    assert Client().get(second).status_code == 410
    with scopes_disabled():
        assert [e.action for e in AuditEntry.objects.filter(action__startswith="core.invitation").order_by("pk")] == [
            "core.invitation.create",
            "core.invitation.resend",
            "core.invitation.withdraw",
        ]
    # A withdrawn invitation is off the list; the address can be invited again.
    listing = admin_client.get(reverse("core:member_list", kwargs={"centre": centre.slug}))
    assert list(listing.context["invitations"]) == []
    _, third = _invite(
        admin_client, centre, django_capture_on_commit_callbacks, email="w@example.org", roles=["editor"]
    )
    assert third and Client().get(third).status_code == 200


@pytest.mark.security
def test_a_foreign_centres_invitation_is_404(
    admin_client: Client, centre, other_centre, member_factory, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    other_admin = Client()
    from conftest import verify

    verify(other_admin, member_factory(other_centre, Role.CENTRE_ADMIN))
    _invite(other_admin, other_centre, django_capture_on_commit_callbacks, email="f@example.org", roles=["editor"])
    with scopes_disabled():
        foreign = Invitation.objects.get(centre=other_centre)
    for name in ("core:invitation_resend", "core:invitation_withdraw"):
        url = reverse(name, kwargs={"centre": centre.slug, "pk": foreign.pk})
        assert admin_client.post(url).status_code == 404
    with scopes_disabled():
        foreign.refresh_from_db()
    assert foreign.status == Invitation.Status.PENDING and len(mail.outbox) == 1


def test_closed_invitations_are_deleted_after_their_retention_period(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    import datetime

    from django.utils import timezone

    from anlaufstelle.core import actions
    from anlaufstelle.core.retention import apply_retention

    admin = member_factory(centre, Role.CENTRE_ADMIN)
    long_ago = timezone.now() - datetime.timedelta(days=91)
    with scopes_disabled():
        kept = [
            actions.invitation_create(centre=centre, actor=admin, email=f"k{n}@example.org", roles=["editor"])
            for n in range(2)
        ]
        old = [
            actions.invitation_create(centre=centre, actor=admin, email=f"o{n}@example.org", roles=["editor"])
            for n in range(2)
        ]
        actions.invitation_withdraw(invitation=kept[1], actor=admin)  # withdrawn today
        Invitation.objects.filter(pk=old[0].pk).update(expires_at=long_ago)  # expired long ago
        Invitation.objects.filter(pk=old[1].pk).update(status="withdrawn", closed_at=long_ago)
    assert apply_retention()["core.invitations"] == 2
    with scopes_disabled():
        assert set(Invitation.objects.values_list("email", flat=True)) == {"k0@example.org", "k1@example.org"}


def test_a_member_of_this_centre_is_not_invited_again(client: Client, centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    admin = member_factory(centre, Role.CENTRE_ADMIN, email="einzige@example.org")
    login(admin)
    url = reverse("core:member_create", kwargs={"centre": centre.slug})
    response = client.post(url, {"email": "einzige@example.org", "roles": [Role.EDITOR]})
    assert response.status_code == 200 and "email" in response.context["form"].errors
    with scopes_disabled():
        assert not Invitation.objects.exists()


def test_partner_role_needs_an_organisation(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    url = reverse("core:member_create", kwargs={"centre": centre.slug})
    response = admin_client.post(url, {"email": "p@example.org", "roles": [Role.PARTNER]})
    assert "organisation" in response.context["form"].errors
    with scopes_disabled():
        org = OrganisationFactory(centre=centre)
    response = admin_client.post(url, {"email": "p@example.org", "roles": [Role.PARTNER], "organisation": org.pk})
    assert response.status_code == 302
    with scopes_disabled():
        assert Invitation.objects.get(email="p@example.org").organisation == org


def test_organisation_of_another_centre_is_refused(admin_client: Client, centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        foreign = OrganisationFactory(centre=other_centre)
    url = reverse("core:member_create", kwargs={"centre": centre.slug})
    response = admin_client.post(url, {"email": "p@example.org", "roles": [Role.PARTNER], "organisation": foreign.pk})
    assert "organisation" in response.context["form"].errors


def test_removing_all_roles_ends_access_to_the_centre(admin_client: Client, centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    person = member_factory(centre, Role.CASEWORKER)
    other = Client()
    from conftest import verify

    verify(other, person)
    dashboard = reverse("core:dashboard", kwargs={"centre": centre.slug})
    assert other.get(dashboard).status_code == 200
    url = reverse("core:member_edit", kwargs={"centre": centre.slug, "pk": person.pk})
    response = admin_client.post(url, {"roles": []})
    assert response.status_code == 302, response.context["form"].errors
    assert other.get(dashboard).status_code == 404
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="core.member.roles")
    assert entry.changes["roles"] == [["caseworker"], []]


def test_admin_cannot_remove_own_admin_role(client: Client, centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    admin = member_factory(centre, Role.CENTRE_ADMIN)
    login(admin)
    url = reverse("core:member_edit", kwargs={"centre": centre.slug, "pk": admin.pk})
    response = client.post(url, {"roles": [Role.EDITOR]})
    assert response.status_code == 200 and "roles" in response.context["form"].errors
    assert Membership.objects.filter(user=admin, role=Role.CENTRE_ADMIN, is_active=True).exists()


def test_member_of_another_centre_is_404(admin_client: Client, centre, other_centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    stranger = member_factory(other_centre, Role.CASEWORKER)
    url = reverse("core:member_edit", kwargs={"centre": centre.slug, "pk": stranger.pk})
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, {"roles": [Role.EDITOR]}).status_code == 404
    assert not Membership.objects.filter(user=stranger, centre=centre).exists()


@pytest.mark.security
def test_password_reset_does_not_reveal_accounts(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("core:password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:password_reset_sent")
    assert mail.outbox == []


def test_centre_contact_data_is_edited_and_shown(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    url = reverse("core:centre_edit", kwargs={"centre": centre.slug})
    bad = admin_client.post(url, {"name": "", "email": "kaputt"})
    assert {"name", "email"} <= set(bad.context["form"].errors)
    ok = admin_client.post(
        url,
        {
            "name": "KI Musterstadt",
            "street": "Neuer Weg 2",
            "postcode": "47798",
            "city": "Musterstadt",
            "email": "ki@musterstadt.example",
            "phone": "02151 1234",
        },
    )
    assert ok.status_code == 302
    assert "Neuer Weg 2" in admin_client.get(reverse("core:centre", kwargs={"centre": centre.slug})).content.decode()


def test_viewing_a_person_is_audited_and_lists_have_query_budgets(admin_client: Client, centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    many_urls: list[str] = []
    person = member_factory(centre, Role.CASEWORKER)
    admin_client.get(reverse("core:member_edit", kwargs={"centre": centre.slug, "pk": person.pk}))
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="core.member.view", target_id=str(person.pk)).exists()
    for url in [
        reverse("core:member_list", kwargs={"centre": centre.slug}),
        reverse("core:audit", kwargs={"centre": centre.slug}),
    ]:
        admin_client.get(url)
        with query_budget(label=url) as few:
            admin_client.get(url)
        for n in range(8):
            member_factory(centre, Role.EDITOR)
            with scopes_disabled():
                Invitation.objects.create(
                    centre=centre,
                    email=f"offen{n}-{len(many_urls)}@example.org",
                    roles=[Role.EDITOR, Role.PARTNER],
                    organisation=OrganisationFactory(centre=centre),
                    token_hash=f"{n}-{len(many_urls)}",
                    expires_at=timezone.now(),
                )
        many_urls.append(url)
        with query_budget(label=url) as many:
            admin_client.get(url)
        many.assert_exactly(few.count)


def test_password_reset_reaches_an_invited_account_without_password(client: Client, centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    person = member_factory(centre, Role.CASEWORKER, email="eingeladen@example.org")
    person.set_unusable_password()
    person.save()
    client.post(reverse("core:password_reset"), {"email": "eingeladen@example.org"})
    assert len(mail.outbox) == 1 and "/konto/passwort-setzen/" in mail.outbox[0].body


def test_last_admin_cannot_be_removed_by_another_admin(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from anlaufstelle.core import actions

    only_admin = member_factory(centre, Role.CENTRE_ADMIN)
    other = member_factory(centre, Role.EDITOR)
    with pytest.raises(actions.RoleChangeRefused, match="last_admin"):
        actions.member_set_roles(centre=centre, actor=other, user=only_admin, roles=[Role.EDITOR])
    second_admin = member_factory(centre, Role.CENTRE_ADMIN)
    actions.member_set_roles(centre=centre, actor=second_admin, user=only_admin, roles=[Role.EDITOR])
    assert not Membership.objects.filter(user=only_admin, role=Role.CENTRE_ADMIN, is_active=True).exists()


def test_create_centre_command(db, capsys) -> None:  # type: ignore[no-untyped-def]
    import pytest
    from django.core.management import CommandError, call_command

    from anlaufstelle.core.models import Centre

    call_command("create_centre", "krefeld", "KI Krefeld", admin_email="Leitung@krefeld.example", admin_name="Lea")
    out = capsys.readouterr().out
    assert "/konto/passwort-setzen/" in out
    assert Membership.objects.get(user__email="leitung@krefeld.example").centre == Centre.objects.get(slug="krefeld")
    with pytest.raises(CommandError, match="slug"):
        call_command("create_centre", "konto", "Reserved", admin_email="x@example.org", admin_name="X")


def test_invitation_survives_a_mail_outage(
    admin_client: Client, centre, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "anlaufstelle.core.tests.test_members.BrokenMail"
    url = reverse("core:member_create", kwargs={"centre": centre.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"email": "neu2@example.org", "roles": [Role.EDITOR]})
    assert response.status_code == 302
    with scopes_disabled():
        assert Invitation.objects.filter(email="neu2@example.org").exists()


class BrokenMail:
    """An e-mail backend whose server is down."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        pass

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("mail server down")


def test_member_refusals_keep_their_codes_and_carry_a_sentence_for_the_form() -> None:
    from anlaufstelle.core import actions
    from anlaufstelle.core.errors import Refused

    refusal = actions.RoleChangeRefused("last_admin")
    assert isinstance(refusal, Refused) and not isinstance(refusal, ValueError)
    assert str(refusal) == refusal.code == "last_admin" and refusal.field == "roles"
    assert refusal.message and refusal.message != "last_admin"
    invitation = actions.InvitationError("member")
    assert str(invitation) == "member" and invitation.field == "email" and invitation.message != "member"
    assert actions.InvitationError("expired").message == actions.InvitationError("sign_in").message
    with pytest.raises(KeyError):
        actions.RoleChangeRefused("no_such_rule")
