"""Replace the whole installation with the contents of a backup ZIP file."""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_scopes import scopes_disabled

from anlaufstelle.core.management.commands.backup import FORMAT_VERSION


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
            data_file = Path(tmp) / "data.json"
            data_file.write_bytes(archive.read("data.json"))
            media_tmp = Path(tmp) / "media"
            for name in names:
                if not name.startswith("media/") or name.endswith("/"):
                    continue
                relative = PurePosixPath(name).relative_to("media")
                if ".." in relative.parts or relative.is_absolute():
                    raise CommandError(f"Refusing unsafe path in archive: {name}")
                destination = media_tmp / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(archive.read(name))
            with transaction.atomic(), scopes_disabled():  # needed: a restore writes every centre's rows
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(data_file), verbosity=0)
            media_root = Path(settings.MEDIA_ROOT)
            if media_root.exists():
                shutil.rmtree(media_root)
            if media_tmp.exists():
                shutil.copytree(media_tmp, media_root)
        self.stdout.write(self.style.SUCCESS(f"Restored {source}."))
