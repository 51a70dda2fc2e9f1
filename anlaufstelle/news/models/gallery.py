"""A photo gallery (Bildergalerie) of a centre: texts per language, photos with alt text per
language and the basis on which the people shown may be published."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.core.translation import TranslationRow
from anlaufstelle.core.uploads import generated_upload_path


class Gallery(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    event = models.ForeignKey(
        "events.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("event")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("gallery")
        verbose_name_plural = _("galleries")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["centre", "status"])]

    def __str__(self) -> str:
        return f"Gallery #{self.pk}"


class GalleryTranslation(TranslationRow):
    gallery = models.ForeignKey(Gallery, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    translated_fields = ("title", "description")

    objects = ScopedManager(centre="gallery__centre")

    class Meta:
        verbose_name = _("gallery text")
        verbose_name_plural = _("gallery texts")
        constraints = [models.UniqueConstraint(fields=["gallery", "language"], name="gallery_unique_language")]


def consent_form_path(instance: object, filename: str) -> str:
    """Scanned consent forms live apart from the pictures, under a random name (never served
    from MEDIA_URL; only the editor's view `news:photo_consent_form` reads them)."""
    import uuid
    from pathlib import PurePath

    return f"private/news/consent/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:6]}"


class Photo(models.Model):
    class Basis(models.TextChoices):
        NONE = "none", _("no basis recorded yet")
        CONSENT = "consent", _("written consent of the people shown, on file")
        PUBLIC_GATHERING = "public_gathering", _("public gathering: a crowd, nobody singled out")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    gallery = models.ForeignKey(Gallery, on_delete=models.CASCADE, related_name="photos")
    picture = models.ImageField(_("photo"), upload_to=generated_upload_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    # The responsive copies (news/images.py): {"webp": {"320": name, ...}, "jpeg": {...}}.
    variants = models.JSONField(default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)
    # Until an editor says otherwise, a photo is assumed to show people who can be recognised.
    identifiable_people = models.BooleanField(_("people can be recognised"), default=True)
    children_shown = models.BooleanField(_("children are shown"), default=False)
    basis = models.CharField(_("basis for publishing"), max_length=20, choices=Basis.choices, default=Basis.NONE)
    guardian_consent = models.BooleanField(_("guardians consented for the children"), default=False)
    consent_reference = models.CharField(_("where the signed consent is kept"), max_length=200, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn on"), null=True, blank=True)
    # The signed form, scanned (PDF or image): private, deleted with the photo (see retention.py).
    consent_form = models.FileField(_("signed consent form (scan)"), upload_to=consent_form_path, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"Photo #{self.pk}"

    def stored_files(self) -> list[str]:
        """Every file name this photo keeps: the picture, its copies and the consent form."""
        names = [self.picture.name or "", self.consent_form.name or ""]
        names += [name for sizes in (self.variants or {}).values() for name in sizes.values()]
        return [name for name in names if name]


class PhotoTranslation(TranslationRow):
    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="translations")
    alt_text = models.CharField(_("description of the photo (alt text)"), max_length=300, blank=True)
    caption = models.CharField(_("caption"), max_length=300, blank=True)

    translated_fields = ("alt_text", "caption")

    objects = ScopedManager(centre="photo__centre")

    class Meta:
        verbose_name = _("photo text")
        verbose_name_plural = _("photo texts")
        constraints = [models.UniqueConstraint(fields=["photo", "language"], name="photo_unique_language")]
