"""Views of the news: the public list, item pages, pictures and feeds; the editor's list and form."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anlaufstelle.core.access import permission_required, public
from anlaufstelle.core.errors import Refused, show_refusal
from anlaufstelle.core.http import CentreRequest, PublicRequest
from anlaufstelle.core.public_cache import cache_public_page
from anlaufstelle.core.selectors import public_page_get
from anlaufstelle.core.translation import SOURCE_LANGUAGE, translation_status
from anlaufstelle.news import actions, publishing, selectors
from anlaufstelle.news.consent import german_alt, publishing_problem
from anlaufstelle.news.feeds import NewsAtom, NewsRss
from anlaufstelle.news.forms import (
    GalleryForm,
    GalleryTextForm,
    MoveForm,
    NewsItemForm,
    PhotoForm,
    PhotoTextForm,
    PhotoUploadForm,
    news_text_forms,
    translation_forms,
)
from anlaufstelle.news.images import FORMATS
from anlaufstelle.news.models import Gallery, NewsItem, Photo
from anlaufstelle.news.photo_upload import photos_upload_start

# --- Public -----------------------------------------------------------------------------


@public
@cache_public_page
@require_GET
def news_list(request: PublicRequest, centre: str) -> HttpResponse:
    language = get_language()
    tags = selectors.public_tags(centre=request.centre)
    tag = request.GET.get("tag", "")
    if tag not in tags:
        tag = ""
    page = Paginator(selectors.public_list(centre=request.centre, language=language, tag=tag), 12)
    return render(
        request,
        "news/list.html",
        {
            "page": public_page_get(centre=request.centre, language=language),
            "page_obj": page.get_page(request.GET.get("page")),
            "tags": tags,
            "tag": tag,
            "tag_query": urlencode({"tag": tag}) if tag else "",
        },
    )


@public
@cache_public_page
@require_GET
def news_detail(request: PublicRequest, centre: str, pk: int) -> HttpResponse:
    language = get_language()
    try:
        view = selectors.public_get(centre=request.centre, pk=pk, language=language)
    except NewsItem.DoesNotExist as exc:
        raise Http404 from exc
    url = request.build_absolute_uri(reverse("news:detail", kwargs={"centre": centre, "pk": pk}))
    picture_url = (
        request.build_absolute_uri(reverse("news:picture", kwargs={"centre": centre, "pk": pk}))
        if view.item.picture
        else ""
    )
    centre_url = request.build_absolute_uri(reverse("core:centre", kwargs={"centre": centre}))
    return render(
        request,
        "news/detail.html",
        {
            "page": public_page_get(centre=request.centre, language=language),
            "item": view,
            "share_url": url,
            "json_ld": publishing.json_ld(
                view, centre=request.centre, url=url, picture_url=picture_url, centre_url=centre_url
            ),
        },
    )


@public
@require_GET
def news_picture(request: PublicRequest, centre: str, pk: int) -> FileResponse:
    """A visible item's picture (the re-encoded file; the upload itself was never stored)."""
    try:
        item = selectors.public_picture(centre=request.centre, pk=pk)
    except NewsItem.DoesNotExist as exc:
        raise Http404 from exc
    response = FileResponse(item.picture.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=3600"
    return response


news_rss = public(cache_public_page(require_GET(NewsRss())))
news_atom = public(cache_public_page(require_GET(NewsAtom())))


def _translation_panel(existing: list[Any], text_forms: dict[str, Any]) -> list[tuple[str, str, Any, bool, str]]:
    """The rows of directory's translation panel: (code, name, form, right to left, status)."""
    rows = {row.language: row for row in existing}
    languages = dict(settings.LANGUAGES)
    return [
        (
            code,
            languages[code],
            form,
            code in settings.LANGUAGES_BIDI,
            translation_status(rows.get(code), rows.get(SOURCE_LANGUAGE)),
        )
        for code, form in text_forms.items()
        if code != SOURCE_LANGUAGE
    ]


# --- Staff area -------------------------------------------------------------------------


def _get_item(request: CentreRequest, pk: int) -> NewsItem:
    try:
        return selectors.news_get(centre=request.centre, pk=pk)
    except NewsItem.DoesNotExist as exc:
        raise Http404 from exc


@permission_required("news.edit")
@require_GET
def staff_list(request: CentreRequest, centre: str) -> HttpResponse:
    page = Paginator(selectors.staff_list(centre=request.centre), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "news/internal/list.html",
        {"page_obj": page, "rows": selectors.staff_rows(page.object_list), "is_visible": selectors.is_visible},
    )


@permission_required("news.edit")
@require_http_methods(["GET", "POST"])
def edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    """Create or change a news item: shared fields, the picture and the texts of every language."""
    item = _get_item(request, pk) if pk else None
    post = request.method == "POST"
    form = NewsItemForm(
        request.POST if post else None, request.FILES if post else None, instance=item, centre=request.centre
    )
    text_forms = news_text_forms(request.POST if post else None, item)
    if post and form.is_valid() and all(f.is_valid() for f in text_forms.values()):
        try:
            saved = actions.news_save(
                centre=request.centre,
                actor=request.user,
                data=form.item_data(),
                texts={code: f.cleaned_data for code, f in text_forms.items()},
                picture=form.cleaned_data["upload"],
                remove_picture=form.cleaned_data["remove_picture"],
                item=item,
            )
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("The news item has been saved."))
            return redirect("news:edit", centre=centre, pk=saved.pk)
    return render(request, "news/internal/form.html", _form_context(item, form, text_forms))


