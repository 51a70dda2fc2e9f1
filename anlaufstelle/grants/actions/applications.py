"""The applicant's writes: start a draft, save it, submit it, answer questions, accept, withdraw."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record, diff, snapshot
from anlaufstelle.core.models import AuditEntry, User
from anlaufstelle.grants import money
from anlaufstelle.grants.actions.common import audit, locked, require_applicant, step
from anlaufstelle.grants.errors import GrantsRefused
from anlaufstelle.grants.models import Application, ApplicationVersion, Call, CostLine
from anlaufstelle.grants.sepa import iban_valid, normalise_iban
from anlaufstelle.grants.states import APPLICANT, EDITABLE, Verb

FIELDS = (
    "title",
    "summary",
    "starts_on",
    "ends_on",
    "target_participants",
    "answers",
    "own_share_cents",
    "third_party_cents",
    "account_holder",
    "iban",
)


@transaction.atomic
def application_create(*, call: Call, organisation: Any, actor: User, title: str) -> Application:
    """Start a draft for `organisation` in an open call."""
    if not call.is_open():
        raise GrantsRefused(_("This call is not open for applications."))
    application = Application.objects.create(
        centre=call.centre, call=call, organisation=organisation, title=title or call.title
    )
    require_applicant(actor, application)
    audit_record(
        actor=actor,
        centre=call.centre,
        kind=AuditEntry.Kind.CREATE,
        action="grants.application.create",
        target=application,
    )
    return application


@transaction.atomic
def application_save(
    *, application: Application, actor: User, data: dict[str, Any], lines: list[dict[str, Any]]
) -> Application:
    """Save the draft (or the revision asked for): fields, answers and the cost plan's lines.
    Several people of the organisation may save in turn; the row lock orders their saves."""
    application = locked(application)
    require_applicant(actor, application)
    if application.state not in EDITABLE:
        raise GrantsRefused(_("This application can no longer be changed."))
    if data.get("iban"):
        data = {**data, "iban": normalise_iban(data["iban"])}
        if not iban_valid(data["iban"]):
            raise GrantsRefused(_("This IBAN is not valid."), field="iban")
    before = snapshot(application, FIELDS)
    for name in FIELDS:
        if name in data:
            setattr(application, name, data[name])
    application.save()
    old_lines = [(line.kind, line.description, line.planned_cents) for line in application.lines.all()]
    new_lines = [(line["kind"], line["description"], int(line["planned_cents"])) for line in lines]
    if old_lines != new_lines:
        application.lines.all().delete()
        CostLine.objects.bulk_create(
            CostLine(
                centre=application.centre,
                application=application,
                position=i,
                kind=kind,
                description=description,
                planned_cents=planned,
            )
            for i, (kind, description, planned) in enumerate(new_lines)
        )
    changes = diff(before, snapshot(application, FIELDS))
    if old_lines != new_lines:
        changes["lines"] = [len(old_lines), len(new_lines)]
    audit(actor, application, "grants.application.save", changes)
    return application


def problems(application: Application) -> list[str]:
    """What stops the application from being submitted (empty when it may go)."""
    call = application.call
    found = []
    if not application.title.strip():
        found.append(_("The project needs a title."))
    if not application.starts_on or not application.ends_on or application.ends_on < application.starts_on:
        found.append(_("The project needs a start and an end, the end not before the start."))
    for question in call.questions:
        if question.get("required") and not str(application.answers.get(question["key"], "")).strip():
            found.append(_("Please answer: %(question)s") % {"question": question["label"]})
    plan = plan_of(application)
    if not plan.lines:
        found.append(_("The cost plan needs at least one line."))
    if plan.requested <= 0:
        found.append(_("Own share and third-party funds cover all costs: there is nothing to grant."))
    if plan.requested > call.max_amount_cents:
        found.append(
            _("The grant asked for (%(asked)s) is above the call's maximum (%(max)s).")
            % {"asked": money.format_euros(plan.requested), "max": money.format_euros(call.max_amount_cents)}
        )
    needed = money.share_cents(plan.total, call.own_share_percent)
    if plan.own_share < needed:
        found.append(_("The own share must be at least %(amount)s.") % {"amount": money.format_euros(needed)})
    if not application.iban or not application.account_holder:
        found.append(_("Please give the account holder and IBAN for payments."))
    return found


def plan_of(application: Application) -> money.Plan:
    return money.plan_of(
        (line.planned_cents for line in application.lines.all()),
        own_share=application.own_share_cents,
        third_party=application.third_party_cents,
    )


def _keep_version(application: Application, actor: User) -> None:
    application.version += 1
    ApplicationVersion.objects.create(
        centre=application.centre,
        application=application,
        number=application.version,
        submitted_by=actor,
        content=content_of(application),
    )


def content_of(application: Application) -> dict[str, Any]:
    """The application as plain data (a version, the side-by-side comparison)."""
    plan = plan_of(application)
    return {
        "title": application.title,
        "summary": application.summary,
        "starts_on": application.starts_on.isoformat() if application.starts_on else "",
        "ends_on": application.ends_on.isoformat() if application.ends_on else "",
        "target_participants": application.target_participants,
        "answers": dict(application.answers),
        "lines": [
            {"kind": line.kind, "description": line.description, "planned_cents": line.planned_cents}
            for line in application.lines.all()
        ],
        "own_share_cents": plan.own_share,
        "third_party_cents": plan.third_party,
        "total_cents": plan.total,
        "requested_cents": plan.requested,
    }


@transaction.atomic
def application_submit(*, application: Application, actor: User) -> Application:
    """Submit the draft before the call's deadline; the submitted version is kept."""
    application = locked(application)
    require_applicant(actor, application)
    if application.state == Application.Status.DRAFT:
        if timezone.now() > application.call.deadline:
            raise GrantsRefused(_("The deadline of this call has passed."))
        found = problems(application)
        if found:
            raise GrantsRefused(" ".join(found))
    _keep_version_if(application, actor, Verb.SUBMIT)
    return step(application, Verb.SUBMIT, who=APPLICANT, actor=actor, submitted_at=timezone.now())


