"""Test data of the programmes module: `make_programmes` (one of each object, for the URL matrix and the
view tests), small builders, and `catalogue()` (this module's URLs for core/tests/url_catalogue.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.models import Centre
from anlaufstelle.partners.tests.factories import OrganisationFactory
from anlaufstelle.programmes import kinds
from anlaufstelle.programmes.models import Group, Holiday, Programme, ProgrammeKind, ProjectDay, Session, Site
from anlaufstelle.programmes.schedule import year_bounds, year_of
from anlaufstelle.volunteers.models import Qualification, Volunteer

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Programmes:
    kind: ProgrammeKind
    programme: Programme
    site: Site
    group: Group
    session: Session
    holiday: Holiday
    facilitator: Volunteer


def make_kind(centre: Centre, code: str = "rucksack-kita") -> ProgrammeKind:
    template = next(t for t in kinds.TEMPLATES if t.code == code)
    return ProgrammeKind.objects.create(
        centre=centre,
        code=template.code,
        name=template.name,
        age_from=template.age_from,
        age_to=template.age_to,
        state_coordination=template.state_coordination,
        year_kind=template.year_kind,
        school_title=template.school_title,
        indicators=template.indicators,
    )


def make_programme(centre: Centre, code: str = "rucksack-kita") -> Programme:
    kind = make_kind(centre, code)
    return Programme.objects.create(
        centre=centre, kind=kind, name=kind.name, age_from=kind.age_from, age_to=kind.age_to, indicators=kind.indicators
    )


def make_site(programme: Programme, organisation: Any = None, **fields: Any) -> Site:
    organisation = organisation or OrganisationFactory(centre=programme.centre)
    return Site.objects.create(centre=programme.centre, programme=programme, organisation=organisation, **fields)


def make_group(site: Site, year: int | None = None, **fields: Any) -> Group:
    year = year if year is not None else year_of(timezone.localdate())
    first, last = year_bounds(year)
    values = {
        "name": "Elterngruppe Arabisch",
        "weekday": 1,
        "starts_at": datetime.time(9),
        "ends_at": datetime.time(11),
        "first_day": first,
        "last_day": last,
        "languages": "|ar|de|",
        **fields,
    }
    return Group.objects.create(centre=site.centre, site=site, year=year, **values)


def make_facilitator(centre: Centre, *, qualified: bool = True, email: str = "") -> Volunteer:
    volunteer = Volunteer.objects.create(
        centre=centre,
        first_name="Leyla",
        last_name="Begleiterin",
        email=email or f"leyla-{Volunteer.objects.count()}@{centre.slug}.example",
        consent_given_on=datetime.date(2026, 1, 1),
        status=Volunteer.Status.ACTIVE,
    )
    if qualified:
        Qualification.objects.create(centre=centre, volunteer=volunteer, name="Elternbegleitung")
    return volunteer


def make_programmes(centre: Centre, organisation: Any = None) -> Programmes:
    """A Rucksack KiTa programme with one site (at `organisation`), one group of this programme year with
    a past session, a holiday and a qualified facilitator."""
    with scopes_disabled():
        programme = make_programme(centre)
        site = make_site(
            programme,
            organisation,
            agreement_signed_on=datetime.date(2025, 8, 1),
            agreement_valid_until=datetime.date(2027, 7, 31),
            public=True,
        )
        site.agreement_file.save("vereinbarung.pdf", ContentFile(PDF), save=True)
        site.agreement_file_name = "vereinbarung.pdf"
        site.save()
        group = make_group(site)
        session = Session.objects.create(centre=centre, group=group, date=group.first_day)
        holiday = Holiday.objects.create(
            centre=centre, name="Herbstferien", first_day=group.first_day, last_day=group.first_day
        )
        facilitator = make_facilitator(centre)
        ProjectDay.objects.create(centre=centre, site=site, held_on=group.first_day, topic="Projekttag")
        return Programmes(programme.kind, programme, site, group, session, holiday, facilitator)


def catalogue() -> dict[str, Any]:
    """This module's URLs for the site's URL matrix: name -> (kwargs builder, permission, status on GET).
    `objects.programmes` is a `Programmes` whose site is the school a school-contact member acts for
    in the matrix."""

    def c(o: Any) -> dict[str, Any]:
        return {"centre": o.centre.slug}

    def pk(attribute: str) -> Any:
        return lambda o: {**c(o), "pk": getattr(o.programmes, attribute).pk}

    manage, record, figures = "programmes.manage", "programmes.record_sessions", "programmes.view_figures"
    return {
        "programmes:overview": (c, manage, 200),
        "programmes:kinds_install": (c, manage, 405),
        "programmes:kind_create": (c, manage, 200),
        "programmes:kind_edit": (pk("kind"), manage, 200),
        "programmes:programme_create": (c, manage, 200),
        "programmes:programme": (pk("programme"), manage, 200),
        "programmes:programme_edit": (pk("programme"), manage, 200),
        "programmes:site_create": (pk("programme"), manage, 200),
        "programmes:site_edit": (pk("site"), manage, 200),
        "programmes:site_agreement": (pk("site"), manage, 200),
        "programmes:project_day_add": (pk("site"), manage, 405),
        "programmes:holidays": (c, manage, 200),
        "programmes:holiday_create": (c, manage, 200),
        "programmes:holiday_edit": (pk("holiday"), manage, 200),
        "programmes:holiday_delete": (pk("holiday"), manage, 405),
        "programmes:holidays_install": (c, manage, 405),
        "programmes:group_create": (c, manage, 200),
        "programmes:group_edit": (pk("group"), manage, 200),
        "programmes:group_plan": (pk("group"), manage, 405),
        "programmes:my_groups": (c, record, 200),
        "programmes:group": (pk("group"), record, 200),
        "programmes:session_add": (pk("group"), record, 405),
        "programmes:session_record": (pk("session"), record, 200),
        "programmes:figures_index": (c, figures, 200),
        "programmes:figures": (pk("programme"), figures, 200),
        "programmes:figures_xlsx": (pk("programme"), figures, 200),
        "programmes:figures_pdf": (pk("programme"), figures, 200),
        "programmes:public_programmes": (c, "public", 200),
    }
