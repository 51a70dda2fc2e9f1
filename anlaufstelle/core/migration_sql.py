"""A migration step that runs SQL on PostgreSQL only (triggers, extensions, expression indexes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import migrations


def postgres_only(forwards: Sequence[str], backwards: Sequence[str]) -> migrations.RunPython:
    """Run `forwards` statements when migrating on PostgreSQL and `backwards` when reversing; nothing elsewhere."""

    def run(statements: Sequence[str]) -> Any:
        def step(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement, params=None)

        return step

    return migrations.RunPython(run(forwards), run(backwards))
