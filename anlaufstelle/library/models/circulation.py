"""Circulation: borrowers (people the platform already knows), rules per borrower kind and media type,
loans, holds and the centre's reminder steps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.library.models.catalogue import Copy, MediaType, Title


class Borrower(models.Model):
    """A person who may borrow: a partner's contact person, a volunteer or a staff account — exactly one.
    No personal data is kept here; name and e-mail are read from the record referenced."""

    class Kind(models.TextChoices):
        CONTACT = "contact", _("Contact person of a partner organisation")
        VOLUNTEER = "volunteer", _("Volunteer")
        STAFF = "staff", _("Staff")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("borrower kind"), max_length=10, choices=Kind.choices)
    contact = models.ForeignKey(
        "partners.ContactPerson", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey("core.User", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    registered_on = models.DateField(_("registered on"), auto_now_add=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("borrower")
        verbose_name_plural = _("borrowers")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="contact", contact__isnull=False, volunteer__isnull=True, user__isnull=True)
                    | models.Q(kind="volunteer", contact__isnull=True, volunteer__isnull=False, user__isnull=True)
                    | models.Q(kind="staff", contact__isnull=True, volunteer__isnull=True, user__isnull=False)
                ),
                name="library_borrower_exactly_one_person",
            ),
            models.UniqueConstraint(fields=["centre", "contact"], name="library_borrower_contact_once"),
            models.UniqueConstraint(fields=["centre", "volunteer"], name="library_borrower_volunteer_once"),
            models.UniqueConstraint(fields=["centre", "user"], name="library_borrower_user_once"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def person(self) -> object:
        return self.contact or self.volunteer or self.user

    @property
    def name(self) -> str:
        if self.contact is not None:
            return f"{self.contact} ({self.contact.organisation})"
        if self.volunteer is not None:
            return f"{self.volunteer.first_name} {self.volunteer.last_name}"
        if self.user is not None:
            full = self.user.get_full_name() if hasattr(self.user, "get_full_name") else ""
            return full or str(self.user)
        return "?"

    @property
    def email(self) -> str:
        person = self.person
        return str(getattr(person, "email", "") or "")

    @property
    def audit_label(self) -> str:
        return f"Borrower #{self.pk} ({self.kind})"


class LoanRule(models.Model):
    """Loan period, renewals, holds and maximum loans for one borrower kind and one media type."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    borrower_kind = models.CharField(_("borrower kind"), max_length=10, choices=Borrower.Kind.choices)
    media_type = models.CharField(_("media type"), max_length=20, choices=MediaType.choices)
    loan_days = models.PositiveSmallIntegerField(_("loan period (days)"), default=28)
    renewals = models.PositiveSmallIntegerField(_("renewals allowed"), default=2)
    holds_allowed = models.BooleanField(_("holds allowed"), default=True)
    max_loans = models.PositiveSmallIntegerField(
        _("maximum loans"), default=10, help_text=_("Loans of this media type a borrower may have at once.")
    )

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("circulation rule")
        verbose_name_plural = _("circulation rules")
        ordering = ["borrower_kind", "media_type", "id"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "borrower_kind", "media_type"], name="library_rule_once"),
            models.CheckConstraint(condition=models.Q(loan_days__gte=1), name="library_rule_loan_days"),
        ]

    def __str__(self) -> str:
        return f"{self.get_borrower_kind_display()} × {self.get_media_type_display()}"


class Loan(models.Model):
    """A copy lent to a borrower; open until `returned_at` is set. At most one open loan per copy."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    copy = models.ForeignKey(Copy, on_delete=models.PROTECT, related_name="loans")
    # An erased borrower leaves the loan behind without a person (figures keep the borrower kind).
    borrower = models.ForeignKey(Borrower, on_delete=models.SET_NULL, null=True, blank=True, related_name="loans")
    borrower_kind = models.CharField(_("borrower kind"), max_length=10, choices=Borrower.Kind.choices)
    lent_at = models.DateTimeField(_("lent at"))
    due_on = models.DateField(_("due on"))
    renewals = models.PositiveSmallIntegerField(_("renewals"), default=0)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-lent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["copy"], condition=models.Q(returned_at__isnull=True), name="library_one_open_loan_per_copy"
            )
        ]

    def __str__(self) -> str:
        return f"{self.copy} → {self.borrower_id}"


class Hold(models.Model):
    """A borrower waits for a title; served in the order placed. READY holds keep one copy for the borrower."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        READY = "ready", _("ready for pick-up")
        SERVED = "served", _("picked up")
        CANCELLED = "cancelled", _("cancelled")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="holds")
    borrower = models.ForeignKey(Borrower, on_delete=models.CASCADE, related_name="holds")
    placed_at = models.DateTimeField(_("placed at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    copy = models.ForeignKey(Copy, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        ordering = ["placed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "borrower"],
                condition=models.Q(status__in=["waiting", "ready"]),
                name="library_one_open_hold_per_borrower",
            ),
            models.UniqueConstraint(
                fields=["copy"], condition=models.Q(status="ready"), name="library_one_ready_hold_per_copy"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ← {self.borrower_id}"


class LibrarySettings(models.Model):
    """The centre's three reminder steps: days before the due date, and two steps after it."""

    centre = models.OneToOneField("core.Centre", on_delete=models.CASCADE, related_name="+")
    remind_before_days = models.PositiveSmallIntegerField(_("first reminder: days before the due date"), default=3)
    overdue_first_days = models.PositiveSmallIntegerField(_("second reminder: days after the due date"), default=3)
    overdue_second_days = models.PositiveSmallIntegerField(_("third reminder: days after the due date"), default=14)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("library settings")
        verbose_name_plural = _("library settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overdue_first_days__lt=models.F("overdue_second_days")),
                name="library_reminder_order",
            )
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
