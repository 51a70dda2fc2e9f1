"""Retention removes exactly what is due; data subjects get access (Art. 15) and erasure (Art. 17)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, BackgroundJob
from anlaufstelle.core.retention import apply_retention
from anlaufstelle.partners.models import ContactPerson
from anlaufstelle.partners.tests.factories import ContactPersonFactory, OrganisationFactory


def _age(entry: AuditEntry, days: int) -> None:
    # Back-date directly in the database (the model itself refuses changes).
    AuditEntry.objects.with_scopes_disabled().filter(pk=entry.pk)._raw_delete  # noqa: B018
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("back-dating needs UPDATE, which the PostgreSQL trigger refuses; covered on SQLite")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET created_at = %s WHERE id = %s",
            [timezone.now() - datetime.timedelta(days=days), entry.pk],
        )


def test_retention_removes_only_what_is_due(centre, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RETENTION_AUDIT_DAYS = 365
    old = audit_record(actor=None, centre=centre, kind=AuditEntry.Kind.READ, action="old")
    young = audit_record(actor=None, centre=centre, kind=AuditEntry.Kind.READ, action="young")
    _age(old, 400)
    _age(young, 300)
    with scopes_disabled():
        old_job = BackgroundJob.objects.create(centre=centre, kind="x", title="old")
        new_job = BackgroundJob.objects.create(centre=centre, kind="x", title="new")
        BackgroundJob.objects.filter(pk=old_job.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))

    assert apply_retention(dry_run=True)["core.audit_trail"] == 1
    with scopes_disabled():
        assert AuditEntry.objects.filter(pk=old.pk).exists()

    counts = apply_retention()
    assert counts["core.audit_trail"] == 1 and counts["core.background_jobs"] == 1
    with scopes_disabled():
        assert not AuditEntry.objects.filter(pk=old.pk).exists()
        assert AuditEntry.objects.filter(pk=young.pk).exists()
        assert list(BackgroundJob.objects.values_list("pk", flat=True)) == [new_job.pk]
        assert AuditEntry.objects.filter(action="core.retention.apply").exists()


@pytest.mark.django_db(transaction=True)
def test_retention_deletes_audit_entries_on_postgres_too(centre) -> None:  # type: ignore[no-untyped-def]
    audit_record(actor=None, centre=centre, kind=AuditEntry.Kind.READ, action="any")
    counts = apply_retention(now=timezone.now() + datetime.timedelta(days=10_000))
    assert counts["core.audit_trail"] >= 1
    with scopes_disabled():
        assert not AuditEntry.objects.filter(action="any").exists()


def test_retention_command(db, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("apply_retention", "--dry-run")
    assert "Audit trail entries" in capsys.readouterr().out


def test_access_export_contains_the_record_and_its_history(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        contact = ContactPersonFactory(organisation=OrganisationFactory(centre=centre), first_name="Erika")
    admin_client.get(reverse("partners:detail", kwargs={"centre": centre.slug, "pk": contact.organisation_id}))
    url = reverse(
        "partners:contact_access",
        kwargs={"centre": centre.slug, "pk": contact.organisation_id, "contact_pk": contact.pk},
    )
    response = admin_client.get(url)
    data = json.loads(response.content)
    assert data["record"]["first_name"] == "Erika"
    assert any(item["action"] == "partners.contact.view" for item in data["processing_history"])
    assert response["Content-Disposition"].startswith("attachment")


def test_erasure_records_the_reason_and_leaves_no_name_in_the_trail(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        contact = ContactPersonFactory(
            organisation=OrganisationFactory(centre=centre), first_name="Erika", last_name="Unverwechselbar"
        )
    kwargs = {"centre": centre.slug, "pk": contact.organisation_id, "contact_pk": contact.pk}
    admin_client.get(reverse("partners:contact_edit", kwargs=kwargs))  # a read entry
    refused = admin_client.post(reverse("partners:contact_delete", kwargs=kwargs), {})
    assert refused.status_code == 302
    with scopes_disabled():
        assert ContactPerson.objects.filter(pk=contact.pk).exists()
    admin_client.post(reverse("partners:contact_delete", kwargs=kwargs), {"reason": "request"})
    with scopes_disabled():
        assert not ContactPerson.objects.filter(pk=contact.pk).exists()
        erasure = AuditEntry.objects.get(action="partners.contact.delete")
        assert "Art. 17" in erasure.changes["reason"][1]
        trail = list(AuditEntry.objects.filter(target_id=str(contact.pk), target_type="partners.contactperson"))
    assert trail and all("Unverwechselbar" not in entry.target_repr for entry in trail)
