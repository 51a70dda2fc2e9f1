"""Reads of the partner register for views, exports and other modules."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from anlaufstelle.core.models import Centre
from anlaufstelle.partners.models import Address, ContactPerson, Organisation, Tag
from anlaufstelle.partners.relations import personal_data_of


def organisation_list(
    *,
    centre: Centre,
    text: str = "",
    kind: str = "",
    tag: int | None = None,
    district: str = "",
    active: bool | None = True,
) -> QuerySet[Organisation]:
    """The centre's organisations matching the filters, with what a list row shows prefetched."""
    organisations = Organisation.objects.for_centre(centre)
    if active is not None:
        organisations = organisations.filter(is_active=active)
    if kind:
        organisations = organisations.filter(kind=kind)
    if tag:
        organisations = organisations.filter(tags=tag)
    if district:
        organisations = organisations.filter(addresses__district=district)
    if text:
        organisations = organisations.search(text)
    return organisations.prefetch_related(
        "tags", Prefetch("addresses", queryset=Address.objects.order_by("-is_primary", "id"))
    ).order_by("name", "id")


def addresses_for_geocoding(centre: Centre) -> QuerySet[Address]:
    """The centre's addresses, as a place source of the offline geocoder (core.geo)."""
    return Address.objects.filter(centre=centre)


def with_contact_counts(organisations: Iterable[Organisation]) -> list[Organisation]:
    """Set `contact_count` on each organisation of one page with a single query."""
    page = list(organisations)
    counts = dict(
        ContactPerson.objects.filter(organisation__in=page)
        .values("organisation")
        .annotate(n=Count("id"))
        .values_list("organisation", "n")
    )
    for org in page:
        org.contact_count = counts.get(org.pk, 0)
    return page


def organisation_get(*, centre: Centre, pk: int) -> Organisation:
    """One organisation with its addresses, contacts and tags (DoesNotExist if foreign)."""
    return Organisation.objects.for_centre(centre).prefetch_related("tags", "addresses", "contacts").get(pk=pk)


def districts(*, centre: Centre) -> list[str]:
    return list(
        Address.objects.filter(centre=centre)
        .exclude(district="")
        .order_by("district")
        .values_list("district", flat=True)
        .distinct()
    )


def tags(*, centre: Centre) -> QuerySet[Tag]:
    return Tag.objects.filter(centre=centre)


LEGAL_FORMS = re.compile(r"\b(e\s?\.?\s?v|ggmbh|gmbh|ug|ag|gbr|kg|mbh|stiftung|der stadt|des kreises)\b\.?")


def normalised_name(name: str) -> str:
    """Lower-case name without accents, punctuation, legal forms or extra spaces."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("ß", "ss")
    text = LEGAL_FORMS.sub(" ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


@dataclass
class DuplicateGroup:
    reason: str
    organisations: list[Organisation]


def duplicate_candidates(*, centre: Centre) -> list[DuplicateGroup]:
    """Groups of organisations that are probably the same: same name, e-mail or website."""
    groups: dict[tuple[str, str], list[Organisation]] = defaultdict(list)
    for org in Organisation.objects.for_centre(centre).prefetch_related("addresses"):
        if key := normalised_name(org.name):
            groups[("name", key)].append(org)
        if org.email:
            groups[("email", org.email.lower())].append(org)
        if org.website:
            groups[("website", org.website.lower().rstrip("/").split("://")[-1])].append(org)
    seen: set[frozenset[int]] = set()
    result = []
    for (reason, _key), members in groups.items():
        ids = frozenset(org.pk for org in members)
        if len(ids) > 1 and ids not in seen:
            seen.add(ids)
            result.append(DuplicateGroup(reason=reason, organisations=members))
    return result


def contact_personal_data(*, contact: ContactPerson) -> dict[str, object]:
    """What the centre stores about a contact person and what was done with it (Art. 15 GDPR)."""
    from anlaufstelle.core.models import AuditEntry

    history = AuditEntry.objects.filter(
        centre_id=contact.centre_id, target_type="partners.contactperson", target_id=str(contact.pk)
    ).order_by("created_at")
    return {
        "controller": contact.organisation.centre.name,
        "purpose": "Cooperation of the integration centre with partner organisations (partner register)",
        "record": {
            "first_name": contact.first_name,
            "last_name": contact.last_name,
            "function": contact.function,
            "email": contact.email,
            "phone": contact.phone,
            "organisation": contact.organisation.name,
            "consent_to_contact": contact.consent_to_contact,
            "consent_given_on": contact.consent_given_on.isoformat() if contact.consent_given_on else None,
            "consent_note": contact.consent_note,
            "created_at": contact.created_at.isoformat(),
            "updated_at": contact.updated_at.isoformat(),
        },
        "processing_history": [
            {"when": entry.created_at.isoformat(), "what": entry.get_kind_display(), "action": entry.action}
            for entry in history
        ],
        # What other modules (networks, consultations …) store about the person.
        "other_records": personal_data_of(contact=contact),
    }
