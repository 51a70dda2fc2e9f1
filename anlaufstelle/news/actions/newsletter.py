"""Writes of the newsletter: subscriptions (double opt-in), issues, and their sending in batches.

Every change of a subscription is audited without the address (the target is the row); the
subscription row itself is the proof of consent: when it was asked for, when confirmed, the
languages and topics, and the exact text the person agreed to.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record, diff, snapshot
from anlaufstelle.core.languages import encode_codes
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.core.tokens import new_token
from anlaufstelle.news.actions.galleries import save_texts
from anlaufstelle.news.actions.items import NewsRefused
from anlaufstelle.news.models import Delivery, IssueTranslation, NewsletterIssue, Subscriber

MAX_ATTEMPTS = 4
RETRY_AFTER = datetime.timedelta(minutes=10)  # doubled after every failed attempt
LEASE = datetime.timedelta(minutes=15)  # a claimed batch is due again if its worker died


def _queue_confirmation(subscriber: Subscriber, token: str) -> None:
    from anlaufstelle.news.tasks import send_subscription_confirmation

    transaction.on_commit(lambda: send_subscription_confirmation(subscriber.pk, token))


@transaction.atomic
def subscribe(
    *, centre: Centre, email: str, languages: list[str], topics: list[str], consent_text: str, language: str
) -> Subscriber | None:
    """Ask for a subscription: a confirmation mail with a single-use link goes out (double opt-in).

    An address already subscribed gets no mail and no change (the form answers the same either
    way, so it does not reveal who is subscribed); an ended subscription starts over."""
    email = email.strip().lower()
    subscriber = Subscriber.objects.select_for_update().filter(centre=centre, email=email).first()
    if subscriber is not None and subscriber.status == Subscriber.Status.ACTIVE:
        return None
    token, token_hash = new_token()
    created = subscriber is None
    subscriber = subscriber or Subscriber(centre=centre, email=email)
    subscriber.status = Subscriber.Status.PENDING
    subscriber.languages = encode_codes(languages)
    subscriber.topics = encode_codes(topics)
    subscriber.consent_text = consent_text
    subscriber.consent_language = language
    subscriber.requested_at = timezone.now()
    subscriber.confirmed_at = None
    subscriber.ended_at = None
    subscriber.confirm_hash = token_hash
    subscriber.save()
    audit_record(
        actor=None,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="news.newsletter.subscribe",
        target=subscriber,
        changes={"languages": [None, subscriber.languages], "topics": [None, subscriber.topics]},
    )
    _queue_confirmation(subscriber, token)
    return subscriber


@transaction.atomic
def subscription_confirm(*, subscriber: Subscriber) -> Subscriber:
    """The address is confirmed: the subscription is active (the link works once)."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status != Subscriber.Status.PENDING:
        return subscriber
    subscriber.status = Subscriber.Status.ACTIVE
    subscriber.confirmed_at = timezone.now()
    subscriber.confirm_hash = ""
    subscriber.save(update_fields=["status", "confirmed_at", "confirm_hash"])
    audit_record(
        actor=None,
        centre=subscriber.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="news.newsletter.confirm",
        target=subscriber,
        changes={"status": [Subscriber.Status.PENDING, Subscriber.Status.ACTIVE]},
    )
    return subscriber


def _end(subscriber: Subscriber, status: str, action: str, actor: User | None) -> Subscriber:
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status in (Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED):
        return subscriber
    before = subscriber.status
    subscriber.status = status
    subscriber.ended_at = timezone.now()
    subscriber.confirm_hash = ""
    subscriber.save(update_fields=["status", "ended_at", "confirm_hash"])
    # Mails not yet sent are not sent any more (also in the middle of a sending).
    Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SKIPPED
    )
    audit_record(
        actor=actor,
        centre=subscriber.centre,
        kind=AuditEntry.Kind.UPDATE,
        action=action,
        target=subscriber,
        changes={"status": [before, status]},
    )
    return subscriber


@transaction.atomic
def unsubscribe(*, subscriber: Subscriber) -> Subscriber:
    """One click: the person receives nothing more. Logged; the row is kept as proof for a while."""
    return _end(subscriber, Subscriber.Status.UNSUBSCRIBED, "news.newsletter.unsubscribe", None)


@transaction.atomic
def subscribers_bounced(*, centre: Centre, emails: list[str], actor: User | None) -> int:
    """Addresses the mail server reported as undeliverable: nothing more is sent to them."""
    cleaned = {email.strip().lower() for email in emails if email.strip()}
    count = 0
    for subscriber in Subscriber.objects.filter(centre=centre, email__in=cleaned):
        _end(subscriber, Subscriber.Status.BOUNCED, "news.newsletter.bounce", actor)
        count += 1
    return count


# --- Issues -----------------------------------------------------------------------------------


