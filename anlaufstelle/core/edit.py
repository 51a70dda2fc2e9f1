"""The one shape of a simple edit page, and the two helpers every module's views use with it.

A valid form goes to its action; the action's refusal goes back onto the form (on the field it
names); success says "Saved." and redirects. The form comes back with 422 when it has errors, so
tests and htmx can tell a refused post from a first visit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from anlaufstelle.core.errors import Refused, show_refusal

Saved = TypeVar("Saved", bound=Model)


def get_or_404(lookup: Callable[..., Any], request: Any, pk: int | None = None, **extra: Any) -> Any:
    """The selector's object in the request's centre; another centre's id (or none) answers 404."""
    if pk is not None:
        extra["pk"] = pk
    try:
        return lookup(centre=request.centre, **extra)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def posted(request: HttpRequest, *, files: bool = False) -> dict[str, Any]:
    """A form's data (and uploads) when the request is a POST; nothing on a first visit."""
    if request.method != "POST":
        return {"data": None}
    return {"data": request.POST, "files": request.FILES} if files else {"data": request.POST}


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
