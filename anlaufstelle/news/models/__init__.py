"""Models of the news app."""

from anlaufstelle.news.models.item import NewsItem, NewsTranslation

__all__ = ["NewsItem", "NewsTranslation"]
