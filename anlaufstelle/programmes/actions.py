"""Every write of the programmes module: atomic, keyword-only, audited in the same transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from anlaufstelle.core.audit import audit_record, diff, snapshot
from anlaufstelle.core.languages import encode_codes
from anlaufstelle.core.models import AuditEntry, Centre, Membership, User
from anlaufstelle.core.roles import roles_with
from anlaufstelle.programmes import kinds, schedule
from anlaufstelle.programmes.errors import ProgrammeError
from anlaufstelle.programmes.models import Group, Holiday, Programme, ProgrammeKind, ProjectDay, Session, Site
from anlaufstelle.volunteers.models import Qualification
from anlaufstelle.workspace.actions import notify

FACILITATOR_QUALIFICATION = "Elternbegleitung"

KIND_FIELDS = (
    "code",
    "name",
    "description",
    "age_from",
    "age_to",
    "age_note",
    "state_coordination",
    "year_kind",
    "school_title",
    "indicators",
)
PROGRAMME_FIELDS = ("kind", "name", "age_from", "age_to", "state_coordination", "indicators", "active")
SITE_FIELDS = (
    "organisation",
    "provider",
    "joined_on",
    "ended_on",
    "agreement_signed_on",
    "agreement_valid_until",
    "public",
    "title_on",
    "signature_share",
    "patron",
)
GROUP_FIELDS = ("site", "year", "name", "age_band", "weekday", "starts_at", "ends_at", "first_day", "last_day")
HOLIDAY_FIELDS = ("name", "kind", "first_day", "last_day", "site")


def _audit(*, actor: User | None, centre: Centre, kind: str, action: str, target: Model, changes: Any = None) -> None:
    audit_record(actor=actor, centre=centre, kind=kind, action=action, target=target, changes=changes)


def _same_centre(centre: Centre, *objects: Any) -> None:
    for obj in objects:
        if obj is not None and obj.centre_id != centre.pk:
            raise ValueError("an object of another centre")  # forms offer only the centre's own


def _check_indicators(raw: Any) -> None:
    try:
        kinds.parse_indicators(raw)
    except ValueError as exc:
        raise ProgrammeError(
            _("The indicator template is not valid: %(problem)s") % {"problem": exc}, field="indicators"
        ) from exc


def _check_ages(data: dict[str, Any]) -> None:
    if data.get("age_from") is not None and data.get("age_to") is not None and data["age_from"] > data["age_to"]:
        raise ProgrammeError(_("The age band ends before it starts."), field="age_to")


def _save(instance: Model, *, fields: tuple[str, ...], data: dict[str, Any], actor: User, action: str) -> Any:
    created = instance.pk is None
    before = {} if created else snapshot(instance, fields)
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])
    instance.save()
    _audit(
        actor=actor,
        centre=instance.centre,  # type: ignore[attr-defined]
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action=action,
        target=instance,
        changes=diff(before, snapshot(instance, fields)),
    )
    return instance


# --- kinds and programmes ---------------------------------------------------------------------


@transaction.atomic
def kinds_install(*, centre: Centre, actor: User) -> int:
    """Add the shipped kinds the centre does not have yet (by code); returns how many were added."""
    have = set(ProgrammeKind.objects.filter(centre=centre).values_list("code", flat=True))
    added = 0
    for template in kinds.TEMPLATES:
        if template.code in have:
            continue
        kind = ProgrammeKind.objects.create(
            centre=centre,
            code=template.code,
            name=template.name,
            description=template.description,
            age_from=template.age_from,
            age_to=template.age_to,
            age_note=template.age_note,
            state_coordination=template.state_coordination,
            year_kind=template.year_kind,
            school_title=template.school_title,
            indicators=template.indicators,
        )
        _audit(actor=actor, centre=centre, kind=AuditEntry.Kind.CREATE, action="programmes.kind.install", target=kind)
        added += 1
    return added


@transaction.atomic
def kind_save(*, centre: Centre, actor: User, data: dict[str, Any], kind: ProgrammeKind | None = None) -> ProgrammeKind:
    """Create or change a programme kind; the indicator template must parse."""
    _check_indicators(data.get("indicators", kind.indicators if kind else []))
    _check_ages(data)
    clash = ProgrammeKind.objects.filter(centre=centre, code=data["code"])
    if kind is not None:
        clash = clash.exclude(pk=kind.pk)
    if clash.exists():
        raise ProgrammeError(_("Another kind already uses this code."), field="code")
    return _save(
        kind or ProgrammeKind(centre=centre), fields=KIND_FIELDS, data=data, actor=actor, action="programmes.kind.save"
    )


@transaction.atomic
def programme_save(
    *, centre: Centre, actor: User, data: dict[str, Any], programme: Programme | None = None
) -> Programme:
    """Create or change a programme; a new one takes its kind's age band, coordination and indicators
    where the form leaves them empty."""
    kind: ProgrammeKind = data["kind"]
    _same_centre(centre, kind)
    data = dict(data)
    if programme is None:
        for name in ("age_from", "age_to", "state_coordination"):
            if data.get(name) in (None, ""):
                data[name] = getattr(kind, name)
        if not data.get("indicators"):
            data["indicators"] = kind.indicators
    _check_indicators(data.get("indicators", programme.indicators if programme else []))
    _check_ages(data)
    return _save(
        programme or Programme(centre=centre),
        fields=PROGRAMME_FIELDS,
        data=data,
        actor=actor,
        action="programmes.programme.save",
    )


# --- sites, agreements, school titles ---------------------------------------------------------


@transaction.atomic
def site_save(*, programme: Programme, actor: User, data: dict[str, Any], site: Site | None = None) -> Site:
    """Add a Kita or school to a programme or change its agreement; an uploaded PDF replaces the old one."""
    centre = programme.centre
    _same_centre(centre, data.get("organisation"), data.get("provider"))
    signed, until = data.get("agreement_signed_on"), data.get("agreement_valid_until")
    if signed and until and until < signed:
        raise ProgrammeError(_("The agreement cannot end before it was signed."), field="agreement_valid_until")
    clash = Site.objects.filter(programme=programme, organisation=data["organisation"])
    if site is not None:
        clash = clash.exclude(pk=site.pk)
    if clash.exists():
        raise ProgrammeError(_("This organisation is already a site of the programme."), field="organisation")
    instance = site or Site(centre=centre, programme=programme)
    if site is not None and until != site.agreement_valid_until:
        instance.renewal_reminded_on = None  # a renewed agreement is reminded again before it ends
    upload = data.get("agreement_upload")
    if upload:
        if instance.agreement_file:
            old = instance.agreement_file
            transaction.on_commit(lambda: old.storage.delete(old.name))
        instance.agreement_file.save(upload.name, upload, save=False)
        instance.agreement_file_name = upload.name[:200]
    return _save(instance, fields=SITE_FIELDS, data=data, actor=actor, action="programmes.site.save")


@transaction.atomic
def project_day_add(*, site: Site, actor: User, held_on: datetime.date, topic: str) -> ProjectDay:
    """Note a project day a school held."""
    if held_on > timezone.localdate():
        raise ProgrammeError(_("A project day is recorded once it was held."), field="held_on")
    day = ProjectDay.objects.create(centre=site.centre, site=site, held_on=held_on, topic=topic)
    _audit(
        actor=actor, centre=site.centre, kind=AuditEntry.Kind.CREATE, action="programmes.project_day.add", target=day
    )
    return day


# --- holidays and closures --------------------------------------------------------------------


@transaction.atomic
def holiday_save(*, centre: Centre, actor: User, data: dict[str, Any], holiday: Holiday | None = None) -> Holiday:
    """Create or change a holiday or closure."""
    _same_centre(centre, data.get("site"))
    if data["first_day"] > data["last_day"]:
        raise ProgrammeError(_("The last day comes before the first."), field="last_day")
    return _save(
        holiday or Holiday(centre=centre),
        fields=HOLIDAY_FIELDS,
        data=data,
        actor=actor,
        action="programmes.holiday.save",
    )


@transaction.atomic
def holiday_delete(*, holiday: Holiday, actor: User) -> None:
    _audit(
        actor=actor,
        centre=holiday.centre,
        kind=AuditEntry.Kind.DELETE,
        action="programmes.holiday.delete",
        target=holiday,
    )
    holiday.delete()


@transaction.atomic
def holidays_install(*, centre: Centre, actor: User, year: int) -> int:
    """Add NRW's school and public holidays of programme year `year` from the shipped data (no network);
    a span the centre already has (same name and days) is not added twice. Returns how many were added."""
    have = set(Holiday.objects.filter(centre=centre, site=None).values_list("name", "first_day", "last_day"))
    rows = [
        Holiday(centre=centre, name=name, first_day=first, last_day=last)
        for name, first, last in schedule.holidays_for_year(year)
        if (name, first, last) not in have
    ]
    Holiday.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        centre=centre,
        kind=AuditEntry.Kind.IMPORT,
        action="programmes.holiday.install",
        changes={"year": [None, year], "added": [None, len(rows)]},
    )
    return len(rows)


# --- groups and planned sessions --------------------------------------------------------------


def _check_facilitators(centre: Centre, volunteers: list[Any], staff: list[User], on: datetime.date) -> None:
    for volunteer in volunteers:
        _same_centre(centre, volunteer)
    qualified = set(
        Qualification.objects.filter(
            centre=centre,
            volunteer__in=volunteers,
            name__iexact=FACILITATOR_QUALIFICATION,
        )
        .exclude(valid_until__lt=on)
        .values_list("volunteer_id", flat=True)
    )
    missing = [str(v) for v in volunteers if v.pk not in qualified]
    if missing:
        raise ProgrammeError(
            _("Without the qualification “%(name)s”: %(people)s.")
            % {"name": FACILITATOR_QUALIFICATION, "people": ", ".join(missing)},
            field="facilitating_volunteers",
        )
    members = set(
        Membership.objects.filter(centre=centre, is_active=True, user__in=staff).values_list("user_id", flat=True)
    )
    if any(user.pk not in members for user in staff):
        raise ProgrammeError(_("Staff facilitators must be members of the centre."), field="facilitating_staff")


@transaction.atomic
def group_save(*, centre: Centre, actor: User, data: dict[str, Any], group: Group | None = None) -> Group:
    """Create or change a group: its days lie within its programme year, its facilitators are
    qualified volunteers ("Elternbegleitung") or the centre's staff."""
    site: Site = data["site"]
    _same_centre(centre, site)
    first_of_year, last_of_year = schedule.year_bounds(data["year"])
    if not (first_of_year <= data["first_day"] <= data["last_day"] <= last_of_year):
        raise ProgrammeError(
            _("First and last session must lie in the programme year %(year)s (1 August to 31 July), in order.")
            % {"year": schedule.year_label(data["year"])},
            field="first_day",
        )
    if data["starts_at"] >= data["ends_at"]:
        raise ProgrammeError(_("The group ends before it starts."), field="ends_at")
    volunteers = list(data.get("facilitating_volunteers") or [])
    staff = list(data.get("facilitating_staff") or [])
    _check_facilitators(centre, volunteers, staff, data["first_day"])
    recorded = group.sessions.exclude(status=Session.Status.PLANNED) if group is not None else None
    if recorded is not None and recorded.exclude(date__range=(data["first_day"], data["last_day"])).exists():
        raise ProgrammeError(_("Recorded sessions lie outside the new first and last day."), field="first_day")
    data = {**data, "languages": encode_codes(list(data.get("languages") or []))}
    instance: Group = _save(
        group or Group(centre=centre),
        fields=(*GROUP_FIELDS, "languages"),
        data=data,
        actor=actor,
        action="programmes.group.save",
    )
    instance.facilitating_volunteers.set(volunteers)
    instance.facilitating_staff.set(staff)
    if group is None:
        _tell_site(instance, actor)
    return instance


