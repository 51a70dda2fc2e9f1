"""Every write of the Integrationsrat office: atomic, keyword-only, audited in the same transaction.

Objects published through OParl are never removed: deleting marks them (`deleted=True`), so that
OParl clients learn of the deletion (spec 2.8). Public pages are told after the commit.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.audit import audit_record, diff, snapshot
from anlaufstelle.core.errors import Refused
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.core.public_cache import public_changed
from anlaufstelle.council.models import (
    AgendaItem,
    Attendance,
    Committee,
    Consultation,
    CouncilSettings,
    ExternalObject,
    File,
    FollowUp,
    Forwarding,
    LegislativeTerm,
    ListCandidate,
    Location,
    Meeting,
    Membership,
    Paper,
    Person,
)
from anlaufstelle.workspace.actions import notify

TERM_FIELDS = ("name", "start_date", "end_date")
COMMITTEE_FIELDS = ("name", "short_name", "kind", "parent", "start_date", "end_date")
PERSON_FIELDS = (
    "form_of_address",
    "given_name",
    "family_name",
    "email",
    "phone",
    "publish_name",
    "publish_email",
    "publish_phone",
    "publish_attendance",
    "consent_given_on",
)
MEMBERSHIP_FIELDS = ("person", "committee", "on_behalf_of", "role", "voting_right", "deputy", "start_date", "end_date")
LOCATION_FIELDS = ("description", "street_address", "room", "postal_code", "locality")
MEETING_FIELDS = ("committee", "name", "start", "end", "location", "online_url", "cancelled")
AGENDA_ITEM_FIELDS = ("name", "number", "public")
OUTCOME_FIELDS = ("result", "votes_yes", "votes_no", "votes_abstain", "resolution_text", "minutes")
PAPER_FIELDS = ("name", "paper_type", "date", "text", "originator_person", "originator_committee", "status", "public")
FOLLOW_UP_FIELDS = ("task", "owner", "due_on", "status", "note")
SETTINGS_FIELDS = ("notice_days", "members_see_non_public", "allowance_council", "allowance_working_group")
ATTENDANCE_FIELDS = ("person", "stands_in_for", "arrived", "left")
FORWARDING_FIELDS = ("recipient", "forwarded_on", "outcome", "note", "external", "url")

# Persons are personal records: the trail names the changed fields, never their values.
PERSONAL = {"council.person.save"}

M = TypeVar("M", bound=models.Model)


class CouncilRefused(Refused):
    """A rule of the council office said no."""


def _changed_public(centre_id: int) -> None:
    transaction.on_commit(lambda: public_changed(centre_id=centre_id))


def _save(instance: M, *, fields: tuple[str, ...], data: dict[str, Any], actor: User, action: str) -> M:
    """Set `fields` from `data`, save, and write the audit entry (both in the caller's transaction)."""
    created = instance.pk is None
    before = {} if created else snapshot(instance, fields)
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])
    instance.full_clean(exclude=["centre", "data"], validate_unique=False, validate_constraints=False)
    instance.save()
    changes = diff(before, snapshot(instance, fields))
    if action in PERSONAL:
        changes = {"fields": [None, sorted(changes)]}
    audit_record(
        actor=actor,
        centre=instance.centre,  # type: ignore[attr-defined]
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action=action,
        target=instance,
        changes=changes,
    )
    _changed_public(instance.centre_id)  # type: ignore[attr-defined]
    return instance


def _papers_visibility_changed(paper_ids: list[int], moment: datetime.datetime) -> None:
    """After a change of who may see papers: remember those the public can see now (so that
    depublishing them later shows them as deleted in OParl, never silently gone), and mark
    the papers, their files and consultations modified for `modified_since` clients."""
    Paper.objects.public().filter(pk__in=paper_ids).update(ever_public=True)
    Paper.objects.filter(pk__in=paper_ids).update(modified=moment)
    File.objects.filter(paper_id__in=paper_ids).update(modified=moment)
    Consultation.objects.filter(paper_id__in=paper_ids).update(modified=moment)


def _same_centre(centre: Centre, *objects: models.Model | None) -> None:
    for obj in objects:
        if obj is not None and obj.centre_id != centre.pk:  # type: ignore[attr-defined]
            raise ValueError("Objects of another centre cannot be linked.")


# --- the body and its people ------------------------------------------------------------------


