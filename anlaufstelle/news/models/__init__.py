"""Models of the news app."""

from anlaufstelle.news.models.gallery import Gallery, GalleryTranslation, Photo, PhotoTranslation
from anlaufstelle.news.models.item import NewsItem, NewsTranslation
from anlaufstelle.news.models.newsletter import Delivery, IssueTranslation, NewsletterIssue, Subscriber, Topic

__all__ = [
    "Delivery",
    "Gallery",
    "GalleryTranslation",
    "IssueTranslation",
    "NewsItem",
    "NewsTranslation",
    "NewsletterIssue",
    "Photo",
    "PhotoTranslation",
    "Subscriber",
    "Topic",
]
