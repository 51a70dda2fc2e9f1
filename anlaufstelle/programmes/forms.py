"""Forms of the programmes module (KERN UX classes through KernFormMixin); the actions check the rules."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from anlaufstelle.core.forms import ActionModelForm, KernFormMixin, field_of
from anlaufstelle.core.languages import OFFER_LANGUAGES, decode_codes
from anlaufstelle.core.models import Centre
from anlaufstelle.core.uploads import validate_upload_size
from anlaufstelle.partners.models import Organisation
from anlaufstelle.programmes import actions, selectors
from anlaufstelle.programmes.models import Group, Holiday, Programme, ProgrammeKind, Session, Site

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
PDF_MAGIC = b"%PDF-"
MAX_COUNT = 500


def validate_pdf(upload: Any) -> None:
    validate_upload_size(upload)
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError(_("The file is not a PDF."))


class IndicatorField(forms.CharField):
    """The indicator template as JSON text (a list of {"key", "label", "measure", …})."""

    widget = forms.Textarea(attrs={"rows": 8, "dir": "ltr", "spellcheck": "false"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return json.dumps(value, ensure_ascii=False, indent=1)
        return value

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if not text:
            return []
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(_("This is not valid JSON.")) from exc


class KindForm(ActionModelForm):
    indicators = IndicatorField(label=_("Indicator template"), required=False)

    class Meta:
        model = ProgrammeKind
        fields = actions.KIND_FIELDS


class ProgrammeForm(ActionModelForm):
    indicators = IndicatorField(
        label=_("Indicator template"), required=False, help_text=_("Empty: the kind's template.")
    )

    class Meta:
        model = Programme
        fields = actions.PROGRAMME_FIELDS
        field_classes = {"kind": SafeModelChoiceField}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        field_of(self, "kind", forms.ModelChoiceField).queryset = ProgrammeKind.objects.filter(centre=self.centre)


class SiteForm(ActionModelForm):
    agreement_upload = forms.FileField(label=_("Agreement (PDF)"), required=False, validators=[validate_pdf])

    class Meta:
        model = Site
        fields = actions.SITE_FIELDS
        widgets = {
            "joined_on": DATE,
            "ended_on": DATE,
            "agreement_signed_on": DATE,
            "agreement_valid_until": DATE,
            "title_on": DATE,
        }
        field_classes = {"organisation": SafeModelChoiceField, "provider": SafeModelChoiceField}

    def __init__(self, *args: Any, centre: Centre, school_title: bool, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        organisations = Organisation.objects.filter(centre=self.centre).order_by("name")
        field_of(self, "organisation", forms.ModelChoiceField).queryset = organisations
        field_of(self, "provider", forms.ModelChoiceField).queryset = organisations
        if not school_title:
            for name in ("title_on", "signature_share", "patron"):
                del self.fields[name]
        field = self.fields.get("signature_share")
        if field is not None:
            field.widget.attrs.update({"min": 0, "max": 100, "step": "0.1", "inputmode": "decimal"})


class ProjectDayForm(KernFormMixin, forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=200)


class HolidayForm(ActionModelForm):
    class Meta:
        model = Holiday
        fields = actions.HOLIDAY_FIELDS
        widgets = {"first_day": DATE, "last_day": DATE}
        field_classes = {"site": SafeModelChoiceField}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        field_of(self, "site", forms.ModelChoiceField).queryset = selectors.sites_for_choice(centre=self.centre)


class HolidayInstallForm(KernFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Programme year (starting in August of)"), min_value=2000, max_value=2100)


class GroupForm(ActionModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=OFFER_LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Group
        fields = (*actions.GROUP_FIELDS, "facilitating_volunteers", "facilitating_staff")
        widgets = {
            "first_day": DATE,
            "last_day": DATE,
            "starts_at": TIME,
            "ends_at": TIME,
            "facilitating_volunteers": forms.CheckboxSelectMultiple,
            "facilitating_staff": forms.CheckboxSelectMultiple,
        }
        field_classes = {
            "site": SafeModelChoiceField,
            "facilitating_volunteers": SafeModelMultipleChoiceField,
            "facilitating_staff": SafeModelMultipleChoiceField,
        }

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        field_of(self, "site", forms.ModelChoiceField).queryset = selectors.sites_for_choice(centre=self.centre)
        volunteers = field_of(self, "facilitating_volunteers", forms.ModelMultipleChoiceField)
        volunteers.queryset = selectors.qualified_facilitators(centre=self.centre)
        volunteers.help_text = _("Active volunteers with the qualification “Elternbegleitung”.")
        field_of(self, "facilitating_staff", forms.ModelMultipleChoiceField).queryset = selectors.staff_members(
            centre=self.centre
        )
        if self.instance.pk:
            self.initial["languages"] = decode_codes(self.instance.languages)
        self.style_fields()


class SessionAddForm(KernFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)


class SessionRecordForm(KernFormMixin, forms.Form):
    """Held or cancelled, counts, languages, topic, note: everything on one phone screen."""

    status = forms.ChoiceField(
        label=_("The session was"),
        choices=[(Session.Status.HELD, _("held")), (Session.Status.CANCELLED, _("cancelled"))],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Reason, if cancelled"), choices=[("", "---------"), *Session.Reason.choices], required=False
    )
    adults = forms.IntegerField(label=_("Adults present"), min_value=0, max_value=MAX_COUNT, required=False)
    children = forms.IntegerField(label=_("Children present"), min_value=0, max_value=MAX_COUNT, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages used"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Short note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        initial = {
            "status": session.status if session.status != Session.Status.PLANNED else Session.Status.HELD,
            "reason": session.reason,
            "adults": session.adults if session.status == Session.Status.HELD else None,
            "children": session.children if session.status == Session.Status.HELD else None,
            "languages": session.language_list or session.group.language_list,
            "topic": session.topic,
            "note": session.note,
        }
        super().__init__(*args, initial=initial, **kwargs)
        codes = list(dict.fromkeys([*session.group.language_list, "de", *session.language_list]))
        labels = dict(OFFER_LANGUAGES)
        field_of(self, "languages", forms.MultipleChoiceField).choices = [(c, labels.get(c, c)) for c in codes]
        for name in ("adults", "children"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9]*"})
        self.fields["status"].horizontal = True  # type: ignore[attr-defined]
        self.style_fields()
