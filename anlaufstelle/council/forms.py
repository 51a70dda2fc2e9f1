"""Forms of the Integrationsrat office (KERN UX classes through KernFormMixin)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from anlaufstelle.core.forms import KernFormMixin, field_of
from anlaufstelle.core.models import Centre, User
from anlaufstelle.core.uploads import validate_upload_size
from anlaufstelle.council import actions
from anlaufstelle.council.models import (
    AgendaItem,
    Attendance,
    Committee,
    Consultation,
    CouncilSettings,
    ExternalObject,
    File,
    FollowUp,
    Forwarding,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Paper,
    Person,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
PDF_MAGIC = b"%PDF-"


class CentreModelForm(KernFormMixin, forms.ModelForm):
    """A model form whose choices of council objects are limited to the centre's live objects."""

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.centre = centre
        for field in self.fields.values():
            queryset = field.queryset if isinstance(field, forms.ModelChoiceField) else None
            if queryset is not None and hasattr(queryset.model, "deleted"):
                field.queryset = queryset.model.objects.filter(centre=centre, deleted=False)  # type: ignore[attr-defined]

    def validate_unique(self) -> None:
        """The actions check what must be unique, with a message."""

    def _post_clean(self) -> None:
        """The actions validate and save; the form only cleans its fields."""


class TermForm(CentreModelForm):
    class Meta:
        model = LegislativeTerm
        fields = actions.TERM_FIELDS
        widgets = {"start_date": DATE, "end_date": DATE}


class CommitteeForm(CentreModelForm):
    class Meta:
        model = Committee
        fields = actions.COMMITTEE_FIELDS
        widgets = {"start_date": DATE, "end_date": DATE}
        field_classes = {"parent": SafeModelChoiceField}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        committees = Committee.objects.filter(centre=centre, deleted=False)
        field_of(self, "parent", forms.ModelChoiceField).queryset = committees.exclude(kind=Committee.Kind.LIST)


class PersonForm(CentreModelForm):
    class Meta:
        model = Person
        fields = actions.PERSON_FIELDS
        widgets = {"consent_given_on": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        published = any(data.get(name) for name in ("publish_name", "publish_email", "publish_phone"))
        if published and not data.get("consent_given_on"):
            self.add_error("consent_given_on", _("When did the person consent to the publication?"))
        if (data.get("publish_email") or data.get("publish_phone")) and not data.get("publish_name"):
            self.add_error("publish_name", _("Contact details are published only together with the name."))
        return data


class MembershipForm(CentreModelForm):
    class Meta:
        model = Membership
        fields = actions.MEMBERSHIP_FIELDS
        widgets = {"start_date": DATE, "end_date": DATE}
        field_classes = {
            "person": SafeModelChoiceField,
            "committee": SafeModelChoiceField,
            "on_behalf_of": SafeModelChoiceField,
            "deputy": SafeModelChoiceField,
        }

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        committees = Committee.objects.filter(centre=centre, deleted=False)
        field_of(self, "committee", forms.ModelChoiceField).queryset = committees.exclude(kind=Committee.Kind.LIST)
        field_of(self, "on_behalf_of", forms.ModelChoiceField).queryset = committees.filter(kind=Committee.Kind.LIST)


class MembershipEndForm(KernFormMixin, forms.Form):
    end_date = forms.DateField(label=_("Last day of the seat"), widget=DATE)


class CandidateForm(KernFormMixin, forms.Form):
    person = SafeModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    position = forms.IntegerField(label=_("Position on the list"), min_value=1, max_value=999)

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "person", forms.ModelChoiceField).queryset = Person.objects.filter(centre=centre, deleted=False)


class LocationForm(CentreModelForm):
    class Meta:
        model = Location
        fields = actions.LOCATION_FIELDS


