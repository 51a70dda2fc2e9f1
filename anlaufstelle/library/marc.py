"""Reading a MARC21 catalogue (binary ISO 2709 `.mrc` or MARCXML `.xml`) with pymarc into the same
`Table` the CSV/XLSX import checks (`transfer.import_table`), so both have one validation path.

Each record becomes one row per copy: the barcodes come from the holdings fields 852 $p (MARC21) or
952 $p (Koha), the shelf mark from 852 $h/$j or 952 $o. The row number in the report is the number
of the record in the file. A file pymarc cannot read raises `TableError` with a clear message."""

from __future__ import annotations

import io
import re
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from anlaufstelle.core.languages import OWN_NAMES
from anlaufstelle.core.tabular import Table, TableError
from anlaufstelle.library.transfer import COLUMNS

MARC_SUFFIXES = (".mrc", ".marc", ".xml")

# MARC language codes (ISO 639-2/B) to the platform's codes; codes the platform does not know are left out.
MARC_LANGUAGES = {
    "ger": "de",
    "deu": "de",
    "eng": "en",
    "ara": "ar",
    "tur": "tr",
    "ukr": "uk",
    "rus": "ru",
    "pol": "pl",
    "fre": "fr",
    "fra": "fr",
    "spa": "es",
    "ita": "it",
    "por": "pt",
    "rum": "ro",
    "ron": "ro",
    "bul": "bg",
    "gre": "el",
    "ell": "el",
    "per": "fa",
    "fas": "fa",
    "prs": "prs",
    "kur": "ku",
    "kmr": "kmr",
    "pus": "ps",
    "tir": "ti",
    "som": "so",
    "alb": "sq",
    "sqi": "sq",
    "srp": "sr",
    "hrv": "hr",
    "bos": "bs",
    "vie": "vi",
    "chi": "zh",
    "zho": "zh",
    "hin": "hi",
    "urd": "ur",
    "amh": "am",
    "heb": "he",
    "hun": "hu",
    "cze": "cs",
    "ces": "cs",
    "dut": "nl",
    "nld": "nl",
}

_TRAILING = re.compile(r"[\s/:;,.=]+$")


def max_records() -> int:
    return int(getattr(settings, "LIBRARY_MARC_MAX_RECORDS", settings.TABULAR_MAX_ROWS))


def is_marc(name: str) -> bool:
    return name.lower().endswith(MARC_SUFFIXES)


def _clean(value: str | None) -> str:
    """A subfield without the ISBD punctuation that closes it ("Title :" → "Title")."""
    return _TRAILING.sub("", (value or "").strip())


def _values(record: Any, tags: tuple[str, ...], code: str, *, clean: bool = True) -> list[str]:
    found = []
    for f in record.get_fields(*tags):
        for value in f.get_subfields(code):
            text = _clean(value) if clean else (value or "").strip()
            if text:
                found.append(text)
    return found


def _languages(record: Any) -> str:
    codes = [value.lower()[:3] for value in _values(record, ("041",), "a")]
    fixed = record.get_fields("008")
    if not codes and fixed and len(fixed[0].data or "") >= 38:
        codes = [fixed[0].data[35:38].lower()]
    known = []
    for code in codes:
        mapped = MARC_LANGUAGES.get(code)
        if mapped in OWN_NAMES and mapped not in known:
            known.append(mapped)
    return "; ".join(known)


def _year(record: Any) -> str:
    for value in _values(record, ("264", "260"), "c"):
        match = re.search(r"\d{4}", value)
        if match:
            return match.group()
    fixed = record.get_fields("008")
    if fixed and len(fixed[0].data or "") >= 11 and fixed[0].data[7:11].isdigit():
        return str(fixed[0].data[7:11])
    return ""


def record_rows(record: Any) -> list[dict[str, str]]:
    """One row per copy of a MARC record, in the columns of the tabular import."""
    main = _values(record, ("245",), "a")
    sub = _values(record, ("245",), "b")
    title = " : ".join(part for part in (main[:1] + sub[:1]) if part)
    isbns = [value.split()[0] for value in _values(record, ("020",), "a")]
    row = {
        "title": title,
        "isbn": isbns[0] if isbns else "",
        "authors": "; ".join(_values(record, ("100", "700"), "a")),
        "publisher": next(iter(_values(record, ("264", "260"), "b")), ""),
        "year": _year(record),
        "languages": _languages(record),
        "media_type": "",
        "age_from": "",
        "age_to": "",
        "topics": "; ".join(dict.fromkeys(_values(record, ("650",), "a"))),
        "summary": "\n\n".join(_values(record, ("520",), "a", clean=False)),
    }
    copies = []
    for holding in record.get_fields("852", "952"):
        for barcode in holding.get_subfields("p"):
            if holding.tag == "852":
                shelf = " ".join(filter(None, (_clean(holding.get("h")), _clean(holding.get("j")))))
            else:
                shelf = _clean(holding.get("o"))
            copies.append({"barcode": barcode.strip(), "shelf_mark": shelf})
    if not copies:
        copies = [{"barcode": "", "shelf_mark": ""}]  # the check reports the missing barcode for this record
    return [{**row, **copy} for copy in copies]


def _records(data: bytes, name: str) -> list[Any]:
    import pymarc

    head = data.lstrip()[:1]
    try:
        if name.lower().endswith(".xml") or head == b"<":
            if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.IGNORECASE):
                raise TableError(_("The MARCXML file declares a document type; such files are not read."))
            records = pymarc.parse_xml_to_array(io.BytesIO(data), strict=False)
        else:
            reader = pymarc.MARCReader(data, to_unicode=True, utf8_handling="replace")
            records = []
            for record in reader:
                if record is None:
                    raise ValueError("unreadable record")
                records.append(record)
                if len(records) > max_records():
                    break
    except TableError:
        raise
    except Exception as exc:  # pymarc raises many kinds of errors on a file that is not MARC
        raise TableError(
            _("The file could not be read as MARC21 (.mrc) or MARCXML (.xml): %(reason)s")
            % {"reason": type(exc).__name__}
        ) from exc
    records = [r for r in records if r is not None]
    if not records:
        raise TableError(_("The file holds no MARC records."))
    if len(records) > max_records():
        raise TableError(_("The file holds more than %(limit)s records.") % {"limit": max_records()})
    return records


def read_marc(upload: IO[bytes], name: str) -> Table:
    """The records of a MARC file as a `Table` for `transfer.import_table` (row number = record number)."""
    limit = settings.UPLOAD_MAX_BYTES
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise TableError(
            _("The file is too large (at most %(limit)s MB).") % {"limit": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    rows: list[dict[str, str]] = []
    numbers: list[int] = []
    for number, record in enumerate(_records(data, name), start=1):
        for row in record_rows(record):
            rows.append(row)
            numbers.append(number)
    return Table(headers=list(COLUMNS), rows=rows, row_numbers=numbers)
