"""The whole journey through the pages: a partner applies, two officers review, a third decides,
the partner accepts and draws down, the treasury file is made, the proof of use closes the grant.
Plus: another organisation sees nothing of it, and bad input gets a message, not a 500."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.roles import Role
from anlaufstelle.grants.models import Application, Drawdown, PaymentOrder
from anlaufstelle.grants.sepa import NAMESPACE
from anlaufstelle.grants.states import State
from anlaufstelle.grants.tests.factories import IBAN, World, drive_to, member
from conftest import verify


def _as(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    verify(client, user)
    return client


def _u(world: World, name: str, **kwargs) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"grants:{name}", kwargs={"centre": world.centre.slug, **kwargs})


def _ok(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code in (200, 302), response.status_code


def test_the_whole_journey(world: World) -> None:
    partner, colleague = _as(world.applicant), _as(world.colleague)
    assert world.call.title in partner.get(_u(world, "partner_calls")).content.decode()
    response = partner.post(_u(world, "partner_apply", pk=world.call.pk))
    with scopes_disabled():
        application = Application.objects.get(organisation=world.organisation)
    assert response["Location"] == _u(world, "partner_application", pk=application.pk)
    year = timezone.localdate().year
    form = {
        "title": "Treffpunkt Nord",
        "summary": "Offener Treffpunkt",
        "starts_on": f"{year}-03-01",
        "ends_on": f"{year}-12-31",
        "target_participants": "80",
        "account_holder": "Verein Nord e. V.",
        "iban": "DE89 3704 0044 0532 0130 00",
        "own_share": "1000,00",
        "third_party": "0",
        "answer_1-warum-wird-das-projekt-gebraucht": "Weil viele neu ankommen.",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-0-kind": "fees",
        "lines-0-description": "Honorare",
        "lines-0-planned": "6000",
        "lines-1-kind": "rent",
        "lines-1-description": "Miete",
        "lines-1-planned": "4000,00",
    }
    with scopes_disabled():
        world.call.questions = [{"key": "1-warum-wird-das-projekt-gebraucht", "label": "Warum?", "required": True}]
        world.call.save()
    _ok(partner.post(_u(world, "partner_application", pk=application.pk), form))
    # A colleague of the same organisation continues and submits.
    assert colleague.get(_u(world, "partner_application", pk=application.pk)).status_code == 200
    _ok(colleague.post(_u(world, "partner_submit", pk=application.pk)))
    with scopes_disabled():
        application.refresh_from_db()
        assert application.state == State.SUBMITTED
        assert application.iban == IBAN
        assert sum(line.planned_cents for line in application.lines.all()) == 1_000_000
    first, second, third = _as(world.officer), _as(world.second_officer), _as(world.third_officer)
    _ok(first.post(_u(world, "review_start", pk=application.pk)))
    review = {
        "score_need": "4",
        "score_reach": "3",
        "comment_need": "klar",
        "proposal": "grant",
        "proposed_amount": "9000",
        "comment": "",
    }
    _ok(first.post(_u(world, "review", pk=application.pk, kind="content"), review))
    # The same person cannot do the financial review too: the page says so and nothing is saved.
    refused = first.post(_u(world, "review", pk=application.pk, kind="financial"), review)
    assert refused.status_code == 200
    _ok(second.post(_u(world, "review", pk=application.pk, kind="financial"), review))
    _ok(
        third.post(
            _u(world, "decide", pk=application.pk),
            {"amount": "9000", "earmarked_until": f"{year + 1}-03-31", "conditions": "Logo"},
        )
    )
    letter = partner.get(_u(world, "partner_letter", pk=application.pk, kind="decision"))
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    _ok(partner.post(_u(world, "partner_accept", pk=application.pk)))
    _ok(
        partner.post(_u(world, "partner_drawdown", pk=application.pk), {"amount": "5000", "needed_on": f"{year}-04-01"})
    )
    with scopes_disabled():
        drawdown = Drawdown.objects.get(application=application)
    _ok(first.post(_u(world, "drawdown_approve", pk=drawdown.pk)))
    assert first.get(_u(world, "payments")).status_code == 200
    _ok(first.post(_u(world, "payment_order_create", pk=world.source.pk), {"execution_date": f"{year}-04-02"}))
    with scopes_disabled():
        order = PaymentOrder.objects.get(centre=world.centre)
    xml = first.get(_u(world, "payment_order_xml", pk=order.pk)).content
    root = ET.fromstring(xml)  # noqa: S314 - our own output
    assert root.findtext(f".//{{{NAMESPACE}}}CtrlSum") == "5000.00"
    csv = first.get(_u(world, "payment_order_csv", pk=order.pk)).content.decode("utf-8-sig")
    assert "5000,00" in csv and IBAN in csv
    with scopes_disabled():
        lines = list(application.lines.all())
    proof = {"report": "Es kamen 90 Menschen."} | {f"actual_{line.pk}": "4500" for line in lines}
    _ok(partner.post(_u(world, "partner_proof", pk=application.pk), proof))
    _ok(first.post(_u(world, "proof_close", pk=application.pk)))
    with scopes_disabled():
        application.refresh_from_db()
    assert application.state == State.CLOSED
    assert application.repayment_cents == 0  # 9,000 € spent, 1,000 € own share: 8,000 € ≥ 5,000 € paid
    assert first.get(_u(world, "figures")).status_code == 200


def test_another_organisation_sees_nothing(world: World) -> None:
    from anlaufstelle.partners.tests.factories import OrganisationFactory

    with scopes_disabled():
        application = drive_to(world, State.DECIDED)
        stranger = _as(member(world.centre, Role.PARTNER, OrganisationFactory(centre=world.centre)))
    for name in ("partner_application", "partner_proof"):
        assert stranger.get(_u(world, name, pk=application.pk)).status_code == 404
    assert stranger.get(_u(world, "partner_letter", pk=application.pk, kind="decision")).status_code == 404
    for name in ("partner_submit", "partner_accept", "partner_withdraw", "partner_drawdown", "partner_answer"):
        assert stranger.post(_u(world, name, pk=application.pk)).status_code == 404
    with scopes_disabled():
        application.refresh_from_db()
    assert application.state == State.DECIDED


def test_drafts_are_not_shown_to_staff(world: World) -> None:
    with scopes_disabled():
        draft = drive_to(world, State.DRAFT)
    assert _as(world.officer).get(_u(world, "application", pk=draft.pk)).status_code == 404


@pytest.mark.parametrize("amount", ["zehn", "-5", "1e400", "99999999999"])
def test_bad_amounts_get_a_message(world: World, amount: str) -> None:
    with scopes_disabled():
        application = drive_to(world, State.ACCEPTED)
    partner = _as(world.applicant)
    response = partner.post(
        _u(world, "partner_drawdown", pk=application.pk), {"amount": amount, "needed_on": "2026-01-01"}, follow=True
    )
    assert response.status_code == 200
    with scopes_disabled():
        assert not Drawdown.objects.filter(application=application).exists()


def test_public_calls_list_open_calls_only(world: World, client: Client) -> None:
    with scopes_disabled():
        world.call.deadline = timezone.now() - datetime.timedelta(days=1)
        world.call.save()
    response = client.get(reverse("grants:public_calls", kwargs={"centre": world.centre.slug}))
    assert response.status_code == 200
    assert world.call.title not in response.content.decode()


def test_figures_download_as_excel_with_the_page_numbers(world: World) -> None:
    import io

    from openpyxl import load_workbook

    from anlaufstelle.core.models import AuditEntry

    with scopes_disabled():
        drive_to(world, State.RUNNING)  # 9,000 € committed, 4,000 € drawn down (approved, not yet paid)
    officer = _as(world.officer)
    response = officer.get(_u(world, "figures"), {"year": world.call.year, "format": "xlsx"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    sources = list(book.worksheets[0].iter_rows(values_only=True))
    assert sources[1][0] == world.source.name
    assert sources[1][1:3] == (100_000, 9_000)  # budget and committed, in euros
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="grants.figures.export", actor=world.officer).exists()
