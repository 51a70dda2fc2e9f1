"""The one shape of a simple edit page, shared by the modules' views.

A valid form goes to its action; the action's refusal goes back onto the form (on the field it
names); success says "Saved." and redirects. The form comes back with 422 when it has errors, so
tests and htmx can tell a refused post from a first visit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from anlaufstelle.core.errors import Refused, show_refusal

Saved = TypeVar("Saved", bound=Model)


def edit_page(
    request: HttpRequest,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], Saved],
    done: Callable[[Saved], str],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Valid form -> action -> redirect to `done(saved)`, or the form again with the refusal."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("Saved."))
            return redirect(done(saved))
    status = 422 if form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)