@transaction.atomic
def term_save(
    *, centre: Centre, actor: User, data: dict[str, Any], term: LegislativeTerm | None = None
) -> LegislativeTerm:
    """Create or change a legislative term."""
    return _save(
        term or LegislativeTerm(centre=centre), fields=TERM_FIELDS, data=data, actor=actor, action="council.term.save"
    )


@transaction.atomic
def committee_save(
    *, centre: Centre, actor: User, data: dict[str, Any], committee: Committee | None = None
) -> Committee:
    """Create or change the council, a working group or an electoral list."""
    _same_centre(centre, data.get("parent"))
    if data.get("kind") == Committee.Kind.COUNCIL and data.get("parent") is not None:
        raise CouncilRefused(_("The integration council is not part of another committee."), field="parent")
    if data.get("kind") == Committee.Kind.WORKING_GROUP and data.get("parent") is None:
        raise CouncilRefused(_("A working group belongs to the council or another committee."), field="parent")
    if committee is not None and data.get("parent") is not None and data["parent"].pk == committee.pk:
        raise CouncilRefused(_("A committee cannot be part of itself."), field="parent")
    return _save(
        committee or Committee(centre=centre),
        fields=COMMITTEE_FIELDS,
        data=data,
        actor=actor,
        action="council.committee.save",
    )


@transaction.atomic
def person_save(*, centre: Centre, actor: User, data: dict[str, Any], person: Person | None = None) -> Person:
    """Create or change a person; the consent flags decide what the public sees."""
    person = _save(
        person or Person(centre=centre), fields=PERSON_FIELDS, data=data, actor=actor, action="council.person.save"
    )
    # Memberships embedded in the person change with it for OParl clients (spec 2.8).
    Membership.objects.filter(person=person).update(modified=person.modified)
    return person


@transaction.atomic
def membership_save(
    *, centre: Centre, actor: User, data: dict[str, Any], membership: Membership | None = None
) -> Membership:
    """Give a person a seat in a committee, or change the seat."""
    _same_centre(centre, data.get("person"), data.get("committee"), data.get("on_behalf_of"), data.get("deputy"))
    if data.get("deputy") is not None and data.get("person") is not None and data["deputy"].pk == data["person"].pk:
        raise CouncilRefused(_("A member cannot be their own deputy."), field="deputy")
    if data.get("on_behalf_of") is not None and data["on_behalf_of"].kind != Committee.Kind.LIST:
        raise CouncilRefused(_("Choose an electoral list."), field="on_behalf_of")
    end, start = data.get("end_date"), data.get("start_date")
    if end and start and end < start:
        raise CouncilRefused(_("The seat cannot end before it starts."), field="end_date")
    return _save(
        membership or Membership(centre=centre),
        fields=MEMBERSHIP_FIELDS,
        data=data,
        actor=actor,
        action="council.membership.save",
    )


