"""Helpers of the workspace tests, and the workspace's URLs for the site's URL matrix."""

from __future__ import annotations

from typing import Any


def catalogue() -> dict[str, Any]:
    """The workspace's URLs for core/tests/url_catalogue.py: name -> (kwargs builder, permission, status on GET)."""

    def c(o: Any) -> dict[str, Any]:
        return {"centre": o.centre.slug}

    def text(o: Any) -> dict[str, Any]:
        return {**c(o), "kind": "newcomers.placement_approved", "language": "ar"}

    def feed(o: Any) -> dict[str, Any]:
        return {**c(o), "pk": 1}

    own, texts = "core.view_internal_area", "workspace.edit_mail_texts"
    return {
        "workspace:calendar": (c, own, 200),
        "workspace:calendar_feeds": (c, own, 200),
        "workspace:calendar_feed_create": (c, own, 405),
        "workspace:calendar_feed_end": (feed, own, 405),
        "workspace:calendar_feed": (lambda o: {**c(o), "token": "not-a-real-token"}, "public", 404),
        "workspace:search": (c, own, 200),
        "workspace:notifications": (c, own, 200),
        "workspace:mark_read": (c, own, 405),
        "workspace:mark_all_read": (c, own, 405),
        "workspace:mail_setting": (c, own, 405),
        "workspace:mail_texts": (c, texts, 200),
        "workspace:mail_text_edit": (text, texts, 200),
        "workspace:mail_text_save": (text, texts, 405),
        "workspace:mail_text_reset": (text, texts, 405),
    }
