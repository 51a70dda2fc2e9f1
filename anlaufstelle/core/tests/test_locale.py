"""The interface is complete in German and Arabic, and the compiled catalogues are current."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings


@pytest.mark.parametrize("language", ["de", "ar"])
def test_catalogue_is_complete(language: str) -> None:
    po = polib.pofile(str(Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries()]
    assert not missing, f"{language}: untranslated {missing[:10]} — run `make messages` and translate"


@pytest.mark.parametrize("language", ["de", "ar", "en", "uk", "tr"])
def test_compiled_catalogue_matches_po(language: str) -> None:
    folder = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES"
    po = polib.pofile(str(folder / "django.po"))
    mo = polib.mofile(str(folder / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo}
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        assert key in compiled, f"{language}: {entry.msgid!r} missing in django.mo — run compilemessages"
