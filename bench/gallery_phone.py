"""A gallery of 200 photos on a slow phone: bytes before the first scroll and the LCP, cold.

Run with `make bench-gallery` (or `python bench/gallery_phone.py`). Same setup as bench/phone.py
(gunicorn, collected static files, Chromium with a 390x844 phone viewport, 400 kbit/s, 400 ms
round trip, CPU four times slower); the demo centre gets a published gallery of 200 photos made
from 8 photo-like pictures (many shapes and grain, whose small copies compress like real
photos, not like flat test colours), each re-encoded and resized as an upload is. Aim (issue 23): under 300 KB
before the first scroll.
"""

from __future__ import annotations

import io
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.phone import CHROMIUM, CPU_SLOWDOWN, LCP_OBSERVER, SLOW_PHONE, free_port, prepare  # noqa: E402

PHOTOS = 200
DISTINCT = 8  # different pictures; the other photos reuse their files (the browser still fetches each URL)


def photo_like(seed: int) -> bytes:
    """A synthetic picture with detail at every scale (many overlapping shapes and a little grain),
    so its small copies compress about as badly as a photo's, not like a flat test colour."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    width, height = 3000, 2000
    image = Image.new("RGB", (width, height), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(1500):
        x, y = rng.randrange(width), rng.randrange(height)
        size = int(rng.paretovariate(1.2) * 12)
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape((x, y, x + size, y + int(size * rng.uniform(0.3, 2))), fill=colour)
    grain = Image.effect_noise((width, height), 24).convert("RGB")
    image = Image.blend(image, grain, 0.15)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def make_gallery() -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_scopes import scope

    from anlaufstelle.core.models import Centre
    from anlaufstelle.news.actions import gallery_publish, gallery_save, photo_save, photos_add
    from anlaufstelle.news.images import render_picture
    from anlaufstelle.news.models import Photo, PhotoTranslation

    centre = Centre.objects.get(slug="musterstadt")
    with scope(centre=centre):
        gallery = gallery_save(centre=centre, actor=None, data={}, texts={"de": {"title": "DaZ-Tag 2026"}})
        pictures = [render_picture(SimpleUploadedFile(f"{n}.jpg", photo_like(n))) for n in range(DISTINCT)]
        originals = photos_add(gallery=gallery, actor=None, pictures=pictures)
        for n, photo in enumerate(originals, start=1):
            photo_save(
                photo=photo, actor=None, data={"basis": "public_gathering"}, texts={"de": {"alt_text": f"Foto {n}"}}
            )
        copies = []
        for n in range(len(originals) + 1, PHOTOS + 1):
            source = originals[n % len(originals)]
            copies.append(
                Photo(
                    centre=centre,
                    gallery=gallery,
                    picture=source.picture.name,
                    width=source.width,
                    height=source.height,
                    variants=source.variants,
                    basis="public_gathering",
                    position=n,
                )
            )
        Photo.objects.bulk_create(copies)
        PhotoTranslation.objects.bulk_create(
            PhotoTranslation(photo=photo, language="de", alt_text=f"Foto {photo.position}") for photo in copies
        )
        gallery_publish(gallery=gallery, actor=None)
    return f"/musterstadt/aktuelles/galerien/{gallery.pk}/"


def measure(browser: Any, url: str, locale: str) -> dict[str, Any]:
    """As bench/phone.py's, with a longer patience and the photos counted: load cold, wait for
    the load event and two quiet seconds without scrolling, sum what went over the wire."""
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
    cdp.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], e["type"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    page.goto(url, wait_until="load", timeout=900_000)
    page.wait_for_timeout(2000)
    lcp = float(page.evaluate("window.__lcp"))
    context.close()
    images = [rid for rid, kind in kinds.items() if kind == "Image"]
    return {
        "bytes": sum(sizes.values()),
        "requests": len(sizes),
        "images": len(images),
        "image_bytes": sum(sizes.get(rid, 0) for rid in images),
        "lcp": lcp,
    }


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["DJANGO_MEDIA_ROOT"] = str(tmp / "media")
        env, _offer = prepare(tmp)
        env["DJANGO_MEDIA_ROOT"] = str(tmp / "media")
        from django.conf import settings
        from django_scopes import scopes_disabled

        settings.MEDIA_ROOT = tmp / "media"
        with scopes_disabled():
            path = make_gallery()
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
            rows = []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu", "--disable-quic"]
                )
                for language, prefix, locale in (("de", "", "de-DE"), ("ar", "/ar", "ar")):
                    runs = sorted(
                        (measure(browser, f"http://127.0.0.1:{port}{prefix}{path}", locale) for _ in range(3)),
                        key=lambda r: r["lcp"],
                    )
                    rows.append((language, runs[1]))
                    print(language, runs[1], flush=True)  # also as it goes: a slow machine may be stopped
                browser.close()
        finally:
            server.terminate()
            try:
                server.wait(60)  # a loaded machine may need a while; the figures are in `rows` already
            except subprocess.TimeoutExpired:
                server.kill()
    print(f"Gallery of {PHOTOS} photos, cold, {SLOW_PHONE['latency']} ms, 400 kbit/s, CPU {CPU_SLOWDOWN}x, 390x844")
    print(f"{'lang':<5} {'KB':>7} {'requests':>9} {'photos':>7} {'photo KB':>9} {'LCP ms':>8}  aim: <300 KB")
    for language, run in rows:
        print(
            f"{language:<5} {run['bytes'] / 1000:>7.1f} {run['requests']:>9} {run['images']:>7} "
            f"{run['image_bytes'] / 1000:>9.1f} {run['lcp']:>8.0f}"
        )


if __name__ == "__main__":
    main()
