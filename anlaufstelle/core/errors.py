"""Refusals: the one exception an action raises when a rule says no.

An action checks its rules inside its transaction and raises `Refused` (or a subclass named after
the domain) with a translated sentence for the person who asked. Views catch `Refused` only, and
show it with `show_refusal` — as a form error on the field it names, or as a message:

    try:
        actions.slot_book(slot=form.cleaned_data["slot"], child=child, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal, form=form)

Programming errors stay `ValueError`/`TypeError` and are never caught by views.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.forms import BaseForm
    from django.http import HttpRequest


class Refused(Exception):
    """A rule said no. `message` is translated text for the person; `field` names the form field
    it concerns, if any."""

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field

    def __str__(self) -> str:
        return self.message


def show_refusal(request: HttpRequest, refusal: Refused, *, form: BaseForm | None = None) -> None:
    """Tell the person why: on the form (on the named field, else above the form) or as a message."""
    if form is not None:
        field = refusal.field if refusal.field in form.fields else None
        form.add_error(field, refusal.message)
    else:
        messages.error(request, refusal.message)
