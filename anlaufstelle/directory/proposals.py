"""Partner proposals: submit, compare with the published offer, talk about them (comments),
correct them (the editor, recorded field by field), publish or return (with mail)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.errors import Refused
from anlaufstelle.core.models import AuditEntry, Centre, Membership, User
from anlaufstelle.core.roles import Role
from anlaufstelle.core.translation import SOURCE_LANGUAGE
from anlaufstelle.directory import actions
from anlaufstelle.directory.models import Offer, OfferProposal, OfferTranslation, ProposalComment
from anlaufstelle.partners.models import Address, Organisation
from anlaufstelle.workspace.actions import notify

# What a partner may propose: the offer's fields except provider, place, status and review date,
# which the proposal sets separately or the editor decides.
PLAIN_FIELDS = tuple(
    name for name in actions.OFFER_FIELDS if name not in {"organisation_id", "address_id", "status", "last_reviewed_on"}
)


class ProposalRefused(Refused):
    """A step on a proposal that its state or rules do not allow."""


ALREADY_DECIDED = gettext_lazy("This proposal has already been decided.")


def partner_organisation(*, user: User, centre: Centre) -> Organisation | None:
    """The organisation a partner account acts for in this centre."""
    membership = (
        Membership.objects.filter(user=user, centre=centre, role=Role.PARTNER, is_active=True)
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership else None


def _json(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def offer_payload(*, data: dict[str, Any], texts: dict[str, dict[str, str]]) -> dict[str, Any]:
    """What a proposal stores: plain fields, the chosen address and the texts per language."""
    address = data.get("address")
    return {
        "data": {**{name: _json(data.get(name)) for name in PLAIN_FIELDS}, "address": address.pk if address else None},
        "texts": {
            lang: dict(values) for lang, values in texts.items() if any((v or "").strip() for v in values.values())
        },
    }


def current_payload(offer: Offer) -> dict[str, Any]:
    return {
        "data": {**{name: _json(getattr(offer, name)) for name in PLAIN_FIELDS}, "address": offer.address_id},
        "texts": {row.language: row.texts() for row in offer.translations.all() if not row.is_empty()},
    }


@transaction.atomic
def proposal_submit(
    *, centre: Centre, actor: User, organisation: Organisation, payload: dict[str, Any], offer: Offer | None = None
) -> OfferProposal:
    """A partner proposes a new offer or a change to one of its own; editors are told."""
    if offer is not None and offer.organisation_id != organisation.pk:
        raise PermissionError("A partner can only propose changes to its own offers.")
    proposal = OfferProposal.objects.create(
        centre=centre, organisation=organisation, offer=offer, proposed_by=actor, payload=payload
    )
    audit_record(
        actor=actor, centre=centre, kind=AuditEntry.Kind.CREATE, action="directory.proposal.submit", target=proposal
    )
    transaction.on_commit(lambda: _tell_editors(proposal), robust=True)
    notify(  # in the platform; the e-mail is _tell_editors' own
        centre=centre,
        kind="directory.proposal_submitted",
        thing=organisation.name,
        url_name="directory:proposal_review",
        url_kwargs={"pk": proposal.pk},
        permission="directory.edit",
        actor=actor,
        mail=False,
    )
    return proposal


@dataclass
class Change:
    label: str
    before: str
    after: str


def proposal_diff(proposal: OfferProposal) -> list[Change]:
    """Every field whose proposed value differs from the published offer (all fields for new offers)."""
    now = current_payload(proposal.offer) if proposal.offer else {"data": {}, "texts": {}}
    return payload_diff(now, proposal.payload)


def payload_diff(now: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every field whose value differs between two payloads, labelled for people."""
    changes: list[Change] = []
    for name in (*PLAIN_FIELDS, "address"):
        before, after = now["data"].get(name), new["data"].get(name)
        if before != after and (before or after):
            label = _label(Offer, name)
            changes.append(Change(label, _display(name, before), _display(name, after)))
    languages = sorted(set(now["texts"]) | set(new["texts"]), key=lambda code: (code != SOURCE_LANGUAGE, code))
    for language in languages:
        for name in OfferTranslation.translated_fields:
            before = now["texts"].get(language, {}).get(name, "")
            after = new["texts"].get(language, {}).get(name, "")
            if before != after:
                label = f"{_label(OfferTranslation, name)} ({language})"
                changes.append(Change(label, before, after))
    return changes


