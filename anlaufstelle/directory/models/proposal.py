"""A partner organisation's proposal: a new offer or a change to one of its offers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class OfferProposal(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        PUBLISHED = "published", _("published")
        RETURNED = "returned", _("returned with a comment")

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.CASCADE, related_name="+")
    # Empty for a proposed new offer.
    offer = models.ForeignKey(
        "directory.Offer", on_delete=models.CASCADE, null=True, blank=True, related_name="proposals"
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # {"data": {field: value, ...}, "texts": {language: {field: text}}} as the partner entered it.
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Once an editor corrects the proposal: the payload as the partner sent it, and who changed
    # which fields when ([{"by": user id, "name": ..., "at": ISO time, "fields": [labels]}]).
    partner_payload = models.JSONField(null=True, blank=True, editable=False)
    edits = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("offer proposal")
        verbose_name_plural = _("offer proposals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Proposal #{self.pk}"


class ProposalComment(models.Model):
    """One message in the conversation about a proposal, seen by the partner and the editors."""

    centre = models.ForeignKey("core.Centre", on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(OfferProposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Whether the author wrote as the partner (else as the centre's editorial team).
    from_partner = models.BooleanField(default=False)
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(centre="centre")

    class Meta:
        verbose_name = _("comment on a proposal")
        verbose_name_plural = _("comments on proposals")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment #{self.pk} on proposal #{self.proposal_id}"
