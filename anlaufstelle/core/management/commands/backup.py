"""Write the whole installation (all data and uploaded files) into one ZIP file."""

from __future__ import annotations

import collections
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

# Rebuilt by migrate, or session state that must not outlive a restore.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "admin.logentry"]
FORMAT_VERSION = 1


class Command(BaseCommand):
    help = "Back up every centre's data and the uploaded files into a ZIP file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", required=True, help="Path of the ZIP file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["output"])
        target.parent.mkdir(parents=True, exist_ok=True)
        data = io.StringIO()
        # One snapshot for every table, so a backup taken while people work is consistent: on
        # PostgreSQL a read-only REPEATABLE READ transaction sees the database as it was at its start.
        nested = connection.in_atomic_block  # inside a caller's transaction the level can't be set any more
        with transaction.atomic(), scopes_disabled():  # needed: a backup holds every centre's rows
            if connection.vendor == "postgresql" and not nested:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            call_command(
                "dumpdata",
                exclude=[e for e in EXCLUDED if _installed(e)],
                natural_foreign=True,
                natural_primary=False,
                stdout=data,
                verbosity=0,
            )
        text = data.getvalue()
        counts = collections.Counter(row["model"] for row in json.loads(text or "[]"))
        storage = default_storage
        files = sorted(stored_files(storage))
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database_vendor": _vendor(),
            "files": len(files),
            # What a restore checks: rows per model and the data's checksum, each file's checksum.
            "counts": dict(sorted(counts.items())),
            "data_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "file_sha256": {},
        }
        partial = target.with_suffix(target.suffix + ".partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("data.json", text)
            for name in files:
                digest = hashlib.sha256()
                with storage.open(name, "rb") as source, archive.open(f"media/{name}", "w") as out:
                    while chunk := source.read(1024 * 1024):
                        digest.update(chunk)
                        out.write(chunk)
                manifest["file_sha256"][name] = digest.hexdigest()  # type: ignore[index]
            archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        partial.replace(target)  # never leave a half-written backup under the final name
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target} ({len(files)} files)."))


def _installed(label: str) -> bool:
    from django.apps import apps

    return apps.is_installed(f"django.contrib.{label.split('.')[0]}") or any(
        config.label == label.split(".")[0] for config in apps.get_app_configs()
    )


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file in the storage (the local disk or an object store), left-over partial uploads aside."""
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:  # the local upload folder does not exist yet
        return
    for name in names:
        if not (name.startswith(".upload-") and name.endswith(".partial")):
            yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from stored_files(storage, f"{folder}/{sub}" if folder else sub)
