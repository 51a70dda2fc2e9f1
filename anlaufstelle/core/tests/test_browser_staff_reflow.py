"""Every staff page reflows on a phone (WCAG 1.4.10): no horizontal scrolling at 390 px in German
and Arabic (right to left) and at 320 px in German, and axe-core finds no WCAG 2.1 AA violation.

The pages are taken from the URL matrix (test_url_matrix.CATALOGUE) and built with its own URL
builders, fed with real objects of the demo centre (the fullest of each kind, the most likely to
overflow). Every staff URL name is either visited here or named in NOT_A_PAGE with the reason
(POST-only views are those the catalogue answers with 405 on GET), so a new staff page cannot be
forgotten. One person holds every role in the demo centre, so every page answers.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.demo.loader import DEMO_PASSWORD, load_demo
from anlaufstelle.core.tests.browser import OVERFLOW_SCRIPT, axe_violations, sign_in
from anlaufstelle.core.tests.url_catalogue import CATALOGUE, PUBLIC, Objects
from anlaufstelle.core.tests.url_catalogue import url_of as _url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "alle-rollen@musterstadt.example"
# (width, language prefix) of each pass; axe-core runs in the first.
PASSES = ((390, ""), (390, "/ar"), (320, ""))

# Staff URLs answering GET with something other than an HTML page, with the reason.
NOT_A_PAGE = {
    "core:audit_csv": "a CSV download",
    "core:job_download": "the file a finished job made (XLSX, PDF or ZIP)",
    "partners:export": "an XLSX or CSV download",
    "newcomers:letter": "starts a PDF letter as a background job and redirects to its progress page",
    "newcomers:handover": "an XLSX download for the school",
    "volunteers:statement": "a PDF (the yearly allowance statement)",
    "events:sign_in_list": "a PDF to print",
    "library:labels": "a PDF download (barcode labels to print)",
    "newcomers:family_access": "the family's data as a JSON download (Art. 15 GDPR)",
    "partners:contact_access": "the contact person's data as a JSON download (Art. 15 GDPR)",
    "volunteers:access": "the volunteer's data as a JSON download (Art. 15 GDPR)",
    "news:staff_picture": "an image (the editor's preview of a news picture)",
    "news:photo_file": "an image (the editor's view of a gallery photo)",
    "news:photo_consent_form": "the scanned consent form (a PDF or picture download)",
    "council:file_download": "a paper's PDF",
    "council:invitation_pdf": "a PDF (the invitation)",
    "council:minutes_pdf": "a PDF (the minutes)",
    "council:allowance_pdf": "a PDF (a member's attendance allowances)",
    "council:my_follow_up": "only the owner's follow-up opens (the demo's follow-ups have no owner: 404)",
    "grants:letter": "a PDF (decision letter or pass-on contract)",
    "grants:partner_letter": "a PDF (decision letter or pass-on contract)",
    "grants:payment_order_xml": "the SEPA pain.001 file for the treasury",
    "grants:payment_order_csv": "a CSV download for the treasury",
    "programmes:site_agreement": "a site's signed agreement (PDF)",
    "programmes:figures_xlsx": "an XLSX download",
    "programmes:figures_pdf": "a PDF download",
    "networks:minutes_pdf": "a PDF (a network meeting's minutes)",
    "reports:state_xlsx": "an XLSX download",
    "reports:state_csv": "a CSV download",
    "library:borrower_access": "the borrower's data as a JSON download (Art. 15 GDPR)",
}
POST_ONLY = {name for name, (_b, permission, status) in CATALOGUE.items() if permission != PUBLIC and status == 405}


def staff_names() -> set[str]:
    return {
        name
        for name, (_builder, permission, _status) in CATALOGUE.items()
        if permission != PUBLIC and name not in NOT_A_PAGE and name not in POST_ONLY
    }


def _person(centre: Any) -> Any:
    """One account holding every role in the centre (partner and school contact for demo organisations)."""
    from anlaufstelle.core.models import Membership, User
    from anlaufstelle.core.roles import ALL_ROLES, Role
    from anlaufstelle.partners.models import Organisation

    user = User.objects.create_user(EMAIL, DEMO_PASSWORD, full_name="Alma Allrollen-Langname")
    partner = Organisation.objects.filter(centre=centre, kind=Organisation.Kind.MSO).order_by("id").first()
    for role in sorted(ALL_ROLES):
        organisation = partner if role == Role.PARTNER else None
        Membership.objects.create(
            user=user, centre=centre, role=role, organisation=organisation, full_name=user.full_name
        )
    return user


def demo_objects(centre: Any, user: Any) -> Objects:
    """The catalogue's objects, taken from the demo centre: the fullest of each kind.

    What the demo has none of (a partner's proposal, placements past the draft, an invitation, a
    finished job, an import waiting for its columns) is made here through the actions."""
    from anlaufstelle.core.models import BackgroundJob, Funder, Invitation, Membership, TeamMember
    from anlaufstelle.core.roles import Role
    from anlaufstelle.core.tokens import new_token
    from anlaufstelle.council.tests.factories import council_of_demo
    from anlaufstelle.directory.models import Offer
    from anlaufstelle.directory.proposals import current_payload, proposal_submit
    from anlaufstelle.events.models import Event
    from anlaufstelle.grants.tests.factories import make_grants
    from anlaufstelle.library.tests.factories import make_library
    from anlaufstelle.networks.tests.factories import make_networks
    from anlaufstelle.newcomers import actions as newcomers
    from anlaufstelle.newcomers.models import AppointmentSlot, EligibilityRule, Family, Placement, PlacementRun
    from anlaufstelle.newcomers.runs import placement_run_execute
    from anlaufstelle.news.models import Gallery, NewsItem, NewsletterIssue, Photo
    from anlaufstelle.partners.models import Organisation
    from anlaufstelle.programmes.tests.factories import make_programmes
    from anlaufstelle.reports.tests.factories import make_reports
    from anlaufstelle.volunteers import actions
    from anlaufstelle.volunteers.models import Volunteer

    partner = Membership.objects.get(user=user, centre=centre, role=Role.PARTNER).organisation
    organisations = Organisation.objects.filter(centre=centre).annotate(
        n=Count("addresses", distinct=True) + Count("contacts", distinct=True)
    )
    organisation = organisations.order_by("-n", "id").first()
    assert organisation is not None
    offers = Offer.objects.filter(centre=centre)
    offer = max(
        offers, key=lambda o: (o.organisation_id == partner.pk, o.address_id is not None, bool(o.website), o.pk)
    )
    own = offer if offer.organisation_id == partner.pk else None  # a change to its own offer, else a new one
    proposal = proposal_submit(
        centre=centre, actor=user, organisation=partner, payload=current_payload(offer), offer=own
    )
    # Placements: a run's drafts, some sent to the school authority, one approved for the school.
    run = PlacementRun.objects.create(centre=centre, started_by=user)
    placement_run_execute(run=run)
    drafts = list(Placement.objects.filter(centre=centre, status=Placement.Status.DRAFT).order_by("id"))
    newcomers.placements_release(centre=centre, actor=user, placements=drafts[: max(2, len(drafts) // 2)])
    proposed = Placement.objects.filter(centre=centre, status=Placement.Status.PROPOSED).order_by("id")
    approved = newcomers.placement_approve(placement=proposed.first(), actor=user)  # type: ignore[arg-type]
    Membership.objects.filter(user=user, centre=centre, role=Role.SCHOOL_CONTACT).update(
        organisation=approved.quota.school
    )
    family = Family.objects.filter(centre=centre).annotate(n=Count("children")).order_by("-n", "id").first()
    assert family is not None
    child = family.children.order_by("id").first()
    requester = Membership.objects.get(user=user, centre=centre, role=Role.PARTNER).organisation
    interpreting = actions.request_create(
        centre=centre,
        actor=user,
        data={
            "language": "ar",
            "starts_at": timezone.now() + datetime.timedelta(days=10),
            "place": "Städtische Gemeinschaftshauptschule Musterstadt-Nord, Raum 1.204",
            "organisation": requester,
        },
    )
    job = BackgroundJob.objects.create(
        centre=centre,
        created_by=user,
        kind="directory.import",
        title="Angebotsimport Integrationsangebote-Gesamtuebersicht-2026-final.xlsx",
        status=BackgroundJob.Status.DONE,
        finished_at=timezone.now(),
        # A report with the problems table: long values, a long link.
        result={
            "ok": False,
            "problems": [
                {
                    "row": 17,
                    "column": "Webadresse des Angebots",
                    "message": "https://www.beispiel-verein-mit-langem-namen.example/angebote/kurse ist ungültig.",
                }
            ],
        },
    )
    return Objects(
        centre=centre,
        organisation=organisation,
        other_organisation=organisations.exclude(pk=organisation.pk).order_by("-n", "id").first(),
        address=organisation.addresses.order_by("id").first(),
        contact=organisation.contacts.order_by("id").first(),
        member=TeamMember.objects.filter(centre=centre).order_by("id").first(),  # type: ignore[arg-type]
        funder=Funder.objects.filter(centre=centre).order_by("id").first(),  # type: ignore[arg-type]
        staff=Membership.objects.filter(centre=centre, role=Role.CASEWORKER).exclude(user=user).first().user,  # type: ignore[union-attr]
        offer=offer,
        proposal=proposal,
        family=family,
        child=child,
        slot=AppointmentSlot.objects.filter(centre=centre).order_by("id").first(),
        quota=approved.quota,
        rule=EligibilityRule.objects.filter(centre=centre).order_by("id").first(),
        placement=proposed.exclude(pk=approved.pk).first() or approved,
        volunteer=Volunteer.objects.filter(centre=centre).annotate(n=Count("languages")).order_by("-n", "id").first(),
        interpreting=interpreting,
        event=Event.objects.filter(centre=centre)
        .annotate(n=Count("sessions__registrations"))
        .order_by("-n", "id")
        .first(),
        invitation=Invitation.objects.create(
            centre=centre,
            email="eine.sehr-lange-adresse.fuer-die-einladung@beispiel-schule-musterstadt.example",
            roles=[Role.EDITOR, Role.EVENTS_ORGANISER],
            token_hash=new_token()[1],
            expires_at=timezone.now() + Invitation.VALID_FOR,
        ),
        job=job,
        # The pinned demo item: a picture, alt texts and three languages.
        news=NewsItem.objects.filter(centre=centre).order_by("-pinned", "id").first(),
        gallery=(gallery := Gallery.objects.filter(centre=centre).order_by("id").first()),
        photo=Photo.objects.filter(gallery=gallery).order_by("position").first(),
        issue=NewsletterIssue.objects.filter(centre=centre).order_by("id").first(),
        council=council_of_demo(centre),
        grants=make_grants(centre, organisation=partner),
        programmes=make_programmes(centre),
        networks=make_networks(centre, organisation=organisation, owner=user),
        reports=make_reports(centre),
        library=make_library(centre),
    )


def _paths(objects: Objects, user: Any) -> dict[str, list[str]]:
    """Every staff page by URL name, through the catalogue's builders, plus a few fuller variants."""
    from anlaufstelle.core.models import BackgroundJob

    c = {"centre": objects.centre.slug}
    mapping = BackgroundJob.objects.create(
        centre=objects.centre,
        created_by=user,
        kind="directory.import_read",
        title="Angebote.xlsx",
        status=BackgroundJob.Status.DONE,
        finished_at=timezone.now(),
        result={
            "ok": True,
            "headers": ["Titel des Angebots (deutsch)", "Beschreibung", "Webadresse", "Straße und Hausnummer"],
            "rows": 12,
        },
    )
    paths = {name: [_url(name, objects)] for name in staff_names()}
    paths["directory:staff_import_mapping"] = [
        reverse("directory:staff_import_mapping", kwargs={**c, "pk": mapping.pk})
    ]
    paths["volunteers:institution_request"] = [
        reverse("volunteers:institution_request", kwargs={**c, "pk": objects.interpreting.pk})
    ]
    paths["volunteers:institution_request_cancel"] = [
        reverse("volunteers:institution_request_cancel", kwargs={**c, "pk": objects.interpreting.pk})
    ]
    # The search with results of many kinds; the confirmation pages with what the page's form sends.
    paths["workspace:search"] = [_url("workspace:search", objects) + "?q=an"]
    paths["newcomers:authority_bulk"] = [
        _url("newcomers:authority_bulk", objects) + f"?verb=approve&placement={objects.placement.pk}",
        _url("newcomers:authority_bulk", objects) + f"?verb=return&placement={objects.placement.pk}",
    ]
    for name in ("newcomers:family_erase", "volunteers:erase", "partners:contact_delete", "library:borrower_erase"):
        paths[name] = [_url(name, objects) + "?reason=not_needed"]
    from anlaufstelle.events.models import Registration

    # Any demo registration (the catalogue's event may have none): the question names the person.
    registration = Registration.objects.filter(centre=objects.centre).select_related("session").order_by("id").first()
    if registration is None:  # the demo has none: one person registered for the catalogue's event
        from anlaufstelle.core.tokens import new_token
        from anlaufstelle.events.models import RegistrationGroup

        session = objects.event.sessions.first()
        group = RegistrationGroup.objects.create(
            centre=objects.centre,
            contact_name="Reflow",
            contact_email="reflow@example.org",
            confirm_token_hash=new_token()[1],
            manage_token_hash=new_token()[1],
        )
        registration = Registration.objects.create(
            centre=objects.centre,
            group=group,
            session=session,
            first_name="Pia",
            last_name="Reflow",
            token_hash=new_token()[1],
        )
    paths["events:registration_cancel"] = [
        reverse("events:registration_cancel", kwargs={**c, "pk": registration.session.event_id})
        + f"?cancel={registration.pk}"
    ]
    paths["events:cancel"] = [_url("events:cancel", objects) + "?reason=Die+Referentin+ist+krank."]
    return paths