@transaction.atomic
def issue_save(
    *,
    centre: Centre,
    actor: User | None,
    news: list[Any],
    events: list[Any],
    texts: dict[str, dict[str, str]],
    issue: NewsletterIssue | None = None,
) -> NewsletterIssue:
    """Compose an issue: subject and introduction per language, chosen news items and events."""
    created = issue is None
    if issue is not None and issue.status != NewsletterIssue.Status.DRAFT:
        raise NewsRefused(_("This newsletter has been sent already."))
    issue = issue or NewsletterIssue(centre=centre)
    issue.save()
    before_news = sorted(issue.news.values_list("pk", flat=True)) if not created else []
    before_events = sorted(issue.events.values_list("pk", flat=True)) if not created else []
    issue.news.set(news)
    issue.events.set(events)
    changed = save_texts(
        existing=[] if created else list(issue.translations.all()),
        texts=texts,
        new_row=lambda language: IssueTranslation(issue=issue, language=language),
    )
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="news.newsletter.issue_save",
        target=issue,
        changes={
            "news": [before_news, sorted(item.pk for item in news)],
            "events": [before_events, sorted(event.pk for event in events)],
            "texts_changed": [None, sorted(changed)],
        },
    )
    return issue


def issue_topics(issue: NewsletterIssue) -> set[str]:
    topics = set()
    if issue.news.exists():
        topics.add("news")
    if issue.events.exists():
        topics.add("events")
    return topics


@transaction.atomic
def issue_send(*, issue: NewsletterIssue, actor: User) -> int:
    """Send an issue: one delivery per active subscriber and chosen language whose topics the
    issue covers; the task queue sends them in batches with retries. Returns the number queued."""

    issue = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.status != NewsletterIssue.Status.DRAFT:
        raise NewsRefused(_("This newsletter has been sent already."))
    source = issue.translations.filter(language="de").first()
    if source is None or not source.subject.strip():
        raise NewsRefused(_("Write the German subject before sending."))
    topics = issue_topics(issue)
    if not topics:
        raise NewsRefused(_("Choose at least one news item or event."))
    public = set(settings.CONTENT_LANGUAGES)
    deliveries = []
    for subscriber in Subscriber.objects.filter(centre=issue.centre, status=Subscriber.Status.ACTIVE):
        if not topics.intersection(subscriber.topic_list()):
            continue
        for language in subscriber.language_list():
            if language in public:
                deliveries.append(Delivery(centre=issue.centre, issue=issue, subscriber=subscriber, language=language))
    Delivery.objects.bulk_create(deliveries)
    before = snapshot(issue, ("status",))
    issue.status = NewsletterIssue.Status.SENDING
    issue.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        centre=issue.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="news.newsletter.send",
        target=issue,
        changes={**diff(before, snapshot(issue, ("status",))), "deliveries": [None, len(deliveries)]},
    )
    from anlaufstelle.news.tasks import send_newsletter_batch

    transaction.on_commit(lambda: send_newsletter_batch(issue.pk))
    return len(deliveries)


@transaction.atomic
def delivery_claim(*, issue_id: int, batch: int, now: datetime.datetime) -> list[Delivery]:
    """The next batch of deliveries due, leased to this worker: another batch running at the same
    time skips them, and if this worker dies they are due again once the lease has passed."""
    claimed = list(
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(issue_id=issue_id, status=Delivery.Status.PENDING)
        .exclude(next_attempt_at__gt=now)
        .select_related("subscriber", "issue")
        .order_by("pk")[:batch]
    )
    Delivery.objects.filter(pk__in=[d.pk for d in claimed]).update(next_attempt_at=now + LEASE)
    return claimed


def delivery_sent(*, delivery: Delivery, token_hash: str) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), attempts=delivery.attempts + 1, token_hash=token_hash
    )


def delivery_failed(*, delivery: Delivery, error: str, now: datetime.datetime, permanent: bool = False) -> None:
    """A failed attempt: retried later (waiting longer each time) until MAX_ATTEMPTS."""
    attempts = delivery.attempts + 1
    if permanent or attempts >= MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.FAILED, attempts=attempts, last_error=error[:300]
        )
        return
    Delivery.objects.filter(pk=delivery.pk).update(
        attempts=attempts, last_error=error[:300], next_attempt_at=now + RETRY_AFTER * 2 ** (attempts - 1)
    )


@transaction.atomic
def issue_finish_if_done(*, issue_id: int) -> bool:
    """Mark the issue sent once no delivery waits any more."""
    if Delivery.objects.filter(issue_id=issue_id, status=Delivery.Status.PENDING).exists():
        return False
    NewsletterIssue.objects.filter(pk=issue_id, status=NewsletterIssue.Status.SENDING).update(
        status=NewsletterIssue.Status.SENT, sent_at=timezone.now()
    )
    return True
