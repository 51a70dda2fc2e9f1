"""Journeys in a real browser (Debian's Chromium): Arabic right-to-left, TOTP sign-in, axe-core."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from anlaufstelle.core.demo.loader import DEMO_PASSWORD, load_demo
from anlaufstelle.core.tests.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        load_demo()


def test_public_page_switches_to_arabic_right_to_left_on_a_phone(live_server, phone, demo) -> None:  # type: ignore[no-untyped-def]
    phone.goto(f"{live_server.url}/musterstadt/")
    assert phone.locator("html").get_attribute("dir") == "ltr"
    assert phone.locator("h1").inner_text() == "KI Musterstadt"
    phone.get_by_role("link", name="العربية").click()
    phone.wait_for_url("**/ar/musterstadt/")
    assert phone.locator("html").get_attribute("lang") == "ar"
    assert phone.locator("html").get_attribute("dir") == "rtl"
    # The layout really is mirrored: the main heading starts at the right edge.
    box = phone.locator("h1").bounding_box()
    assert box is not None and box["x"] + box["width"] > 390 - 40
    assert "حتى ٣٠ نوفمبر" in phone.locator(".notice-banner").inner_text()
    # Switching back works from every page, e.g. the data-protection notice.
    phone.goto(f"{live_server.url}/ar/musterstadt/datenschutz/")
    phone.get_by_role("link", name="Deutsch").click()
    phone.wait_for_url("**/musterstadt/datenschutz/")
    assert phone.locator("html").get_attribute("dir") == "ltr"


def test_staff_member_signs_in_with_totp_and_reaches_the_partner_register(live_server, journey, demo) -> None:  # type: ignore[no-untyped-def]
    page = journey.tab()
    page.goto(f"{live_server.url}{reverse('partners:list', kwargs={'centre': 'musterstadt'})}")
    page.get_by_label("E-Mail").fill("beratung@musterstadt.example")
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Weiter").click()
    secret = page.locator(".otp-secret").inner_text().strip()
    key = base64.b32decode(secret)
    page.get_by_label("Sechsstelliger Code").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_url("**/musterstadt/intern/partner/")
    assert page.locator("h1").inner_text() == "Partnerregister"
    # htmx search narrows the list without a page load.
    page.get_by_label("Suche").fill("Kita Sonnenschein")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert "Kita Sonnenschein" in page.locator("#results").inner_text()
    page.get_by_role("link", name="Kita Sonnenschein").click()
    # Wait for the navigation: reading h1 at once can still see the list page's heading.
    expect(page.locator("h1")).to_have_text("Kita Sonnenschein")
    # The staff area meets the same accessibility bar, including a form showing errors.
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}{reverse('partners:create', kwargs={'centre': 'musterstadt'})}")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert axe_violations(page) == []


PUBLIC_PATHS = [
    "/",
    "/musterstadt/",
    "/musterstadt/datenschutz/",
    "/musterstadt/barrierefreiheit/",
    "/musterstadt/leichte-sprache/",
    "/musterstadt/impressum/",
    "/beispielland/",
    "/konto/anmelden/",
    "/konto/passwort-vergessen/",
    "/musterstadt/angebote/",
    "/musterstadt/angebote/?q=Deutschkurse&area=language",
]


@pytest.mark.parametrize("language", ["", "/ar", "/en"])
def test_public_pages_have_no_axe_violations(live_server, browser, demo, language: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(bypass_csp=True)
    tab: Any = context.new_page()
    failures = []
    for path in PUBLIC_PATHS:
        tab.goto(f"{live_server.url}{language}{path}")
        failures += [f"{language}{path}: {line}" for line in axe_violations(tab)]
    # An offer page, reached as a person would: from the search results.
    tab.goto(f"{live_server.url}{language}/musterstadt/angebote/?q=Deutschkurs")
    tab.locator("#results h3 a").first.click()
    tab.wait_for_load_state()
    failures += [f"{language} offer page: {line}" for line in axe_violations(tab)]
    context.close()
    assert not failures, "\n".join(failures)


def test_public_page_works_without_javascript_and_keyboard_reaches_skip_link(live_server, browser, demo) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/musterstadt/")
    assert tab.locator("h1").inner_text() == "KI Musterstadt"
    context.close()
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(f"{live_server.url}/musterstadt/")
    tab.keyboard.press("Tab")
    focused = tab.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    context.close()


def test_newcomer_searches_in_arabic_on_a_phone(live_server, phone, demo) -> None:  # type: ignore[no-untyped-def]
    phone.goto(f"{live_server.url}/ar/musterstadt/")
    phone.locator(".public-nav a").nth(1).click()
    phone.wait_for_url("**/ar/musterstadt/angebote/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    phone.locator("#id_q").fill("Deutschkurse")
    phone.locator("#id_q").press("Enter")
    expect(phone.locator("#results h3")).to_have_count(2)
    # The count is announced through a live region that stays in the page (not inside the swapped list).
    expect(phone.locator("p#results-status[role=status]")).to_contain_text("2")
    phone.locator("#results h3 a", has_text="دورة الاندماج").click()
    # Wait for the navigation: reading h1 at once can still see the list page's heading (a race CI hit).
    expect(phone.locator("h1")).to_contain_text("دورة الاندماج")


def test_partner_proposes_a_change_and_the_editor_publishes_it(live_server, journey, demo) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.models import User

    def sign_in(tab: Any, email: str) -> None:
        tab.goto(f"{live_server.url}/konto/anmelden/")
        tab.get_by_label("E-Mail").fill(email)
        tab.get_by_label("Passwort").fill(DEMO_PASSWORD)
        tab.get_by_role("button", name="Weiter").click()
        secret = tab.locator(".otp-secret").inner_text().strip()
        tab.get_by_label("Sechsstelliger Code").fill(f"{totp(base64.b32decode(secret)):06d}")
        tab.get_by_role("button", name="Bestätigen").click()

    partner_context = journey.new_context()
    partner = partner_context.new_page()
    sign_in(partner, "partner@musterstadt.example")
    partner.goto(f"{live_server.url}/musterstadt/intern/meine-angebote/")
    partner.get_by_role("link", name="Änderung vorschlagen").first.click()
    title = partner.locator("#id_de-title")
    new_title = title.input_value() + " – jetzt auch samstags"
    title.fill(new_title)
    partner.get_by_role("button", name="Vorschlag senden").click()
    expect(partner.locator(".messages")).to_contain_text("Vielen Dank")
    partner_context.close()

    editor_context = journey.new_context()
    editor = editor_context.new_page()
    sign_in(editor, "redaktion@musterstadt.example")
    editor.goto(f"{live_server.url}/musterstadt/intern/angebote/vorschlaege/")
    editor.locator("main li a").first.click()
    expect(editor.locator(".diff-table ins")).to_contain_text("jetzt auch samstags")
    assert axe_violations(editor) == []
    editor.get_by_role("button", name="Veröffentlichen").click()
    editor.goto(f"{live_server.url}/musterstadt/angebote/?q=samstags")
    expect(editor.locator("#results h3")).to_contain_text("jetzt auch samstags")
    editor_context.close()
    assert User.objects.filter(email="partner@musterstadt.example").exists()


def test_editor_creates_the_brochure_and_downloads_a_pdf(live_server, journey, demo) -> None:  # type: ignore[no-untyped-def]
    context = journey.new_context(accept_downloads=True)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/konto/anmelden/")
    tab.get_by_label("E-Mail").fill("redaktion@musterstadt.example")
    tab.get_by_label("Passwort").fill(DEMO_PASSWORD)
    tab.get_by_role("button", name="Weiter").click()
    secret = tab.locator(".otp-secret").inner_text().strip()
    tab.get_by_label("Sechsstelliger Code").fill(f"{totp(base64.b32decode(secret)):06d}")
    tab.get_by_role("button", name="Bestätigen").click()
    tab.goto(f"{live_server.url}/musterstadt/intern/angebote/wegweiser/")
    tab.get_by_label("Sprache der Broschüre").select_option("ar")
    # The job may run inside the request here (tests run tasks at once): allow for a slow machine.
    tab.get_by_role("button", name="PDF erstellen").click(timeout=120_000)
    link = tab.get_by_role("link", name="Herunterladen")
    expect(link).to_be_visible(timeout=60_000)
    assert tab.locator("progress").get_attribute("value") == "100"
    with tab.expect_download() as download_info:
        link.click()
    path = download_info.value.path()
    with open(path, "rb") as pdf:
        data = pdf.read()
    assert data.startswith(b"%PDF-") and len(data) > 10_000
    context.close()


def test_a_phone_journey_notices_a_page_wider_than_the_phone(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    """The check behind the phone runs of the journeys: measured on load and after an htmx swap."""
    from anlaufstelle.core.tests.browser import Journey

    journey = Journey(browser, phone=True)
    tab = journey.tab()
    tab.goto(f"{live_server.url}/konto/anmelden/")
    for _ in range(100):
        if journey.checked:
            break
        tab.wait_for_timeout(100)
    assert journey.checked == ["/konto/anmelden/"] and journey.overflow == []
    # Content as wide as a share link that does not wrap, shown by a swap.
    tab.evaluate(
        "() => { const wide = document.createElement('div'); wide.className = 'too-wide';"
        " wide.style.width = '600px'; wide.style.height = '1px'; document.querySelector('main').append(wide);"
        " document.dispatchEvent(new Event('htmx:afterSettle')); }"
    )
    for _ in range(100):
        if len(journey.checked) > 1:
            break
        tab.wait_for_timeout(100)
    assert len(journey.overflow) == 1 and "div.too-wide" in journey.overflow[0]
    for context in journey.contexts:
        context.close()
