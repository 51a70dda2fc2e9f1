"""Models of the news app."""

from anlaufstelle.news.models.gallery import Gallery, GalleryTranslation, Photo, PhotoTranslation
from anlaufstelle.news.models.item import NewsItem, NewsTranslation

__all__ = ["Gallery", "GalleryTranslation", "NewsItem", "NewsTranslation", "Photo", "PhotoTranslation"]