def _label(model: type[models.Model], name: str) -> str:
    """The verbose name of a concrete field (every field a proposal carries is one)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a concrete field.")
    return str(field.verbose_name)


def _display(name: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "address":
        address = Address.objects.filter(pk=value).first()
        return str(address) if address else ""
    return str(value).strip("|").replace("|", ", ")


MAX_COMMENT = 2000


@transaction.atomic
def proposal_comment(*, proposal: OfferProposal, actor: User, text: str, from_partner: bool) -> ProposalComment:
    """Add a comment to a proposal's conversation; the other side is told by e-mail."""
    text = text.strip()
    if not text or len(text) > MAX_COMMENT:
        raise ProposalRefused(_("Please write a comment of up to 2,000 characters."), field="text")
    comment = ProposalComment.objects.create(
        centre=proposal.centre, proposal=proposal, author=actor, from_partner=from_partner, text=text
    )
    audit_record(
        actor=actor,
        centre=proposal.centre,
        kind=AuditEntry.Kind.CREATE,
        action="directory.proposal.comment",
        target=proposal,
        changes={"comment": [None, comment.pk], "from_partner": [None, from_partner]},
    )
    if from_partner:
        transaction.on_commit(lambda: _tell_editors(proposal, comment=comment), robust=True)
    else:
        transaction.on_commit(lambda: _tell_partner_of_comment(proposal, comment), robust=True)
    return comment


@transaction.atomic
def proposal_edit(*, proposal: OfferProposal, actor: User, payload: dict[str, Any]) -> list[str]:
    """The editor corrects a pending proposal before publishing; returns the labels of the fields changed.

    The partner's own version is kept (the first time), and who changed which fields is recorded
    on the proposal and in the audit trail, so the published version says what came from whom.
    """
    proposal = OfferProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != OfferProposal.Status.PENDING:
        raise ProposalRefused(ALREADY_DECIDED)
    changed = [change.label for change in payload_diff(proposal.payload, payload)]
    if not changed:
        return []
    if proposal.partner_payload is None:
        proposal.partner_payload = proposal.payload
    proposal.payload = payload
    proposal.edits = [
        *proposal.edits,
        {"by": actor.pk, "name": str(actor), "at": timezone.now().isoformat(), "fields": changed},
    ]
    proposal.save(update_fields=["payload", "partner_payload", "edits"])
    audit_record(
        actor=actor,
        centre=proposal.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="directory.proposal.edit",
        target=proposal,
        changes={"fields": [None, changed]},
    )
    return changed


@transaction.atomic
def proposal_publish(*, proposal: OfferProposal, actor: User) -> Offer:
    """Apply a proposal to the offer (creating it if new), publish it and tell the partner."""
    proposal = OfferProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != OfferProposal.Status.PENDING:
        raise ProposalRefused(ALREADY_DECIDED)
    data = dict(proposal.payload["data"])
    address_id = data.pop("address")
    address = Address.objects.filter(pk=address_id, organisation=proposal.organisation).first() if address_id else None
    offer = actions.offer_save(
        centre=proposal.centre,
        actor=actor,
        data={**data, "organisation": proposal.organisation, "address": address},
        texts=proposal.payload["texts"],
        offer=proposal.offer,
    )
    actions.offer_set_status(offer=offer, status=Offer.Status.PUBLISHED, actor=actor)
    _decide(proposal, OfferProposal.Status.PUBLISHED, actor, comment="", offer=offer)
    return offer