def _tell_site(group: Group, actor: User) -> None:
    """A new group: the contacts of its site (and of the provider running it) record its sessions."""
    site = group.site
    for organisation_id in sorted(o for o in {site.organisation_id, site.provider_id} if o is not None):
        notify(
            centre=group.centre,
            kind="programmes.group_started",
            thing=f"{site.programme.name}: {group.name} ({site.organisation.name})",
            url_name="programmes:group",
            url_kwargs={"pk": group.pk},
            permission="programmes.record_sessions",
            organisation_id=organisation_id,
            actor=actor,
        )


def _closed_spans(group: Group) -> list[tuple[datetime.date, datetime.date]]:
    """Holidays and closures overlapping the group's days: the centre's own and its site's."""
    return list(
        Holiday.objects.filter(centre=group.centre, first_day__lte=group.last_day, last_day__gte=group.first_day)
        .filter(Q(site__isnull=True) | Q(site=group.site_id))
        .values_list("first_day", "last_day")
    )


@transaction.atomic
def group_plan_sessions(*, group: Group, actor: User) -> tuple[int, int]:
    """Plan the group's sessions from its schedule minus holidays and closures.

    Adds the missing dates and removes planned (not yet recorded) sessions that no longer fit;
    recorded sessions stay. Returns (added, removed)."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    dates = set(
        schedule.planned_dates(
            first_day=group.first_day, last_day=group.last_day, weekday=group.weekday, closed=_closed_spans(group)
        )
    )
    existing = dict(group.sessions.values_list("date", "status"))
    stale = [day for day, status in existing.items() if status == Session.Status.PLANNED and day not in dates]
    removed, _ = group.sessions.filter(status=Session.Status.PLANNED, date__in=stale).delete()
    new = [Session(centre=group.centre, group=group, date=day) for day in sorted(dates - set(existing))]
    Session.objects.bulk_create(new)
    audit_record(
        actor=actor,
        centre=group.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="programmes.group.plan",
        target=group,
        changes={"added": [None, len(new)], "removed": [None, removed]},
    )
    return len(new), removed


# --- sessions ---------------------------------------------------------------------------------


@transaction.atomic
def session_add(*, group: Group, actor: User, date: datetime.date) -> Session:
    """An extra session on a date the schedule did not plan (one per group and day)."""
    if not (group.first_day <= date <= group.last_day):
        raise ProgrammeError(_("The date lies outside the group's first and last session."), field="date")
    try:
        with transaction.atomic():
            session = Session.objects.create(centre=group.centre, group=group, date=date)
    except IntegrityError as exc:
        raise ProgrammeError(_("The group already has a session on this day."), field="date") from exc
    _audit(
        actor=actor, centre=group.centre, kind=AuditEntry.Kind.CREATE, action="programmes.session.add", target=session
    )
    return session


@transaction.atomic
def session_record(*, session: Session, actor: User, data: dict[str, Any]) -> Session:
    """Record a session as held (counts, languages, topic, note) or cancelled (with a reason)."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    status = data["status"]
    if status not in (Session.Status.HELD, Session.Status.CANCELLED):
        raise ProgrammeError(_("Choose held or cancelled."), field="status")
    if session.date > timezone.localdate():
        raise ProgrammeError(_("A session can be recorded on its day or later."), field="status")
    adults, children = data.get("adults") or 0, data.get("children") or 0
    if adults < 0 or children < 0:
        raise ProgrammeError(_("Counts cannot be negative."), field="adults")
    if status == Session.Status.CANCELLED:
        if not data.get("reason"):
            raise ProgrammeError(_("Say why the session was cancelled."), field="reason")
        values = {"status": status, "reason": data["reason"], "adults": 0, "children": 0, "languages": ""}
    else:
        if adults + children == 0:
            raise ProgrammeError(_("A held session had at least one participant."), field="adults")
        values = {
            "status": status,
            "reason": "",
            "adults": adults,
            "children": children,
            "languages": encode_codes(list(data.get("languages") or [])),
        }
    values |= {"topic": data.get("topic", ""), "note": data.get("note", "")}
    fields = tuple(values)
    before = snapshot(session, fields)
    for name, value in values.items():
        setattr(session, name, value)
    session.recorded_by = actor
    session.recorded_at = timezone.now()
    session.save()
    _audit(
        actor=actor,
        centre=session.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="programmes.session.record",
        target=session,
        changes=diff(before, snapshot(session, fields)),
    )
    return session


