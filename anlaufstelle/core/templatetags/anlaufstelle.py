"""Template helpers: safe Markdown for editable texts, language metadata, bidi isolation of values,
route links."""

from __future__ import annotations

from typing import Any

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

from anlaufstelle.core import navigation
from anlaufstelle.core.bidi import isolate_html, isolates_as_html
from anlaufstelle.core.geo import RouteLinks, route_links
from anlaufstelle.core.navigation import Group

register = template.Library()

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> SafeString:
    """Editors write Markdown; the HTML is sanitised so nothing executable reaches a page."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"])
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text)


@register.filter(name="get_item")
def get_item(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key, "") if mapping else ""


@register.filter(name="isolate")
def isolate_filter(value: object, direction: str = "auto") -> SafeString:
    """A value inserted into text that may run right to left: `{{ phone|isolate:"ltr" }}`. See core.bidi."""
    return isolate_html(value, "ltr" if direction == "ltr" else "rtl" if direction == "rtl" else "auto")


@register.filter(name="isolated_text")
def isolated_text_filter(text: str) -> SafeString:
    """Plain text whose inserted values carry bidi isolates (letters), as HTML with <bdi> per value."""
    return isolates_as_html(text or "")


@register.simple_tag(takes_context=True)
def staff_menu(context: Any) -> list[Group]:
    """The staff menu's groups for this person in this centre (core/navigation.py)."""
    centre = context.get("centre")
    if centre is None:
        return []
    return navigation.staff_menu(permissions=context.get("perms_here", ()), centre_slug=centre.slug)


@register.simple_tag
def route_to(address: Any) -> RouteLinks | None:
    """Route links (geo: and OpenStreetMap) to a partner address, or None without one."""
    if address is None:
        return None
    return route_links(
        street=address.street,
        postcode=address.postcode,
        city=address.city,
        latitude=address.latitude,
        longitude=address.longitude,
    )
