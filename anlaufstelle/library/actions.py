"""Every write of the library module: atomic, keyword-only, audited in the same transaction.

Circulation locks rows in one order — title, then copy, then borrower — so that parallel check-outs,
holds and check-ins of one title wait for each other (PostgreSQL row locks) and never deadlock.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record, diff, snapshot
from anlaufstelle.core.languages import encode_codes
from anlaufstelle.core.models import AuditEntry, Centre, User
from anlaufstelle.core.public_cache import public_changed
from anlaufstelle.library import isbn
from anlaufstelle.library.errors import LibraryError
from anlaufstelle.library.models import (
    Borrower,
    Copy,
    Hold,
    KitComponent,
    LibrarySettings,
    Loan,
    LoanRule,
    Title,
    TitleText,
    Topic,
)

TITLE_FIELDS = (
    "isbn",
    "title",
    "authors",
    "publisher",
    "year",
    "languages",
    "media_type",
    "age_from",
    "age_to",
    "public",
)
COPY_FIELDS = ("barcode", "shelf_mark", "condition", "note")
RULE_FIELDS = ("borrower_kind", "media_type", "loan_days", "renewals", "holds_allowed", "max_loans")
SETTINGS_FIELDS = ("remind_before_days", "overdue_first_days", "overdue_second_days")


@dataclass(frozen=True)
class Rule:
    """The rule in force for a borrower kind and media type (a centre's row, or the default)."""

    loan_days: int = 28
    renewals: int = 2
    holds_allowed: bool = True
    max_loans: int = 10


DEFAULT_RULE = Rule()


def _audit(*, actor: User | None, centre: Centre, kind: str, action: str, target: Model, changes: Any = None) -> None:
    audit_record(actor=actor, centre=centre, kind=kind, action=action, target=target, changes=changes)


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
    _audit(
        actor=actor,
        centre=instance.centre,  # type: ignore[attr-defined]
        kind=AuditEntry.Kind.CREATE if created else AuditEntry.Kind.UPDATE,
        action=action,
        target=instance,
        changes=diff(before, snapshot(instance, fields)),
    )
    public_changed(centre_id=instance.centre_id)  # type: ignore[attr-defined]  # the catalogue shows it
    return instance


# --- catalogue ------------------------------------------------------------------------------


def clean_isbn(raw: str) -> str:
    """The ISBN-13 of `raw`, or a refusal naming the field."""
    try:
        return isbn.normalise(raw)
    except ValueError as exc:
        raise LibraryError(
            _("“%(isbn)s” is not a valid ISBN (wrong length or check digit).") % {"isbn": raw}, field="isbn"
        ) from exc


@transaction.atomic
def topic_save(*, centre: Centre, actor: User, name: str, topic: Topic | None = None) -> Topic:
    name = name.strip()
    if not name:
        raise LibraryError(_("Please give the topic a name."), field="name")
    clash = Topic.objects.filter(centre=centre, name__iexact=name)
    if topic is not None:
        clash = clash.exclude(pk=topic.pk)
    if clash.exists():
        raise LibraryError(_("This topic exists already."), field="name")
    return _save(
        topic or Topic(centre=centre), fields=("name",), data={"name": name}, actor=actor, action="library.topic.save"
    )


@transaction.atomic
def title_save(
    *,
    centre: Centre,
    actor: User,
    data: dict[str, Any],
    summaries: dict[str, str] | None = None,
    title: Title | None = None,
) -> Title:
    """Catalogue or change a title: the ISBN is checked and stored as ISBN-13, languages as codes,
    topics of the centre; `summaries` maps a language to its summary (German is the source)."""
    data = dict(data)
    data["isbn"] = clean_isbn(str(data.get("isbn") or ""))
    if isinstance(data.get("languages"), list | tuple):
        data["languages"] = encode_codes(list(data["languages"]))
    if data.get("age_from") is not None and data.get("age_to") is not None and data["age_from"] > data["age_to"]:
        raise LibraryError(_("The age band ends before it starts."), field="age_to")
    topics = data.pop("topics", None)
    if topics is not None:
        _same_centre(centre, *topics)
    saved: Title = _save(
        title or Title(centre=centre), fields=TITLE_FIELDS, data=data, actor=actor, action="library.title.save"
    )
    if topics is not None:
        saved.topics.set(topics)
    if summaries is not None:
        _save_summaries(saved, summaries)
    public_changed(centre_id=centre.pk)
    return saved


def _save_summaries(title: Title, summaries: dict[str, str]) -> None:
    rows = {row.language: row for row in title.texts.all()}
    source = rows.get("de")
    for language, text in summaries.items():
        text = (text or "").strip()
        row = rows.get(language)
        if row is None:
            if not text:
                continue
            row = TitleText(title=title, language=language)
        if row.summary == text:
            continue
        row.summary = text
        row.machine_translated = False
        row.save()
        if language == "de":
            source = row
    for language, row in rows.items():  # a translation saved now was made from the current German text
        if language != "de" and language in summaries and source is not None:
            TitleText.objects.filter(pk=row.pk).update(source_digest=source.digest())
    for language in summaries:
        if language != "de" and language not in rows and source is not None:
            TitleText.objects.filter(title=title, language=language).update(source_digest=source.digest())


@transaction.atomic
def copy_save(*, title: Title, actor: User, data: dict[str, Any], copy: Copy | None = None) -> Copy:
    """Add a copy to a title or change it; the barcode is unique in the centre."""
    barcode = str(data.get("barcode") or "").strip()
    if not barcode:
        raise LibraryError(_("Please give the copy a barcode."), field="barcode")
    data = {**data, "barcode": barcode}
    clash = Copy.objects.filter(centre=title.centre, barcode=barcode)
    if copy is not None:
        clash = clash.exclude(pk=copy.pk)
    if clash.exists():
        raise LibraryError(
            _("Another copy already has the barcode %(barcode)s.") % {"barcode": barcode}, field="barcode"
        )
    try:
        with transaction.atomic():
            return _save(
                copy or Copy(centre=title.centre, title=title),
                fields=COPY_FIELDS,
                data=data,
                actor=actor,
                action="library.copy.save",
            )
    except IntegrityError as exc:  # saved in parallel with the same barcode
        raise LibraryError(
            _("Another copy already has the barcode %(barcode)s.") % {"barcode": barcode}, field="barcode"
        ) from exc


@transaction.atomic
def component_add(
    *, kit: Copy, actor: User, label: str, quantity: int = 1, packed_copy: Copy | None = None
) -> KitComponent:
    """Add a line to a kit's checklist; a packed copy belongs to one kit and is not lent on its own."""
    _same_centre(kit.centre, packed_copy)
    if packed_copy is not None:
        if packed_copy.pk == kit.pk:
            raise LibraryError(_("A kit cannot contain itself."), field="packed_copy")
        if KitComponent.objects.filter(packed_copy=packed_copy).exists():
            raise LibraryError(_("This copy is already packed in a kit."), field="packed_copy")
        if Loan.objects.filter(copy=packed_copy, returned_at__isnull=True).exists():
            raise LibraryError(_("This copy is lent; pack it once it is back."), field="packed_copy")
        label = label.strip() or str(packed_copy.title)
    if not label.strip():
        raise LibraryError(_("Please name the component."), field="label")
    if quantity < 1:
        raise LibraryError(_("The quantity is at least 1."), field="quantity")
    component = KitComponent.objects.create(
        centre=kit.centre, kit=kit, label=label.strip(), quantity=quantity, packed_copy=packed_copy
    )
    _audit(
        actor=actor,
        centre=kit.centre,
        kind=AuditEntry.Kind.CREATE,
        action="library.kit.component_add",
        target=component,
    )
    return component


@transaction.atomic
def component_set_lost(*, component: KitComponent, actor: User, lost: bool) -> KitComponent:
    """Mark a component lost (it is no longer checked at return) or found again."""
    component.lost_on = timezone.localdate() if lost else None
    component.save(update_fields=["lost_on"])
    _audit(
        actor=actor,
        centre=component.centre,
        kind=AuditEntry.Kind.UPDATE,
        action="library.kit.component_lost" if lost else "library.kit.component_found",
        target=component,
    )
    return component


# --- borrowers, rules, settings ---------------------------------------------------------------


@transaction.atomic
def borrower_register(*, centre: Centre, actor: User, kind: str, person: Any) -> Borrower:
    """Let a person the platform knows borrow: a contact person, a volunteer or a staff account."""
    field = {Borrower.Kind.CONTACT: "contact", Borrower.Kind.VOLUNTEER: "volunteer", Borrower.Kind.STAFF: "user"}.get(
        Borrower.Kind(kind)
    )
    if person is None or field is None:
        raise LibraryError(_("Please choose the person."), field=field)
    if field != "user":
        _same_centre(centre, person)
    existing = Borrower.objects.filter(centre=centre, **{field: person}).first()
    if existing is not None:
        raise LibraryError(_("This person is already registered as a borrower."), field=field)
    borrower = Borrower.objects.create(centre=centre, kind=kind, **{field: person})
    _audit(actor=actor, centre=centre, kind=AuditEntry.Kind.CREATE, action="library.borrower.register", target=borrower)
    return borrower


@transaction.atomic
def rule_save(*, centre: Centre, actor: User, data: dict[str, Any], rule: LoanRule | None = None) -> LoanRule:
    clash = LoanRule.objects.filter(centre=centre, borrower_kind=data["borrower_kind"], media_type=data["media_type"])
    if rule is not None:
        clash = clash.exclude(pk=rule.pk)
    if clash.exists():
        raise LibraryError(_("A rule for this borrower kind and media type exists already."), field="media_type")
    if not data.get("loan_days"):
        raise LibraryError(_("The loan period is at least one day."), field="loan_days")
    return _save(
        rule or LoanRule(centre=centre), fields=RULE_FIELDS, data=data, actor=actor, action="library.rule.save"
    )


@transaction.atomic
def settings_save(*, centre: Centre, actor: User, data: dict[str, Any]) -> LibrarySettings:
    if data["overdue_first_days"] >= data["overdue_second_days"]:
        raise LibraryError(_("The third reminder comes after the second."), field="overdue_second_days")
    instance = LibrarySettings.objects.filter(centre=centre).first() or LibrarySettings(centre=centre)
    return _save(instance, fields=SETTINGS_FIELDS, data=data, actor=actor, action="library.settings.save")


def rule_for(*, centre: Centre, borrower_kind: str, media_type: str) -> Rule:
    row = LoanRule.objects.filter(centre=centre, borrower_kind=borrower_kind, media_type=media_type).first()
    if row is None:
        return DEFAULT_RULE
    return Rule(
        loan_days=row.loan_days, renewals=row.renewals, holds_allowed=row.holds_allowed, max_loans=row.max_loans
    )


# --- circulation ----------------------------------------------------------------------------


def _copy_by_barcode(centre: Centre, barcode: str) -> Copy:
    barcode = (barcode or "").strip()
    copy = Copy.objects.filter(centre=centre, barcode=barcode).first() if barcode else None
    if copy is None:
        raise LibraryError(_("No copy has the barcode “%(barcode)s”.") % {"barcode": barcode[:60]}, field="barcode")
    return copy


def copy_for_barcode(*, centre: Centre, barcode: str) -> Copy:
    """The centre's copy with `barcode`, or a refusal naming the barcode."""
    return _copy_by_barcode(centre, barcode)


def _lock(centre: Centre, copy: Copy) -> tuple[Title, Copy]:
    """Lock the title, then the copy (the one order every circulation write uses)."""
    title = Title.objects.select_for_update().get(centre=centre, pk=copy.title_id)
    return title, Copy.objects.select_for_update().get(pk=copy.pk)


def _lendable(copy: Copy) -> None:
    if copy.condition == Copy.Condition.WITHDRAWN:
        raise LibraryError(_("This copy is withdrawn and is not lent."), field="barcode")
    if KitComponent.objects.filter(packed_copy=copy).exists():
        raise LibraryError(_("This copy is packed in a kit; lend the kit."), field="barcode")


def _has_open_loan(copy: Copy) -> bool:
    return Loan.objects.filter(copy=copy, returned_at__isnull=True).exists()


@transaction.atomic
def check_out(*, centre: Centre, actor: User, barcode: str, borrower: Borrower) -> Loan:
    """Lend the copy with `barcode` to `borrower` under the rule for the borrower's kind and the media type.
    Refused for an unknown barcode, a copy already lent or kept for someone else, or too many loans."""
    _same_centre(centre, borrower)
    title, copy = _lock(centre, _copy_by_barcode(centre, barcode))
    borrower = Borrower.objects.select_for_update().get(pk=borrower.pk)
    _lendable(copy)
    if _has_open_loan(copy):
        raise LibraryError(_("This copy is lent already; check it in first."), field="barcode")
    ready = Hold.objects.filter(copy=copy, status=Hold.Status.READY).first()
    if ready is not None and ready.borrower_id != borrower.pk:
        raise LibraryError(_("This copy is kept for another borrower's hold."), field="barcode")
    rule = rule_for(centre=centre, borrower_kind=borrower.kind, media_type=title.media_type)
    open_loans = Loan.objects.filter(
        borrower=borrower, returned_at__isnull=True, copy__title__media_type=title.media_type
    )
    if open_loans.count() >= rule.max_loans:
        raise LibraryError(
            _("The borrower has the most loans of this media type allowed (%(max)s).") % {"max": rule.max_loans},
            field="borrower",
        )
    now = timezone.now()
    loan = Loan.objects.create(
        centre=centre,
        copy=copy,
        borrower=borrower,
        borrower_kind=borrower.kind,
        lent_at=now,
        due_on=timezone.localdate() + datetime.timedelta(days=rule.loan_days),
    )
    Hold.objects.filter(title=title, borrower=borrower, status__in=[Hold.Status.WAITING, Hold.Status.READY]).update(
        status=Hold.Status.SERVED
    )
    _audit(actor=actor, centre=centre, kind=AuditEntry.Kind.CREATE, action="library.loan.check_out", target=loan)
    public_changed(centre_id=centre.pk)  # copies on the shelf
    return loan


def kit_components_to_check(copy: Copy) -> list[KitComponent]:
    """The components of a kit that must be there at return (those not marked lost)."""
    return list(KitComponent.objects.filter(kit=copy, lost_on__isnull=True).select_related("packed_copy"))


@transaction.atomic
def check_in(
    *,
    centre: Centre,
    actor: User,
    barcode: str,
    present: Collection[int] | None = None,
    lost: Collection[int] = (),
) -> tuple[Loan, Hold | None]:
    """Take a copy back. A kit's components must all be `present` (ids) or marked `lost` now; then the
    copy goes to the first waiting hold of its title, if any (returned as the second value)."""
    title, copy = _lock(centre, _copy_by_barcode(centre, barcode))
    loan = Loan.objects.select_for_update().filter(copy=copy, returned_at__isnull=True).first()
    if loan is None:
        raise LibraryError(_("This copy is not lent; there is nothing to check in."), field="barcode")
    components = kit_components_to_check(copy)
    if components:
        if present is None:
            raise LibraryError(_("This is a kit: check its components."), field="components")
        lost_now = [c for c in components if c.pk in set(lost) and c.pk not in set(present)]
        missing = [c for c in components if c.pk not in set(present) and c not in lost_now]
        if missing:
            raise LibraryError(
                _("The kit is incomplete: %(missing)s. Mark the missing parts lost to check it in.")
                % {"missing": ", ".join(c.label for c in missing)},
                field="components",
            )
        for component in lost_now:
            component_set_lost(component=component, actor=actor, lost=True)
    loan.returned_at = timezone.now()
    loan.save(update_fields=["returned_at"])
    _audit(actor=actor, centre=centre, kind=AuditEntry.Kind.UPDATE, action="library.loan.check_in", target=loan)
    public_changed(centre_id=centre.pk)
    hold = None
    if copy.condition != Copy.Condition.WITHDRAWN:
        hold = (
            Hold.objects.select_for_update()
            .filter(title=title, status=Hold.Status.WAITING)
            .select_related("borrower")
            .order_by("placed_at", "id")
            .first()
        )
        if hold is not None:
            _make_ready(hold, copy, actor)
    return loan, hold


def _make_ready(hold: Hold, copy: Copy, actor: User | None) -> None:
    hold.status = Hold.Status.READY
    hold.copy = copy
    hold.save(update_fields=["status", "copy"])
    _audit(actor=actor, centre=hold.centre, kind=AuditEntry.Kind.UPDATE, action="library.hold.ready", target=hold)
    email, title = hold.borrower.email, hold.title.title
    if email:
        transaction.on_commit(
            lambda: send_mail(
                _("Your hold is ready: %(title)s") % {"title": title},
                _("The title “%(title)s” you reserved is kept for you at the library desk.") % {"title": title},
                settings.DEFAULT_FROM_EMAIL,
                [email],
                fail_silently=True,
            )
        )


@transaction.atomic
def renew(*, loan: Loan, actor: User) -> Loan:
    """Extend an open loan by the loan period from today, while renewals are left and nobody waits."""
    loan = Loan.objects.select_for_update().select_related("copy__title").get(pk=loan.pk)
    if loan.returned_at is not None:
        raise LibraryError(_("This loan has ended."))
    title = loan.copy.title
    rule = rule_for(centre=loan.centre, borrower_kind=loan.borrower_kind, media_type=title.media_type)
    if loan.renewals >= rule.renewals:
        raise LibraryError(_("No renewal is left for this loan (%(max)s allowed).") % {"max": rule.renewals})
    if Hold.objects.filter(title=title, status=Hold.Status.WAITING).exists():
        raise LibraryError(_("Someone is waiting for this title; it cannot be renewed."))
    loan.due_on = max(loan.due_on, timezone.localdate() + datetime.timedelta(days=rule.loan_days))
    loan.renewals += 1
    loan.reminders_sent = 0
    loan.save(update_fields=["due_on", "renewals", "reminders_sent"])
    _audit(actor=actor, centre=loan.centre, kind=AuditEntry.Kind.UPDATE, action="library.loan.renew", target=loan)
    return loan


@transaction.atomic
def hold_place(*, title: Title, borrower: Borrower, actor: User | None) -> Hold:
    """Reserve a title: a copy on the shelf is kept for the borrower at once (READY); otherwise the
    borrower waits in the order holds were placed."""
    _same_centre(title.centre, borrower)
    title = Title.objects.select_for_update().get(pk=title.pk)
    borrower = Borrower.objects.select_for_update().get(pk=borrower.pk)
    rule = rule_for(centre=title.centre, borrower_kind=borrower.kind, media_type=title.media_type)
    if not rule.holds_allowed:
        raise LibraryError(_("Holds are not allowed for this media type."))
    if Hold.objects.filter(
        title=title, borrower=borrower, status__in=[Hold.Status.WAITING, Hold.Status.READY]
    ).exists():
        raise LibraryError(_("The borrower has reserved this title already."))
    if Loan.objects.filter(copy__title=title, borrower=borrower, returned_at__isnull=True).exists():
        raise LibraryError(_("The borrower has this title on loan."))
    hold = Hold.objects.create(centre=title.centre, title=title, borrower=borrower, placed_at=timezone.now())
    _audit(actor=actor, centre=title.centre, kind=AuditEntry.Kind.CREATE, action="library.hold.place", target=hold)
    public_changed(centre_id=title.centre_id)
    free = (
        Copy.objects.select_for_update()
        .filter(title=title)
        .exclude(pk__in=KitComponent.objects.filter(packed_copy__isnull=False).values("packed_copy_id"))
        .exclude(condition=Copy.Condition.WITHDRAWN)
        .exclude(pk__in=Loan.objects.filter(returned_at__isnull=True).values("copy_id"))
        .exclude(pk__in=Hold.objects.filter(status=Hold.Status.READY, copy__isnull=False).values("copy_id"))
        .order_by("id")
        .first()
    )
    if free is not None:
        _make_ready(hold, free, actor)
    return hold


@transaction.atomic
def hold_cancel(*, hold: Hold, actor: User) -> Hold:
    """Cancel a hold; a copy it kept goes to the next waiting hold."""
    Title.objects.select_for_update().get(pk=hold.title_id)
    hold = Hold.objects.select_for_update().get(pk=hold.pk)
    if hold.status not in (Hold.Status.WAITING, Hold.Status.READY):
        raise LibraryError(_("This hold is no longer open."))
    copy = hold.copy if hold.status == Hold.Status.READY else None
    hold.status = Hold.Status.CANCELLED
    hold.copy = None
    hold.save(update_fields=["status", "copy"])
    _audit(actor=actor, centre=hold.centre, kind=AuditEntry.Kind.UPDATE, action="library.hold.cancel", target=hold)
    public_changed(centre_id=hold.centre_id)
    if copy is not None:
        following = (
            Hold.objects.select_for_update()
            .filter(title_id=hold.title_id, status=Hold.Status.WAITING)
            .select_related("borrower", "title")
            .order_by("placed_at", "id")
            .first()
        )
        if following is not None:
            _make_ready(following, copy, actor)
    return hold


@transaction.atomic
def borrower_erase(*, borrower: Borrower, actor: User, reason: str) -> None:
    """Art. 17: the library forgets the person. Holds go; loans stay without the person (only the
    borrower kind remains, for the figures); the person's own record (contact person, volunteer,
    account) is erased where it is kept, not here."""
    borrower = Borrower.objects.select_for_update().get(pk=borrower.pk)
    open_loans = Loan.objects.filter(borrower=borrower, returned_at__isnull=True).count()
    _audit(
        actor=actor,
        centre=borrower.centre,
        kind=AuditEntry.Kind.DELETE,
        action="library.borrower.erase",
        target=borrower,
        changes={"reason": [None, reason], "open_loans_kept_without_person": [None, open_loans]},
    )
    borrower.delete()
