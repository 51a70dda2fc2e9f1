"""The newsletter: double opt-in, languages and topics, proof of consent, composing and
previewing an issue, sending in batches through the task queue with retries, bounces, and the
one-click unsubscribe (List-Unsubscribe, RFC 8058)."""

from __future__ import annotations

import datetime
import re
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from django_scopes import scope, scopes_disabled

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.news.actions import newsletter as actions
from anlaufstelle.news.models import Delivery, NewsletterIssue, Subscriber
from anlaufstelle.news.newsletter import send_batch
from anlaufstelle.news.tests.factories import make_news

pytestmark = pytest.mark.django_db


def url(name: str, centre: Any, language: str = "de", **kwargs: Any) -> str:
    with override(language):
        return reverse(f"news:{name}", kwargs={"centre": centre.slug, **kwargs})


def link(body: str, part: str) -> str:
    found = re.search(rf"https?://\S*/{part}/(\S+?)/", body)
    assert found, body
    return found.group(1)


def subscribe(client: Client, centre: Any, email: str, languages: list[str], topics: list[str], capture: Any) -> None:
    with capture(execute=True):
        response = client.post(
            url("subscribe", centre),
            {"email": email, "languages": languages, "topics": topics, "consent": "on"},
        )
    assert response.status_code == 200 and "data-subscribed" in response.content.decode()


def active(centre: Any, email: str, languages: list[str], topics: list[str]) -> Subscriber:
    from anlaufstelle.core.languages import encode_codes

    with scopes_disabled():
        return Subscriber.objects.create(
            centre=centre,
            email=email,
            status=Subscriber.Status.ACTIVE,
            languages=encode_codes(languages),
            topics=encode_codes(topics),
            consent_text="…",
            consent_language="de",
            requested_at=timezone.now(),
            confirmed_at=timezone.now(),
        )


def issue_with_news(centre: Any, editor: Any) -> NewsletterIssue:
    item = make_news(
        centre,
        "x",
        texts={"de": {"title": "Rückblick DaZ-Tag", "teaser": "Kurz"}, "ar": {"title": "يوم اللغة الألمانية"}},
    )
    with scope(centre=centre):
        return actions.issue_save(
            centre=centre,
            actor=editor,
            news=[item],
            events=[],
            texts={"de": {"subject": "Neues aus dem KI", "intro": "Hallo"}, "ar": {"subject": "أخبار"}},
        )


