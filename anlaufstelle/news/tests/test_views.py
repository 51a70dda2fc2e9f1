"""The news pages: public list and item in every language (right to left in Arabic), feeds,
JSON-LD, the page cache; the editor's form with a picture upload and one endpoint per verb."""

from __future__ import annotations

import datetime
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from django_scopes import scope, scopes_disabled
from PIL import Image

from anlaufstelle.core.models import AuditEntry
from anlaufstelle.core.roles import Role
from anlaufstelle.core.tests.budget import query_budget
from anlaufstelle.news.models import NewsItem
from anlaufstelle.news.tests.factories import jpeg_with_gps, make_news

pytestmark = pytest.mark.django_db
TEXTS = {
    "de": {"title": "Rückblick DaZ-Tag", "teaser": "Über 200 Gäste.", "text": "Ein **schöner** Tag."},
    "ar": {"title": "يوم اللغة الألمانية", "teaser": "أكثر من 200 ضيف."},
}


def url(name: str, centre, language: str = "de", **kwargs) -> str:  # type: ignore[no-untyped-def]
    with override(language):
        return reverse(f"news:{name}", kwargs={"centre": centre.slug, **kwargs})


# --- Public -----------------------------------------------------------------------------


def test_list_in_german_and_in_arabic_right_to_left(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    item = make_news(centre, "x", texts=TEXTS)
    german = client.get(url("list", centre)).content.decode()
    assert "Rückblick DaZ-Tag" in german and f'data-news="{item.pk}"' in german
    arabic = client.get(url("list", centre, "ar")).content.decode()
    assert 'dir="rtl"' in arabic
    assert "يوم اللغة الألمانية" in arabic
    assert "Rückblick DaZ-Tag" not in arabic


def test_detail_falls_back_to_german_marked_and_renders_sanitised_markdown(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    item = make_news(
        centre, "x", texts={"de": {**TEXTS["de"], "text": "**fett** <script>alert(1)</script>"}, "ar": TEXTS["ar"]}
    )
    page = client.get(url("detail", centre, "ar", pk=item.pk)).content.decode()
    assert "<strong>fett</strong>" in page
    assert "<script>alert" not in page
    assert re.search(r'<div class="prose" lang="de" dir="ltr">', page)


def test_detail_carries_news_article_json_ld(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    item = make_news(centre, "x", texts=TEXTS, tags="|DaZ-Tag|")
    page = client.get(url("detail", centre, "en", pk=item.pk)).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)  # type: ignore[union-attr]
    data = json.loads(raw)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Rückblick DaZ-Tag"
    assert data["inLanguage"] == "de"  # no English text: the German one is shown
    assert data["publisher"]["name"] == centre.name
    assert data["keywords"] == ["DaZ-Tag"]
    assert data["datePublished"].startswith(str(item.publish_at.year))


@pytest.mark.parametrize("kind", ["draft", "scheduled", "expired", "foreign"])
def test_items_the_public_must_not_see_answer_404(client: Client, centre, other_centre, kind: str) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    item = {
        "draft": lambda: make_news(centre, "E", published=False),
        "scheduled": lambda: make_news(centre, "G", publish_at=now + hour),
        "expired": lambda: make_news(centre, "A", publish_at=now - 2 * hour, expires_at=now - hour),
        "foreign": lambda: make_news(other_centre, "F"),
    }[kind]()
    assert client.get(url("detail", centre, pk=item.pk)).status_code == 404
    assert client.get(url("picture", centre, pk=item.pk)).status_code == 404
    assert f'data-news="{item.pk}"' not in client.get(url("list", centre)).content.decode()


def test_rss_and_atom_per_language(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    item = make_news(centre, "x", texts=TEXTS, tags="|DaZ-Tag|")
    make_news(centre, "Entwurf", published=False)
    rss = client.get(url("rss", centre, "ar"))
    assert rss["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(rss.content).find("channel")  # noqa: S314 - our own feed
    assert channel is not None
    assert channel.findtext("language") == "ar"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["يوم اللغة الألمانية"]
    assert items[0].findtext("link").endswith(f"/ar/{centre.slug}/aktuelles/{item.pk}/")  # type: ignore[union-attr]
    assert items[0].findtext("category") == "DaZ-Tag"
    atom = client.get(url("atom", centre))
    assert atom["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(atom.content)  # noqa: S314 - our own feed
    assert [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)] == ["Rückblick DaZ-Tag"]
    assert root.attrib.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"


def test_the_list_and_feeds_need_the_same_queries_for_one_or_many_items(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    make_news(centre, "Eins", texts=TEXTS, tags="|A|")
    counts = {}
    for name in ("list", "rss"):
        with query_budget() as one:
            assert client.get(url(name, centre, "ar"), HTTP_COOKIE="").status_code == 200
        counts[name] = one.count
    for number in range(10):
        make_news(centre, f"M {number}", texts=TEXTS, tags=f"|T{number}|", pinned=number == 3)
    for name in ("list", "rss"):
        with override("ar"), query_budget(counts[name], label=name):
            client.get(url(name, centre, "ar") + "?page=1")


def test_a_change_shows_at_once_despite_the_page_cache(
    client: Client, centre, settings, django_capture_on_commit_callbacks, member_factory
) -> None:  # type: ignore[no-untyped-def]
    settings.PUBLIC_CACHE_SECONDS = 300
    item = make_news(centre, "Alt")
    list_url = url("list", centre)
    assert client.get(list_url)["X-Public-Cache"] == "miss"
    assert client.get(list_url)["X-Public-Cache"] == "hit"
    from anlaufstelle.news import actions

    with scope(centre=centre), django_capture_on_commit_callbacks(execute=True):
        actions.news_unpublish(item=item, actor=member_factory(centre, Role.EDITOR))
    response = client.get(list_url)
    assert response["X-Public-Cache"] == "miss"
    assert f'data-news="{item.pk}"' not in response.content.decode()


def test_the_public_nav_links_the_news(client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("core:centre", kwargs={"centre": centre.slug})).content.decode()
    assert url("list", centre) in page


# --- Staff area -------------------------------------------------------------------------


@pytest.fixture
def editor_client(centre, member_factory, login) -> Client:  # type: ignore[no-untyped-def]
    return login(member_factory(centre, Role.EDITOR))


def _post_data(**extra):  # type: ignore[no-untyped-def]
    data = {"de-title": "Ausstellung eröffnet", "de-teaser": "Bilder aus 12 Ländern", "de-picture_alt": "Gäste im Saal"}
    data.update(extra)
    return data


def test_editor_creates_with_a_picture_that_loses_its_metadata(editor_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("IMG_0001.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = editor_client.post(url("create", centre), _post_data(upload=upload, tag_text="Ausstellung, DaZ-Tag"))
    assert response.status_code == 302
    with scopes_disabled():
        item = NewsItem.objects.get()
        assert item.tag_list() == ["Ausstellung", "DaZ-Tag"]
        assert item.status == NewsItem.Status.DRAFT
        stored = item.picture.read()
    assert b"Phone 15 Pro" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
    preview = editor_client.get(url("staff_picture", centre, pk=item.pk))
    assert preview.status_code == 200 and preview["Content-Type"] == "image/jpeg"
    # A draft's picture is not public.
    assert Client().get(url("picture", centre, pk=item.pk)).status_code == 404


def test_a_malformed_picture_is_refused_with_a_message_and_nothing_is_saved(editor_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 not really", content_type="image/jpeg")
    response = editor_client.post(url("create", centre), _post_data(upload=upload))
    assert response.status_code == 200
    assert "WebP" in response.content.decode()
    with scopes_disabled():
        assert not NewsItem.objects.exists()


def test_an_oversized_picture_is_refused_with_a_message(editor_client: Client, centre, settings) -> None:  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_BYTES = 5_000
    upload = SimpleUploadedFile("big.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = editor_client.post(url("create", centre), _post_data(upload=upload))
    assert response.status_code == 200
    assert "MB" in response.content.decode()
    with scopes_disabled():
        assert not NewsItem.objects.exists()


def test_expiry_before_publication_shows_on_the_field(editor_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    response = editor_client.post(
        url("create", centre), _post_data(publish_at="2030-05-02T10:00", expires_at="2030-05-01T10:00")
    )
    assert response.status_code == 200
    assert 'id="id_expires_at_error"' in response.content.decode()


def test_publish_and_unpublish_are_one_post_endpoint_each(editor_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    item = make_news(centre, "Entwurf", published=False)
    assert editor_client.get(url("publish", centre, pk=item.pk)).status_code == 405
    assert editor_client.post(url("publish", centre, pk=item.pk)).status_code == 302
    with scopes_disabled():
        item.refresh_from_db()
        assert item.status == NewsItem.Status.PUBLISHED
    assert Client().get(url("detail", centre, pk=item.pk)).status_code == 200
    assert editor_client.post(url("unpublish", centre, pk=item.pk)).status_code == 302
    with scopes_disabled():
        item.refresh_from_db()
        assert item.status == NewsItem.Status.DRAFT
        assert AuditEntry.objects.filter(action__in=["news.item.publish", "news.item.unpublish"]).count() >= 2


def test_publishing_without_alt_text_for_the_picture_is_refused_with_a_message(editor_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("IMG.jpg", jpeg_with_gps(), content_type="image/jpeg")
    editor_client.post(url("create", centre), _post_data(upload=upload, **{"de-picture_alt": ""}))
    with scopes_disabled():
        item = NewsItem.objects.get()
    response = editor_client.post(url("publish", centre, pk=item.pk), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Describe the picture in German" in page or "Beschreiben Sie das Bild" in page  # English until compiled
    with scopes_disabled():
        item.refresh_from_db()
        assert item.status == NewsItem.Status.DRAFT


def test_a_foreign_item_answers_404_and_stays_unchanged(editor_client: Client, centre, other_centre) -> None:  # type: ignore[no-untyped-def]
    foreign = make_news(other_centre, "Fremd")
    assert editor_client.post(url("edit", centre, pk=foreign.pk), _post_data()).status_code == 404
    assert editor_client.post(url("unpublish", centre, pk=foreign.pk)).status_code == 404
    with scopes_disabled():
        foreign.refresh_from_db()
        assert foreign.status == NewsItem.Status.PUBLISHED


def test_staff_list_shows_items_with_translation_status_in_constant_queries(editor_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    make_news(centre, "Eins", texts=TEXTS)
    with query_budget() as one:
        page = editor_client.get(url("staff_list", centre))
    assert "Rückblick DaZ-Tag" in page.content.decode()
    for number in range(6):
        make_news(centre, f"M {number}", texts=TEXTS)
    with query_budget(one.count):
        editor_client.get(url("staff_list", centre))


def test_the_staff_nav_links_the_news_for_editors(editor_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    page = editor_client.get(url("staff_list", centre)).content.decode()
    assert f'href="{url("staff_list", centre)}"' in page


def test_the_demo_centre_has_news_with_a_picture_a_link_and_a_draft(client: Client) -> None:
    from anlaufstelle.core.demo.loader import load_demo

    with scopes_disabled():
        load_demo()
        items = NewsItem.objects.filter(centre__slug="musterstadt")
        assert items.filter(pinned=True, status="published").exclude(picture="").count() == 1
        assert items.filter(status="draft").count() == 1
        assert items.exclude(event=None).exists()
        assert NewsItem.objects.filter(centre__slug="beispielland").exists()
    page = client.get("/ar/musterstadt/aktuelles/").content.decode()
    assert "نظرة إلى الوراء" in page
    with scopes_disabled():
        from anlaufstelle.news.models import Gallery

        gallery = Gallery.objects.get(centre__slug="musterstadt")
        assert gallery.status == "published" and gallery.photos.count() == 4
    page = client.get(f"/ar/musterstadt/aktuelles/galerien/{gallery.pk}/").content.decode()
    assert page.count("data-photo=") == 3  # the fourth has no basis yet
