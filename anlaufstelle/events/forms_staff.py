"""Forms of the organiser's screens: an event with its dates and sessions, changing its status."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.forms import KernFormMixin, field_of, in_rows
from anlaufstelle.core.models import Centre
from anlaufstelle.events.models import Event, EventDate, Registration, Session
from anlaufstelle.events.models.event import TargetGroup
from anlaufstelle.partners.models import Address, Organisation

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MAX_DATES = 30
MAX_SESSIONS = 30


class AddressChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """An address of the partner register, labelled with its organisation (one plain select)."""

    def label_from_instance(self, obj: Any) -> str:
        label = f" ({obj.label})" if obj.label else ""
        return f"{obj.organisation.name}{label}: {obj}"


class EventForm(KernFormMixin, forms.ModelForm):
    """Everything the organiser keeps about an event (its status changes through its own buttons)."""

    # Declared here, not generated from the model: a generated field would query the (scoped)
    # register when this module is imported, outside any centre's scope.
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Venue (from the partner register)"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Leave empty for events at the centre or online."),
    )
    address = AddressChoiceField(
        label=_("Address"),
        queryset=Address.objects.none(),
        required=False,
        help_text=_("An address of the venue chosen above."),
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"), choices=TargetGroup.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    online_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Only for online or hybrid events."),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "summary",
            "description",
            "kind",
            "target_groups",
            "topic",
            "organisation",
            "address",
            "room",
            "online_url",
            "language",
            "fee",
            "registration_deadline",
            "ask_institution",
            "ask_role",
            "ask_dietary",
            "ask_access",
            "extra_question",
            "hours",
            "certificate_content",
            "signatory",
            "is_qualification",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "certificate_content": forms.Textarea(attrs={"rows": 3}),
            "registration_deadline": DATETIME,
        }
        help_texts = {
            "summary": _("One or two sentences for the calendar."),
            "fee": _("Leave empty when the event is free of charge."),
            "registration_deadline": _("Leave empty to take registrations until the event starts."),
            "extra_question": _("Asked of every participant when registering, e.g. “Which workshop in the afternoon?”"),
        }

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Active organisations of the register (and the venue already chosen, should it be archived).
        shown = Q(is_active=True) | Q(pk=self.instance.organisation_id or 0)
        field_of(self, "organisation", forms.ModelChoiceField).queryset = (
            Organisation.objects.filter(centre=centre).filter(shown).order_by("name", "id")
        )
        field_of(self, "address", forms.ModelChoiceField).queryset = (
            Address.objects.filter(centre=centre).select_related("organisation").order_by("organisation__name", "id")
        )
        in_rows(self.fields["target_groups"])
        self.initial["target_groups"] = self.instance.target_group_list
        self.style_fields()

    def clean_title(self) -> str:
        # One line: the title goes into e-mail subjects, where a line break is refused.
        return " ".join(str(self.cleaned_data["title"]).split())

    def clean_registration_deadline(self) -> Any:
        return _sensible_year(self.cleaned_data.get("registration_deadline"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation, address = data.get("organisation"), data.get("address")
        if address is not None:
            if organisation is None:
                data["organisation"] = address.organisation
            elif address.organisation_id != organisation.pk:
                self.add_error("address", _("This address belongs to another organisation."))
        elif organisation is not None:
            self.add_error("address", _("Please choose the address of the venue."))
        return data


def _sensible_year(moment: Any) -> Any:
    """Dates far outside our time break calendars and time-zone arithmetic: refuse them."""
    if moment is not None and not 2000 <= moment.year <= 2100:
        raise forms.ValidationError(_("Please choose a date between 2000 and 2100."))
    return moment


class _TimesForm(KernFormMixin, forms.ModelForm):
    """A row with a start and an end: the end must come after the start."""

    def clean_starts_at(self) -> Any:
        return _sensible_year(self.cleaned_data.get("starts_at"))

    def clean_ends_at(self) -> Any:
        return _sensible_year(self.cleaned_data.get("ends_at"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must come after the start."))
        return data


class DateForm(_TimesForm):
    class Meta:
        model = EventDate
        fields = ["starts_at", "ends_at"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}


class SessionForm(_TimesForm):
    class Meta:
        model = Session
        fields = ["title", "starts_at", "ends_at", "room", "capacity"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}
        help_texts = {"title": _("Only for a day with parallel sessions.")}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("starts_at")) != bool(data.get("ends_at")):
            self.add_error("ends_at", _("Please give both the start and the end, or neither."))
        return data


class BaseRowFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        form.style_fields()  # the "delete" box is added after the form styled its fields


class BaseSessionFormSet(BaseRowFormSet):
    def clean(self) -> None:
        super().clean()
        for position, form in enumerate(self.forms):  # the order on the page is the order of the sessions
            if form.has_changed() or form.instance.pk:
                form.instance.position = position


DateFormSet = forms.inlineformset_factory(
    Event,
    EventDate,
    form=DateForm,
    formset=BaseRowFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_DATES,
    validate_max=True,
)
SessionFormSet = forms.inlineformset_factory(
    Event,
    Session,
    form=SessionForm,
    formset=BaseSessionFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_SESSIONS,
    validate_max=True,
)


# Empty rows a new event starts with, by its kind: a course has several dates, a day several sessions.
NEW_ROWS: dict[str, tuple[int, int]] = {
    Event.Kind.SINGLE: (1, 1),
    Event.Kind.SERIES: (4, 1),
    Event.Kind.DAY: (1, 3),
}
ADDABLE = {"dates": MAX_DATES, "sessions": MAX_SESSIONS}


def event_formsets(data: Any, event: Event, *, kind: str = Event.Kind.SINGLE) -> tuple[Any, Any]:
    """The dates and the sessions of an event, each editable as rows.

    A new event shows as many empty rows as its kind needs; an existing one its rows and one
    empty row each. More rows come with the "add" buttons, which work without JavaScript.
    """
    dates = DateFormSet(data, instance=event, prefix="dates")
    sessions = SessionFormSet(data, instance=event, prefix="sessions")
    if event.pk is None:
        dates.extra, sessions.extra = NEW_ROWS.get(kind, NEW_ROWS[Event.Kind.SINGLE])
    return dates, sessions


def with_another_row(data: Any, prefix: str) -> Any:
    """The posted form data with one more (empty) row in the formset `prefix`, up to its limit."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        rows = int(data.get(key, "0"))
    except ValueError:
        rows = 0
    data[key] = str(max(0, min(rows + 1, ADDABLE[prefix])))
    return data


