"""IBANs checked offline and SEPA credit transfers (ISO 20022 pain.001.001.09, as the German banks'
DFÜ agreement annex 3 asks since November 2023). Pure: no Django, no network."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"

# IBAN lengths of the SEPA countries (ISO 13616 registry, SWIFT release 2024).
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20,
    "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26,
    "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28,
    "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "VA": 22,
}  # fmt: skip


def normalise_iban(text: str) -> str:
    return re.sub(r"\s+", "", text or "").upper()


def iban_valid(text: str) -> bool:
    """A SEPA country's IBAN of the right length whose check digits are right (ISO 7064 mod 97-10)."""
    iban = normalise_iban(text)
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]+", iban) or IBAN_LENGTHS.get(iban[:2]) != len(iban):
        return False
    digits = "".join(str(int(char, 36)) for char in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


# The characters SEPA allows in names and references (EPC "Latin character set"); others become "."
_ALLOWED = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def sepa_text(text: str, length: int) -> str:
    return _ALLOWED.sub(".", text.translate(_UMLAUTS)).strip()[:length] or "."


@dataclass(frozen=True)
class Transfer:
    end_to_end_id: str
    amount_cents: int
    name: str
    iban: str
    reference: str


def _amount(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def pain001(
    *,
    message_id: str,
    created: datetime.datetime,
    execution_date: datetime.date,
    debtor_name: str,
    debtor_iban: str,
    debtor_bic: str,
    transfers: Iterable[Transfer],
) -> bytes:
    """One payment information block with every transfer; the control sums are the cents added up."""
    items = list(transfers)
    if not items:
        raise ValueError("A payment order needs at least one transfer.")
    total = sum(t.amount_cents for t in items)
    ET.register_namespace("", NAMESPACE)

    def sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
        element = ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
        if text is not None:
            element.text = text
        return element

    root = ET.Element(f"{{{NAMESPACE}}}Document")
    initiation = sub(root, "CstmrCdtTrfInitn")
    header = sub(initiation, "GrpHdr")
    sub(header, "MsgId", sepa_text(message_id, 35))
    sub(header, "CreDtTm", created.replace(microsecond=0).isoformat())
    sub(header, "NbOfTxs", str(len(items)))
    sub(header, "CtrlSum", _amount(total))
    sub(sub(header, "InitgPty"), "Nm", sepa_text(debtor_name, 70))
    info = sub(initiation, "PmtInf")
    sub(info, "PmtInfId", sepa_text(message_id, 35))
    sub(info, "PmtMtd", "TRF")
    sub(info, "NbOfTxs", str(len(items)))
    sub(info, "CtrlSum", _amount(total))
    sub(sub(sub(info, "PmtTpInf"), "SvcLvl"), "Cd", "SEPA")
    sub(sub(info, "ReqdExctnDt"), "Dt", execution_date.isoformat())
    sub(sub(info, "Dbtr"), "Nm", sepa_text(debtor_name, 70))
    sub(sub(sub(info, "DbtrAcct"), "Id"), "IBAN", normalise_iban(debtor_iban))
    agent = sub(sub(info, "DbtrAgt"), "FinInstnId")
    if debtor_bic:
        sub(agent, "BICFI", debtor_bic)
    else:
        sub(sub(agent, "Othr"), "Id", "NOTPROVIDED")
    sub(info, "ChrgBr", "SLEV")
    for transfer in items:
        tx = sub(info, "CdtTrfTxInf")
        sub(sub(tx, "PmtId"), "EndToEndId", sepa_text(transfer.end_to_end_id, 35))
        amount = sub(sub(tx, "Amt"), "InstdAmt", _amount(transfer.amount_cents))
        amount.set("Ccy", "EUR")
        sub(sub(tx, "Cdtr"), "Nm", sepa_text(transfer.name, 70))
        sub(sub(sub(tx, "CdtrAcct"), "Id"), "IBAN", normalise_iban(transfer.iban))
        sub(sub(tx, "RmtInf"), "Ustrd", sepa_text(transfer.reference, 140))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
