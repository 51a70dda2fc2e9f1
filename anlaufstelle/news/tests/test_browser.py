"""News in a real browser: axe-core finds no WCAG 2.1 AA violation on the list and an item page,
in German and in Arabic (right to left), with a picture, a German fallback and a pinned item."""

from __future__ import annotations

import pytest
from django_scopes import scope

from anlaufstelle.core.tests.browser import axe_violations
from anlaufstelle.news.images import reencode_picture
from anlaufstelle.news.tests.factories import make_news, picture_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def test_news_list_and_item_have_no_axe_violations_in_german_and_arabic(live_server, page, centre) -> None:  # type: ignore[no-untyped-def]
    with scope(centre=centre):
        pinned = make_news(
            centre,
            "x",
            pinned=True,
            tags="|DaZ-Tag|",
            picture=reencode_picture(picture_upload()),
            texts={
                "de": {
                    "title": "Rückblick auf den DaZ-Tag",
                    "teaser": "Über 200 Lehrkräfte kamen ins Rathaus.",
                    "text": "Ein **schöner** Tag mit [Programm](https://example.org).\n\n- Vorträge\n- Werkstätten",
                    "picture_alt": "Lehrkräfte im Ratssaal hören einen Vortrag",
                },
                "ar": {"title": "نظرة على يوم اللغة الألمانية", "picture_alt": "معلمون في قاعة المجلس"},
            },
        )
        make_news(centre, "Ausstellung „Heimat“ eröffnet")
    base = f"{live_server.url}"
    for prefix, direction in (("", "ltr"), ("/ar", "rtl")):
        for path in (f"/{centre.slug}/aktuelles/", f"/{centre.slug}/aktuelles/{pinned.pk}/"):
            response = page.goto(f"{base}{prefix}{path}")
            assert response is not None and response.status == 200, path
            assert page.locator("html").get_attribute("dir") == direction
            assert page.locator("img.news-picture").first.evaluate("img => img.complete && img.naturalWidth > 0")
            violations = axe_violations(page)
            assert not violations, f"{prefix}{path}:\n" + "\n".join(violations)
    # The item page is reachable with the keyboard alone from the list.
    page.goto(f"{base}/ar/{centre.slug}/aktuelles/")
    link = page.get_by_role("link", name="نظرة على يوم اللغة الألمانية")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/aktuelles/{pinned.pk}/")


def test_gallery_pages_have_no_axe_violations_in_german_and_arabic(live_server, page, centre) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.news.tests.factories import make_gallery

    gallery = make_gallery(centre, "Bilder vom DaZ-Tag", photos=3)
    for prefix, direction in (("", "ltr"), ("/ar", "rtl")):
        for path in (f"/{centre.slug}/aktuelles/galerien/", f"/{centre.slug}/aktuelles/galerien/{gallery.pk}/"):
            response = page.goto(f"{live_server.url}{prefix}{path}")
            assert response is not None and response.status == 200, path
            assert page.locator("html").get_attribute("dir") == direction
            violations = axe_violations(page)
            assert not violations, f"{prefix}{path}:\n" + "\n".join(violations)
    page.goto(f"{live_server.url}/{centre.slug}/aktuelles/galerien/{gallery.pk}/")
    assert page.locator(".photo-grid img").count() == 3
    # Every photo is reached with the Tab key (each opens the full picture).
    page.locator(".photo-grid a").first.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.photo-grid') !== null")


