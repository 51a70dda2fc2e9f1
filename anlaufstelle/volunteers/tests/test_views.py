"""Volunteer sign-up (public, multilingual, abuse-resistant) and the coordinator's onboarding."""

from __future__ import annotations

import datetime
import difflib

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.retention import apply_retention
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.partners.tests.factories import AddressFactory, OrganisationFactory
from anlaufstelle.volunteers import actions
from anlaufstelle.volunteers.models import Pool, Volunteer
from anlaufstelle.volunteers.tests.factories import make_request, make_volunteer

# The coordinator's lists, whatever the number of rows: session, user, device, centre, membership; then
# count, page, languages, pools and the read audit entry (volunteers) or requests, assignments,
# volunteers and the form's providers (requests).
VOLUNTEER_LIST_BUDGET = 10
REQUEST_LIST_BUDGET = 9

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def sign_up_url(centre, language: str = "de") -> str:  # type: ignore[no-untyped-def]
    with translation.override(language):
        return reverse("volunteers:sign_up", kwargs={"centre": centre.slug})


def form_data(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "first_name": "Rana",
        "last_name": "Aziz",
        "email": "rana@example.org",
        "phone": "0151 111",
        "gender": "f",
        "availability": ["0-morning", "2-afternoon"],
        "adult": "on",
        "consent": "on",
        "lang-TOTAL_FORMS": "3",
        "lang-INITIAL_FORMS": "0",
        "lang-0-code": "kmr",
        "lang-0-level": "native",
        "lang-0-dialect": "Kurmanji",
        "lang-1-code": "ar",
        "lang-1-level": "fluent",
        "lang-2-level": "fluent",
    }
    data.update(extra)
    return data


