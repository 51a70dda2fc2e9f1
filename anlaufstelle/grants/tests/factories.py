"""Test data for grants: `make_world` (a source, a call, two officers, a partner organisation with
two members) and `drive_to` (an application brought to any state through the actions themselves);
`make_grants` and `catalogue` for the site's URL matrix."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.models import Centre, Membership, User
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.factories import UserFactory
from anlaufstelle.grants import actions
from anlaufstelle.grants.models import Application, Call, Drawdown, FundingSource, Review, SourceBudget
from anlaufstelle.grants.states import State
from anlaufstelle.partners.tests.factories import OrganisationFactory

IBAN = "DE89370400440532013000"
PAYER_IBAN = "DE02120300000000202051"


@dataclass
class World:
    centre: Centre
    source: FundingSource
    call: Call
    organisation: Any
    applicant: User
    colleague: User  # a second member of the same organisation
    officer: User
    second_officer: User
    third_officer: User


def member(centre: Centre, role: str, organisation: Any = None) -> User:
    user = UserFactory()
    Membership.objects.create(user=user, centre=centre, role=role, organisation=organisation)
    return user


def make_world(
    centre: Centre, *, budget_cents: int = 10_000_000, call_budget_cents: int = 5_000_000, organisation: Any = None
) -> World:
    with scopes_disabled():
        source = FundingSource.objects.create(
            centre=centre,
            name="KOMM-AN NRW Teil II",
            kind=FundingSource.Kind.KOMM_AN_II,
            payer_name="Stadtkasse Musterstadt",
            payer_iban=PAYER_IBAN,
        )
        year = timezone.localdate().year
        SourceBudget.objects.create(centre=centre, source=source, year=year, amount_cents=budget_cents)
        call = Call.objects.create(
            centre=centre,
            source=source,
            year=year,
            title="Ankommenstreffpunkte 2026",
            building_block=Call.BuildingBlock.MEETING_POINTS,
            target_group="Neu zugewanderte Menschen",
            opens_on=timezone.localdate() - datetime.timedelta(days=10),
            deadline=timezone.now() + datetime.timedelta(days=20),
            budget_cents=call_budget_cents,
            max_amount_cents=1_500_000,
            own_share_percent=Decimal(10),
            questions=[{"key": "need", "label": "Warum wird das Projekt gebraucht?", "required": True}],
            criteria=[
                {"key": "need", "label": "Bedarf", "weight": 2},
                {"key": "reach", "label": "Erreichbarkeit", "weight": 1},
            ],
            published=True,
        )
        organisation = organisation or OrganisationFactory(centre=centre)
        return World(
            centre=centre,
            source=source,
            call=call,
            organisation=organisation,
            applicant=member(centre, Role.PARTNER, organisation),
            colleague=member(centre, Role.PARTNER, organisation),
            officer=member(centre, Role.GRANTS_OFFICER),
            second_officer=member(centre, Role.GRANTS_OFFICER),
            third_officer=member(centre, Role.GRANTS_OFFICER),
        )


GOOD_LINES = [
    {"kind": "fees", "description": "Honorare Sprachmittlung", "planned_cents": 600_000},
    {"kind": "material", "description": "Material", "planned_cents": 200_000},
    {"kind": "rent", "description": "Raummiete", "planned_cents": 200_000},
]


def filled_draft(world: World, *, lines: list[dict[str, Any]] | None = None) -> Application:
    application = actions.application_create(
        call=world.call, organisation=world.organisation, actor=world.applicant, title="Treffpunkt Nord"
    )
    return actions.application_save(
        application=application,
        actor=world.applicant,
        data={
            "summary": "Ein offener Treffpunkt.",
            "starts_on": datetime.date(timezone.localdate().year, 3, 1),
            "ends_on": datetime.date(timezone.localdate().year, 12, 31),
            "target_participants": 120,
            "answers": {"need": "Viele Familien sind neu angekommen."},
            "own_share_cents": 100_000,
            "third_party_cents": 0,
            "account_holder": "Verein Nord e. V.",
            "iban": IBAN,
        },
        lines=GOOD_LINES if lines is None else lines,
    )


def reviews_done(world: World, application: Application, *, amount: int = 900_000) -> None:
    scores = {"need": 4, "reach": 3}
    for kind, officer in (("content", world.officer), ("financial", world.second_officer)):
        actions.review_save(
            application=application,
            kind=kind,
            actor=officer,
            scores=scores,
            comments={"need": "gut begründet"},
            proposal=Review.Proposal.GRANT,
            proposed_cents=amount,
            comment="",
        )


def drive_to(world: World, state: str) -> Application:
    """An application in `state`, reached through the actions (so every state is reachable)."""
    a = filled_draft(world)
    if state == State.DRAFT:
        return a
    if state == State.WITHDRAWN:
        return actions.application_withdraw(application=a, actor=world.applicant)
    a = actions.application_submit(application=a, actor=world.applicant)
    if state == State.SUBMITTED:
        return a
    a = actions.review_start(application=a, actor=world.officer)
    if state == State.IN_REVIEW:
        return a
    if state == State.QUESTIONS:
        return actions.application_ask(application=a, actor=world.officer, questions=["Wer leitet das Projekt?"])
    reviews_done(world, a)
    if state == State.REJECTED:
        return actions.application_reject(application=a, actor=world.third_officer, reason="Kein Bedarf.")
    a = actions.application_decide(
        application=a,
        actor=world.third_officer,
        amount_cents=900_000,
        conditions="Öffentlichkeitsarbeit mit Logo des Landes.",
        earmarked_until=datetime.date(timezone.localdate().year + 1, 3, 31),
    )
    if state == State.DECIDED:
        return a
    a = actions.application_accept(application=a, actor=world.colleague)
    if state == State.ACCEPTED:
        return a
    drawdown = actions.drawdown_request(
        application=a, actor=world.applicant, amount_cents=400_000, needed_on=timezone.localdate()
    )
    actions.drawdown_approve(drawdown=drawdown, actor=world.officer)
    a.refresh_from_db()
    if state == State.RUNNING:
        return a
    actuals = {line.pk: line.planned_cents for line in a.lines.all()}
    a = actions.proof_submit(application=a, actor=world.applicant, report="Alles lief gut.", actuals=actuals)
    if state == State.PROOF_SUBMITTED:
        return a
    return actions.proof_close(application=a, actor=world.officer)


# --- the URL matrix ---------------------------------------------------------------------------


@dataclass
class Grants:
    world: World
    application: Application
    drawdown: Drawdown
    order: Any


def make_grants(centre: Centre, *, organisation: Any = None) -> Grants:
    """One running grant with a drawdown and a payment order, for the site's URL matrix (and, with
    the demo's partner organisation, for the staff reflow walk)."""
    with scopes_disabled():
        world = make_world(centre, organisation=organisation)
        application = drive_to(world, State.RUNNING)
        drawdown = actions.drawdown_request(
            application=application, actor=world.applicant, amount_cents=100_000, needed_on=timezone.localdate()
        )
        order = actions.payment_order_create(
            centre=centre, source=world.source, actor=world.officer, execution_date=timezone.localdate()
        )
        return Grants(world=world, application=application, drawdown=drawdown, order=order)


