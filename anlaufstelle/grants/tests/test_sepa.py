"""IBANs checked offline, and the pain.001 file: structure, sums and the characters SEPA allows."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from anlaufstelle.grants.sepa import NAMESPACE, Transfer, iban_valid, pain001, sepa_text

N = {"p": NAMESPACE}


def test_iban() -> None:
    assert iban_valid("DE89 3704 0044 0532 0130 00")
    assert iban_valid("de89370400440532013000")
    assert not iban_valid("DE89370400440532013001")  # check digits
    assert not iban_valid("DE8937040044053201300")  # length
    assert not iban_valid("XX89370400440532013000")
    assert not iban_valid("")


def test_sepa_text_keeps_only_allowed_characters() -> None:
    assert sepa_text("Verein Größe & Co. <b>", 70) == "Verein Groesse . Co. .b."


@given(st.lists(st.integers(min_value=1, max_value=10**10), min_size=1, max_size=20))
def test_pain001_sums_and_structure(amounts: list[int]) -> None:
    xml = pain001(
        message_id="M1",
        created=datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.UTC),
        execution_date=datetime.date(2026, 12, 4),
        debtor_name="Stadtkasse",
        debtor_iban="DE02120300000000202051",
        debtor_bic="",
        transfers=[
            Transfer(f"E{i}", amount, "Verein Nord e. V.", "DE89370400440532013000", f"Zuschuss {i}")
            for i, amount in enumerate(amounts)
        ],
    )
    root = ET.fromstring(xml)  # noqa: S314 - our own output
    assert root.tag == f"{{{NAMESPACE}}}Document"
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", N)
    assert header is not None
    total = sum(amounts)
    assert header.findtext("p:NbOfTxs", namespaces=N) == str(len(amounts))
    assert header.findtext("p:CtrlSum", namespaces=N) == f"{total // 100}.{total % 100:02d}"
    instructed = root.findall(".//p:CdtTrfTxInf/p:Amt/p:InstdAmt", N)
    assert sum(int(a.text.replace(".", "")) for a in instructed) == total  # type: ignore[union-attr]
    assert all(a.get("Ccy") == "EUR" for a in instructed)
    info = root.find("p:CstmrCdtTrfInitn/p:PmtInf", N)
    assert [child.tag.split("}")[1] for child in info][:10] == [  # type: ignore[union-attr]
        "PmtInfId", "PmtMtd", "NbOfTxs", "CtrlSum", "PmtTpInf", "ReqdExctnDt", "Dbtr", "DbtrAcct", "DbtrAgt", "ChrgBr",
    ]  # fmt: skip
