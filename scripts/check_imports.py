"""Check that every import between apps is one the architecture document lists.

    python scripts/check_imports.py            # fail (exit 1) on an unlisted or a stale edge
    python scripts/check_imports.py --list     # print the edges the code has, in the doc's format

Every module of every app under anlaufstelle/ (tests and migrations included) is parsed with `ast`;
an import of another app's module (`anlaufstelle.<other>.<module>...`, also inside functions and
under TYPE_CHECKING) is an edge `<app> -> <other>.<module>`; an import in a test module (under
`<app>/tests/`) is an edge of `<app> (tests)`, so the document shows the dependencies of the
running code apart from those of its tests. The allowed edges live in docs/architecture.md itself,
in a fenced block marked `allowed-imports`:

    volunteers -> newcomers.interpreting, newcomers.models
    volunteers (tests) -> newcomers.tests
    * -> core.errors, core.http
    # comments and blank lines are ignored

`*` lists the shared vocabulary every app (and its tests) may import; those entries are never stale.

so the document and the check cannot disagree: an import the block does not list fails, naming
file:line and the import; an entry no module uses any more fails too (the document would be wrong).
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "anlaufstelle"
ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```allowed-imports[ \t]*\n(.*?)^```", re.S | re.M)


@dataclass(frozen=True)
class Edge:
    app: str  # "<app>" or "<app> (tests)"
    target: str  # "<other app>.<module>" or "<other app>" for the package itself
    path: Path
    line: int
    statement: str


def apps(package_dir: Path) -> list[str]:
    return sorted(p.name for p in package_dir.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def _module_of(dotted: str) -> str | None:
    """`anlaufstelle.x.y.z` -> "x.y"; `anlaufstelle.x` -> "x"; None outside the package."""
    parts = dotted.split(".")
    if parts[0] != PACKAGE or len(parts) < 2:
        return None
    return ".".join(parts[1:3])


def _is_module(package_dir: Path, app: str, name: str) -> bool:
    return (package_dir / app / f"{name}.py").exists() or (package_dir / app / name / "__init__.py").exists()


def _resolve_relative(path: Path, package_dir: Path, module: str | None, level: int) -> str:
    """The absolute name of `from .module import ...` (level dots) in the file at path."""
    parts = [PACKAGE, *path.relative_to(package_dir).with_suffix("").parts][:-1]  # the file's package
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, module] if module else base)


def edges(root: Path = ROOT) -> list[Edge]:
    """Every import from one app into another, in file and line order."""
    package_dir = root / PACKAGE
    found: list[Edge] = []
    for app in apps(package_dir):
        for path in sorted((package_dir / app).rglob("*.py")):
            source_name = f"{app} (tests)" if "tests" in path.relative_to(package_dir / app).parts[:-1] else app
            source = path.read_text(encoding="utf-8")
            tree = ast.parse(source, filename=str(path))
            for node in ast.walk(tree):
                targets: list[str] = []
                if isinstance(node, ast.Import):
                    targets = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    module = node.module or ""
                    if node.level:
                        module = _resolve_relative(path, package_dir, node.module, node.level)
                    name = _module_of(module)
                    if name is not None and "." not in name:
                        # `from anlaufstelle.other import actions`: the names may be modules.
                        subs = [a.name for a in node.names if _is_module(package_dir, name, a.name)]
                        targets = [f"{module}.{sub}" for sub in subs]
                        if len(subs) < len(node.names):
                            targets.append(module)
                    else:
                        targets = [module]
                else:
                    continue
                for dotted in targets:
                    target = _module_of(dotted)
                    if target is None or target.split(".")[0] == app:
                        continue
                    found.append(
                        Edge(source_name, target, path, node.lineno, ast.get_source_segment(source, node) or "")
                    )
    return sorted(found, key=lambda e: (str(e.path), e.line, e.target))


def allowed(document: Path) -> dict[str, set[str]]:
    """The allowed edges from the document's ```allowed-imports block, per importing app."""
    match = BLOCK.search(document.read_text(encoding="utf-8"))
    if match is None:
        raise SystemExit(f"{document}: no ```allowed-imports block")
    allow: dict[str, set[str]] = defaultdict(set)
    for number, raw in enumerate(match.group(1).splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if "->" not in line:
            raise SystemExit(f"{document}: allowed-imports line {number} is not `app -> other.module, ...`: {raw!r}")
        app, targets = (part.strip() for part in line.split("->", 1))
        allow[app].update(t.strip() for t in targets.split(",") if t.strip())
    return allow


def listing(found: list[Edge]) -> str:
    by_app: dict[str, set[str]] = defaultdict(set)
    for edge in found:
        by_app[edge.app].add(edge.target)
    return "\n".join(f"{app} -> {', '.join(sorted(targets))}" for app, targets in sorted(by_app.items()))


def check(root: Path = ROOT, document: Path | None = None) -> list[str]:
    """The problems: unlisted imports (file:line) and listed edges that no module has."""
    document = document or root / "docs" / "architecture.md"
    allow = allowed(document)
    found = edges(root)
    problems = [
        f"{edge.path.relative_to(root)}:{edge.line}: {edge.app} imports {edge.target} "
        f"({' '.join(edge.statement.split())}), which {document.relative_to(root)} does not list in allowed-imports"
        for edge in found
        if edge.target not in allow.get(edge.app, set()) | allow.get("*", set())
    ]
    used = {(edge.app, edge.target) for edge in found}
    for app in sorted(allow.keys() - {"*"}):
        for target in sorted(allow[app]):
            if (app, target) not in used:
                problems.append(
                    f"{document.relative_to(root)}: allowed-imports lists {app} -> {target}, but no module of "
                    f"{app} imports it (remove the entry)"
                )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (default: this one)")
    parser.add_argument("--list", action="store_true", help="print the edges found, in the doc's format")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.list:
        print(listing(edges(root)))
        return 0
    problems = check(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} import(s) disagree with docs/architecture.md", file=sys.stderr)
        return 1
    print("imports between apps: as docs/architecture.md lists them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
