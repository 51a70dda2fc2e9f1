"""Every write of the partner register: atomic, keyword-only, audited in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from anlaufstelle.core.audit import audit_record, diff, snapshot
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.partners.hooks import organisation_changed
from anlaufstelle.partners.models import Address, ContactPerson, Organisation, Tag

ORGANISATION_FIELDS = (
    "name",
    "kind",
    "description",
    "website",
    "email",
    "phone",
    "school_number",
    "school_form",
    "is_active",
)
ADDRESS_FIELDS = ("label", "street", "postcode", "city", "district", "latitude", "longitude", "is_primary")
CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "function",
    "email",
    "phone",
    "consent_to_contact",
    "consent_given_on",
    "consent_note",
)


def _tag_names(organisation: Organisation) -> list[str]:
    return sorted(tag.name for tag in organisation.tags.all())


def tags_get_or_create(*, centre: Centre, names: list[str]) -> list[Tag]:
    """The centre's tags with these names, creating the missing ones."""
    cleaned = sorted({name.strip()[:60] for name in names if name.strip()})
    existing = {tag.name.lower(): tag for tag in Tag.objects.filter(centre=centre)}
    tags = []
    for name in cleaned:
        tag = existing.get(name.lower())
        if tag is None:
            tag = Tag.objects.create(centre=centre, name=name)
            existing[name.lower()] = tag
        tags.append(tag)
    return tags


@transaction.atomic
def organisation_save(
    *,
    centre: Centre,
    actor: User,
    data: dict[str, Any],
    tags: list[Tag] | None = None,
    organisation: Organisation | None = None,
) -> Organisation:
    """Create an organisation, or change it when `organisation` is given."""
    created = organisation is None
    organisation = organisation or Organisation(centre=centre)
    before = {} if created else {**snapshot(organisation, ORGANISATION_FIELDS), "tags": _tag_names(organisation)}
    for name in ORGANISATION_FIELDS:
        if name in data:
            setattr(organisation, name, data[name])
    if organisation.kind != Organisation.Kind.SCHOOL:
        organisation.school_form = ""
    organisation.save()
    if tags is not None:
        organisation.tags.set(tags)
    after = {**snapshot(organisation, ORGANISATION_FIELDS), "tags": _tag_names(organisation)}
    if not created:
        organisation_changed(centre_id=organisation.centre_id, organisation_id=organisation.pk)
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="partners.organisation.save",
        target=organisation,
        changes=diff(before, after),
    )
    return organisation


@transaction.atomic
def organisation_delete(*, organisation: Organisation, actor: User) -> None:
    """Delete an organisation with its addresses and contact persons (refused while accounts
    act for it: ProtectedError)."""
    contacts = organisation.contacts.count()
    audit_record(
        actor=actor,
        centre=organisation.centre,
        kind=AuditEntry.Kind.DELETE,
        action="partners.organisation.delete",
        target=organisation,
        changes={
            **diff(snapshot(organisation, ORGANISATION_FIELDS), {}),
            "contact_persons_erased": [None, contacts],
            "reason": [None, "Organisation deleted from the partner register"],
        },
    )
    organisation.delete()


@transaction.atomic
def address_save(
    *, organisation: Organisation, actor: User, data: dict[str, Any], address: Address | None = None
) -> Address:
    """Add or change an address; marking one as main address unmarks the others."""
    created = address is None
    address = address or Address(organisation=organisation, centre_id=organisation.centre_id)
    before = {} if created else snapshot(address, ADDRESS_FIELDS)
    for name in ADDRESS_FIELDS:
        if name in data:
            setattr(address, name, data[name])
    if not organisation.addresses.exclude(pk=address.pk).exists():
        address.is_primary = True
    if address.is_primary:
        organisation.addresses.exclude(pk=address.pk).update(is_primary=False)
    address.save()
    organisation_changed(centre_id=organisation.centre_id, organisation_id=organisation.pk)
    audit_record(
        actor=actor,
        centre=organisation.centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="partners.address.save",
        target=address,
        changes=diff(before, snapshot(address, ADDRESS_FIELDS)),
    )
    return address


@transaction.atomic
def address_delete(*, address: Address, actor: User) -> None:
    """Delete an address; another one becomes the main address if needed."""
    organisation = address.organisation
    audit_record(
        actor=actor,
        centre=organisation.centre,
        kind=AuditEntry.Kind.DELETE,
        action="partners.address.delete",
        target=address,
        changes=diff(snapshot(address, ADDRESS_FIELDS), {}),
    )
    was_primary = address.is_primary
    address.delete()
    organisation_changed(centre_id=organisation.centre_id, organisation_id=organisation.pk)
    if was_primary:
        successor = organisation.addresses.order_by("id").first()
        if successor is not None:
            successor.is_primary = True
            successor.save(update_fields=["is_primary"])


