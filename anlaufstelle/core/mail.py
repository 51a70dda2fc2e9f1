"""E-mails of the core app, sent after the transaction that caused them has committed."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override

from anlaufstelle.core.models import Invitation, User


def set_password_path(user: User) -> tuple[str, str]:
    """The uid and single-use token for the set-password link (invalid once the password is set)."""
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


def send_invitation_mail(*, invitation: Invitation, url: str) -> None:
    """The invitation with its single-use link; the same text whether the address has an account."""
    centre = invitation.centre
    with override(invitation.language or "de"):
        body = render_to_string(
            "core/account/invitation_email.txt",
            {"invitation": invitation, "centre": centre, "url": url, "roles": invitation.role_labels()},
        )
        send_mail(_("Invitation to %(centre)s") % {"centre": centre.name}, body, None, [invitation.email])


def send_password_reset_mail(*, email: str, domain: str, use_https: bool, language: str) -> None:
    """The reset link for each active account with `email` (none: nothing is sent)."""
    from anlaufstelle.core.forms import ResetForm

    form = ResetForm({"email": email})
    if not form.is_valid():
        return
    with override(language):
        form.save(
            domain_override=domain,
            use_https=use_https,
            email_template_name="core/account/password_reset_email.txt",
            subject_template_name="core/account/password_reset_subject.txt",
        )
