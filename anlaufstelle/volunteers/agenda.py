"""Interpreting assignments for the staff calendar: every booked one for coordinators, the person's own
requests for whoever asked for an interpreter."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from anlaufstelle.core.models import Centre
from anlaufstelle.volunteers.models import Assignment, InterpretingRequest
from anlaufstelle.workspace.agenda import Entry, register_agenda


@register_agenda("volunteers.assignments")
def entries(
    *, user: Any, centre: Centre, permissions: frozenset[str], start: datetime.datetime, end: datetime.datetime
) -> list[Entry]:
    coordinator = "volunteers.manage_requests" in permissions
    if not coordinator and "volunteers.request_interpreter" not in permissions:
        return []
    assignments = Assignment.objects.filter(
        centre=centre, status=Assignment.Status.BOOKED, starts_at__gte=start, starts_at__lt=end
    ).select_related("request", "volunteer")
    if not coordinator:
        assignments = assignments.filter(request__requested_by=user)
    kind = _("Interpreting")
    languages = {value: str(label) for value, label in InterpretingRequest._meta.get_field("language").flatchoices}
    found = []
    for assignment in assignments:
        request = assignment.request
        language = languages.get(request.language, request.language)
        url = (
            reverse("volunteers:request", kwargs={"centre": centre.slug, "pk": request.pk})
            if coordinator
            else reverse("volunteers:institution_requests", kwargs={"centre": centre.slug})
        )
        found.append(
            Entry(
                uid=f"assignment-{assignment.pk}",
                starts_at=assignment.starts_at,
                ends_at=assignment.ends_at,
                kind=kind,
                title=f"{kind} {language}: {assignment.volunteer.first_name}",
                feed_title=f"{kind} {language}",
                url=url,
                place=request.place,
                mine=request.requested_by_id == user.pk,
            )
        )
    return found
