"""Forms of the news editor: the item's shared fields and its texts per language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from anlaufstelle.core.forms import KernFormMixin, field_of
from anlaufstelle.core.languages import encode_codes
from anlaufstelle.core.models import Centre
from anlaufstelle.core.translation import SOURCE_LANGUAGE
from anlaufstelle.core.uploads import validate_image_upload, validate_upload_size
from anlaufstelle.directory.models import Offer
from anlaufstelle.events.models import Event
from anlaufstelle.news.images import check_picture, reencode_picture
from anlaufstelle.news.models import (
    Gallery,
    GalleryTranslation,
    IssueTranslation,
    NewsItem,
    NewsTranslation,
    Photo,
    PhotoTranslation,
)

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
    """Several pictures at once (from a phone's photo picker). Checked here (count, size, real
    type); re-encoded without metadata by the background job (news/photo_upload.py)."""

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
                checked = super().clean(upload, initial)
                check_picture(checked)  # type, size, pixels from the header; the job re-encodes
                pictures.append(checked)
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


CONSENT_FORM_TYPES = "application/pdf,image/png,image/jpeg,image/webp"


def validate_consent_scan(upload: Any) -> Any:
    """A scanned, signed form: a PDF or a picture (checked by content), within the size limit."""
    validate_upload_size(upload)
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":  # stored under its real type's suffix, whatever the file was called
        return ContentFile(upload.read(), name="consent.pdf")
    try:
        validate_image_upload(upload)
    except ValidationError as exc:
        raise ValidationError(_("The scan must be a PDF, PNG, JPEG or WebP file.")) from exc
    return reencode_picture(upload)  # a photographed form loses the phone's location data too


class PhotoForm(KernFormMixin, forms.ModelForm):
    consent_scan = forms.FileField(
        label=_("Signed consent form (scan)"),
        required=False,
        help_text=_("PDF or picture. Stored privately: only editors of the centre can open it, never the public."),
        widget=forms.FileInput(attrs={"accept": CONSENT_FORM_TYPES}),
    )
    remove_consent_scan = forms.BooleanField(label=_("Remove the scanned form"), required=False)

    def clean_consent_scan(self) -> Any:
        upload = self.cleaned_data.get("consent_scan")
        return validate_consent_scan(upload) if upload else None

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


# --- Newsletter ---------------------------------------------------------------------------


def consent_sentence(centre: Centre) -> str:
    """The text a subscriber agrees to; stored with the subscription as proof of consent."""
    from django.utils.translation import gettext

    return gettext(
        "I agree that %(centre)s sends me its newsletter by e-mail, in the languages and on the "
        "topics I chose. My address is used for nothing else. I can unsubscribe at any time with the "
        "link in every newsletter."
    ) % {"centre": centre.name}


class SubscribeForm(KernFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You receive one e-mail per language."),
    )
    topics = forms.MultipleChoiceField(label=_("Topics"), widget=forms.CheckboxSelectMultiple)
    consent = forms.BooleanField(required=True)

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        from anlaufstelle.news.models import Topic

        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        field_of(self, "languages", forms.MultipleChoiceField).choices = [
            (code, names[code]) for code in settings.CONTENT_LANGUAGES
        ]
        field_of(self, "topics", forms.MultipleChoiceField).choices = Topic.choices
        self.fields["consent"].label = consent_sentence(centre)


class IssueForm(KernFormMixin, forms.Form):
    news: forms.ModelMultipleChoiceField[NewsItem] = forms.ModelMultipleChoiceField(
        label=_("News items"), queryset=NewsItem.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    events: forms.ModelMultipleChoiceField[Event] = forms.ModelMultipleChoiceField(
        label=_("Upcoming events"), queryset=Event.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, news: Any, events: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "news", forms.ModelMultipleChoiceField).queryset = news
        field_of(self, "events", forms.ModelMultipleChoiceField).queryset = events
        self.fields["news"].label_from_instance = _news_label  # type: ignore[attr-defined]


def _news_label(item: NewsItem) -> str:
    titles = {row.language: row.title for row in item.translations.all()}
    return titles.get(SOURCE_LANGUAGE) or str(item)


class IssueTextForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = IssueTranslation
        fields = list(IssueTranslation.translated_fields)
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, prefix=language, **kwargs)
        self.language = language
        if language == SOURCE_LANGUAGE:
            self.fields["subject"].required = True


class BounceForm(KernFormMixin, forms.Form):
    addresses = forms.CharField(
        label=_("Addresses that bounced"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, as the mail server reported them. Nothing more is sent to them."),
    )

    def clean_addresses(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["addresses"].splitlines() if "@" in line]
