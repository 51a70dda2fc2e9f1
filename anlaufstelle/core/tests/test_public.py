"""The public centre page: content per language with German fallback, RTL, legal pages, headers."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from anlaufstelle.core import actions
from anlaufstelle.core.models import CentreContent, Funder, TeamMember
from anlaufstelle.core.roles import Role


@pytest.fixture
def page(centre):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        CentreContent.objects.create(
            centre=centre,
            language="de",
            about="Wir **beraten** Familien.<script>alert(1)</script>",
            notice="Nur telefonisch erreichbar",
            privacy_notice="Datenschutzhinweis nach Art. 13 DSGVO",
            accessibility_statement="Erklärung zur Barrierefreiheit",
            easy_language="Wir helfen Ihnen.",
            legal_notice="Impressum-Text",
            office_hours="Mo–Do 9–12 Uhr",
        )
        CentreContent.objects.create(centre=centre, language="ar", about="نحن نقدم المشورة للعائلات")
        member = TeamMember.objects.create(centre=centre, name="Dr. Miriam Beispiel")
        member.translations.create(language="de", job_title="Leitung", tasks="Gesamtleitung")
        Funder.objects.create(centre=centre, name="Land Nordrhein-Westfalen")
    return centre


def test_german_public_page_shows_everything(client: Client, page) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("core:centre", kwargs={"centre": page.slug}))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de" dir="ltr">' in html
    for text in [
        "KI Musterstadt",
        "<strong>beraten</strong>",
        "Nur telefonisch erreichbar",
        "Dr. Miriam Beispiel",
        "Leitung",
        "Gesamtleitung",
        "Mo–Do 9–12 Uhr",
        "Land Nordrhein-Westfalen",
    ]:
        assert text in html
    assert "<script>alert" not in html


def test_arabic_page_is_right_to_left_with_fallback_hint(client: Client, page) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/ar/{page.slug}/")
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "نحن نقدم المشورة للعائلات" in html
    # The notice exists only in German: shown in German, marked as such.
    assert "Nur telefonisch erreichbar" in html
    assert 'class="fallback-hint"' in html


@pytest.mark.parametrize(
    "name,text",
    [
        ("core:privacy", "Art. 13 DSGVO"),
        ("core:accessibility", "Erklärung zur Barrierefreiheit"),
        ("core:easy_language", "Wir helfen Ihnen."),
        ("core:legal", "Impressum-Text"),
    ],
)
def test_legal_pages(client: Client, page, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse(name, kwargs={"centre": page.slug}))
    assert response.status_code == 200
    assert text in response.content.decode()


def test_language_switch_on_every_public_page_links_all_languages(client: Client, page) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/en/{page.slug}/datenschutz/").content.decode()
    for href in [
        f'href="/{page.slug}/datenschutz/"',
        f'href="/ar/{page.slug}/datenschutz/"',
        f'href="/en/{page.slug}/datenschutz/"',
    ]:
        assert href in html


def test_unknown_centre_is_404(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/gibt-es-nicht/").status_code == 404


def test_security_headers_and_no_inline_script(client: Client, page) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("core:centre", kwargs={"centre": page.slug}))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script found"
    assert " style=" not in html
    assert not re.search(r"\son[a-z]+=", html), "inline event handler found"


def test_healthz(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_admin_edits_public_page_per_language(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    url = reverse("core:page_edit", kwargs={"centre": centre.slug, "language": "de"})
    response = admin_client.post(url, {"about": "Neuer Text", "notice": "Heute geschlossen"})
    assert response.status_code == 302
    ar = reverse("core:page_edit", kwargs={"centre": centre.slug, "language": "ar"})
    assert admin_client.post(ar, {"about": "نص جديد"}).status_code == 302
    languages = admin_client.get(reverse("core:page_languages", kwargs={"centre": centre.slug}))
    status = {row["code"]: row["status"] for row in languages.context["languages"]}
    assert status["de"] == "source" and status["ar"] == "current" and status["en"] == "missing"
    # Changing the German text makes the Arabic translation outdated.
    admin_client.post(url, {"about": "Geänderter Text", "notice": "Heute geschlossen"})
    languages = admin_client.get(reverse("core:page_languages", kwargs={"centre": centre.slug}))
    assert {r["code"]: r["status"] for r in languages.context["languages"]}["ar"] == "outdated"
    public = admin_client.get(reverse("core:centre", kwargs={"centre": centre.slug}))
    assert "Heute geschlossen" in public.content.decode()


def test_page_edit_rejects_unknown_language(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    url = reverse("core:page_edit", kwargs={"centre": centre.slug, "language": "xx"})
    assert admin_client.get(url).status_code == 404


def test_team_member_with_texts_per_language(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    url = reverse("core:team_create", kwargs={"centre": centre.slug})
    data = {
        "name": "Jonas Demo",
        "email": "jonas@example.org",
        "phone": "",
        "position": "1",
        "is_public": "on",
        "de-job_title": "Schulberatung",
        "de-tasks": "Beratung",
        "ar-job_title": "الاستشارات المدرسية",
    }
    assert admin_client.post(url, data).status_code == 302
    html = admin_client.get(f"/ar/{centre.slug}/").content.decode()
    assert "الاستشارات المدرسية" in html and "Beratung" in html


def test_funder_logo_must_be_an_image(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    url = reverse("core:funder_list", kwargs={"centre": centre.slug})
    response = admin_client.post(url, {"name": "Land NRW", "position": "1", "logo": fake})
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors
    with scopes_disabled():
        assert not Funder.objects.exists()


def test_funder_with_real_png_logo_is_served(admin_client: Client, centre, client: Client, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "blue").save(buffer, "PNG")
    upload = SimpleUploadedFile("../../etc/passwd.png", buffer.getvalue(), content_type="image/png")
    url = reverse("core:funder_list", kwargs={"centre": centre.slug})
    assert admin_client.post(url, {"name": "Land NRW", "position": "1", "logo": upload}).status_code == 302
    with scopes_disabled():
        funder = Funder.objects.get()
    assert "passwd" not in funder.logo.name and funder.logo.name.startswith("uploads/core/")
    logo = admin_client.get(reverse("core:funder_logo", kwargs={"centre": centre.slug, "pk": funder.pk}))
    assert logo.status_code == 200


def test_editor_role_cannot_manage_team(client: Client, centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    login(member_factory(centre, Role.EDITOR))
    assert client.get(reverse("core:team_list", kwargs={"centre": centre.slug})).status_code == 403


def test_content_update_action_is_audited(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.models import AuditEntry

    actor = member_factory(centre, Role.CENTRE_ADMIN)
    with scope(centre=centre):
        actions.centre_content_update(centre=centre, language="de", data={"notice": "Hinweis"}, actor=actor)
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="core.centre_content.update")
    assert entry.changes["notice"] == [None, "Hinweis"]


def test_team_translation_becomes_outdated_when_only_german_changes(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    url = reverse("core:team_create", kwargs={"centre": centre.slug})
    base = {
        "name": "Jonas Demo",
        "position": "1",
        "is_public": "on",
        "de-job_title": "Schulberatung",
        "en-job_title": "School counselling",
    }
    admin_client.post(url, base)
    with scopes_disabled():
        member = TeamMember.objects.get()
        assert set(member.translations.values_list("language", flat=True)) == {"de", "en"}
    edit = reverse("core:team_edit", kwargs={"centre": centre.slug, "pk": member.pk})
    status = {row[0]: row[4] for row in admin_client.get(edit).context["text_forms"]}
    assert status["en"] == "current" and status["ar"] == "missing"
    admin_client.post(edit, {**base, "de-job_title": "Schul- und Familienberatung"})
    status = {row[0]: row[4] for row in admin_client.get(edit).context["text_forms"]}
    assert status["en"] == "outdated"
    admin_client.post(edit, {**base, "de-job_title": "Schul- und Familienberatung", "en-job_title": "Counselling"})
    status = {row[0]: row[4] for row in admin_client.get(edit).context["text_forms"]}
    assert status["en"] == "current"


def test_funder_is_edited_and_keeps_its_logo(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        funder = Funder.objects.create(centre=centre, name="Land NRW", logo="uploads/core/x.png")
    url = reverse("core:funder_edit", kwargs={"centre": centre.slug, "pk": funder.pk})
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"name": "Land Nordrhein-Westfalen", "url": "land.nrw", "position": "2"})
    assert response.status_code == 302
    with scopes_disabled():
        funder.refresh_from_db()
    assert (funder.name, funder.url, funder.logo.name) == (
        "Land Nordrhein-Westfalen",
        "https://land.nrw",
        "uploads/core/x.png",
    )


def test_form_hints_and_errors_are_linked_to_their_fields(admin_client: Client, centre) -> None:  # type: ignore[no-untyped-def]
    url = reverse("partners:create", kwargs={"centre": centre.slug})
    html = admin_client.get(url).content.decode()
    assert 'aria-describedby="id_new_tags_hint"' in html and 'id="id_new_tags_hint"' in html
    html = admin_client.post(url, {"name": "", "kind": "school", "new_tags": "x"}).content.decode()
    assert 'aria-describedby="id_name_error"' in html and 'id="id_name_error"' in html