def _form_context(item: NewsItem | None, form: NewsItemForm, text_forms: dict[str, Any]) -> dict[str, Any]:
    existing = list(item.translations.all()) if item else []
    return {
        "form": form,
        "item": item,
        "visible": selectors.is_visible(item) if item else False,
        "source_form": text_forms[SOURCE_LANGUAGE],
        "translations": _translation_panel(existing, text_forms),
    }


@permission_required("news.edit")
@require_GET
def staff_picture(request: CentreRequest, centre: str, pk: int) -> FileResponse:
    """The picture of any item of the centre, also a draft's, for the editor's preview."""
    item = _get_item(request, pk)
    if not item.picture:
        raise Http404
    return FileResponse(item.picture.open("rb"), content_type="image/jpeg")


@permission_required("news.edit")
@require_POST
def publish(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    item = _get_item(request, pk)
    try:
        actions.news_publish(item=item, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The news item has been published."))
    return redirect("news:edit", centre=centre, pk=item.pk)


@permission_required("news.edit")
@require_POST
def unpublish(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    item = _get_item(request, pk)
    actions.news_unpublish(item=item, actor=request.user)
    messages.success(request, _("The news item is no longer public."))
    return redirect("news:edit", centre=centre, pk=item.pk)


# --- Galleries: public --------------------------------------------------------------------


@public
@cache_public_page
@require_GET
def galleries(request: PublicRequest, centre: str) -> HttpResponse:
    language = get_language()
    return render(
        request,
        "news/galleries.html",
        {
            "page": public_page_get(centre=request.centre, language=language),
            "galleries": selectors.public_galleries(centre=request.centre, language=language),
        },
    )


@public
@cache_public_page
@require_GET
def gallery(request: PublicRequest, centre: str, pk: int) -> HttpResponse:
    language = get_language()
    try:
        view = selectors.public_gallery(centre=request.centre, pk=pk, language=language)
    except Gallery.DoesNotExist as exc:
        raise Http404 from exc
    url = request.build_absolute_uri(reverse("news:gallery", kwargs={"centre": centre, "pk": pk}))
    photo_urls = [
        request.build_absolute_uri(reverse("news:photo", kwargs={"centre": centre, "pk": p.photo.pk}))
        for p in view.photos
    ]
    for item in view.photos:
        _add_sources(item, reverse("news:photo", kwargs={"centre": centre, "pk": item.photo.pk}))
    return render(
        request,
        "news/gallery.html",
        {
            "page": public_page_get(centre=request.centre, language=language),
            "view": view,
            # Two photos a row on a phone, three from 40em on (.photo-grid in core/static/core/app.css).
            "sizes": "(min-width: 40em) 33vw, 50vw",
            "json_ld": publishing.gallery_json_ld(view, centre=request.centre, url=url, photo_urls=photo_urls),
        },
    )


def _add_sources(item: Any, url: str) -> None:
    """The photo's `srcset` per format (WebP with a JPEG fallback) and its smallest JPEG as `src`."""
    variants = item.photo.variants or {}
    full = item.photo.width or 1600

    def srcset(fmt: str) -> str:
        sizes = {int(width) for width in variants.get(fmt, {})}
        entries = [f"{url}?w={width}&f={fmt} {width}w" for width in sorted(sizes)]
        if fmt == "jpeg" and entries:
            entries.append(f"{url} {full}w")  # the full-size JPEG is the widest fallback
        return ", ".join(entries)

    item.full = url
    item.webp = srcset("webp")
    item.jpeg = srcset("jpeg")
    smallest = sorted(variants.get("jpeg", {}), key=int)
    item.src = f"{url}?w={smallest[0]}&f=jpeg" if smallest else url


@public
@require_GET
def photo(request: PublicRequest, centre: str, pk: int) -> FileResponse:
    """A photo the public may see (consent rule applied on every request, never cached here)."""
    try:
        item = selectors.public_photo(centre=request.centre, pk=pk)
    except Photo.DoesNotExist as exc:
        raise Http404 from exc
    return _photo_response(request, item)


# --- Galleries: staff ---------------------------------------------------------------------


def _get_gallery(request: CentreRequest, pk: int) -> Gallery:
    try:
        return selectors.gallery_get(centre=request.centre, pk=pk)
    except Gallery.DoesNotExist as exc:
        raise Http404 from exc


def _get_photo(request: CentreRequest, pk: int) -> Photo:
    try:
        return selectors.photo_get(centre=request.centre, pk=pk)
    except Photo.DoesNotExist as exc:
        raise Http404 from exc


@permission_required("news.edit")
@require_GET
def gallery_list(request: CentreRequest, centre: str) -> HttpResponse:
    page = Paginator(selectors.staff_galleries(centre=request.centre), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "news/internal/gallery_list.html",
        {"page_obj": page, "take_down": selectors.photos_to_take_down(centre=request.centre)},
    )


@permission_required("news.edit")
@require_http_methods(["GET", "POST"])
def gallery_edit(request: CentreRequest, centre: str, pk: int | None = None) -> HttpResponse:
    """Create or change a gallery's texts and event; the page lists its photos and takes uploads."""
    the_gallery = _get_gallery(request, pk) if pk else None
    post = request.method == "POST"
    form = GalleryForm(request.POST if post else None, instance=the_gallery, centre=request.centre)
    existing = list(the_gallery.translations.all()) if the_gallery else []
    text_forms = translation_forms(GalleryTextForm, request.POST if post else None, existing)
    if post and form.is_valid() and all(f.is_valid() for f in text_forms.values()):
        saved = actions.gallery_save(
            centre=request.centre,
            actor=request.user,
            data={"event": form.cleaned_data["event"]},
            texts={code: f.cleaned_data for code, f in text_forms.items()},
            gallery=the_gallery,
        )
        messages.success(request, _("The gallery has been saved."))
        return redirect("news:gallery_edit", centre=centre, pk=saved.pk)
    return render(
        request, "news/internal/gallery_form.html", _gallery_context(the_gallery, form, text_forms, PhotoUploadForm())
    )


def _gallery_context(
    the_gallery: Gallery | None, form: GalleryForm, text_forms: dict[str, Any], upload_form: PhotoUploadForm
) -> dict[str, Any]:
    existing = list(the_gallery.translations.all()) if the_gallery else []
    photos = list(the_gallery.photos.all()) if the_gallery else []
    problems = selectors.photo_problems(the_gallery) if the_gallery else {}
    return {
        "form": form,
        "gallery": the_gallery,
        "source_form": text_forms[SOURCE_LANGUAGE],
        "translations": _translation_panel(existing, text_forms),
        "photos": [(photo, problems.get(photo.pk, "")) for photo in photos],
        "upload_form": upload_form,
    }


@permission_required("news.edit")
@require_POST
def gallery_upload(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Several photos at once: checked here, re-encoded without metadata by a background job whose
    progress the next page shows; nothing is saved if one is refused."""
    the_gallery = _get_gallery(request, pk)
    upload_form = PhotoUploadForm(request.POST, request.FILES)
    if upload_form.is_valid():
        job = photos_upload_start(gallery=the_gallery, actor=request.user, uploads=upload_form.cleaned_data["photos"])
        return redirect("core:job", centre=centre, pk=job.pk)
    form = GalleryForm(instance=the_gallery, centre=request.centre)
    text_forms = translation_forms(GalleryTextForm, None, list(the_gallery.translations.all()))
    return render(
        request, "news/internal/gallery_form.html", _gallery_context(the_gallery, form, text_forms, upload_form)
    )


@permission_required("news.edit")
@require_POST
def gallery_publish(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    the_gallery = _get_gallery(request, pk)
    try:
        actions.gallery_publish(gallery=the_gallery, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The gallery has been published."))
    return redirect("news:gallery_edit", centre=centre, pk=the_gallery.pk)


@permission_required("news.edit")
@require_POST
def gallery_unpublish(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    the_gallery = _get_gallery(request, pk)
    actions.gallery_unpublish(gallery=the_gallery, actor=request.user)
    messages.success(request, _("The gallery is no longer public."))
    return redirect("news:gallery_edit", centre=centre, pk=the_gallery.pk)


@permission_required("news.edit")
@require_http_methods(["GET", "POST"])
def photo_edit(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """A photo's consent record and its alt text and caption in every language."""
    the_photo = _get_photo(request, pk)
    post = request.method == "POST"
    form = PhotoForm(request.POST if post else None, request.FILES if post else None, instance=the_photo)
    text_forms = translation_forms(PhotoTextForm, request.POST if post else None, list(the_photo.translations.all()))
    if post and form.is_valid() and all(f.is_valid() for f in text_forms.values()):
        data = {name: form.cleaned_data[name] for name in PhotoForm.Meta.fields}
        try:
            actions.photo_save(
                photo=the_photo,
                actor=request.user,
                data=data,
                texts={code: f.cleaned_data for code, f in text_forms.items()},
                consent_form=form.cleaned_data["consent_scan"],
                remove_consent_form=form.cleaned_data["remove_consent_scan"],
            )
        except Refused as refusal:
            show_refusal(request, refusal, form=form)
        else:
            messages.success(request, _("The photo has been saved."))
            return redirect("news:gallery_edit", centre=centre, pk=the_photo.gallery_id)
    existing = list(the_photo.translations.all())
    return render(
        request,
        "news/internal/photo_form.html",
        {
            "form": form,
            "photo": the_photo,
            "source_form": text_forms[SOURCE_LANGUAGE],
            "translations": _translation_panel(existing, text_forms),
            "problem": publishing_problem(the_photo, german_alt=german_alt(the_photo)),
        },
    )


@permission_required("news.edit")
@require_GET
def photo_file(request: CentreRequest, centre: str, pk: int) -> FileResponse:
    """Any photo of the centre, also one not yet public, for the editor's pages."""
    the_photo = _get_photo(request, pk)
    return _photo_response(request, the_photo, private=True)


@permission_required("news.edit")
@require_GET
def photo_consent_form(request: CentreRequest, centre: str, pk: int) -> FileResponse:
    """The scanned consent form, for the centre's editors only; never cached, always a download."""
    the_photo = _get_photo(request, pk)
    if not the_photo.consent_form:
        raise Http404
    name = the_photo.consent_form.name or ""
    content_type = "application/pdf" if name.endswith(".pdf") else "image/jpeg"
    response = FileResponse(
        the_photo.consent_form.open("rb"),
        content_type=content_type,
        as_attachment=True,
        filename=f"consent-photo-{the_photo.pk}{name[name.rfind('.') :] if '.' in name else ''}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _photo_response(request: Any, the_photo: Photo, *, private: bool = False) -> FileResponse:
    """The photo in the width and format asked for (`?w=640&f=webp`), the full JPEG otherwise."""
    fmt = request.GET.get("f", "jpeg")
    width = request.GET.get("w", "")
    name = (the_photo.variants or {}).get(fmt, {}).get(width) if fmt in FORMATS else None
    if name:
        response = FileResponse(the_photo.picture.storage.open(name, "rb"), content_type=FORMATS[fmt][1])
    else:
        response = FileResponse(the_photo.picture.open("rb"), content_type="image/jpeg")
    # Short for the public: a withdrawal must take effect soon.
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    return response


@permission_required("news.edit")
@require_POST
def photo_move(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    the_photo = _get_photo(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        actions.photo_move(photo=the_photo, actor=request.user, step=form.cleaned_data["step"])
    return redirect("news:gallery_edit", centre=centre, pk=the_photo.gallery_id)


@permission_required("news.edit")
@require_POST
def photo_withdraw(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    """Consent was withdrawn: the photo leaves the public page now and waits to be deleted."""
    the_photo = _get_photo(request, pk)
    actions.photo_withdraw_consent(photo=the_photo, actor=request.user)
    messages.success(request, _("The withdrawal is recorded. The photo is no longer public; please delete it."))
    return redirect("news:gallery_edit", centre=centre, pk=the_photo.gallery_id)


@permission_required("news.edit")
@require_POST
def photo_delete(request: CentreRequest, centre: str, pk: int) -> HttpResponse:
    the_photo = _get_photo(request, pk)
    actions.photo_delete(photo=the_photo, actor=request.user)
    messages.success(request, _("The photo has been deleted."))
    return redirect("news:gallery_edit", centre=centre, pk=the_photo.gallery_id)
