"""Benchmark of the foundation: public centre page and partner register under concurrent load.

Run with `make bench` (or `python bench/foundation.py`). Serves the platform with gunicorn on
127.0.0.1, loads it from threads on the same machine for a fixed time per page, and prints
requests per second, p50/p95 latency, the ratio to a bare Django view served the same way in
the same run, and each page's SQL query count for a small and a large register.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(db_path: Path, organisations: int) -> str:
    """Migrate, load the demo, add organisations; return a session cookie of a verified admin."""
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_scopes import scopes_disabled

    from anlaufstelle.core.demo.loader import load_demo
    from anlaufstelle.core.models import Centre, User
    from anlaufstelle.partners.models import Address, Organisation

    call_command("migrate", verbosity=0)
    with scopes_disabled():
        load_demo()
        centre = Centre.objects.get(slug="musterstadt")
        Organisation.objects.bulk_create(
            [
                Organisation(centre=centre, name=f"Bench-Verein {i:05d} e.V.", kind="association")
                for i in range(organisations)
            ]
        )
        Address.objects.bulk_create(
            [
                Address(
                    centre=centre,
                    organisation=org,
                    street="Weg 1",
                    postcode="47798",
                    city="Musterstadt",
                    district="Mitte",
                    is_primary=True,
                )
                for org in Organisation.objects.filter(name__startswith="Bench-Verein")
            ]
        )
    user = User.objects.get(email="admin@musterstadt.example")
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["otp_device_id"] = device.persistent_id
    session["_auth_login_at"] = int(time.time())
    session["_auth_last_seen"] = int(time.time())
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def query_counts(cookie: str, paths: list[str]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    counts = {}
    for path in paths:
        client.get(path.replace("{n}", "0"))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path.replace("{n}", "1"))
        assert response.status_code == 200, (path, response.status_code)
        counts[path] = len(ctx)
    return counts


def load(port: int, path: str, cookie: str, seconds: float, concurrency: int) -> tuple[float, float, float, int]:
    """Load `path` from threads; "{n}" in it becomes a number unique to each request (a cache miss)."""
    latencies: list[float] = []
    counter = iter(range(10**9))
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        bad = 0
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                headers = {"Host": "127.0.0.1", **({"Cookie": cookie} if cookie else {})}
                conn.request("GET", path.replace("{n}", str(next(counter))), headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append(time.perf_counter() - start)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    p50 = statistics.median(latencies) if latencies else float("nan")
    return len(latencies) / elapsed, p50 * 1000, p95 * 1000, errors


def serve_and_load(
    db_url: str, pages: dict[str, str], *, cookie: str, workers: int, seconds: float, concurrency: int
) -> list[tuple[str, str, float, float, float, int]]:
    """Serve the platform with gunicorn on 127.0.0.1 and load each page (after a warm-up)."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "bench.wsgi",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(workers),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 120  # a busy machine may take long to import Django in the workers
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", next(iter(pages.values())).replace("{n}", "0"))
                conn.getresponse().read()
                conn.close()
                break
            except OSError:
                time.sleep(0.2)
        rows = []
        for label, path in pages.items():
            load(port, path, cookie, 1.0, concurrency)  # warm-up
            rows.append((label, path, *load(port, path, cookie, seconds, concurrency)))
        return rows
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="load time per page")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--organisations", type=int, default=2000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        cookie = prepare(db, args.organisations)
        pages = {
            "bare Django view (reference)": "/bench/bare/",
            "healthz (database check)": "/healthz",
            "public centre page (de)": "/musterstadt/",
            "public centre page (ar)": "/ar/musterstadt/",
            "partner register, first page": "/musterstadt/intern/partner/",
            "partner register, search": "/musterstadt/intern/partner/?q=Bench-Verein+01",
        }
        counts = query_counts(cookie, [p for p in pages.values() if p != "/bench/bare/"])
        rows = serve_and_load(
            f"sqlite:///{db}",
            pages,
            cookie=cookie,
            workers=args.workers,
            seconds=args.seconds,
            concurrency=args.concurrency,
        )

    reference = rows[0][2]
    print(
        f"\nAnlaufstelle foundation benchmark — gunicorn {args.workers} workers, {args.concurrency} client "
        f"threads, {args.seconds:.0f}s per page, {args.organisations} extra organisations, SQLite\n"
    )
    print(f"{'page':<32} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'vs bare':>8} {'queries':>8} {'errors':>7}")
    for label, path, rps, p50, p95, errors in rows:
        queries = counts.get(path, 0)
        print(f"{label:<32} {rps:>8.0f} {p50:>8.1f} {p95:>8.1f} {rps / reference:>7.0%} {queries:>8} {errors:>7}")


if __name__ == "__main__":
    main()
