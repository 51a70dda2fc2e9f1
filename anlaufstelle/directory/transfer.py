"""Import of the KI's existing offer lists (CSV/XLSX): column mapping, validation, all or nothing."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from django import forms
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anlaufstelle.core.audit import audit_record
from anlaufstelle.core.jobs import register_job
from anlaufstelle.core.languages import OFFER_LANGUAGES, codes_by_name, encode_codes
from anlaufstelle.core.models import AuditEntry, BackgroundJob, Centre, User
from anlaufstelle.core.tabular import Table, TableError, read_table
from anlaufstelle.directory import actions
from anlaufstelle.directory.taxonomy import AgeGroup, Area
from anlaufstelle.partners.actions import address_save
from anlaufstelle.partners.models import Address, Organisation

# Our field -> (label, required, words that suggest a column for it)
FIELDS: dict[str, tuple[Any, bool, tuple[str, ...]]] = {
    "title": (gettext_lazy("Title"), True, ("titel", "title", "angebot", "name des angebots", "bezeichnung")),
    "provider": (gettext_lazy("Provider"), True, ("träger", "traeger", "anbieter", "provider", "organisation")),
    "summary": (gettext_lazy("Short description"), False, ("kurzbeschreibung", "summary", "kurztext")),
    "description": (gettext_lazy("Description"), False, ("beschreibung", "description", "text", "inhalt")),
    "areas": (gettext_lazy("Areas of life"), False, ("bereich", "lebensbereich", "kategorie", "area")),
    "age_groups": (gettext_lazy("Age groups"), False, ("altersgruppe", "zielgruppe alter", "age")),
    "languages": (gettext_lazy("Languages spoken"), False, ("sprachen", "sprache", "languages")),
    "street": (gettext_lazy("Street and number"), False, ("straße", "strasse", "anschrift", "adresse", "street")),
    "postcode": (gettext_lazy("Postcode"), False, ("plz", "postleitzahl", "postcode")),
    "city": (gettext_lazy("City"), False, ("ort", "stadt", "city")),
    "district": (gettext_lazy("District"), False, ("stadtteil", "bezirk", "district")),
    "is_free": (gettext_lazy("Free of charge"), False, ("kostenlos", "kostenfrei", "free")),
    "costs": (gettext_lazy("Costs"), False, ("kosten", "gebühr", "costs")),
    "opening_hours": (gettext_lazy("When"), False, ("zeiten", "öffnungszeiten", "wann", "termine")),
    "registration": (gettext_lazy("How to register"), False, ("anmeldung", "registration")),
    "contact_email": (gettext_lazy("Contact e-mail"), False, ("e-mail", "email", "mail")),
    "contact_phone": (gettext_lazy("Contact phone"), False, ("telefon", "tel", "phone")),
    "website": (gettext_lazy("Website"), False, ("website", "internet", "homepage", "url")),
    "target_group": (gettext_lazy("For whom"), False, ("zielgruppe", "für wen", "target")),
}
TRUE_WORDS = {"1", "ja", "j", "yes", "y", "x", "true", "wahr", "kostenlos", "kostenfrei"}
FALSE_WORDS = {"", "0", "nein", "n", "no", "false", "falsch"}


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Our field -> the file's column that most likely holds it (may be empty)."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for field, (_label, _required, words) in FIELDS.items():
        best, score = "", 0.0
        for header in headers:
            if header in used:
                continue
            for word in words:
                ratio = 1.0 if header == word else difflib.SequenceMatcher(None, header, word).ratio()
                if word in header and len(word) >= 4:
                    ratio = max(ratio, 0.9)
                if ratio > score:
                    best, score = header, ratio
        if score >= 0.8:
            mapping[field] = best
            used.add(best)
    return mapping


def _lookup(choices: list[tuple[str, Any]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for code, label in choices:
        table[code.lower()] = code
        for language in ("de", "en"):
            with translation.override(language):
                table[str(label).lower()] = code
    return table


class RowForm(forms.Form):
    title = forms.CharField(max_length=200)
    provider = forms.CharField(max_length=200)
    summary = forms.CharField(max_length=300, required=False)
    description = forms.CharField(required=False)
    street = forms.CharField(max_length=200, required=False)
    postcode = forms.RegexField(
        regex=r"^\d{5}$", required=False, error_messages={"invalid": gettext_lazy("A German postcode has five digits.")}
    )
    city = forms.CharField(max_length=100, required=False)
    district = forms.CharField(max_length=100, required=False)
    costs = forms.CharField(max_length=300, required=False)
    opening_hours = forms.CharField(required=False)
    registration = forms.CharField(required=False)
    target_group = forms.CharField(max_length=300, required=False)
    contact_email = forms.EmailField(required=False)
    contact_phone = forms.CharField(max_length=50, required=False)
    website = forms.URLField(required=False, max_length=200, assume_scheme="https")
    areas = forms.CharField(required=False)
    age_groups = forms.CharField(required=False)
    languages = forms.CharField(required=False)
    is_free = forms.CharField(required=False)

    def __init__(self, *args: Any, providers: dict[str, Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.providers = providers

    def _codes(self, name: str, table: dict[str, str], allowed: str) -> str:
        values = [v.strip() for v in self.cleaned_data.get(name, "").replace(",", ";").split(";") if v.strip()]
        unknown = [v for v in values if v.lower() not in table]
        if unknown:
            raise forms.ValidationError(
                _("Unknown value(s) %(values)s. Allowed: %(allowed)s.")
                % {"values": ", ".join(unknown), "allowed": allowed}
            )
        return encode_codes([table[v.lower()] for v in values])

    def clean_provider(self) -> Organisation:
        name = self.cleaned_data["provider"].strip()
        organisation = self.providers.get(name.lower())
        if organisation is None:
            raise forms.ValidationError(_("No organisation “%(name)s” in the partner register.") % {"name": name})
        return organisation

    def clean_areas(self) -> str:
        return self._codes("areas", _lookup(Area.choices), ", ".join(Area.values))

    def clean_age_groups(self) -> str:
        return self._codes("age_groups", _lookup(AgeGroup.choices), ", ".join(AgeGroup.values))

    def clean_languages(self) -> str:
        return self._codes("languages", codes_by_name(), ", ".join(code for code, _n in OFFER_LANGUAGES))

    def clean_is_free(self) -> bool:
        value = self.cleaned_data.get("is_free", "").strip().lower()
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        raise forms.ValidationError(_("Write yes or no."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [name for name in ("street", "postcode", "city") if data.get(name)]
        if given and len(given) < 3:
            for name in ("street", "postcode", "city"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Street, postcode and city belong together."))
        return data


def import_offers(
    *, centre: Centre, actor: User, table: Table, mapping: dict[str, str], progress: Callable[..., None]
) -> dict[str, Any]:
    """Validate every row; if all are good, create the offers (as drafts) in one transaction."""
    problems: list[dict[str, Any]] = []
    for field, (_label, required, _words) in FIELDS.items():
        if required and not mapping.get(field):
            problems.append(
                {"row": 1, "column": str(FIELDS[field][0]), "message": _("Choose a column for this field.")}
            )
    if problems:
        return {"ok": False, "problems": problems}
    providers = {org.name.lower(): org for org in Organisation.objects.filter(centre=centre)}
    column_of = {field: column for field, column in mapping.items() if column}
    cleaned: list[dict[str, Any]] = []
    total = 2 * len(table.rows)
    for index, (number, row) in enumerate(zip(table.row_numbers, table.rows, strict=True)):
        progress(index, total, _("Checking row %(row)s") % {"row": number})
        form = RowForm({field: row.get(column, "") for field, column in column_of.items()}, providers=providers)
        if form.is_valid():
            cleaned.append(form.cleaned_data)
            continue
        for field, errors in form.errors.items():
            for message in errors:
                problems.append({"row": number, "column": column_of.get(field, field), "message": str(message)})
    if problems:
        return {"ok": False, "problems": problems}
    with transaction.atomic():
        for index, data in enumerate(cleaned):
            progress(len(cleaned) + index, total, _("Saving row %(row)s") % {"row": index + 2})
            provider: Organisation = data["provider"]
            address = None
            if data.get("street"):
                address = Address.objects.filter(
                    organisation=provider, street__iexact=data["street"], postcode=data["postcode"]
                ).first() or address_save(
                    organisation=provider,
                    actor=actor,
                    data={
                        "street": data["street"],
                        "postcode": data["postcode"],
                        "city": data["city"],
                        "district": data.get("district", ""),
                        "is_primary": False,
                    },
                )
            actions.offer_save(
                centre=centre,
                actor=actor,
                data={
                    "organisation": provider,
                    "address": address,
                    "status": "draft",
                    "areas": data["areas"],
                    "age_groups": data["age_groups"],
                    "languages": data["languages"],
                    "is_free": data["is_free"],
                    "contact_email": data.get("contact_email", ""),
                    "contact_phone": data.get("contact_phone", ""),
                    "website": data.get("website", ""),
                },
                texts={
                    "de": {
                        name: data.get(name, "")
                        for name in (
                            "title",
                            "summary",
                            "description",
                            "target_group",
                            "opening_hours",
                            "costs",
                            "registration",
                        )
                    }
                },
            )
        audit_record(
            actor=actor,
            centre=centre,
            kind=AuditEntry.Kind.IMPORT,
            action="directory.offer.import",
            changes={"created": [None, len(cleaned)]},
        )
    return {"ok": True, "created": len(cleaned), "updated": 0, "problems": []}


@register_job("directory.import_read", keep_input=True)
def read_job(job: BackgroundJob, progress: Callable[..., None]) -> dict[str, Any]:
    """Background job, step 1: read the upload (bounded, see core.tabular) for the column mapping.

    The file is kept for step 2 (`import_job`), which takes it over once the columns are chosen.
    """
    from django.urls import reverse

    try:
        with job.input_file.open("rb") as upload:
            table = read_table(upload)
    except TableError as exc:
        link = {"url": reverse("directory:staff_list", kwargs={"centre": job.centre.slug})}
        return {"ok": False, "problems": [{"row": "", "column": "", "message": str(exc)}], "link": link}
    mapping_url = reverse("directory:staff_import_mapping", kwargs={"centre": job.centre.slug, "pk": job.pk})
    return {"ok": True, "headers": table.headers, "rows": len(table.rows), "next": {"url": mapping_url}}


@register_job("directory.import")
def import_job(job: BackgroundJob, progress: Callable[..., None]) -> dict[str, Any]:
    """Background job: read the stored upload and import it with the chosen column mapping."""
    from django.urls import reverse

    link = {"url": reverse("directory:staff_list", kwargs={"centre": job.centre.slug}) + "?status=draft"}
    try:
        with job.input_file.open("rb") as upload:
            table = read_table(upload)
    except TableError as exc:
        return {"ok": False, "problems": [{"row": "", "column": "", "message": str(exc)}], "link": link}
    if job.created_by is None:
        raise RuntimeError("The person who started the import no longer exists.")
    result = import_offers(
        centre=job.centre, actor=job.created_by, table=table, mapping=job.params.get("mapping", {}), progress=progress
    )
    return {**result, "link": link}
