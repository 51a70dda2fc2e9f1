"""Import and export of the partner register as CSV or XLSX (one row per organisation)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.jobs import register_job
from anlaufstelle.core.models import AuditEntry, BackgroundJob, Centre, User
from anlaufstelle.core.tabular import Table, TableError, read_table
from anlaufstelle.partners import actions
from anlaufstelle.partners.models import Address, Organisation

COLUMNS = [
    "id",
    "name",
    "kind",
    "description",
    "website",
    "email",
    "phone",
    "school_number",
    "school_form",
    "street",
    "postcode",
    "city",
    "district",
    "latitude",
    "longitude",
    "tags",
]
REQUIRED_COLUMNS = {"name", "kind"}
ADDRESS_COLUMNS = ("street", "postcode", "city", "district", "latitude", "longitude")


def _choice_lookup(choices: list[tuple[str, Any]]) -> dict[str, str]:
    """Accept a choice by its code or by its label (German or English), case-insensitively."""
    lookup: dict[str, str] = {}
    from django.utils import translation

    for code, label in choices:
        lookup[code.lower()] = code
        for language in ("de", "en"):
            with translation.override(language):
                lookup[str(label).lower()] = code
    return lookup


class RowForm(forms.Form):
    """Validates one row of an import; field names are the column names."""

    id = forms.IntegerField(required=False, min_value=1)
    name = forms.CharField(max_length=200)
    kind = forms.CharField(max_length=60)
    description = forms.CharField(required=False)
    website = forms.URLField(required=False, max_length=200, assume_scheme="https")
    email = forms.EmailField(required=False)
    phone = forms.CharField(required=False, max_length=50)
    school_number = forms.RegexField(
        regex=r"^\d{6}$",
        required=False,
        error_messages={"invalid": gettext_lazy("The NRW school number has six digits.")},
    )
    school_form = forms.CharField(required=False, max_length=60)
    street = forms.CharField(required=False, max_length=200)
    postcode = forms.RegexField(
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": gettext_lazy("A German postcode has five digits.")},
    )
    city = forms.CharField(required=False, max_length=100)
    district = forms.CharField(required=False, max_length=100)
    latitude = forms.DecimalField(required=False, min_value=-90, max_value=90, decimal_places=6, max_digits=9)
    longitude = forms.DecimalField(required=False, min_value=-180, max_value=180, decimal_places=6, max_digits=9)
    tags = forms.CharField(required=False, max_length=500)

    def __init__(self, *args: Any, kinds: dict[str, str], forms_: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        self.school_forms = forms_

    def clean_kind(self) -> str:
        value = self.cleaned_data["kind"].strip().lower()
        if value not in self.kinds:
            raise forms.ValidationError(
                _("Unknown kind “%(value)s”. Allowed: %(allowed)s.")
                % {"value": self.cleaned_data["kind"], "allowed": ", ".join(Organisation.Kind.values)}
            )
        return self.kinds[value]

    def clean_school_form(self) -> str:
        value = self.cleaned_data["school_form"].strip().lower()
        if not value:
            return ""
        if value not in self.school_forms:
            raise forms.ValidationError(
                _("Unknown school form “%(value)s”. Allowed: %(allowed)s.")
                % {"value": self.cleaned_data["school_form"], "allowed": ", ".join(Organisation.SchoolForm.values)}
            )
        return self.school_forms[value]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        address_given = [name for name in ("street", "postcode", "city") if data.get(name)]
        if address_given and len(address_given) < 3:
            for name in ("street", "postcode", "city"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Street, postcode and city belong together."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
        if data.get("school_number") and data.get("kind") != Organisation.Kind.SCHOOL:
            self.add_error("school_number", _("Only schools have a school number."))
        return data


@dataclass
class ImportProblem:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    problems: list[ImportProblem] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _no_progress(done: int, total: int | None = None, message: str = "") -> None:
    """Default progress callback: report nothing."""


def validate_table(
    *, centre: Centre, table: Table, progress: Callable[..., None] = _no_progress
) -> tuple[ImportReport, list[dict[str, Any]]]:
    """Check every row; return the problems (row, column, message) and the cleaned rows."""
    report = ImportReport()
    missing = REQUIRED_COLUMNS - set(table.headers)
    for column in sorted(missing):
        report.problems.append(ImportProblem(1, column, _("This column is missing.")))
    for column in table.headers:
        if column not in COLUMNS:
            report.problems.append(
                ImportProblem(1, column, _("Unknown column. Allowed: %(allowed)s.") % {"allowed": ", ".join(COLUMNS)})
            )
    if report.problems:
        return report, []
    if not table.rows:
        report.problems.append(ImportProblem(2, "", _("The file has no rows below the column names.")))
        return report, []
    kinds = _choice_lookup(Organisation.Kind.choices)
    school_forms = _choice_lookup(Organisation.SchoolForm.choices)
    existing_ids = set(Organisation.objects.filter(centre=centre).values_list("id", flat=True))
    numbers_in_db = dict(
        Organisation.objects.filter(centre=centre).exclude(school_number="").values_list("school_number", "id")
    )
    seen_numbers: dict[str, int] = {}
    cleaned_rows = []
    total = 2 * len(table.rows)  # validating, then writing
    for index, (number, row) in enumerate(zip(table.row_numbers, table.rows, strict=True)):
        progress(index, total, _("Checking row %(row)s") % {"row": number})
        for column in ("latitude", "longitude"):  # German spreadsheets write 51,333
            if row.get(column):
                row = {**row, column: row[column].replace(",", ".")}
        form = RowForm(data=row, kinds=kinds, forms_=school_forms)
        if not form.is_valid():
            for column, errors in form.errors.items():
                for message in errors:
                    report.problems.append(ImportProblem(number, "" if column == "__all__" else column, str(message)))
            continue
        data = form.cleaned_data
        if data.get("id") and data["id"] not in existing_ids:
            report.problems.append(ImportProblem(number, "id", _("No organisation with this id in this centre.")))
        school_number = data.get("school_number")
        if school_number:
            owner = numbers_in_db.get(school_number)
            if school_number in seen_numbers:
                report.problems.append(
                    ImportProblem(
                        number,
                        "school_number",
                        _("The same school number is in row %(row)s.") % {"row": seen_numbers[school_number]},
                    )
                )
            elif owner is not None and owner != data.get("id"):
                report.problems.append(
                    ImportProblem(number, "school_number", _("Another organisation already has this school number."))
                )
            seen_numbers[school_number] = number
        cleaned_rows.append(data)
    return report, cleaned_rows


def import_table(
    *, centre: Centre, actor: User, table: Table, progress: Callable[..., None] = _no_progress
) -> ImportReport:
    """Import all rows or none: any problem leaves the register as it was."""
    report, rows = validate_table(centre=centre, table=table, progress=progress)
    if not report.ok:
        return report
    present = set(table.headers)
    with transaction.atomic():
        existing = Organisation.objects.filter(centre=centre).in_bulk([row["id"] for row in rows if row.get("id")])
        for index, row in enumerate(rows):
            progress(len(rows) + index, 2 * len(rows), _("Saving row %(row)s") % {"row": index + 2})
            organisation = existing.get(row["id"]) if row.get("id") else None
            # Only the columns in the file change an existing organisation; an empty cell clears.
            tags = None
            if "tags" in present:
                tags = actions.tags_get_or_create(centre=centre, names=(row.get("tags") or "").split(";"))
            saved = actions.organisation_save(
                centre=centre,
                actor=actor,
                data={name: row.get(name) or "" for name in actions.ORGANISATION_FIELDS if name in present},
                tags=tags,
                organisation=organisation,
            )
            if row.get("street"):
                primary = saved.addresses.filter(is_primary=True).first() if organisation else None
                actions.address_save(
                    organisation=saved,
                    actor=actor,
                    data={**{name: row.get(name) for name in ADDRESS_COLUMNS if name in present}, "is_primary": True},
                    address=primary,
                )
            if organisation is None:
                report.created += 1
            else:
                report.updated += 1
        audit_record(
            actor=actor,
            centre=centre,
            kind=AuditEntry.Kind.IMPORT,
            action="partners.organisation.import",
            changes={"created": [None, report.created], "updated": [None, report.updated]},
        )
    return report


def export_rows(organisations: list[Organisation]) -> list[list[Any]]:
    """One row per organisation in the import format (main address only)."""
    rows = []
    for org in organisations:
        address: Address | None = org.primary_address
        rows.append(
            [
                org.pk,
                org.name,
                org.kind,
                org.description,
                org.website,
                org.email,
                org.phone,
                org.school_number,
                org.school_form,
                address.street if address else "",
                address.postcode if address else "",
                address.city if address else "",
                address.district if address else "",
                str(address.latitude) if address and address.latitude is not None else "",
                str(address.longitude) if address and address.longitude is not None else "",
                ";".join(sorted(tag.name for tag in org.tags.all())),
            ]
        )
    return rows


@register_job("partners.import")
def import_job(job: BackgroundJob, progress: Callable[..., None]) -> dict[str, Any]:
    """Background job: read the uploaded file and import it (all rows or none)."""
    from django.urls import reverse

    link = {"url": reverse("partners:list", kwargs={"centre": job.centre.slug}), "label": "partners"}
    try:
        with job.input_file.open("rb") as upload:
            table = read_table(upload)
    except TableError as exc:
        return {"ok": False, "problems": [{"row": "", "column": "", "message": str(exc)}], "link": link}
    if job.created_by is None:  # the account was deleted while the job waited
        raise RuntimeError("The person who started the import no longer exists.")
    report = import_table(centre=job.centre, actor=job.created_by, table=table, progress=progress)
    return {
        "ok": report.ok,
        "created": report.created,
        "updated": report.updated,
        "problems": [{"row": p.row, "column": p.column, "message": p.message} for p in report.problems],
        "link": link,
    }
