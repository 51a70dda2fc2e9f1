"""End-to-end placement run with the database: 2,000 waiting children × 100 schools (issue aim: < 2 s).

Run with `make bench-placement` (SQLite in a temporary directory) or with DATABASE_URL set to a
PostgreSQL database. Times what a caseworker waits for: reading children, rules, seats and
addresses, solving, the frontier between fairness and places (issue 17), and writing the draft
proposals — first run and a re-run (which replaces the drafts and keeps stable proposals).
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FORMS = ["grundschule"] * 55 + ["gesamtschule"] * 15 + ["realschule"] * 10 + ["sekundarschule"] * 10
FORMS += ["gymnasium"] * 6 + ["berufskolleg"] * 4


def setup(db_url: str) -> None:
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(children: int, schools: int, seed: int) -> Any:
    from decimal import Decimal

    from django.utils import timezone
    from django_scopes import scopes_disabled

    from anlaufstelle.core.languages import encode_codes
    from anlaufstelle.core.models import Centre
    from anlaufstelle.newcomers import actions
    from anlaufstelle.newcomers.demo import SEATS_BY_FORM
    from anlaufstelle.newcomers.models import Child, Family, SeatQuota
    from anlaufstelle.partners.models import Address, Organisation

    rng = random.Random(seed)
    today = timezone.localdate()
    lat0, lon0 = 51.33, 6.56  # a city of about 20 × 20 km
    with scopes_disabled():
        centre = Centre.objects.create(slug=f"bench{seed}", name="KI Bench", kind=Centre.Kind.CITY)
        actions.rules_load_defaults(centre=centre, actor=None)
        orgs = Organisation.objects.bulk_create(
            Organisation(centre=centre, name=f"Schule {i}", kind="school", school_form=rng.choice(FORMS))
            for i in range(schools)
        )
        Address.objects.bulk_create(
            Address(
                centre=centre,
                organisation=org,
                street="Schulweg 1",
                postcode="47798",
                city="Bench",
                latitude=Decimal(str(round(lat0 + rng.uniform(-0.09, 0.09), 6))),
                longitude=Decimal(str(round(lon0 + rng.uniform(-0.14, 0.14), 6))),
                is_primary=True,
            )
            for org in orgs
        )
        SeatQuota.objects.bulk_create(
            SeatQuota(
                centre=centre,
                school=org,
                grade_band=band,
                class_model=model,
                seats=max(1, round(seats * children / 700)),
            )
            for org in orgs
            for band, model, seats in SEATS_BY_FORM.get(org.school_form, [])
        )
        families: list[Any] = []
        kids: list[tuple[Any, Any]] = []
        while len(kids) < children:
            family = Family(
                centre=centre,
                latitude=round(lat0 + rng.uniform(-0.09, 0.09), 6),
                longitude=round(lon0 + rng.uniform(-0.14, 0.14), 6),
                consent_given_on=today,
                privacy_notice_language="ar",
                languages=encode_codes(["ar"]),
            )
            families.append(family)
            size = rng.choice([2, 2, 3]) if rng.random() < 0.06 else 1  # about 12 % of children have siblings
            registered = today - datetime.timedelta(days=rng.randint(1, 150))
            for _n in range(size):
                kids.append(
                    (
                        family,
                        Child(
                            centre=centre,
                            first_name="Kind",
                            last_name=str(len(kids)),
                            birth_date=today - datetime.timedelta(days=rng.randint(6 * 365 + 30, 18 * 365)),
                            schooling_years=rng.choice([0, 2, 4, 6, 8]),
                            latin_literacy=rng.choice(["yes", "yes", "yes", "no"]),
                            registered_on=registered,
                            stage=Child.Stage.COUNSELLED,
                        ),
                    )
                )
        Family.objects.bulk_create(families, batch_size=1000)
        for family, child in kids:
            child.family = family
        Child.objects.bulk_create([child for _f, child in kids[:children]], batch_size=1000)
        return centre


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=2000)
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7, help="runs per policy for p50 / p95")
    parser.add_argument("--minutes", type=int, default=0, help="a travel-time limit on every rule (0: none)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        setup(db_url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django_scopes import scopes_disabled

        from anlaufstelle.core.statistics import percentile
        from anlaufstelle.newcomers import placement as solver
        from anlaufstelle.newcomers.models import EligibilityRule, PlacementRun, Policy
        from anlaufstelle.newcomers.runs import build_instance, placement_run_execute, solve

        centre = build(args.children, args.schools, args.seed)
        if args.minutes:
            with scopes_disabled():
                EligibilityRule.objects.filter(centre=centre).update(max_minutes=args.minutes)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        limit = f", travel limit {args.minutes} min" if args.minutes else ""
        print(
            f"End-to-end placement run on {connection.vendor}: {args.children:,} children × {args.schools} schools"
            f"{limit} (load {load:.1f} on {os.cpu_count()} cores)"
        )
        print(
            f"{'policy':<10} {'read s':>7} {'solve s':>8} {'frontier s':>10} {'p50 s':>7} {'p95 s':>7} {'max s':>7} "
            f"{'runs':>5} {'queries':>8} {'placed':>7} {'km':>9} {'split':>6}"
        )
        with scopes_disabled():
            for policy in Policy.values:
                instance = build_instance(centre=centre)  # warm
                parts: dict[str, list[float]] = {"read": [], "solve": [], "frontier": []}
                totals: list[float] = []
                for _i in range(args.repeat):
                    started = time.perf_counter()
                    instance = build_instance(centre=centre)
                    parts["read"].append(time.perf_counter() - started)
                    started = time.perf_counter()
                    solve(instance.children, instance.groups, policy=policy)
                    parts["solve"].append(time.perf_counter() - started)
                    started = time.perf_counter()
                    solver.frontier(instance.children, instance.groups)
                    parts["frontier"].append(time.perf_counter() - started)
                    started = time.perf_counter()
                    with CaptureQueriesContext(connection) as queries:
                        run = placement_run_execute(run=PlacementRun.objects.create(centre=centre, policy=policy))
                    totals.append(time.perf_counter() - started)
                ms = [round(t * 1000) for t in totals]
                read, solving, frontier = (sorted(parts[k])[len(totals) // 2] for k in ("read", "solve", "frontier"))
                p50, p95 = (percentile(ms, share) or 0 for share in (0.5, 0.95))
                print(
                    f"{policy:<10} {read:>7.2f} {solving:>8.2f} {frontier:>10.2f} "
                    f"{p50 / 1000:>7.2f} {p95 / 1000:>7.2f} {max(totals):>7.2f} {len(totals):>5} {len(queries):>8} "
                    f"{run.placed:>7,} {run.total_km:>9,.0f} {run.split_families:>6}"
                )
            for point in run.frontier:
                print(
                    f"{'':<10} {point['policy']:<10} {point['placed']:>7,} placed "
                    f"{point['overtaken']:>6,} overtaken {point['km']:>9,.0f} km"
                )
        print(
            "p50 / p95 / max s: a whole run (read, solve with the policy, the frontier, write the draft proposals;"
            " the aim is under 2 s), nearest rank over the runs; read, solve and frontier s: medians of the"
            " parts, timed separately."
        )


if __name__ == "__main__":
    main()
