"""Papers (Vorlagen, Anträge, Anfragen, Mitteilungen) with their reference number per year,
their files and their consultations in meetings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.core.uploads import generated_upload_path
from anlaufstelle.council.models.base import Published
from anlaufstelle.council.models.body import Committee, Person
from anlaufstelle.council.models.meeting import AgendaItem, Meeting
from anlaufstelle.council.querysets import CentreQuerySet, FileQuerySet, PaperQuerySet


class Paper(Published):
    class Type(models.TextChoices):
        PROPOSAL = "proposal", _("Proposal (Vorlage)")
        MOTION = "motion", _("Motion (Antrag)")
        INQUIRY = "inquiry", _("Inquiry (Anfrage)")
        NOTICE = "notice", _("Notice (Mitteilung)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        DECIDED = "decided", _("decided")
        WITHDRAWN = "withdrawn", _("withdrawn")

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    name = models.CharField(_("title"), max_length=300)
    paper_type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    date = models.DateField(_("date"))
    text = models.TextField(_("text"), blank=True)
    originator_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="papers", verbose_name=_("author")
    )
    originator_committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="papers",
        verbose_name=_("submitted by (list or body)"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    public = models.BooleanField(_("public"), default=True)
    # Set by the actions once the paper was visible (marked public and on no non-public item).
    ever_public = models.BooleanField(default=False, editable=False)

    objects = ScopedManager(centre="centre", _manager_class=models.Manager.from_queryset(PaperQuerySet))

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        ordering = ["-year", "-number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "year", "number"], name="council_paper_unique_reference")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    @property
    def reference(self) -> str:
        return f"IR/{self.year}/{self.number:03d}"


class Consultation(Published):
    """A paper on a meeting's agenda (Beratung), for information or for decision."""

    class Role(models.TextChoices):
        INFORMATION = "information", _("for information")
        DECISION = "decision", _("for decision")

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("paper"))
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="consultations")
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="consultation", verbose_name=_("agenda item")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.DECISION)

    objects = ScopedManager(centre="centre", _manager_class=models.Manager.from_queryset(CentreQuerySet))

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["id"]

    @property
    def authoritative(self) -> bool:
        return self.role == self.Role.DECISION


class File(Published):
    """A PDF of a paper: its main file or an attachment. Stored under a generated name."""

    class Role(models.TextChoices):
        MAIN = "main", _("main file")
        AUXILIARY = "auxiliary", _("attachment")

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="files", verbose_name=_("paper"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AUXILIARY)
    name = models.CharField(_("name"), max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    mime_type = models.CharField(max_length=100, default="application/pdf")
    size = models.PositiveIntegerField(default=0)
    sha512 = models.CharField(max_length=128)
    data = models.FileField(upload_to=generated_upload_path, max_length=200)

    objects = ScopedManager(centre="centre", _manager_class=models.Manager.from_queryset(FileQuerySet))

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["paper_id", "role", "id"]

    def __str__(self) -> str:
        return self.name
