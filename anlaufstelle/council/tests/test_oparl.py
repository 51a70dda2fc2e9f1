"""The OParl 1.1 API, crawled from `system` like a client would: every object validates against the
official schemas in ../shared/standards/oparl-1.1/, every referenced URL answers, every object sits
in one of the Body's lists, and nothing non-public or unconsented appears.

The crawl (`crawl`) is written against plain HTTP answers so it can be pointed at any OParl server:
`crawl(get)` takes a function that fetches a URL and returns (status, headers, JSON).
"""

from __future__ import annotations

import copy
import datetime
import json
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.council.models import AgendaItem, Paper
from anlaufstelle.council.tests.factories import AgendaItemFactory, PaperFactory, make_council, pdf_file

STANDARD = Path(settings.BASE_DIR).parent / "shared" / "standards" / "oparl-1.1" / "schema"
SCHEMA = "https://schema.oparl.org/1.1/"
BODY_LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "locationList",
    "legislativeTermList",
    "membership",
)


def _as_refs(node: Any) -> Any:
    """The OParl schemas name other files with a non-standard `"schema": "X.json"`; make it `$ref`."""
    if isinstance(node, dict):
        if str(node.get("schema", "")).endswith(".json") and node.get("type") == "object":
            return {"$ref": node["schema"]}
        return {key: _as_refs(value) for key, value in node.items() if key != "schema"}
    if isinstance(node, list):
        return [_as_refs(value) for value in node]
    return node


def validators() -> dict[str, Any]:
    """One validator per OParl type, with the schemas' cross references resolved."""
    if not STANDARD.is_dir():
        pytest.skip(f"OParl 1.1 schemas not found at {STANDARD} (the shared standards folder is absent).")
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    schemas = {path.name: _as_refs(json.loads(path.read_text())) for path in STANDARD.glob("*.json")}
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT202012)) for name, schema in schemas.items()
    )
    return {
        name.removesuffix(".json"): Draft202012Validator(
            copy.deepcopy(schema), registry=registry, format_checker=FormatChecker()
        )
        for name, schema in schemas.items()
    }


Get = Callable[[str], tuple[int, dict[str, str], Any]]


def _urls_in(node: Any, base: str) -> set[str]:
    if isinstance(node, dict):
        return set().union(*(_urls_in(value, base) for value in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(_urls_in(value, base) for value in node)) if node else set()
    return {node} if isinstance(node, str) and node.startswith(base) else set()


def _objects_in(node: Any) -> list[dict[str, Any]]:
    """Every OParl object in an answer, embedded ones included."""
    found = []
    if isinstance(node, dict):
        if isinstance(node.get("type"), str) and node["type"].startswith(SCHEMA):
            found.append(node)
        for value in node.values():
            found += _objects_in(value)
    elif isinstance(node, list):
        for value in node:
            found += _objects_in(value)
    return found


def _empty_strings(node: Any, path: str = "") -> list[str]:
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in _empty_strings(value, f"{path}.{key}")]
    if isinstance(node, list):
        return [p for i, value in enumerate(node) for p in _empty_strings(value, f"{path}[{i}]")]
    return [path] if node == "" else []


def crawl(get: Get, system_url: str) -> dict[str, Any]:
    """Walk the API from `system`. Returns what it saw; raises AssertionError listing every problem."""
    checks = validators()
    base = system_url.rsplit("/", 1)[0] + "/"
    problems: list[str] = []
    seen: dict[str, Any] = {}
    listed: set[str] = set()
    queue = deque([system_url])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        status, headers, data = get(url)
        seen[url] = data
        if status != 200:
            problems.append(f"{url}: status {status}")
            continue
        if headers.get("Access-Control-Allow-Origin") != "*":
            problems.append(f"{url}: no Access-Control-Allow-Origin: *")
        if data is None:  # a file's content
            continue
        problems += [f"{url}: empty string at {p}" for p in _empty_strings(data)]
        if isinstance(data, dict) and "data" in data and "pagination" in data:
            links = data.get("links", {})
            current, total = data["pagination"]["currentPage"], data["pagination"]["totalPages"]
            if current < total and "next" not in links:
                problems.append(f"{url}: page {current} of {total} without links.next")
            listed.update(obj["id"] for obj in data["data"])
        for obj in _objects_in(data):
            kind = obj["type"].removeprefix(SCHEMA)
            if kind not in checks:
                problems.append(f"{url}: unknown type {obj['type']}")
                continue
            for error in checks[kind].iter_errors(obj):
                problems.append(f"{url}: {kind} {obj.get('id')} {list(error.path)}: {error.message}")
            if kind not in ("System", "Body") and ("created" not in obj or "modified" not in obj):
                problems.append(f"{url}: {kind} {obj.get('id')} lacks created/modified")
        if isinstance(data, dict) and data.get("type") == SCHEMA + "Body":
            missing = [name for name in BODY_LISTS if name not in data]
            if missing:
                problems.append(f"{url}: Body lacks the lists {missing}")
            listed.update(term["id"] for term in data.get("legislativeTerm", []))
        queue.extend(_urls_in(data, base) - set(seen))
    objects = {u for u, d in seen.items() if isinstance(d, dict) and d.get("type", "").startswith(SCHEMA)}
    objects -= {u for u, d in seen.items() if d and d.get("type") in (SCHEMA + "System", SCHEMA + "Body")}
    problems += [f"{u}: in no list of the Body" for u in sorted(objects - listed)]
    assert not problems, "\n".join(problems[:40])
    return seen


