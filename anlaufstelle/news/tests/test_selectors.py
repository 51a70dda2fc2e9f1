"""What the public sees: published, its time reached, not expired; pinned first; German fallback."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_scopes import scope

from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.news import selectors
from anlaufstelle.news.models import NewsItem
from anlaufstelle.news.tests.factories import make_news

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def test_only_published_current_items_are_visible(centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    shown = make_news(centre, "Sichtbar")
    make_news(centre, "Entwurf", published=False)
    make_news(centre, "Geplant", publish_at=now + HOUR)
    make_news(centre, "Abgelaufen", publish_at=now - 3 * HOUR, expires_at=now - HOUR)
    make_news(other_centre, "Fremd")
    with scope(centre=centre):
        views = selectors.public_list(centre=centre, language="de")
        assert [view.item for view in views] == [shown]
        with pytest.raises(NewsItem.DoesNotExist):
            selectors.public_get(centre=centre, pk=views[0].item.pk + 1, language="de")


def test_a_scheduled_item_appears_when_its_time_comes(centre) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    item = make_news(centre, "Geplant", publish_at=now + HOUR, expires_at=now + 3 * HOUR)
    with scope(centre=centre):
        assert selectors.public_list(centre=centre, language="de", now=now) == []
        assert [v.item for v in selectors.public_list(centre=centre, language="de", now=now + 2 * HOUR)] == [item]
        assert selectors.public_list(centre=centre, language="de", now=now + 4 * HOUR) == []
        assert selectors.is_visible(item, now + 2 * HOUR) and not selectors.is_visible(item, now)


def test_the_pinned_item_comes_first_then_the_newest(centre) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    old_pinned = make_news(centre, "Alt und angeheftet", publish_at=now - 5 * HOUR, pinned=True)
    older = make_news(centre, "Älter", publish_at=now - 3 * HOUR)
    newest = make_news(centre, "Neu", publish_at=now - HOUR)
    with scope(centre=centre):
        assert [v.item for v in selectors.public_list(centre=centre, language="de")] == [old_pinned, newest, older]


def test_texts_fall_back_to_german_field_by_field(centre) -> None:  # type: ignore[no-untyped-def]
    make_news(centre, "x", texts={"de": {"title": "Titel", "teaser": "Kurz"}, "ar": {"title": "عنوان"}})
    with scope(centre=centre):
        text = selectors.public_list(centre=centre, language="ar")[0].text
        assert text.title == "عنوان"
        assert text.teaser == "Kurz"
        assert text.fallback == {"teaser"}


def test_tags_filter_and_list(centre) -> None:  # type: ignore[no-untyped-def]
    tagged = make_news(centre, "Mit Tag", tags="|Ausstellung|DaZ-Tag|")
    make_news(centre, "Ohne Tag")
    with scope(centre=centre):
        assert selectors.public_tags(centre=centre) == ["Ausstellung", "DaZ-Tag"]
        assert [v.item for v in selectors.public_list(centre=centre, language="de", tag="DaZ-Tag")] == [tagged]


def test_the_public_list_needs_the_same_queries_for_one_or_many_items(centre) -> None:  # type: ignore[no-untyped-def]
    make_news(centre, "Eins", texts={"de": {"title": "Eins"}, "en": {"title": "One"}})
    with scope(centre=centre):
        with query_budget() as one:
            selectors.public_list(centre=centre, language="en")
        for number in range(8):
            make_news(
                centre, f"Meldung {number}", texts={"de": {"title": f"M {number}"}, "en": {"title": f"N {number}"}}
            )
        with query_budget(one.count):
            assert len(selectors.public_list(centre=centre, language="en")) == 9


def test_the_staff_list_shows_each_languages_status_without_a_query_per_row(centre) -> None:  # type: ignore[no-untyped-def]
    make_news(centre, "Eins", texts={"de": {"title": "Eins"}, "ar": {"title": "واحد"}}, published=False)
    with scope(centre=centre):
        with query_budget(2):
            rows = selectors.staff_rows(selectors.staff_list(centre=centre))
        states = {code: status for code, _name, status in rows[0].states}
        assert states["ar"] == "current" and states["en"] == "missing"
        assert rows[0].source is not None and rows[0].source.title == "Eins"