def test_double_opt_in_records_the_proof_of_consent(client: Client, centre, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    subscribe(client, centre, "Leyla@Example.org", ["de", "ar"], ["news", "events"], django_capture_on_commit_callbacks)
    with scopes_disabled():
        subscriber = Subscriber.objects.get()
    assert subscriber.email == "leyla@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.language_list() == ["ar", "de"] and subscriber.topic_list() == ["events", "news"]
    assert centre.name in subscriber.consent_text and subscriber.requested_at
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["leyla@example.org"]
    token = link(mail.outbox[0].body, "bestaetigen")
    assert token not in subscriber.confirm_hash  # only the hash is stored
    # A GET (a link scanner) confirms nothing; the button does.
    assert client.get(url("subscription_confirm", centre, token=token)).status_code == 200
    with scopes_disabled():
        assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    page = client.post(url("subscription_confirm", centre, token=token)).content.decode()
    assert "data-confirmed" in page
    with scopes_disabled():
        subscriber = Subscriber.objects.get()
        assert subscriber.status == Subscriber.Status.ACTIVE and subscriber.confirmed_at
        actions_logged = set(AuditEntry.objects.filter(centre=centre).values_list("action", flat=True))
    assert {"news.newsletter.subscribe", "news.newsletter.confirm"} <= actions_logged
    assert client.get(url("subscription_confirm", centre, token=token)).status_code == 404  # used once


def test_subscribing_a_known_address_reveals_nothing_and_sends_nothing(
    client: Client, centre, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    active(centre, "known@example.org", ["de"], ["news"])
    subscribe(client, centre, "known@example.org", ["de"], ["news"], django_capture_on_commit_callbacks)
    assert mail.outbox == []


@pytest.mark.security
def test_one_address_gets_few_confirmation_mails_and_one_client_few_sign_ups(
    client: Client, centre, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # Someone making the centre mail a stranger again and again: after three mails a day the
    # address gets no more, and the answer stays the same.
    for _attempt in range(5):
        subscribe(client, centre, "victim@example.org", ["de"], ["news"], django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3
    # One client trying many addresses is stopped after ten an hour.
    answers = [
        client.post(
            url("subscribe", centre),
            {"email": f"a{number}@example.org", "languages": ["de"], "topics": ["news"], "consent": "on"},
        ).status_code
        for number in range(8)
    ]
    assert answers[-1] == 429 and answers.count(200) == 5


def test_the_subscription_form_needs_consent_a_language_and_a_topic(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    response = client.post(url("subscribe", centre), {"email": "a@example.org"})
    assert response.status_code == 422
    with scopes_disabled():
        assert not Subscriber.objects.exists()


def test_an_issue_is_previewed_and_sent_in_batches_per_language_with_unsubscribe_headers(  # type: ignore[no-untyped-def]
    centre, member_factory, login, settings, django_capture_on_commit_callbacks
) -> None:
    settings.NEWSLETTER_BATCH_SIZE = 2
    editor_user = member_factory(centre, Role.EDITOR)
    editor = login(editor_user)
    issue = issue_with_news(centre, editor_user)
    preview = editor.get(url("issue_preview", centre, pk=issue.pk) + "?lang=ar").content.decode()
    assert "يوم اللغة الألمانية" in preview and 'dir="rtl"' in preview
    for n in range(4):
        active(centre, f"p{n}@example.org", ["de"], ["news"])
    active(centre, "two@example.org", ["de", "ar"], ["news"])
    active(centre, "events-only@example.org", ["de"], ["events"])  # the issue has no events: no mail
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(url("issue_send", centre, pk=issue.pk))
    assert response.status_code == 302
    with scopes_disabled():
        issue.refresh_from_db()
        assert issue.status == NewsletterIssue.Status.SENT
        assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 6
    assert sorted(m.to[0] for m in mail.outbox).count("two@example.org") == 2
    assert "events-only@example.org" not in [m.to[0] for m in mail.outbox]
    arabic = next(m for m in mail.outbox if m.subject == "أخبار")
    assert "يوم اللغة الألمانية" in arabic.body
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<https?://\S+/newsletter/abmelden/\S+/>", message.extra_headers["List-Unsubscribe"])
    assert link(message.body, "abmelden") in message.extra_headers["List-Unsubscribe"]
    # A second send is refused.
    with scope(centre=centre), pytest.raises(actions.NewsRefused):
        actions.issue_send(issue=issue, actor=editor_user)


def test_failed_attempts_are_retried_later_and_a_dead_address_is_marked_bounced(
    centre, member_factory, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    editor = member_factory(centre, Role.EDITOR)
    issue = issue_with_news(centre, editor)
    flaky = active(centre, "flaky@example.org", ["de"], ["news"])
    dead = active(centre, "dead@example.org", ["de"], ["news"])
    with scope(centre=centre):
        actions.issue_send(issue=issue, actor=editor)  # the batch task runs only after a commit
    from django.core.mail import EmailMessage

    real_send = EmailMessage.send
    failures = {"flaky@example.org": 1}

    def send(self, fail_silently=False):  # type: ignore[no-untyped-def]
        if self.to == ["dead@example.org"]:
            raise smtplib.SMTPRecipientsRefused({"dead@example.org": (550, b"no such user")})
        if failures.get(self.to[0]):
            failures[self.to[0]] -= 1
            raise ConnectionError("mail server not reachable")
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", send)
    now = timezone.now()
    again = send_batch(issue.pk, now=now)
    assert again is not None and again > now  # only a retry waits
    with scopes_disabled():
        assert Delivery.objects.get(subscriber=flaky).attempts == 1
        assert Delivery.objects.get(subscriber=flaky).status == Delivery.Status.PENDING
        assert Delivery.objects.get(subscriber=dead).status == Delivery.Status.FAILED
        assert Subscriber.objects.get(pk=dead.pk).status == Subscriber.Status.BOUNCED
    assert send_batch(issue.pk, now=now) == again  # not due yet: nothing happens
    assert send_batch(issue.pk, now=again + datetime.timedelta(seconds=1)) is None
    with scopes_disabled():
        assert Delivery.objects.get(subscriber=flaky).status == Delivery.Status.SENT
        assert NewsletterIssue.objects.get(pk=issue.pk).status == NewsletterIssue.Status.SENT
        assert AuditEntry.objects.filter(action="news.newsletter.bounce").exists()


def test_one_click_unsubscribe_works_without_a_cookie_and_is_logged(
    centre, member_factory, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    editor = member_factory(centre, Role.EDITOR)
    issue = issue_with_news(centre, editor)
    subscriber = active(centre, "leave@example.org", ["de"], ["news"])
    with django_capture_on_commit_callbacks(execute=True), scope(centre=centre):
        actions.issue_send(issue=issue, actor=editor)
    token = link(mail.outbox[0].body, "abmelden")
    mail_program = Client(enforce_csrf_checks=True)  # RFC 8058: a POST without cookies or CSRF token
    assert mail_program.get(url("unsubscribe", centre, token=token)).status_code == 200  # a scanner: no change
    with scopes_disabled():
        assert Subscriber.objects.get(pk=subscriber.pk).status == Subscriber.Status.ACTIVE
    response = mail_program.post(url("unsubscribe", centre, token=token), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "data-unsubscribed" in response.content.decode()
    with scopes_disabled():
        subscriber.refresh_from_db()
        assert subscriber.status == Subscriber.Status.UNSUBSCRIBED and subscriber.ended_at
        assert AuditEntry.objects.filter(action="news.newsletter.unsubscribe", target_id=str(subscriber.pk)).exists()
    assert Client().get(url("unsubscribe", centre, token="not-a-token")).status_code == 404
    assert Client().get(url("unsubscribe", centre, token=token).replace(centre.slug, "beispielland")).status_code == 404


def test_an_unsubscribe_in_the_middle_of_a_sending_is_honoured(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    editor = member_factory(centre, Role.EDITOR)
    issue = issue_with_news(centre, editor)
    leaving = active(centre, "leaving@example.org", ["de"], ["news"])
    active(centre, "staying@example.org", ["de"], ["news"])
    with scope(centre=centre):
        actions.issue_send(issue=issue, actor=editor)
        actions.unsubscribe(subscriber=leaving)
    assert send_batch(issue.pk) is None
    assert [m.to for m in mail.outbox] == [["staying@example.org"]]


def test_editors_mark_bounced_addresses(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    active(centre, "gone@example.org", ["de"], ["news"])
    editor = login(member_factory(centre, Role.EDITOR))
    response = editor.post(url("subscribers_bounce", centre), {"addresses": "GONE@example.org\nunknown@example.org"})
    assert response.status_code == 302
    with scopes_disabled():
        assert Subscriber.objects.get().status == Subscriber.Status.BOUNCED
    assert editor.get(url("newsletter", centre)).status_code == 200


def test_retention_of_unconfirmed_and_ended_subscriptions(centre) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.retention import apply_retention

    old = timezone.now() - datetime.timedelta(days=200)
    pending = active(centre, "pending@example.org", ["de"], ["news"])
    ended = active(centre, "ended@example.org", ["de"], ["news"])
    kept = active(centre, "kept@example.org", ["de"], ["news"])
    with scopes_disabled():
        Subscriber.objects.filter(pk=pending.pk).update(status=Subscriber.Status.PENDING, requested_at=old)
        Subscriber.objects.filter(pk=ended.pk).update(status=Subscriber.Status.UNSUBSCRIBED, ended_at=old)
    counts = apply_retention()
    assert counts["news.unconfirmed_subscribers"] == 1 and counts["news.ended_subscribers"] == 1
    with scopes_disabled():
        assert list(Subscriber.objects.values_list("pk", flat=True)) == [kept.pk]
