"""RSS 2.0 and Atom feeds of a centre's news, one per language (the URL's language prefix)."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from anlaufstelle.core.http import PublicRequest
from anlaufstelle.core.models import Centre
from anlaufstelle.core.templatetags.anlaufstelle import render_markdown
from anlaufstelle.news import selectors
from anlaufstelle.news.selectors import NewsView

FEED_LENGTH = 30


class NewsRss(Feed):  # type: ignore[type-arg]
    """The centre's visible news in the request's language, German where a text is missing."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request: PublicRequest, centre: str) -> Centre:  # type: ignore[override]
        return request.centre

    def title(self, obj: Centre) -> str:
        return _("News of %(centre)s") % {"centre": obj.name}

    def link(self, obj: Centre) -> str:
        return reverse("news:list", kwargs={"centre": obj.slug})

    def description(self, obj: Centre) -> str:
        return _("What happens at %(centre)s and what is coming.") % {"centre": obj.name}

    def items(self, obj: Centre) -> list[NewsView]:
        return selectors.public_list(centre=obj, language=get_language())[:FEED_LENGTH]

    def item_title(self, item: NewsView) -> str:
        return item.text.title

    def item_description(self, item: NewsView) -> str:
        return item.text.teaser or str(render_markdown(item.text.text))

    def item_link(self, item: NewsView) -> str:
        return reverse("news:detail", kwargs={"centre": item.item.centre.slug, "pk": item.item.pk})

    def item_guid(self, item: NewsView) -> str:
        return self.item_link(item)

    def item_pubdate(self, item: NewsView) -> datetime.datetime | None:
        return item.item.publish_at

    def item_updateddate(self, item: NewsView) -> datetime.datetime:
        return item.item.updated_at

    def item_categories(self, item: NewsView) -> list[str]:
        return item.item.tag_list()


class NewsAtom(NewsRss):
    feed_type = Atom1Feed

    def subtitle(self, obj: Centre) -> str:
        return self.description(obj)
