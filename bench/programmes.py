"""Figures of a programme from its sessions: 200 groups × 36 sessions × 5 years (issue 13 aim: < 200 ms).

Run with `make bench-programmes` (SQLite in a temporary directory) or with DATABASE_URL set to a
PostgreSQL database. Builds one programme with `--sites` sites, `--groups` groups in each of
`--years` programme years and `--sessions` sessions per group (a mix of held, cancelled and planned,
counts and languages at random), then times the figures of the latest year and of all years
together (`selectors.figure_facts` + `figures.compute`: every indicator of the Rucksack KiTa
template, per site and in total) and prints p50/p95 and the query count.
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


def setup(db_url: str) -> None:
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(*, groups: int, sessions: int, years: int, sites: int, seed: int) -> tuple[Any, list[int]]:
    from django_scopes import scopes_disabled

    from anlaufstelle.core.models import Centre
    from anlaufstelle.partners.models import Organisation
    from anlaufstelle.programmes import kinds
    from anlaufstelle.programmes.models import Group, Programme, ProgrammeKind, Session, Site
    from anlaufstelle.programmes.schedule import year_bounds

    rng = random.Random(seed)
    template = next(t for t in kinds.TEMPLATES if t.code == "griffbereit")
    with scopes_disabled():
        centre = Centre.objects.create(slug=f"bench{seed}", name="KI Bench", kind=Centre.Kind.CITY)
        kind = ProgrammeKind.objects.create(
            centre=centre, code=template.code, name=template.name, year_kind="kita", indicators=template.indicators
        )
        programme = Programme.objects.create(centre=centre, kind=kind, name="Griffbereit", indicators=kind.indicators)
        organisations = Organisation.objects.bulk_create(
            Organisation(centre=centre, name=f"Kita {i}", kind="kita") for i in range(sites)
        )
        site_rows = Site.objects.bulk_create(
            Site(centre=centre, programme=programme, organisation=o, provider=organisations[i % 7])
            for i, o in enumerate(organisations)
        )
        last_year = datetime.date.today().year - 1
        year_list = list(range(last_year - years + 1, last_year + 1))
        for year in year_list:
            first, last = year_bounds(year)
            made = Group.objects.bulk_create(
                Group(
                    centre=centre,
                    site=site_rows[g % sites],
                    year=year,
                    name=f"G{g}",
                    age_band=rng.choice(["0–1", "1–3"]),
                    weekday=g % 5,
                    starts_at=datetime.time(9),
                    ends_at=datetime.time(11),
                    first_day=first,
                    last_day=last,
                )
                for g in range(groups)
            )
            rows = []
            for group in made:
                for week in range(sessions):
                    status = rng.choices(["held", "cancelled", "planned"], [0.8, 0.15, 0.05])[0]
                    rows.append(
                        Session(
                            centre=centre,
                            group=group,
                            date=first + datetime.timedelta(days=group.weekday + 7 * week + 3),
                            status=status,
                            reason="illness" if status == "cancelled" else "",
                            adults=rng.randint(3, 12) if status == "held" else 0,
                            children=rng.randint(3, 14) if status == "held" else 0,
                            languages="|" + "|".join(rng.sample(["ar", "tr", "uk", "ru", "fa"], 2)) + "|"
                            if status == "held"
                            else "",
                        )
                    )
            Session.objects.bulk_create(rows, batch_size=2000)
    return programme, year_list


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groups", type=int, default=200, help="groups per year")
    parser.add_argument("--sessions", type=int, default=36, help="sessions per group")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--sites", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django_scopes import scopes_disabled

        from anlaufstelle.programmes import figures, selectors
        from anlaufstelle.programmes.models import Session

        started = time.perf_counter()
        programme, years = build(
            groups=args.groups, sessions=args.sessions, years=args.years, sites=args.sites, seed=args.seed
        )
        with scopes_disabled():
            total_sessions = Session.objects.count()
        print(
            f"database: {connection.vendor}; {args.groups} groups × {args.sessions} sessions × {args.years} years "
            f"= {total_sessions} sessions at {args.sites} sites (built in {time.perf_counter() - started:.1f} s)"
        )
        print(f"{'figures of':<22} {'sessions':>9} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        with scopes_disabled():
            for label, chosen in (("the latest year", years[-1:]), (f"all {len(years)} years", years)):
                times, queries, counted = [], 0, 0
                for _ in range(args.repeat):
                    with CaptureQueriesContext(connection) as captured:
                        start = time.perf_counter()
                        counted = 0
                        for year in chosen:
                            result = figures.compute(selectors.figure_facts(programme=programme, year=year))
                            counted += len(result.facts.sessions)
                        times.append((time.perf_counter() - start) * 1000)
                    queries = len(captured)
                times.sort()
                p95 = times[max(0, int(len(times) * 0.95) - 1)]
                print(f"{label:<22} {counted:>9} {statistics.median(times):>8.1f} {p95:>8.1f} {queries:>8}")
        print("figures: every indicator of the Griffbereit template (12), per site and in total; aim < 200 ms.")


if __name__ == "__main__":
    main()
