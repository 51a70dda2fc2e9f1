"""Ask first: every destructive or outward-going action shows a confirmation page on GET (nothing changes)
that says what will happen and to whom, and only its POST acts — without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from anlaufstelle.core.models import Membership
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.url_catalogue import make_objects
from anlaufstelle.events.models import Event, Registration, RegistrationGroup
from anlaufstelle.newcomers.forms import ErasureForm as FamilyErasure
from anlaufstelle.newcomers.models import AppointmentSlot, Family
from anlaufstelle.partners.forms import ErasureForm as ContactErasure
from anlaufstelle.partners.models import ContactPerson
from anlaufstelle.volunteers.forms import ErasureForm as VolunteerErasure
from anlaufstelle.volunteers.models import InterpretingRequest, Volunteer
from conftest import verify

pytestmark = pytest.mark.django_db

ROLES = [Role.CASEWORKER, Role.VOLUNTEER_COORDINATOR, Role.EVENTS_ORGANISER, Role.EDITOR]


def _reason(form: Any) -> str:
    return str(next(iter(form.base_fields["reason"].choices))[0])


def _registration(o: Any) -> Registration:
    group = RegistrationGroup.objects.create(
        centre=o.centre,
        contact_name="K",
        contact_email="k@example.org",
        confirm_token_hash="c1",
        manage_token_hash="m1",
    )
    return Registration.objects.create(
        centre=o.centre,
        group=group,
        session=o.event.sessions.first(),
        first_name="Pia",
        last_name="Beispiel",
        status=Registration.Status.CONFIRMED,
        token_hash="t1",
    )


def _book(o: Any) -> AppointmentSlot:
    AppointmentSlot.objects.filter(pk=o.slot.pk).update(child=o.child)
    return o.slot


# name, url kwargs, query of the page's form, the name shown, "done?" after the POST
Case = tuple[
    str, Callable[[Any], dict[str, Any]], Callable[[Any], dict[str, str]], Callable[[Any], str], Callable[[Any], bool]
]
CASES: list[Case] = [
    (
        "newcomers:family_erase",
        lambda o: {"pk": o.family.pk},
        lambda o: {"reason": _reason(FamilyErasure)},
        lambda o: o.child.last_name,
        lambda o: not Family.objects.filter(pk=o.family.pk).exists(),
    ),
    (
        "newcomers:slot_cancel",
        lambda o: {"pk": _book(o).pk},
        lambda o: {"next": f"/{o.centre.slug}/intern/familien/{o.family.pk}/"},
        lambda o: f"{o.child.first_name} {o.child.last_name}",
        lambda o: AppointmentSlot.objects.get(pk=o.slot.pk).child_id is None,
    ),
    (
        "volunteers:erase",
        lambda o: {"pk": o.volunteer.pk},
        lambda o: {"reason": _reason(VolunteerErasure)},
        lambda o: "Rana Test",
        lambda o: not Volunteer.objects.filter(pk=o.volunteer.pk).exists(),
    ),
    (
        "volunteers:request_cancel",
        lambda o: {"pk": o.interpreting.pk},
        lambda o: {"reason": "Termin entfällt"},
        lambda o: "",
        lambda o: InterpretingRequest.objects.get(pk=o.interpreting.pk).status == "cancelled",
    ),
    (
        "partners:contact_delete",
        lambda o: {"pk": o.organisation.pk, "contact_pk": o.contact.pk},
        lambda o: {"reason": _reason(ContactErasure)},
        lambda o: o.contact.last_name,
        lambda o: not ContactPerson.objects.filter(pk=o.contact.pk).exists(),
    ),
    (
        "events:cancel",
        lambda o: {"pk": o.event.pk},
        lambda o: {"reason": "Die Referentin ist krank."},
        lambda o: "Die Referentin ist krank.",
        lambda o: Event.objects.get(pk=o.event.pk).status == Event.Status.CANCELLED,
    ),
    (
        "events:registration_cancel",
        lambda o: {"pk": o.event.pk},
        lambda o: {"cancel": str(_registration(o).pk)},
        lambda o: "Pia Beispiel",
        lambda o: Registration.objects.get(last_name="Beispiel").status == Registration.Status.CANCELLED,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_the_get_asks_first_and_only_the_post_of_its_page_acts(case, client, centre, member_factory):
    name, kwargs, query, shown, done = case
    o = make_objects(centre)
    user = member_factory(centre, ROLES[0])
    for role in ROLES[1:]:
        Membership.objects.create(user=user, centre=centre, role=role)
    verify(client, user)
    with scopes_disabled():
        url = reverse(name, kwargs={"centre": centre.slug, **kwargs(o)})
        data = query(o)
    page = client.get(url, data)
    assert page.status_code == 200, name
    html = page.content.decode()
    assert "data-confirm" in html
    assert shown(o) in html
    with scopes_disabled():
        assert not done(o), f"{name}: the GET changed something"
    # The page's form posts to the same URL and carries the choices made before.
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*data-confirm-form>(.*?)</form>', html, re.S)
    assert form and form.group(1) == url
    carried = dict(
        re.findall(r'<input type="hidden" name="(?!csrfmiddlewaretoken)([^"]+)" value="([^"]*)"', form.group(2))
    )
    assert carried == data
    response = client.post(url, carried)
    assert response.status_code == 302, name
    with scopes_disabled():
        assert done(o), f"{name}: the POST of the confirmation did not act"


def test_the_newsletter_asks_before_it_is_sent_and_says_to_how_many(client, centre, member_factory):
    o = make_objects(centre)
    verify(client, member_factory(centre, Role.EDITOR))
    url = reverse("news:issue_send", kwargs={"centre": centre.slug, "pk": o.issue.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert b"data-confirm" in page.content
    with scopes_disabled():
        o.issue.refresh_from_db()
    assert o.issue.status == "draft"


def test_the_pages_ask_by_get_not_post(client, centre, member_factory):
    """The buttons on the pages lead to the question (GET), never straight to the POST."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    templates = {
        "newcomers/templates/newcomers/family_detail.html": ["newcomers:family_erase", "newcomers:slot_cancel"],
        "volunteers/templates/volunteers/volunteer_detail.html": ["volunteers:erase"],
        "volunteers/templates/volunteers/request_detail.html": ["volunteers:request_cancel"],
        "volunteers/templates/volunteers/institution_request.html": ["volunteers:institution_request_cancel"],
        "partners/templates/partners/contact_form.html": ["partners:contact_delete"],
        "events/templates/events/staff/event_edit.html": ["events:cancel"],
        "events/templates/events/staff/registration_row.html": ["events:registration_cancel"],
        "news/templates/news/internal/issue_form.html": ["news:issue_send"],
    }
    for path, names in templates.items():
        text = (root / path).read_text()
        for name in names:
            for match in re.finditer(re.escape(f"'{name}'"), text):
                before = text[: match.start()]
                tag = before[before.rfind("<") :]
                assert 'method="post"' not in tag and "formaction" not in tag, f"{path}: {name} posts at once"