@transaction.atomic
def membership_end(*, membership: Membership, end_date: datetime.date, actor: User) -> Membership | None:
    """End a seat. A seat won on a list passes to the list's next candidate without a seat in that
    committee (Nachrücken), from the following day; returns the successor's seat, if any."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.end_date is not None and locked.end_date < end_date:
        raise CouncilRefused(_("This seat has already ended."), field="end_date")
    if end_date < locked.start_date:
        raise CouncilRefused(_("The seat cannot end before it starts."), field="end_date")
    if locked.successors.filter(deleted=False).exists():
        raise CouncilRefused(_("A successor has already moved up for this seat."))
    _save(locked, fields=("end_date",), data={"end_date": end_date}, actor=actor, action="council.membership.end")
    if locked.on_behalf_of is None:
        return None
    start = end_date + datetime.timedelta(days=1)
    seated = (
        Membership.objects.filter(committee=locked.committee, deleted=False)
        .exclude(end_date__lt=start)
        .values("person")
    )
    had_seat = Membership.objects.filter(committee=locked.committee, successor_of__isnull=False).values("person")
    candidate = (
        ListCandidate.objects.filter(electoral_list=locked.on_behalf_of)
        .exclude(person__in=seated)
        .exclude(person=locked.person)
        .exclude(person__in=had_seat)
        .order_by("position")
        .first()
    )
    if candidate is None:
        return None
    successor = Membership(centre=locked.centre, successor_of=locked)
    return _save(
        successor,
        fields=("person", "committee", "on_behalf_of", "role", "voting_right", "start_date"),
        data={
            "person": candidate.person,
            "committee": locked.committee,
            "on_behalf_of": locked.on_behalf_of,
            "role": Membership.Role.MEMBER,
            "voting_right": locked.voting_right,
            "start_date": start,
        },
        actor=actor,
        action="council.membership.move_up",
    )


@transaction.atomic
def candidate_add(*, electoral_list: Committee, person: Person, position: int, actor: User) -> ListCandidate:
    """Put a person on an electoral list at `position`."""
    if electoral_list.kind != Committee.Kind.LIST:
        raise ValueError("Candidates stand on electoral lists only.")
    _same_centre(electoral_list.centre, person)
    taken = ListCandidate.objects.filter(electoral_list=electoral_list)
    if taken.filter(position=position).exists():
        raise CouncilRefused(_("This position on the list is taken."), field="position")
    if taken.filter(person=person).exists():
        raise CouncilRefused(_("This person is already on the list."), field="person")
    candidate = ListCandidate.objects.create(
        centre=electoral_list.centre, electoral_list=electoral_list, person=person, position=position
    )
    audit_record(
        actor=actor,
        centre=electoral_list.centre,
        kind=AuditEntry.Kind.CREATE,
        action="council.candidate.add",
        target=candidate,
        changes={"position": [None, position], "person": [None, person.pk]},
    )
    return candidate


# --- meetings and their agenda ----------------------------------------------------------------


@transaction.atomic
def location_save(*, centre: Centre, actor: User, data: dict[str, Any], location: Location | None = None) -> Location:
    """Create or change a meeting place."""
    return _save(
        location or Location(centre=centre),
        fields=LOCATION_FIELDS,
        data=data,
        actor=actor,
        action="council.location.save",
    )


@transaction.atomic
def meeting_save(*, centre: Centre, actor: User, data: dict[str, Any], meeting: Meeting | None = None) -> Meeting:
    """Plan a meeting or change it."""
    _same_centre(centre, data.get("committee"), data.get("location"))
    if data.get("end") and data.get("start") and data["end"] < data["start"]:
        raise CouncilRefused(_("The meeting cannot end before it starts."), field="end")
    if data.get("committee") is not None and data["committee"].kind == Committee.Kind.LIST:
        raise CouncilRefused(
            _("Electoral lists do not meet here; choose the council or a working group."), field="committee"
        )
    return _save(
        meeting or Meeting(centre=centre), fields=MEETING_FIELDS, data=data, actor=actor, action="council.meeting.save"
    )


NEXT_STATE = {
    Meeting.State.PLANNED: Meeting.State.INVITED,
    Meeting.State.INVITED: Meeting.State.HELD,
    Meeting.State.HELD: Meeting.State.MINUTES_APPROVED,
}


def settings_of(centre: Centre) -> CouncilSettings:
    """The centre's council settings; the defaults (unsaved) until the clerk changes them."""
    return CouncilSettings.objects.filter(centre=centre).first() or CouncilSettings(centre=centre)


@transaction.atomic
def settings_save(*, centre: Centre, actor: User, data: dict[str, Any]) -> CouncilSettings:
    """Change the notice period, the members' access to non-public items and the allowances."""
    current = CouncilSettings.objects.select_for_update().filter(centre=centre).first()
    instance = current or CouncilSettings(centre=centre)
    created = current is None
    before = {} if created else snapshot(instance, SETTINGS_FIELDS)
    for name in SETTINGS_FIELDS:
        if name in data:
            setattr(instance, name, data[name])
    instance.full_clean(exclude=["centre"], validate_unique=False)
    instance.save()
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action="council.settings.save",
        target=instance,
        changes=diff(before, snapshot(instance, SETTINGS_FIELDS)),
    )
    return instance


def invitation_recipients(meeting: Meeting) -> list[str]:
    """The e-mail addresses of the committee's members seated on the meeting day and their
    personal deputies (each address once, in a stable order)."""
    day = timezone.localtime(meeting.start).date()
    seats = Membership.objects.current(day).filter(committee=meeting.committee).select_related("person", "deputy")
    found: list[str] = []
    for seat in seats.order_by("id"):
        for who in (seat.person, seat.deputy):
            if who is not None and not who.deleted and who.email and who.email not in found:
                found.append(who.email)
    return found


