"""An application: its content and cost plan, the versions kept at each submission, the questions
back to the applicant and the two reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from anlaufstelle.grants.models.funding import Call
from anlaufstelle.grants.states import State


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = State.DRAFT, _("draft")
        SUBMITTED = State.SUBMITTED, _("submitted")
        IN_REVIEW = State.IN_REVIEW, _("in review")
        QUESTIONS = State.QUESTIONS, _("questions to the applicant")
        DECIDED = State.DECIDED, _("decided")
        ACCEPTED = State.ACCEPTED, _("accepted")
        RUNNING = State.RUNNING, _("running")
        PROOF_SUBMITTED = State.PROOF_SUBMITTED, _("proof of use submitted")
        CLOSED = State.CLOSED, _("closed")
        REJECTED = State.REJECTED, _("rejected")
        WITHDRAWN = State.WITHDRAWN, _("withdrawn")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=20, choices=Status.choices, default=State.DRAFT)
    title = models.CharField(_("project title"), max_length=200)
    summary = models.TextField(_("project summary"), blank=True)
    starts_on = models.DateField(_("project start"), null=True, blank=True)
    ends_on = models.DateField(_("project end"), null=True, blank=True)
    target_participants = models.PositiveIntegerField(_("people to reach"), default=0)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    own_share_cents = models.BigIntegerField(_("own share"), default=0)
    third_party_cents = models.BigIntegerField(_("third-party funds"), default=0)
    # The payee of drawdowns (entered by the applicant, checked offline).
    account_holder = models.CharField(_("account holder"), max_length=70, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    version = models.PositiveIntegerField(default=0)  # the number of the last submitted version
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    granted_cents = models.BigIntegerField(_("granted amount"), default=0)
    conditions = models.TextField(_("conditions"), blank=True)
    earmarked_until = models.DateField(_("earmarked until"), null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    report = models.TextField(_("narrative report"), blank=True)
    proof_submitted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    repayment_cents = models.BigIntegerField(_("repayment claim"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["centre", "state"]), models.Index(fields=["call", "state"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(granted_cents__gte=0), name="grants_granted_not_negative"),
            models.CheckConstraint(
                condition=models.Q(own_share_cents__gte=0, third_party_cents__gte=0),
                name="grants_financing_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CostLine(models.Model):
    """One line of the cost plan; the actual amount is filled in with the proof of use."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff")
        FEES = "fees", _("Fees and honoraria")
        MATERIAL = "material", _("Material")
        RENT = "rent", _("Rooms and rent")
        TRAVEL = "travel", _("Travel")
        PUBLICITY = "publicity", _("Publicity")
        OTHER = "other", _("Other costs")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("cost kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200)
    planned_cents = models.BigIntegerField(_("planned"))
    actual_cents = models.BigIntegerField(_("actual"), null=True, blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(planned_cents__gte=0), name="grants_line_not_negative"),
        ]

    def __str__(self) -> str:
        return self.description


class ApplicationVersion(models.Model):
    """The application as it stood at one submission: kept to compare revised versions side by side."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedManager(centre="centre")

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="grants_version_once")]

    def __str__(self) -> str:
        return f"{self.application_id} v{self.number}"


class Question(models.Model):
    """A question back to the applicant, and the answer given with the revised version."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("question"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        ordering = ["asked_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Review(models.Model):
    """One of the two reviews. The unique (application, reviewer) pair keeps the two reviewers apart
    in the database itself, whatever a view or an admin does."""

    class Kind(models.TextChoices):
        CONTENT = "content", _("content review")
        FINANCIAL = "financial", _("financial review")

    class Proposal(models.TextChoices):
        GRANT = "grant", _("grant")
        REJECT = "reject", _("reject")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(default=dict, blank=True)  # criterion key -> 0..5
    comments = models.JSONField(default=dict, blank=True)  # criterion key -> text
    proposal = models.CharField(_("proposal"), max_length=10, choices=Proposal.choices)
    proposed_cents = models.BigIntegerField(_("proposed amount"), default=0)
    comment = models.TextField(_("comment"), blank=True)
    version = models.PositiveIntegerField()  # the application version reviewed
    saved_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="grants_one_review_per_kind"),
            models.UniqueConstraint(fields=["application", "reviewer"], name="grants_four_eyes"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind}"
