"""Views of the newsletter: subscribing (double opt-in), confirming and one-click unsubscribing
for the public; composing, previewing and sending an issue for the editors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from anlaufstelle.core.access import permission_required, public
from anlaufstelle.core.confirm import ask_first
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.http import CentreRequest, PublicRequest
from anlaufstelle.core.middleware import ratelimit_key
from anlaufstelle.core.selectors import public_page_get
from anlaufstelle.core.translation import SOURCE_LANGUAGE
from anlaufstelle.news import selectors
from anlaufstelle.news.actions import newsletter as actions
from anlaufstelle.news.forms import (
    BounceForm,
    IssueForm,
    IssueTextForm,
    SubscribeForm,
    consent_sentence,
    translation_forms,
)
from anlaufstelle.news.models import NewsletterIssue
from anlaufstelle.news.newsletter import render_issue
from anlaufstelle.news.views import _translation_panel


def _private(response: HttpResponse) -> HttpResponse:
    """Pages reached by a personal link: not cached, the token not passed on as referrer."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


# Sign-ups from one client address an hour, and confirmation mails to one address a day.
SUBSCRIBE_CLIENT_RATE = "10/h"
SUBSCRIBE_ADDRESS_RATE = "3/d"


@public
@require_http_methods(["GET", "POST"])
def subscribe(request: PublicRequest, centre: str) -> HttpResponse:
    """Subscribe: address, languages, topics, consent. The answer is the same for a new and a
    known address (nothing reveals who is subscribed); the mail asks to confirm."""
    language = get_language()
    post = request.method == "POST"
    form = SubscribeForm(
        request.POST if post else None,
        centre=request.centre,
        initial={"languages": [language] if language in settings.CONTENT_LANGUAGES else [SOURCE_LANGUAGE]},
    )
    if post and is_ratelimited(
        request, group="news.subscribe.client", key=ratelimit_key, rate=SUBSCRIBE_CLIENT_RATE, increment=True
    ):
        # One client asking for many addresses: refused, saying nothing about any address.
        form.is_valid()
        form.add_error(None, _("Too many requests from your connection. Please try again in an hour."))
        return _private(
            render(
                request,
                "news/newsletter/subscribe.html",
                {"page": public_page_get(centre=request.centre, language=language), "form": form},
                status=429,
            )
        )
    if post and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        # At most a few confirmation mails per address a day, whoever asks; the answer is the same.
        if not is_ratelimited(
            request,
            group=f"news.subscribe.address.{request.centre.pk}",
            key=lambda _group, _request: email,
            rate=SUBSCRIBE_ADDRESS_RATE,
            increment=True,
        ):
            actions.subscribe(
                centre=request.centre,
                email=form.cleaned_data["email"],
                languages=form.cleaned_data["languages"],
                topics=form.cleaned_data["topics"],
                consent_text=consent_sentence(request.centre),
                language=language,
            )
        return _private(
            render(
                request,
                "news/newsletter/subscribed.html",
                {"page": public_page_get(centre=request.centre, language=language)},
            )
        )
    return _private(
        render(
            request,
            "news/newsletter/subscribe.html",
            {"page": public_page_get(centre=request.centre, language=language), "form": form},
            status=422 if form.errors else 200,
        )
    )


