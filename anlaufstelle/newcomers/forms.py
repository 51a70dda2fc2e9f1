"""Forms of the newcomers module: intake, stages, appointments, seats, rules and decisions."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from anlaufstelle.core.forms import PLEASE_CHOOSE, KernFormMixin, district_choice, field_of
from anlaufstelle.core.languages import OFFER_LANGUAGES, decode_codes
from anlaufstelle.core.models import Centre
from anlaufstelle.core.uploads import validate_upload_size
from anlaufstelle.newcomers import actions, statistics_fields
from anlaufstelle.newcomers.actions import MANUAL_STAGES
from anlaufstelle.newcomers.letters import PLACEHOLDER, PLACEHOLDERS
from anlaufstelle.newcomers.models import (
    AppointmentSlot,
    Child,
    EligibilityRule,
    Family,
    Guardian,
    LetterKind,
    LetterTemplate,
    Placement,
    Policy,
    SeatQuota,
)
from anlaufstelle.newcomers.models.appointments import local_datetime
from anlaufstelle.newcomers.models.schools import ClassModel
from anlaufstelle.partners.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LanguagesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple
    horizontal = True  # many short choices: laid out in rows (core/includes/field.html)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=OFFER_LANGUAGES, required=False, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return decode_codes(value) if isinstance(value, str) else value


class FamilyForm(KernFormMixin, forms.ModelForm):
    languages = LanguagesField(label=_("Languages spoken in the family"))

    class Meta:
        model = Family
        fields = actions.FAMILY_FIELDS
        widgets = {"arrival_date": DATE, "consent_given_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, centre: Centre | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        if not self.instance.pk:
            self.initial.setdefault("consent_given_on", timezone.localdate())
        centre = centre or (self.instance.centre if self.instance.centre_id else None)
        self.fields["district"] = district_choice(
            self.fields["district"], centre=centre, current=self.instance.district
        )
        statistics_fields.add_family_fields(self)
        self.style_fields()

    def clean_consent_given_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["consent_given_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Consent cannot be recorded for a day in the future."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("needs_interpreter") and not data.get("interpreter_language"):
            self.add_error("interpreter_language", _("Which language should the interpreter speak?"))
        return data


class GuardianForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Guardian
        fields = actions.GUARDIAN_FIELDS
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})}


class ChildForm(KernFormMixin, forms.ModelForm):
    languages = LanguagesField(label=_("Languages"))

    class Meta:
        model = Child
        fields = actions.CHILD_FIELDS
        widgets = {"birth_date": DATE, "registered_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Asked, not assumed: no kind of schooling chosen and no "0 years" beside it.
        kind = field_of(self, "schooling_kind", forms.ChoiceField)
        kind.choices = [("", PLEASE_CHOOSE), *Child.Schooling.choices]
        years = self.fields["schooling_years"]
        years.required = False
        years.help_text = _("Not needed when the child has not been to school yet.")
        # app.js hides the field while the kind says there was no schooling.
        years.widget.attrs["data-hidden-when"] = f"schooling_kind={Child.Schooling.NONE}"
        if not self.instance.pk:
            self.initial.setdefault("schooling_kind", "")
            self.initial.setdefault("schooling_years", None)
        statistics_fields.add_child_fields(self)
        self.style_fields()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("schooling_kind") == Child.Schooling.NONE:
            data["schooling_years"] = 0
        elif data.get("schooling_kind") and data.get("schooling_years") is None:
            self.add_error("schooling_years", _("How many years did the child go to school?"))
        statistics_fields.clean_child(self, data)
        return data

    def clean_birth_date(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        age = today.year - day.year - ((today.month, today.day) < (day.month, day.day))
        if day > today:
            raise ValidationError(_("The date of birth lies in the future."))
        if not 4 <= age <= 25:
            raise ValidationError(_("The child would be %(age)s years old. Please check the date.") % {"age": age})
        return day

    def clean_registered_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["registered_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Registration cannot be in the future."))
        return day


class NewRowsFormSet(forms.BaseFormSet):
    """Rows that are all written anew: prefilled rows are not "initial" (a blank one may be left out)."""

    def initial_form_count(self) -> int:
        return super().initial_form_count() if self.is_bound else 0

    def total_form_count(self) -> int:
        if self.is_bound:
            return super().total_form_count()
        rows = max(len(self.initial or []), self.min_num) + self.extra
        return min(rows, self.absolute_max)


GuardianFormSet = forms.formset_factory(
    GuardianForm, formset=NewRowsFormSet, extra=1, min_num=1, validate_min=True, max_num=4
)
ChildFormSet = forms.formset_factory(
    ChildForm, formset=NewRowsFormSet, extra=0, min_num=1, validate_min=True, max_num=12
)


class RowCountForm(forms.Form):
    """How many rows a formset posted (its management form's count), read without trusting it."""

    TOTAL_FORMS = forms.IntegerField()


class StageForm(KernFormMixin, forms.Form):
    stage = forms.ChoiceField(label=_("What happened?"))
    happened_on = forms.DateField(label=_("On"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Child.Stage.choices)
        field_of(self, "stage", forms.ChoiceField).choices = [(stage, labels[stage]) for stage in MANUAL_STAGES]
        self.initial.setdefault("happened_on", timezone.localdate())


def slot_label(slot: AppointmentSlot) -> str:
    """A slot as people read it: local time in their language's format, and the place."""
    return f"{local_datetime(slot.starts_at)} – {slot.place}"


class SlotChoiceField(forms.ModelChoiceField):
    """Free slots, labelled with their local time and place."""

    def label_from_instance(self, obj: AppointmentSlot) -> str:
        return slot_label(obj)


class BookForm(KernFormMixin, forms.Form):
    slot = SlotChoiceField(label=_("Appointment"), queryset=AppointmentSlot.objects.none(), empty_label=None)

    def __init__(self, *args: Any, centre: Centre, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = field_of(self, "slot", SlotChoiceField)
        field.label = AppointmentSlot.Kind(kind).label
        self.free_slots = field.queryset = AppointmentSlot.objects.filter(
            centre=centre,
            kind=kind,
            child__isnull=True,
            family__isnull=True,
            starts_at__gte=timezone.now(),
            starts_at__lte=timezone.now() + datetime.timedelta(days=120),
        )


class PreferencesForm(KernFormMixin, forms.Form):
    """The caseworker's decisions for the next placement run: a pin, a school ruled out or allowed again."""

    pin: forms.ModelChoiceField[SeatQuota] = forms.ModelChoiceField(queryset=SeatQuota.objects.none(), required=False)
    exclude: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False
    )
    include: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schools = Organisation.objects.filter(centre=centre, kind=Organisation.Kind.SCHOOL)
        field_of(self, "pin", forms.ModelChoiceField).queryset = SeatQuota.objects.filter(centre=centre)
        field_of(self, "exclude", forms.ModelChoiceField).queryset = schools
        field_of(self, "include", forms.ModelChoiceField).queryset = schools


class ReleaseForm(forms.Form):
    """Draft proposals ticked to go to the school authority; `confirm` after the list was shown."""

    placement: forms.ModelMultipleChoiceField[Placement] = forms.ModelMultipleChoiceField(
        queryset=Placement.objects.none(),
        error_messages={"required": _("Tick the proposals to send on.")},
    )
    confirm = forms.BooleanField(required=False)

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "placement", forms.ModelMultipleChoiceField).queryset = (
            Placement.objects.filter(centre=centre, status=Placement.Status.DRAFT)
            .select_related("child", "quota__school")
            .order_by("child__registered_on", "id")
        )


class SlotsForm(KernFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AppointmentSlot.Kind.choices)
    day = forms.DateField(label=_("Day"), widget=DATE)
    first = forms.TimeField(label=_("First appointment at"), widget=forms.TimeInput(attrs={"type": "time"}))
    count = forms.IntegerField(label=_("Number of appointments"), min_value=1, max_value=40, initial=1)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=480, initial=30)
    place = forms.CharField(label=_("Place"), max_length=200)
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Held by"), queryset=Organisation.objects.none(), required=False, empty_label=_("the centre")
    )

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "organisation", forms.ModelChoiceField).queryset = Organisation.objects.filter(
            centre=centre, is_active=True, kind__in=[Organisation.Kind.AUTHORITY, Organisation.Kind.WELFARE]
        )

    def clean_day(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise ValidationError(_("Appointments can only be offered for today or later."))
        return day

    def starts(self) -> list[datetime.datetime]:
        data = self.cleaned_data
        first = timezone.make_aware(datetime.datetime.combine(data["day"], data["first"]))
        step = datetime.timedelta(minutes=data["duration_minutes"])
        return [first + i * step for i in range(data["count"])]


class SlotImportForm(KernFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AppointmentSlot.Kind.choices, initial="health_exam")
    file = forms.FileField(
        label=_("File (CSV or Excel)"),
        validators=[validate_upload_size],
        help_text=_("Columns: Datum, Uhrzeit, Dauer (minutes), Ort. One appointment per row."),
    )


class SeatQuotaForm(KernFormMixin, forms.ModelForm):
    languages = LanguagesField(label=_("Language support available"))

    class Meta:
        model = SeatQuota
        fields = actions.QUOTA_FIELDS
        field_classes = {"school": SafeModelChoiceField}

    def __init__(self, *args: Any, centre: Centre, school_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schools = Organisation.objects.filter(centre=centre, kind=Organisation.Kind.SCHOOL, is_active=True)
        if school_id is not None:
            schools = schools.filter(pk=school_id)
        field_of(self, "school", forms.ModelChoiceField).queryset = schools
        if self.instance.pk:
            self.fields["school"].disabled = True


class RuleForm(KernFormMixin, forms.ModelForm):
    school_forms = forms.MultipleChoiceField(
        label=_("School forms"), choices=Organisation.SchoolForm.choices, widget=forms.CheckboxSelectMultiple
    )
    class_models = forms.MultipleChoiceField(
        label=_("Class models"), choices=ClassModel.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = EligibilityRule
        fields = actions.RULE_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["school_forms"] = self.instance.school_form_codes
            self.initial["class_models"] = self.instance.class_model_codes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("min_age") is not None and data.get("max_age") is not None and data["min_age"] > data["max_age"]:
            self.add_error("max_age", _("The upper age must not be below the lower age."))
        return data


class PolicyForm(KernFormMixin, forms.Form):
    """The centre's way of placing (issue 17)."""

    policy = forms.ChoiceField(label=_("Way of placing"), choices=Policy.choices, widget=forms.RadioSelect)


class OptionChoiceField(forms.ModelChoiceField):
    """Seat quotas labelled as the placement options describe them (school, class model, distance)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.labels: dict[int, str] = {}

    def label_from_instance(self, obj: SeatQuota) -> str:
        return self.labels.get(obj.pk) or str(obj)


class RedirectForm(KernFormMixin, forms.Form):
    """Place a proposed child elsewhere: only seats the rule table allows, nothing chosen in advance."""

    quota = OptionChoiceField(
        label=_("Place the child at"), queryset=SeatQuota.objects.none(), empty_label=_("Choose a school and class")
    )
    note = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args: Any, options: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        by_quota = {option.quota.pk: option for option in options}
        field = field_of(self, "quota", OptionChoiceField)
        field.queryset = SeatQuota.objects.filter(pk__in=list(by_quota)).select_related("school")
        field.labels = {pk: option.label for pk, option in by_quota.items()}
        # The choices in the order of the options (nearest first), from the quotas already loaded.
        field.choices = [("", field.empty_label), *((o.quota.pk, o.label) for o in options)]


class AcceptForm(KernFormMixin, forms.Form):
    first_school_day = forms.DateField(label=_("First school day"), widget=DATE)

    def clean_first_school_day(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["first_school_day"]
        if day < timezone.localdate() - datetime.timedelta(days=30):
            raise ValidationError(_("The first school day lies more than 30 days back. Please check the date."))
        return day


class DeclineForm(KernFormMixin, forms.Form):
    reason = forms.CharField(label=_("Why can the school not take the child?"), max_length=300)


class BulkReturnForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why are the proposals returned to the integration centre?"),
        max_length=300,
        help_text=_("The caseworkers read this with each child; it is kept with the proposal."),
    )


class ErasureForm(KernFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is the family erased?"),
        choices=[
            ("request", _("The family asked for erasure (Art. 17 GDPR)")),
            ("not_needed", _("No longer needed: the case is closed")),
            ("wrong", _("Registered by mistake")),
        ],
        widget=forms.RadioSelect,
    )


class LetterTextForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        unknown = sorted(set(PLACEHOLDER.findall(body)) - PLACEHOLDERS)
        if unknown:
            raise ValidationError(
                _("Unknown placeholders: %(names)s.") % {"names": ", ".join("{" + name + "}" for name in unknown)}
            )
        return body


class LetterBatchForm(KernFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Letter"), choices=LetterKind.choices)
    since = forms.DateField(label=_("Appointments or approvals from"), widget=DATE)
    until = forms.DateField(label=_("until"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("since", timezone.localdate())
        self.initial.setdefault("until", timezone.localdate() + datetime.timedelta(days=14))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until"):
            if data["until"] < data["since"]:
                self.add_error("until", _("The end lies before the start."))
            elif (data["until"] - data["since"]).days > 366:
                self.add_error("until", _("At most one year at once."))
        return data


class HandoverForm(KernFormMixin, forms.Form):
    """At download: the file encoding and, if the school knows them, each child's grade and class
    in the school's own names (as in its SchILD catalogues; decision 0013)."""

    encoding = forms.ChoiceField(
        label=_("Encoding"),
        choices=[("cp1252", _("Windows-1252 (standard)")), ("utf-8", _("UTF-8 with BOM"))],
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, placements: list[Placement] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.placements = placements or []
        self.initial.setdefault("encoding", "cp1252")
        for placement in self.placements:
            child = placement.child
            self.fields[f"grade-{child.pk}"] = forms.CharField(
                label=_("Grade of %(child)s") % {"child": child}, max_length=20, required=False
            )
            self.fields[f"class-{child.pk}"] = forms.CharField(
                label=_("Class of %(child)s") % {"child": child}, max_length=6, required=False
            )
        self.style_fields()

    def rows(self) -> list[tuple[Placement, forms.BoundField, forms.BoundField]]:
        return [(p, self[f"grade-{p.child.pk}"], self[f"class-{p.child.pk}"]) for p in self.placements]

    def file_encoding(self) -> str:
        return "utf-8-sig" if self.cleaned_data.get("encoding") == "utf-8" else "cp1252"

    def classes(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            p.child.pk: (data.get(f"grade-{p.child.pk}", ""), data.get(f"class-{p.child.pk}", ""))
            for p in self.placements
        }