def catalogue() -> dict[str, Any]:
    """The grants URLs for core/tests/url_catalogue.py: name -> (kwargs builder, permission, status).
    The matrix's partner has no organisation, so a partner's own pages answer 404 there (as in the
    directory's partner pages); tests/test_views.py covers them with an organisation."""

    def c(o: Any) -> dict[str, Any]:
        return {"centre": o.centre.slug}

    def pk(attribute: str) -> Any:
        return lambda o: {**c(o), "pk": getattr(o.grants, attribute).pk}

    def call(o: Any) -> dict[str, Any]:
        return {**c(o), "pk": o.grants.world.call.pk}

    def source(o: Any) -> dict[str, Any]:
        return {**c(o), "pk": o.grants.world.source.pk}

    view, manage, review, decide, pay, apply = (
        "grants.view",
        "grants.manage",
        "grants.review",
        "grants.decide",
        "grants.pay",
        "grants.apply",
    )
    return {
        "grants:overview": (c, view, 200),
        "grants:sources": (c, manage, 200),
        "grants:source_create": (c, manage, 200),
        "grants:source_edit": (source, manage, 200),
        "grants:budget_save": (source, manage, 405),
        "grants:call_create": (c, manage, 200),
        "grants:call_edit": (call, manage, 200),
        "grants:template_edit": (c, manage, 200),
        "grants:applications": (c, view, 200),
        "grants:application": (pk("application"), view, 200),
        "grants:review_start": (pk("application"), review, 405),
        "grants:review": (lambda o: {**pk("application")(o), "kind": "content"}, review, 200),
        "grants:ask": (pk("application"), review, 405),
        "grants:decide": (pk("application"), decide, 405),
        "grants:reject": (pk("application"), decide, 405),
        "grants:letter": (lambda o: {**pk("application")(o), "kind": "decision"}, view, 200),
        "grants:drawdown_approve": (pk("drawdown"), pay, 405),
        "grants:drawdown_refuse": (pk("drawdown"), pay, 405),
        "grants:payments": (c, pay, 200),
        "grants:payment_order_create": (source, pay, 405),
        "grants:payment_order_xml": (pk("order"), pay, 200),
        "grants:payment_order_csv": (pk("order"), pay, 200),
        "grants:proof_close": (pk("application"), decide, 405),
        "grants:proof_return": (pk("application"), decide, 405),
        "grants:figures": (c, view, 200),
        "grants:partner_calls": (c, apply, 200),
        "grants:partner_apply": (call, apply, 404),
        "grants:partner_applications": (c, apply, 404),
        "grants:partner_application": (pk("application"), apply, 404),
        "grants:partner_submit": (pk("application"), apply, 405),
        "grants:partner_answer": (pk("application"), apply, 405),
        "grants:partner_accept": (pk("application"), apply, 405),
        "grants:partner_withdraw": (pk("application"), apply, 405),
        "grants:partner_letter": (lambda o: {**pk("application")(o), "kind": "decision"}, apply, 404),
        "grants:partner_drawdown": (pk("application"), apply, 405),
        "grants:partner_proof": (pk("application"), apply, 404),
        "grants:public_calls": (c, "public", 200),
    }
