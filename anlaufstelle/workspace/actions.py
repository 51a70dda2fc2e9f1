"""Every write of the workspace: telling people about a hand-off, marking messages read, e-mail settings and texts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.errors import Refused
from anlaufstelle.core.models import AuditEntry, Centre, Membership, User
from anlaufstelle.core.roles import roles_with
from anlaufstelle.core.tokens import new_token
from anlaufstelle.workspace.kinds import DIGEST_INTRO, DIGEST_SUBJECT, KINDS, fill, render_mail, unknown_placeholders
from anlaufstelle.workspace.models import CalendarFeed, MailSetting, MailText, Notification
from anlaufstelle.workspace.selectors import mail_texts


class MailTextError(Refused):
    pass


def notify(
    *,
    centre: Centre,
    kind: str,
    thing: str,
    url_name: str,
    url_kwargs: dict[str, Any] | None = None,
    permission: str,
    organisation_id: int | None = None,
    users: Iterable[User | None] | None = None,
    actor: User | None = None,
    mail: bool = True,
) -> int:
    """Tell everyone in `centre` who holds `permission` there about a hand-off; returns how many were told.

    `organisation_id` narrows it to the people acting for that organisation (a school's contacts);
    `users` narrows it to those people (the partner who asked), who still need the permission here,
    so a message never reaches anyone who may not open what it names. The actor is not told about
    their own step. The link is stored without a language prefix; the list and the e-mail show it in
    the receiver's language. E-mails go out through the task queue after the commit; `mail=False`
    where the module already sends its own e-mail about the step (the directory's proposals).
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}.")
    memberships = Membership.objects.filter(
        centre=centre, is_active=True, user__is_active=True, role__in=roles_with(permission)
    )
    if organisation_id is not None:
        memberships = memberships.filter(organisation_id=organisation_id)
    if users is not None:
        memberships = memberships.filter(user__in=[u.pk for u in users if u is not None])
    if actor is not None and actor.pk:
        memberships = memberships.exclude(user=actor)
    recipients = sorted(set(memberships.values_list("user_id", flat=True)))
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        url = reverse(url_name, kwargs={"centre": centre.slug, **(url_kwargs or {})})
    rows = Notification.objects.bulk_create(
        [Notification(centre=centre, recipient_id=uid, kind=kind, thing=thing[:300], url=url) for uid in recipients]
    )
    if not mail:  # the module e-mails by itself: the message is only in the platform
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(mailed_at=timezone.now())
    off_or_digest = set(
        MailSetting.objects.filter(centre=centre, user_id__in=recipients)
        .exclude(mode=MailSetting.Mode.IMMEDIATE)
        .values_list("user_id", flat=True)
    )
    immediate = [row.pk for row in rows if row.recipient_id not in off_or_digest] if mail else []
    if immediate:
        from anlaufstelle.workspace.tasks import send_notification

        transaction.on_commit(lambda: [send_notification(pk) for pk in immediate], robust=True)
    return len(rows)


def notification_mark_read(*, centre: Centre, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the person's own messages read (the ones given, or all); someone else's ids change nothing."""
    rows = Notification.objects.filter(centre=centre, recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        rows = rows.filter(pk__in=list(notification_ids))
    return rows.update(read_at=timezone.now())


@transaction.atomic
def mail_setting_save(*, centre: Centre, user: User, mode: str) -> MailSetting:
    if mode not in MailSetting.Mode.values:
        raise ValueError(mode)
    setting, _created = MailSetting.objects.update_or_create(centre=centre, user=user, defaults={"mode": mode})
    audit_record(
        actor=user,
        centre=centre,
        kind=AuditEntry.Kind.SECURITY,
        action="workspace.mail_setting.save",
        changes={"mode": [None, mode]},
    )
    return setting


@transaction.atomic
def mail_text_save(*, centre: Centre, actor: User, kind: str, language: str, subject: str, body: str) -> MailText:
    """Save the centre's wording of one message kind in one language (checked placeholders)."""
    if kind not in KINDS or language not in dict(settings.LANGUAGES):
        raise ValueError((kind, language))
    unknown = unknown_placeholders(subject + body)
    if unknown:
        raise MailTextError(
            _("These placeholders are not known: %(names)s. Use {thing}, {link}, {centre} or {name}.")
            % {"names": ", ".join("{" + n + "}" for n in unknown)},
            field="body",
        )
    if "{link}" not in body:
        raise MailTextError(_("The text must contain {link}, so that the receiver finds the page."), field="body")
    text, created = MailText.objects.update_or_create(
        centre=centre, kind=kind, language=language, defaults={"subject": subject.strip(), "body": body.strip()}
    )
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="workspace.mail_text.save",
        target=text,
        changes={"fields": ["subject", "body"]},
    )
    return text


@transaction.atomic
def mail_text_reset(*, centre: Centre, actor: User, kind: str, language: str) -> None:
    """Go back to the built-in wording."""
    deleted, _rows = MailText.objects.filter(centre=centre, kind=kind, language=language).delete()
    if deleted:
        audit_record(
            actor=actor,
            centre=centre,
            kind=AuditEntry.Kind.DELETE,
            action="workspace.mail_text.reset",
            changes={"kind": [kind, None], "language": [language, None]},
        )


# --- e-mails (run by the task queue) ------------------------------------------------------------


def _language(user: User) -> str:
    code = user.preferred_language or settings.LANGUAGE_CODE
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _link(notification: Notification, language: str) -> str:
    from django.urls import translate_url

    return settings.SITE_URL + translate_url(notification.url, language)


def send_one(notification_id: int) -> bool:
    """E-mail one message at once, in the receiver's language; False if it is gone or already sent."""
    with scopes_disabled():  # a task: it gets an id, no centre
        notification = Notification.objects.select_related("recipient", "centre").filter(pk=notification_id).first()
        if notification is None or notification.mailed_at is not None:
            return False
        user = notification.recipient
        language = _language(user)
        subject, body = mail_texts(centre=notification.centre, kind=notification.kind, language=language)
        values = {
            "thing": notification.thing,
            "link": _link(notification, language),
            "centre": notification.centre.name,
            "name": user.full_name,
        }
        subject, body = render_mail(subject=subject, body=body, values=values)
        send_mail(subject, body, None, [user.email])  # an error here lets the task retry
        Notification.objects.filter(pk=notification.pk).update(mailed_at=timezone.now())
    return True


def digest_receivers() -> list[tuple[int, int]]:
    """(centre id, user id) of everyone with the daily digest and messages not yet e-mailed."""
    with scopes_disabled():
        digest = MailSetting.objects.filter(mode=MailSetting.Mode.DIGEST)
        return sorted(
            set(
                Notification.objects.filter(
                    mailed_at__isnull=True,
                    read_at__isnull=True,
                    centre_id__in=digest.values("centre_id"),
                    recipient_id__in=digest.values("user_id"),
                ).values_list("centre_id", "recipient_id")
            )
            & set(digest.values_list("centre_id", "user_id"))
        )


def send_digest(centre_id: int, user_id: int) -> int:
    """One e-mail with every unread message not yet e-mailed; returns how many it listed."""
    with scopes_disabled():
        rows = list(
            Notification.objects.select_related("centre", "recipient")
            .filter(centre_id=centre_id, recipient_id=user_id, mailed_at__isnull=True, read_at__isnull=True)
            .order_by("created_at", "pk")
        )
        if not rows:
            return 0
        user, centre = rows[0].recipient, rows[0].centre
        language = _language(user)
        with translation.override(language):
            values = {"centre": centre.name, "name": user.full_name}
            lines = [fill(str(DIGEST_INTRO), values), ""]
            for row in rows:
                lines.append(f"- {KINDS[row.kind].title}: {row.thing}\n  {_link(row, language)}")
            subject = fill(str(DIGEST_SUBJECT), values)
        send_mail(subject, "\n".join(lines), None, [user.email])
        Notification.objects.filter(pk__in=[r.pk for r in rows]).update(mailed_at=timezone.now())
    return len(rows)


@transaction.atomic
def calendar_feed_create(*, centre: Centre, user: User, scope: str) -> tuple[CalendarFeed, str]:
    """A new subscription link for `scope` (an older link of the same scope stops working); returns the
    feed and the token, which is shown once and never stored."""
    if scope not in CalendarFeed.Scope.values:
        raise Refused(_("Choose what the calendar should hold."), field="scope")
    token, digest = new_token()
    CalendarFeed.objects.filter(centre=centre, user=user, scope=scope).delete()
    feed = CalendarFeed.objects.create(centre=centre, user=user, scope=scope, token_hash=digest)
    audit_record(
        actor=user, centre=centre, kind=AuditEntry.Kind.CREATE, action="workspace.calendar_feed.create", target=feed
    )
    return feed, token


@transaction.atomic
def calendar_feed_end(*, feed: CalendarFeed, actor: User) -> None:
    """End a subscription link: calendar apps that use it get nothing more."""
    audit_record(
        actor=actor, centre=feed.centre, kind=AuditEntry.Kind.DELETE, action="workspace.calendar_feed.end", target=feed
    )
    feed.delete()