# --- reminders (run by tasks.py) --------------------------------------------------------------


def _coordinator_emails(centre: Centre) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(
                centre=centre, is_active=True, user__is_active=True, role__in=roles_with("programmes.manage")
            ).values_list("user__email", flat=True)
        )
    )


def _mail_later(recipients: list[str], subject: str, lines: list[str]) -> None:
    if recipients and lines:
        body = "\n".join(lines)
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients))


def remind_agreement_renewals(*, today: datetime.date | None = None, within_days: int = 60) -> int:
    """Tell each centre's coordinators which sites' agreements end within `within_days` (once per
    agreement end date). Returns how many sites were reminded."""
    today = today or timezone.localdate()
    total = 0
    with scopes_disabled():
        centres = list(Centre.objects.filter(is_active=True))
    for centre in centres:
        with scope(centre=centre), transaction.atomic():
            due = [
                site
                for site in Site.objects.filter(
                    centre=centre, renewal_reminded_on__isnull=True, ended_on__isnull=True
                ).select_related("organisation", "programme")
                if site.agreement_due(today, within_days)
            ]
            lines = [
                f"- {site.programme.name}: {site.organisation.name} ({site.agreement_valid_until:%d.%m.%Y})"
                for site in due
            ]
            _mail_later(_coordinator_emails(centre), _("Programme agreements to renew"), lines)
            for site in due:  # on the message list too (the summary above is the e-mail)
                notify(
                    centre=centre,
                    kind="programmes.agreement_ending",
                    thing=f"{site.programme.name}: {site.organisation.name} ({site.agreement_valid_until:%d.%m.%Y})",
                    url_name="programmes:site_edit",
                    url_kwargs={"pk": site.pk},
                    permission="programmes.manage",
                    mail=False,
                )
            Site.objects.filter(pk__in=[site.pk for site in due]).update(renewal_reminded_on=today)
            total += len(due)
    return total


def remind_missing_project_days(*, today: datetime.date | None = None) -> int:
    """Schools holding a title (Schule ohne Rassismus) without a project day this school year: told once
    per school year, from 1 May (three months before it ends). Returns how many schools were named."""
    today = today or timezone.localdate()
    year = schedule.year_of(today)
    first, _last = schedule.year_bounds(year)
    if today < datetime.date(year + 1, 5, 1):
        return 0
    total = 0
    with scopes_disabled():
        centres = list(Centre.objects.filter(is_active=True))
    for centre in centres:
        with scope(centre=centre), transaction.atomic():
            due = list(
                Site.objects.filter(
                    centre=centre, programme__kind__school_title=True, title_on__isnull=False, ended_on__isnull=True
                )
                .exclude(project_days__held_on__gte=first)
                .exclude(project_day_reminded_for=year)
                .select_related("organisation")
            )
            lines = [f"- {site.organisation.name}" for site in due]
            _mail_later(_coordinator_emails(centre), _("Schools without a project day this school year"), lines)
            Site.objects.filter(pk__in=[site.pk for site in due]).update(project_day_reminded_for=year)
            total += len(due)
    return total
