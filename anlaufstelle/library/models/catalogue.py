"""The catalogue: topics, titles (with a summary per language), copies and kits with their components."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_scopes import ScopedManager

from anlaufstelle.core.languages import decode_codes
from anlaufstelle.core.translation import TranslationRow
from anlaufstelle.library.isbn import hyphenated


class MediaType(models.TextChoices):
    BOOK = "book", pgettext_lazy("media type", "Book")
    PICTURE_BOOK = "picture_book", _("Picture book")
    TEACHING = "teaching", _("Teaching material")
    GAME = "game", pgettext_lazy("media type", "Game")
    AUDIOVISUAL = "audiovisual", _("Audio or video")
    KIT = "kit", _("Kit (book box, media case)")


class Topic(models.Model):
    """A topic titles are filed under (DaZ, Mehrsprachigkeit, Rassismuskritik …)."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["centre", "name"], name="library_topic_unique_name")]

    def __str__(self) -> str:
        return self.name


class Title(models.Model):
    """A catalogued work: a book, a game, teaching material or a kit."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    isbn = models.CharField(_("ISBN"), max_length=13, blank=True, help_text=_("ISBN-10 or ISBN-13; stored as ISBN-13."))
    title = models.CharField(_("title"), max_length=300)
    authors = models.CharField(_("authors"), max_length=300, blank=True, help_text=_("Separated by semicolons."))
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    media_type = models.CharField(_("media type"), max_length=20, choices=MediaType.choices, default=MediaType.BOOK)
    age_from = models.PositiveSmallIntegerField(_("age from"), null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(_("age to"), null=True, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="titles", verbose_name=_("topics"))
    public = models.BooleanField(_("shown in the public catalogue"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("title")
        verbose_name_plural = _("titles")
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["centre", "isbn"], name="library_title_isbn")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_from__isnull=True)
                | models.Q(age_to__isnull=True)
                | models.Q(age_from__lte=models.F("age_to")),
                name="library_title_age_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def isbn_display(self) -> str:
        return hyphenated(self.isbn)

    @property
    def language_codes(self) -> list[str]:
        return decode_codes(self.languages)

    @property
    def author_list(self) -> list[str]:
        return [name.strip() for name in self.authors.split(";") if name.strip()]


class TitleText(TranslationRow):
    """A title's summary in one language (German is the source)."""

    translated_fields = ("summary",)

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="texts")
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("summary")
        verbose_name_plural = _("summaries")
        constraints = [models.UniqueConstraint(fields=["title", "language"], name="library_title_text_once")]


class Copy(models.Model):
    """A copy on the shelf; its barcode is unique in the centre. A kit's copy has components."""

    class Condition(models.TextChoices):
        NEW = "new", pgettext_lazy("condition", "new")
        GOOD = "good", pgettext_lazy("condition", "good")
        WORN = "worn", pgettext_lazy("condition", "worn")
        DAMAGED = "damaged", pgettext_lazy("condition", "damaged")
        WITHDRAWN = "withdrawn", _("withdrawn (not lent any more)")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="copies")
    barcode = models.CharField(_("barcode"), max_length=40)
    shelf_mark = models.CharField(_("shelf mark"), max_length=60, blank=True)
    condition = models.CharField(_("condition"), max_length=10, choices=Condition.choices, default=Condition.GOOD)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("copy")
        verbose_name_plural = _("copies")
        ordering = ["barcode", "id"]
        constraints = [models.UniqueConstraint(fields=["centre", "barcode"], name="library_copy_unique_barcode")]

    def __str__(self) -> str:
        return self.barcode


class KitComponent(models.Model):
    """One line of a kit's checklist: a part ("10 picture cards") or a copy packed in the kit."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    kit = models.ForeignKey(Copy, on_delete=models.CASCADE, related_name="components", verbose_name=_("kit"))
    label = models.CharField(_("component"), max_length=200)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    packed_copy = models.OneToOneField(
        Copy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="in_kit",
        verbose_name=_("copy packed in the kit"),
    )
    lost_on = models.DateField(_("lost on"), null=True, blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("kit component")
        verbose_name_plural = _("kit components")
        ordering = ["kit_id", "id"]

    def __str__(self) -> str:
        return self.label
