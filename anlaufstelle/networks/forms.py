"""Forms of the networks module (KERN UX classes through KernFormMixin); the actions check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from anlaufstelle.core.forms import ActionModelForm, KernFormMixin, field_of
from anlaufstelle.core.models import Centre
from anlaufstelle.networks import actions, selectors
from anlaufstelle.networks.models import ActionItem, Consultation, Meeting, Member, Network
from anlaufstelle.partners.models import ContactPerson, Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ContactChoiceField(SafeModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.first_name} {obj.last_name} ({obj.organisation.name})"


def _organisations(centre: Centre) -> Any:
    return Organisation.objects.filter(centre=centre).only("pk", "name")


def _contacts(centre: Centre) -> Any:
    """Only people who agreed to be contacted may be named (the partner register records it)."""
    return ContactPerson.objects.filter(centre=centre, consent_to_contact=True).select_related("organisation")


class NetworkForm(ActionModelForm):
    class Meta:
        model = Network
        fields = actions.NETWORK_FIELDS
        field_classes = {"lead": SafeModelChoiceField}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        field_of(self, "lead", forms.ModelChoiceField).queryset = _organisations(centre)


class MemberForm(ActionModelForm):
    class Meta:
        model = Member
        fields = actions.MEMBER_FIELDS
        field_classes = {"organisation": SafeModelChoiceField, "contact": ContactChoiceField}
        widgets = {"joined_on": DATE, "left_on": DATE}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        field_of(self, "organisation", forms.ModelChoiceField).queryset = _organisations(centre)
        contact = field_of(self, "contact", forms.ModelChoiceField)
        contact.queryset = _contacts(centre)
        contact.help_text = _("Only contact persons who agreed to be contacted; invitations and minutes go to them.")


class MeetingForm(ActionModelForm):
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One agenda item a line."),
        max_length=12000,
    )

    class Meta:
        model = Meeting
        fields = actions.MEETING_FIELDS
        widgets = {"starts_at": DATETIME, "minutes": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        field_of(self, "starts_at", forms.DateTimeField).input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if self.instance.pk and not self.is_bound:
            self.initial["agenda"] = "\n".join(item.title for item in self.instance.agenda.all())


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class ActionItemForm(ActionModelForm):
    class Meta:
        model = ActionItem
        fields = actions.ACTION_FIELDS
        field_classes = {"owner": StaffChoiceField}
        widgets = {"due_on": DATE}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        field_of(self, "owner", forms.ModelChoiceField).queryset = selectors.staff_users(centre=centre)


class ConsultationForm(ActionModelForm):
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. “language support, parents' work”."),
    )

    class Meta:
        model = Consultation
        fields = actions.CONSULTATION_FIELDS
        field_classes = {"organisation": SafeModelChoiceField, "contact": ContactChoiceField, "staff": StaffChoiceField}
        widgets = {"held_on": DATE, "outcome": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, centre=centre, **kwargs)
        field_of(self, "organisation", forms.ModelChoiceField).queryset = _organisations(centre)
        field_of(self, "contact", forms.ModelChoiceField).queryset = _contacts(centre)
        field_of(self, "staff", forms.ModelChoiceField).queryset = selectors.staff_users(centre=centre)
        if self.instance.pk and not self.is_bound:
            self.initial["topics"] = ", ".join(self.instance.topic_list)

    def clean_topics(self) -> str:
        return actions.encode_topics(self.cleaned_data["topics"].split(","))


class FilterForm(KernFormMixin, forms.Form):
    """The filters of the network list and the picture; a value that is not a choice is ignored."""

    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("every level")), *Network.Level.choices]
    )
    topic = forms.CharField(label=_("Topic"), required=False, max_length=100)

    def values(self) -> dict[str, str]:
        if not self.is_valid():
            return {"level": "", "topic": ""}
        return {"level": self.cleaned_data["level"], "topic": self.cleaned_data["topic"].strip()}


class ConsultationFilterForm(KernFormMixin, forms.Form):
    organisation = SafeModelChoiceField(label=_("Organisation"), required=False, queryset=Organisation.objects.none())
    topic = forms.CharField(label=_("Topic"), required=False, max_length=60)

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "organisation", forms.ModelChoiceField).queryset = _organisations(centre)
