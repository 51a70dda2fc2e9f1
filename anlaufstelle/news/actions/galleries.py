"""Writes of galleries and their photos: atomic, keyword-only, typed, audited in the same
transaction; the consent rule (news/consent.py) is checked here, for every role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from anlaufstelle.core.audit import audit_record, diff, snapshot
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.core.public_cache import public_changed
from anlaufstelle.core.translation import SOURCE_LANGUAGE, TranslationRow
from anlaufstelle.news.actions.common import set_public_state
from anlaufstelle.news.actions.items import NewsRefused
from anlaufstelle.news.consent import german_alt, publishing_problem
from anlaufstelle.news.files import delete_after_commit, kept_on_commit
from anlaufstelle.news.images import Renditions
from anlaufstelle.news.models import Gallery, GalleryTranslation, Photo, PhotoTranslation

PHOTO_FIELDS = (
    "identifiable_people",
    "children_shown",
    "basis",
    "guardian_consent",
    "consent_reference",
    "consent_withdrawn_at",
)


def save_texts(
    *, existing: list[TranslationRow], texts: dict[str, dict[str, str]], new_row: Callable[[str], TranslationRow]
) -> list[str]:
    """Write the changed languages of a translated object; stamp translations with the German digest."""
    rows = {row.language: row for row in existing}
    fields = type(new_row(SOURCE_LANGUAGE)).translated_fields
    changed = []
    for language, values in texts.items():
        row = rows.get(language) or new_row(language)
        if any(getattr(row, name) != values.get(name, "") for name in fields):
            for name in fields:
                setattr(row, name, values.get(name, ""))
            changed.append(language)
            rows[language] = row
    source = rows.get(SOURCE_LANGUAGE)
    for language in changed:
        row = rows[language]
        if language != SOURCE_LANGUAGE and source is not None:
            row.source_digest = source.digest()
            row.machine_translated = False
        if row.pk or not row.is_empty():
            row.save()
    return changed


@transaction.atomic
def gallery_save(
    *,
    centre: Centre,
    actor: User | None,
    data: dict[str, Any],
    texts: dict[str, dict[str, str]],
    gallery: Gallery | None = None,
) -> Gallery:
    """Create or change a gallery with its title and description per language."""
    created = gallery is None
    gallery = gallery or Gallery(centre=centre)
    before = {} if created else snapshot(gallery, ("event_id",))
    for name, value in data.items():
        setattr(gallery, name, value)
    gallery.save()
    changed = save_texts(
        existing=[] if created else list(gallery.translations.all()),
        texts=texts,
        new_row=lambda language: GalleryTranslation(gallery=gallery, language=language),
    )
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="news.gallery.save",
        target=gallery,
        changes={**diff(before, snapshot(gallery, ("event_id",))), "texts_changed": [None, sorted(changed)]},
    )
    public_changed(centre_id=centre.pk)
    return gallery


@transaction.atomic
def photos_add(
    *,
    gallery: Gallery,
    actor: User | None,
    pictures: list[Renditions],
) -> list[Photo]:
    """Append already re-encoded pictures (news.images.render_picture) to the gallery's end.

    New photos have no basis and no alt text: they stay off the public page until both are given.
    Every stored file is deleted again if this fails (news/files.py)."""
    with kept_on_commit() as stored:
        gallery = Gallery.objects.select_for_update().get(pk=gallery.pk)
        last = gallery.photos.aggregate(last=Max("position"))["last"] or 0
        photos = []
        for offset, picture in enumerate(pictures, start=1):
            photo = Photo(
                centre=gallery.centre,
                gallery=gallery,
                position=last + offset,
                width=picture.width,
                height=picture.height,
            )
            stored.field(photo.picture, picture.main.name or "photo.jpg", picture.main)
            variants: dict[str, dict[str, str]] = {}
            for (fmt, width), content in picture.variants.items():
                variants.setdefault(fmt, {})[str(width)] = stored.save(f"uploads/news/{content.name}", content)
            photo.variants = variants
            photo.save()
            photos.append(photo)
        audit_record(
            actor=actor,
            centre=gallery.centre,
            kind=AuditEntry.Kind.CREATE,
            action="news.gallery.photos_add",
            target=gallery,
            changes={"photos": [None, [photo.pk for photo in photos]]},
        )
    return photos


@transaction.atomic
def photo_save(
    *,
    photo: Photo,
    actor: User | None,
    data: dict[str, Any],
    texts: dict[str, dict[str, str]],
    consent_form: File[bytes] | None = None,
    remove_consent_form: bool = False,
) -> Photo:
    """Change a photo's consent record, its scanned consent form, and its alt text and caption per
    language.

    In a published gallery a change that would leave the photo without a basis or without its
    German description is refused (the rule holds for every role). A replaced or removed form
    is deleted after the commit; a new one is deleted again if the change is refused."""
    with kept_on_commit() as stored:
        photo = Photo.objects.select_for_update().select_related("gallery").get(pk=photo.pk)
        before = snapshot(photo, PHOTO_FIELDS)
        old_form = photo.consent_form.name or ""
        for name, value in data.items():
            setattr(photo, name, value)
        if consent_form is not None:
            stored.field(photo.consent_form, consent_form.name or "consent.pdf", consent_form)
        elif remove_consent_form:
            photo.consent_form = None  # type: ignore[assignment]
        photo.save()
        changed = save_texts(
            existing=list(photo.translations.all()),
            texts=texts,
            new_row=lambda language: PhotoTranslation(photo=photo, language=language),
        )
        if photo.gallery.status == Gallery.Status.PUBLISHED:
            problem = publishing_problem(photo, german_alt=german_alt(photo))
            if problem is not None:
                raise NewsRefused(problem)
        new_form = photo.consent_form.name or ""
        if old_form and old_form != new_form:
            transaction.on_commit(delete_after_commit([old_form]))
        audit_record(
            actor=actor,
            centre=photo.centre,
            kind=AuditEntry.Kind.UPDATE,
            action="news.photo.save",
            target=photo,
            changes={
                **diff(before, snapshot(photo, PHOTO_FIELDS)),
                "texts_changed": [None, sorted(changed)],
                **({"consent_form": [bool(old_form), bool(new_form)]} if old_form != new_form else {}),
            },
        )
    public_changed(centre_id=photo.centre_id)
    return photo


@transaction.atomic
def photo_withdraw_consent(*, photo: Photo, actor: User) -> Photo:
    """Record that consent was withdrawn: the photo leaves the public page at once and is listed
    among the photos that must come down until an editor deletes it."""
    photo = Photo.objects.select_for_update().get(pk=photo.pk)
    if photo.consent_withdrawn_at is None:
        photo.consent_withdrawn_at = timezone.now()
        photo.save(update_fields=["consent_withdrawn_at"])
        audit_record(
            actor=actor,
            centre=photo.centre,
            kind=AuditEntry.Kind.UPDATE,
            action="news.photo.consent_withdrawn",
            target=photo,
            changes={"consent_withdrawn_at": [None, photo.consent_withdrawn_at.isoformat()]},
        )
        public_changed(centre_id=photo.centre_id)
    return photo


@transaction.atomic
def photo_delete(*, photo: Photo, actor: User) -> None:
    """Delete a photo and, after the commit, its file."""
    photo = Photo.objects.select_for_update().get(pk=photo.pk)
    names = photo.stored_files()  # the picture, its copies and the scanned consent form
    audit_record(
        actor=actor,
        centre=photo.centre,
        kind=AuditEntry.Kind.DELETE,
        action="news.photo.delete",
        target=photo,
        changes={"gallery": [photo.gallery_id, None]},
    )
    photo.delete()
    transaction.on_commit(delete_after_commit(names))
    public_changed(centre_id=photo.centre_id)


@transaction.atomic
def photo_move(*, photo: Photo, actor: User, step: int) -> Photo:
    """Swap the photo with its neighbour before (step -1) or after (step +1)."""
    if step not in (-1, 1):
        raise ValueError(f"step must be -1 or 1, not {step!r}")
    Gallery.objects.select_for_update().get(pk=photo.gallery_id)
    ordered = list(Photo.objects.filter(gallery_id=photo.gallery_id).order_by("position", "pk"))
    index = next(i for i, other in enumerate(ordered) if other.pk == photo.pk)
    target = index + step
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
        for position, other in enumerate(ordered, start=1):
            if other.position != position:
                Photo.objects.filter(pk=other.pk).update(position=position)
        audit_record(
            actor=actor,
            centre=photo.centre,
            kind=AuditEntry.Kind.UPDATE,
            action="news.photo.move",
            target=photo,
            changes={"position": [index + 1, target + 1]},
        )
        public_changed(centre_id=photo.centre_id)
    return Photo.objects.get(pk=photo.pk)


@transaction.atomic
def gallery_publish(*, gallery: Gallery, actor: User | None) -> Gallery:
    """Publish a gallery; refused while any photo lacks a basis or its German alt text."""
    gallery = Gallery.objects.select_for_update().get(pk=gallery.pk)
    source = gallery.translations.filter(language=SOURCE_LANGUAGE).first()
    if source is None or not source.title.strip():
        raise NewsRefused(_("Write the German title before publishing."))
    photos = list(gallery.photos.prefetch_related("translations"))
    if not photos:
        raise NewsRefused(_("Add at least one photo before publishing."))
    blocked = [photo for photo in photos if publishing_problem(photo, german_alt=german_alt(photo))]
    if blocked:
        raise NewsRefused(
            ngettext(
                "%(count)d photo is not ready: it needs a basis for publishing and a German alt text.",
                "%(count)d photos are not ready: each needs a basis for publishing and a German alt text.",
                len(blocked),
            )
            % {"count": len(blocked)}
        )
    return set_public_state(
        gallery,
        actor=actor,
        action="news.gallery.publish",
        values={"status": Gallery.Status.PUBLISHED, "published_at": gallery.published_at or timezone.now()},
    )


@transaction.atomic
def gallery_unpublish(*, gallery: Gallery, actor: User) -> Gallery:
    """Take a gallery off the public pages (back to draft)."""
    gallery = Gallery.objects.select_for_update().get(pk=gallery.pk)
    return set_public_state(
        gallery, actor=actor, action="news.gallery.unpublish", values={"status": Gallery.Status.DRAFT}
    )
