"""Translations of editable content: one row per language, German is the source.

See docs/decisions/0004-translations-of-editable-content.md.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SOURCE_LANGUAGE = "de"


class TranslationStatus(models.TextChoices):
    MISSING = "missing", _("missing")
    CURRENT = "current", _("up to date")
    OUTDATED = "outdated", _("outdated (German text changed)")
    MACHINE = "machine", _("machine-translated, not reviewed")
    SOURCE = "source", _("source text")


class TranslationRow(models.Model):
    """Abstract base for a per-language row of translatable texts."""

    translated_fields: ClassVar[tuple[str, ...]] = ()

    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # Digest of the German source texts this translation was made from; a different digest
    # of the current German row means the translation is outdated.
    source_digest = models.CharField(max_length=64, blank=True, editable=False)
    machine_translated = models.BooleanField(_("machine-translated, not reviewed"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def texts(self) -> dict[str, str]:
        return {name: getattr(self, name) or "" for name in self.translated_fields}

    def digest(self) -> str:
        payload = json.dumps(self.texts(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()

    def is_empty(self) -> bool:
        return not any(value.strip() for value in self.texts().values())


def translation_status(row: TranslationRow | None, source: TranslationRow | None) -> str:
    """Return the TranslationStatus of `row` measured against the German `source` row."""
    if row is not None and row.language == SOURCE_LANGUAGE:
        return TranslationStatus.SOURCE
    if row is None or row.is_empty():
        return TranslationStatus.MISSING
    if row.machine_translated:
        return TranslationStatus.MACHINE
    if source is not None and row.source_digest != source.digest():
        return TranslationStatus.OUTDATED
    return TranslationStatus.CURRENT


@dataclass
class Translated:
    """Texts in the requested language with German fallback; `fallback` names fields shown in German."""

    language: str
    values: dict[str, str]
    fallback: set[str] = field(default_factory=set)
    machine: bool = False  # shown texts come from a machine translation nobody has checked yet
    outdated: bool = False  # shown texts were translated before the German text last changed

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "values":  # unpickling (a cached page) asks before `values` is set
            raise AttributeError(name)
        try:
            return self.values[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    @property
    def any_fallback(self) -> bool:
        return bool(self.fallback)


def pick_translation(rows: Iterable[TranslationRow], language: str, fields: Iterable[str]) -> Translated:
    """Choose each field from the row in `language`, falling back to German where it is empty."""
    by_language = {row.language: row for row in rows}
    wanted = by_language.get(language)
    source = by_language.get(SOURCE_LANGUAGE)
    values: dict[str, str] = {}
    fallback: set[str] = set()
    for name in fields:
        value = (getattr(wanted, name, "") or "") if wanted else ""
        if not value.strip() and language != SOURCE_LANGUAGE:
            source_value = (getattr(source, name, "") or "") if source else ""
            if source_value.strip():
                fallback.add(name)
            value = source_value
        values[name] = value
    shows_translation = bool(
        wanted is not None
        and language != SOURCE_LANGUAGE
        and any(name not in fallback and values[name].strip() for name in values)
    )
    status = translation_status(wanted, source) if shows_translation else ""
    return Translated(
        language=language,
        values=values,
        fallback=fallback,
        machine=status == TranslationStatus.MACHINE,
        outdated=status == TranslationStatus.OUTDATED,
    )