@transaction.atomic
def meeting_advance(*, meeting: Meeting, actor: User, short_notice: bool = False) -> Meeting:
    """Move a meeting one step on: planned → invited → held → minutes approved.

    Inviting checks the centre's notice period (an urgent meeting may be called at shorter
    notice when the clerk says so; the audit entry records it) and, after the commit, e-mails
    the invitation PDF to the members and their personal deputies."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    following = NEXT_STATE.get(Meeting.State(locked.state))
    if following is None:
        raise CouncilRefused(_("The minutes of this meeting are approved; it cannot change any more."))
    if following == Meeting.State.INVITED:
        if not locked.items.filter(deleted=False).exists():
            raise CouncilRefused(_("Put at least one item on the agenda before inviting."))
        days = settings_of(locked.centre).notice_days
        if not short_notice and locked.start < timezone.now() + datetime.timedelta(days=days):
            raise CouncilRefused(
                _("The notice period is %(days)s days; this meeting is sooner. Call it as urgent to invite anyway.")
                % {"days": days}
            )
    if following == Meeting.State.MINUTES_APPROVED and locked.items.filter(deleted=False, result="").exists():
        raise CouncilRefused(_("Record an outcome for every agenda item before approving the minutes."))
    advanced = _save(
        locked, fields=("state",), data={"state": following}, actor=actor, action="council.meeting.advance"
    )
    if following == Meeting.State.INVITED:
        recipients = invitation_recipients(advanced)
        audit_record(
            actor=actor,
            centre=advanced.centre,
            kind=AuditEntry.Kind.UPDATE,
            action="council.meeting.invite",
            target=advanced,
            changes={"recipients": [None, len(recipients)], "short_notice": [None, short_notice]},
        )
        from anlaufstelle.council import mail

        transaction.on_commit(lambda: mail.send_invitation(meeting_id=advanced.pk, recipients=recipients))
    return advanced


# --- during the meeting: attendance, forwarding -------------------------------------------------


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, actor: User, data: dict[str, Any], attendance: Attendance | None = None
) -> Attendance:
    """Record who is present (from when to when, standing in for whom). The attendance allowance
    of the meeting's kind is fixed now, so later changes of the amounts leave statements alone."""
    meeting = _locked_editable(meeting.pk)
    if meeting.state == Meeting.State.PLANNED:
        raise CouncilRefused(_("Attendance is recorded once the members are invited."))
    person, absent = data.get("person"), data.get("stands_in_for")
    _same_centre(meeting.centre, person, absent)
    if person is not None and absent is not None and person.pk == absent.pk:
        raise CouncilRefused(_("A member cannot stand in for themselves."), field="stands_in_for")
    others = Attendance.objects.filter(meeting=meeting)
    if attendance is not None:
        others = others.exclude(pk=attendance.pk)
    if person is not None and others.filter(person=person).exists():
        raise CouncilRefused(_("This person's attendance is already recorded."), field="person")
    if absent is not None and others.filter(person=absent).exists():
        raise CouncilRefused(_("This member is present and needs no one to stand in."), field="stands_in_for")
    if data.get("arrived") and data.get("left") and data["left"] < data["arrived"]:
        raise CouncilRefused(_("Nobody leaves before they arrive."), field="left")
    instance = attendance or Attendance(centre=meeting.centre, meeting=meeting)
    if attendance is None:
        instance.allowance = settings_of(meeting.centre).amount_for(meeting.committee.kind)
    saved = _save(instance, fields=ATTENDANCE_FIELDS, data=data, actor=actor, action="council.attendance.save")
    Meeting.objects.filter(pk=meeting.pk).update(modified=saved.modified)
    return saved


@transaction.atomic
def attendance_remove(*, attendance: Attendance, actor: User) -> None:
    """Take a wrongly recorded attendance back (before the minutes are approved)."""
    _locked_editable(attendance.meeting_id)
    audit_record(
        actor=actor,
        centre=attendance.centre,
        kind=AuditEntry.Kind.DELETE,
        action="council.attendance.remove",
        target=attendance,
        changes={"person": [attendance.person_id, None]},
    )
    Meeting.objects.filter(pk=attendance.meeting_id).update(modified=timezone.now())
    attendance.delete()


@transaction.atomic
def forwarding_save(
    *, item: AgendaItem, actor: User, data: dict[str, Any], forwarding: Forwarding | None = None
) -> Forwarding:
    """Hand a topic on to a committee or the town council, or record what became of it there."""
    _same_centre(item.centre, data.get("external"))
    if item.deleted:
        raise CouncilRefused(_("This item is no longer on the agenda."))
    return _save(
        forwarding or Forwarding(centre=item.centre, agenda_item=item),
        fields=FORWARDING_FIELDS,
        data=data,
        actor=actor,
        action="council.forwarding.save",
    )


