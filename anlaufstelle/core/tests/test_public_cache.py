"""The public page cache: shared only between anonymous visitors, dropped by every public change."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scope

from anlaufstelle.core.actions import centre_content_update
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.directory.actions import offer_save, offer_set_status
from anlaufstelle.directory.tests.factories import make_offer


def search_url(centre) -> str:  # type: ignore[no-untyped-def]
    return reverse("directory:search", kwargs={"centre": centre.slug})


def test_second_anonymous_visit_is_served_from_the_cache(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    make_offer(centre, "Deutschkurs am Abend")
    first = client.get(search_url(centre), {"q": "Deutschkurs"})
    assert first["X-Public-Cache"] == "miss"
    # At most one query: the centre look-up of the middleware.
    with query_budget(1):
        second = client.get(search_url(centre), {"q": "Deutschkurs"})
    assert second["X-Public-Cache"] == "hit"
    assert second.content == first.content
    assert "Deutschkurs am Abend" in second.content.decode()
    # Parameter order does not matter; another query is another page.
    assert client.get(search_url(centre) + "?q=Deutschkurs")["X-Public-Cache"] == "hit"
    assert client.get(search_url(centre), {"q": "Kita"})["X-Public-Cache"] == "miss"


def test_cached_pages_carry_no_token_and_set_no_cookie(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    response = client.get(search_url(centre))
    assert response["X-Public-Cache"] == "miss"
    assert not response.cookies
    assert "X-CSRFToken" not in response.content.decode()


def test_fragment_page_and_language_are_cached_apart(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    full = client.get(search_url(centre))
    fragment = client.get(search_url(centre), headers={"HX-Request": "true"})
    assert fragment["X-Public-Cache"] == "miss"
    assert len(fragment.content) < len(full.content)
    arabic = client.get("/ar" + search_url(centre))
    assert arabic["X-Public-Cache"] == "miss"
    assert 'dir="rtl"' in arabic.content.decode()
    assert client.get(search_url(centre))["X-Public-Cache"] == "hit"


@pytest.mark.security
def test_signed_in_people_and_pending_messages_bypass_the_cache(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.get(search_url(centre))
    assert response.status_code == 200
    assert "X-Public-Cache" not in response
    assert "X-CSRFToken" in response.content.decode()  # the sign-out form needs its token
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    assert "X-Public-Cache" not in visitor.get(search_url(centre))


def test_publishing_and_archiving_show_at_once(client: Client, centre, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    assert "Nähcafé" not in client.get(search_url(centre)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        offer = make_offer(centre, "Nähcafé")
    assert "Nähcafé" in client.get(search_url(centre)).content.decode()
    page = reverse("directory:offer", kwargs={"centre": centre.slug, "pk": offer.pk})
    assert client.get(page).status_code == 200
    with scope(centre=centre), django_capture_on_commit_callbacks(execute=True):
        offer_save(centre=centre, actor=None, data={}, texts={"de": {"title": "Nähcafé am Montag"}}, offer=offer)
    assert "Nähcafé am Montag" in client.get(page).content.decode()
    with scope(centre=centre), django_capture_on_commit_callbacks(execute=True):
        offer_set_status(offer=offer, status="archived", actor=None)  # type: ignore[arg-type]
    assert "Nähcafé" not in client.get(search_url(centre)).content.decode()
    assert client.get(page).status_code == 404


def test_centre_page_changes_show_at_once(
    client: Client, centre, member_factory, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("core:centre", kwargs={"centre": centre.slug})
    client.get(url)
    assert client.get(url)["X-Public-Cache"] == "hit"
    editor = member_factory(centre)
    with scope(centre=centre), django_capture_on_commit_callbacks(execute=True):
        centre_content_update(
            centre=centre, language="de", data={"tagline": "Neu: Sprechstunde am Samstag"}, actor=editor
        )
    response = client.get(url)
    assert response["X-Public-Cache"] == "miss"
    assert "Neu: Sprechstunde am Samstag" in response.content.decode()


def test_the_cache_never_shares_other_centres_pages(client: Client, centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    make_offer(centre, "Deutschkurs hier")
    make_offer(other_centre, "Deutschkurs dort")
    here = client.get(search_url(centre), {"q": "Deutschkurs"}).content.decode()
    there = client.get(search_url(other_centre), {"q": "Deutschkurs"}).content.decode()
    assert "Deutschkurs hier" in here and "Deutschkurs dort" not in here
    assert "Deutschkurs dort" in there and "Deutschkurs hier" not in there


@pytest.mark.security
def test_each_host_and_scheme_has_its_own_pages(client: Client, centre, settings) -> None:  # type: ignore[no-untyped-def]
    # Issue 20, item 8: with several allowed hosts a page cached for one host carried that host's
    # links (JSON-LD, canonical) to visitors of another.
    settings.ALLOWED_HOSTS = ["ki.example", "integration.example"]
    offer = make_offer(centre, "Deutschkurs am Abend")
    url = reverse("directory:offer", kwargs={"centre": centre.slug, "pk": offer.pk})
    first = client.get(url, HTTP_HOST="ki.example")
    assert first["X-Public-Cache"] == "miss"
    other = client.get(url, HTTP_HOST="integration.example")
    assert other["X-Public-Cache"] == "miss"
    assert "ki.example" not in other.content.decode()
    secure = client.get(url, HTTP_HOST="ki.example", secure=True)
    assert secure["X-Public-Cache"] == "miss"
    assert client.get(url, HTTP_HOST="ki.example")["X-Public-Cache"] == "hit"
