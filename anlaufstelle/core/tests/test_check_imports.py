"""scripts/check_imports.py: imports between apps must be listed in docs/architecture.md."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[3]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_imports", REPO / "scripts" / "check_imports.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_imports"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def _write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A fake project: app `b` imports a.models (listed) and, inside a function, a.secret (not listed)."""
    for app in ("a", "b"):
        _write(tmp_path, f"anlaufstelle/{app}/__init__.py", "")
    _write(tmp_path, "anlaufstelle/__init__.py", "")
    _write(tmp_path, "anlaufstelle/a/models.py", "X = 1\n")
    _write(tmp_path, "anlaufstelle/a/secret.py", "Y = 2\n")
    _write(tmp_path, "anlaufstelle/a/views.py", "from anlaufstelle.a.models import X  # own app: not an edge\n")
    _write(
        tmp_path,
        "anlaufstelle/b/views.py",
        "from anlaufstelle.a.models import X\n\n\n"
        "def view():\n    from anlaufstelle.a import secret\n    return secret\n",
    )
    _write(tmp_path, "anlaufstelle/b/tests/test_views.py", "import anlaufstelle.a.models\n")
    return tmp_path


def _doc(root: Path, block: str) -> None:
    _write(root, "docs/architecture.md", f"# Architecture\n\nText.\n\n```allowed-imports\n{block}```\n")


def test_an_unlisted_import_fails_with_file_line_and_statement(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _doc(tree, "b -> a.models  # listed\nb (tests) -> a.models\n")
    script = _script()
    assert script.main(["--root", str(tree)]) == 1
    err = capsys.readouterr().err
    assert "anlaufstelle/b/views.py:5: b imports a.secret (from anlaufstelle.a import secret)" in err
    assert err.count(" imports ") == 1  # the listed edges are not reported


def test_listed_imports_pass(tree: Path) -> None:
    _doc(tree, "b -> a.models, a.secret\n\nb (tests) -> a.models\n")
    assert _script().main(["--root", str(tree)]) == 0


def test_a_stale_entry_fails(tree: Path) -> None:
    _doc(tree, "b -> a.models, a.secret\nb (tests) -> a.models\na -> b.views\n")
    problems = _script().check(tree)
    assert problems == [
        "docs/architecture.md: allowed-imports lists a -> b.views, but no module of a imports it (remove the entry)"
    ]


def test_list_prints_the_edges_in_the_documents_format(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _script().main(["--root", str(tree), "--list"]) == 0
    assert capsys.readouterr().out.splitlines() == ["b -> a.models, a.secret", "b (tests) -> a.models"]


def test_the_repository_keeps_to_its_architecture_document() -> None:
    assert _script().check(REPO) == []


def test_shared_vocabulary_is_allowed_everywhere_and_never_stale(tree: Path) -> None:
    _doc(tree, "* -> a.secret, a.unused\nb -> a.models\nb (tests) -> a.models\n")
    assert _script().check(tree) == []