@transaction.atomic
def external_objects_store(*, centre: Centre, actor: User, source: str, rows: list[dict[str, Any]]) -> int:
    """Keep what an OParl import read from the town's council system (by its OParl id: a second
    import updates, never duplicates). Returns how many objects were new."""
    new = 0
    for row in rows:
        _, created = ExternalObject.objects.update_or_create(
            centre=centre, oparl_id=row["oparl_id"], defaults={**row, "source": source}
        )
        new += int(created)
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.CREATE,
        action="council.oparl_import",
        target=centre,
        changes={"source": [None, source], "read": [None, len(rows)], "new": [None, new]},
    )
    return new


def _locked_editable(meeting_id: int) -> Meeting:
    """The meeting, locked against a concurrent state change, as long as its minutes are open."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if meeting.state == Meeting.State.MINUTES_APPROVED:
        raise CouncilRefused(_("The minutes of this meeting are approved; it cannot change any more."))
    return meeting


@transaction.atomic
def agenda_item_save(
    *,
    meeting: Meeting,
    actor: User,
    data: dict[str, Any],
    paper: Paper | None = None,
    role: str = Consultation.Role.DECISION,
    item: AgendaItem | None = None,
) -> AgendaItem:
    """Put an item on the agenda (at the end) or change it, with the paper it consults."""
    meeting = _locked_editable(meeting.pk)  # also: one new order number at a time
    _same_centre(meeting.centre, paper)
    if item is None:
        last = AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("order"))["last"] or 0
        item = AgendaItem(centre=meeting.centre, meeting=meeting, order=last + 1)
        if not data.get("number"):
            data = {**data, "number": str(last + 1)}
    item = _save(item, fields=AGENDA_ITEM_FIELDS, data=data, actor=actor, action="council.agenda_item.save")
    consultation = Consultation.objects.filter(agenda_item=item).first()
    touched = [pk for pk in (consultation.paper_id if consultation else None, paper.pk if paper else None) if pk]
    if paper is None and consultation is not None:
        consultation.delete()
    elif paper is not None:
        consultation = consultation or Consultation(centre=meeting.centre, agenda_item=item, meeting=meeting)
        consultation.paper, consultation.role = paper, role
        consultation.save()
        if paper.status == Paper.Status.DRAFT:
            Paper.objects.filter(pk=paper.pk).update(status=Paper.Status.SUBMITTED)
    Meeting.objects.filter(pk=meeting.pk).update(modified=item.modified)
    _papers_visibility_changed(touched, item.modified)
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor: User) -> None:
    """Take an item off the agenda (kept as deleted for OParl clients)."""
    meeting = _locked_editable(item.meeting_id)
    if meeting.state == Meeting.State.HELD:
        raise CouncilRefused(_("The meeting has been held; record the item as deferred instead."))
    _save(item, fields=("deleted",), data={"deleted": True}, actor=actor, action="council.agenda_item.delete")
    Consultation.objects.filter(agenda_item=item).update(deleted=True, modified=item.modified)


@transaction.atomic
def agenda_item_record_outcome(*, item: AgendaItem, actor: User, data: dict[str, Any]) -> AgendaItem:
    """Record an item's outcome, votes, resolution text and minutes (during or after the meeting)."""
    meeting = _locked_editable(item.meeting_id)
    if meeting.state == Meeting.State.PLANNED:
        raise CouncilRefused(_("Outcomes are recorded once the members are invited."))
    votes = [data.get(name) for name in ("votes_yes", "votes_no", "votes_abstain")]
    if data.get("result") in (AgendaItem.Result.DEFERRED, AgendaItem.Result.NOTED) and any(
        v is not None for v in votes
    ):
        raise CouncilRefused(_("Only adopted or rejected items have votes."), field="votes_yes")
    if data.get("result") != AgendaItem.Result.ADOPTED and data.get("resolution_text"):
        raise CouncilRefused(_("Only an adopted item has a resolution text."), field="resolution_text")
    item = _save(item, fields=OUTCOME_FIELDS, data=data, actor=actor, action="council.agenda_item.outcome")
    consultation = Consultation.objects.filter(agenda_item=item).select_related("paper").first()
    if (
        consultation is not None
        and consultation.role == Consultation.Role.DECISION
        and item.result
        in (
            AgendaItem.Result.ADOPTED,
            AgendaItem.Result.REJECTED,
        )
    ):
        Paper.objects.filter(pk=consultation.paper_id).update(status=Paper.Status.DECIDED, modified=item.modified)
    return item


