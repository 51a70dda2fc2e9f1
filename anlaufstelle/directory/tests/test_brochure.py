"""The "Wegweiser" brochure: chosen areas, language, right to left, a real PDF from a background job."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from anlaufstelle.core.languages import encode_codes
from anlaufstelle.core.models import BackgroundJob
from anlaufstelle.core.roles import Role
from anlaufstelle.directory.brochure import brochure_html
from anlaufstelle.directory.tests.factories import make_offer


def offers(centre):  # type: ignore[no-untyped-def]
    make_offer(
        centre,
        "Deutschkurs",
        areas=encode_codes(["language"]),
        texts={"de": {"title": "Deutschkurs", "summary": "Abends"}, "ar": {"title": "دورة ألمانية"}},
    )
    make_offer(centre, "Fußball", areas=encode_codes(["sport_leisure"]))
    make_offer(centre, "Entwurf", areas=encode_codes(["language"]), status="draft")


def test_html_has_cover_contents_sections_and_qr_codes(centre) -> None:  # type: ignore[no-untyped-def]
    offers(centre)
    with scope(centre=centre):
        html = brochure_html(centre, {"language": "de", "areas": ["language"]})
    assert 'lang="de" dir="ltr"' in html
    assert "Deutschkurs" in html and "Fußball" not in html and "Entwurf" not in html
    assert 'href="#area-language"' in html and "data:image/png;base64," in html


def test_arabic_brochure_is_right_to_left_with_german_fallback(centre) -> None:  # type: ignore[no-untyped-def]
    offers(centre)
    with scope(centre=centre):
        html = brochure_html(centre, {"language": "ar"})
    assert 'lang="ar" dir="rtl"' in html
    assert "دورة ألمانية" in html and "Abends" in html


def test_editor_builds_the_pdf_as_a_job_and_downloads_it(
    client: Client, centre, member_factory, login, django_capture_on_commit_callbacks, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    offers(centre)
    login(member_factory(centre, Role.EDITOR))
    url = reverse("directory:staff_brochure", kwargs={"centre": centre.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"language": "ar", "areas": ["language", "sport_leisure"]})
    assert response.status_code == 302
    page = client.get(response["Location"])
    job = page.context["job"]
    assert job.status == BackgroundJob.Status.DONE, job.message
    download = client.get(reverse("core:job_download", kwargs={"centre": centre.slug, "pk": job.pk}))
    pdf = b"".join(download.streaming_content)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") and len(pdf) > 5_000
    assert "Download" in page.content.decode() or "Herunterladen" in page.content.decode()


def test_bad_form_input_starts_no_job(client: Client, centre, member_factory, login) -> None:  # type: ignore[no-untyped-def]
    login(member_factory(centre, Role.EDITOR))
    response = client.post(
        reverse("directory:staff_brochure", kwargs={"centre": centre.slug}), {"language": "xx", "areas": ["nope"]}
    )
    assert response.status_code == 200 and {"language", "areas"} <= set(response.context["form"].errors)
    with scopes_disabled():
        assert not BackgroundJob.objects.exists()


# --- print layout (issue 20 item 18) -----------------------------------------------------------


def _brochure_pdf(centre, language: str) -> tuple[str, bytes]:  # type: ignore[no-untyped-def]
    import datetime
    from unittest import mock

    from anlaufstelle.core.models import CentreContent
    from anlaufstelle.core.pdf import html_to_pdf
    from anlaufstelle.directory.taxonomy import Area

    centre.street, centre.postcode, centre.city = "Hauptstraße 1", "47798", "Krefeld"
    centre.phone, centre.email = "02151 86-0", "ki@krefeld.example"
    centre.save()
    with scopes_disabled():
        CentreContent.objects.create(centre=centre, language="de", office_hours="Montag bis Donnerstag 9–12 Uhr")
    areas = list(Area.values)
    for number in range(13):  # 13 offers over every area
        area = areas[number % len(areas)]
        texts = {"de": {"title": f"Angebot {number}", "summary": f"Kurz auf Deutsch {number}"}}
        if number % 2:
            texts["ar"] = {"title": f"عرض {number}", "summary": f"وصف قصير {number}"}
        make_offer(centre, f"Angebot {number}", areas=encode_codes([area]), texts=texts)
    with (
        mock.patch("anlaufstelle.directory.brochure.timezone.localdate", return_value=datetime.date(2026, 12, 3)),
        scope(centre=centre),
    ):
        html = brochure_html(centre, {"language": language})
    return html, html_to_pdf(html)


def test_brochure_flows_topics_on_few_pages_with_a_full_cover(centre) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.tests.pdftext import pdf_pages

    html, pdf = _brochure_pdf(centre, "de")
    pages = pdf_pages(pdf)
    assert len(pages) <= 4, len(pages)  # not a page per topic
    cover = pages[0]
    for expected in ["Hauptstraße 1", "47798 Krefeld", "02151 86-0", "ki@krefeld.example", "Montag bis Donnerstag"]:
        assert expected in cover, expected
    assert f"/{centre.slug}/" in cover  # the website
    assert "3. Dezember 2026" in cover and "2026-12-03" not in html and "03.12.2026" not in cover
    assert "target-counter(attr(href), page)" in html  # contents with page numbers
    assert "counter(pages)" in html  # running footer with page numbers


def test_arabic_brochure_marks_german_fallback_and_dates_in_arabic(centre) -> None:  # type: ignore[no-untyped-def]
    from anlaufstelle.core.tests.pdftext import pdf_pages

    html, pdf = _brochure_pdf(centre, "ar")
    assert 'lang="ar" dir="rtl"' in html
    # German fallback texts are blocks marked German, left to right, with a hint in the page language.
    assert '<p class="fallback" lang="de" dir="ltr">Kurz auf Deutsch 0</p>' in html
    assert "font-style: italic" not in html
    assert 'class="fallback-hint"' in html
    assert "ديسمبر" in html  # the month by name, in Arabic
    pages = pdf_pages(pdf)
    assert len(pages) <= 4, len(pages)
    assert "02151 86-0" in pages[0] and "0-86 02151" not in pages[0]
