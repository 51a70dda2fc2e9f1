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
from anlaufstelle.news.feeds import NewsAtom, NewsRss
from anlaufstelle.news.forms import NewsItemForm, news_text_forms
from anlaufstelle.news.models import NewsItem

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
    rows = {row.language: row for row in item.translations.all()} if item else {}
    languages = dict(settings.LANGUAGES)
    return {
        "form": form,
        "item": item,
        "visible": selectors.is_visible(item) if item else False,
        "source_form": text_forms[SOURCE_LANGUAGE],
        "translations": [
            (
                code,
                languages[code],
                f,
                code in settings.LANGUAGES_BIDI,
                translation_status(rows.get(code), rows.get(SOURCE_LANGUAGE)),
            )
            for code, f in text_forms.items()
            if code != SOURCE_LANGUAGE
        ],
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
