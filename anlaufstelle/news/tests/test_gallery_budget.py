"""The gallery page of 200 photos: constant queries, a small page, responsive sources, and only
the first photos loaded eagerly. The bytes over the wire and the LCP on a slow phone are
measured by `make bench-gallery` (bench/gallery_phone.py), reported in the decision record 0020."""

from __future__ import annotations

import gzip
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import override
from django_scopes import scopes_disabled

from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.news.models import Photo, PhotoTranslation
from anlaufstelle.news.tests.factories import make_gallery

pytestmark = pytest.mark.django_db


def grow(gallery, total: int) -> None:  # type: ignore[no-untyped-def]
    """Copies of the gallery's first photo (same files) until it has `total` photos."""
    with scopes_disabled():
        first = gallery.photos.get()
        rows = [
            Photo(
                centre=first.centre,
                gallery=gallery,
                picture=first.picture.name,
                width=first.width,
                height=first.height,
                variants=first.variants,
                basis=first.basis,
                consent_reference=first.consent_reference,
                position=n,
            )
            for n in range(2, total + 1)
        ]
        Photo.objects.bulk_create(rows)
        PhotoTranslation.objects.bulk_create(
            PhotoTranslation(photo=photo, language="de", alt_text=f"Foto {photo.position}") for photo in rows
        )


def test_a_gallery_of_200_photos_costs_the_same_queries_and_stays_small(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    small = make_gallery(centre, "Eins", photos=1)
    with override("de"):
        small_url = reverse("news:gallery", kwargs={"centre": centre.slug, "pk": small.pk})
    with query_budget() as one:
        client.get(small_url)
    big = make_gallery(centre, "DaZ-Tag 2026", photos=1)
    grow(big, 200)
    with override("de"):
        big_url = reverse("news:gallery", kwargs={"centre": centre.slug, "pk": big.pk})
    with query_budget(one.count):
        response = client.get(big_url)
    html = response.content
    page = html.decode()
    assert page.count("<picture>") == 200
    assert page.count('type="image/webp"') == 200
    assert page.count('loading="lazy"') == 198  # only the first row is fetched at once
    assert page.count('fetchpriority="high"') == 2
    first = re.search(r'<source type="image/webp" srcset="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert [entry.rsplit(" ", 1)[1] for entry in first.split(", ")] == ["320w", "640w", "1200w"]
    assert 'width="1200" height="800"' in page  # no layout shift while the photos arrive
    compressed = len(gzip.compress(html))
    print(f"gallery of 200 photos: HTML {len(html)} bytes, {compressed} bytes compressed, {one.count} queries")
    assert compressed < 30_000