def test_the_schemas_have_teeth() -> None:
    """The validators reject what the spec forbids, also inside embedded objects (resolved refs)."""
    checks = validators()
    item = {"id": "https://x.example/a/1", "type": SCHEMA + "AgendaItem"}
    assert list(checks["AgendaItem"].iter_errors(item))  # `order` is required
    paper = {"id": "https://x.example/p/1", "type": SCHEMA + "Paper", "mainFile": {"id": "https://x.example/f/1"}}
    assert list(checks["Paper"].iter_errors(paper))  # the embedded File lacks type and accessUrl


def client_get(client: Client) -> Get:
    def get(url: str) -> tuple[int, dict[str, str], Any]:
        response = client.get(url)
        headers = dict(response.items())
        if response.get("Content-Type", "").startswith("application/json"):
            return response.status_code, headers, response.json()
        return response.status_code, headers, None

    return get


def system_url(centre: Any) -> str:
    return "http://testserver" + reverse("oparl:system", kwargs={"centre": centre.slug})


@pytest.fixture
def council(centre, other_centre):  # type: ignore[no-untyped-def]
    make_council(other_centre)
    return make_council(centre)


def test_crawl_validates_every_object_and_reaches_only_public_data(client: Client, council) -> None:  # type: ignore[no-untyped-def]
    seen = crawl(client_get(client), system_url(council.centre))
    text = json.dumps([d for d in seen.values() if d is not None], ensure_ascii=False)
    assert "Geheim" not in text  # the unconsented person, the non-public item, its paper and file
    assert council.unconsented.family_name not in text
    assert council.member.email in text  # consented to
    for name, secret in [
        ("agenda_item", council.secret_item),
        ("paper", council.secret_paper),
        ("file", council.secret_file),
        ("membership", council.secret_seat),
        ("person", council.unconsented),
    ]:
        url = reverse(f"oparl:{name}", kwargs={"centre": council.centre.slug, "pk": secret.pk})
        assert f'{url}"' not in text, url
    assert "beispielland" not in text


def test_the_crawl_covers_every_type(client: Client, council) -> None:  # type: ignore[no-untyped-def]
    seen = crawl(client_get(client), system_url(council.centre))
    types = {
        obj["type"].removeprefix(SCHEMA) for data in seen.values() if data is not None for obj in _objects_in(data)
    }
    assert types >= {
        "System",
        "Body",
        "LegislativeTerm",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "Paper",
        "Consultation",
        "File",
        "Location",
    }


def _get(client: Client, name: str, centre: Any, **params: Any) -> Any:
    kwargs = {"centre": centre.slug, **({"pk": params.pop("pk")} if "pk" in params else {})}
    return client.get(reverse(f"oparl:{name}", kwargs=kwargs), params)


def test_secret_objects_answer_oparl_errors(client: Client, council) -> None:  # type: ignore[no-untyped-def]
    for name, obj in [
        ("agenda_item", council.secret_item),
        ("paper", council.secret_paper),
        ("file", council.secret_file),
        ("file_download", council.secret_file),
        ("person", council.unconsented),
        ("membership", council.secret_seat),
    ]:
        response = _get(client, name, council.centre, pk=obj.pk)
        assert response.status_code == 404, name
        assert response.json()["type"] == SCHEMA + "Error"


def test_deleted_objects_only_with_modified_since(client: Client, council) -> None:  # type: ignore[no-untyped-def]
    before = (timezone.now() - datetime.timedelta(minutes=1)).isoformat()
    with scopes_disabled():
        AgendaItem.objects.filter(pk=council.item.pk).update(deleted=True, modified=timezone.now())
    ids = [obj["id"] for obj in _get(client, "agenda_items", council.centre).json()["data"]]
    assert not any(i.endswith(f"/{council.item.pk}") for i in ids)
    data = _get(client, "agenda_items", council.centre, modified_since=before).json()["data"]
    gone = [obj for obj in data if obj["id"].endswith(f"/{council.item.pk}")]
    assert gone and gone[0]["deleted"] is True and set(gone[0]) == {"id", "type", "created", "modified", "deleted"}
    single = _get(client, "agenda_item", council.centre, pk=council.item.pk)
    assert single.status_code == 200 and single.json()["deleted"] is True
    # A deleted non-public item stays invisible, also to modified_since.
    with scopes_disabled():
        AgendaItem.objects.filter(pk=council.secret_item.pk).update(deleted=True, modified=timezone.now())
    data = _get(client, "agenda_items", council.centre, modified_since=before).json()["data"]
    assert not any(obj["id"].endswith(f"/{council.secret_item.pk}") for obj in data)