class MeetingForm(CentreModelForm):
    online_url = forms.URLField(label=_("online meeting link"), required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = actions.MEETING_FIELDS
        widgets = {"start": DATETIME, "end": DATETIME}
        field_classes = {"committee": SafeModelChoiceField, "location": SafeModelChoiceField}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        committees = Committee.objects.filter(centre=centre, deleted=False)
        field_of(self, "committee", forms.ModelChoiceField).queryset = committees.exclude(kind=Committee.Kind.LIST)


class AgendaItemForm(CentreModelForm):
    paper = SafeModelChoiceField(label=_("Paper"), queryset=Paper.objects.none(), required=False)
    role = forms.ChoiceField(label=_("The paper is on the agenda"), choices=Consultation.Role.choices)

    class Meta:
        model = AgendaItem
        fields = actions.AGENDA_ITEM_FIELDS

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        field_of(self, "paper", forms.ModelChoiceField).queryset = Paper.objects.filter(
            centre=self.centre, deleted=False
        )
        self.fields["number"].required = False
        consultation = getattr(self.instance, "consultation", None) if self.instance.pk else None
        if consultation is not None:
            self.initial.setdefault("paper", consultation.paper_id)
            self.initial.setdefault("role", consultation.role)


class OutcomeForm(CentreModelForm):
    class Meta:
        model = AgendaItem
        fields = actions.OUTCOME_FIELDS
        widgets = {
            "votes_yes": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "votes_no": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "votes_abstain": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        self.fields["result"].required = True
        for name in ("votes_yes", "votes_no", "votes_abstain"):
            self.fields[name].max_value = 999  # type: ignore[attr-defined]
            self.fields[name].validators.append(_at_most_999)


def _at_most_999(value: int | None) -> None:
    if value is not None and value > 999:
        raise ValidationError(_("At most 999."))


class PaperForm(CentreModelForm):
    class Meta:
        model = Paper
        fields = actions.PAPER_FIELDS
        widgets = {"date": DATE, "text": forms.Textarea(attrs={"rows": 8})}
        field_classes = {"originator_person": SafeModelChoiceField, "originator_committee": SafeModelChoiceField}


def validate_pdf(upload: Any) -> None:
    """A PDF by content (its header), not by name, and not larger than the upload limit."""
    validate_upload_size(upload)
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if PDF_MAGIC not in head:
        raise ValidationError(_("The file is not a PDF."))


class FileForm(KernFormMixin, forms.Form):
    upload = forms.FileField(label=_("PDF file"), validators=[validate_pdf])
    name = forms.CharField(label=_("Title"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=File.Role.choices)


class FollowUpForm(CentreModelForm):
    class Meta:
        model = FollowUp
        fields = actions.FOLLOW_UP_FIELDS
        widgets = {"due_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"owner": forms.ModelChoiceField}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        field_of(self, "owner", forms.ModelChoiceField).queryset = (
            User.objects.filter(memberships__centre=self.centre, memberships__is_active=True)
            .distinct()
            .order_by("email")
        )


TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SettingsForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = CouncilSettings
        fields = actions.SETTINGS_FIELDS

    def _post_clean(self) -> None:
        """The action validates and saves."""


class AttendanceForm(CentreModelForm):
    """One line of the attendance list, entered on a tablet during the meeting."""

    class Meta:
        model = Attendance
        fields = actions.ATTENDANCE_FIELDS
        widgets = {"arrived": TIME, "left": TIME}
        field_classes = {"person": SafeModelChoiceField, "stands_in_for": SafeModelChoiceField}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        persons = Person.objects.filter(centre=centre, deleted=False)
        field_of(self, "person", forms.ModelChoiceField).queryset = persons
        field_of(self, "stands_in_for", forms.ModelChoiceField).queryset = persons


class ForwardingForm(CentreModelForm):
    url = forms.URLField(label=_("link (e.g. its OParl URL)"), required=False, assume_scheme="https", max_length=500)

    class Meta:
        model = Forwarding
        fields = actions.FORWARDING_FIELDS
        widgets = {"forwarded_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"external": SafeModelChoiceField}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        field_of(self, "external", forms.ModelChoiceField).queryset = ExternalObject.objects.filter(centre=centre)


class OParlImportForm(KernFormMixin, forms.Form):
    system_url = forms.URLField(
        label=_("OParl address of the town's council system (its system URL)"), max_length=500, assume_scheme="https"
    )
    body_name = forms.CharField(label=_("Body (part of its name; empty: the first)"), max_length=200, required=False)


class ShortNoticeForm(forms.Form):
    short_notice = forms.BooleanField(required=False)


class OwnFollowUpForm(KernFormMixin, forms.ModelForm):
    """What the owner of a follow-up changes: how far it got, and a note."""

    class Meta:
        model = FollowUp
        fields = ("status", "note")
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self) -> None:
        """The action validates and saves."""
