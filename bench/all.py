"""Every benchmark in one run, written down with the machine, the database and the commit.

    python bench/all.py                 # full sizes; writes bench/results/<date>-<commit>.md and .json
    python bench/all.py --smoke         # every benchmark once at a tiny size (CI: none may rot)
    python bench/all.py --only directory,phone
    DATABASE_URL=postgresql://… python bench/all.py   # the database benchmarks on PostgreSQL

The list below is the one place a benchmark is registered: `make bench-all` and `make bench-smoke`
both read it, so a new benchmark is smoke-tested in CI from the day it is added. Timings are never
judged here; the figures go into the decision records and the closing notes.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


@dataclass(frozen=True)
class Bench:
    name: str
    script: str
    full: tuple[str, ...]
    smoke: tuple[str, ...]
    needs_chromium: bool = False


BENCHES = (
    Bench("foundation", "foundation.py", (), ("--seconds", "0.5", "--organisations", "50", "--concurrency", "2")),
    Bench("directory", "directory.py", (), ("--seconds", "0.5", "--offers", "200", "--concurrency", "2")),
    Bench("placement", "placement.py", ("--exact", "20"), ("--sizes", "200x10", "--repeat", "1", "--exact", "2")),
    Bench("placement_db", "placement_db.py", (), ("--children", "100", "--schools", "10")),
    Bench("volunteers", "volunteers.py", (), ("--volunteers", "100", "--assignments", "500")),
    Bench("events", "events.py", (), ("--people", "20", "--seats", "5", "--concurrency", "2", "--workers", "1")),
    Bench("council", "council.py", (), ("--seconds", "0.5", "--years", "1", "--concurrency", "2")),
    Bench(
        "programmes",
        "programmes.py",
        (),
        ("--groups", "10", "--sessions", "4", "--years", "2", "--sites", "5", "--repeat", "2"),
    ),
    Bench(
        "workspace",
        "workspace.py",
        (),
        ("--seconds", "0.5", "--offers", "200", "--children", "100", "--assignments", "50", "--events", "10"),
    ),
    Bench("phone", "phone.py", ("--fonts",), ("--repeat", "1", "--quick"), needs_chromium=True),
)


def _chromium() -> bool:
    return os.path.exists(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")) or shutil.which("chromium") is not None


def _commit() -> str:
    try:
        command = ["git", "rev-parse", "--short", "HEAD"]
        out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
        return out.stdout.strip() + ("+changes" if dirty.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _machine() -> dict[str, object]:
    memory = ""
    try:
        first = Path("/proc/meminfo").read_text().splitlines()[0]
        memory = f"{int(first.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, IndexError, ValueError):
        pass
    return {"system": platform.platform(), "processor": platform.machine(), "cpus": os.cpu_count(), "memory": memory}


def _database() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url.split("://", 1)[0] if url else "sqlite (a temporary file per benchmark)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, nothing written; fails if one fails")
    parser.add_argument("--only", default="", help="comma-separated names: " + ", ".join(b.name for b in BENCHES))
    args = parser.parse_args(argv)
    chosen = [b for b in BENCHES if not args.only or b.name in args.only.split(",")]
    runs: list[dict[str, object]] = []
    failed: list[str] = []
    for bench in chosen:
        if bench.needs_chromium and not _chromium():
            print(f"== {bench.name}: skipped, no Chromium (make browser-deps)", flush=True)
            runs.append({"name": bench.name, "skipped": "no Chromium"})
            continue
        command = [sys.executable, str(ROOT / "bench" / bench.script), *(bench.smoke if args.smoke else bench.full)]
        print(f"== {bench.name}: {' '.join(command[1:])}", flush=True)
        started = time.monotonic()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        seconds = time.monotonic() - started
        print(result.stdout, end="", flush=True)
        if result.returncode:
            print(result.stderr[-4000:], file=sys.stderr)
            failed.append(bench.name)
        runs.append(
            {
                "name": bench.name,
                "command": " ".join(["python", *command[1:]]).replace(str(ROOT) + "/", ""),
                "exit_code": result.returncode,
                "seconds": round(seconds, 1),
                "output": result.stdout,
            }
        )
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    if args.smoke:
        return 0
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H%M")
    record = {
        "when": stamp,
        "commit": _commit(),
        "python": platform.python_version(),
        "database": _database(),
        "machine": _machine(),
        "benchmarks": runs,
    }
    RESULTS.mkdir(exist_ok=True)
    base = RESULTS / f"{stamp}-{record['commit']}"
    base.with_suffix(".json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    lines = [
        f"# Benchmarks {stamp} (commit {record['commit']})",
        "",
        f"- Python {record['python']}; database: {record['database']}",
        f"- machine: {record['machine']}",
        "",
    ]
    for run in runs:
        lines += [f"## {run['name']}", ""]
        if "skipped" in run:
            lines += [f"skipped: {run['skipped']}", ""]
            continue
        lines += [f"`{run['command']}` ({run['seconds']} s)", "", "```", str(run["output"]).rstrip(), "```", ""]
    base.with_suffix(".md").write_text("\n".join(lines))
    print(f"written: {base.with_suffix('.md').relative_to(ROOT)} and .json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
