"""Delete or anonymise every personal record whose retention period has ended."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from anlaufstelle.core.retention import POLICIES, apply_retention


class Command(BaseCommand):
    help = "Apply the retention periods (runs daily as a background task too)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count what is due.")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = apply_retention(dry_run=options["dry_run"])
        verb = "due" if options["dry_run"] else "removed"
        for name, count in counts.items():
            policy = POLICIES[name]
            self.stdout.write(f"{count:>7} {verb}  {policy.description} (after {policy.days} days)")
