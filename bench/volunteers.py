"""Ranking interpreters for a request: 5,000 volunteers with a year of assignments (issue aim: < 50 ms).

Run with `make bench-volunteers` (SQLite in a temporary directory) or with DATABASE_URL set to a
PostgreSQL database. Times `selectors.candidates` — one SQL query that narrows the pool (language,
district, a covering weekly window, no absence) and brings each person's language row, the window,
whether a booking clashes and the fairness counts (correlated subqueries on the (volunteer,
starts_at) index), plus the pure ranking — for requests in different languages, and prints
p50/p95 and the query count.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LANGUAGES = ["ar", "ar", "ar", "uk", "uk", "fa", "tr", "ru", "kmr", "ti", "ps", "so", "ro", "bg", "pl"]
DISTRICTS = ["Mitte", "Nord", "Süd", "Ost", "West", "Altstadt", "Hafen", "Bergdorf"]


def setup(db_url: str) -> None:
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(volunteers: int, per_year: int, seed: int) -> Any:
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from anlaufstelle.core.languages import encode_codes
    from anlaufstelle.core.models import Centre
    from anlaufstelle.volunteers.models import (
        Assignment,
        AvailabilityWindow,
        InterpretingRequest,
        Volunteer,
        VolunteerLanguage,
    )

    rng = random.Random(seed)
    now = timezone.now()
    with scopes_disabled():
        centre = Centre.objects.create(slug=f"bench{seed}", name="KI Bench", kind=Centre.Kind.CITY)
        people = Volunteer.objects.bulk_create(
            (
                Volunteer(
                    centre=centre,
                    first_name="V",
                    last_name=str(i),
                    email=f"v{i}@bench.example",
                    consent_given_on=now.date(),
                    status=Volunteer.Status.ACTIVE if rng.random() < 0.85 else Volunteer.Status.PAUSED,
                    districts=encode_codes(rng.sample(DISTRICTS, 3)),
                    gender=rng.choice(["f", "m"]),
                )
                for i in range(volunteers)
            ),
            batch_size=1000,
        )
        VolunteerLanguage.objects.bulk_create(
            (
                VolunteerLanguage(centre=centre, volunteer=v, code=code, level=rng.choice(["good", "fluent", "native"]))
                for v in people
                for code in {rng.choice(LANGUAGES), rng.choice(LANGUAGES)}
            ),
            batch_size=2000,
        )
        AvailabilityWindow.objects.bulk_create(
            (
                AvailabilityWindow(
                    centre=centre, volunteer=v, weekday=day, start=datetime.time(8), end=datetime.time(18)
                )
                for v in people
                for day in rng.sample(range(5), 3)
            ),
            batch_size=2000,
        )
        # A year of assignments: past requests, each booked with one volunteer.
        past = InterpretingRequest.objects.bulk_create(
            (
                InterpretingRequest(
                    centre=centre,
                    language=rng.choice(LANGUAGES),
                    starts_at=now - datetime.timedelta(days=rng.uniform(1, 365)),
                    duration_minutes=rng.choice([30, 60, 90]),
                    place="Rathaus",
                    status=InterpretingRequest.Status.BOOKED,
                )
                for _ in range(per_year)
            ),
            batch_size=2000,
        )
        Assignment.objects.bulk_create(
            (
                Assignment(
                    centre=centre,
                    request=r,
                    volunteer=rng.choice(people),
                    starts_at=r.starts_at,
                    ends_at=r.starts_at + datetime.timedelta(minutes=r.duration_minutes),
                    planned_minutes=r.duration_minutes,
                    status=Assignment.Status.DONE,
                )
                for r in past
            ),
            batch_size=2000,
        )
    return centre


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--volunteers", type=int, default=5000)
    parser.add_argument("--assignments", type=int, default=60000, help="assignments in the past year")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        setup(db_url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone
        from django_scopes import scopes_disabled

        from anlaufstelle.volunteers import selectors
        from anlaufstelle.volunteers.models import InterpretingRequest

        started = time.perf_counter()
        centre = build(args.volunteers, args.assignments, args.seed)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"Ranking candidates on {connection.vendor}: {args.volunteers:,} volunteers, "
            f"{args.assignments:,} assignments in the past year (built in {time.perf_counter() - started:.1f} s)"
        )
        print(f"{'language':<9} {'speakers':>9} {'candidates':>11} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        rng = random.Random(args.seed)
        with scopes_disabled():
            for language in ("ar", "uk", "fa", "ti"):
                times, queries, ranking = [], 0, None
                for n in range(15):
                    day = timezone.localdate() + datetime.timedelta(days=1 + n)
                    while day.weekday() >= 5:
                        day += datetime.timedelta(days=1)
                    request = InterpretingRequest.objects.create(
                        centre=centre,
                        language=language,
                        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
                        place="Rathaus",
                        district=rng.choice(DISTRICTS),
                    )
                    with CaptureQueriesContext(connection) as captured:
                        begin = time.perf_counter()
                        ranking, by_id = selectors.candidates(request=request)
                        times.append((time.perf_counter() - begin) * 1000)
                    queries = len(captured)
                speakers = len(by_id)
                times.sort()
                p95 = times[max(round(0.95 * len(times)) - 1, 0)]
                assert ranking is not None
                print(
                    f"{language:<9} {speakers:>9,} {len(ranking.candidates):>11,} "
                    f"{statistics.median(times):>8.1f} {p95:>8.1f} {queries:>8}"
                )
        print("speakers: active volunteers with the language (what SQL loads); candidates: after the hard rules.")


if __name__ == "__main__":
    main()
