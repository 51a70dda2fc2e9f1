"""The server-error page, telling apart the faults an operator expects (docs/operations.md, "Faults").

Django calls `handler500` inside the `except` block of the request that failed, so the exception is
at hand. Three answers, each rendered without a request context (no database, no session):

- the database is unreachable (restarted, failed over): 503 with Retry-After — the request can be
  sent again in a few seconds, and a load balancer does not count it as a broken server;
- the disk for uploaded files is full (ENOSPC, EDQUOT): 507 — the storage left nothing half-written
  (core/storage.py) and the action's transaction was rolled back;
- anything else: the plain 500 page.
"""

from __future__ import annotations

import errno
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 5
DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _cause_chain(exc: BaseException | None) -> list[BaseException]:
    chain: list[BaseException] = []
    while exc is not None and exc not in chain and len(chain) < 10:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    return chain


def fault_kind(exc: BaseException | None) -> str:
    """ "database", "disk_full" or "" for the exception (or what caused it)."""
    for link in _cause_chain(exc):
        if isinstance(link, OperationalError | InterfaceError):
            return "database"
        if isinstance(link, OSError) and link.errno in DISK_FULL:
            return "disk_full"
    return ""


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    kind = fault_kind(sys.exc_info()[1])
    if kind == "database":
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if kind == "disk_full":
        return HttpResponse(loader.get_template("507.html").render(), status=507)
    return HttpResponseServerError(loader.get_template(template_name).render())