@public
@require_http_methods(["GET", "POST"])
def subscription_confirm(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """Confirming the address: a button (link scanners only GET), then the subscription is active."""
    subscriber = selectors.subscriber_by_confirm_token(centre=request.centre, token=token)
    confirmed = False
    if request.method == "POST":
        if subscriber is not None:
            actions.subscription_confirm(subscriber=subscriber)
            confirmed = True
    elif subscriber is None:
        raise Http404
    return _private(
        render(
            request,
            "news/newsletter/confirm.html",
            {"page": public_page_get(centre=request.centre, language=get_language()), "confirmed": confirmed},
            status=200 if subscriber is not None or confirmed else 404,
        )
    )


@csrf_exempt  # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" without any cookie;
@public  # the personal, unguessable token in the address is what authorises the unsubscription.
@require_http_methods(["GET", "POST"])
def unsubscribe(request: PublicRequest, centre: str, token: str) -> HttpResponse:
    """One click: a GET shows the button (link scanners must not unsubscribe anyone), a POST
    unsubscribes, from the page or from the mail program (List-Unsubscribe-Post)."""
    delivery = selectors.delivery_by_token(centre=request.centre, token=token)
    if delivery is None:
        raise Http404
    done = delivery.subscriber.status != delivery.subscriber.Status.ACTIVE
    if request.method == "POST":
        actions.unsubscribe(subscriber=delivery.subscriber)
        done = True
    return _private(
        render(
            request,
            "news/newsletter/unsubscribe.html",
            {"page": public_page_get(centre=request.centre, language=get_language()), "done": done},
        )
    )


# --- Staff --------------------------------------------------------------------------------


@permission_required("news.edit")
@require_GET
def newsletter_list(request: CentreRequest, centre: str) -> HttpResponse:
    return render(
        request,
        "news/internal/newsletter_list.html",
        {
            "issues": selectors.newsletter_issues(centre=request.centre),
            "counts": selectors.subscriber_counts(centre=request.centre),
            "bounce_form": BounceForm(),
        },
    )


def _get_issue(request: CentreRequest, pk: int) -> NewsletterIssue:
    try:
        return selectors.issue_get(centre=request.centre, pk=pk)
    except NewsletterIssue.DoesNotExist as exc:
        raise Http404 from exc


@permission_required("news.edit")
@require_http_methods(["GET", "POST"])
def issue_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    """Compose an issue from recent news and upcoming events, with subject and introduction per language."""
    issue = _get_issue(request, pk) if pk else None
    post = request.method == "POST" and (issue is None or issue.status == NewsletterIssue.Status.DRAFT)
    news = selectors.newsletter_news_choices(centre=request.centre)
    events = selectors.newsletter_event_choices(centre=request.centre)
    initial: dict[str, Any] = (
        {"news": list(issue.news.all()), "events": list(issue.events.all())}
        if issue
        else {"news": list(news[:5]), "events": list(events[:5])}
    )
    form = IssueForm(request.POST if post else None, news=news, events=events, initial=initial)
    existing = list(issue.translations.all()) if issue else []
    text_forms = translation_forms(IssueTextForm, request.POST if post else None, existing)
    if post and form.is_valid() and all(f.is_valid() for f in text_forms.values()):
        try:
            saved = actions.issue_save(
                centre=request.centre,
                actor=request.user,
                news=list(form.cleaned_data["news"]),
                events=list(form.cleaned_data["events"]),
                texts={code: f.cleaned_data for code, f in text_forms.items()},
                issue=issue,
            )
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("The newsletter has been saved."))
            return redirect("news:issue_edit", centre=centre, pk=saved.pk)
    return render(
        request,
        "news/internal/issue_form.html",
        {
            "form": form,
            "issue": issue,
            "source_form": text_forms[SOURCE_LANGUAGE],
            "translations": _translation_panel(existing, text_forms),
            "languages": [(code, dict(settings.LANGUAGES)[code]) for code in settings.CONTENT_LANGUAGES],
        },
    )


@permission_required("news.edit")
@require_GET
def issue_preview(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """The issue as a subscriber of `?lang=` reads it (all topics), before it is sent."""
    issue = _get_issue(request, pk)
    language = request.GET.get("lang", SOURCE_LANGUAGE)
    if language not in settings.CONTENT_LANGUAGES:
        language = SOURCE_LANGUAGE
    return render(
        request,
        "news/internal/issue_preview.html",
        {
            "issue": issue,
            "rendered": render_issue(issue, language),
            "language": language,
            "bidi": language in settings.LANGUAGES_BIDI,
            "languages": [(code, dict(settings.LANGUAGES)[code]) for code in settings.CONTENT_LANGUAGES],
        },
    )


@permission_required("news.edit")
@require_http_methods(["GET", "POST"])
def issue_send(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Send the issue to every active subscriber (GET asks first, saying to how many)."""
    issue = _get_issue(request, pk)
    if request.method == "GET":
        count = selectors.subscriber_counts(centre=request.centre).get("active", 0)
        return ask_first(
            request,
            title=_("Send the newsletter now?"),
            what=_(
                "The newsletter is sent by e-mail to all %(count)d active subscribers, each in their language. "
                "A sent newsletter cannot be called back or changed."
            )
            % {"count": count},
            button=_("Yes, send to all subscribers"),
            back=reverse("news:issue_edit", kwargs={"centre": centre, "pk": issue.pk}),
        )
    try:
        count = actions.issue_send(issue=issue, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The newsletter is being sent (%(count)d e-mails).") % {"count": count})
    return redirect("news:issue_edit", centre=centre, pk=issue.pk)


@permission_required("news.edit")
@require_POST
def subscribers_bounce(request: CentreRequest, centre: str) -> HttpResponse:
    form = BounceForm(request.POST)
    if form.is_valid():
        count = actions.subscribers_bounced(
            centre=request.centre, emails=form.cleaned_data["addresses"], actor=request.user
        )
        messages.success(request, _("Subscriptions ended: %(count)d.") % {"count": count})
    return redirect("news:newsletter", centre=centre)