def _keep_version_if(application: Application, actor: User, verb: Verb) -> None:
    from anlaufstelle.grants.states import TABLE, State

    if (State(application.state), verb) in TABLE:
        _keep_version(application, actor)


@transaction.atomic
def application_answer(*, application: Application, actor: User, answers: dict[int, str]) -> Application:
    """Answer the open questions and hand the revised application back (a new version is kept)."""
    application = locked(application)
    require_applicant(actor, application)
    if application.state == Application.Status.QUESTIONS:
        found = problems(application)
        if found:
            raise GrantsRefused(" ".join(found))
        now = timezone.now()
        for question in application.questions.filter(answered_at__isnull=True):
            text = answers.get(question.pk, "").strip()
            if not text:
                raise GrantsRefused(_("Please answer every question."))
            question.answer, question.answered_at = text, now
            question.save(update_fields=["answer", "answered_at"])
    _keep_version_if(application, actor, Verb.ANSWER)
    return step(application, Verb.ANSWER, who=APPLICANT, actor=actor)


@transaction.atomic
def application_accept(*, application: Application, actor: User) -> Application:
    """Accept the grant with its conditions (the pass-on contract's acceptance, online)."""
    application = locked(application)
    require_applicant(actor, application)
    return step(application, Verb.ACCEPT, who=APPLICANT, actor=actor, accepted_at=timezone.now())


@transaction.atomic
def application_withdraw(*, application: Application, actor: User) -> Application:
    """Withdraw the application (or decline the decision); the granted amount is freed."""
    application = locked(application)
    require_applicant(actor, application)
    return step(application, Verb.WITHDRAW, who=APPLICANT, actor=actor)
