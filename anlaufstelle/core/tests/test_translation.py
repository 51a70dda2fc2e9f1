"""Translation status and German fallback of editable content."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from anlaufstelle.core.models import CentreContent
from anlaufstelle.core.translation import TranslationStatus, pick_translation, translation_status


def row(language: str, **texts: str) -> CentreContent:
    return CentreContent(language=language, **texts)


def test_status_lifecycle() -> None:
    source = row("de", about="Hallo")
    assert translation_status(source, source) == TranslationStatus.SOURCE
    assert translation_status(None, source) == TranslationStatus.MISSING
    translated = row("en", about="Hello", source_digest=source.digest())
    assert translation_status(translated, source) == TranslationStatus.CURRENT
    source.about = "Hallo zusammen"
    assert translation_status(translated, source) == TranslationStatus.OUTDATED
    translated.machine_translated = True
    assert translation_status(translated, source) == TranslationStatus.MACHINE


def test_fallback_names_fields_shown_in_german() -> None:
    picked = pick_translation(
        [row("de", about="Über uns", notice="Hinweis"), row("ar", about="من نحن")], "ar", ["about", "notice"]
    )
    assert picked.about == "من نحن"
    assert picked.notice == "Hinweis"
    assert picked.fallback == {"notice"}


@given(st.dictionaries(st.sampled_from(CentreContent.translated_fields), st.text(max_size=30)))
def test_digest_changes_exactly_when_texts_change(texts: dict[str, str]) -> None:
    a = row("de", **texts)
    b = row("de", **texts)
    assert a.digest() == b.digest()
    b.about = (b.about or "") + "x"
    assert a.digest() != b.digest()
