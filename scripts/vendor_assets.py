"""Copy the pinned front-end packages from node_modules into the static folder.

Run `npm ci && python scripts/vendor_assets.py` (or `make assets`) after changing package.json.
The copies are committed so that `make run` needs only Python.

KERN's Fira Sans comes as 40 full fonts of about 130 KB each, of which its stylesheet declares
ten. We keep those ten and cut each into three script subsets (Latin, Latin Extended, Cyrillic)
with fontTools, declared with `unicode-range`: a browser downloads a subset only when the page
shows a character of it, so a German page loads only the Latin files and an Arabic page (Fira
Sans has no Arabic; the system font draws it) loads a Latin file for digits and names at most.
Fira Sans is under the SIL Open Font License 1.1, which allows this (no reserved font name).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "anlaufstelle" / "core" / "static" / "vendor"

FILES = {
    "@kern-ux/native/dist/kern.min.css": "kern/kern.min.css",
    "@kern-ux/native/LICENSE.md": "kern/LICENSE.md",
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    "htmx.org/LICENSE": "htmx/LICENSE",
    "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
    "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
    "leaflet/LICENSE": "leaflet/LICENSE",
}
FONT_DIR = "@kern-ux/native/dist/fonts/fira-sans"
SOURCE_MAP = re.compile(r"^\s*(//# sourceMappingURL=.*|/\*# sourceMappingURL=.*\*/)\s*$", re.M)
FONT_CSS = "@kern-ux/native/dist/fonts/fira-sans.css"

# The script subsets, as the common web-font services cut them (ranges in CSS notation).
FONT_SUBSETS = {
    "latin": "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, "
    "U+0329, U+2000-206F, U+2074, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD",
    # Turkish, Polish, Czech, Romanian … (Latin Extended-A): small, and often in names.
    "latin-ext": "U+0100-0130, U+0132-0151, U+0154-017F, U+0218-021B, U+2020, U+20A0-20AB, U+20AD-20C0, U+2113",
    # The rest (Latin Extended-B, IPA, Vietnamese): large and rare.
    "latin-ext-b": "U+0180-0217, U+021C-024F, U+0259, U+1E00-1EFF, U+2C60-2C7F, U+A720-A7FF",
    "cyrillic": "U+0301, U+0400-045F, U+0490-0491, U+04B0-04B1, U+2116",
}
FACE = re.compile(
    r"@font-face\s*{[^}]*?url\(\"\./fira-sans/(?P<file>[^\"]+)\.woff2\"\)[^}]*?"
    r"font-weight:\s*(?P<weight>\d+);[^}]*?font-style:\s*(?P<style>\w+);[^}]*}",
    re.S,
)


def _codepoints(ranges: str) -> list[int]:
    points: list[int] = []
    for part in ranges.split(","):
        start, _, end = part.strip().removeprefix("U+").partition("-")
        points.extend(range(int(start, 16), int(end or start, 16) + 1))
    return points


def subset_fonts(css: str, source: Path, target: Path) -> str:
    """Cut every face `css` declares into the script subsets in `target`; return the new CSS."""
    target.mkdir(parents=True, exist_ok=True)
    rules = [
        "/* Fira Sans (SIL Open Font License 1.1), the faces KERN declares, cut into script subsets"
        " by scripts/vendor_assets.py. */"
    ]
    for face in FACE.finditer(css):
        for name, ranges in FONT_SUBSETS.items():
            options = subset.Options()
            options.flavor = "woff2"
            options.hinting = False  # screens of today render without it; saves a third of the bytes
            options.desubroutinize = True
            # The default OpenType features (kerning, ligatures, marks, locl …), not the stylistic
            # extras (small caps, old-style figures …) KERN never asks for: a third fewer bytes.
            font = subset.load_font(str(source / f"{face['file']}.woff2"), options)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=_codepoints(ranges))
            subsetter.subset(font)
            out = f"{face['file']}-{name}.woff2"
            subset.save_font(font, str(target / out), options)
            rules.append(
                "@font-face {\n"
                "    font-family: 'Fira Sans';\n"
                f"    src: url(\"./fira-sans/{out}\") format('woff2');\n"
                f"    font-weight: {face['weight']};\n"
                f"    font-style: {face['style']};\n"
                "    font-display: swap;\n"
                f"    unicode-range: {ranges};\n"
                "}"
            )
    return "\n\n".join(rules) + "\n"


def main() -> None:
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for source, target in FILES.items():
        destination = VENDOR / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(NODE / source, destination)
        if destination.suffix in {".js", ".css"}:
            # The source maps are not vendored: a reference to one breaks `collectstatic` with hashed names.
            text = destination.read_text(encoding="utf-8")
            destination.write_text(SOURCE_MAP.sub("", text), encoding="utf-8")
    fonts = VENDOR / "kern" / "fonts"
    css = subset_fonts((NODE / FONT_CSS).read_text(), NODE / FONT_DIR, fonts / "fira-sans")
    (fonts / "fira-sans.css").write_text(css)
    shutil.copytree(NODE / "leaflet/dist/images", VENDOR / "leaflet" / "images")
    print(f"Vendored assets into {VENDOR.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
