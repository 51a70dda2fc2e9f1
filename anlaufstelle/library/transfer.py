"""Importing an existing catalogue from CSV or XLSX (`core/tabular.py`) or MARC21/MARCXML (`marc.py`, which
turns records into the same rows): one row per copy; rows with the same ISBN (or, without ISBN, the same
title and authors) are copies of one title. Every row is checked first; a single problem imports nothing and
the report names row and column. Runs as a background job (`library.import`, `library.import_marc`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.jobs import register_job
from anlaufstelle.core.languages import codes_by_name, encode_codes
from anlaufstelle.core.models import AuditEntry, BackgroundJob, Centre, User
from anlaufstelle.core.public_cache import public_changed
from anlaufstelle.core.tabular import Table, TableError, read_table
from anlaufstelle.library import isbn
from anlaufstelle.library.models import Copy, MediaType, Title, Topic

COLUMNS = [
    "barcode",
    "title",
    "isbn",
    "authors",
    "publisher",
    "year",
    "languages",
    "media_type",
    "age_from",
    "age_to",
    "topics",
    "shelf_mark",
    "summary",
]
REQUIRED = ("barcode", "title")


@dataclass
class Problem:
    row: int | str
    column: str
    message: str


@dataclass
class Report:
    titles: int = 0
    copies: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _number(value: str, row: int, column: str, problems: list[Problem], *, low: int, high: int) -> int | None:
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not low <= number <= high:
        problems.append(
            Problem(row, column, _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high})
        )
        return None
    return number


def _media_type(value: str) -> str | None:
    wanted = value.strip().casefold()
    if not wanted:
        return MediaType.BOOK
    for code, label in MediaType.choices:
        if wanted in (code, str(label).casefold()):
            return code
    return None


def import_table(*, centre: Centre, actor: User, table: Table, progress: Callable[..., None] | None = None) -> Report:
    """Check every row, then create titles and copies in one transaction — or nothing."""
    report = Report()
    missing = [name for name in REQUIRED if name not in table.headers]
    if missing:
        report.problems.append(
            Problem("", ", ".join(missing), _("The file has no column %(names)s.") % {"names": ", ".join(missing)})
        )
        return report
    languages = codes_by_name()
    taken = set(Copy.objects.filter(centre=centre).values_list("barcode", flat=True))
    seen: set[str] = set()
    titles: dict[tuple[str, str, str], dict[str, Any]] = {}
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        problems = report.problems
        barcode, name = row.get("barcode", "").strip(), row.get("title", "").strip()
        if not barcode:
            problems.append(Problem(number, "barcode", _("Every copy needs a barcode.")))
        elif barcode in taken or barcode in seen:
            problems.append(
                Problem(
                    number, "barcode", _("Another copy already has the barcode %(barcode)s.") % {"barcode": barcode}
                )
            )
        seen.add(barcode)
        if not name:
            problems.append(Problem(number, "title", _("Every row needs a title.")))
        try:
            code = isbn.normalise(row.get("isbn", ""))
        except ValueError:
            problems.append(
                Problem(
                    number,
                    "isbn",
                    _("“%(isbn)s” is not a valid ISBN (wrong length or check digit).") % {"isbn": row.get("isbn", "")},
                )
            )
            code = ""
        media = _media_type(row.get("media_type", ""))
        if media is None:
            problems.append(
                Problem(
                    number,
                    "media_type",
                    _("Unknown media type; use one of: %(codes)s.") % {"codes": ", ".join(MediaType.values)},
                )
            )
        codes = []
        for part in row.get("languages", "").replace(",", ";").split(";"):
            if part.strip():
                found = languages.get(part.strip().casefold())
                if found is None:
                    problems.append(
                        Problem(number, "languages", _("Unknown language “%(name)s”.") % {"name": part.strip()})
                    )
                else:
                    codes.append(found)
        year = _number(row.get("year", ""), number, "year", problems, low=1400, high=2100)
        age_from = _number(row.get("age_from", ""), number, "age_from", problems, low=0, high=120)
        age_to = _number(row.get("age_to", ""), number, "age_to", problems, low=0, high=120)
        if age_from is not None and age_to is not None and age_from > age_to:
            problems.append(Problem(number, "age_to", _("The age band ends before it starts.")))
        key = (code, "" if code else name.casefold(), "" if code else row.get("authors", "").strip().casefold())
        entry = titles.setdefault(
            key,
            {
                "title": name[:300],
                "isbn": code,
                "authors": row.get("authors", "").strip()[:300],
                "publisher": row.get("publisher", "").strip()[:200],
                "year": year,
                "languages": encode_codes(codes),
                "media_type": media or MediaType.BOOK,
                "age_from": age_from,
                "age_to": age_to,
                "topics": [t.strip()[:120] for t in row.get("topics", "").split(";") if t.strip()],
                "summary": row.get("summary", "").strip(),
                "copies": [],
            },
        )
        entry["copies"].append({"barcode": barcode[:40], "shelf_mark": row.get("shelf_mark", "").strip()[:60]})
    if report.problems:
        return report
    with transaction.atomic():
        topics = {topic.name.casefold(): topic for topic in Topic.objects.filter(centre=centre)}
        for done, entry in enumerate(titles.values(), start=1):
            title = Title.objects.create(
                centre=centre, **{k: v for k, v in entry.items() if k not in ("topics", "summary", "copies")}
            )
            for topic_name in entry["topics"]:
                topic = topics.get(topic_name.casefold())
                if topic is None:
                    topic = topics[topic_name.casefold()] = Topic.objects.create(centre=centre, name=topic_name)
                title.topics.add(topic)
            if entry["summary"]:
                title.texts.create(language="de", summary=entry["summary"])
            Copy.objects.bulk_create([Copy(centre=centre, title=title, **copy) for copy in entry["copies"]])
            report.titles += 1
            report.copies += len(entry["copies"])
            if progress is not None:
                progress(done, len(titles))
        audit_record(
            actor=actor,
            centre=centre,
            kind=AuditEntry.Kind.IMPORT,
            action="library.catalogue.import",
            changes={"titles": [None, report.titles], "copies": [None, report.copies]},
        )
        public_changed(centre_id=centre.pk)
    return report


def _job_result(job: BackgroundJob, progress: Callable[..., None], read: Callable[[Any], Table]) -> dict[str, Any]:
    from django.urls import reverse

    link = {"url": reverse("library:overview", kwargs={"centre": job.centre.slug}), "label": "library"}
    try:
        with job.input_file.open("rb") as upload:
            table = read(upload)
    except TableError as exc:
        return {"ok": False, "problems": [{"row": "", "column": "", "message": str(exc)}], "link": link}
    if job.created_by is None:
        raise RuntimeError("The person who started the import no longer exists.")
    report = import_table(centre=job.centre, actor=job.created_by, table=table, progress=progress)
    return {
        "ok": report.ok,
        "created": report.titles,
        "copies": report.copies,
        "problems": [{"row": p.row, "column": p.column, "message": p.message} for p in report.problems],
        "link": link,
    }


@register_job("library.import")
def import_job(job: BackgroundJob, progress: Callable[..., None]) -> dict[str, Any]:
    """Background job: read the uploaded file and import it (all rows or none)."""
    return _job_result(job, progress, read_table)


@register_job("library.import_marc")
def import_marc_job(job: BackgroundJob, progress: Callable[..., None]) -> dict[str, Any]:
    """Background job: read an uploaded MARC21/MARCXML file and import it (all records or none)."""
    from anlaufstelle.library.marc import read_marc

    return _job_result(job, progress, lambda upload: read_marc(upload, job.title))
