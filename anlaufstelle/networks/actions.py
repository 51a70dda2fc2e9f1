"""Every write of the networks module: atomic, keyword-only, audited in the same transaction;
e-mails go to the task queue after the commit."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.access import has_permission
from anlaufstelle.core.audit import audit_record, diff, snapshot
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.networks.errors import NetworkError
from anlaufstelle.networks.models import ActionItem, AgendaItem, Consultation, Meeting, Member, Network
from anlaufstelle.workspace.actions import notify

NETWORK_FIELDS = ("name", "kind", "topic", "level", "led_by_centre", "lead", "status", "description")
MEMBER_FIELDS = ("organisation", "contact", "role", "joined_on", "left_on")
MEETING_FIELDS = ("starts_at", "place", "minutes")
ACTION_FIELDS = ("task", "owner", "due_on")
CONSULTATION_FIELDS = ("organisation", "contact", "held_on", "channel", "topics", "staff", "outcome", "next_step")
MAX_AGENDA = 40


def _same_centre(centre: Centre, *objects: Any) -> None:
    for obj in objects:
        if obj is not None and obj.centre_id != centre.pk:
            raise ValueError("an object of another centre")  # forms offer only the centre's own


def _save(instance: Model, *, fields: tuple[str, ...], data: dict[str, Any], actor: User, action: str) -> Any:
    created = instance.pk is None
    before = {} if created else snapshot(instance, fields)
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])
    instance.save()
    audit_record(
        actor=actor,
        centre=instance.centre,  # type: ignore[attr-defined]
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action=action,
        target=instance,
        changes=diff(before, snapshot(instance, fields)),
    )
    return instance


def _check_contact(organisation: Any, contact: Any, *, field: str = "contact") -> None:
    if contact is None:
        return
    if contact.organisation_id != organisation.pk:
        raise NetworkError(_("The contact person works for another organisation."), field=field)
    if not contact.consent_to_contact:
        raise NetworkError(
            _("This person has not agreed to be contacted; record the organisation without a name."), field=field
        )


# --- networks and members ----------------------------------------------------------------------


@transaction.atomic
def network_save(*, centre: Centre, actor: User, data: dict[str, Any], network: Network | None = None) -> Network:
    """Create or change a network or working group; one led by the centre names no lead organisation."""
    _same_centre(centre, data.get("lead"))
    data = dict(data)
    if data.get("led_by_centre"):
        data["lead"] = None
    return _save(
        network or Network(centre=centre), fields=NETWORK_FIELDS, data=data, actor=actor, action="networks.network.save"
    )


@transaction.atomic
def member_save(*, network: Network, actor: User, data: dict[str, Any], member: Member | None = None) -> Member:
    """Add an organisation (and who attends for it) to a network, or change its role and time."""
    _same_centre(network.centre, data.get("organisation"), data.get("contact"))
    _check_contact(data["organisation"], data.get("contact"))
    joined, left = data.get("joined_on"), data.get("left_on")
    if joined and left and left < joined:
        raise NetworkError(_("A membership cannot end before it begins."), field="left_on")
    return _save(
        member or Member(centre=network.centre, network=network),
        fields=MEMBER_FIELDS,
        data=data,
        actor=actor,
        action="networks.member.save",
    )


@transaction.atomic
def member_remove(*, member: Member, actor: User) -> None:
    """Take an organisation out of a network (a membership that ended is kept with its end date instead)."""
    audit_record(
        actor=actor, centre=member.centre, kind=AuditEntry.Kind.DELETE, action="networks.member.remove", target=member
    )
    member.delete()


# --- meetings, agenda, action items ------------------------------------------------------------


def _agenda_lines(text: str) -> list[str]:
    lines = [line.strip()[:300] for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_AGENDA:
        raise NetworkError(_("An agenda has at most %(count)s items.") % {"count": MAX_AGENDA}, field="agenda")
    return lines


@transaction.atomic
def meeting_save(*, network: Network, actor: User, data: dict[str, Any], meeting: Meeting | None = None) -> Meeting:
    """Plan a meeting or change its date, place, agenda (one item a line) and minutes."""
    lines = _agenda_lines(data.get("agenda", ""))
    saved: Meeting = _save(
        meeting or Meeting(centre=network.centre, network=network),
        fields=MEETING_FIELDS,
        data=data,
        actor=actor,
        action="networks.meeting.save",
    )
    if "agenda" in data:
        old = [item.title for item in saved.agenda.all()]
        if old != lines:
            saved.agenda.all().delete()
            AgendaItem.objects.bulk_create(
                [AgendaItem(centre=saved.centre, meeting=saved, position=i, title=t) for i, t in enumerate(lines, 1)]
            )
            audit_record(
                actor=actor,
                centre=saved.centre,
                kind=AuditEntry.Kind.UPDATE,
                action="networks.meeting.agenda",
                target=saved,
                changes={"agenda": [old, lines]},
            )
    return saved


@transaction.atomic
def action_item_save(
    *, meeting: Meeting, actor: User, data: dict[str, Any], item: ActionItem | None = None
) -> ActionItem:
    """Give a task from a meeting to a staff member with a due date; the owner is told (start page, e-mail)."""
    owner = data["owner"]
    if not has_permission(owner, meeting.centre, "networks.view"):
        raise NetworkError(_("Action items go to the centre's staff."), field="owner")
    before = item.owner_id if item else None
    saved: ActionItem = _save(
        item or ActionItem(centre=meeting.centre, meeting=meeting),
        fields=ACTION_FIELDS,
        data=data,
        actor=actor,
        action="networks.action_item.save",
    )
    if saved.owner_id != before:
        notify(
            centre=meeting.centre,
            kind="networks.action_item",
            thing=saved.task,
            url_name="networks:my_actions",
            permission="networks.view",
            users=[saved.owner],
            actor=actor,
        )
    return saved


@transaction.atomic
def action_item_done(*, item: ActionItem, actor: User, done: bool = True) -> ActionItem:
    """Tick an action item off (or open it again)."""
    before = snapshot(item, ("done_on",))
    item.done_on = timezone.localdate() if done else None
    item.save(update_fields=["done_on"])
    audit_record(
        actor=actor,
        centre=item.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="networks.action_item.done",
        target=item,
        changes=diff(before, snapshot(item, ("done_on",))),
    )
    return item


def _send(*, meeting: Meeting, actor: User, what: str) -> int:
    from anlaufstelle.networks import selectors, tasks

    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    recipients = selectors.mail_recipients(meeting=locked)
    if not recipients:
        raise NetworkError(
            _("No member of this network has a contact person with an e-mail address who agreed to be contacted.")
        )
    if what == "minutes" and not locked.minutes.strip():
        raise NetworkError(_("Write the minutes before sending them."))
    now = timezone.now()
    field = "invited_at" if what == "invitation" else "minutes_sent_at"
    setattr(locked, field, now)
    locked.save(update_fields=[field])
    audit_record(
        actor=actor,
        centre=locked.centre,
        kind=AuditEntry.Kind.UPDATE,
        action=f"networks.meeting.send_{what}",
        target=locked,
        changes={"recipients": [None, len(recipients)]},
    )
    send = tasks.send_invitation if what == "invitation" else tasks.send_minutes
    transaction.on_commit(lambda: send(locked.pk, recipients))
    return len(recipients)


@transaction.atomic
def meeting_invite(*, meeting: Meeting, actor: User) -> int:
    """E-mail the invitation to the members' contact persons (with an address and consent); returns how many."""
    return _send(meeting=meeting, actor=actor, what="invitation")


