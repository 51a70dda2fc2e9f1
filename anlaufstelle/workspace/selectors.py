"""Reads of the workspace: a person's messages in a centre, their e-mail setting, the centre's e-mail texts."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation

from anlaufstelle.core.models import Centre, User
from anlaufstelle.workspace.kinds import KINDS
from anlaufstelle.workspace.models import CalendarFeed, MailSetting, MailText, Notification


def notifications_of(*, centre: Centre, user: User) -> QuerySet[Notification]:
    """The person's own messages in this centre, newest first (nobody else's, no other centre's)."""
    return Notification.objects.filter(centre=centre, recipient=user)


def unread_count(*, centre: Centre, user: User) -> int:
    return notifications_of(centre=centre, user=user).filter(read_at__isnull=True).count()


def mail_mode(*, centre: Centre, user: User) -> str:
    setting = MailSetting.objects.filter(centre=centre, user=user).first()
    return setting.mode if setting else MailSetting.Mode.IMMEDIATE


def mail_text_table(*, centre: Centre) -> list[dict[str, object]]:
    """Every kind with, per language, whether the centre wrote its own text."""
    own = set(MailText.objects.filter(centre=centre).values_list("kind", "language"))
    return [
        {
            "kind": kind,
            "title": definition.title,
            "languages": [(code, name, (kind, code) in own) for code, name in settings.LANGUAGES],
        }
        for kind, definition in KINDS.items()
    ]


def mail_text(*, centre: Centre, kind: str, language: str) -> MailText | None:
    return MailText.objects.filter(centre=centre, kind=kind, language=language).first()


def mail_texts(*, centre: Centre, kind: str, language: str) -> tuple[str, str]:
    """The subject and text of a kind in a language: the centre's own, else the built-in (translated)."""
    own = mail_text(centre=centre, kind=kind, language=language)
    if own is not None:
        return own.subject, own.body
    with translation.override(language):
        return str(KINDS[kind].subject), KINDS[kind].full_body()


def calendar_feeds_of(*, centre: Centre, user: User) -> QuerySet[CalendarFeed]:
    """The person's own subscription links in this centre."""
    return CalendarFeed.objects.filter(centre=centre, user=user).order_by("scope")
