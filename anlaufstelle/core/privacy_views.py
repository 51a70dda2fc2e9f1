"""The Art. 15 (access) and Art. 17 (erasure) GDPR views, built once for every app that keeps personal data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.db import models
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from anlaufstelle.core.access import permission_required
from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.confirm import ask_first
from anlaufstelle.core.http import CentreRequest
from anlaufstelle.core.models import AuditEntry

T = TypeVar("T", bound=models.Model)
View = Callable[..., HttpResponse]


class PersonalDataViews(Generic[T]):
    """The two views over one kind of record: `access` (a JSON download, audited) and `erase` (POST).

    `lookup(request, **url_kwargs)` finds the record inside the request's centre (404 otherwise);
    `export(record)` returns everything stored about it; `erase(record, actor=, reason=)` calls the
    app's erasure action. `back` is where a refused erasure returns to, `after_erase` where a done
    one goes; both get the URL's keyword arguments and the record.
    """

    def __init__(
        self,
        *,
        permission: str,
        lookup: Callable[..., T],
        export: Callable[[T], dict[str, Any]],
        audit_action: str,
        filename: str,
        erase: Callable[..., None],
        erasure_form: type[forms.Form],
        refused: str | Promise,
        erased: str | Promise,
        back: Callable[..., HttpResponse],
        after_erase: Callable[..., HttpResponse],
        describe: Callable[[T], str] | None = None,
        what: str | Promise | None = None,
    ) -> None:
        self.permission = permission
        self.lookup = lookup
        self.export = export
        self.audit_action = audit_action
        self.filename = filename  # with {pk}
        self.erase_action = erase
        self.erasure_form = erasure_form
        self.refused = refused
        self.erased = erased
        self.back = back
        self.after_erase = after_erase
        self.describe = describe  # the record's name on the confirmation page
        self.what = what  # what erasing does, said on the confirmation page

    def access_view(self) -> View:
        @permission_required(self.permission)
        @require_GET
        def access(request: CentreRequest, **kwargs: Any) -> HttpResponse:
            """Everything stored about the record, as JSON, for a request under Art. 15 GDPR."""
            record = self.lookup(request, **kwargs)
            audit_record(
                actor=request.user,
                centre=request.centre,
                kind=AuditEntry.Kind.EXPORT,
                action=self.audit_action,
                target=record,
            )
            response = JsonResponse(self.export(record), json_dumps_params={"ensure_ascii": False, "indent": 2})
            response["Content-Disposition"] = f'attachment; filename="{self.filename.format(pk=record.pk)}"'
            return response

        return access

    def erase_view(self) -> View:
        @permission_required(self.permission)
        @require_http_methods(["GET", "POST"])
        def erase(request: CentreRequest, **kwargs: Any) -> HttpResponse:
            """Erase the record, recording why (Art. 17 GDPR); the form sits on the record's page.

            The page's form asks by GET: that shows what will be erased and only its button erases (POST).
            """
            record = self.lookup(request, **kwargs)
            form = self.erasure_form(request.POST if request.method == "POST" else request.GET)
            if not form.is_valid():
                messages.error(request, str(self.refused))
                return self.back(record, **kwargs)
            if request.method == "GET":
                return ask_first(
                    request,
                    title=_("Erase for good?"),
                    what=self.what
                    or _("Everything stored about this record is erased for good. This cannot be undone."),
                    whom=[self.describe(record)] if self.describe else [],
                    button=_("Yes, erase for good"),
                    back=self.back(record, **kwargs).url,  # type: ignore[attr-defined]
                    carry=list(form.fields),
                )
            self.erase_action(record, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, str(self.erased))
            return self.after_erase(record, **kwargs)

        return erase


def back_to(viewname: str, **url_kwargs: Callable[[Any], Any]) -> Callable[..., HttpResponse]:
    """A redirect to `viewname` with the URL's `centre` and further arguments taken from the record."""

    def go(record: Any, *, centre: str, **_: Any) -> HttpResponse:
        return redirect(viewname, centre=centre, **{name: get(record) for name, get in url_kwargs.items()})

    return go
