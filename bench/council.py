"""Benchmark of the OParl 1.1 API: five years of an Integrationsrat under concurrent load.

Run with `make bench-council` (SQLite) or `DATABASE_URL=postgresql://… make bench-council`.
Loads the demo, adds `--years` of council business (12 meetings a year with 25 agenda items each,
300 papers a year with two PDFs each: about 60 meetings, 1,500 items and papers and 3,000 files
for five years), serves the platform with gunicorn on 127.0.0.1 and prints requests per second,
p50/p95 and the ratio to a bare Django view served the same way in the same run, with each page's
query count. Aim (issue 12): p95 under 50 ms and at least 30 % of the bare view's rate.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.foundation import query_counts, serve_and_load  # noqa: E402


def prepare(db_url: str, years: int) -> dict[str, int]:
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from anlaufstelle.core.demo.loader import load_demo
    from anlaufstelle.core.models import Centre
    from anlaufstelle.council.models import AgendaItem, Committee, Consultation, File, Meeting, Paper

    call_command("migrate", verbosity=0)
    rng = random.Random(12)
    checksum = hashlib.sha512(b"%PDF-1.4").hexdigest()
    with scopes_disabled():
        load_demo()
        centre = Centre.objects.get(slug="musterstadt")
        council = Committee.objects.get(centre=centre, kind=Committee.Kind.COUNCIL)
        first_year = timezone.localdate().year - years
        meetings = Meeting.objects.bulk_create(
            Meeting(
                centre=centre,
                committee=council,
                name=f"{m + 1}. Sitzung {first_year + y}",
                start=timezone.make_aware(datetime.datetime(first_year + y, m + 1, 10, 17)),
                state=Meeting.State.MINUTES_APPROVED,
            )
            for y in range(years)
            for m in range(12)
        )
        papers = Paper.objects.bulk_create(
            Paper(
                centre=centre,
                year=first_year + y,
                number=n + 100,
                name=f"Vorlage {n} zu Sprachkursen, Wohnen und Arbeit",
                paper_type=rng.choice(list(Paper.Type.values)),
                date=datetime.date(first_year + y, 1 + n % 12, 1 + n % 28),
                text="Synthetischer Text. " * 20,
                status=Paper.Status.DECIDED,
                public=rng.random() < 0.95,
            )
            for y in range(years)
            for n in range(300)
        )
        items = AgendaItem.objects.bulk_create(
            AgendaItem(
                centre=centre,
                meeting=meeting,
                order=o + 1,
                number=str(o + 1),
                name=f"Tagesordnungspunkt {o + 1}",
                public=rng.random() < 0.9,
                result=AgendaItem.Result.ADOPTED,
                resolution_text="Der Integrationsrat beschließt wie vorgeschlagen.",
                votes_yes=10,
                votes_no=1,
                votes_abstain=0,
            )
            for meeting in meetings
            for o in range(25)
        )
        Consultation.objects.bulk_create(
            Consultation(centre=centre, paper=paper, meeting_id=item.meeting_id, agenda_item=item)
            for paper, item in zip(papers, items, strict=False)
        )
        File.objects.bulk_create(
            File(
                centre=centre,
                paper=paper,
                role=role,
                name=f"{paper.name} ({role})",
                file_name="vorlage.pdf",
                size=1024,
                sha512=checksum,
                data="uploads/council/bench.pdf",
            )
            for paper in papers
            for role in (File.Role.MAIN, File.Role.AUXILIARY)
        )
        counts = {
            "meetings": Meeting.objects.filter(centre=centre).count(),
            "items": AgendaItem.objects.filter(centre=centre).count(),
            "papers": Paper.objects.filter(centre=centre).count(),
            "files": File.objects.filter(centre=centre).count(),
        }
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()

    base = "/musterstadt/api/oparl/v1.1"
    with tempfile.TemporaryDirectory() as tmp:
        db_url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        started = time.perf_counter()
        sizes = prepare(db_url, args.years)
        setup_seconds = time.perf_counter() - started
        pages = {
            "bare Django view (reference)": "/bench/bare/",
            "system": f"{base}/system",
            "body": f"{base}/body",
            "meetings, first page": f"{base}/body/meetings",
            "papers, first page": f"{base}/body/papers",
            "papers, page 5": f"{base}/body/papers?page=5",
            "papers, modified_since": f"{base}/body/papers?modified_since=2000-01-01T00%3A00%3A00%2B00%3A00",
            "agenda items, first page": f"{base}/body/agenda-items",
            "files, first page": f"{base}/body/files",
            "persons": f"{base}/body/persons",
            "one paper": f"{base}/paper/1",
            "public meetings page": "/musterstadt/integrationsrat/?n={n}",
        }
        counts = query_counts("", [p for p in pages.values() if p != "/bench/bare/"])
        rows = serve_and_load(
            db_url, pages, cookie="", workers=args.workers, seconds=args.seconds, concurrency=args.concurrency
        )
    engine = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
    print(
        f"\nAnlaufstelle OParl benchmark — {sizes['meetings']} meetings, {sizes['items']} agenda items, "
        f"{sizes['papers']} papers, {sizes['files']} files; {engine}, gunicorn {args.workers} workers, "
        f"{args.concurrency} client threads, {args.seconds:.0f}s per page (set-up {setup_seconds:.0f}s)\n"
    )
    reference = rows[0][2]
    print(f"{'page':<30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'vs bare':>8} {'queries':>8} {'errors':>7}")
    for label, path, rps, p50, p95, errors in rows:
        print(
            f"{label:<30} {rps:>8.0f} {p50:>8.1f} {p95:>8.1f} {rps / reference:>7.0%} {counts.get(path, 0):>8} "
            f"{errors:>7}"
        )


if __name__ == "__main__":
    main()