def test_every_staff_page_reflows_and_passes_axe(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import Error as PlaywrightError

    from anlaufstelle.core.models import Centre

    with scopes_disabled():
        load_demo()
        centre = Centre.objects.get(slug="musterstadt")
        user = _person(centre)
        objects = demo_objects(centre, user)
        paths = _paths(objects, user)
    assert set(paths) == staff_names(), "Every staff page needs a path here (or a reason in NOT_A_PAGE)."
    assert not set(NOT_A_PAGE) & POST_ONLY

    # Sign in once with both factors; the other widths and languages reuse the session.
    first = sign_in(browser, live_server, EMAIL)
    state = first.context.storage_state()
    first.context.close()

    overflow: list[str] = []
    wrong: list[str] = []
    axe: list[str] = []
    visited = 0
    for width, language in PASSES:
        context = browser.new_context(
            viewport={"width": width, "height": 800},
            is_mobile=True,
            has_touch=True,
            locale="de-DE",
            storage_state=state,
        )
        tab: Any = context.new_page()
        tab.set_default_timeout(20_000)
        for name, urls in sorted(paths.items()):
            for path in urls:
                try:
                    response = tab.goto(f"{live_server.url}{language}{path}")
                except PlaywrightError as error:  # a download ("Download is starting") is no page
                    wrong.append(f"{language}{path} ({name}): {str(error).splitlines()[0]}")
                    continue
                kind = (response.headers.get("content-type", "") if response else "").split(";")[0]
                if response is None or response.status != 200 or kind != "text/html":
                    wrong.append(f"{language}{path} ({name}): {response and response.status} {kind}")
                    continue
                result = tab.evaluate(OVERFLOW_SCRIPT, width)
                visited += 1
                if result["scroll"] > width or result["width"] > width:
                    overflow.append(
                        f"{width}px {language or '/de'} {name} {path}: {result['scroll']}px wide; "
                        f"{'; '.join(result['culprits'])}"
                    )
                if (width, language) == PASSES[0]:
                    axe.extend(f"{name} {path}: {line}" for line in axe_violations(tab))
        context.close()
    assert visited >= len(PASSES) * len(paths) - len(wrong)
    report = [
        ("Not an HTML page (list it in NOT_A_PAGE) or not answering", wrong),
        ("Wider than the screen", overflow),
        ("axe-core (390 px, German)", axe),
    ]
    assert not (wrong or overflow or axe), "\n".join(
        f"{title}:\n  " + "\n  ".join(lines) for title, lines in report if lines
    )
