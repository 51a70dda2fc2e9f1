"""Machine translation of editable content: an interface, one real adapter, a fake for tests.

Configured by the environment (none by default): MACHINE_TRANSLATION=libretranslate with
MACHINE_TRANSLATION_URL (and MACHINE_TRANSLATION_API_KEY if the server needs one). Results are
stored as "machine-translated, not reviewed" until an editor saves the language.
"""

from __future__ import annotations

import http.client
import json
import urllib.request
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class TranslationUnavailable(Exception):
    """The translation service could not be reached or refused; the message is for staff."""


class Translator(Protocol):
    name: str

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]:
        """Translate each text from `source` to `target` (ISO 639-1 codes)."""
        ...


class LibreTranslate:
    """Adapter for a LibreTranslate server (self-hosted or hosted), POST /translate."""

    name = "LibreTranslate"

    def __init__(self, url: str, api_key: str = "", timeout: float = 20.0) -> None:
        self.url = url.rstrip("/") + "/translate"
        self.api_key = api_key
        self.timeout = timeout

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]:
        if not texts:
            return []
        body: dict[str, object] = {"q": texts, "source": source, "target": target, "format": "text"}
        if self.api_key:
            body["api_key"] = self.api_key
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's configuration
            self.url,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = json.loads(response.read().decode())
        except (OSError, http.client.HTTPException, ValueError) as exc:  # URLError and resets are OSErrors
            raise TranslationUnavailable(f"{self.name}: {exc}") from exc
        translated = payload.get("translatedText") if isinstance(payload, dict) else None
        if isinstance(translated, str):
            translated = [translated]
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise TranslationUnavailable(f"{self.name}: unexpected answer")
        return [str(text) for text in translated]


class FakeTranslator:
    """Marks each text with the target language; for tests and demos without a service."""

    name = "Fake"

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]:
        return [f"[{target}] {text}" for text in texts]


def get_translator() -> Translator | None:
    """The configured translator, or None when machine translation is switched off."""
    choice = settings.MACHINE_TRANSLATION
    if not choice:
        return None
    if choice == "libretranslate":
        return LibreTranslate(settings.MACHINE_TRANSLATION_URL, settings.MACHINE_TRANSLATION_API_KEY)
    return import_string(choice)()  # type: ignore[no-any-return]
