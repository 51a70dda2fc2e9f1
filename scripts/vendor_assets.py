"""Copy the pinned front-end packages from node_modules into the static folder.

Run `npm ci && python scripts/vendor_assets.py` (or `make assets`) after changing package.json.
The copies are committed so that `make run` needs only Python.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "anlaufstelle" / "core" / "static" / "vendor"

FILES = {
    "@kern-ux/native/dist/kern.min.css": "kern/kern.min.css",
    "@kern-ux/native/dist/fonts/fira-sans.css": "kern/fonts/fira-sans.css",
    "@kern-ux/native/LICENSE.md": "kern/LICENSE.md",
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    "htmx.org/LICENSE": "htmx/LICENSE",
    "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
    "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
    "leaflet/LICENSE": "leaflet/LICENSE",
}
FONT_DIR = "@kern-ux/native/dist/fonts/fira-sans"


def main() -> None:
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for source, target in FILES.items():
        destination = VENDOR / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(NODE / source, destination)
    shutil.copytree(NODE / FONT_DIR, VENDOR / "kern" / "fonts" / "fira-sans")
    shutil.copytree(NODE / "leaflet/dist/images", VENDOR / "leaflet" / "images")
    print(f"Vendored assets into {VENDOR.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
