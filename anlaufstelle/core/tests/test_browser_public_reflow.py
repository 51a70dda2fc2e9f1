"""Every public page reflows on a phone (WCAG 1.4.10): no horizontal scrolling at 320 and 390 px,
in German and in Arabic (right to left).

The pages are taken from the URL matrix (core/tests/url_catalogue.CATALOGUE): every public URL name is
either visited here or named in NOT_A_PAGE with the reason, so a new public page cannot be
forgotten.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.demo.loader import load_demo
from anlaufstelle.core.tests.browser import OVERFLOW_SCRIPT
from anlaufstelle.core.tests.url_catalogue import CATALOGUE, PUBLIC

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 390)
LANGUAGES = ("", "/ar")

# Public URLs that are not HTML pages a person reads (or only redirect), with the reason.
NOT_A_PAGE = {
    "healthz": "JSON for the load balancer",
    "core:home": "redirects to sign-in",
    "core:otp": "redirects to sign-in without a password step",
    "core:funder_logo": "an image",
    "events:feed": "iCalendar",
    "workspace:calendar_feed": "iCalendar (a staff member's secret subscription link)",
    "events:event_ics": "iCalendar",
    "events:certificate": "PDF",
    "volunteers:personal_calendar": "iCalendar",
    "volunteers:personal_statement": "PDF",
    "volunteers:offer_calendar": "iCalendar",
    "news:rss": "RSS feed",
    "news:atom": "Atom feed",
    "news:picture": "an image",
    "news:photo": "an image",
    "council:public_calendar": "iCalendar",
    "sso:start": "redirects to the town's sign-in service",
    "sso_callback": "the sign-in service's return address; without a started sign-in it shows the failure page",
    "council:public_pack": "PDF (the meeting pack)",
    "council:public_minutes": "PDF (the approved minutes)",
    "reports:open_data": "JSON (the state view's open data)",
    "reports:open_schema": "JSON Schema of the open data",
}


def public_names() -> set[str]:
    return {
        name
        for name, (_builder, permission, status) in CATALOGUE.items()
        # 405 on GET: a POST-only endpoint of one verb, not a page; JSON APIs (and the OParl file download).
        if permission == PUBLIC
        and status != 405
        and not name.startswith(("hsds:", "oparl:"))
        and name not in NOT_A_PAGE
    }


def _paths() -> dict[str, list[str]]:
    """Every public page of the demo installation, by URL name (some with several variants)."""
    from anlaufstelle.core.models import Centre, User
    from anlaufstelle.core.tokens import new_token
    from anlaufstelle.directory.models import Offer
    from anlaufstelle.events.actions import registration_submit
    from anlaufstelle.events.models import Event, Registration
    from anlaufstelle.volunteers.actions import personal_link_send
    from anlaufstelle.volunteers.models import InterpretingRequest, Volunteer
    from anlaufstelle.volunteers.models import Offer as InterpretingOffer

    with scopes_disabled():
        centre = Centre.objects.get(slug="musterstadt")
        c = {"centre": centre.slug}
        offers = Offer.objects.filter(centre=centre, status=Offer.Status.PUBLISHED)
        # The longest title, an address and a website: the offer most likely to overflow.
        offer = max(offers, key=lambda o: (o.address_id is not None, bool(o.website), o.pk))
        events = list(Event.objects.filter(centre=centre, status=Event.Status.PUBLISHED))
        day = next((e for e in events if e.kind == Event.Kind.DAY), events[0])
        session = day.sessions.first() or None
        submitted = registration_submit(
            event=day,
            contact={"name": "Anna Beispiel-Langername", "email": "anna.beispiel-langername@example.org"},
            participants=[
                {
                    "first_name": "Anna",
                    "last_name": "Beispiel-Langername",
                    "email": "anna.beispiel-langername@example.org",
                    "session": session,
                }
            ],
            language="de",
        )
        token, hashed = new_token()
        Registration.objects.filter(group=submitted.group).update(token_hash=hashed, certificate_sent_at=timezone.now())
        volunteer = Volunteer.objects.filter(centre=centre).first()
        assert volunteer is not None
        actor = User.objects.filter(memberships__centre=centre).first()
        personal_url = personal_link_send(volunteer=volunteer, actor=actor)  # type: ignore[arg-type]
        from anlaufstelle.core.actions import invitation_create
        from anlaufstelle.core.models import Invitation

        invitation = invitation_create(
            centre=centre, actor=actor, email="neue.person.mit.langem.namen@example.org", roles=["caseworker"]
        )  # type: ignore[arg-type]
        from anlaufstelle.council.models import Meeting

        meetings = list(Meeting.objects.filter(centre=centre).values_list("pk", flat=True))
        invitation_token, invitation_hash = new_token()
        Invitation.objects.filter(pk=invitation.pk).update(token_hash=invitation_hash)
        offer_token, offer_hash = new_token()
        request = InterpretingRequest.objects.create(
            centre=centre,
            language="ar",
            starts_at=timezone.now() + datetime.timedelta(days=3),
            place="Rathaus, Raum 101",
        )
        InterpretingOffer.objects.create(
            centre=centre,
            request=request,
            volunteer=volunteer,
            token_hash=offer_hash,
            expires_at=timezone.now() + datetime.timedelta(hours=24),
        )
    from anlaufstelle.news.tests.factories import make_news

    news = make_news(
        centre,
        "Rückblick auf den Fachtag Deutsch als Zweitsprache mit Werkstätten für Lehrkräfte",
        tags="|Deutsch-als-Zweitsprache-Fachtag|",
    )
    from anlaufstelle.news.tests.factories import make_gallery

    gallery = make_gallery(centre, "Bilder vom Fachtag Deutsch als Zweitsprache im Ratssaal", photos=3)
    from anlaufstelle.news.tests.factories import newsletter_tokens

    confirm_token, unsubscribe_token = newsletter_tokens(centre)
    from anlaufstelle.library.tests.factories import make_library

    library = make_library(centre)
    return {
        "core:landing": [reverse("core:landing")],
        "core:login": [reverse("core:login")],
        "core:password_reset": [reverse("core:password_reset")],
        "core:password_reset_sent": [reverse("core:password_reset_sent")],
        "core:set_password": [reverse("core:set_password", kwargs={"uidb64": "MQ", "token": "bad-token"})],
        "core:invitation_accept": [reverse("core:invitation_accept", kwargs={"token": invitation_token})],
        "sso:choose": [reverse("sso:choose")],
        "core:centre": [reverse("core:centre", kwargs=c)],
        "core:privacy": [reverse("core:privacy", kwargs=c)],
        "core:accessibility": [reverse("core:accessibility", kwargs=c)],
        "core:easy_language": [reverse("core:easy_language", kwargs=c)],
        "core:legal": [reverse("core:legal", kwargs=c)],
        "directory:search": [
            reverse("directory:search", kwargs=c),
            reverse("directory:search", kwargs=c) + "?q=Deutschkurse",
            reverse("directory:search", kwargs=c) + "?q=Beratung&near=47798",
        ],
        "directory:offer": [reverse("directory:offer", kwargs={**c, "pk": o.pk}) for o in offers]
        if len(offers) <= 40
        else [reverse("directory:offer", kwargs={**c, "pk": offer.pk})],
        "events:calendar": [reverse("events:calendar", kwargs=c)],
        "events:detail": [reverse("events:detail", kwargs={**c, "pk": e.pk}) for e in events],
        "events:register": [reverse("events:register", kwargs={**c, "pk": day.pk})],
        "events:confirm": [reverse("events:confirm", kwargs={**c, "token": submitted.confirm_token})],
        "events:manage": [reverse("events:manage", kwargs={**c, "token": submitted.manage_token})],
        "events:participant": [reverse("events:participant", kwargs={**c, "token": token})],
        "news:list": [reverse("news:list", kwargs=c)],
        "news:detail": [reverse("news:detail", kwargs={**c, "pk": news.pk})],
        "news:galleries": [reverse("news:galleries", kwargs=c)],
        "news:gallery": [reverse("news:gallery", kwargs={**c, "pk": gallery.pk})],
        "news:subscribe": [reverse("news:subscribe", kwargs=c)],
        "news:subscription_confirm": [reverse("news:subscription_confirm", kwargs={**c, "token": confirm_token})],
        "news:unsubscribe": [reverse("news:unsubscribe", kwargs={**c, "token": unsubscribe_token})],
        "volunteers:sign_up": [reverse("volunteers:sign_up", kwargs=c)],
        "volunteers:offer": [reverse("volunteers:offer", kwargs={**c, "token": offer_token})],
        "volunteers:personal": [urlsplit(personal_url).path],
        "council:public_meetings": [reverse("council:public_meetings", kwargs=c)],
        "council:public_meeting": [reverse("council:public_meeting", kwargs={**c, "pk": pk}) for pk in meetings],
        "council:public_resolutions": [reverse("council:public_resolutions", kwargs=c)],
        "council:public_members": [reverse("council:public_members", kwargs=c)],
        "council:public_papers": [
            reverse("council:public_papers", kwargs=c),
            reverse("council:public_papers", kwargs=c) + "?q=Sprachkurse",
        ],
        "grants:public_calls": [reverse("grants:public_calls", kwargs=c)],
        "programmes:public_programmes": [reverse("programmes:public_programmes", kwargs=c)],
        "library:public_catalogue": [
            reverse("library:public_catalogue", kwargs=c),
            reverse("library:public_catalogue", kwargs=c) + "?q=Bilder&language=ar",
        ],
        "library:public_title": [reverse("library:public_title", kwargs={**c, "pk": library.title.pk})],
    }


def test_every_public_page_reflows_at_320_and_390_px(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        load_demo()
    paths = _paths()
    assert set(paths) == public_names(), "Every public page needs a path here (or a reason in NOT_A_PAGE)."
    failures = []
    visited = 0
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True)
        tab: Any = context.new_page()
        tab.set_default_timeout(20_000)
        for language in LANGUAGES:
            for name, urls in sorted(paths.items()):
                for path in urls:
                    response = tab.goto(f"{live_server.url}{language}{path}")
                    assert response is not None and response.status == 200, f"{language}{path}: {response.status}"
                    result = tab.evaluate(OVERFLOW_SCRIPT, width)
                    visited += 1
                    # Measured against the viewport asked for: a mobile browser widens its layout
                    # viewport (and innerWidth) to fit content that overflows.
                    if result["scroll"] > width or result["width"] > width:
                        failures.append(
                            f"{width}px {language or '/de'} {name} {path}: {result['scroll']}px wide; "
                            f"{'; '.join(result['culprits'])}"
                        )
        context.close()
    assert visited >= 4 * len(paths)
    assert not failures, "\n".join(failures)


def test_visitor_is_offered_their_browsers_language_and_can_dismiss_it(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    """No redirect: the German page offers Arabic in Arabic; dismissed, it stays away."""
    from playwright.sync_api import expect

    with scopes_disabled():
        load_demo()
    german = f"{live_server.url}/musterstadt/"
    # A German browser sees no offer (and fills the cache with the very page the next visitor gets).
    context = browser.new_context(locale="de-DE")
    tab: Any = context.new_page()
    tab.goto(german)
    expect(tab.locator("[data-language-hint]")).to_be_hidden()
    context.close()

    context = browser.new_context(locale="ar-SY", viewport={"width": 320, "height": 700})
    tab = context.new_page()
    tab.goto(german)
    assert tab.url == german  # no automatic redirect
    offer = tab.locator('[data-language-hint] [data-language="ar"]')
    expect(offer).to_be_visible()
    expect(tab.locator('[data-language-hint] [data-language="uk"]')).to_be_hidden()
    assert offer.get_attribute("dir") == "rtl"
    assert tab.evaluate("document.documentElement.scrollWidth") <= 320
    offer.get_by_role("link").click()
    tab.wait_for_url("**/ar/musterstadt/")
    # On the Arabic page, the Arabic visitor is offered nothing.
    expect(tab.locator("[data-language-hint]")).to_be_hidden()
    context.close()

    context = browser.new_context(locale="uk-UA")
    tab = context.new_page()
    tab.goto(f"{live_server.url}/musterstadt/angebote/")
    expect(tab.locator('[data-language-hint] [data-language="uk"]')).to_be_visible()
    tab.locator('[data-language="uk"] [data-language-hint-dismiss]').click()
    expect(tab.locator("[data-language-hint]")).to_be_hidden()
    tab.goto(german)
    expect(tab.locator("[data-language-hint]")).to_be_hidden()  # remembered without a cookie
    assert not [c for c in context.cookies() if c["name"] not in ("csrftoken",)]
    context.close()
