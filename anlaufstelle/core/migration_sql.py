"""Migration steps that run SQL on one database only (triggers, extensions, indexes, virtual tables)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import migrations


def vendor_only(vendor: str, forwards: Sequence[str], backwards: Sequence[str]) -> migrations.RunPython:
    """Run `forwards` statements when migrating on `vendor` ("postgresql", "sqlite") and `backwards`
    when reversing; nothing on other databases."""

    def run(statements: Sequence[str]) -> Any:
        def step(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor == vendor:
                for statement in statements:
                    schema_editor.execute(statement, params=None)

        return step

    return migrations.RunPython(run(forwards), run(backwards))


def postgres_only(forwards: Sequence[str], backwards: Sequence[str]) -> migrations.RunPython:
    """Run `forwards` statements when migrating on PostgreSQL and `backwards` when reversing; nothing elsewhere."""
    return vendor_only("postgresql", forwards, backwards)


def sqlite_only(forwards: Sequence[str], backwards: Sequence[str]) -> migrations.RunPython:
    """Run `forwards` statements when migrating on SQLite and `backwards` when reversing; nothing elsewhere."""
    return vendor_only("sqlite", forwards, backwards)