@transaction.atomic
def contact_save(
    *, organisation: Organisation, actor: User, data: dict[str, Any], contact: ContactPerson | None = None
) -> ContactPerson:
    """Add or change a contact person of an organisation."""
    created = contact is None
    contact = contact or ContactPerson(organisation=organisation, centre_id=organisation.centre_id)
    before = {} if created else snapshot(contact, CONTACT_FIELDS)
    for name in CONTACT_FIELDS:
        if name in data:
            setattr(contact, name, data[name])
    if not contact.consent_to_contact:
        contact.consent_given_on = None
    contact.save()
    audit_record(
        actor=actor,
        centre=organisation.centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="partners.contact.save",
        target=contact,
        changes=diff(before, snapshot(contact, CONTACT_FIELDS)),
    )
    return contact


ERASURE_REASONS = {
    "request": "Request of the data subject (Art. 17 (1) GDPR)",
    "consent_withdrawn": "Consent withdrawn (Art. 17 (1) (b) GDPR)",
    "not_needed": "No longer needed for the cooperation (Art. 17 (1) (a) GDPR)",
    "left_organisation": "Person left the organisation",
}


@transaction.atomic
def contact_delete(*, contact: ContactPerson, actor: User, reason: str = "not_needed") -> None:
    """Erase a contact person. The record goes entirely; the audit trail keeps only ids and the
    changed values until its own retention period ends (Art. 17 (3) (b) and (e) GDPR)."""
    from anlaufstelle.core.retention import POLICIES

    if reason not in ERASURE_REASONS:
        raise ValueError(f"Unknown erasure reason {reason!r}.")
    audit_record(
        actor=actor,
        centre=contact.organisation.centre,
        kind=AuditEntry.Kind.DELETE,
        action="partners.contact.delete",
        target=contact,
        changes={
            "reason": [None, ERASURE_REASONS[reason]],
            "kept": [None, f"audit trail entries until {POLICIES['core.audit_trail'].days} days after their date"],
        },
    )
    contact.delete()


MERGE_FILL_FIELDS = ("description", "website", "email", "phone", "school_number", "school_form")


@transaction.atomic
def organisation_merge(*, target: Organisation, duplicate: Organisation, actor: User) -> Organisation:
    """Merge `duplicate` into `target`: empty fields are filled, addresses, contacts, tags and
    every record of other modules that points to the duplicate move over; the duplicate goes."""
    if target.pk == duplicate.pk or target.centre_id != duplicate.centre_id:
        raise ValueError("Only two different organisations of the same centre can be merged.")
    # Lock both rows in a fixed order so two merges of the same pair cannot interleave.
    locked = {
        org.pk: org
        for org in Organisation.objects.select_for_update().filter(pk__in=[target.pk, duplicate.pk]).order_by("pk")
    }
    if len(locked) != 2:
        raise Organisation.DoesNotExist
    target, duplicate = locked[target.pk], locked[duplicate.pk]
    before = {**snapshot(target, ORGANISATION_FIELDS), "tags": _tag_names(target)}
    filled = {}
    for name in MERGE_FILL_FIELDS:
        if not getattr(target, name) and getattr(duplicate, name):
            filled[name] = getattr(duplicate, name)
    if filled.get("school_number"):
        Organisation.objects.filter(pk=duplicate.pk).update(school_number="")
    for name, value in filled.items():
        setattr(target, name, value)
    target.save()
    if target.addresses.exists():
        duplicate.addresses.update(is_primary=False)
    target.tags.add(*duplicate.tags.all())
    moved = _repoint_relations(source=duplicate, target=target)
    organisation_changed(centre_id=target.centre_id, organisation_id=target.pk)
    after = {**snapshot(target, ORGANISATION_FIELDS), "tags": _tag_names(target)}
    audit_record(
        actor=actor,
        centre=target.centre,
        kind=AuditEntry.Kind.MERGE,
        action="partners.organisation.merge",
        target=target,
        changes={
            **diff(before, after),
            "merged_organisation": [f"{duplicate.pk}: {duplicate.name}", None],
            "moved_records": [None, moved],
        },
    )
    duplicate.delete()
    return target


def _repoint_relations(*, source: Organisation, target: Organisation) -> dict[str, int]:
    """Point every foreign key that refers to `source` at `target` (also those of later modules)."""
    moved: dict[str, int] = {}
    for relation in Organisation._meta.related_objects:
        if relation.many_to_many:
            moved.update(_repoint_many_to_many(relation.field, source=source, target=target))
            continue
        if not isinstance(relation.field, models.ForeignKey):
            continue
        model = relation.related_model
        assert not isinstance(model, str)
        manager = model._base_manager  # unscoped: the filter below names the organisation
        count = manager.filter(**{relation.field.name: source}).update(**{relation.field.name: target})
        if count:
            moved[model._meta.label_lower] = count
    return moved


def _repoint_many_to_many(field: Any, *, source: Organisation, target: Organisation) -> dict[str, int]:
    """Move rows of another model's many-to-many table from `source` to `target`, without doubles."""
    through = field.remote_field.through
    organisation_column = field.m2m_reverse_field_name()
    other_column = field.m2m_field_name()
    rows = through._base_manager
    already = rows.filter(**{organisation_column: target}).values_list(other_column, flat=True)
    rows.filter(**{organisation_column: source, f"{other_column}__in": list(already)}).delete()
    count = rows.filter(**{organisation_column: source}).update(**{organisation_column: target})
    return {through._meta.label_lower: count} if count else {}
