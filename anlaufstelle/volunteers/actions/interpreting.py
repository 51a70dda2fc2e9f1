"""Interpreter needs from newcomer bookings arrive here as interpreting requests (and leave when cancelled)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_scopes import scope, scopes_disabled

from anlaufstelle.newcomers.interpreting import on_interpreter_need
from anlaufstelle.newcomers.models import InterpreterNeed
from anlaufstelle.volunteers.actions.booking import request_cancel
from anlaufstelle.volunteers.models import Assignment, InterpretingRequest, Offer

KIND_BY_SETTING = {"Schuleingangsuntersuchung": InterpretingRequest.Kind.HEALTH_OFFICE}


@on_interpreter_need
def need_changed(need_id: int) -> None:
    """Create the request for a new need; cancel the request of a cancelled one (its interpreter is told)."""
    with scopes_disabled():  # the hook brings only an id: the need tells which centre it belongs to
        need = InterpreterNeed.objects.select_related("centre").get(pk=need_id)
    with scope(centre=need.centre), transaction.atomic():
        request = InterpretingRequest.objects.filter(need=need).first()
        if need.status == InterpreterNeed.Status.OPEN and request is None:
            kind = next(
                (kind for word, kind in KIND_BY_SETTING.items() if word in need.setting),
                InterpretingRequest.Kind.CENTRE,
            )
            InterpretingRequest.objects.create(
                centre=need.centre,
                need=need,
                language=need.language,
                starts_at=need.starts_at,
                duration_minutes=max(need.duration_minutes, 15),
                place=need.place,
                kind=kind,
                notes=need.setting[:500],
            )
        elif (
            need.status == InterpreterNeed.Status.CANCELLED
            and request is not None
            and request.status != InterpretingRequest.Status.CANCELLED
        ):
            if request.ends_at <= timezone.now():
                # Already over: nobody to tell, only the open offers are closed.
                request.offers.filter(status=Offer.Status.OPEN).update(
                    status=Offer.Status.WITHDRAWN, answered_at=timezone.now()
                )
                return
            # The ordinary cancellation: the booked interpreter and anyone with an open offer are told.
            request_cancel(
                request=request,
                actor=None,
                by=Assignment.CancelledBy.CENTRE,
                reason=gettext("The appointment is no longer needed."),
            )
