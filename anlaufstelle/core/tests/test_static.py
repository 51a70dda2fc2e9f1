"""Static files as production serves them: collected with hashed names and compressed, fonts in subsets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

STATIC = Path(settings.BASE_DIR) / "anlaufstelle" / "core" / "static"
FONTS_CSS = STATIC / "vendor" / "kern" / "fonts" / "fira-sans.css"


def test_collectstatic_with_hashed_compressed_files_succeeds(tmp_path: Path) -> None:
    """The production storage follows every url() and source-map reference; a vendored file that
    points at a missing file (leaflet.js at leaflet.js.map did) breaks `collectstatic` in a deploy."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages, WHITENOISE_USE_FINDERS=False):
        call_command("collectstatic", interactive=False, verbosity=0)
    css = list(tmp_path.glob("vendor/kern/kern.min.*.css"))
    assert css, "no hashed copy of kern.min.css"
    assert Path(f"{css[0]}.gz").exists() and Path(f"{css[0]}.br").exists(), "gzip and brotli copies are written"


def _codepoints(ranges: str) -> set[int]:
    points: set[int] = set()
    for part in ranges.split(","):
        start, _, end = part.strip().removeprefix("U+").partition("-")
        points.update(range(int(start, 16), int(end or start, 16) + 1))
    return points


def test_every_font_face_is_a_subset_that_exists_and_swaps() -> None:
    faces = re.findall(r"@font-face\s*{(.*?)}", FONTS_CSS.read_text(), re.S)
    assert len(faces) >= 10
    for face in faces:
        file = re.search(r'url\("\./([^"]+)"\)', face)
        assert file and (FONTS_CSS.parent / file[1]).exists(), face
        assert "font-display: swap" in face and "unicode-range:" in face, face


@pytest.mark.parametrize("text", ["Beratung für Familien – „Deutschkurs“ 5 €", "Türkçe ğ ş İ", "Українська Русский"])
def test_the_regular_face_covers_the_languages_we_write_in(text: str) -> None:
    ranges = re.findall(
        r"font-weight: 400;\s*font-style: normal;.*?unicode-range: ([^;]+);", FONTS_CSS.read_text(), re.S
    )
    covered = set().union(*(_codepoints(r) for r in ranges))
    assert not [ch for ch in text if ord(ch) not in covered and not ch.isspace()]
