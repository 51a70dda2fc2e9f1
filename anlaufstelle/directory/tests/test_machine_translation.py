"""Machine translation: the LibreTranslate adapter against a local stand-in, and the editor flow."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from anlaufstelle.core.machine_translation import LibreTranslate, TranslationUnavailable, get_translator
from anlaufstelle.core.roles import Role
from anlaufstelle.directory.tests.factories import make_offer


class StandIn(BaseHTTPRequestHandler):
    """Answers like LibreTranslate's POST /translate (upper-cases the text, records the request)."""

    received: list[dict] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        StandIn.received.append(body)
        if body.get("api_key") == "wrong":
            self.send_response(403)
            self.end_headers()
            self.wfile.write(b'{"error": "Invalid API key"}')
            return
        answer = {"translatedText": [text.upper() for text in body["q"]]}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stand_in() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_libretranslate_adapter_speaks_the_api(stand_in: str) -> None:
    StandIn.received.clear()
    translator = LibreTranslate(stand_in, api_key="secret")
    assert translator.translate(["Hallo", "Welt"], source="de", target="ar") == ["HALLO", "WELT"]
    assert StandIn.received[-1] == {
        "q": ["Hallo", "Welt"],
        "source": "de",
        "target": "ar",
        "format": "text",
        "api_key": "secret",
    }
    with pytest.raises(TranslationUnavailable):
        LibreTranslate(stand_in, api_key="wrong").translate(["x"], source="de", target="ar")
    with pytest.raises(TranslationUnavailable):
        LibreTranslate("http://127.0.0.1:9", timeout=1).translate(["x"], source="de", target="ar")


def test_off_by_default(settings) -> None:  # type: ignore[no-untyped-def]
    settings.MACHINE_TRANSLATION = ""
    assert get_translator() is None
    settings.MACHINE_TRANSLATION = "libretranslate"
    settings.MACHINE_TRANSLATION_URL = "http://127.0.0.1:5000"
    assert isinstance(get_translator(), LibreTranslate)


def test_editor_machine_translates_then_reviews(
    client: Client, centre, member_factory, login, settings, stand_in
) -> None:  # type: ignore[no-untyped-def]
    settings.MACHINE_TRANSLATION = "libretranslate"
    settings.MACHINE_TRANSLATION_URL = stand_in
    offer = make_offer(centre, "Deutschkurs", texts={"de": {"title": "Deutschkurs", "summary": "Am Abend"}})
    login(member_factory(centre, Role.EDITOR))
    edit = reverse("directory:staff_edit", kwargs={"centre": centre.slug, "pk": offer.pk})
    assert client.get(edit).context["machine_translation"] is True
    client.post(
        reverse("directory:staff_translate", kwargs={"centre": centre.slug, "pk": offer.pk}), {"language": "uk"}
    )
    status = {code: s for code, _n, _f, _r, s in client.get(edit).context["translations"]}
    assert status["uk"] == "machine"
    with scopes_disabled():
        row = offer.translations.get(language="uk")
    assert (row.title, row.summary) == ("DEUTSCHKURS", "AM ABEND")
    public = "/uk" + reverse("directory:offer", kwargs={"centre": centre.slug, "pk": offer.pk})
    notice = "Цей переклад зроблено машиною"
    assert client.get(public).context["item"].text.machine is True
    assert notice in client.get(public).content.decode()
    # An editor saves the reviewed text: no longer "machine".
    client.post(
        edit,
        {
            "organisation": offer.organisation_id,
            "de-title": "Deutschkurs",
            "de-summary": "Am Abend",
            "uk-title": "Курс німецької",
            "uk-summary": "Ввечері",
        },
    )
    status = {code: s for code, _n, _f, _r, s in client.get(edit).context["translations"]}
    assert status["uk"] == "current"
    assert notice not in client.get(public).content.decode()


def test_service_down_changes_nothing(client: Client, centre, member_factory, login, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MACHINE_TRANSLATION = "libretranslate"
    settings.MACHINE_TRANSLATION_URL = "http://127.0.0.1:9"
    offer = make_offer(centre, "Deutschkurs")
    login(member_factory(centre, Role.EDITOR))
    response = client.post(
        reverse("directory:staff_translate", kwargs={"centre": centre.slug, "pk": offer.pk}),
        {"language": "ar"},
        follow=True,
    )
    assert response.status_code == 200
    with scopes_disabled():
        assert not offer.translations.filter(language="ar").exists()


def test_fake_translator_by_dotted_path(client: Client, centre, member_factory, login, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MACHINE_TRANSLATION = "anlaufstelle.core.machine_translation.FakeTranslator"
    offer = make_offer(centre, "Kita")
    login(member_factory(centre, Role.EDITOR))
    client.post(
        reverse("directory:staff_translate", kwargs={"centre": centre.slug, "pk": offer.pk}), {"language": "tr"}
    )
    with scopes_disabled():
        assert offer.translations.get(language="tr").title == "[tr] Kita"
