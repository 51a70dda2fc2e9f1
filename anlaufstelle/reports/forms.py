"""Forms of the reports module (KERN UX classes through KernFormMixin); the actions check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from anlaufstelle.core.forms import ActionModelForm, KernFormMixin, field_of
from anlaufstelle.core.models import Centre
from anlaufstelle.core.uploads import validate_upload_size
from anlaufstelle.partners.models import Organisation
from anlaufstelle.reports import actions
from anlaufstelle.reports.models import Concept, ConceptIndicator, FieldOfAction, Goal, Measure
from anlaufstelle.reports.registry import indicator_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SERIES_KEY = r"^[a-z0-9][a-z0-9_.-]{0,99}$"


class ConceptForm(ActionModelForm):
    class Meta:
        model = Concept
        fields = actions.CONCEPT_FIELDS

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        for name in ("first_year", "last_year"):
            self.fields[name].widget.attrs.update({"min": 2000, "max": 2100})
            self.fields[name].validators.extend([MinValueValidator(2000), MaxValueValidator(2100)])


class FieldForm(ActionModelForm):
    class Meta:
        model = FieldOfAction
        fields = actions.FIELD_FIELDS


class GoalForm(ActionModelForm):
    class Meta:
        model = Goal
        fields = actions.GOAL_FIELDS
        field_classes = {"field": SafeModelChoiceField}

    def __init__(self, *args: Any, centre: Centre, concept: Concept, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        field_of(self, "field", forms.ModelChoiceField).queryset = FieldOfAction.objects.filter(
            centre=centre, concept=concept
        )


class MeasureForm(ActionModelForm):
    partners = SafeModelMultipleChoiceField(
        queryset=Organisation.objects.none(), required=False, label=_("partner organisations")
    )

    class Meta:
        model = Measure
        fields = actions.MEASURE_FIELDS
        widgets = {"starts_on": DATE, "ends_on": DATE}
        field_classes = {"goal": SafeModelChoiceField}

    def __init__(self, *args: Any, centre: Centre, concept: Concept, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        field_of(self, "goal", forms.ModelChoiceField).queryset = Goal.objects.filter(
            centre=centre, field__concept=concept
        )
        field_of(self, "partners", forms.ModelMultipleChoiceField).queryset = Organisation.objects.filter(
            centre=centre
        ).order_by("name")
        if self.instance.pk:
            self.initial["partners"] = list(self.instance.partners.all())


class IndicatorForm(ActionModelForm):
    platform_id = forms.ChoiceField(label=_("platform indicator"), required=False)
    series = forms.RegexField(regex=SERIES_KEY, label=_("imported series"), required=False, max_length=100)

    class Meta:
        model = ConceptIndicator
        fields = actions.INDICATOR_FIELDS
        field_classes = {"goal": SafeModelChoiceField}

    def __init__(self, *args: Any, centre: Centre, concept: Concept, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        field_of(self, "goal", forms.ModelChoiceField).queryset = Goal.objects.filter(
            centre=centre, field__concept=concept
        )
        field_of(self, "platform_id", forms.ChoiceField).choices = [("", "—"), *indicator_choices()]
        self.fields["label"].required = False
        self.fields["label"].help_text = _("Empty for a platform indicator: its own name.")
        self.fields["definition"].help_text = _("A platform indicator's definition comes from the platform.")


class ImportForm(KernFormMixin, forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"), validators=[validate_upload_size])
    series = forms.RegexField(
        regex=SERIES_KEY,
        label=_("Series key"),
        max_length=100,
        help_text=_("Lower-case letters, digits, dots and dashes, e.g. itnrw.population.foreign"),
    )
    label = forms.CharField(label=_("Name"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    source = forms.CharField(label=_("Source of the data"), max_length=200, required=False)
    period_column = forms.CharField(label=_("Column with the period"), max_length=100)
    area_column = forms.CharField(label=_("Column with the area key (AGS)"), max_length=100)
    value_column = forms.CharField(label=_("Column with the value"), max_length=100)
    group_column = forms.CharField(label=_("Column with a breakdown (optional)"), max_length=100, required=False)


class FilterForm(forms.Form):
    """The dashboard's filters: a range of years and a district."""

    first_year = forms.IntegerField(min_value=2000, max_value=2100, required=False, label=_("From year"))
    last_year = forms.IntegerField(min_value=2000, max_value=2100, required=False, label=_("To year"))
    district = forms.CharField(max_length=100, required=False, label=_("District"))

    def years(self, concept: Concept | None = None) -> tuple[int, int]:
        this_year = timezone.localdate().year
        data = self.cleaned_data if self.is_valid() else {}
        first = data.get("first_year") or (concept.first_year if concept else this_year - 4)
        last = data.get("last_year") or (min(concept.last_year, this_year) if concept else this_year)
        first, last = min(first, last), max(first, last)
        return max(first, last - 19), last  # at most twenty years in one view

    def chosen_district(self) -> str:
        return (self.cleaned_data.get("district") or "").strip() if self.is_valid() else ""
