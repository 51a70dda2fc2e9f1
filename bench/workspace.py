"""The caseworker's start page, staff search and calendar in a busy centre (issue 19 aim: p95 < 100 ms).

Run with `make bench-workspace` (SQLite) or `DATABASE_URL=postgresql://… make bench-workspace`.
Builds the demo centre plus 20,000 offers (as the directory benchmark), 5,000 children in 2,500
families at every stage, a year of booked appointments (one per child), a year of interpreting
requests with assignments (3,000) and 300 event dates; then serves the platform with gunicorn and
prints requests per second, p50/p95, the ratio to a bare view and each page's query count, for the
demo caseworker (who also holds the search across families and children).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import directory  # noqa: E402
from bench.foundation import query_counts, serve_and_load  # noqa: E402

FIRST = ["Amira", "Omar", "Lina", "Yusuf", "Mariam", "Hassan", "Olena", "Taras", "Zeynep", "Emre", "Sara", "Ali"]
LAST = ["Haddad", "Al-Masri", "Kovalenko", "Yilmaz", "Rahimi", "Shevchenko", "Demir", "Nasser", "Karimi"]


def build(*, children: int, assignments: int, events: int, seed: int) -> None:
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from anlaufstelle.core.models import Centre, User
    from anlaufstelle.events.models import Event, EventDate
    from anlaufstelle.newcomers.models import AppointmentSlot, Child, Family
    from anlaufstelle.volunteers.models import Assignment, InterpretingRequest, Volunteer

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    with scopes_disabled():
        centre = Centre.objects.get(slug="musterstadt")
        caseworker = User.objects.get(email="beratung@musterstadt.example")
        families = Family.objects.bulk_create(
            (Family(centre=centre, city="Musterstadt", consent_given_on=today) for _ in range(children // 2)),
            batch_size=2000,
        )
        stages = [value for value, _ in Child.Stage.choices]
        kids = Child.objects.bulk_create(
            (
                Child(
                    centre=centre,
                    family=families[i // 2],
                    first_name=rng.choice(FIRST),
                    last_name=f"{rng.choice(LAST)} {i}",
                    birth_date=today - datetime.timedelta(days=rng.randint(6 * 365, 16 * 365)),
                    stage=rng.choice(stages),
                )
                for i in range(children)
            ),
            batch_size=2000,
        )
        AppointmentSlot.objects.bulk_create(
            (
                AppointmentSlot(
                    centre=centre,
                    kind=rng.choice(["counselling", "health_exam"]),
                    starts_at=now + datetime.timedelta(days=rng.uniform(-300, 60)),
                    place="KI, Raum 1",
                    child=child,
                    booked_by=caseworker if rng.random() < 0.3 else None,
                    outcome="done" if rng.random() < 0.8 else "",
                )
                for child in kids
            ),
            batch_size=2000,
            ignore_conflicts=True,
        )
        volunteers = Volunteer.objects.bulk_create(
            (
                Volunteer(
                    centre=centre,
                    first_name="V",
                    last_name=str(i),
                    email=f"bench{i}@v.example",
                    consent_given_on=today,
                    status=Volunteer.Status.ACTIVE,
                )
                for i in range(max(10, assignments // 10))
            ),
            batch_size=1000,
        )
        requests = InterpretingRequest.objects.bulk_create(
            (
                InterpretingRequest(
                    centre=centre,
                    language=rng.choice(["ar", "fa", "uk", "tr", "ps"]),
                    starts_at=now + datetime.timedelta(days=rng.uniform(-330, 30)),
                    duration_minutes=60,
                    place="Schule",
                    district="Mitte",
                    requested_by=caseworker if rng.random() < 0.2 else None,
                    status=InterpretingRequest.Status.BOOKED,
                )
                for _ in range(assignments)
            ),
            batch_size=2000,
        )
        Assignment.objects.bulk_create(
            (
                Assignment(
                    centre=centre,
                    request=r,
                    volunteer=rng.choice(volunteers),
                    starts_at=r.starts_at,
                    ends_at=r.starts_at + datetime.timedelta(hours=1),
                )
                for r in requests
            ),
            batch_size=2000,
        )
        made = Event.objects.bulk_create(
            (Event(centre=centre, title=f"Fachtag {i}", status="published", hours=3) for i in range(events)),
            batch_size=1000,
        )
        EventDate.objects.bulk_create(
            (
                EventDate(
                    centre=centre,
                    event=e,
                    starts_at=(start := now + datetime.timedelta(days=rng.uniform(-300, 60))),
                    ends_at=start + datetime.timedelta(hours=3),
                )
                for e in made
            ),
            batch_size=1000,
        )
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def session_cookie(email: str) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from anlaufstelle.core.models import User

    user = User.objects.get(email=email)
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["otp_device_id"] = device.persistent_id
    session["_auth_login_at"] = int(time.time()) + 3600  # no session time-out during the run
    session["_auth_last_seen"] = int(time.time()) + 3600
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--children", type=int, default=5000)
    parser.add_argument("--offers", type=int, default=20_000)
    parser.add_argument("--assignments", type=int, default=3000)
    parser.add_argument("--events", type=int, default=300)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db_url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        started = time.perf_counter()
        directory.prepare(db_url, args.offers)
        build(children=args.children, assignments=args.assignments, events=args.events, seed=11)
        cookie = session_cookie("beratung@musterstadt.example")
        setup_seconds = time.perf_counter() - started
        pages = {
            "bare Django view (reference)": "/bench/bare/",
            "start page (caseworker)": "/musterstadt/intern/",
            "search: a family name": "/musterstadt/intern/suche/?q=Haddad",
            "search: a rare word": "/musterstadt/intern/suche/?q=Kovalenko+42",
            "calendar: this week": "/musterstadt/intern/kalender/",
            "calendar: this month": "/musterstadt/intern/kalender/?view=month",
        }
        counts = query_counts(cookie, [p for p in pages.values() if p.startswith("/musterstadt")])
        rows = serve_and_load(
            db_url, pages, cookie=cookie, workers=args.workers, seconds=args.seconds, concurrency=args.concurrency
        )
        bare = rows[0][4]
        database = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
        print(
            f"\nWorkspace in a centre with {args.children} children, {args.offers} offers, {args.assignments} "
            f"interpreting assignments, {args.events} event dates ({database}, {args.workers} workers, "
            f"{args.concurrency} client threads, {args.seconds:.0f}s per page, set-up {setup_seconds:.0f}s)\n"
        )
        print(f"{'page':32} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p95/bare':>9} {'queries':>8} {'errors':>7}")
        for label, path, rps, p50, p95, errors in rows:
            queries = counts.get(path, 0)
            print(f"{label:32} {rps:8.1f} {p50:8.1f} {p95:8.1f} {p95 / bare:9.1f} {queries:8} {errors:7}")


if __name__ == "__main__":
    main()
