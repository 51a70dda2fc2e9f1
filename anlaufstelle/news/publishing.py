"""What the news gives to machines: schema.org NewsArticle JSON-LD."""

from __future__ import annotations

import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from anlaufstelle.core.models import Centre
from anlaufstelle.news.selectors import GalleryView, NewsView

JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(view: NewsView, *, centre: Centre, url: str, picture_url: str, centre_url: str) -> SafeString:
    """schema.org NewsArticle of one item, safe to embed in a script element."""
    item, text = view.item, view.text
    publisher = {"@type": "Organization", "name": centre.name, "url": centre_url}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": text.title[:110],
        "description": text.teaser,
        "articleBody": text.text,
        "inLanguage": "de" if "title" in text.fallback else text.language,
        "datePublished": item.publish_at.isoformat() if item.publish_at else None,
        "dateModified": item.updated_at.isoformat(),
        "author": publisher,
        "publisher": publisher,
    }
    if item.expires_at:
        data["expires"] = item.expires_at.isoformat()
    if picture_url:
        data["image"] = {"@type": "ImageObject", "url": picture_url, "description": text.picture_alt}
    if item.tag_list():
        data["keywords"] = item.tag_list()
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES))


def gallery_json_ld(view: GalleryView, *, centre: Centre, url: str, photo_urls: list[str]) -> SafeString:
    """schema.org ImageGallery of one gallery with its public photos, safe to embed in a script element."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ImageGallery",
        "@id": url,
        "url": url,
        "name": view.text.title,
        "description": view.text.description,
        "inLanguage": "de" if "title" in view.text.fallback else view.text.language,
        "publisher": {"@type": "Organization", "name": centre.name},
        "image": [
            {
                "@type": "ImageObject",
                "contentUrl": photo_url,
                "description": item.text.alt_text,
                "caption": item.text.caption,
            }
            for item, photo_url in zip(view.photos, photo_urls, strict=True)
        ],
    }
    if view.gallery.published_at:
        data["datePublished"] = view.gallery.published_at.isoformat()
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES))
