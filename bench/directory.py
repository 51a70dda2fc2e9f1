"""Benchmark of the public directory search: 20,000 offers in 3 languages under concurrent load.

Run with `make bench-directory` (SQLite) or `DATABASE_URL=postgresql://… make bench-directory`.
Serves the platform with gunicorn on 127.0.0.1 and prints requests per second, p50/p95 and the
ratio to a bare Django view served the same way in the same run, with each page's query count.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.foundation import query_counts, serve_and_load  # noqa: E402

WORDS_DE = [
    "Deutschkurs",
    "Beratung",
    "Hausaufgabenhilfe",
    "Elterncafé",
    "Sprachtreff",
    "Bewerbungstraining",
    "Familienzentrum",
    "Schwimmkurs",
    "Integrationskurs",
    "Migrationsberatung",
    "Nähkurs",
    "Lernhilfe",
]
WORDS_EN = ["German course", "Counselling", "Homework help", "Parents' café", "Language meeting", "Job training"]
WORDS_AR = ["دورة ألمانية", "استشارة", "مساعدة في الواجبات", "مقهى الآباء", "لقاء لغوي", "تدريب على العمل"]
AREAS = ["language", "school", "kita_family", "work", "health", "counselling", "housing", "sport_leisure"]


def prepare(db_url: str, offers: int) -> str:
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from anlaufstelle.core.demo.loader import load_demo
    from anlaufstelle.core.languages import encode_codes
    from anlaufstelle.core.models import Centre
    from anlaufstelle.directory import textsearch
    from anlaufstelle.directory.models import Offer, OfferTranslation
    from anlaufstelle.partners.models import Address, Organisation

    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    with scopes_disabled():
        load_demo()
        centre = Centre.objects.get(slug="musterstadt")
        providers = list(Organisation.objects.filter(centre=centre))
        addresses = {a.organisation_id: a for a in Address.objects.filter(centre=centre)}
        batch = []
        texts = []
        for i in range(offers):
            org = rng.choice(providers)
            k = rng.randrange(len(WORDS_EN))
            de = f"{rng.choice(WORDS_DE)} {i}"
            summary = f"{rng.choice(WORDS_DE)} und {rng.choice(WORDS_DE)} für Familien in Musterstadt"
            batch.append(
                Offer(
                    centre=centre,
                    organisation=org,
                    address=addresses.get(org.pk),
                    status="published",
                    areas=encode_codes(rng.sample(AREAS, 2)),
                    languages=encode_codes(["de", "ar", "en"]),
                    is_free=rng.random() < 0.7,
                    search_index=textsearch.index_string(
                        {"de": [de, summary, org.name], "en": [WORDS_EN[k]], "ar": [WORDS_AR[k]]}
                    ),
                    title_index=textsearch.index_string({"de": [de], "en": [WORDS_EN[k]], "ar": [WORDS_AR[k]]}),
                )
            )
            texts.append((de, summary, WORDS_EN[k], WORDS_AR[k]))
        created = Offer.objects.bulk_create(batch, batch_size=2000)
        rows = []
        for offer, (de, summary, en, ar) in zip(created, texts, strict=True):
            rows += [
                OfferTranslation(offer=offer, language="de", title=de, summary=summary),
                OfferTranslation(offer=offer, language="en", title=en),
                OfferTranslation(offer=offer, language="ar", title=ar),
            ]
        OfferTranslation.objects.bulk_create(rows, batch_size=5000)
    from django.db import connection

    if connection.vendor == "postgresql":  # what autovacuum does soon after a bulk load in production
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--offers", type=int, default=20_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db_url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        started = time.perf_counter()
        prepare(db_url, args.offers)
        setup_seconds = time.perf_counter() - started
        pages = {
            "bare Django view (reference)": "/bench/bare/",
            "search: one word": "/musterstadt/angebote/?q=Deutschkurs",
            "search: one word, never cached": "/musterstadt/angebote/?q=Deutschkurs&n={n}",
            "search: word form + typo": "/musterstadt/angebote/?q=Beratnugen",
            "search: typo, never cached": "/musterstadt/angebote/?q=Beratnugen&n={n}",
            "search: word + area + free": "/musterstadt/angebote/?q=Beratung&area=counselling&free=on",
            "search: filters, never cached": "/musterstadt/angebote/?q=Beratung&area=counselling&free=on&n={n}",
            "search: Arabic UI, filters only": "/ar/musterstadt/angebote/?area=language&lang=ar",
            "search: Arabic UI, never cached": "/ar/musterstadt/angebote/?area=language&lang=ar&n={n}",
            "search: near a postcode": "/musterstadt/angebote/?near=47798&radius=10",
            "search: near, never cached": "/musterstadt/angebote/?near=47798&radius=10&n={n}",
            "offer page": "/musterstadt/angebote/1/",
            "offer page, never cached": "/musterstadt/angebote/1/?n={n}",
        }
        counts = query_counts("", [p for p in pages.values() if p != "/bench/bare/"])
        rows = serve_and_load(
            db_url, pages, cookie="", workers=args.workers, seconds=args.seconds, concurrency=args.concurrency
        )
    engine = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
    print(
        f"\nAnlaufstelle directory benchmark — {args.offers} offers × 3 languages, {engine}, gunicorn "
        f"{args.workers} workers, {args.concurrency} client threads, {args.seconds:.0f}s per page "
        f"(set-up {setup_seconds:.0f}s)\n"
    )
    reference = rows[0][2]
    print(f"{'page':<34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'vs bare':>8} {'queries':>8} {'errors':>7}")
    for label, path, rps, p50, p95, errors in rows:
        print(
            f"{label:<34} {rps:>8.0f} {p50:>8.1f} {p95:>8.1f} {rps / reference:>7.0%} {counts.get(path, 0):>8} "
            f"{errors:>7}"
        )


if __name__ == "__main__":
    main()
