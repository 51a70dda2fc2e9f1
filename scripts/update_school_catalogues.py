"""Refresh the school-statistics code tables shipped in anlaufstelle/newcomers/data/.

Reads the two catalogue files of the open-source SVWS-Server (BSD-3-Clause, Ministerium für
Schule und Bildung NRW) from a local checkout and writes only the columns the hand-over needs:

    python scripts/update_school_catalogues.py /path/to/SVWS-Server <commit> <commit-date>

Then update the commit and date in anlaufstelle/newcomers/data/README.md and run the newcomers
tests (they check every code the exporter can write against these files).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

BASE = "svws-asd/src/main/resources/de/svws_nrw/asd/types/schule"
OUT = Path(__file__).resolve().parent.parent / "anlaufstelle" / "newcomers" / "data"


def _write(name: str, source: str, commit: str, date: str, rows: list[dict[str, object]]) -> None:
    payload = {
        "source": f"https://github.com/SVWS-NRW/SVWS-Server/blob/{commit}/{source}",
        "commit": commit,
        "date": date,
        "licence": "BSD-3-Clause, Copyright (c) Ministerium für Schule und Bildung des Landes NRW",
        "rows": rows,
    }
    head = json.dumps({key: value for key, value in payload.items() if key != "rows"}, ensure_ascii=False, indent=1)
    lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)  # one code per line: readable diffs
    (OUT / name).write_text(f'{head[:-2]},\n "rows": [\n{lines}\n ]\n}}\n', encoding="utf-8")


def main(root: str, commit: str, date: str) -> None:
    nationalities = json.loads((Path(root) / BASE / "Nationalitaeten.json").read_text(encoding="utf-8"))
    states = [
        {
            "code": entry["codeDEStatis"],
            "iso3": entry["iso3"],
            "iso2": entry["iso2"],
            "name": entry["bezeichnung"],
            "nationality": entry["staatsangehoerigkeit"],
            "from": entry["gueltigVon"],
            "to": entry["gueltigBis"],
        }
        for item in nationalities["daten"]
        for entry in item["historie"]
    ]
    _write("nationalitaeten.json", f"{BASE}/Nationalitaeten.json", commit, date, states)
    languages = json.loads((Path(root) / BASE / "Verkehrssprache.json").read_text(encoding="utf-8"))
    seen: set[str] = set()
    rows: list[dict[str, object]] = []
    for item in languages["daten"]:
        for entry in item["historie"]:
            if entry["kuerzel"] in seen:  # the source lists "cv" twice
                continue
            seen.add(entry["kuerzel"])
            rows.append(
                {
                    "code": entry["kuerzel"],
                    "iso3": entry["iso3"],
                    "name": entry["text"],
                    "from": entry["gueltigVon"],
                    "to": entry["gueltigBis"],
                }
            )
    _write("verkehrssprachen.json", f"{BASE}/Verkehrssprache.json", commit, date, rows)


if __name__ == "__main__":
    main(*sys.argv[1:4])
