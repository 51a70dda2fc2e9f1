"""Forms of the volunteers module: the public sign-up and the coordinator's onboarding."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.forms import KernFormMixin, district_choice, field_of, in_rows
from anlaufstelle.core.languages import OFFER_LANGUAGES, encode_codes
from anlaufstelle.volunteers import rules
from anlaufstelle.volunteers.dialect_names import DialectField
from anlaufstelle.volunteers.models import (
    AvailabilityWindow,
    InterpretingRequest,
    InterpretingSettings,
    Pool,
    Qualification,
    Volunteer,
    VolunteerLanguage,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PARTS = {
    "morning": (datetime.time(8), datetime.time(12)),
    "afternoon": (datetime.time(12), datetime.time(17)),
    "evening": (datetime.time(17), datetime.time(20)),
}
PART_LABELS = {"morning": _("morning (8–12)"), "afternoon": _("afternoon (12–17)"), "evening": _("evening (17–20)")}


class SignUpForm(KernFormMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=Volunteer.Gender.choices,
        required=False,
        help_text=_("Only asked because some families ask for an interpreter of a certain gender."),
    )
    districts = forms.MultipleChoiceField(
        label=_("Districts I can reach"), required=False, widget=forms.CheckboxSelectMultiple
    )
    availability = forms.MultipleChoiceField(
        label=_("When I usually have time"), required=False, widget=forms.CheckboxSelectMultiple
    )
    pools = forms.MultipleChoiceField(
        label=_("I would like to help as"), required=False, widget=forms.CheckboxSelectMultiple
    )
    adult = forms.BooleanField(label=_("I am 18 or older."))
    consent = forms.BooleanField(label=_("I have read the data-protection notice and agree."))
    # A field people never see (hidden by CSS and from screen readers); bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args: Any, districts: list[str], pools: list[Pool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "districts", forms.ChoiceField).choices = [(d, d) for d in districts]
        field_of(self, "pools", forms.ChoiceField).choices = [(str(p.pk), p.name) for p in pools]
        field_of(self, "availability", forms.ChoiceField).choices = [
            (f"{day}-{part}", f"{label} {PART_LABELS[part]}")
            for day, label in AvailabilityWindow.Weekday.choices
            for part in PARTS
        ]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        in_rows(self.fields["availability"], self.fields["districts"])

    def windows(self) -> list[tuple[int, datetime.time, datetime.time]]:
        result = []
        for value in self.cleaned_data.get("availability", []):
            day, part = value.split("-")
            result.append((int(day), *PARTS[part]))
        return result


class SignUpLanguageForm(KernFormMixin, forms.Form):
    code = forms.ChoiceField(label=_("Language"), choices=[("", "–"), *OFFER_LANGUAGES], required=False)
    level = forms.ChoiceField(
        label=_("Level"), choices=VolunteerLanguage.Level.choices, initial=VolunteerLanguage.Level.FLUENT
    )
    dialect = forms.CharField(label=_("Dialect"), max_length=60, required=False, help_text=_("e.g. Sorani, Dari"))


SignUpLanguages = forms.formset_factory(SignUpLanguageForm, extra=3, max_num=6)


class OnboardingForm(KernFormMixin, forms.ModelForm):
    pools: forms.ModelMultipleChoiceField[Pool] = forms.ModelMultipleChoiceField(
        label=_("Pools"), queryset=Pool.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Volunteer
        fields = [
            "conversation_on",
            "confidentiality_signed_on",
            "training_completed_on",
            "police_certificate_seen_on",
            "note",
        ]
        widgets = {
            "conversation_on": DATE,
            "confidentiality_signed_on": DATE,
            "training_completed_on": DATE,
            "police_certificate_seen_on": DATE,
        }

    def __init__(self, *args: Any, pools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "pools", forms.ModelChoiceField).queryset = pools
        if self.instance.pk:
            self.initial["pools"] = list(self.instance.pools.all())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("confidentiality_signed_on", "training_completed_on"):
            if data.get(name) and not data.get("conversation_on"):
                self.add_error("conversation_on", _("Record the first conversation first."))
                break
        return data


class ProfileForm(KernFormMixin, forms.ModelForm):
    """Contact, gender and reach of a volunteer, as the coordinator keeps them."""

    districts = forms.MultipleChoiceField(
        label=_("Districts they can reach"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Volunteer
        fields = ["first_name", "last_name", "email", "phone", "street", "postcode", "city", "gender"]

    def __init__(self, *args: Any, districts: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        known = sorted(set(districts) | set(self.instance.district_list))
        field_of(self, "districts", forms.ChoiceField).choices = [(d, d) for d in known]
        in_rows(self.fields["districts"])
        self.initial["districts"] = self.instance.district_list


class _RowForm(KernFormMixin, forms.ModelForm):
    pass


class LanguageForm(_RowForm):
    dialect = DialectField(label=_("Dialect"))

    class Meta:
        model = VolunteerLanguage
        fields = ["code", "level", "dialect"]


class WindowForm(_RowForm):
    class Meta:
        model = AvailabilityWindow
        fields = ["weekday", "start", "end"]
        widgets = {
            "start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] >= data["end"]:
            self.add_error("end", _("The end must come after the start."))
        return data


class QualificationForm(_RowForm):
    class Meta:
        model = Qualification
        fields = ["name", "obtained_on", "valid_until"]
        widgets = {"obtained_on": DATE, "valid_until": DATE}


def profile_formsets(data: Any, volunteer: Volunteer) -> list[Any]:
    """Languages, weekly times and qualifications of a volunteer, each editable as rows."""
    kinds = [
        ("languages", VolunteerLanguage, ["code", "level", "dialect"], LanguageForm),
        ("windows", AvailabilityWindow, ["weekday", "start", "end"], WindowForm),
        ("qualifications", Qualification, ["name", "obtained_on", "valid_until"], QualificationForm),
    ]
    formsets = []
    for prefix, model, fields, form in kinds:
        factory = forms.inlineformset_factory(
            Volunteer, model, form=form, fields=fields, extra=1, can_delete=True, max_num=20
        )
        formsets.append(factory(data, instance=volunteer, prefix=prefix))
    return formsets


class PoolForm(_RowForm):
    class Meta:
        model = Pool
        fields = ["name", "kind", "works_with_children"]


PoolFormSet = forms.modelformset_factory(Pool, form=PoolForm, extra=1, can_delete=True, max_num=30)


class AbsenceForm(KernFormMixin, forms.Form):
    first_day = forms.DateField(label=_("Away from"), widget=DATE)
    last_day = forms.DateField(label=_("until (inclusive)"), widget=DATE)


class ErasureForm(KernFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is the volunteer erased?"),
        choices=[
            ("request", _("The person asked for erasure (Art. 17 GDPR)")),
            ("withdrawn", _("The person withdrew the sign-up")),
            ("not_needed", _("No longer needed")),
        ],
        widget=forms.RadioSelect,
    )


def clean_languages(formset: Any) -> list[dict[str, str]]:
    rows = [form.cleaned_data for form in formset if form.cleaned_data.get("code")]
    if not rows:
        raise ValidationError(_("Please name at least one language."))
    return [{"code": r["code"], "level": r["level"], "dialect": r.get("dialect", "")} for r in rows]


class RequestForm(KernFormMixin, forms.ModelForm):
    dialect = DialectField(label=_("Dialect"))

    class Meta:
        model = InterpretingRequest
        fields = [
            "language",
            "dialect",
            "starts_at",
            "duration_minutes",
            "setting",
            "place",
            "district",
            "kind",
            "gender",
            "gender_required",
            "contact_name",
            "contact_phone",
            "notes",
        ]
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args: Any, organisations: Any = None, centre: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gender"] = forms.ChoiceField(
            label=_("Preferred gender"), choices=Volunteer.Gender.choices, required=False
        )
        self.fields["place"].help_text = _("The address: needed for appointments on site.")
        self.fields["district"] = district_choice(
            self.fields["district"], centre=centre, current=self.instance.district
        )
        if organisations is not None:  # the coordinator records who asked (for the figures)
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Requesting institution"),
                queryset=organisations,
                required=False,
                help_text=_("Leave empty when the centre itself needs the interpreter."),
            )
        self.style_fields()

    def clean_starts_at(self) -> datetime.datetime:
        starts: datetime.datetime = self.cleaned_data["starts_at"]
        if starts <= timezone.now():
            raise ValidationError(_("The appointment must lie in the future."))
        return starts

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["place"] = (data.get("place") or "").strip()
        if data.get("setting") == InterpretingRequest.Setting.ON_SITE and not data["place"]:
            self.add_error("place", _("Where does the appointment take place?"))
        return data


class InstitutionRequestForm(RequestForm):
    """The request form for institutions and caseworkers: the centre's lead time and the kinds
    it does not serve apply, and the form says so before anyone fills it in."""

    def __init__(
        self, *args: Any, settings: InterpretingSettings, organisations: Any = None, centre: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, centre=centre, **kwargs)  # (the coordinator's institution field is not offered here)
        self.centre_settings = settings
        excluded = set(settings.excluded_kind_list)
        field_of(self, "kind", forms.ChoiceField).choices = [
            (value, label) for value, label in InterpretingRequest.Kind.choices if value not in excluded
        ]
        self.earliest = rules.earliest_day(timezone.localdate(), settings.lead_working_days)
        self.fields["starts_at"].help_text = _("At the earliest on %(day)s.") % {
            "day": date_format(self.earliest, "DATE_FORMAT")
        }
        self.fields["contact_name"].required = True
        if organisations is not None and organisations.count() > 1:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("For which institution?"), queryset=organisations
            )
        self.style_fields()

    def clean_starts_at(self) -> datetime.datetime:
        starts = super().clean_starts_at()
        if timezone.localtime(starts).date() < self.earliest:
            raise ValidationError(
                _(
                    "We need %(days)s working days to find an interpreter: please choose %(day)s or later, "
                    "or call the centre in an emergency."
                )
                % {
                    "days": self.centre_settings.lead_working_days,
                    "day": date_format(self.earliest, "DATE_FORMAT"),
                }
            )
        return starts

    def clean_kind(self) -> str:
        kind: str = self.cleaned_data["kind"]
        if kind in self.centre_settings.excluded_kind_list:
            raise ValidationError(_("The centre does not arrange volunteer interpreters for this kind of appointment."))
        return kind


class InterpretingSettingsForm(KernFormMixin, forms.ModelForm):
    excluded_kinds = forms.MultipleChoiceField(
        label=_("Kinds of appointment not served"),
        choices=InterpretingRequest.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Institutions cannot ask for these; the form explains why."),
    )

    class Meta:
        model = InterpretingSettings
        fields = [
            "lead_working_days",
            "excluded_kinds",
            "exclusion_note",
            "rule",
            "flat_minutes",
            "flat_amount",
            "hourly_amount",
            "half_hour_amount",
            "half_hour_includes_travel",
            "km_rate",
            "yearly_limit",
            "warn_percent",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["excluded_kinds"] = self.instance.excluded_kind_list
        for name in ("flat_amount", "hourly_amount", "half_hour_amount", "km_rate", "yearly_limit"):
            self.fields[name].validators.append(MinValueValidator(0))

    def clean_excluded_kinds(self) -> str:
        return encode_codes(self.cleaned_data["excluded_kinds"])


class HoursForm(KernFormMixin, forms.Form):
    assignment_id = forms.IntegerField(widget=forms.HiddenInput)
    minutes_worked = forms.IntegerField(label=_("Minutes worked"), min_value=5, max_value=720)
    travel_minutes = forms.IntegerField(label=_("Travel time (minutes)"), min_value=0, max_value=600, initial=0)
    travel_km = forms.DecimalField(
        label=_("Kilometres travelled"), min_value=0, max_value=1000, decimal_places=1, required=False
    )
