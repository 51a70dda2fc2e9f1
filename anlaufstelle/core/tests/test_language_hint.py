"""A visitor whose browser asks for another supported language is offered the same page in that
language (no redirect). The offer is pre-rendered, hidden, in every page and revealed by a static
script from navigator.languages, so the cached HTML never varies with Accept-Language."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse
from django.utils import translation

from anlaufstelle.directory.tests.factories import make_offer


def hint(html: str) -> str:
    match = re.search(r"<div[^>]*data-language-hint[^>]*>.*?<!-- /language-hint -->", html, re.S)
    assert match, "no language hint in the page"
    return match.group(0)


def test_every_other_language_is_offered_hidden_with_a_link_to_the_same_page(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    offer = make_offer(centre, "Elterncafé")
    with translation.override("de"):
        url = reverse("directory:offer", kwargs={"centre": centre.slug, "pk": offer.pk})
    block = hint(client.get(url).content.decode())
    assert re.search(r"<div[^>]*\shidden[\s>]", block), "the hint must start hidden"
    for code in ("en", "ar", "uk", "tr"):
        assert f'href="/{code}{url}" hreflang="{code}"' in block, code
        assert re.search(rf'data-language="{code}"[^>]*lang="{code}"', block), code
    assert 'data-language="de"' not in block  # not the page's own language
    assert 'dir="rtl"' in block  # the Arabic offer reads right to left
    assert "data-language-hint-dismiss" in block
    arabic = hint(client.get(f"/ar{url}").content.decode())
    assert f'href="{url}" hreflang="de"' in arabic and 'data-language="ar"' not in arabic


def test_the_page_does_not_vary_with_accept_language(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    url = reverse("core:centre", kwargs={"centre": centre.slug})
    plain = client.get(url)
    assert plain["X-Public-Cache"] == "miss"
    for accept in ("ar,de;q=0.5", "uk-UA", "tr-TR,tr;q=0.9", "de-DE"):
        asked = client.get(url, headers={"Accept-Language": accept})
        assert asked.status_code == 200  # no redirect to another language
        assert asked["X-Public-Cache"] == "hit", accept
        assert asked.content == plain.content


def test_the_hint_uses_a_static_script_and_no_inline_code(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    html = client.get(reverse("core:centre", kwargs={"centre": centre.slug})).content.decode()
    assert re.search(r'<script src="[^"]*core/app\.js"', html)
    block = hint(html)
    assert "<script" not in block and not re.search(r"\son[a-z]+=", block)


def test_landing_page_offers_the_language_too(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    assert 'data-language="ar"' in hint(client.get(reverse("core:landing")).content.decode())