def changed_rows(formset: Any) -> list[dict[str, Any]]:
    """The rows of a valid formset for `actions.event_save`: new and changed rows with their values
    (and their position on the page), existing rows marked for deletion; unchanged rows left out
    (as `formset.save()` would)."""
    rows: list[dict[str, Any]] = []
    for form in formset.forms:
        existing = form.instance if form.instance.pk else None
        if formset._should_delete_form(form):
            if existing is not None:
                rows.append({"id": existing, "DELETE": True})
            continue
        if not form.has_changed():
            continue
        row = {name: value for name, value in form.cleaned_data.items() if name not in ("id", "DELETE", "event")}
        if hasattr(form.instance, "position"):
            row["position"] = form.instance.position
        rows.append({**row, "id": existing, "DELETE": False})
    return rows


class CancelForm(KernFormMixin, forms.Form):
    """Cancelling an event: the reason everyone registered is told."""

    reason = forms.CharField(
        label=_("Reason (sent to everyone registered)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WalkInForm(KernFormMixin, forms.Form):
    """Someone who came without registering, added at check-in for one date."""

    date: forms.ModelChoiceField[EventDate] = forms.ModelChoiceField(
        queryset=EventDate.objects.none(), widget=forms.HiddenInput
    )
    session: forms.ModelChoiceField[Session] = forms.ModelChoiceField(
        label=_("Session"), queryset=Session.objects.none()
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), required=False, help_text=_("For the certificate."))
    institution = forms.CharField(label=_("Institution"), max_length=200, required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "walk_in_%s")  # the check-in page has its own fields named alike
        super().__init__(*args, **kwargs)
        field_of(self, "date", forms.ModelChoiceField).queryset = event.dates.all()
        sessions = event.sessions.order_by("position", "id")
        if event.kind == Event.Kind.DAY:
            field_of(self, "session", forms.ModelChoiceField).queryset = sessions
        else:
            del self.fields["session"]


class MoveForm(KernFormMixin, forms.Form):
    """A registration of the event and the session it moves to (both looked up within the event)."""

    registration: forms.ModelChoiceField[Registration] = forms.ModelChoiceField(queryset=Registration.objects.none())
    session: forms.ModelChoiceField[Session] = forms.ModelChoiceField(queryset=Session.objects.none())

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "registration", forms.ModelChoiceField).queryset = Registration.objects.filter(
            session__event=event
        )
        field_of(self, "session", forms.ModelChoiceField).queryset = event.sessions.all()