def test_pagination_keeps_filters_and_every_page_but_the_last_has_next(client: Client, council) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        for _ in range(4):
            PaperFactory(centre=council.centre)
    since = "2000-01-01T00:00:00+00:00"
    page = _get(client, "papers", council.centre, limit=2, created_since=since, omit_internal="true").json()
    assert page["pagination"]["totalElements"] == 5 and page["pagination"]["totalPages"] == 3
    ids: list[str] = []
    while True:
        ids += [obj["id"] for obj in page["data"]]
        assert all("auxiliaryFile" not in obj for obj in page["data"])
        if "next" not in page["links"]:
            break
        assert "limit=2" in page["links"]["next"] and "created_since=" in page["links"]["next"]
        assert "omit_internal=true" in page["links"]["next"]
        page = client.get(page["links"]["next"]).json()
    assert len(ids) == len(set(ids)) == 5
    assert ids == sorted(ids, key=lambda i: int(i.rsplit("/", 1)[1]))


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "abc"},
        {"limit": "0"},
        {"limit": "-5"},
        {"page": "999"},
        {"page": "1e9"},
        {"created_since": "yesterday"},
        {"modified_until": "2026-02-30T00:00:00+01:00"},
        {"modified_since": "2026-01-01T00:00:00"},
        {"omit_internal": "maybe"},
    ],
)
def test_bad_parameters_answer_oparl_errors(client: Client, council, params) -> None:  # type: ignore[no-untyped-def]
    response = _get(client, "papers", council.centre, **params)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == SCHEMA + "Error" and body["message"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_huge_limit_is_capped(client: Client, council) -> None:  # type: ignore[no-untyped-def]
    page = _get(client, "papers", council.centre, limit="99999999").json()
    assert page["pagination"]["elementsPerPage"] == 200


def test_unknown_and_foreign_ids_answer_404(client: Client, council, other_centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        foreign = Paper.objects.filter(centre=other_centre).first()
    for pk in (999999, foreign.pk):
        response = _get(client, "paper", council.centre, pk=pk)
        assert response.status_code == 404 and response.json()["type"] == SCHEMA + "Error"


def test_file_download_serves_the_pdf(client: Client, council) -> None:  # type: ignore[no-untyped-def]
    response = _get(client, "file_download", council.centre, pk=council.file.pk)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    assert response["Access-Control-Allow-Origin"] == "*"


LIST_NAMES = [
    "organizations",
    "persons",
    "memberships",
    "meetings",
    "agenda_items",
    "papers",
    "consultations",
    "files",
    "locations",
    "legislative_terms",
]


@pytest.mark.parametrize("name", LIST_NAMES)
def test_list_pages_have_a_query_budget_constant_in_rows(client: Client, council, name: str) -> None:  # type: ignore[no-untyped-def]
    with query_budget() as few:
        assert _get(client, name, council.centre).status_code == 200
    with scopes_disabled():
        for n in range(6):
            paper = PaperFactory(centre=council.centre)
            item = AgendaItemFactory(centre=council.centre, meeting=council.meeting, order=10 + n)
            from anlaufstelle.council.models import Consultation

            Consultation.objects.create(centre=council.centre, paper=paper, meeting=council.meeting, agenda_item=item)
            pdf_file(paper)
    with query_budget(few.count, label=name):
        assert _get(client, name, council.centre).status_code == 200


@pytest.mark.django_db
def test_crawl_of_the_demo_installation(client: Client, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The demo council (core/demo + council/demo.py), crawled whole: it stays valid as it grows."""
    from anlaufstelle.core.demo.loader import load_demo
    from anlaufstelle.core.models import Centre

    settings.MEDIA_ROOT = tmp_path
    with scopes_disabled():
        load_demo()
        centre = Centre.objects.get(slug="musterstadt")
    seen = crawl(client_get(client), system_url(centre))
    text = json.dumps([d for d in seen.values() if d is not None], ensure_ascii=False)
    assert "Personalangelegenheiten" not in text and "sachkundiger" not in text
    assert "Mehr Sprachkurse in den Stadtteilen" in text


def test_a_public_items_consultation_is_linked_from_the_item_and_the_meeting(client: Client, council) -> None:  # type: ignore[no-untyped-def]
    item = _get(client, "agenda_item", council.centre, pk=council.item.pk).json()
    consultation = reverse(
        "oparl:consultation", kwargs={"centre": council.centre.slug, "pk": council.item.consultation.pk}
    )
    assert item["consultation"].endswith(consultation)
    meeting = _get(client, "meeting", council.centre, pk=council.meeting.pk).json()
    assert [embedded["consultation"] for embedded in meeting["agendaItem"]] == [item["consultation"]]
    with scopes_disabled():
        Paper.objects.filter(pk=council.paper.pk).update(public=False)
    item = _get(client, "agenda_item", council.centre, pk=council.item.pk).json()
    assert "consultation" not in item  # the paper is internal now: no link to a consultation that answers 404
