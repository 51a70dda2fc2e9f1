"""The notice banner has an optional first and last day (Berlin dates): it shows only while
current, on every public page, also from the public page cache, and staff see its state."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from anlaufstelle.core.models import CentreContent

BERLIN = ZoneInfo("Europe/Berlin")
NOTICE = "Bis zum 30. November nur telefonisch erreichbar"


@contextmanager
def at(moment: datetime.datetime) -> Iterator[None]:
    """Pretend it is `moment` (for timezone.now and everything built on it)."""
    with mock.patch("django.utils.timezone.now", return_value=moment.astimezone(datetime.UTC)):
        yield


def berlin(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


@pytest.fixture
def notice(centre) -> Callable[..., CentreContent]:  # type: ignore[no-untyped-def]
    def make(starts_on: datetime.date | None = None, ends_on: datetime.date | None = None) -> CentreContent:
        with scopes_disabled():
            return CentreContent.objects.create(
                centre=centre,
                language="de",
                about="Wir beraten.",
                notice=NOTICE,
                notice_starts_on=starts_on,
                notice_ends_on=ends_on,
            )

    return make


def pages(centre) -> list[str]:  # type: ignore[no-untyped-def]
    c = {"centre": centre.slug}
    return [
        reverse("core:centre", kwargs=c),
        reverse("core:legal", kwargs=c),
        reverse("directory:search", kwargs=c),
        reverse("events:calendar", kwargs=c),
        "/ar" + reverse("core:centre", kwargs=c),
    ]


def shows_notice(client: Client, url: str) -> bool:
    response = client.get(url)
    assert response.status_code == 200, url
    return NOTICE in response.content.decode()


def test_notice_ends_after_its_last_day_in_berlin(client: Client, centre, notice) -> None:  # type: ignore[no-untyped-def]
    notice(ends_on=datetime.date(2026, 11, 30))
    urls = pages(centre)
    with at(berlin(2026, 11, 30, 23, 30)):  # still 30 November in Berlin (22:30 UTC)
        assert all(shows_notice(client, url) for url in urls)
    with at(berlin(2026, 12, 1, 0, 30)):  # 1 December in Berlin, though still 30 November in UTC
        assert not any(shows_notice(client, url) for url in urls)
    with at(berlin(2026, 12, 3, 10, 0)):
        assert not any(shows_notice(client, url) for url in urls)


def test_notice_starts_on_its_first_day(client: Client, centre, notice) -> None:  # type: ignore[no-untyped-def]
    notice(starts_on=datetime.date(2026, 12, 24), ends_on=datetime.date(2027, 1, 2))
    url = reverse("core:centre", kwargs={"centre": centre.slug})
    with at(berlin(2026, 12, 23, 23, 59)):
        assert not shows_notice(client, url)
    with at(berlin(2026, 12, 24, 0, 1)):
        assert shows_notice(client, url)
    with at(berlin(2027, 1, 2, 18, 0)):
        assert shows_notice(client, url)


def test_notice_without_dates_always_shows(client: Client, centre, notice) -> None:  # type: ignore[no-untyped-def]
    notice()
    with at(berlin(2030, 1, 1, 12, 0)):
        assert shows_notice(client, reverse("core:centre", kwargs={"centre": centre.slug}))


def test_cached_page_drops_the_notice_the_day_it_ends_without_an_edit(  # type: ignore[no-untyped-def]
    client: Client, centre, notice, settings
) -> None:
    settings.PUBLIC_CACHE_SECONDS = 7 * 24 * 3600  # longer than the notice has left
    notice(ends_on=datetime.date(2026, 11, 30))
    url = reverse("core:centre", kwargs={"centre": centre.slug})
    with at(berlin(2026, 11, 30, 20, 0)):
        first = client.get(url)
        assert first["X-Public-Cache"] == "miss" and NOTICE in first.content.decode()
        assert client.get(url)["X-Public-Cache"] == "hit"
    with at(berlin(2026, 12, 1, 0, 1)):
        later = client.get(url)
        assert later["X-Public-Cache"] == "miss"
        assert NOTICE not in later.content.decode()


def test_cached_page_shows_the_notice_the_day_it_starts(client: Client, centre, notice, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PUBLIC_CACHE_SECONDS = 7 * 24 * 3600
    notice(starts_on=datetime.date(2026, 12, 24))
    url = reverse("directory:search", kwargs={"centre": centre.slug})
    with at(berlin(2026, 12, 23, 12, 0)):
        assert not shows_notice(client, url)
        assert client.get(url)["X-Public-Cache"] == "hit"
    with at(berlin(2026, 12, 24, 6, 0)):
        assert shows_notice(client, url)


def test_german_form_sets_the_dates_and_rejects_an_end_before_the_start(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    url = reverse("core:page_edit", kwargs={"centre": centre.slug, "language": "de"})
    form = admin_client.get(url).context["form"]
    assert {"notice_starts_on", "notice_ends_on"} <= set(form.fields)
    bad = admin_client.post(url, {"notice": NOTICE, "notice_starts_on": "2026-12-10", "notice_ends_on": "2026-12-01"})
    assert bad.status_code == 200 and "notice_ends_on" in bad.context["form"].errors
    good = admin_client.post(url, {"notice": NOTICE, "notice_ends_on": "2026-11-30"})
    assert good.status_code == 302
    with scopes_disabled():
        row = CentreContent.objects.get(centre=centre, language="de")
    assert row.notice_ends_on == datetime.date(2026, 11, 30) and row.notice_starts_on is None
    # Translations share the German schedule: their form has no dates, and saving one keeps them.
    ar = reverse("core:page_edit", kwargs={"centre": centre.slug, "language": "ar"})
    assert "notice_ends_on" not in admin_client.get(ar).context["form"].fields
    assert admin_client.post(ar, {"notice": "حتى ٣٠ نوفمبر"}).status_code == 302
    with scopes_disabled():
        row.refresh_from_db()
    assert row.notice_ends_on == datetime.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "state"),
    [
        (None, None, "current"),
        (None, datetime.date(2026, 11, 30), "expired"),
        (datetime.date(2026, 12, 24), None, "scheduled"),
        (datetime.date(2026, 12, 1), datetime.date(2026, 12, 3), "current"),
    ],
)
def test_staff_see_whether_the_notice_is_current_scheduled_or_expired(  # type: ignore[no-untyped-def]
    admin_client: Client, centre, notice, starts_on, ends_on, state
) -> None:
    notice(starts_on=starts_on, ends_on=ends_on)
    with at(berlin(2026, 12, 3, 10, 0)):
        response = admin_client.get(reverse("core:page_languages", kwargs={"centre": centre.slug}))
        assert response.context["notice"].state == state
        assert f'data-notice-state="{state}"' in response.content.decode()
        edit = admin_client.get(reverse("core:page_edit", kwargs={"centre": centre.slug, "language": "de"}))
        assert f'data-notice-state="{state}"' in edit.content.decode()


def test_staff_see_no_state_without_a_notice(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.get(reverse("core:page_languages", kwargs={"centre": centre.slug}))
    assert response.context["notice"].state == "none"
    assert "data-notice-state" not in response.content.decode()
