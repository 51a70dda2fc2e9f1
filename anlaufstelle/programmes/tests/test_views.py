"""The programmes pages: a session recorded on a phone without JavaScript, a site contact seeing only
its own groups, figures as XLSX and PDF, bad input answered with a message."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from anlaufstelle.core.models import Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.factories import UserFactory
from anlaufstelle.programmes.models import Session
from anlaufstelle.programmes.tests.factories import make_group, make_programmes, make_site

pytestmark = pytest.mark.django_db


def _contact(centre, organisation, role=Role.SCHOOL_CONTACT):  # type: ignore[no-untyped-def]
    user = UserFactory()
    Membership.objects.create(user=user, centre=centre, role=role, organisation=organisation)
    return user


def test_a_site_contact_records_a_session_and_sees_only_its_own_groups(centre, login) -> None:  # type: ignore[no-untyped-def]
    data = make_programmes(centre)
    with scopes_disabled():
        other_group = make_group(make_site(data.programme), name="Fremde Gruppe")
        other_session = Session.objects.create(centre=centre, group=other_group, date=other_group.first_day)
    client = login(_contact(centre, data.site.organisation))
    c = {"centre": centre.slug}
    page = client.get(reverse("programmes:my_groups", kwargs=c)).content.decode()
    assert data.group.name in page and "Fremde Gruppe" not in page
    assert client.get(reverse("programmes:group", kwargs={**c, "pk": other_group.pk})).status_code == 404
    url = reverse("programmes:session_record", kwargs={**c, "pk": other_session.pk})
    assert client.post(url, {"status": "held", "adults": 3}).status_code == 404
    url = reverse("programmes:session_record", kwargs={**c, "pk": data.session.pk})
    form = client.get("/ar" + url)
    assert (
        form.status_code == 200
        and 'dir="rtl"' in form.content.decode()
        and "<script" not in form.content.decode().split("<main")[1]
    )
    response = client.post(url, {"status": "held", "adults": 6, "children": 8, "languages": ["ar"], "topic": "Farben"})
    assert response.status_code == 302
    with scopes_disabled():
        data.session.refresh_from_db()
    assert (data.session.status, data.session.adults, data.session.children) == ("held", 6, 8)
    response = client.post(url, {"status": "held", "adults": -2, "children": 1})
    assert response.status_code == 422  # negative counts: the form again, nothing changed
    response = client.post(url, {"status": "cancelled"})
    assert response.status_code == 422  # no reason given
    with scopes_disabled():
        data.session.refresh_from_db()
    assert data.session.adults == 6


def test_a_site_contact_without_organisation_sees_no_group(centre, login) -> None:  # type: ignore[no-untyped-def]
    data = make_programmes(centre)
    client = login(_contact(centre, None, Role.SCHOOL_CONTACT))
    c = {"centre": centre.slug}
    assert client.get(reverse("programmes:group", kwargs={**c, "pk": data.group.pk})).status_code == 404
    assert data.group.name not in client.get(reverse("programmes:my_groups", kwargs=c)).content.decode()


def test_duplicate_session_date_is_a_message_not_an_error(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    data = make_programmes(centre)
    client = login(member_factory(centre, Role.CASEWORKER))
    url = reverse("programmes:session_add", kwargs={"centre": centre.slug, "pk": data.group.pk})
    response = client.post(url, {"date": data.session.date.isoformat()}, follow=True)
    assert response.status_code == 200
    with scopes_disabled():
        assert Session.objects.filter(group=data.group).count() == 1
    assert client.post(url, {"date": "kein Datum"}).status_code == 302


def test_figures_download_as_xlsx_and_pdf(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    data = make_programmes(centre)
    with scopes_disabled():
        Session.objects.filter(pk=data.session.pk).update(status="held", adults=4, children=5, languages="|ar|")
    client = login(member_factory(centre, Role.STATE_ANALYST))
    kwargs = {"centre": centre.slug, "pk": data.programme.pk}
    year = f"?year={data.group.year}"
    xlsx = client.get(reverse("programmes:figures_xlsx", kwargs=kwargs) + year)
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    values = {row[2]: row[3] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert values["Durchgeführte Treffen"] == 1 and values["Erreichte Familien"] == 4 and values["Sprachen"] == 1
    pdf = client.get(reverse("programmes:figures_pdf", kwargs=kwargs) + year)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_public_page_lists_only_consenting_sites(centre, client) -> None:  # type: ignore[no-untyped-def]
    data = make_programmes(centre)
    with scopes_disabled():
        hidden = make_site(data.programme, public=False)
    page = client.get(reverse("programmes:public_programmes", kwargs={"centre": centre.slug})).content.decode()
    assert data.site.organisation.name in page and hidden.organisation.name not in page


def test_manage_pages_render_for_a_coordinator(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    data = make_programmes(centre)
    client = login(member_factory(centre, Role.EVENTS_ORGANISER))
    c = {"centre": centre.slug}
    for name, kwargs in [
        ("overview", c),
        ("programme", {**c, "pk": data.programme.pk}),
        ("group_create", c),
        ("site_edit", {**c, "pk": data.site.pk}),
        ("holidays", c),
    ]:
        assert client.get(reverse(f"programmes:{name}", kwargs=kwargs)).status_code == 200, name
    assert timezone.localdate() >= datetime.date(2026, 1, 1)
