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
PHONE = {"width": 390, "height": 844}

# Measures horizontal overflow against the width asked for (a mobile browser widens its layout
# viewport, and innerWidth, to fit content that overflows): the outermost elements sticking out.
OVERFLOW_SCRIPT = """(limit) => {
  const width = window.innerWidth;
  const culprits = [];
  const out = (box) => box.right > limit + 0.5 || box.left < -0.5;
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || !out(box)) continue;
    const parent = element.parentElement;
    // A positioned element escapes the clipping of a scrolling box (a visually hidden text far
    // out in a wide table): always to blame. Other content a scrolling box clips is not.
    const positioned = ['absolute', 'fixed'].includes(getComputedStyle(element).position);
    if (!positioned && parent && parent.closest('.kern-table-responsive, .prose table')) continue;
    // Report the outermost element that sticks out, not each of its children.
    if (!positioned && parent && out(parent.getBoundingClientRect())) continue;
    const name = `${element.tagName.toLowerCase()}.${element.className}`;
    culprits.push(`${name} [${Math.round(box.left)}..${Math.round(box.right)}]`);
  }
  return {scroll: document.documentElement.scrollWidth, width, culprits: culprits.slice(0, 5)};
}"""
# Run in every document of a watched tab: measures once the page has loaded and after each htmx
# swap, and reports on the console (the test listens; no call back into the page is needed).
_OVERFLOW_WATCH = """(() => {
  const measure = %s;
  const report = () => console.log('overflow-check ' + JSON.stringify(
    {page: location.pathname + location.search, ...measure(%d)}));
  window.addEventListener('load', () => setTimeout(report, 0));
  document.addEventListener('htmx:afterSettle', () => setTimeout(report, 0));
})();"""

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


class Journey:
    """The browser for a journey test, at desk size or at phone size (parameter of `journey`).

    At phone size every tab is 390 px wide and every page it loads (and every htmx swap) is
    measured for horizontal overflow (WCAG 1.4.10); the fixture fails the test on any, after the
    journey itself passed. `tab(phone=True)` is phone-sized in both runs (a volunteer's own phone).
    """

    def __init__(self, browser: Any, phone: bool) -> None:
        self.browser = browser
        self.phone = phone
        self.checked: list[str] = []
        self.overflow: list[str] = []
        self.contexts: list[Any] = []

    def new_context(self, *, watch: bool | None = None, **options: Any) -> Any:
        if self.phone or watch:
            options.update(viewport=PHONE, is_mobile=True, has_touch=True)
        context = self.browser.new_context(**options)
        self.contexts.append(context)
        if self.phone or watch:
            context.add_init_script(_OVERFLOW_WATCH % (OVERFLOW_SCRIPT, PHONE["width"]))
            context.on("console", self._listen)
        return context

    def tab(self, *, phone: bool = False, **options: Any) -> Any:
        """A new tab in German (what the `page` and `phone` fixtures give)."""
        tab = self.new_context(watch=phone or None, locale="de-DE", **options).new_page()
        tab.set_default_timeout(20_000)
        return tab

    def _listen(self, message: Any) -> None:
        import json

        if not message.text.startswith("overflow-check "):
            return
        result = json.loads(message.text.removeprefix("overflow-check "))
        self.checked.append(result["page"])
        limit = PHONE["width"]
        if result["scroll"] > limit or result["width"] > limit:
            self.overflow.append(f"{result['page']}: {result['scroll']}px wide; {'; '.join(result['culprits'])}")

    def __getattr__(self, name: str) -> Any:  # everything else as the browser does it
        return getattr(self.browser, name)


@pytest.fixture(params=["desk", "phone"])
def journey(request: Any, browser: Any) -> Iterator[Journey]:
    """A journey test runs twice: at desk size, then at phone size with an overflow check on every page."""
    journey = Journey(browser, phone=request.param == "phone")
    yield journey
    for context in journey.contexts:
        context.close()
    if journey.phone:
        assert journey.checked, "No page was measured at phone size."
        assert not journey.overflow, f"Wider than 390 px ({len(journey.checked)} pages measured):\n" + "\n".join(
            journey.overflow
        )
