"""The tenant (Kommunales Integrationszentrum) and its public page content."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.core.translation import TranslationRow
from anlaufstelle.core.uploads import generated_upload_path, validate_image_upload

slug_validator = RegexValidator(r"^[a-z][a-z0-9-]{1,48}$", _("Lower-case letters, digits and hyphens."))
# Path segments the installation itself uses; a centre cannot take them.
RESERVED_SLUGS = frozenset({"konto", "static", "media", "healthz", "api", "i18n", "en", "ar", "uk", "tr", "de"})


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("This address part is reserved."))


class Centre(models.Model):
    """A Kommunales Integrationszentrum: the tenant every other record belongs to."""

    class Kind(models.TextChoices):
        CITY = "city", _("Kreisfreie Stadt")
        DISTRICT = "district", _("Kreis")

    slug = models.SlugField(
        _("address part"), max_length=50, unique=True, validators=[slug_validator, validate_slug_not_reserved]
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of territory"), max_length=20, choices=Kind.choices)
    municipality = models.CharField(_("municipality"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    # The districts the centre's figures group by: forms offer them instead of free text.
    districts = models.TextField(
        _("districts"),
        blank=True,
        help_text=_("One district per line. Forms offer these (and “other or unknown”) wherever a district is asked."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("integration centre")
        verbose_name_plural = _("integration centres")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def district_list(self) -> list[str]:
        """The centre's districts in the order the admin gave them, each once."""
        return list(dict.fromkeys(line.strip() for line in self.districts.splitlines() if line.strip()))


class NoticeState(models.TextChoices):
    """Where the notice banner stands on a given day."""

    NONE = "none", _("no notice")
    SCHEDULED = "scheduled", _("scheduled")
    CURRENT = "current", _("shown now")
    EXPIRED = "expired", _("expired")


def notice_state(
    *, text: str, starts_on: datetime.date | None, ends_on: datetime.date | None, today: datetime.date
) -> NoticeState:
    """The state of a notice with this text and these (inclusive, optional) first and last days."""
    if not text.strip():
        return NoticeState.NONE
    if starts_on is not None and today < starts_on:
        return NoticeState.SCHEDULED
    if ends_on is not None and today > ends_on:
        return NoticeState.EXPIRED
    return NoticeState.CURRENT


class CentreContent(TranslationRow):
    """The editable texts of a centre's public pages in one language (German is the source)."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="contents")
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    about = models.TextField(_("who we are"), blank=True)
    fields_of_work = models.TextField(_("fields of work"), blank=True)
    office_hours = models.TextField(_("office hours"), blank=True)
    notice = models.CharField(_("notice banner"), max_length=300, blank=True)
    # The banner's first and last day (Berlin dates, both inclusive, both optional). Only the
    # German row's dates count: every language shows the same banner at the same time.
    notice_starts_on = models.DateField(_("show the notice from"), null=True, blank=True)
    notice_ends_on = models.DateField(_("show the notice until"), null=True, blank=True)
    privacy_notice = models.TextField(_("data-protection notice"), blank=True)
    accessibility_statement = models.TextField(_("accessibility statement"), blank=True)
    easy_language = models.TextField(_("easy language"), blank=True)
    legal_notice = models.TextField(_("legal notice"), blank=True)

    translated_fields = (
        "tagline",
        "about",
        "fields_of_work",
        "office_hours",
        "notice",
        "privacy_notice",
        "accessibility_statement",
        "easy_language",
        "legal_notice",
    )
    schedule_fields = ("notice_starts_on", "notice_ends_on")

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("public page content")
        verbose_name_plural = _("public page contents")
        constraints = [models.UniqueConstraint(fields=["centre", "language"], name="centrecontent_unique_language")]

    def __str__(self) -> str:
        return f"{self.centre_id}/{self.language}"


class TeamMember(models.Model):
    """A person of the centre's team as shown on the public page."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_public = models.BooleanField(_("shown on the public page"), default=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class TeamMemberTranslation(TranslationRow):
    """A team member's job title and tasks in one language."""

    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="translations")
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    tasks = models.TextField(_("tasks"), blank=True)

    translated_fields = ("job_title", "tasks")

    objects = ScopedManager(centre="member__centre")

    class Meta:
        verbose_name = _("team member text")
        verbose_name_plural = _("team member texts")
        constraints = [models.UniqueConstraint(fields=["member", "language"], name="teammember_unique_language")]


class Funder(models.Model):
    """A funder whose logo the centre must show (e.g. the state of NRW)."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="funders")
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("web address"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to=generated_upload_path,
        blank=True,
        validators=[validate_image_upload],
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name
