"""Create a centre and invite its first admin (the installation operator's command)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.mail import set_password_path
from anlaufstelle.core.models import AuditEntry, Centre, Membership, User
from anlaufstelle.core.roles import Role


class Command(BaseCommand):
    help = "Create a centre (KI) and its first admin; prints the admin's single-use set-password link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="address part, e.g. krefeld -> /krefeld/")
        parser.add_argument("name", help='e.g. "KI Krefeld"')
        parser.add_argument("--kind", choices=[k.value for k in Centre.Kind], default=Centre.Kind.CITY)
        parser.add_argument("--municipality", default="", help="defaults to the name")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", required=True)
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="for the printed link")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        centre = Centre(
            slug=options["slug"],
            name=options["name"],
            kind=options["kind"],
            municipality=options["municipality"] or options["name"],
        )
        try:
            centre.full_clean()
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        centre.save()
        email = options["admin_email"].strip().lower()
        user = User.objects.filter(email__iexact=email).first() or User.objects.create_user(
            email, None, full_name=options["admin_name"]
        )
        # The operator names the first admin; the name is this centre's, not the account's.
        Membership.objects.create(user=user, centre=centre, role=Role.CENTRE_ADMIN, full_name=options["admin_name"])
        audit_record(actor=None, centre=centre, kind=AuditEntry.Kind.CREATE, action="core.centre.create", target=centre)
        self.stdout.write(self.style.SUCCESS(f"Created {centre.name} at /{centre.slug}/ with admin {email}."))
        if not user.has_usable_password():
            uid, token = set_password_path(user)
            self.stdout.write(
                f"Set-password link (single use): {options['base_url']}/konto/passwort-setzen/{uid}/{token}/"
            )
