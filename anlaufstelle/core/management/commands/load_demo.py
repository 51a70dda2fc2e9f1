"""Load the synthetic demo installation (two centres) and print the demo logins."""

from typing import Any

from django.core.management.base import BaseCommand

from anlaufstelle.core.demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Create the demo centres KI Musterstadt and KI Kreis Beispielland (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = load_demo()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        self.stdout.write("On first sign-in each account sets up its authenticator app (TOTP).")
        for email, centre, role in logins:
            self.stdout.write(f"  {email:<40} {role:<36} {centre}")
