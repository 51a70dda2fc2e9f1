"""First visit on a slow phone: bytes and Largest Contentful Paint of the public pages, loaded cold.

Run with `make bench-phone` (or `python bench/phone.py`). Serves the platform as production does
(gunicorn, `collectstatic` with WhiteNoise's compressed, hashed files, DEBUG off) on 127.0.0.1 and
loads each page in Debian's Chromium with an empty cache, a phone viewport, network emulation
(400 kbit/s down and up, 400 ms round trip) and the CPU slowed down four times. Prints per page
and language: bytes over the wire (compressed, headers included), requests, web fonts loaded and
their bytes, and the Largest Contentful Paint. Aims (issue 22): under 150 KB and LCP under 2.5 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Chromium's DevTools units: bytes per second and milliseconds.
SLOW_PHONE = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
CPU_SLOWDOWN = 4
LCP_OBSERVER = """
window.__lcp = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) { window.__lcp = Math.max(window.__lcp, entry.startTime); }
}).observe({type: "largest-contentful-paint", buffered: true});
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(tmp: Path) -> tuple[dict[str, str], str]:
    """Migrate, load the demo, collect the static files; return the environment and an offer's path."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'phone.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "bench.settings_static",
        "BENCH_STATIC_ROOT": str(tmp / "static"),
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from anlaufstelle.core.demo.loader import load_demo
    from anlaufstelle.directory.models import Offer

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    with scopes_disabled():
        load_demo()
        offer = Offer.objects.filter(centre__slug="musterstadt", status="published").order_by("pk").first()
        assert offer is not None, "the demo has no published offer"
    return env, f"/musterstadt/angebote/{offer.pk}/"


def measure(browser: Any, url: str, locale: str) -> dict[str, Any]:
    """Load `url` once, cold, as a slow phone; return what went over the wire and the LCP."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale=locale)
    page = context.new_page()
    page.add_init_script(LCP_OBSERVER)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_PHONE)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    sizes: dict[str, int] = {}
    kinds: dict[str, str] = {}
    urls: dict[str, str] = {}

    def received(event: dict[str, Any]) -> None:
        kinds[event["requestId"]] = event["type"]
        urls[event["requestId"]] = event["response"]["url"].rsplit("/", 1)[-1]

    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_timeout(500)  # let the LCP entry settle after the load event
    lcp = float(page.evaluate("window.__lcp"))
    context.close()
    fonts = [rid for rid, kind in kinds.items() if kind == "Font"]
    return {
        "bytes": sum(sizes.values()),
        "requests": len(sizes),
        "fonts": len(fonts),
        "font_bytes": sum(sizes.get(rid, 0) for rid in fonts),
        "font_files": sorted(urls[rid].split(".")[0] for rid in fonts),
        "lcp": lcp,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=3, help="loads per page; the median LCP is shown")
    parser.add_argument("--fonts", action="store_true", help="also list the font files each page loaded")
    parser.add_argument("--quick", action="store_true", help="the centre page only (for the smoke run)")
    args = parser.parse_args()
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        raise SystemExit(f"Chromium not found at {CHROMIUM}: `make browser-deps` installs Debian's package.")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env, offer_path = prepare(tmp)
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "bench.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            pages = {"centre page": "/musterstadt/", "directory": "/musterstadt/angebote/", "offer page": offer_path}
            if args.quick:
                pages = {"centre page": "/musterstadt/"}
            rows = []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu", "--disable-quic"]
                )
                for language, prefix, locale in (("de", "", "de-DE"), ("ar", "/ar", "ar")):
                    for label, path in pages.items():
                        runs = [
                            measure(browser, f"http://127.0.0.1:{port}{prefix}{path}", locale)
                            for _ in range(args.repeat)
                        ]
                        runs.sort(key=lambda r: r["lcp"])
                        rows.append((label, language, runs[len(runs) // 2]))
                browser.close()
        finally:
            server.terminate()
            server.wait(10)

    print(f"Cold first visit, {SLOW_PHONE['latency']} ms round trip, 400 kbit/s, CPU {CPU_SLOWDOWN}x slower, 390x844")
    print(
        f"{'page':<14} {'lang':<5} {'KB':>7} {'requests':>9} {'fonts':>6} {'font KB':>8} {'LCP ms':>8}"
        "  aims: <150 KB, LCP <2500 ms"
    )
    for label, language, run in rows:
        flag = "" if run["bytes"] < 150_000 and run["lcp"] < 2500 else "  (over an aim)"
        print(
            f"{label:<14} {language:<5} {run['bytes'] / 1000:>7.1f} {run['requests']:>9} {run['fonts']:>6} "
            f"{run['font_bytes'] / 1000:>8.1f} {run['lcp']:>8.0f}{flag}"
        )
        if args.fonts:
            print(f"{'':<20} {', '.join(run['font_files'])}")


if __name__ == "__main__":
    main()
