"""Synthetic news for the demo centres (no real data): a pinned review with a picture, an
announcement linked to the DaZ-Tag, an exhibition, one draft, a gallery of the DaZ-Tag and a
draft newsletter."""

from __future__ import annotations

import datetime
import io
import random
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from anlaufstelle.core.models import Centre
from anlaufstelle.events.models import Event
from anlaufstelle.news.actions import (
    gallery_publish,
    gallery_save,
    news_publish,
    news_save,
    photo_save,
    photos_add,
)
from anlaufstelle.news.images import reencode_picture, render_picture


def _picture(colour: str) -> SimpleUploadedFile:
    """A plain synthetic picture (coloured stripes), re-encoded like every upload."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 675), "white")
    draw = ImageDraw.Draw(image)
    for step in range(0, 1200, 150):
        draw.rectangle((step, 0, step + 75, 674), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return SimpleUploadedFile("demo.jpg", buffer.getvalue(), content_type="image/jpeg")


def load_news(centre: Centre, rng: random.Random) -> None:
    now = timezone.now()
    review = news_save(
        centre=centre,
        actor=None,
        data={"publish_at": now - datetime.timedelta(days=rng.randint(3, 10)), "pinned": True, "tags": "|Rückblick|"},
        texts={
            "de": {
                "title": "Rückblick: Interkulturelle Woche",
                "teaser": "Eine Woche mit Konzerten, Lesungen und einem Fest im Stadtpark.",
                "text": "Über **600 Gäste** kamen zur Interkulturellen Woche.\n\n- Konzerte\n- Lesungen\n- Fest",
                "picture_alt": "Bunte Stoffbahnen an einem Festzelt im Stadtpark",
            },
            "en": {
                "title": "Looking back: Intercultural Week",
                "teaser": "A week of concerts, readings and a festival in the park.",
                "picture_alt": "Colourful fabric on a festival tent in the park",
            },
            "ar": {
                "title": "نظرة إلى الوراء: الأسبوع بين الثقافات",
                "teaser": "أسبوع من الحفلات والقراءات ومهرجان في حديقة المدينة.",
                "picture_alt": "أقمشة ملونة على خيمة احتفال في حديقة المدينة",
            },
        },
        picture=reencode_picture(_picture("#c0392b" if rng.random() < 0.5 else "#2e86c1")),
    )
    news_publish(item=review, actor=None)
    daz = Event.objects.filter(centre=centre, kind=Event.Kind.DAY).first()
    announcement = news_save(
        centre=centre,
        actor=None,
        data={"publish_at": now - datetime.timedelta(days=1), "event": daz, "tags": "|DaZ-Tag|Schule|"},
        texts={
            "de": {
                "title": "Anmeldung zum DaZ-Tag ist offen",
                "teaser": "Lehrkräfte können sich ab heute für die Workshops anmelden.",
                "text": "Die Plätze werden in der Reihenfolge der Bestätigungen vergeben.",
            },
            "tr": {"title": "DaZ-Tag için kayıtlar açıldı"},
        },
    )
    news_publish(item=announcement, actor=None)
    exhibition = news_save(
        centre=centre,
        actor=None,
        data={
            "publish_at": now - datetime.timedelta(days=2),
            "expires_at": now + datetime.timedelta(days=60),
            "tags": "|Ausstellung|",
        },
        texts={
            "de": {
                "title": "Ausstellung „Angekommen“ im Rathaus",
                "teaser": "Porträts und Geschichten von Menschen, die hier ein Zuhause gefunden haben.",
            },
            "uk": {"title": "Виставка «Прибули» в ратуші"},
        },
    )
    news_publish(item=exhibition, actor=None)
    news_save(
        centre=centre,
        actor=None,
        data={},
        texts={"de": {"title": "Entwurf: Sommerfest der Kulturen", "teaser": "Noch in Arbeit."}},
    )
    load_gallery(centre, rng)
    load_newsletter(centre, [review, announcement, exhibition], daz)


def load_newsletter(centre: Centre, items: list[Any], event: Any) -> None:
    """A draft newsletter from the recent news and the DaZ-Tag; no subscribers (people subscribe
    themselves, with double opt-in)."""
    from anlaufstelle.news.actions.newsletter import issue_save

    issue_save(
        centre=centre,
        actor=None,
        news=items,
        events=[event] if event is not None else [],
        texts={
            "de": {
                "subject": "Neues aus dem Kommunalen Integrationszentrum",
                "intro": "Hier lesen Sie, was bei uns passiert ist und was ansteht.",
            },
            "ar": {"subject": "أخبار من مركز الاندماج البلدي"},
        },
    )


def load_gallery(centre: Centre, rng: random.Random) -> None:
    """A published gallery of the DaZ-Tag: three photos with alt texts and a recorded basis, and
    a fourth without a basis that stays off the public page."""
    daz = Event.objects.filter(centre=centre, kind=Event.Kind.DAY).first()
    gallery = gallery_save(
        centre=centre,
        actor=None,
        data={"event": daz},
        texts={
            "de": {"title": "Bilder vom DaZ-Tag", "description": "Workshops, Pausen und der Abschluss im Ratssaal."},
            "ar": {"title": "صور من يوم اللغة الألمانية"},
        },
    )
    colours = ["#1e8449", "#b9770e", "#6c3483", "#2e4053"]
    photos = photos_add(gallery=gallery, actor=None, pictures=[render_picture(_picture(c)) for c in colours[:3]])
    texts = [
        ("Lehrkräfte in einem Workshop am Gruppentisch", "معلمون في ورشة عمل حول طاولة"),
        ("Plakate mit Wortschatz an einer Stellwand", "ملصقات مفردات على لوحة"),
        ("Der volle Ratssaal beim Abschlussvortrag", "قاعة المجلس ممتلئة في المحاضرة الختامية"),
    ]
    bases: list[dict[str, Any]] = [
        {"basis": "consent", "consent_reference": "Einwilligungen DaZ-Tag, Nr. 1-6"},
        {"identifiable_people": False},
        {"basis": "public_gathering"},
    ]
    for photo, (german, arabic), basis in zip(photos, texts, bases, strict=True):
        photo_save(photo=photo, actor=None, data=basis, texts={"de": {"alt_text": german}, "ar": {"alt_text": arabic}})
    gallery_publish(gallery=gallery, actor=None)
    # The fourth photo has no basis yet: gallery_publish refuses such photos, so it is added after.
    photos_add(gallery=gallery, actor=None, pictures=[render_picture(_picture(colours[rng.randrange(4)]))])
