"""Every URL × every role × both centres: nobody sees more than their role allows, and a
foreign centre's data answers 404. The catalogue must name every URL of the site."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.models import BackgroundJob, Centre, Funder, Invitation, Membership, TeamMember
from anlaufstelle.core.roles import ALL_ROLES, PERMISSIONS, Role
from anlaufstelle.core.tokens import new_token
from anlaufstelle.directory.models import OfferProposal
from anlaufstelle.partners.tests.factories import AddressFactory, ContactPersonFactory, OrganisationFactory
from conftest import verify

PUBLIC = "public"


@dataclass
class Objects:
    """One of each object in a centre, for URLs that need an id."""

    centre: Centre
    organisation: Any
    other_organisation: Any
    address: Any
    contact: Any
    member: TeamMember
    funder: Funder
    staff: Any
    offer: Any
    proposal: Any
    family: Any = None
    child: Any = None
    slot: Any = None
    quota: Any = None
    rule: Any = None
    placement: Any = None
    volunteer: Any = None
    interpreting: Any = None
    event: Any = None
    invitation: Any = None
    job: BackgroundJob | None = None


def make_objects(centre: Centre) -> Objects:
    with scopes_disabled():
        organisation = OrganisationFactory(centre=centre)
        objects = Objects(
            centre=centre,
            organisation=organisation,
            other_organisation=OrganisationFactory(centre=centre),
            address=AddressFactory(organisation=organisation),
            contact=ContactPersonFactory(organisation=organisation),
            member=TeamMember.objects.create(centre=centre, name="Team Person"),
            funder=Funder.objects.create(centre=centre, name="Land NRW"),
            staff=_staff(centre),
            offer=(offer := _offer(centre, organisation)),
            proposal=OfferProposal.objects.create(
                centre=centre, organisation=organisation, offer=offer, payload={"data": {}, "texts": {}}
            ),
        )
        objects.invitation = Invitation.objects.create(
            centre=centre,
            email=f"eingeladen@{centre.slug}.example",
            roles=[Role.EDITOR],
            token_hash=new_token()[1],
            expires_at=timezone.now() + Invitation.VALID_FOR,
        )
        _newcomers(objects)
        return objects


def _newcomers(o: Objects) -> None:
    from anlaufstelle.newcomers.models import EligibilityRule, Placement
    from anlaufstelle.newcomers.tests.factories import ChildFactory, SeatQuotaFactory, SlotFactory

    o.child = ChildFactory(centre=o.centre, family__centre=o.centre)
    o.family = o.child.family
    o.slot = SlotFactory(centre=o.centre)
    o.quota = SeatQuotaFactory(centre=o.centre, school__centre=o.centre)
    o.rule = EligibilityRule.objects.create(
        centre=o.centre,
        label="Grundschule",
        min_age=6,
        max_age=9,
        grade_band="primary",
        school_forms="|grundschule|",
        class_models="|regular|",
    )
    o.placement = Placement.objects.create(centre=o.centre, child=o.child, quota=o.quota, status="proposed")
    from anlaufstelle.volunteers.models import InterpretingRequest, Volunteer

    o.volunteer = Volunteer.objects.create(
        centre=o.centre,
        first_name="Rana",
        last_name="Test",
        email=f"rana@{o.centre.slug}.example",
        consent_given_on="2026-11-01",
    )
    o.interpreting = InterpretingRequest.objects.create(
        centre=o.centre, language="ar", starts_at="2030-01-07T10:00:00+01:00", place="Rathaus"
    )
    from anlaufstelle.events.tests.factories import make_event

    o.event = make_event(o.centre, title=f"DaZ-Tag {o.centre.slug}")


def _offer(centre: Centre, organisation: Any) -> Any:
    from anlaufstelle.directory.actions import offer_save

    return offer_save(
        centre=centre,
        actor=None,
        data={"organisation": organisation, "status": "published"},
        texts={"de": {"title": "Deutschkurs"}},
    )


def _staff(centre: Centre) -> Any:
    from anlaufstelle.core.tests.factories import UserFactory

    person = UserFactory()
    Membership.objects.create(user=person, centre=centre, role=Role.EDITOR)
    return person


def c(o: Objects) -> dict[str, Any]:
    return {"centre": o.centre.slug}


def fam(o: Objects) -> dict[str, Any]:
    return {**c(o), "pk": o.family.pk}


def org(o: Objects) -> dict[str, Any]:
    return {**c(o), "pk": o.organisation.pk}


# url name -> (kwargs builder, permission or PUBLIC, method the view answers on GET)
CATALOGUE: dict[str, tuple[Callable[[Objects], dict[str, Any]] | None, str, int]] = {
    "healthz": (None, PUBLIC, 200),
    "core:landing": (None, PUBLIC, 200),
    "core:home": (None, PUBLIC, 302),
    "core:login": (None, PUBLIC, 200),
    "core:otp": (None, PUBLIC, 302),
    "core:logout": (None, PUBLIC, 405),
    "core:password_reset": (None, PUBLIC, 200),
    "core:password_reset_sent": (None, PUBLIC, 200),
    "core:set_password": (lambda o: {"uidb64": "MQ", "token": "bad-token"}, PUBLIC, 200),
    "core:invitation_accept": (lambda o: {"token": "not-a-real-token"}, PUBLIC, 404),
    "core:centre": (c, PUBLIC, 200),
    "core:privacy": (c, PUBLIC, 200),
    "core:accessibility": (c, PUBLIC, 200),
    "core:easy_language": (c, PUBLIC, 200),
    "core:legal": (c, PUBLIC, 200),
    "directory:search": (c, PUBLIC, 200),
    "directory:offer": (lambda o: {**c(o), "pk": o.offer.pk}, PUBLIC, 200),
    "directory:staff_list": (c, "directory.view", 200),
    "directory:staff_create": (c, "directory.edit", 200),
    "directory:staff_edit": (lambda o: {**c(o), "pk": o.offer.pk}, "directory.edit", 200),
    "directory:staff_status": (lambda o: {**c(o), "pk": o.offer.pk}, "directory.edit", 405),
    "directory:staff_translate": (lambda o: {**c(o), "pk": o.offer.pk}, "directory.edit", 405),
    "directory:proposal_list": (c, "directory.edit", 200),
    "directory:staff_brochure": (c, "directory.edit", 200),
    "directory:staff_import": (c, "directory.edit", 200),
    "directory:staff_import_mapping": (lambda o: {**c(o), "pk": o.job.pk}, "directory.edit", 404),
    "directory:proposal_review": (lambda o: {**c(o), "pk": o.proposal.pk}, "directory.edit", 200),
    "directory:proposal_edit": (lambda o: {**c(o), "pk": o.proposal.pk}, "directory.edit", 200),
    "directory:proposal_comment": (lambda o: {**c(o), "pk": o.proposal.pk}, "directory.edit", 405),
    "directory:partner_proposal": (lambda o: {**c(o), "pk": o.proposal.pk}, "directory.propose", 404),
    "directory:partner_offers": (c, "directory.propose", 404),
    "directory:partner_propose": (c, "directory.propose", 404),
    "directory:partner_change": (lambda o: {**c(o), "pk": o.offer.pk}, "directory.propose", 404),
    **{
        f"hsds:{name}": (c, PUBLIC, 200)
        for name in (
            "root",
            "services",
            "organizations",
            "taxonomies",
            "taxonomy_terms",
            "service_at_locations",
            "export",
            "profile",
            "openapi",
        )
    },
    **{
        f"hsds:{name}": (lambda o: {**c(o), "pk": "00000000-0000-0000-0000-000000000000"}, PUBLIC, 404)
        for name in (
            "service",
            "organization",
            "taxonomy",
            "taxonomy_term",
            "service_at_location",
        )
    },
    "core:funder_logo": (lambda o: {**c(o), "pk": o.funder.pk}, PUBLIC, 404),
    "core:dashboard": (c, "core.view_internal_area", 200),
    "core:page_languages": (c, "core.edit_public_page", 200),
    "core:page_edit": (lambda o: {**c(o), "language": "ar"}, "core.edit_public_page", 200),
    "core:team_list": (c, "core.manage_team", 200),
    "core:team_create": (c, "core.manage_team", 200),
    "core:team_edit": (lambda o: {**c(o), "pk": o.member.pk}, "core.manage_team", 200),
    "core:team_delete": (lambda o: {**c(o), "pk": o.member.pk}, "core.manage_team", 405),
    "core:funder_list": (c, "core.edit_public_page", 200),
    "core:funder_edit": (lambda o: {**c(o), "pk": o.funder.pk}, "core.edit_public_page", 200),
    "core:funder_delete": (lambda o: {**c(o), "pk": o.funder.pk}, "core.edit_public_page", 405),
    "core:audit": (c, "core.view_audit_trail", 200),
    "core:centre_edit": (c, "core.edit_centre", 200),
    "core:member_list": (c, "core.manage_members", 200),
    "core:member_create": (c, "core.manage_members", 200),
    "core:member_edit": (lambda o: {**c(o), "pk": o.staff.pk}, "core.manage_members", 200),
    "core:invitation_resend": (lambda o: {**c(o), "pk": o.invitation.pk}, "core.manage_members", 405),
    "core:invitation_withdraw": (lambda o: {**c(o), "pk": o.invitation.pk}, "core.manage_members", 405),
    "core:job": (lambda o: {**c(o), "pk": o.job.pk}, "core.view_jobs", 200),
    "core:job_download": (lambda o: {**c(o), "pk": o.job.pk}, "core.view_jobs", 404),
    "partners:list": (c, "partners.view", 200),
    "partners:create": (c, "partners.change", 200),
    "partners:import": (c, "partners.import", 200),
    "partners:export": (c, "partners.export", 200),
    "partners:duplicates": (c, "partners.merge", 200),
    "partners:detail": (org, "partners.view", 200),
    "partners:edit": (org, "partners.change", 200),
    "partners:delete": (org, "partners.change", 200),
    "partners:merge": (lambda o: {**org(o), "other_pk": o.other_organisation.pk}, "partners.merge", 200),
    "partners:address_create": (org, "partners.change", 200),
    "partners:address_edit": (lambda o: {**org(o), "address_pk": o.address.pk}, "partners.change", 200),
    "partners:address_delete": (lambda o: {**org(o), "address_pk": o.address.pk}, "partners.change", 405),
    "partners:contact_create": (org, "partners.change", 200),
    "partners:contact_edit": (lambda o: {**org(o), "contact_pk": o.contact.pk}, "partners.change", 200),
    "partners:contact_access": (
        lambda o: {**org(o), "contact_pk": o.contact.pk},
        "partners.change",
        200,
    ),
    "partners:contact_delete": (lambda o: {**org(o), "contact_pk": o.contact.pk}, "partners.change", 405),
    "newcomers:worklist": (c, "newcomers.view_families", 200),
    "newcomers:intake": (c, "newcomers.change_families", 200),
    "newcomers:family": (fam, "newcomers.view_families", 200),
    "newcomers:family_edit": (fam, "newcomers.change_families", 200),
    "newcomers:family_access": (fam, "newcomers.change_families", 200),
    "newcomers:family_erase": (fam, "newcomers.change_families", 405),
    "newcomers:family_book": (fam, "newcomers.manage_appointments", 405),
    "newcomers:child_create": (fam, "newcomers.change_families", 200),
    "newcomers:child_edit": (lambda o: {**fam(o), "child_pk": o.child.pk}, "newcomers.change_families", 200),
    "newcomers:child_stage": (lambda o: {**fam(o), "child_pk": o.child.pk}, "newcomers.change_families", 405),
    "newcomers:child_book": (lambda o: {**fam(o), "child_pk": o.child.pk}, "newcomers.manage_appointments", 405),
    "newcomers:child_preferences": (
        lambda o: {**fam(o), "child_pk": o.child.pk},
        "newcomers.run_placement",
        405,
    ),
    "newcomers:letter": (
        lambda o: {**fam(o), "child_pk": o.child.pk, "kind": "invitation"},
        "newcomers.view_families",
        302,
    ),
    "newcomers:letters": (c, "newcomers.change_families", 200),
    "newcomers:letter_text": (
        lambda o: {**c(o), "kind": "invitation", "language": "ar"},
        "newcomers.change_families",
        200,
    ),
    "newcomers:slots": (c, "newcomers.manage_appointments", 200),
    "newcomers:slot_import": (c, "newcomers.manage_appointments", 405),
    "newcomers:slot_update": (lambda o: {**c(o), "pk": o.slot.pk}, "newcomers.manage_appointments", 405),
    "newcomers:seats": (c, "newcomers.manage_seats", 200),
    "newcomers:seat_edit": (lambda o: {**c(o), "pk": o.quota.pk}, "newcomers.manage_seats", 200),
    "newcomers:rules": (c, "newcomers.manage_rules", 200),
    "newcomers:rule_edit": (lambda o: {**c(o), "pk": o.rule.pk}, "newcomers.manage_rules", 200),
    "newcomers:placement": (c, "newcomers.run_placement", 200),
    "newcomers:placement_release": (c, "newcomers.run_placement", 405),
    "newcomers:authority": (c, "newcomers.decide_placements", 200),
    "newcomers:authority_decide": (lambda o: {**c(o), "pk": o.placement.pk}, "newcomers.decide_placements", 405),
    "newcomers:figures": (c, "newcomers.view_figures", 200),
    "newcomers:handover": (lambda o: {**c(o), "school_pk": o.quota.school_id}, "newcomers.handover", 200),
    "newcomers:school": (c, "newcomers.school_placements", 200),
    "volunteers:sign_up": (c, PUBLIC, 200),
    "volunteers:offer": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "volunteers:offer_calendar": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "volunteers:personal": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "volunteers:personal_calendar": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "volunteers:requests": (c, "volunteers.manage_requests", 200),
    "volunteers:request": (lambda o: {**c(o), "pk": o.interpreting.pk}, "volunteers.manage_requests", 200),
    "volunteers:list": (c, "volunteers.view", 200),
    "volunteers:detail": (lambda o: {**c(o), "pk": o.volunteer.pk}, "volunteers.change", 200),
    "volunteers:access": (lambda o: {**c(o), "pk": o.volunteer.pk}, "volunteers.change", 200),
    "volunteers:erase": (lambda o: {**c(o), "pk": o.volunteer.pk}, "volunteers.change", 405),
    "volunteers:statement": (lambda o: {**c(o), "pk": o.volunteer.pk, "year": 2026}, "volunteers.change", 200),
    "volunteers:personal_statement": (lambda o: {**c(o), "token": "not-a-real-token", "year": 2026}, PUBLIC, 404),
    "volunteers:settings": (c, "volunteers.manage_settings", 200),
    "events:calendar": (c, PUBLIC, 200),
    "events:feed": (c, PUBLIC, 200),
    "events:detail": (lambda o: {**c(o), "pk": o.event.pk}, PUBLIC, 200),
    "events:event_ics": (lambda o: {**c(o), "pk": o.event.pk}, PUBLIC, 200),
    "events:register": (lambda o: {**c(o), "pk": o.event.pk}, PUBLIC, 200),
    "events:confirm": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "events:manage": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "events:participant": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "events:certificate": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "events:staff_list": (c, "events.manage", 200),
    "events:create": (c, "events.manage", 200),
    "events:edit": (lambda o: {**c(o), "pk": o.event.pk}, "events.manage", 200),
    "events:status": (lambda o: {**c(o), "pk": o.event.pk}, "events.manage", 405),
    "events:registrations": (lambda o: {**c(o), "pk": o.event.pk}, "events.manage", 200),
    "events:check_in": (lambda o: {**c(o), "pk": o.event.pk}, "events.check_in", 200),
    "events:walk_in": (lambda o: {**c(o), "pk": o.event.pk}, "events.check_in", 405),
    "events:move": (lambda o: {**c(o), "pk": o.event.pk}, "events.manage", 405),
    "events:sign_in_list": (lambda o: {**c(o), "pk": o.event.pk}, "events.check_in", 200),
    "events:certificates": (lambda o: {**c(o), "pk": o.event.pk}, "events.manage", 405),
    "events:figures": (c, "events.view_figures", 200),
    "volunteers:pools": (c, "volunteers.change", 200),
    "volunteers:profile": (lambda o: {**c(o), "pk": o.volunteer.pk}, "volunteers.change", 200),
    "volunteers:absence": (lambda o: {**c(o), "pk": o.volunteer.pk}, "volunteers.change", 405),
    "volunteers:hours": (lambda o: {**c(o), "pk": o.volunteer.pk}, "volunteers.change", 405),
    "volunteers:figures": (c, "volunteers.view_figures", 200),
    "volunteers:institution_requests": (c, "volunteers.request_interpreter", 200),
    # Someone else's request: an institution sees only its own, so even the permitted roles get 404.
    "volunteers:institution_request": (
        lambda o: {**c(o), "pk": o.interpreting.pk},
        "volunteers.request_interpreter",
        404,
    ),
    "newcomers:school_decide": (lambda o: {**c(o), "pk": o.placement.pk}, "newcomers.school_placements", 405),
}


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_catalogue_names_every_url() -> None:
    assert all_url_names() == set(CATALOGUE), "Add new URLs to CATALOGUE with the permission they need."


def test_catalogue_permissions_exist() -> None:
    for _builder, permission, _status in CATALOGUE.values():
        assert permission == PUBLIC or permission in PERMISSIONS


def test_every_view_declares_its_permission() -> None:
    resolver = get_resolver()
    for name, (builder, permission, _status) in CATALOGUE.items():
        if builder is None:
            continue
        # Build a URL with dummy arguments just to find the view function.
        kwargs = {
            "centre": "x",
            "pk": 1,
            "language": "de",
            "address_pk": 1,
            "contact_pk": 1,
            "child_pk": 1,
            "kind": "invitation",
            "school_pk": 1,
            "other_pk": 2,
            "uidb64": "MQ",
            "token": "t",
            "year": 2026,
        }
        if name.startswith("core:job"):
            kwargs["pk"] = "00000000-0000-0000-0000-000000000000"  # type: ignore[assignment]
        for candidate in _subsets(kwargs):
            try:
                url = reverse(name, kwargs=candidate)
                break
            except Exception:  # noqa: BLE001, S112 - try the next combination
                continue
        view = resolver.resolve(url).func
        declared = getattr(view, "required_permission", "undeclared")
        assert declared == (None if permission == PUBLIC else permission), name


def _subsets(kwargs: dict[str, Any]) -> list[dict[str, Any]]:
    keys = list(kwargs)
    result = []
    for mask in range(1 << len(keys)):
        result.append({k: kwargs[k] for i, k in enumerate(keys) if mask & (1 << i)})
    return sorted(result, key=len)


@pytest.fixture
def world(db, centre, other_centre):  # type: ignore[no-untyped-def]
    return make_objects(centre), make_objects(other_centre)


def _url(name: str, objects: Objects) -> str:
    builder = CATALOGUE[name][0]
    return reverse(name, kwargs=builder(objects)) if builder else reverse(name)


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_role_matrix_in_own_centre_and_foreign_centre(role: str, world, client: Client) -> None:  # type: ignore[no-untyped-def]
    own, foreign = world
    from anlaufstelle.core.tests.factories import UserFactory

    user = UserFactory()
    # A school contact acts for a school: the one whose seats and placements the catalogue uses.
    acts_for = own.quota.school if role == Role.SCHOOL_CONTACT else None
    Membership.objects.create(user=user, centre=own.centre, role=role, organisation=acts_for)
    with scopes_disabled():
        own.job = BackgroundJob.objects.create(centre=own.centre, created_by=user, kind="test", title="Test")
        foreign.job = BackgroundJob.objects.create(centre=foreign.centre, created_by=user, kind="test", title="Test")
    verify(client, user)
    failures = []
    for name, (builder, permission, ok_status) in CATALOGUE.items():
        url = _url(name, own)
        status = client.get(url).status_code
        if permission == PUBLIC:
            expected = ok_status
        else:
            expected = ok_status if role in PERMISSIONS[permission] else 403
        if status != expected:
            failures.append(f"{role} GET {url}: {status}, expected {expected}")
        if builder is not None and permission != PUBLIC:
            # The foreign centre's own URLs: not a member there -> 404.
            url = _url(name, foreign)
            status = client.get(url).status_code
            if status != 404:
                failures.append(f"{role} GET foreign {url}: {status}, expected 404")
            # The foreign centre's objects through the own centre's URLs -> 404.
            crossed = builder(foreign)
            if set(crossed) - {"centre", "language", "kind"} and role in PERMISSIONS[permission]:
                crossed["centre"] = own.centre.slug
                url = reverse(name, kwargs=crossed)
                # POST-only views are probed with POST: the foreign object must stay invisible.
                status = (client.post(url) if ok_status == 405 else client.get(url)).status_code
                if status != 404:
                    failures.append(f"{role} GET crossed {url}: {status}, expected 404")
    assert not failures, "\n".join(failures)


def test_anonymous_is_sent_to_sign_in(world, client: Client) -> None:  # type: ignore[no-untyped-def]
    own, _foreign = world
    with scopes_disabled():
        own.job = BackgroundJob.objects.create(centre=own.centre, kind="test", title="Test")
    for name, (_builder, permission, ok_status) in CATALOGUE.items():
        url = _url(name, own)
        response = client.get(url)
        if permission == PUBLIC:
            assert response.status_code == ok_status, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("core:login")), url


def test_signed_in_without_second_factor_is_sent_to_it(world, client: Client, member_factory) -> None:  # type: ignore[no-untyped-def]
    own, _foreign = world
    user = member_factory(own.centre, Role.CENTRE_ADMIN)
    client.force_login(user)
    response = client.get(reverse("partners:list", kwargs={"centre": own.centre.slug}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:otp"))


def test_foreign_post_changes_nothing(world, client: Client, member_factory) -> None:  # type: ignore[no-untyped-def]
    own, foreign = world
    verify(client, member_factory(own.centre, Role.CENTRE_ADMIN))
    url = reverse("partners:edit", kwargs={"centre": own.centre.slug, "pk": foreign.organisation.pk})
    response = client.post(url, {"name": "Hijacked", "kind": "mso"})
    assert response.status_code == 404
    with scopes_disabled():
        foreign.organisation.refresh_from_db()
    assert foreign.organisation.name != "Hijacked"


def test_roles_are_the_issue_list() -> None:
    assert {r.value for r in Role} == {
        "centre_admin",
        "caseworker",
        "volunteer_coordinator",
        "editor",
        "events_organiser",
        "council_clerk",
        "grants_officer",
        "partner",
        "school_authority",
        "school_contact",
        "volunteer",
        "state_analyst",
    }
