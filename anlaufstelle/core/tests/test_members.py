"""Centre admins add people, give and take roles; invitations set a password with a single-use link."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from anlaufstelle.core.models import AuditEntry, Membership, User
from anlaufstelle.core.roles import Role
from anlaufstelle.partners.tests.factories import OrganisationFactory


def test_invite_new_person_sends_single_use_set_password_link(
    admin_client: Client, centre, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("core:member_create", kwargs={"centre": centre.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"email": "Neu@Example.org", "full_name": "Nora Neu", "roles": [Role.CASEWORKER, Role.EDITOR]}
        )
    assert response.status_code == 302
    person = User.objects.get(email="neu@example.org")
    assert not person.has_usable_password()
    assert set(Membership.objects.filter(user=person, centre=centre).values_list("role", flat=True)) == {
        "caseworker",
        "editor",
    }
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/konto/passwort-setzen/\S+/", mail.outbox[0].body).group(0)  # type: ignore[union-attr]
    path = link.split("testserver", 1)[1]

    anonymous = Client()
    form_page = anonymous.get(path, follow=True)
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    weak = anonymous.post(set_url, {"new_password1": "12345", "new_password2": "12345"})
    assert weak.status_code == 200 and weak.context["form"].errors
    done = anonymous.post(
        set_url, {"new_password1": "Lange-sichere-Passphrase-2026", "new_password2": "Lange-sichere-Passphrase-2026"}
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Lange-sichere-Passphrase-2026")
    # The link works once.
    assert not Client().get(path, follow=True).context["validlink"]
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="core.member.invite", target_id=str(person.pk)).exists()


def test_existing_account_gets_roles_in_another_centre_without_mail(
    admin_client: Client, centre, other_centre, member_factory
) -> None:  # type: ignore[no-untyped-def]
    person = member_factory(other_centre, Role.CASEWORKER, email="beide@example.org")
    url = reverse("core:member_create", kwargs={"centre": centre.slug})
    response = admin_client.post(url, {"email": "beide@example.org", "full_name": "x", "roles": [Role.EDITOR]})
    assert response.status_code == 302
    assert mail.outbox == []
    assert set(Membership.objects.filter(user=person).values_list("centre__slug", "role")) == {
        ("beispielland", "caseworker"),
        ("musterstadt", "editor"),
    }


def test_partner_role_needs_an_organisation(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    url = reverse("core:member_create", kwargs={"centre": centre.slug})
    response = admin_client.post(url, {"email": "p@example.org", "full_name": "P", "roles": [Role.PARTNER]})
    assert "organisation" in response.context["form"].errors
    with scopes_disabled():
        org = OrganisationFactory(centre=centre)
    response = admin_client.post(
        url, {"email": "p@example.org", "full_name": "P", "roles": [Role.PARTNER], "organisation": org.pk}
    )
    assert response.status_code == 302
    assert Membership.objects.get(user__email="p@example.org").organisation == org


def test_organisation_of_another_centre_is_refused(admin_client: Client, centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        foreign = OrganisationFactory(centre=other_centre)
    url = reverse("core:member_create", kwargs={"centre": centre.slug})
    response = admin_client.post(
        url, {"email": "p@example.org", "full_name": "P", "roles": [Role.PARTNER], "organisation": foreign.pk}
    )
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
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = member_factory(centre, Role.CASEWORKER)
    admin_client.get(reverse("core:member_edit", kwargs={"centre": centre.slug, "pk": person.pk}))
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="core.member.view", target_id=str(person.pk)).exists()
    for url in [
        reverse("core:member_list", kwargs={"centre": centre.slug}),
        reverse("core:audit", kwargs={"centre": centre.slug}),
    ]:
        admin_client.get(url)
        with CaptureQueriesContext(connection) as few:
            admin_client.get(url)
        for _ in range(8):
            member_factory(centre, Role.EDITOR)
        with CaptureQueriesContext(connection) as many:
            admin_client.get(url)
        assert len(many) == len(few), url


def test_reinviting_a_person_who_never_set_a_password_sends_the_link_again(
    admin_client: Client, centre, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("core:member_create", kwargs={"centre": centre.slug})
    data = {"email": "spaet@example.org", "full_name": "Sina Spät", "roles": [Role.CASEWORKER]}
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, data)
        admin_client.post(url, data)
    assert len(mail.outbox) == 2


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


def test_inviting_an_existing_member_only_adds_roles(client: Client, centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    admin = member_factory(centre, Role.CENTRE_ADMIN, email="einzige@example.org")
    login(admin)
    url = reverse("core:member_create", kwargs={"centre": centre.slug})
    assert (
        client.post(url, {"email": "einzige@example.org", "full_name": "x", "roles": [Role.EDITOR]}).status_code == 302
    )
    roles = set(Membership.objects.filter(user=admin, is_active=True).values_list("role", flat=True))
    assert roles == {Role.CENTRE_ADMIN, Role.EDITOR}


def test_invitation_survives_a_mail_outage(
    admin_client: Client, centre, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "anlaufstelle.core.tests.test_members.BrokenMail"
    url = reverse("core:member_create", kwargs={"centre": centre.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"email": "neu2@example.org", "full_name": "N", "roles": [Role.EDITOR]})
    assert response.status_code == 302
    assert User.objects.filter(email="neu2@example.org").exists()


class BrokenMail:
    """An e-mail backend whose server is down."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        pass

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("mail server down")
