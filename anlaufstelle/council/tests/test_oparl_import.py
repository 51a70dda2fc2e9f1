"""The OParl import from the town's council system, against a local stand-in server (nothing
goes to the network): one fixture per way real servers stray from the specification."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from anlaufstelle.core.roles import Role
from anlaufstelle.council import oparl_import, views
from anlaufstelle.council.models import ExternalObject

Routes = dict[str, Any]


class StandIn:
    """A tiny OParl server on 127.0.0.1: path -> JSON (or an int status); anything else 404."""

    def __init__(self) -> None:
        self.routes: Routes = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                answer = routes.get(self.path)
                if answer is None or isinstance(answer, int):
                    self.send_response(answer or 404)
                    self.end_headers()
                    return
                body = answer.encode() if isinstance(answer, str) else json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def fetch(self, url: str) -> Any:
        return oparl_import.public_fetch(url, allow_private=True)


@pytest.fixture
def stand_in() -> Iterator[StandIn]:
    server = StandIn()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


def _system(s: StandIn, version: str = "1.1", body: Any = None) -> None:
    s.routes["/oparl/system"] = {
        "id": s.url("/oparl/system"),
        "type": f"https://schema.oparl.org/{version}/System",
        "oparlVersion": f"https://schema.oparl.org/{version}/",
        "body": body if body is not None else s.url("/oparl/bodies"),
    }


def _body(s: StandIn, **lists: str) -> dict[str, Any]:
    return {
        "id": s.url("/oparl/body/1"),
        "type": "https://schema.oparl.org/1.1/Body",
        "name": "Stadt Musterstadt",
        "organization": s.url("/oparl/body/1/organizations"),
        "meeting": s.url("/oparl/body/1/meetings"),
        "paper": s.url("/oparl/body/1/papers"),
        **lists,
    }


def test_a_well_behaved_server_with_two_pages(stand_in: StandIn) -> None:
    s = stand_in
    _system(s)
    s.routes["/oparl/bodies"] = {"data": [_body(s)], "pagination": {}, "links": {}}
    s.routes["/oparl/body/1/papers"] = {
        "data": [
            {
                "id": s.url("/oparl/paper/1"),
                "type": "https://schema.oparl.org/1.1/Paper",
                "name": "Sprachkurse",
                "reference": "R/2026/1",
                "date": "2026-02-01",
            }
        ],
        "links": {"next": s.url("/oparl/body/1/papers?page=2")},
    }
    s.routes["/oparl/body/1/papers?page=2"] = {
        "data": [{"id": s.url("/oparl/paper/2"), "type": "https://schema.oparl.org/1.1/Paper", "name": "Kitaplätze"}],
        "links": {},
    }
    s.routes["/oparl/body/1/organizations"] = {
        "data": [
            {
                "id": s.url("/oparl/organization/1"),
                "type": "https://schema.oparl.org/1.1/Organization",
                "name": "Rat der Stadt",
            }
        ]
    }
    s.routes["/oparl/body/1/meetings"] = {
        "data": [
            {
                "id": s.url("/oparl/meeting/1"),
                "type": "https://schema.oparl.org/1.1/Meeting",
                "name": "Ratssitzung",
                "start": "2026-03-01T17:00:00+01:00",
            }
        ]
    }
    result = oparl_import.read_body(s.url("/oparl/system"), fetch=s.fetch)
    by_kind = {(row["kind"], row["name"]) for row in result.rows}
    assert by_kind == {
        ("organization", "Rat der Stadt"),
        ("meeting", "Ratssitzung"),
        ("paper", "Sprachkurse"),
        ("paper", "Kitaplätze"),
    }
    paper = next(row for row in result.rows if row["name"] == "Sprachkurse")
    assert paper["reference"] == "R/2026/1" and str(paper["date"]) == "2026-02-01"


def test_one_object_instead_of_a_list_and_404_instead_of_an_empty_page(stand_in: StandIn) -> None:
    s = stand_in
    _system(s)
    s.routes["/oparl/bodies"] = _body(s)  # the body itself, not a list of bodies
    s.routes["/oparl/body/1/organizations"] = {
        "id": s.url("/oparl/organization/1"),
        "type": "https://schema.oparl.org/1.1/Organization",
        "name": "Rat",
    }
    # meetings: no route at all -> 404; papers: a server error
    s.routes["/oparl/body/1/papers"] = 500
    result = oparl_import.read_body(s.url("/oparl/system"), fetch=s.fetch)
    assert [(row["kind"], row["name"]) for row in result.rows] == [("organization", "Rat")]


def test_embedded_objects_without_type_ids_not_the_url_and_na_strings(stand_in: StandIn) -> None:
    s = stand_in
    _system(s)
    s.routes["/oparl/bodies"] = {"data": [_body(s)]}
    s.routes["/oparl/body/1/papers"] = {
        "data": [
            {"id": "https://rat.example/oparl/paper/99", "name": "Ohne Typ", "reference": "N/A", "date": " "},
            {"id": s.url("/oparl/paper/3"), "name": "  ", "reference": ""},  # no name at all: skipped
            {"name": "Ohne Id"},  # no id: skipped
            {"id": "javascript:alert(1)", "name": "Kein Link"},  # not an http(s) id: skipped
            {
                "id": s.url("/oparl/paper/4"),
                "type": "https://schema.oparl.org/1.1/Paper",
                "name": "Gelöscht",
                "deleted": True,
            },
        ]
    }
    result = oparl_import.read_body(s.url("/oparl/system"), fetch=s.fetch)
    assert len(result.rows) == 1
    row = result.rows[0]
    assert row["oparl_id"] == "https://rat.example/oparl/paper/99"  # the id, not the URL it came from
    assert row["reference"] == "" and row["date"] is None
    assert result.skipped == 4


def test_list_entries_as_urls_and_auxiliary_file_as_one_object(stand_in: StandIn) -> None:
    s = stand_in
    _system(s)
    s.routes["/oparl/bodies"] = [_body(s)]  # a bare JSON array
    s.routes["/oparl/body/1/papers"] = {"data": ["/oparl/paper/5"]}
    s.routes["/oparl/paper/5"] = {
        "type": "https://schema.oparl.org/1.1/Paper",
        "name": "Nur als URL gelistet",
        "mainFile": {"id": s.url("/oparl/file/1"), "name": "Vorlage"},
        "auxiliaryFile": {"id": s.url("/oparl/file/2"), "name": "Anlage"},
    }
    result = oparl_import.read_body(s.url("/oparl/system"), fetch=s.fetch)
    assert [row["oparl_id"] for row in result.rows] == [s.url("/oparl/paper/5")]
    assert len(oparl_import.files_of(s.routes["/oparl/paper/5"])) == 2
    assert oparl_import.as_list({"id": "x"}) == [{"id": "x"}]


def test_an_oparl_1_0_server(stand_in: StandIn) -> None:
    s = stand_in
    _system(s, version="1.0")
    body = _body(s)
    body["type"] = "https://schema.oparl.org/1.0/Body"
    s.routes["/oparl/bodies"] = {"data": [body], "links": {}}
    s.routes["/oparl/body/1/organizations"] = {
        "data": [
            {
                "id": s.url("/oparl/organization/1"),
                "type": "https://schema.oparl.org/1.0/Organization",
                "name": "Hauptausschuss",
                "startDate": "2020-11-01",
            }
        ]
    }
    result = oparl_import.read_body(s.url("/oparl/system"), fetch=s.fetch)
    assert [(row["kind"], row["name"], str(row["date"])) for row in result.rows] == [
        ("organization", "Hauptausschuss", "2020-11-01")
    ]


def test_no_system_and_broken_json_fail_cleanly(stand_in: StandIn) -> None:
    s = stand_in
    s.routes["/oparl/system"] = "{not json"
    with pytest.raises(oparl_import.ImportFailed):
        oparl_import.read_body(s.url("/oparl/system"), fetch=s.fetch)
    with pytest.raises(oparl_import.ImportFailed):
        oparl_import.read_body(s.url("/nothing"), fetch=s.fetch)


def test_a_looping_next_link_ends(stand_in: StandIn) -> None:
    s = stand_in
    _system(s)
    s.routes["/oparl/bodies"] = {"data": [_body(s)]}
    s.routes["/oparl/body/1/papers"] = {
        "data": [{"id": s.url("/oparl/paper/1"), "name": "Schleife"}],
        "links": {"next": s.url("/oparl/body/1/papers")},
    }
    result = oparl_import.read_body(s.url("/oparl/system"), fetch=s.fetch)
    assert len(result.rows) == 1


def test_the_default_fetcher_refuses_private_addresses(stand_in: StandIn) -> None:
    s = stand_in
    _system(s)
    assert oparl_import.public_fetch(s.url("/oparl/system")) is None  # loopback: refused
    assert oparl_import.public_fetch("file:///etc/passwd") is None
    assert oparl_import.public_fetch(s.url("/oparl/system"), allow_private=True)["type"].endswith("System")


@pytest.mark.django_db
def test_the_clerk_imports_and_a_second_import_updates(
    stand_in: StandIn, centre, member_factory, login, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    s = stand_in
    _system(s)
    s.routes["/oparl/bodies"] = {"data": [_body(s)]}
    s.routes["/oparl/body/1/papers"] = {"data": [{"id": s.url("/oparl/paper/1"), "name": "Sprachkurse"}]}
    monkeypatch.setattr(views, "fetch_for_import", s.fetch)
    client: Client = login(member_factory(centre, Role.COUNCIL_CLERK))
    target = reverse("council:oparl_import", kwargs={"centre": centre.slug})
    assert client.post(target, {"system_url": s.url("/oparl/system")}).status_code == 302
    s.routes["/oparl/body/1/papers"] = {"data": [{"id": s.url("/oparl/paper/1"), "name": "Sprachkurse (neu)"}]}
    assert client.post(target, {"system_url": s.url("/oparl/system")}).status_code == 302
    with scopes_disabled():
        assert list(ExternalObject.objects.filter(centre=centre).values_list("name", flat=True)) == [
            "Sprachkurse (neu)"
        ]
    page = client.get(target)
    assert "Sprachkurse (neu)" in page.content.decode()
    bad = client.post(target, {"system_url": s.url("/nothing")})
    assert bad.status_code == 422
    assert client.post(target, {"system_url": "not a url"}).status_code == 422
