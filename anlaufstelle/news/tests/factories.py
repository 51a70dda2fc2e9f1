"""Test data for the news: items saved and published through the actions, and test pictures."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scope

from anlaufstelle.news.actions import news_publish, news_save
from anlaufstelle.news.models import NewsItem


def make_news(centre: Any, title: str, *, published: bool = True, texts: Any = None, **data: Any) -> NewsItem:
    """A news item with a German title and teaser (or `texts`), published an hour ago unless told;
    `picture=` takes a file from news.images.reencode_picture."""
    texts = texts or {"de": {"title": title, "teaser": f"Kurz: {title}", "text": f"Text zu **{title}**."}}
    data.setdefault("publish_at", timezone.now() - datetime.timedelta(hours=1))
    picture = data.pop("picture", None)  # an already re-encoded file
    with scope(centre=centre):
        item = news_save(centre=centre, actor=None, data=data, texts=texts, picture=picture)
        if published:
            item = news_publish(item=item, actor=None)
        return item


def jpeg_with_gps(size: tuple[int, int] = (1200, 800)) -> bytes:
    """A JPEG carrying the metadata a phone writes: camera make and model, GPS position, time."""
    from PIL import Image

    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15 Pro"  # Model
    exif[0x0132] = "2026:11:28 10:15:00"  # DateTime
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (50.0, 52.0, 30.0)  # Siegen
    gps[3] = "E"
    gps[4] = (8.0, 1.0, 12.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"taken at the DaZ-Tag")
    return out.getvalue()


def picture_upload(content: bytes | None = None, name: str = "IMG_0001.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else jpeg_with_gps(), content_type="image/jpeg")


def make_gallery(centre: Any, title: str, *, photos: int = 1, ready: bool = True, published: bool = True) -> Any:
    """A gallery with `photos` photos; `ready` ones have German alt text and a consent basis."""
    from anlaufstelle.news.actions import gallery_publish, gallery_save, photo_save, photos_add
    from anlaufstelle.news.images import render_picture

    with scope(centre=centre):
        gallery = gallery_save(centre=centre, actor=None, data={}, texts={"de": {"title": title}})
        added = photos_add(
            gallery=gallery, actor=None, pictures=[render_picture(picture_upload()) for _ in range(photos)]
        )
        if ready:
            for number, photo in enumerate(added, start=1):
                photo_save(
                    photo=photo,
                    actor=None,
                    data={"basis": "consent", "consent_reference": f"Akte {number}"},
                    texts={"de": {"alt_text": f"Foto {number} von {title}"}},
                )
        if published:
            gallery = gallery_publish(gallery=gallery, actor=None)
        return gallery


def newsletter_tokens(centre: Any) -> tuple[str, str]:
    """A subscription waiting for confirmation and a sent newsletter mail: their two link tokens."""
    from anlaufstelle.core.tokens import new_token
    from anlaufstelle.news.models import Delivery, NewsletterIssue, Subscriber

    confirm, confirm_hash = new_token()
    unsubscribe, unsubscribe_hash = new_token()
    with scope(centre=centre):
        common = {"languages": "|de|", "topics": "|news|", "consent_text": "…", "consent_language": "de"}
        Subscriber.objects.create(
            centre=centre, email="neu@example.org", confirm_hash=confirm_hash, requested_at=timezone.now(), **common
        )
        reader = Subscriber.objects.create(
            centre=centre,
            email="leser@example.org",
            status=Subscriber.Status.ACTIVE,
            requested_at=timezone.now(),
            confirmed_at=timezone.now(),
            **common,
        )
        issue = NewsletterIssue.objects.create(centre=centre, status=NewsletterIssue.Status.SENT)
        Delivery.objects.create(
            centre=centre,
            issue=issue,
            subscriber=reader,
            language="de",
            status=Delivery.Status.SENT,
            token_hash=unsubscribe_hash,
        )
    return confirm, unsubscribe
