"""Shared set-up for browser tests: Debian's Chromium driven by Playwright, axe-core scans."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

# Playwright's sync API runs an event loop; the test code around it uses the ORM synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not chromium_available():
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's package 'chromium'.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def axe_violations(page: Any) -> list[str]:
    """WCAG 2.1 A/AA violations axe-core finds on the current page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_AA)
    lines = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return lines


def sign_in(browser: Any, live_server: Any, email: str, **context: Any) -> Any:
    """A new tab signed in as a demo account (password and TOTP set up on first sign-in), in German."""
    import base64

    from django_otp.oath import totp

    from anlaufstelle.core.demo.loader import DEMO_PASSWORD

    tab = browser.new_context(locale="de-DE", **context).new_page()
    tab.set_default_timeout(20_000)
    tab.goto(f"{live_server.url}/konto/anmelden/")
    tab.get_by_label("E-Mail").fill(email)
    tab.get_by_label("Passwort").fill(DEMO_PASSWORD)
    tab.get_by_role("button", name="Weiter").click()
    secret = tab.locator(".otp-secret").inner_text().strip()
    tab.get_by_label("Sechsstelliger Code").fill(f"{totp(base64.b32decode(secret)):06d}")
    tab.get_by_role("button", name="Bestätigen").click()
    tab.wait_for_url("**/intern/**")
    return tab
