"""Every write of the directory: atomic, keyword-only, audited in the same transaction."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scope

from anlaufstelle.core.audit import audit_record, diff, snapshot
from anlaufstelle.core.errors import Refused
from anlaufstelle.core.jobs import job_start
from anlaufstelle.core.models import AuditEntry, BackgroundJob, Centre, User
from anlaufstelle.core.public_cache import public_changed
from anlaufstelle.core.translation import SOURCE_LANGUAGE
from anlaufstelle.directory import textsearch
from anlaufstelle.directory.models import Offer, OfferTranslation


class OfferRefused(Refused):
    """A change to an offer that its rules do not allow (e.g. translating an offer without German text)."""


OFFER_FIELDS = (
    "organisation_id",
    "address_id",
    "status",
    "areas",
    "age_groups",
    "languages",
    "is_free",
    "online",
    "by_appointment",
    "temporarily_closed",
    "contact_email",
    "contact_phone",
    "website",
    "last_reviewed_on",
)


def directory_changed(*, centre: Centre) -> None:
    """Forget the cached stamp and the cached public pages, so the change shows at once."""
    cache.delete(f"directory:stamp:{centre.pk}")
    public_changed(centre_id=centre.pk)


def offer_reindex(*, offer: Offer) -> None:
    """Rebuild the offer's search index from its texts, provider and place."""
    texts: dict[str, list[str]] = {}
    titles: dict[str, list[str]] = {}
    for row in offer.translations.all():
        texts.setdefault(row.language, []).extend(
            [row.title, row.summary, row.description, row.target_group, row.costs]
        )
        titles.setdefault(row.language, []).append(row.title)
    extra = [offer.organisation.name]
    if offer.address is not None:
        extra += [offer.address.city, offer.address.district, offer.address.postcode]
    texts.setdefault(SOURCE_LANGUAGE, []).extend(extra)
    offer.search_index = textsearch.index_string(texts)
    offer.title_index = textsearch.index_string(titles)
    Offer.objects.filter(pk=offer.pk).update(search_index=offer.search_index, title_index=offer.title_index)
    transaction.on_commit(lambda: directory_changed(centre=offer.centre))


@transaction.atomic
def offer_save(
    *,
    centre: Centre,
    actor: User | None,
    data: dict[str, Any],
    texts: dict[str, dict[str, str]],
    offer: Offer | None = None,
) -> Offer:
    """Create or change an offer with its texts per language (German is the source)."""
    created = offer is None
    offer = offer or Offer(centre=centre)
    before = {} if created else snapshot(offer, OFFER_FIELDS)
    for name, value in data.items():
        setattr(offer, name, value)
    offer.save()
    rows = {row.language: row for row in offer.translations.all()} if not created else {}
    changed = []
    for language, values in texts.items():
        row = rows.get(language) or OfferTranslation(offer=offer, language=language)
        if any(getattr(row, name) != values.get(name, "") for name in OfferTranslation.translated_fields):
            for name in OfferTranslation.translated_fields:
                setattr(row, name, values.get(name, ""))
            changed.append(language)
            rows[language] = row
    source = rows.get(SOURCE_LANGUAGE)
    for language in changed:
        row = rows[language]
        if language != SOURCE_LANGUAGE and source is not None:
            row.source_digest = source.digest()
            row.machine_translated = False  # a person wrote or reviewed it now
        if row.pk or not row.is_empty():
            row.save()
    offer_reindex(offer=offer)
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="directory.offer.save",
        target=offer,
        changes={**diff(before, snapshot(offer, OFFER_FIELDS)), "texts_changed": [None, sorted(changed)]},
    )
    return offer


@transaction.atomic
def offer_set_status(*, offer: Offer, status: str, actor: User) -> Offer:
    """Publish, unpublish (draft) or archive an offer; publishing counts as a review."""
    if status not in Offer.Status.values:
        raise ValueError(f"Unknown status {status!r}.")
    before = snapshot(offer, ("status", "last_reviewed_on"))
    offer.status = status
    if status == Offer.Status.PUBLISHED:
        offer.last_reviewed_on = timezone.localdate()
    offer.save(update_fields=["status", "last_reviewed_on", "updated_at"])
    transaction.on_commit(lambda: directory_changed(centre=offer.centre))
    audit_record(
        actor=actor,
        centre=offer.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="directory.offer.status",
        target=offer,
        changes=diff(before, snapshot(offer, ("status", "last_reviewed_on"))),
    )
    return offer


@transaction.atomic
def offer_machine_translate(*, offer: Offer, language: str, actor: User, translator: Any) -> OfferTranslation:
    """Fill `language` from the German texts with the machine translator; marked as unreviewed."""
    source = offer.translations.filter(language=SOURCE_LANGUAGE).first()
    if source is None or source.is_empty():
        raise OfferRefused(_("Write the German text first."))
    names = [name for name in OfferTranslation.translated_fields if getattr(source, name).strip()]
    translated = translator.translate(
        [getattr(source, name) for name in names], source=SOURCE_LANGUAGE, target=language
    )
    row = offer.translations.filter(language=language).first() or OfferTranslation(offer=offer, language=language)
    for name in OfferTranslation.translated_fields:
        setattr(row, name, "")
    for name, text in zip(names, translated, strict=True):
        setattr(row, name, text)
    row.source_digest = source.digest()
    row.machine_translated = True
    row.save()
    offer_reindex(offer=offer)
    audit_record(
        actor=actor,
        centre=offer.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="directory.offer.machine_translate",
        target=offer,
        changes={"language": [None, language], "service": [None, translator.name]},
    )
    return row


def reindex_provider(centre_id: int, organisation_id: int) -> None:
    """A provider was renamed, merged or its addresses changed: rebuild its offers' index."""
    centre = Centre.objects.get(pk=centre_id)
    with scope(centre=centre):
        offers = Offer.objects.filter(centre=centre, organisation_id=organisation_id)
        for offer in offers.select_related("organisation", "address").prefetch_related("translations"):
            offer_reindex(offer=offer)  # also forgets the cached public pages


@transaction.atomic
def import_start(*, read: BackgroundJob, mapping: dict[str, str], actor: User) -> BackgroundJob:
    """Start the import of an upload that `read` has read, with the columns the person chose.

    A second submit (double click, second tab) starts nothing and returns the import already
    running; an upload removed by retention meanwhile raises BackgroundJob.DoesNotExist. The
    import job writes the audit entry for what it changes when it runs.
    """
    locked = BackgroundJob.objects.select_for_update().get(pk=read.pk, centre=read.centre)
    if locked.params.get("import_job"):
        return BackgroundJob.objects.get(pk=locked.params["import_job"], centre=read.centre)
    if not locked.input_file:  # removed by retention meanwhile
        raise BackgroundJob.DoesNotExist("The upload has been removed.")
    job = job_start(
        centre=read.centre,
        actor=actor,
        kind="directory.import",
        title=read.title,
        input_from=locked,
        params={"mapping": mapping},
    )
    locked.params = {**locked.params, "import_job": str(job.pk)}
    locked.save(update_fields=["params"])
    return job