@transaction.atomic
def meeting_send_minutes(*, meeting: Meeting, actor: User) -> int:
    """E-mail the minutes (PDF attached) to the members' contact persons; returns how many."""
    return _send(meeting=meeting, actor=actor, what="minutes")


# --- consultations -----------------------------------------------------------------------------


def encode_topics(names: list[str]) -> str:
    clean: list[str] = []
    for name in names:
        name = " ".join(name.replace("|", " ").split())[:60]
        if name and name.casefold() not in {c.casefold() for c in clean}:
            clean.append(name)
    return "|" + "|".join(clean) + "|" if clean else ""


@transaction.atomic
def consultation_save(
    *, centre: Centre, actor: User, data: dict[str, Any], consultation: Consultation | None = None
) -> Consultation:
    """Log a consultation or change it; a contact person is named only with their consent."""
    _same_centre(centre, data.get("organisation"), data.get("contact"))
    _check_contact(data["organisation"], data.get("contact"))
    if data.get("held_on") and data["held_on"] > timezone.localdate() + datetime.timedelta(days=1):
        raise NetworkError(_("A consultation is logged once it was held."), field="held_on")
    if data.get("staff") is not None and not has_permission(data["staff"], centre, "networks.view"):
        raise NetworkError(_("Choose a member of the centre's staff."), field="staff")
    return _save(
        consultation or Consultation(centre=centre),
        fields=CONSULTATION_FIELDS,
        data=data,
        actor=actor,
        action="networks.consultation.save",
    )


@transaction.atomic
def consultation_delete(*, consultation: Consultation, actor: User) -> None:
    """Remove a consultation from the log (a wrong entry, or on request of the person named)."""
    audit_record(
        actor=actor,
        centre=consultation.centre,
        kind=AuditEntry.Kind.DELETE,
        action="networks.consultation.delete",
        target=consultation,
    )
    consultation.delete()
