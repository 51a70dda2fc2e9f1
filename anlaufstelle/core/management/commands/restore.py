"""Replace the whole installation with the contents of a backup ZIP file."""

from __future__ import annotations

import collections
import hashlib
import json
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_scopes import scopes_disabled

from anlaufstelle.core.management.commands.backup import FORMAT_VERSION, stored_files


class Command(BaseCommand):
    help = "Restore a backup made with `manage.py backup`. Replaces ALL current data and uploaded files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The backup ZIP file.")
        parser.add_argument("--yes", action="store_true", help="Confirm that all current data is replaced.")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["archive"])
        if not source.is_file():
            raise CommandError(f"{source} does not exist.")
        if not options["yes"]:
            raise CommandError("Restoring replaces all data. Run again with --yes to confirm.")
        try:
            archive = zipfile.ZipFile(source)
        except zipfile.BadZipFile as exc:
            raise CommandError(f"{source} is not a backup ZIP file.") from exc
        with archive, tempfile.TemporaryDirectory() as tmp:
            names = set(archive.namelist())
            if not {"manifest.json", "data.json"} <= names:
                raise CommandError("The archive is not an Anlaufstelle backup (manifest.json or data.json missing).")
            manifest = json.loads(archive.read("manifest.json"))
            if manifest.get("format") != FORMAT_VERSION:
                raise CommandError(f"Unsupported backup format {manifest.get('format')!r}.")
            data = archive.read("data.json")
            expected_sha = manifest.get("data_sha256")
            if expected_sha and hashlib.sha256(data).hexdigest() != expected_sha:
                raise CommandError("data.json does not match the checksum in manifest.json: the archive is damaged.")
            data_file = Path(tmp) / "data.json"
            data_file.write_bytes(data)
            media_tmp = Path(tmp) / "media"
            file_sha = manifest.get("file_sha256") or {}
            for name in names:
                if not name.startswith("media/") or name.endswith("/"):
                    continue
                relative = PurePosixPath(name).relative_to("media")
                if ".." in relative.parts or relative.is_absolute():
                    raise CommandError(f"Refusing unsafe path in archive: {name}")
                content = archive.read(name)
                if str(relative) in file_sha and hashlib.sha256(content).hexdigest() != file_sha[str(relative)]:
                    raise CommandError(f"{name} does not match its checksum: the archive is damaged.")
                destination = media_tmp / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(content)
            with transaction.atomic(), scopes_disabled():  # needed: a restore writes every centre's rows
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(data_file), verbosity=0)
                _check_counts(manifest.get("counts"))  # a mismatch rolls the whole restore back
            storage = default_storage
            for name in list(stored_files(storage)):
                storage.delete(name)
            if media_tmp.exists():
                for path in sorted(p for p in media_tmp.rglob("*") if p.is_file()):
                    name = path.relative_to(media_tmp).as_posix()
                    with path.open("rb") as handle:
                        saved = storage.save(name, File(handle))
                    if saved != name:
                        raise CommandError(f"{name} was stored as {saved}: the storage was not empty.")
        self.stdout.write(self.style.SUCCESS(f"Restored {source}."))


def _check_counts(expected: dict[str, int] | None) -> None:
    """Every model has as many rows as the backup holds (backups from before the counts: not checked)."""
    if not expected:
        return
    found: collections.Counter[str] = collections.Counter()
    for label in expected:
        model = apps.get_model(label)
        found[label] = model._default_manager.count()
    wrong = {label: (count, found[label]) for label, count in expected.items() if found[label] != count}
    if wrong:
        raise CommandError(f"Row counts differ after loading (backup, database): {wrong}")
