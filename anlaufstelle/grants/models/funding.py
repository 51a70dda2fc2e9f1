"""Where the money comes from: funding sources with a budget per year, and the calls opened on them
(their application form's questions and review criteria are data, so a call needs no migration)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class FundingSource(models.Model):
    class Kind(models.TextChoices):
        KOMM_AN_I = "komm_an_1", _("KOMM-AN NRW part I")
        KOMM_AN_II = "komm_an_2", _("KOMM-AN NRW part II")
        MUNICIPAL = "municipal", _("Municipal budget")
        FOUNDATION = "foundation", _("Foundation")
        OTHER = "other", _("Other")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The account the treasury pays from (the SEPA debtor).
    payer_name = models.CharField(_("paying account holder"), max_length=70, blank=True)
    payer_iban = models.CharField(_("paying IBAN"), max_length=34, blank=True)
    payer_bic = models.CharField(_("paying BIC"), max_length=11, blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class SourceBudget(models.Model):
    """What a source has to give in one year, in cents; the calls of that year share it."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(FundingSource, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    amount_cents = models.BigIntegerField(_("budget"))

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("budget of a year")
        verbose_name_plural = _("budgets of a year")
        ordering = ["source", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["source", "year"], name="grants_one_budget_per_source_year"),
            models.CheckConstraint(condition=models.Q(amount_cents__gte=0), name="grants_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.year}"


class Call(models.Model):
    """A call for applications (Förderaufruf) on one source and year."""

    class BuildingBlock(models.TextChoices):
        # KOMM-AN NRW part II building blocks (guideline of 10 March 2023, no. 2.2); "other" for own funds.
        MEETING_POINTS = "meeting_points", _("Arrival meeting points")
        TOGETHER = "together", _("Getting together and orientation")
        KNOWLEDGE = "knowledge", _("Passing on knowledge")
        VOLUNTEERS = "volunteers", _("Qualifying volunteers")
        OTHER = "other", _("Other purpose")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="calls")
    year = models.PositiveSmallIntegerField(_("budget year"))
    title = models.CharField(_("title"), max_length=200)
    building_block = models.CharField(_("building block"), max_length=20, choices=BuildingBlock.choices)
    target_group = models.CharField(_("target group"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    opens_on = models.DateField(_("open from"))
    deadline = models.DateTimeField(_("deadline"))
    budget_cents = models.BigIntegerField(_("budget of the call"))
    max_amount_cents = models.BigIntegerField(_("maximum grant"))
    own_share_percent = models.DecimalField(_("own share required (%)"), max_digits=5, decimal_places=2, default=0)
    deviation_percent = models.DecimalField(
        _("allowed deviation between lines (%)"), max_digits=5, decimal_places=2, default=Decimal(20)
    )
    # [{"key": "q1", "label": "…", "required": true}] — the application form's own questions.
    questions = models.JSONField(_("questions"), default=list, blank=True)
    # [{"key": "c1", "label": "…", "weight": 1}] — what reviewers score (0 to 5 each).
    criteria = models.JSONField(_("criteria"), default=list, blank=True)
    published = models.BooleanField(_("published"), default=False)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-deadline", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(budget_cents__gte=0), name="grants_call_budget_not_negative"),
            models.CheckConstraint(condition=models.Q(max_amount_cents__gte=0), name="grants_call_max_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now: object = None) -> bool:
        now = now or timezone.now()
        return self.published and self.opens_on <= timezone.localdate(now) and now <= self.deadline  # type: ignore[arg-type,operator]


class LetterTemplate(models.Model):
    """The centre's editable text of the decision letter; $placeholders are filled in when printing."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision letter")
        CONTRACT = "contract", _("Pass-on contract")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [models.UniqueConstraint(fields=["centre", "kind"], name="grants_one_template_per_kind")]

    def __str__(self) -> str:
        return self.kind
