"""Newsletter mails: the confirmation (double opt-in) and an issue, in the subscriber's language.

Sending goes through the task queue (news/tasks.py) in batches of NEWSLETTER_BATCH_SIZE over the
mail backend NEWSLETTER_EMAIL_BACKEND (the site's EMAIL_BACKEND unless set). Every issue mail
carries a personal one-click unsubscribe link, also as List-Unsubscribe header (RFC 8058). A
failed attempt is retried later; an address the server refuses is marked bounced.
"""

from __future__ import annotations

import datetime
import smtplib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from anlaufstelle.core.tokens import new_token
from anlaufstelle.core.translation import pick_translation
from anlaufstelle.news.models import Delivery, IssueTranslation, NewsletterIssue, NewsTranslation, Subscriber

DEFAULT_BATCH = 50


def batch_size() -> int:
    return int(getattr(settings, "NEWSLETTER_BATCH_SIZE", DEFAULT_BATCH))


def connection() -> Any:
    return get_connection(getattr(settings, "NEWSLETTER_EMAIL_BACKEND", None) or settings.EMAIL_BACKEND)


def _url(name: str, **kwargs: Any) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def send_confirmation(subscriber_id: int, token: str) -> None:
    """The double opt-in mail with the single-use confirmation link, in the form's language."""
    with scopes_disabled():  # a task: it gets an id, no centre
        subscriber = Subscriber.objects.select_related("centre").get(pk=subscriber_id)
    if subscriber.status != Subscriber.Status.PENDING:
        return
    with translation.override(subscriber.consent_language or "de"):
        body = render_to_string(
            "news/email/confirm.txt",
            {
                "centre": subscriber.centre,
                "url": _url("news:subscription_confirm", centre=subscriber.centre.slug, token=token),
                "consent_text": subscriber.consent_text,
            },
        )
        subject = _("Please confirm your newsletter subscription: %(centre)s") % {"centre": subscriber.centre.name}
        EmailMessage(subject, body, None, [subscriber.email], connection=connection()).send()


@dataclass
class Entry:
    title: str
    teaser: str
    url: str
    when: datetime.datetime | None = None


@dataclass
class Rendered:
    subject: str
    intro: str
    news: list[Entry]
    events: list[Entry]


def render_issue(issue: NewsletterIssue, language: str, topics: list[str] | None = None) -> Rendered:
    """An issue's texts in `language` (German where a text is missing), limited to `topics`."""
    from django.db.models import Min

    centre = issue.centre
    text = pick_translation(issue.translations.all(), language, IssueTranslation.translated_fields)
    wanted = set(topics) if topics is not None else {"news", "events"}
    news: list[Entry] = []
    events: list[Entry] = []
    with translation.override(language):
        if "news" in wanted:
            for item in issue.news.prefetch_related("translations").order_by("-publish_at", "-pk"):
                texts = pick_translation(item.translations.all(), language, NewsTranslation.translated_fields)
                news.append(Entry(texts.title, texts.teaser, _url("news:detail", centre=centre.slug, pk=item.pk)))
        if "events" in wanted:
            for event in issue.events.annotate(first=Min("dates__starts_at")).order_by("first", "pk"):
                events.append(
                    Entry(
                        event.title,
                        "",
                        _url("events:detail", centre=centre.slug, pk=event.pk),
                        event.first,  # type: ignore[attr-defined]
                    )
                )
    return Rendered(text.subject, text.intro, news, events)


def issue_message(delivery: Delivery, token: str, conn: Any) -> EmailMessage:
    subscriber = delivery.subscriber
    issue = delivery.issue
    with translation.override(delivery.language):
        unsubscribe_url = _url("news:unsubscribe", centre=issue.centre.slug, token=token)
        rendered = render_issue(issue, delivery.language, subscriber.topic_list())
        body = render_to_string(
            "news/email/issue.txt",
            {"centre": issue.centre, "issue": rendered, "unsubscribe_url": unsubscribe_url},
        )
        return EmailMessage(
            rendered.subject,
            body,
            None,
            [subscriber.email],
            connection=conn,
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Content-Language": delivery.language,
            },
        )


def send_batch(issue_id: int, *, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """Send the next batch of an issue's due deliveries. Returns when to run again: now when more
    are due, later when only retries wait, None when the issue is done."""
    from anlaufstelle.news.actions.newsletter import (
        delivery_claim,
        delivery_failed,
        delivery_sent,
        issue_finish_if_done,
    )

    now = now or timezone.now()
    with scopes_disabled():  # a task: it gets an id; the centre is known once the issue is read
        issue = NewsletterIssue.objects.select_related("centre").get(pk=issue_id)
    with scope(centre=issue.centre):
        batch = delivery_claim(issue_id=issue_id, batch=batch_size(), now=now)
        conn = connection()
        for delivery in batch:
            delivery.issue = issue
            if delivery.subscriber.status != Subscriber.Status.ACTIVE:  # unsubscribed meanwhile
                Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SKIPPED)
                continue
            token, token_hash = new_token()
            try:
                issue_message(delivery, token, conn).send()
            except smtplib.SMTPRecipientsRefused as error:  # the server knows the address is dead
                from anlaufstelle.news.actions.newsletter import subscribers_bounced

                delivery_failed(delivery=delivery, error=str(error), now=now, permanent=True)
                subscribers_bounced(centre=issue.centre, emails=[delivery.subscriber.email], actor=None)
            except Exception as error:  # noqa: BLE001 - any transport failure is retried later
                delivery_failed(delivery=delivery, error=f"{type(error).__name__}: {error}", now=now)
            else:
                delivery_sent(delivery=delivery, token_hash=token_hash)
        if issue_finish_if_done(issue_id=issue_id):
            return None
        waiting = Delivery.objects.filter(issue_id=issue_id, status=Delivery.Status.PENDING)
        if waiting.filter(next_attempt_at__isnull=True).exists() or waiting.filter(next_attempt_at__lte=now).exists():
            return now
        return min(d for d in waiting.values_list("next_attempt_at", flat=True) if d)
