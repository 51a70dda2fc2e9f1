"""Fill translations into the .po files from JSON files, after `make messages` collected the msgids.

    python scripts/po_fill.py translations.json [more.json ...]

Each JSON file maps a msgid to its translations per language:
    {"Seats": {"de": "Plätze", "ar": "المقاعد", ...}}
A plural entry's key is "<singular>||<plural>" and each language gives a list of forms (the last
form repeats where a language has more plural forms than given). A key may carry a context as
"<context>\x04<msgid>". Entries the .po file does not contain are reported, not added: run
`make messages` first. Existing translations are overwritten; fuzzy flags are removed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def _plural_count(po: polib.POFile) -> int:
    header = po.metadata.get("Plural-Forms", "nplurals=2;")
    return int(header.split("nplurals=")[1].split(";")[0])


def fill(files: list[Path]) -> int:
    wanted: dict[str, dict[str, object]] = {}
    for file in files:
        wanted.update(json.loads(file.read_text(encoding="utf-8")))
    missing = 0
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
        language = po_path.parent.parent.name
        po = polib.pofile(str(po_path), wrapwidth=78)
        index = {(entry.msgctxt or "", entry.msgid, entry.msgid_plural or ""): entry for entry in po}
        count = _plural_count(po)
        changed = 0
        for key, translations in wanted.items():
            if language not in translations:
                continue
            context, _sep, rest = key.rpartition("\x04")
            singular, _sep, plural = rest.partition("||")
            entry = index.get((context, singular, plural))
            if entry is None:
                print(f"{language}: not in the .po file: {key[:70]!r}", file=sys.stderr)
                missing += 1
                continue
            value = translations[language]
            if plural:
                forms = list(value) if isinstance(value, list) else [str(value)]
                entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(count)}
            else:
                entry.msgstr = str(value)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            changed += 1
        po.save()
        print(f"{language}: {changed} entries filled")
    return missing


if __name__ == "__main__":
    sys.exit(1 if fill([Path(arg) for arg in sys.argv[1:]]) else 0)