@transaction.atomic
def proposal_return(*, proposal: OfferProposal, actor: User, comment: str) -> OfferProposal:
    """Send a proposal back to the partner with a comment; nothing is published."""
    proposal = OfferProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != OfferProposal.Status.PENDING:
        raise ProposalRefused(ALREADY_DECIDED)
    if not comment.strip():
        raise ProposalRefused(_("To return a proposal, write a comment for the partner."), field="comment")
    _decide(proposal, OfferProposal.Status.RETURNED, actor, comment=comment, offer=proposal.offer)
    return proposal


def _decide(proposal: OfferProposal, status: str, actor: User, *, comment: str, offer: Offer | None) -> None:
    proposal.status = status
    proposal.comment = comment
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.offer = offer
    proposal.save()
    changes: dict[str, Any] = {"status": ["pending", status]}
    if proposal.edits:  # what the published version owes to the editors, not to the partner
        changes["edited_by_editors"] = [None, [(edit["by"], edit["fields"]) for edit in proposal.edits]]
    audit_record(
        actor=actor,
        centre=proposal.centre,
        kind=AuditEntry.Kind.UPDATE,
        action=f"directory.proposal.{status}",
        target=proposal,
        changes=changes,
    )
    transaction.on_commit(lambda: _tell_partner(proposal), robust=True)
    notify(  # in the platform; the e-mail is _tell_partner's own
        centre=proposal.centre,
        kind="directory.proposal_decided",
        thing=proposal.organisation.name,
        url_name="directory:partner_proposal",
        url_kwargs={"pk": proposal.pk},
        permission="directory.propose",
        users=[proposal.proposed_by],
        actor=actor,
        mail=False,
    )


def _tell_editors(proposal: OfferProposal, *, comment: ProposalComment | None = None) -> None:
    editors = User.objects.filter(
        memberships__centre=proposal.centre,
        memberships__role__in=[Role.EDITOR, Role.CENTRE_ADMIN],
        memberships__is_active=True,
        is_active=True,
    ).distinct()
    path = reverse("directory:proposal_review", kwargs={"centre": proposal.centre.slug, "pk": proposal.pk})
    for editor in editors:
        with override(editor.preferred_language or "de"):
            names = {"organisation": proposal.organisation.name, "url": settings.SITE_URL + path}
            if comment is None:
                subject = _("New proposal from %(organisation)s") % names
                body = _("%(organisation)s proposed an offer or a change. Please review it: %(url)s") % names
            else:
                subject = _("%(organisation)s commented on a proposal") % names
                body = _("%(organisation)s wrote about a proposal: %(url)s") % names + "\n\n" + comment.text
            send_mail(subject, body, None, [editor.email])


def _tell_partner_of_comment(proposal: OfferProposal, comment: ProposalComment) -> None:
    if proposal.proposed_by is None:
        return
    path = reverse("directory:partner_proposal", kwargs={"centre": proposal.centre.slug, "pk": proposal.pk})
    with override(proposal.proposed_by.preferred_language or "de"):
        send_mail(
            _("A comment on your proposal"),
            _("The integration centre wrote about your proposal for %(organisation)s: %(url)s")
            % {"organisation": proposal.organisation.name, "url": settings.SITE_URL + path}
            + "\n\n"
            + comment.text,
            None,
            [proposal.proposed_by.email],
        )


def _tell_partner(proposal: OfferProposal) -> None:
    if proposal.proposed_by is None:
        return
    with override(proposal.proposed_by.preferred_language or "de"):
        if proposal.status == OfferProposal.Status.PUBLISHED:
            subject = _("Your proposal has been published")
            body = _("Thank you. Your proposal for %(organisation)s is now public.")
        else:
            subject = _("Your proposal needs changes")
            body = _("Your proposal for %(organisation)s was returned with this comment:")
        text = body % {"organisation": proposal.organisation.name}
        if proposal.comment:
            text += "\n\n" + proposal.comment
        send_mail(subject, text, None, [proposal.proposed_by.email])
