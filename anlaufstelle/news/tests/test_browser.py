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