def test_sign_up_in_arabic_creates_a_volunteer_with_languages_and_availability(client, centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        AddressFactory(organisation__centre=centre, district="Nord")
        pool = Pool.objects.create(centre=centre, name="Sprachlotsen", kind="interpreting")
    page = client.get(sign_up_url(centre, "ar"))
    assert page.status_code == 200 and 'dir="rtl"' in page.content.decode()
    response = client.post(sign_up_url(centre, "ar"), form_data(districts=["Nord"], pools=[str(pool.pk)]))
    assert response.status_code == 200, response.content.decode()[:2000]
    with scopes_disabled():
        volunteer = Volunteer.objects.get()
        assert (volunteer.status, volunteer.signup_language, volunteer.district_list) == ("applied", "ar", ["Nord"])
        assert sorted(lang.code for lang in volunteer.languages.all()) == ["ar", "kmr"]
        assert [str(w.start) for w in volunteer.windows.all()] == ["08:00:00", "12:00:00"]
        assert list(volunteer.pools.all()) == [pool]


def test_sign_up_refuses_bad_input_and_keeps_it(client, centre) -> None:  # type: ignore[no-untyped-def]
    data = form_data(email="not-an-address", adult="")
    data["lang-0-code"] = ""
    data["lang-1-code"] = ""
    response = client.post(sign_up_url(centre), data)
    assert response.status_code == 422
    assert 'value="Rana"' in response.content.decode()
    with scopes_disabled():
        assert not Volunteer.objects.exists()


def test_bots_filling_the_trap_field_store_nothing_and_floods_are_limited(client, centre) -> None:  # type: ignore[no-untyped-def]
    cache.clear()
    response = client.post(sign_up_url(centre), form_data(website="http://spam.example"))
    assert response.status_code == 200
    with scopes_disabled():
        assert not Volunteer.objects.exists()
    for n in range(10):
        client.post(sign_up_url(centre), form_data(email=f"p{n}@example.org"))
    response = client.post(sign_up_url(centre), form_data(email="late@example.org"))
    assert response.status_code == 429
    with scopes_disabled():
        assert not Volunteer.objects.filter(email="late@example.org").exists()


def _shape(response) -> str:  # type: ignore[no-untyped-def]
    """The page without the parts that differ by request (CSRF token, nonces)."""
    import re

    html = response.content.decode()
    html = re.sub(r'(csrfmiddlewaretoken" value|nonce)="[^"]*"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", html)


@pytest.mark.security
def test_same_email_twice_answers_alike_and_tells_the_owner(
    client, centre, member_factory, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    """Sign-up must not tell a stranger whether an address is registered (issue 20, item 3)."""
    from django.core import mail

    centre.email = "ki@musterstadt.example"
    centre.save()
    member_factory(centre, role=Role.VOLUNTEER_COORDINATOR, email="koordination@musterstadt.example")
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(sign_up_url(centre), form_data())
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(sign_up_url(centre), form_data(email="RANA@example.org", first_name="Mallory"))
    assert first.status_code == again.status_code == 200
    assert first.templates[0].name == again.templates[0].name == "volunteers/sign_up_done.html"
    pages = _shape(first), _shape(again)
    assert pages[0] == pages[1], "\n".join(difflib.unified_diff(pages[0].splitlines(), pages[1].splitlines()))
    with scopes_disabled():
        assert Volunteer.objects.count() == 1
        assert Volunteer.objects.get().first_name == "Rana"
    # Both answers send one e-mail to the address: a receipt, then a note to its owner.
    assert [m.to for m in mail.outbox] == [["rana@example.org"], ["rana@example.org"]]
    warning = mail.outbox[1].body
    assert "ki@musterstadt.example" in warning  # how to reach the coordination
    assert "Mallory" not in warning  # nothing the stranger typed is repeated to the owner
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="volunteers.sign_up.repeated").count() == 1


def _volunteer(centre, **extra):  # type: ignore[no-untyped-def]
    return actions.volunteer_sign_up(
        centre=centre,
        data={"first_name": "Omid", "last_name": "K", "email": f"o{Volunteer.objects.count()}@example.org", **extra},
        languages=[{"code": "fa", "level": "native", "dialect": "Dari"}],
        windows=[],
        pools=[],
        language="de",
    )


def test_onboarding_steps_and_activation(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    coordinator = member_factory(centre, role=Role.VOLUNTEER_COORDINATOR)
    client = login(coordinator)
    with scopes_disabled():
        children = Pool.objects.create(centre=centre, name="Bildungspaten", kind="learning", works_with_children=True)
        volunteer = _volunteer(centre)
    url = reverse("volunteers:detail", kwargs={"centre": centre.slug, "pk": volunteer.pk})
    assert client.get(url).status_code == 200
    client.post(url + "status/", {"status": "active"})
    with scopes_disabled():
        volunteer.refresh_from_db()
    assert volunteer.status == "applied"  # onboarding missing: refused
    day = (TODAY - datetime.timedelta(days=1)).isoformat()
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    response = client.post(url, {"conversation_on": day, "training_completed_on": future, "pools": [children.pk]})
    assert response.status_code == 422
    client.post(
        url,
        {
            "conversation_on": day,
            "confidentiality_signed_on": day,
            "training_completed_on": day,
            "pools": [children.pk],
        },
    )
    with scopes_disabled():
        volunteer.refresh_from_db()
        assert volunteer.status == "onboarding"
        assert len(volunteer.onboarding_missing()) == 1  # the police certificate, for work with children
    client.post(
        url,
        {
            "conversation_on": day,
            "confidentiality_signed_on": day,
            "training_completed_on": day,
            "police_certificate_seen_on": day,
            "pools": [children.pk],
        },
    )
    client.post(url + "status/", {"status": "active"})
    with scopes_disabled():
        volunteer.refresh_from_db()
        assert volunteer.status == "active"
        seen = TODAY - datetime.timedelta(days=1)
        assert volunteer.police_certificate_due() == datetime.date(seen.year + 5, seen.month, min(seen.day, 28)) or (
            seen.month == 2 and seen.day == 29
        )
        assert AuditEntry.objects.filter(action="volunteers.view", actor=coordinator).exists()


def test_only_the_coordinator_sees_volunteers(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    client = login(member_factory(centre, role=Role.CASEWORKER))
    assert client.get(reverse("volunteers:list", kwargs={"centre": centre.slug})).status_code == 403


def test_retention_erases_stale_sign_ups_and_long_ended_volunteers_only(centre) -> None:
    with scopes_disabled():
        stale = _volunteer(centre)
        Volunteer.objects.filter(pk=stale.pk).update(created_at=timezone.now() - datetime.timedelta(days=200))
        ended = _volunteer(centre)
        Volunteer.objects.filter(pk=ended.pk).update(status="ended", ended_on=TODAY - datetime.timedelta(days=1200))
        recent = _volunteer(centre)
        Volunteer.objects.filter(pk=recent.pk).update(status="ended", ended_on=TODAY - datetime.timedelta(days=10))
        fresh = _volunteer(centre)
        counts = apply_retention()
        assert (counts["volunteers.sign_ups"], counts["volunteers.ended"]) == (1, 1)
        assert set(Volunteer.objects.values_list("pk", flat=True)) == {recent.pk, fresh.pk}


def test_export_and_erasure(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    client = login(member_factory(centre, role=Role.VOLUNTEER_COORDINATOR))
    with scopes_disabled():
        volunteer = _volunteer(centre)
    data = client.get(reverse("volunteers:access", kwargs={"centre": centre.slug, "pk": volunteer.pk})).json()
    assert data["languages"][0]["dialect"] == "Dari"
    client.post(reverse("volunteers:erase", kwargs={"centre": centre.slug, "pk": volunteer.pk}), {"reason": "request"})
    with scopes_disabled():
        assert not Volunteer.objects.exists()


def _add_volunteers(centre, first: int, count: int) -> None:  # type: ignore[no-untyped-def]
    """Volunteers with a language, weekday availability and a pool (all shown in the list)."""
    with scopes_disabled():
        pool = Pool.objects.create(centre=centre, name=f"Pool {first}")
        for n in range(first, first + count):
            volunteer = make_volunteer(centre, f"Vol{n}", language=["ar", "uk", "fa"][n % 3])
            volunteer.pools.add(pool)


def test_the_volunteer_list_has_a_query_budget_that_does_not_grow_with_rows(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    client = login(member_factory(centre, role=Role.VOLUNTEER_COORDINATOR))
    url = reverse("volunteers:list", kwargs={"centre": centre.slug})
    _add_volunteers(centre, 0, 1)
    client.get(url)  # warm-up: the first request also writes the session
    with query_budget(VOLUNTEER_LIST_BUDGET) as one:
        assert client.get(url).status_code == 200
    _add_volunteers(centre, 1, 11)
    with query_budget(VOLUNTEER_LIST_BUDGET) as many:
        page = client.get(url)
    assert len(page.context["page"].object_list) == 12
    many.assert_exactly(one.count)


def _add_requests(centre, first: int, count: int) -> None:  # type: ignore[no-untyped-def]
    """Requests with a provider, each booked by its own volunteer (assignment and volunteer shown)."""
    with scopes_disabled():
        for n in range(first, first + count):
            volunteer = make_volunteer(centre, f"Req{n}")
            organisation = OrganisationFactory(centre=centre)
            item = make_request(centre, hour=8 + n % 9, organisation=organisation)
            offers = actions.offers_send(request=item, volunteers=[volunteer], actor=None)
            actions.offer_accept(offer=offers[0])


def test_the_request_list_has_a_query_budget_that_does_not_grow_with_rows(centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    client = login(member_factory(centre, role=Role.VOLUNTEER_COORDINATOR))
    url = reverse("volunteers:requests", kwargs={"centre": centre.slug})
    _add_requests(centre, 0, 1)
    client.get(url)  # warm-up: the first request also writes the session
    with query_budget(REQUEST_LIST_BUDGET) as one:
        assert client.get(url).status_code == 200
    _add_requests(centre, 1, 9)
    with query_budget(REQUEST_LIST_BUDGET) as many:
        page = client.get(url)
    assert len(page.context["requests"]) == 10
    many.assert_exactly(one.count)
