"""The audit trail records writes with before/after and reads of personal records; nobody edits it."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.models.audit import AuditTrailIsAppendOnly
from anlaufstelle.core.roles import Role
from anlaufstelle.partners import actions
from anlaufstelle.partners.tests.factories import ContactPersonFactory, OrganisationFactory


def test_update_records_who_what_when_and_the_changed_fields(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    actor = member_factory(centre, Role.EDITOR)
    with scope(centre=centre):
        org = OrganisationFactory(centre=centre, name="Alter Name", email="")
        actions.organisation_save(centre=centre, actor=actor, data={"name": "Neuer Name"}, organisation=org)
        entry = AuditEntry.objects.get(action="partners.organisation.save")
    assert entry.actor == actor
    assert entry.centre == centre
    assert entry.kind == AuditEntry.Kind.UPDATE
    assert entry.changes == {"name": ["Alter Name", "Neuer Name"]}
    assert entry.target_id == str(org.pk)


def test_viewing_a_contact_person_is_recorded(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        contact = ContactPersonFactory(organisation=OrganisationFactory(centre=centre))
    response = admin_client.get(
        reverse("partners:detail", kwargs={"centre": centre.slug, "pk": contact.organisation_id})
    )
    assert response.status_code == 200
    with scopes_disabled():
        reads = AuditEntry.objects.filter(kind=AuditEntry.Kind.READ, target_id=str(contact.pk))
        assert reads.count() == 1
        assert reads.get().target_type == "partners.contactperson"


def test_audit_entries_cannot_be_changed_or_deleted(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.audit import audit_record

    entry = audit_record(actor=None, centre=centre, kind=AuditEntry.Kind.SECURITY, action="test")
    entry.action = "tampered"
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.delete()
    with scopes_disabled():
        with pytest.raises(AuditTrailIsAppendOnly):
            AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
        with pytest.raises(AuditTrailIsAppendOnly):
            AuditEntry.objects.filter(pk=entry.pk).delete()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_refuses_raw_updates_of_the_trail(centre) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("The database trigger exists on PostgreSQL only.")
    from anlaufstelle.core.audit import audit_record

    entry = audit_record(actor=None, centre=centre, kind=AuditEntry.Kind.SECURITY, action="test")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET action = 'x' WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])


def test_admin_browses_and_filters_the_trail(admin_client: Client, centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.audit import audit_record

    audit_record(actor=None, centre=centre, kind=AuditEntry.Kind.EXPORT, action="mine")
    audit_record(actor=None, centre=other_centre, kind=AuditEntry.Kind.EXPORT, action="foreign")
    url = reverse("core:audit", kwargs={"centre": centre.slug})
    response = admin_client.get(url, {"kind": "export"})
    actions_shown = [entry.action for entry in response.context["page"]]
    assert actions_shown == ["mine"]
    partial = admin_client.get(url, {"kind": "export"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert b"<html" not in partial.content and b'id="results"' in partial.content
    bad = admin_client.get(url, {"date_from": "not-a-date", "kind": "nonsense"})
    assert bad.status_code == 200


def test_the_trail_reads_in_labels_not_codes(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    """Issue 19 item 9: the record's kind and the fields by their labels, unchanged values left out,
    right-to-left values isolated; the technical action name stays visible in small print."""
    from anlaufstelle.core.audit import audit_record

    audit_record(
        actor=None,
        centre=centre,
        kind=AuditEntry.Kind.UPDATE,
        action="core.centre.update",
        target=centre,
        changes={"municipality": ["Musterstadt", "حلب"], "city": ["Ort", "Ort"], "gone_field": [1, 2]},
    )
    response = admin_client.get(reverse("core:audit", kwargs={"centre": centre.slug}))
    html = response.content.decode()
    row = response.context["rows"][0]
    assert row.record_type == "Kommunales Integrationszentrum"
    assert [change.label for change in row.changes] == ["gone_field", "Kommune"]  # by label; "city" did not change
    assert "<dt>Kommune</dt>" in html and 'dir="rtl"' in html and "core.centre.update" in html
