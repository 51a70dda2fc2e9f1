"""What the grants actions share: the state step, the audit entry and the organisation check."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.models import AuditEntry, Membership, User
from anlaufstelle.core.roles import Role
from anlaufstelle.grants import states
from anlaufstelle.grants.errors import GrantsRefused, TransitionRefused
from anlaufstelle.grants.handoffs import after_step
from anlaufstelle.grants.models import Application


def locked(application: Application) -> Application:
    """The application row, locked for the rest of the transaction (state changes never interleave)."""
    return Application.objects.select_for_update().get(pk=application.pk)


def step(application: Application, verb: states.Verb, *, who: str, actor: User, **changes: Any) -> Application:
    """Move `application` (already locked) along the state table and write the audit entry."""
    try:
        target = states.move(application.state, verb, who=who)
    except states.NotAllowed as exc:
        raise TransitionRefused(
            _("This is not possible while the application is “%(state)s”.") % {"state": application.get_state_display()}
        ) from exc
    before = application.state
    application.state = target
    for name, value in changes.items():
        setattr(application, name, value)
    application.save()
    audit(actor, application, f"grants.application.{verb}", {"state": [before, str(target)]})
    after_step(application, verb, actor)
    return application


def audit(actor: User, target: Any, action: str, changes: dict[str, Any] | None = None) -> None:
    audit_record(
        actor=actor, centre=target.centre, kind=AuditEntry.Kind.UPDATE, action=action, target=target, changes=changes
    )


def acts_for(user: User, application: Application) -> bool:
    """Is `user` a partner member of the applying organisation (in the application's centre)?"""
    return Membership.objects.filter(
        user=user,
        centre_id=application.centre_id,
        role=Role.PARTNER,
        organisation_id=application.organisation_id,
        is_active=True,
    ).exists()


def belongs_to_applicant(user: User, application: Application) -> bool:
    """Does `user` hold any membership for the applying organisation (staff acting for it included)?"""
    return Membership.objects.filter(
        user=user, centre_id=application.centre_id, organisation_id=application.organisation_id
    ).exists()


def require_applicant(user: User, application: Application) -> None:
    if not acts_for(user, application):
        raise GrantsRefused(_("Only members of the applying organisation may do this."))


def require_independent(user: User, application: Application) -> None:
    if belongs_to_applicant(user, application):
        raise GrantsRefused(_("Staff of the applying organisation cannot review or decide its application."))
