"""The URL catalogue: every URL name of the site with the permission it needs and the status it answers,
and one of each object per centre to fill in the ids. test_url_matrix walks it for every role and both
centres; the browser reflow walk and the per-app permission tests reuse it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.models import BackgroundJob, Centre, Funder, Invitation, Membership, TeamMember
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tokens import new_token
from anlaufstelle.council.tests.factories import catalogue as council_catalogue
from anlaufstelle.council.tests.factories import make_council
from anlaufstelle.directory.models import OfferProposal
from anlaufstelle.grants.tests.factories import catalogue as grants_catalogue
from anlaufstelle.grants.tests.factories import make_grants
from anlaufstelle.library.tests.factories import catalogue as library_catalogue
from anlaufstelle.library.tests.factories import make_library
from anlaufstelle.networks.tests.factories import catalogue as networks_catalogue
from anlaufstelle.networks.tests.factories import make_networks
from anlaufstelle.partners.tests.factories import AddressFactory, ContactPersonFactory, OrganisationFactory
from anlaufstelle.programmes.tests.factories import catalogue as programmes_catalogue
from anlaufstelle.programmes.tests.factories import make_programmes
from anlaufstelle.reports.tests.factories import catalogue as reports_catalogue
from anlaufstelle.reports.tests.factories import make_reports
from anlaufstelle.workspace.tests.factories import catalogue as workspace_catalogue

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
    news: Any = None
    gallery: Any = None
    photo: Any = None
    issue: Any = None
    council: Any = None
    grants: Any = None
    programmes: Any = None
    networks: Any = None
    reports: Any = None
    library: Any = None


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
        objects.council = make_council(centre)
        objects.grants = make_grants(centre)
        # The programme's site is the school a school contact acts for in the matrix.
        objects.programmes = make_programmes(centre, organisation=objects.quota.school)
        objects.networks = make_networks(centre, organisation=organisation)
        objects.reports = make_reports(centre)
        objects.library = make_library(centre)
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
    from anlaufstelle.news.tests.factories import make_news

    o.news = make_news(o.centre, title=f"Rückblick {o.centre.slug}")
    from anlaufstelle.news.tests.factories import make_gallery

    o.gallery = make_gallery(o.centre, f"Galerie {o.centre.slug}")
    o.photo = o.gallery.photos.first()
    from anlaufstelle.news.models import NewsletterIssue

    o.issue = NewsletterIssue.objects.create(centre=o.centre)


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
    "sso:choose": (None, PUBLIC, 200),
    "sso:start": (c, PUBLIC, 302),
    "sso_callback": (None, PUBLIC, 400),
    "sso:provider_edit": (c, "core.manage_members", 200),
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
    "directory:proposal_publish": (lambda o: {**c(o), "pk": o.proposal.pk}, "directory.edit", 405),
    "directory:proposal_return": (lambda o: {**c(o), "pk": o.proposal.pk}, "directory.edit", 405),
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
    "core:audit_csv": (c, "core.view_audit_trail", 200),
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
    "partners:contact_delete": (lambda o: {**org(o), "contact_pk": o.contact.pk}, "partners.change", 302),
    "newcomers:worklist": (c, "newcomers.view_families", 200),
    "newcomers:intake": (c, "newcomers.change_families", 200),
    "newcomers:intake_add_child": (c, "newcomers.change_families", 405),
    "newcomers:family": (fam, "newcomers.view_families", 200),
    "newcomers:family_edit": (fam, "newcomers.change_families", 200),
    "newcomers:family_access": (fam, "newcomers.change_families", 200),
    "newcomers:family_erase": (fam, "newcomers.change_families", 302),
    "newcomers:family_book": (fam, "newcomers.manage_appointments", 405),
    "newcomers:child_create": (fam, "newcomers.change_families", 200),
    "newcomers:child_edit": (lambda o: {**fam(o), "child_pk": o.child.pk}, "newcomers.change_families", 200),
    "newcomers:child_stage": (lambda o: {**fam(o), "child_pk": o.child.pk}, "newcomers.change_families", 405),
    "newcomers:child_book": (lambda o: {**fam(o), "child_pk": o.child.pk}, "newcomers.manage_appointments", 405),
    "newcomers:child_pin": (lambda o: {**fam(o), "child_pk": o.child.pk}, "newcomers.run_placement", 405),
    "newcomers:child_exclude": (lambda o: {**fam(o), "child_pk": o.child.pk}, "newcomers.run_placement", 405),
    "newcomers:child_include": (lambda o: {**fam(o), "child_pk": o.child.pk}, "newcomers.run_placement", 405),
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
    "newcomers:slot_cancel": (lambda o: {**c(o), "pk": o.slot.pk}, "newcomers.manage_appointments", 200),
    "newcomers:slot_done": (lambda o: {**c(o), "pk": o.slot.pk}, "newcomers.manage_appointments", 405),
    "newcomers:slot_missed": (lambda o: {**c(o), "pk": o.slot.pk}, "newcomers.manage_appointments", 405),
    "newcomers:slot_covered": (lambda o: {**c(o), "pk": o.slot.pk}, "newcomers.manage_appointments", 405),
    "newcomers:seats": (c, "newcomers.manage_seats", 200),
    "newcomers:seat_edit": (lambda o: {**c(o), "pk": o.quota.pk}, "newcomers.manage_seats", 200),
    "newcomers:rules": (c, "newcomers.manage_rules", 200),
    "newcomers:rules_defaults": (c, "newcomers.manage_rules", 405),
    "newcomers:rule_edit": (lambda o: {**c(o), "pk": o.rule.pk}, "newcomers.manage_rules", 200),
    "newcomers:rule_delete": (lambda o: {**c(o), "pk": o.rule.pk}, "newcomers.manage_rules", 405),
    "newcomers:placement": (c, "newcomers.run_placement", 200),
    "newcomers:placement_release": (c, "newcomers.run_placement", 405),
    "newcomers:placement_policy": (c, "newcomers.choose_policy", 200),
    "newcomers:authority": (c, "newcomers.decide_placements", 200),
    "newcomers:authority_table": (c, "newcomers.decide_placements", 200),
    "newcomers:authority_bulk": (c, "newcomers.decide_placements", 302),
    "newcomers:authority_bulk_approve": (c, "newcomers.decide_placements", 405),
    "newcomers:authority_bulk_return": (c, "newcomers.decide_placements", 405),
    "newcomers:authority_approve": (lambda o: {**c(o), "pk": o.placement.pk}, "newcomers.decide_placements", 405),
    "newcomers:authority_redirect": (lambda o: {**c(o), "pk": o.placement.pk}, "newcomers.decide_placements", 405),
    "newcomers:figures": (c, "newcomers.view_figures", 200),
    "newcomers:handover": (lambda o: {**c(o), "school_pk": o.quota.school_id}, "newcomers.handover", 200),
    "newcomers:handover_screen": (lambda o: {**c(o), "school_pk": o.quota.school_id}, "newcomers.handover", 200),
    "newcomers:school": (c, "newcomers.school_placements", 200),
    "volunteers:sign_up": (c, PUBLIC, 200),
    "volunteers:offer": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "volunteers:offer_calendar": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "volunteers:personal": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "volunteers:personal_calendar": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "volunteers:offer_accept": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 405),
    "volunteers:offer_decline": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 405),
    "volunteers:personal_accept": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 405),
    "volunteers:personal_decline": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 405),
    "volunteers:personal_cancel": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 405),
    "volunteers:personal_hours": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 405),
    "volunteers:personal_absence": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 405),
    "volunteers:personal_absence_remove": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 405),
    "volunteers:requests": (c, "volunteers.manage_requests", 200),
    "volunteers:request": (lambda o: {**c(o), "pk": o.interpreting.pk}, "volunteers.manage_requests", 200),
    "volunteers:list": (c, "volunteers.view", 200),
    "volunteers:detail": (lambda o: {**c(o), "pk": o.volunteer.pk}, "volunteers.change", 200),
    "volunteers:access": (lambda o: {**c(o), "pk": o.volunteer.pk}, "volunteers.change", 200),
    "volunteers:erase": (lambda o: {**c(o), "pk": o.volunteer.pk}, "volunteers.change", 302),
    "volunteers:statement": (lambda o: {**c(o), "pk": o.volunteer.pk, "year": 2026}, "volunteers.change", 200),
    "volunteers:personal_statement": (lambda o: {**c(o), "token": "not-a-real-token", "year": 2026}, PUBLIC, 404),
    "volunteers:settings": (c, "volunteers.manage_settings", 200),
    "news:list": (c, PUBLIC, 200),
    "news:rss": (c, PUBLIC, 200),
    "news:atom": (c, PUBLIC, 200),
    "news:detail": (lambda o: {**c(o), "pk": o.news.pk}, PUBLIC, 200),
    "news:picture": (lambda o: {**c(o), "pk": o.news.pk}, PUBLIC, 404),
    "news:staff_list": (c, "news.edit", 200),
    "news:create": (c, "news.edit", 200),
    "news:edit": (lambda o: {**c(o), "pk": o.news.pk}, "news.edit", 200),
    "news:staff_picture": (lambda o: {**c(o), "pk": o.news.pk}, "news.edit", 404),
    "news:publish": (lambda o: {**c(o), "pk": o.news.pk}, "news.edit", 405),
    "news:unpublish": (lambda o: {**c(o), "pk": o.news.pk}, "news.edit", 405),
    "news:galleries": (c, PUBLIC, 200),
    "news:gallery": (lambda o: {**c(o), "pk": o.gallery.pk}, PUBLIC, 200),
    "news:photo": (lambda o: {**c(o), "pk": o.photo.pk}, PUBLIC, 200),
    "news:gallery_list": (c, "news.edit", 200),
    "news:gallery_create": (c, "news.edit", 200),
    "news:gallery_edit": (lambda o: {**c(o), "pk": o.gallery.pk}, "news.edit", 200),
    "news:gallery_upload": (lambda o: {**c(o), "pk": o.gallery.pk}, "news.edit", 405),
    "news:gallery_publish": (lambda o: {**c(o), "pk": o.gallery.pk}, "news.edit", 405),
    "news:gallery_unpublish": (lambda o: {**c(o), "pk": o.gallery.pk}, "news.edit", 405),
    "news:photo_edit": (lambda o: {**c(o), "pk": o.photo.pk}, "news.edit", 200),
    "news:photo_file": (lambda o: {**c(o), "pk": o.photo.pk}, "news.edit", 200),
    "news:photo_move": (lambda o: {**c(o), "pk": o.photo.pk}, "news.edit", 405),
    "news:photo_withdraw": (lambda o: {**c(o), "pk": o.photo.pk}, "news.edit", 405),
    "news:photo_delete": (lambda o: {**c(o), "pk": o.photo.pk}, "news.edit", 405),
    "news:photo_consent_form": (lambda o: {**c(o), "pk": o.photo.pk}, "news.edit", 404),
    "news:subscribe": (c, PUBLIC, 200),
    "news:subscription_confirm": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "news:unsubscribe": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "news:newsletter": (c, "news.edit", 200),
    "news:issue_create": (c, "news.edit", 200),
    "news:issue_edit": (lambda o: {**c(o), "pk": o.issue.pk}, "news.edit", 200),
    "news:issue_preview": (lambda o: {**c(o), "pk": o.issue.pk}, "news.edit", 200),
    "news:issue_send": (lambda o: {**c(o), "pk": o.issue.pk}, "news.edit", 200),
    "news:subscribers_bounce": (c, "news.edit", 405),
    "events:calendar": (c, PUBLIC, 200),
    "events:feed": (c, PUBLIC, 200),
    "events:detail": (lambda o: {**c(o), "pk": o.event.pk}, PUBLIC, 200),
    "events:event_ics": (lambda o: {**c(o), "pk": o.event.pk}, PUBLIC, 200),
    "events:register": (lambda o: {**c(o), "pk": o.event.pk}, PUBLIC, 200),
    "events:confirm": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "events:manage": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "events:manage_cancel": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 405),
    "events:participant": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "events:certificate": (lambda o: {**c(o), "token": "not-a-real-token"}, PUBLIC, 404),
    "events:staff_list": (c, "events.manage", 200),
    "events:create": (c, "events.manage", 200),
    "events:edit": (lambda o: {**c(o), "pk": o.event.pk}, "events.manage", 200),
    "events:publish": (lambda o: {**c(o), "pk": o.event.pk}, "events.manage", 405),
    "events:withdraw": (lambda o: {**c(o), "pk": o.event.pk}, "events.manage", 405),
    "events:cancel": (lambda o: {**c(o), "pk": o.event.pk}, "events.manage", 200),
    "events:registrations": (lambda o: {**c(o), "pk": o.event.pk}, "events.manage", 200),
    "events:registration_cancel": (lambda o: {**c(o), "pk": o.event.pk}, "events.manage", 404),
    "events:check_in": (lambda o: {**c(o), "pk": o.event.pk}, "events.check_in", 200),
    "events:check_in_tick": (lambda o: {**c(o), "pk": o.event.pk}, "events.check_in", 405),
    "events:check_in_undo": (lambda o: {**c(o), "pk": o.event.pk}, "events.check_in", 405),
    "events:walk_in": (lambda o: {**c(o), "pk": o.event.pk}, "events.check_in", 405),
    "events:move": (lambda o: {**c(o), "pk": o.event.pk}, "events.manage", 405),
    "events:sign_in_list": (lambda o: {**c(o), "pk": o.event.pk}, "events.check_in", 200),
    "events:certificates": (lambda o: {**c(o), "pk": o.event.pk}, "events.manage", 405),
    "events:figures": (c, "events.view_figures", 200),
    "volunteers:pools": (c, "volunteers.change", 200),
    "volunteers:profile": (lambda o: {**c(o), "pk": o.volunteer.pk}, "volunteers.change", 200),
    "volunteers:absence": (lambda o: {**c(o), "pk": o.volunteer.pk}, "volunteers.change", 405),
    "volunteers:hours": (lambda o: {**c(o), "pk": o.volunteer.pk}, "volunteers.change", 405),
    "volunteers:status": (lambda o: {**c(o), "pk": o.volunteer.pk}, "volunteers.change", 405),
    "volunteers:personal_link": (lambda o: {**c(o), "pk": o.volunteer.pk}, "volunteers.change", 405),
    "volunteers:hours_approve": (lambda o: {**c(o), "pk": o.volunteer.pk}, "volunteers.change", 405),
    "volunteers:no_show": (lambda o: {**c(o), "pk": o.volunteer.pk}, "volunteers.change", 405),
    "volunteers:absence_remove": (lambda o: {**c(o), "pk": o.volunteer.pk}, "volunteers.change", 405),
    "volunteers:request_offer": (lambda o: {**c(o), "pk": o.interpreting.pk}, "volunteers.manage_requests", 405),
    "volunteers:request_reoffer": (lambda o: {**c(o), "pk": o.interpreting.pk}, "volunteers.manage_requests", 405),
    "volunteers:request_cancel": (lambda o: {**c(o), "pk": o.interpreting.pk}, "volunteers.manage_requests", 200),
    "volunteers:institution_request_cancel": (
        lambda o: {**c(o), "pk": o.interpreting.pk},
        "volunteers.request_interpreter",
        404,
    ),
    "volunteers:figures": (c, "volunteers.view_figures", 200),
    "volunteers:institution_requests": (c, "volunteers.request_interpreter", 200),
    # Someone else's request: an institution sees only its own, so even the permitted roles get 404.
    "volunteers:institution_request": (
        lambda o: {**c(o), "pk": o.interpreting.pk},
        "volunteers.request_interpreter",
        404,
    ),
    "newcomers:school_accept": (lambda o: {**c(o), "pk": o.placement.pk}, "newcomers.school_placements", 405),
    "newcomers:school_decline": (lambda o: {**c(o), "pk": o.placement.pk}, "newcomers.school_placements", 405),
    **council_catalogue(),
    **workspace_catalogue(),
    **grants_catalogue(),
    **programmes_catalogue(),
    **networks_catalogue(),
    **reports_catalogue(),
    **library_catalogue(),
}


def url_of(name: str, objects: Objects) -> str:
    """The URL of `name` with the ids of `objects`."""
    builder = CATALOGUE[name][0]
    return reverse(name, kwargs=builder(objects)) if builder else reverse(name)
