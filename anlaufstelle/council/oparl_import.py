"""Read a body's organizations, meetings and papers from the town's council system by OParl
(1.0 or 1.1), read-only, so that forwardings can link to them.

Real servers stray from the specification; this reader takes what they send:
- a list endpoint answering one object instead of a list, or a bare JSON array;
- 404 (or another error) instead of an empty page: an empty list;
- list entries that are only URLs, or embedded objects without `type` (the list says what they are);
- ids differing from the URL the object was fetched from (the id wins; the URL if there is none);
- `auxiliaryFile` and other list fields as one object instead of a list;
- "N/A", "-" and blank strings: absent;
- OParl 1.0 servers (the same attributes for what is read here).

`fetch(url)` returns the parsed JSON, or None for a missing or broken answer; the default one
reaches only public addresses over http(s), with a timeout and a size cap. Nothing else here
touches the network, so the tests give it a local stand-in server.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

Fetch = Callable[[str], Any]

MAX_BYTES = 5_000_000
MAX_PAGES = 200  # per list: 200 pages of a slow server is as far as one import goes
TIMEOUT = 15
BLANK = {"", "n/a", "na", "-", "--", "null", "none", "k.a.", "keine angabe"}
KINDS = {"organization": "Organization", "meeting": "Meeting", "paper": "Paper"}


class ImportFailed(Exception):
    """The address gives no OParl system to read."""


def public_fetch(url: str, *, allow_private: bool = False) -> Any:
    """GET `url` as JSON; None on any error. Private, loopback and link-local addresses are
    refused unless `allow_private` (the import must not become a way into the office's network)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if not allow_private:
        try:
            addresses = {str(info[4][0]) for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
        except OSError:
            return None
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
                return None
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url, headers={"Accept": "application/json", "User-Agent": "Anlaufstelle"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:  # noqa: S310 (scheme checked above)
            raw = answer.read(MAX_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError):
        return None
    if len(raw) > MAX_BYTES:
        return None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None


def text(value: Any) -> str:
    """A string attribute, with the placeholders servers send for "nothing" taken as absent."""
    if not isinstance(value, str):
        return ""
    value = value.strip()
    return "" if value.lower() in BLANK else value


def as_list(value: Any) -> list[Any]:
    """A list attribute, also when the server sent one object or nothing."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    return [value]


def as_date(value: Any) -> datetime.date | None:
    raw = text(value)
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw[:10])
    except ValueError:
        return None


def web_url(value: Any) -> str:
    """An http(s) URL or nothing: what a server sends ends up as a link on the office's pages."""
    raw = text(value)
    return raw if urlsplit(raw).scheme in ("http", "https") and urlsplit(raw).netloc else ""


def kind_of(obj: dict[str, Any], default: str) -> str:
    """The OParl type's last part ("Paper"), from `type` when it has one, else the list's."""
    raw = text(obj.get("type"))
    return raw.rstrip("/").rsplit("/", 1)[-1] if raw else default


@dataclass
class Result:
    rows: list[dict[str, Any]] = field(default_factory=list)
    skipped: int = 0


def entries(fetch: Fetch, url: str, default_type: str) -> list[dict[str, Any]]:
    """Every object of a list, following `next` (as far as MAX_PAGES), tolerant of how the list
    is answered. An entry given as a URL is fetched; its id is the URL where it has none."""
    found: list[dict[str, Any]] = []
    seen_pages: set[str] = set()
    page_url: str | None = url
    while page_url and page_url not in seen_pages and len(seen_pages) < MAX_PAGES:
        seen_pages.add(page_url)
        answer = fetch(page_url)
        next_url: str | None = None
        if isinstance(answer, list):
            items: list[Any] = answer
        elif isinstance(answer, dict) and "data" in answer:
            items = as_list(answer.get("data"))
            links = answer.get("links")
            if isinstance(links, dict) and text(links.get("next")):
                next_url = urljoin(page_url, text(links["next"]))
            elif text(answer.get("nextPage")):  # early OParl 1.0 drafts
                next_url = urljoin(page_url, text(answer["nextPage"]))
        elif isinstance(answer, dict) and (answer.get("id") or answer.get("type") or answer.get("name")):
            items = [answer]  # one object instead of a list
        else:
            items = []  # 404, an error object or garbage: nothing (more) to read
        for entry in items:
            if isinstance(entry, str) and text(entry):
                fetched = fetch(urljoin(page_url, entry))
                if isinstance(fetched, dict):
                    fetched.setdefault("id", urljoin(page_url, entry))
                    found.append(fetched)
            elif isinstance(entry, dict):
                entry.setdefault("type", default_type)
                found.append(entry)
        page_url = next_url
    return found


def row_of(obj: dict[str, Any], kind: str, fallback_id: str = "") -> dict[str, Any] | None:
    """What the office keeps of one organization, meeting or paper; None when it has no id or name."""
    oparl_id = web_url(obj.get("id")) or fallback_id
    name = text(obj.get("name")) or text(obj.get("shortName")) or text(obj.get("reference"))
    if not oparl_id or not name or obj.get("deleted") is True:
        return None
    organizations = [o for o in as_list(obj.get("organization")) if o]
    organization = organizations[0] if organizations else None
    if isinstance(organization, dict):
        organization_name = text(organization.get("name"))
    else:
        organization_name = ""
    if kind == "meeting":
        date = as_date(obj.get("start"))
    elif kind == "organization":
        date = as_date(obj.get("startDate"))
    else:
        date = as_date(obj.get("date"))
    return {
        "oparl_id": oparl_id[:500],
        "kind": kind,
        "name": name[:300],
        "reference": text(obj.get("reference"))[:100],
        "date": date,
        "web": web_url(obj.get("web"))[:500],
        "organization_name": organization_name[:300],
    }


def files_of(paper: dict[str, Any]) -> list[dict[str, Any]]:
    """A paper's main file and attachments (`auxiliaryFile` as a list or as one object)."""
    files = [paper.get("mainFile"), *as_list(paper.get("auxiliaryFile"))]
    return [f for f in files if isinstance(f, dict)]


def read_body(system_url: str, *, fetch: Fetch, body_name: str = "") -> Result:
    """Read the organizations, meetings and papers of one body of the system at `system_url`:
    the one whose name contains `body_name`, else the first."""
    system = fetch(system_url)
    if not isinstance(system, dict):
        raise ImportFailed(system_url)
    body_ref = system.get("body")
    bodies: list[dict[str, Any]] = []
    if isinstance(body_ref, str) and text(body_ref):
        bodies = entries(fetch, urljoin(system_url, body_ref), "Body")
    elif isinstance(body_ref, (list, dict)):
        bodies = [b for b in as_list(body_ref) if isinstance(b, dict)]
    if kind_of(system, "System") == "Body":  # given a body's URL instead of the system's
        bodies = [system]
    if not bodies:
        raise ImportFailed(system_url)
    chosen = next((b for b in bodies if body_name and body_name.lower() in text(b.get("name")).lower()), bodies[0])
    result = Result()
    for kind, type_name in KINDS.items():
        list_url = text(chosen.get(kind))
        if not list_url:
            continue
        for obj in entries(fetch, urljoin(system_url, list_url), type_name):
            if kind_of(obj, type_name) != type_name:
                result.skipped += 1
                continue
            row = row_of(obj, kind)
            if row is None:
                result.skipped += 1
            else:
                result.rows.append(row)
    return result
