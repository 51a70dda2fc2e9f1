"""The audit trail records writes with before/after and reads of personal records; nobody edits it."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext
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


def _label(field: str) -> str:
    from anlaufstelle.partners.models import Organisation

    name = str(Organisation._meta.get_field(field).verbose_name)
    return name[:1].upper() + name[1:]


def test_the_trail_reads_as_sentences_with_the_centres_name_for_the_person(  # type: ignore[no-untyped-def]
    client: Client, centre, member_factory
) -> None:
    """Issue 19 item 9: "Anna Beispiel hat Organisation „Verein Nord“ geändert." — the name the centre
    knows the person by, the record's kind and name, and only the fields that changed."""
    from anlaufstelle.core.models import Membership
    from conftest import verify

    editor = member_factory(centre, Role.EDITOR)
    Membership.objects.filter(user=editor, centre=centre).update(full_name="Anna Beispiel")
    with scope(centre=centre):
        org = OrganisationFactory(centre=centre, name="Verein Nord", email="")
        actions.organisation_save(
            centre=centre, actor=editor, data={"name": "Verein Nord", "phone": "0211 1"}, organisation=org
        )
    admin = member_factory(centre, Role.CENTRE_ADMIN)
    verify(client, admin)
    response = client.get(reverse("core:audit", kwargs={"centre": centre.slug}))
    row = next(r for r in response.context["rows"] if r.entry.action == "partners.organisation.save")
    plain = row.sentence.translate({0x2066: None, 0x2067: None, 0x2068: None, 0x2069: None})
    # German: "Anna Beispiel hat Organisation „Verein Nord“ geändert."
    assert plain == gettext("%(who)s changed %(what)s.") % {
        "who": "Anna Beispiel",
        "what": "Organisation „Verein Nord“",
    }
    assert [change.label for change in row.changes] == [_label("phone")]  # the unchanged name is not shown
    assert "Anna Beispiel" in response.content.decode()


def test_filter_by_one_record_and_export_as_csv(client: Client, centre, other_centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    from conftest import verify

    editor = member_factory(centre, Role.EDITOR)
    with scope(centre=centre):
        first = OrganisationFactory(centre=centre, name="Erste", email="")
        second = OrganisationFactory(centre=centre, name="Zweite", email="")
        for org, phone in ((first, "111"), (second, "222"), (first, "333")):
            actions.organisation_save(centre=centre, actor=editor, data={"phone": phone}, organisation=org)
    with scope(centre=other_centre):
        foreign = OrganisationFactory(centre=other_centre, name="Fremd", email="")
        actions.organisation_save(
            centre=other_centre,
            actor=member_factory(other_centre, Role.EDITOR),
            data={"phone": "9"},
            organisation=foreign,
        )
    admin = member_factory(centre, Role.CENTRE_ADMIN)
    verify(client, admin)
    url = reverse("core:audit", kwargs={"centre": centre.slug})
    one = {"target_type": "partners.organisation", "target_id": str(first.pk)}
    response = client.get(url, one)
    assert {row.entry.target_id for row in response.context["rows"]} == {str(first.pk)}
    assert len(response.context["rows"]) == 2
    download = client.get(reverse("core:audit_csv", kwargs={"centre": centre.slug}), one)
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    text = download.content.decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert len(lines) == 3  # the header and the two entries of that record
    assert "Erste" in text and "Zweite" not in text and "Fremd" not in text
    assert f"{_label('phone')}: 111 → 333" in text and "\u2068" not in text
    # The export itself is on the trail; a wrong filter is ignored, not an error.
    with scopes_disabled():
        assert AuditEntry.objects.filter(centre=centre, action="core.audit.export", actor=admin).count() == 1
    assert client.get(url, {"target_type": "nonsense.model", "target_id": "x" * 500}).status_code == 200
