"""Write the whole installation (all data and uploaded files) into one ZIP file."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
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
        with scopes_disabled():  # needed: a backup holds every centre's rows
            call_command(
                "dumpdata",
                exclude=[e for e in EXCLUDED if _installed(e)],
                natural_foreign=True,
                natural_primary=False,
                stdout=data,
                verbosity=0,
            )
        media_root = Path(settings.MEDIA_ROOT)
        files = [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database_vendor": _vendor(),
            "files": len(files),
        }
        partial = target.with_suffix(target.suffix + ".partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, indent=2))
            archive.writestr("data.json", data.getvalue())
            for path in files:
                archive.write(path, f"media/{path.relative_to(media_root).as_posix()}")
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
