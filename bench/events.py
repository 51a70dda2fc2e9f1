"""Registration for one popular session under concurrent load, on PostgreSQL (`make bench-events`).

Serves the platform with gunicorn and drives it over HTTP like browsers would (GET the form for
its CSRF token, then POST): first many people register for a session with 30 seats, then they all
confirm their e-mail addresses at once — the moment seats are decided under the session's row
lock. Prints requests per second, p50 and p95 for both steps, and checks the result: exactly 30
confirmed, everyone else on the waiting list in the order their confirmation was taken.

Uses DATABASE_URL when it names PostgreSQL, else creates `anlaufstelle_bench_events` on
127.0.0.1:5432 (user postgres). Rate limiting is off for the bench (one client address).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.foundation import free_port  # noqa: E402

DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/anlaufstelle_bench_events"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def recreate(db_url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(db_url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare(db_url: str, seats: int) -> tuple[str, int]:
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from anlaufstelle.core.models import Centre
    from anlaufstelle.events.tests.factories import make_event

    call_command("migrate", verbosity=0)
    with scopes_disabled():
        centre = Centre.objects.create(slug="musterstadt", name="KI Musterstadt", kind=Centre.Kind.CITY)
        event = make_event(centre, title="DaZ-Tag", seats=[seats])
    return centre.slug, event.pk


class Browser:
    """One keep-alive connection with its own cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict[str, str] | None = None) -> tuple[int, str]:
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, float]:
        """GET the page (CSRF token), then POST; returns the POST status and its latency."""
        _status, page = self.request("GET", path)
        match = TOKEN.search(page)
        token = match.group(1) if match else ""
        started = time.perf_counter()
        status, _text = self.request("POST", path, {"csrfmiddlewaretoken": token, **fields})
        return status, time.perf_counter() - started


def run(jobs: list[Any], port: int, concurrency: int) -> tuple[list[float], int, float]:
    """Run the (path, fields, expected status) jobs from `concurrency` threads; latencies of the POSTs."""
    queue = list(reversed(jobs))
    lock = threading.Lock()
    latencies: list[float] = []
    failures = 0

    def worker() -> None:
        nonlocal failures
        browser = Browser(port)
        while True:
            with lock:
                if not queue:
                    return
                path, fields, expected = queue.pop()
            status, seconds = browser.post_form(path, fields)
            with lock:
                latencies.append(seconds)
                if status != expected:
                    failures += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, failures, time.monotonic() - began


def report(label: str, latencies: list[float], failures: int, elapsed: float) -> None:
    latencies = sorted(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"{label:<30} {len(latencies):>6} {len(latencies) / elapsed:>8.1f} "
        f"{statistics.median(latencies) * 1000:>8.1f} {p95 * 1000:>8.1f} {failures:>7}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--seats", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()

    db_url = os.environ.get("DATABASE_URL", "")
    if not db_url.startswith("postgres"):
        db_url = DEFAULT_DB
        recreate(db_url)
    with tempfile.TemporaryDirectory() as mails:
        os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
        os.environ["EMAIL_FILE_PATH"] = mails
        os.environ["SITE_URL"] = "http://127.0.0.1"
        centre, event_id = prepare(db_url, args.seats)
        import subprocess

        port = free_port()
        env = {**os.environ, "DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
        command = [sys.executable, "-m", "gunicorn", "bench.wsgi", "-b", f"127.0.0.1:{port}"]
        command += ["-w", str(args.workers), "--log-level", "warning"]
        server = subprocess.Popen(command, cwd=ROOT, env=env)
        try:
            for _ in range(100):
                try:
                    Browser(port).request("GET", "/healthz")
                    break
                except OSError:
                    time.sleep(0.1)
            register = f"/{centre}/veranstaltungen/{event_id}/anmelden/"
            forms = [
                (
                    register,
                    {
                        "name": f"Person {n}",
                        "email": f"person{n}@bench.example",
                        "consent": "on",
                        "person-TOTAL_FORMS": "1",
                        "person-INITIAL_FORMS": "0",
                        "person-0-first_name": "Person",
                        "person-0-last_name": str(n),
                    },
                    200,
                )
                for n in range(args.people)
            ]
            print(
                f"\nRegistration for one session of {args.seats} seats — PostgreSQL, gunicorn {args.workers} "
                f"workers, {args.concurrency} client threads, {args.people} people\n"
            )
            print(f"{'step':<30} {'count':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
            report("register (POST the form)", *run(forms, port, args.concurrency))
            links = []
            for name in sorted(os.listdir(mails)):
                links += re.findall(r"http://127\.0\.0\.1(/\S+/bestaetigen/\S+/)", Path(mails, name).read_text())
            confirms = [(link, {}, 200) for link in links]
            report("confirm (seat or waiting list)", *run(confirms, port, args.concurrency))
        finally:
            server.terminate()
            server.wait(10)

    from django_scopes import scopes_disabled

    from anlaufstelle.events.models import Registration

    with scopes_disabled():
        rows = list(Registration.objects.filter(session__event_id=event_id).order_by("placed_at", "id"))
    statuses = [r.status for r in rows]
    confirmed, waiting = statuses.count("confirmed"), statuses.count("waiting")
    in_order = statuses == ["confirmed"] * confirmed + ["waiting"] * waiting
    print(
        f"\ncheck: {len(links)} confirmation links, {confirmed} confirmed (seats {args.seats}), {waiting} waiting, "
        f"waiting list in the order confirmations were taken: {'yes' if in_order else 'NO'}"
    )
    if confirmed != min(args.seats, len(links)) or confirmed + waiting != len(links) or not in_order:
        raise SystemExit("count check FAILED")


if __name__ == "__main__":
    main()