@transaction.atomic
def follow_up_save(
    *, item: AgendaItem, actor: User, data: dict[str, Any], follow_up: FollowUp | None = None
) -> FollowUp:
    """Give a resolution a follow-up task (owner, due date, status, note) or update it."""
    if not item.is_resolution:
        raise CouncilRefused(_("Only adopted resolutions are followed up."))
    owner = data.get("owner")
    if owner is not None and not owner.memberships.filter(centre=item.centre, is_active=True).exists():
        raise CouncilRefused(_("The responsible person is not a member of this centre."), field="owner")
    before = follow_up.owner_id if follow_up is not None else None
    saved = _save(
        follow_up or FollowUp(centre=item.centre, agenda_item=item),
        fields=FOLLOW_UP_FIELDS,
        data=data,
        actor=actor,
        action="council.follow_up.save",
    )
    if saved.owner_id and saved.owner_id != before:  # the staff member it is given to hears of it
        notify(
            centre=item.centre,
            kind="council.follow_up",
            thing=saved.task,
            url_name="council:my_follow_up",
            url_kwargs={"pk": saved.pk},
            permission="council.follow_up",
            users=[saved.owner],
            actor=actor,
        )
    return saved


# --- papers and files -------------------------------------------------------------------------


@transaction.atomic
def paper_save(*, centre: Centre, actor: User, data: dict[str, Any], paper: Paper | None = None) -> Paper:
    """Create a paper with the next reference number of its year, or change it."""
    _same_centre(centre, data.get("originator_person"), data.get("originator_committee"))
    if paper is None:
        Centre.objects.select_for_update().filter(pk=centre.pk).first()  # numbers are handed out one at a time
        year = data["date"].year
        last = Paper.objects.filter(centre=centre, year=year).aggregate(last=Max("number"))["last"] or 0
        paper = Paper(centre=centre, year=year, number=last + 1)
    else:  # a copy read before the paper became visible must not take the mark back
        paper.ever_public = paper.ever_public or Paper.objects.filter(pk=paper.pk, ever_public=True).exists()
    paper = _save(paper, fields=PAPER_FIELDS, data=data, actor=actor, action="council.paper.save")
    _papers_visibility_changed([paper.pk], paper.modified)
    paper.refresh_from_db(fields=["ever_public", "modified"])
    return paper


@transaction.atomic
def file_add(*, paper: Paper, actor: User, upload: UploadedFile, name: str, role: str) -> File:
    """Attach a checked PDF to a paper; a new main file makes the old one an attachment."""
    digest = hashlib.sha512()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    if role == File.Role.MAIN:
        File.objects.filter(paper=paper, role=File.Role.MAIN, deleted=False).update(role=File.Role.AUXILIARY)
    file = File(
        centre=paper.centre,
        paper=paper,
        role=role,
        name=name or (upload.name or "")[:200],
        file_name=(upload.name or "file.pdf")[:200],
        mime_type="application/pdf",
        size=upload.size or 0,
        sha512=digest.hexdigest(),
    )
    file.data.save("file.pdf", upload, save=False)
    file = _save(file, fields=(), data={}, actor=actor, action="council.file.add")
    Paper.objects.filter(pk=paper.pk).update(modified=file.modified)
    return file


@transaction.atomic
def file_delete(*, file: File, actor: User) -> None:
    """Remove a file: the row stays marked as deleted (OParl), the stored content goes after commit."""
    stored = file.data.name
    storage = file.data.storage
    _save(file, fields=("deleted",), data={"deleted": True}, actor=actor, action="council.file.delete")
    File.objects.filter(pk=file.pk).update(data="")
    Paper.objects.filter(pk=file.paper_id).update(modified=file.modified)
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def follow_up_report(*, follow_up: FollowUp, actor: User, data: dict[str, Any]) -> FollowUp:
    """The owner of a follow-up says how far it got (status and note); nobody else does here."""
    if follow_up.owner_id != actor.pk:
        raise CouncilRefused(_("Only the person responsible reports on this follow-up."))
    return _save(follow_up, fields=("status", "note"), data=data, actor=actor, action="council.follow_up.report")
