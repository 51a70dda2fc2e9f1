"""Files in and out of the newcomers module: the Gesundheitsamt's appointment slots."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from anlaufstelle.core.errors import Refused
from anlaufstelle.core.jobs import Progress, register_job
from anlaufstelle.core.models import BackgroundJob
from anlaufstelle.core.tabular import Table, TableError, read_table

SLOT_COLUMNS = ("datum", "uhrzeit", "dauer", "ort")
MAX_SLOTS = 2_000
MAX_PROBLEMS = 20


class SlotRowError(Refused):
    """The file cannot be imported; the message names the row and the column."""

    def __init__(self, message: str | Promise, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [self.message]  # one message per bad row


def _date(text: str) -> datetime.date:
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.datetime.strptime(text.strip()[:10], pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _time(text: str) -> datetime.time:
    text = text.strip()
    if "T" in text:  # an Excel date-time cell
        text = text.split("T", 1)[1]
    for pattern in ("%H:%M", "%H:%M:%S", "%H.%M"):
        try:
            return datetime.datetime.strptime(text, pattern).time()
        except ValueError:
            continue
    raise ValueError(text)


def _slot(number: int, row: dict[str, str], now: datetime.datetime) -> tuple[tuple[str, int], datetime.datetime]:
    """One row as ((place, duration), start), or the row's problem."""
    try:
        day = _date(row["datum"])
    except ValueError:
        raise SlotRowError(
            _("Row %(row)s: “%(value)s” is not a date (e.g. 24.11.2026).") % {"row": number, "value": row["datum"]}
        ) from None
    try:
        at = _time(row["uhrzeit"])
    except ValueError:
        raise SlotRowError(
            _("Row %(row)s: “%(value)s” is not a time (e.g. 09:30).") % {"row": number, "value": row["uhrzeit"]}
        ) from None
    try:
        duration = int(row["dauer"] or "30")
        if not 5 <= duration <= 480:
            raise ValueError
    except ValueError:
        raise SlotRowError(
            _("Row %(row)s: the duration must be a number of minutes between 5 and 480.") % {"row": number}
        ) from None
    place = row["ort"].strip()[:200]
    if not place:
        raise SlotRowError(_("Row %(row)s: the place is missing.") % {"row": number})
    start = timezone.make_aware(datetime.datetime.combine(day, at))
    if start < now:
        raise SlotRowError(_("Row %(row)s: the appointment lies in the past.") % {"row": number})
    return (place, duration), start


def parse_slots(table: Table) -> list[tuple[str, int, list[datetime.datetime]]]:
    """(place, duration, start times) per place and duration; any bad row stops everything and is named."""
    missing = [column for column in SLOT_COLUMNS if column not in table.headers]
    if missing:
        raise SlotRowError(
            _("The file needs the columns %(columns)s; missing: %(missing)s.")
            % {"columns": ", ".join(c.capitalize() for c in SLOT_COLUMNS), "missing": ", ".join(missing)}
        )
    if len(table.rows) > MAX_SLOTS:
        raise SlotRowError(_("At most %(max)s appointments can be imported at once.") % {"max": MAX_SLOTS})
    grouped: dict[tuple[str, int], list[datetime.datetime]] = defaultdict(list)
    problems: list[str] = []
    now = timezone.now()
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        try:
            grouped_key, start = _slot(number, row, now)
        except SlotRowError as exc:
            problems.append(str(exc))
            continue
        grouped[grouped_key].append(start)
    if problems:
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        suffix = [_("… and %(count)s more problems.") % {"count": more}] if more else []
        raise SlotRowError(" ".join([_("Nothing was imported."), *shown, *suffix]), problems=[*shown, *suffix])
    return [(place, duration, starts) for (place, duration), starts in grouped.items()]


@register_job("newcomers.slot_import")
def slot_import_job(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """Background job: read the Gesundheitsamt's file (bounded) and create every slot or none."""
    from django.urls import reverse

    from anlaufstelle.newcomers import actions

    link = {"url": reverse("newcomers:slots", kwargs={"centre": job.centre.slug})}
    try:
        with job.input_file.open("rb") as upload:
            rows = parse_slots(read_table(upload))
    except (SlotRowError, TableError) as exc:
        problems = exc.problems if isinstance(exc, SlotRowError) else [str(exc)]
        return {"ok": False, "problems": [{"row": "", "column": "", "message": p} for p in problems], "link": link}
    if job.created_by is None:  # the account was deleted while the job waited
        raise RuntimeError("The person who started the import no longer exists.")
    count = 0
    with transaction.atomic():
        for index, (place, duration, starts) in enumerate(rows):
            progress(index, len(rows))
            count += len(
                actions.slots_create(
                    centre=job.centre,
                    actor=job.created_by,
                    kind=job.params["kind"],
                    starts=starts,
                    duration_minutes=duration,
                    place=place,
                )
            )
    return {"ok": True, "created": count, "updated": 0, "link": link}