def test_the_whole_journey_on_a_phone(live_server, browser, centre, member_factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 23: upload three photos on a phone-sized window, write alt texts, publish, see the
    gallery in Arabic, subscribe and confirm, receive the newsletter, unsubscribe."""
    import re

    from django.core import mail
    from django.test import Client

    from anlaufstelle.core.roles import Role
    from anlaufstelle.news.tests.factories import jpeg_with_gps, make_gallery
    from conftest import verify

    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    gallery = make_gallery(centre, "DaZ-Tag 2026", photos=0, ready=False, published=False)
    make_news(centre, "Rückblick auf den DaZ-Tag")
    editor = member_factory(centre, Role.EDITOR)
    client = Client()
    verify(client, editor)
    staff = browser.new_context(locale="de-DE", **phone)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    staff.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}])
    tab = staff.new_page()
    tab.set_default_timeout(60_000)
    base = f"{live_server.url}/{centre.slug}"
    tab.goto(f"{base}/intern/aktuelles/galerien/{gallery.pk}/")
    files = []
    for n in range(3):
        path = tmp_path / f"IMG_{n}.jpg"
        path.write_bytes(jpeg_with_gps())
        files.append(str(path))
    tab.locator("input[name='photos']").set_input_files(files)
    tab.locator(f"form[action$='/galerien/{gallery.pk}/fotos/'] button").click()
    tab.locator("progress").wait_for()
    tab.locator(f"a.kern-btn--primary[href$='/galerien/{gallery.pk}/']").click()  # "Continue" when done
    links = tab.locator("a[href*='/intern/aktuelles/fotos/']")
    assert links.count() == 3
    for href in [links.nth(n).get_attribute("href") for n in range(3)]:
        tab.goto(f"{live_server.url}{href}")
        tab.locator("input[name='de-alt_text']").fill("Lehrkräfte im Ratssaal")
        arabic = tab.locator("input[name='ar-alt_text']")
        tab.locator("details", has=arabic).locator("summary").click()  # each language folds
        arabic.fill("معلمون في قاعة المجلس")
        tab.locator("input[name='basis'][value='public_gathering']").check()
        tab.locator("form[enctype='multipart/form-data'] button[type='submit']").click()
        tab.wait_for_url(f"**/galerien/{gallery.pk}/")
    tab.locator("form[action$='/veroeffentlichen/'] button").click()
    tab.wait_for_url(f"**/galerien/{gallery.pk}/")

    public = browser.new_context(locale="ar", **phone).new_page()
    public.goto(f"{live_server.url}/ar/{centre.slug}/aktuelles/galerien/{gallery.pk}/")
    assert public.locator("html").get_attribute("dir") == "rtl"
    assert public.locator(".photo-grid img[alt='معلمون في قاعة المجلس']").count() == 3
    assert public.locator(".photo-grid img").first.evaluate("img => img.complete && img.naturalWidth > 0")
    assert not axe_violations(public)

    public.goto(f"{live_server.url}/ar/{centre.slug}/aktuelles/newsletter/")
    assert not axe_violations(public)
    public.locator("input[name='email']").fill("leser@example.org")
    public.locator("input[name='topics'][value='news']").check()
    public.locator("input[name='consent']").check()
    public.locator("form[data-form='subscribe'] button").click()
    public.locator("[data-subscribed]").wait_for()
    confirm = re.search(r"https?://\S+/newsletter/bestaetigen/\S+/", mail.outbox[-1].body).group(0)  # type: ignore[union-attr]
    public.goto(live_server.url + "/" + confirm.split("/", 3)[3])
    public.locator("main form button").click()
    public.locator("[data-confirmed]").wait_for()

    tab.goto(f"{base}/intern/aktuelles/newsletter/neu/")
    tab.locator("input[name='de-subject']").fill("Neues vom DaZ-Tag")
    tab.locator("main form.kern-stack button[type='submit']").last.click()
    tab.locator("a[href$='/senden/']").click()  # the send asks first, saying to how many it goes
    tab.locator("form[data-confirm-form] button[type='submit']").click()
    tab.wait_for_url("**/intern/aktuelles/newsletter/*/")
    newsletter = next(m for m in mail.outbox if m.to == ["leser@example.org"] and "abmelden" in m.body)
    unsubscribe = re.search(r"https?://\S+/newsletter/abmelden/\S+/", newsletter.body).group(0)  # type: ignore[union-attr]
    public.goto(live_server.url + "/" + unsubscribe.split("/", 3)[3])
    public.locator("main form button").click()
    public.locator("[data-unsubscribed]").wait_for()
