"""Forms of the news editor: the item's shared fields and its texts per language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from anlaufstelle.core.forms import KernFormMixin, field_of
from anlaufstelle.core.languages import encode_codes
from anlaufstelle.core.models import Centre
from anlaufstelle.core.translation import SOURCE_LANGUAGE
from anlaufstelle.directory.models import Offer
from anlaufstelle.events.models import Event
from anlaufstelle.news.images import reencode_picture
from anlaufstelle.news.models import Gallery, GalleryTranslation, NewsItem, NewsTranslation, Photo, PhotoTranslation

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class OfferChoiceField(SafeModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        titles = {row.language: row.title for row in obj.translations.all()}
        return titles.get(SOURCE_LANGUAGE) or str(obj)


class NewsItemForm(KernFormMixin, forms.ModelForm):
    """The language-independent part of a news item; texts come from NewsTextForm per language."""

    tag_text = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("Separate several tags with commas, e.g. DaZ-Tag, Ausstellung."),
    )
    upload = forms.FileField(
        label=_("Picture"),
        required=False,
        help_text=_("PNG, JPEG or WebP. Location and camera data are removed when it is saved."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_picture = forms.BooleanField(label=_("Remove the picture"), required=False)

    class Meta:
        model = NewsItem
        fields = ["publish_at", "expires_at", "pinned", "event", "offer"]
        widgets = {"publish_at": DATETIME, "expires_at": DATETIME}
        help_texts = {
            "publish_at": _("Empty: from the moment you publish."),
            "expires_at": _("Empty: no end."),
            "pinned": _("Only one news item is pinned; pinning this one takes the pin from the others."),
        }
        field_classes = {"event": SafeModelChoiceField, "offer": OfferChoiceField}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "event", forms.ModelChoiceField).queryset = Event.objects.filter(centre=centre).order_by("-pk")
        field_of(self, "offer", forms.ModelChoiceField).queryset = (
            Offer.objects.filter(centre=centre).prefetch_related("translations").order_by("pk")
        )
        if self.instance.pk:
            self.fields["tag_text"].initial = ", ".join(self.instance.tag_list())

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        return reencode_picture(upload)  # refuses with a clear message; never keeps the original

    def clean_tag_text(self) -> str:
        tags = [tag.replace("|", " ").strip()[:40] for tag in self.cleaned_data.get("tag_text", "").split(",")]
        return encode_codes([tag for tag in tags if tag])

    def item_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["tags"] = self.cleaned_data["tag_text"]
        return data


class NewsTextForm(KernFormMixin, forms.ModelForm):
    """A news item's texts in one language (prefixed with the language code)."""

    class Meta:
        model = NewsTranslation
        fields = list(NewsTranslation.translated_fields)
        widgets = {
            "teaser": forms.Textarea(attrs={"rows": 2}),
            "text": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {"text": _("Formatting: **bold**, *italic*, lists with -, links as [text](https://…).")}

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, prefix=language, **kwargs)
        self.language = language
        if language == SOURCE_LANGUAGE:
            self.fields["title"].required = True


def news_text_forms(data: Any, item: NewsItem | None) -> dict[str, NewsTextForm]:
    """One text form per content language, each field lined up with its German source."""
    return translation_forms(NewsTextForm, data, list(item.translations.all()) if item is not None else [])


def translation_forms(form_class: Any, data: Any, existing: list[Any]) -> dict[str, Any]:
    """One `form_class` per content language (prefixed with the code), each field lined up with its
    German source text (`form.pairs`, for directory's translation panel); inputs carry the
    target language and direction."""
    rows = {row.language: row for row in existing}
    text_forms = {code: form_class(data, instance=rows.get(code), language=code) for code in settings.CONTENT_LANGUAGES}
    source = rows[SOURCE_LANGUAGE].texts() if SOURCE_LANGUAGE in rows else {}
    for code, form in text_forms.items():
        direction = "rtl" if code in settings.LANGUAGES_BIDI else "ltr"
        for name, field in form.fields.items():
            field.widget.attrs.update({"lang": code, "dir": direction})
            if code != SOURCE_LANGUAGE and not field.help_text:  # the German source is read with the field
                field.widget.attrs["aria-describedby"] = f"source-{form[name].html_name}"
        form.pairs = [(form[name], source.get(name, "")) for name in form.fields]
    return text_forms


# --- Galleries ----------------------------------------------------------------------------

MAX_PHOTOS_PER_UPLOAD = 30


class GalleryForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Gallery
        fields = ["event"]
        field_classes = {"event": SafeModelChoiceField}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "event", forms.ModelChoiceField).queryset = Event.objects.filter(centre=centre).order_by("-pk")


class GalleryTextForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = GalleryTranslation
        fields = list(GalleryTranslation.translated_fields)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, prefix=language, **kwargs)
        self.language = language
        if language == SOURCE_LANGUAGE:
            self.fields["title"].required = True


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePictureField(forms.FileField):
    """Several pictures at once (from a phone's photo picker); each re-encoded without metadata."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if not uploads:
            raise forms.ValidationError(_("Choose at least one photo."))
        if len(uploads) > MAX_PHOTOS_PER_UPLOAD:
            raise forms.ValidationError(_("At most %(limit)s photos at once.") % {"limit": MAX_PHOTOS_PER_UPLOAD})
        pictures: list[Any] = []
        errors: list[str] = []
        for upload in uploads:
            try:
                pictures.append(reencode_picture(super().clean(upload, initial)))
            except forms.ValidationError as error:  # name the file, so the editor knows which one
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return pictures


class PhotoUploadForm(KernFormMixin, forms.Form):
    photos = MultiplePictureField(
        label=_("Photos"),
        help_text=_("Several at once. Location and camera data are removed when they are saved."),
    )


class PhotoForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["identifiable_people", "children_shown", "basis", "guardian_consent", "consent_reference"]
        widgets = {"basis": forms.RadioSelect}
        help_texts = {
            "consent_reference": _("For example the file number of the signed form."),
            "guardian_consent": _("Needed whenever children can be recognised."),
        }


class PhotoTextForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = PhotoTranslation
        fields = list(PhotoTranslation.translated_fields)

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, prefix=language, **kwargs)
        self.language = language


class MoveForm(forms.Form):
    step = forms.TypedChoiceField(choices=[("-1", "-1"), ("1", "1")], coerce=int)
