"""The public forms: registration (a contact person and one or several participants), and the feedback."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.forms import KernFormMixin, field_of
from anlaufstelle.events.feedback import MAX_COMMENT, SCALE
from anlaufstelle.events.models import Event, Session
from anlaufstelle.events.models.event import TargetGroup, Topic
from anlaufstelle.partners.models import Organisation


class ContactForm(KernFormMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"), help_text=_("We send a link to confirm it; only then are seats given.")
    )
    institution = forms.CharField(label=_("Institution"), max_length=200, required=False)
    institution_kind = forms.ChoiceField(
        label=_("Kind of institution"), choices=[("", "–"), *Organisation.Kind.choices], required=False
    )
    consent = forms.BooleanField(label=_("I have read the data-protection notice and agree."))
    # A field people never see (hidden by CSS and from screen readers); bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args: Any, event: Event, single: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not event.ask_institution:
            del self.fields["institution"], self.fields["institution_kind"]
        if single:  # the one participant registers themselves: their name is asked in the row below
            del self.fields["name"]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})


class ParticipantForm(KernFormMixin, forms.Form):
    """One participant. A row left empty is skipped (the formset lets it be); a row begun needs
    the name and, on a day with parallel sessions, the session — so they are marked required."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("For the reminder and the certificate; otherwise yours is used.")
    )
    session: forms.ModelChoiceField[Session] = forms.ModelChoiceField(
        label=_("Session"), queryset=Session.objects.none()
    )
    role = forms.CharField(label=_("Role"), max_length=100, required=False)
    dietary = forms.CharField(label=_("Dietary needs"), max_length=200, required=False)
    access_needs = forms.CharField(
        label=_("Access needs"),
        max_length=200,
        required=False,
        help_text=_("e.g. wheelchair access, sign language, induction loop"),
    )
    extra_answer = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, event: Event, single: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if single:  # the contact's e-mail is the participant's
            del self.fields["email"]
        sessions = event.sessions.all()
        if event.kind == Event.Kind.DAY:
            field_of(self, "session", forms.ModelChoiceField).queryset = sessions
        else:
            del self.fields["session"]
        for flag, name in (("ask_role", "role"), ("ask_dietary", "dietary"), ("ask_access", "access_needs")):
            if not getattr(event, flag):
                del self.fields[name]
        if event.extra_question:
            self.fields["extra_answer"].label = event.extra_question
        else:
            del self.fields["extra_answer"]
        self.style_fields()


class BaseParticipants(forms.BaseFormSet):
    def __init__(self, *args: Any, event: Event, single: bool = False, **kwargs: Any) -> None:
        self.event = event
        self.single = single
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "event": self.event, "single": self.single}

    def people(self) -> list[dict[str, Any]]:
        """The filled-in rows, each with its session (the event's only one unless it is a day)."""
        only = self.event.sessions.first()
        rows = []
        for form in self.forms:
            data = form.cleaned_data
            if data.get("first_name") and data.get("last_name"):
                rows.append({**data, "session": data.get("session") or only})
        return rows

    def clean(self) -> None:
        super().clean()
        if not any(f.errors for f in self.forms) and not self.people():
            raise forms.ValidationError(_("Please name at least one participant."))


Participants: Any = forms.formset_factory(
    ParticipantForm, formset=BaseParticipants, extra=1, max_num=20, absolute_max=20
)


# --- the feedback after the event --------------------------------------------------------------


def _choices(low: Any, high: Any) -> list[tuple[int, Any]]:
    labels: dict[int, Any] = {1: low, 5: high}
    return [(value, labels.get(value, str(value))) for value in SCALE]


class RatingField(forms.TypedChoiceField):
    """One rating on the scale of 1 to 5 as a group of radio buttons (a fieldset with a legend)."""

    horizontal = True

    def __init__(self, *, label: Any, low: Any, high: Any) -> None:
        super().__init__(
            label=label,
            choices=_choices(low, high),
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={
                "required": gettext_lazy("Please choose a rating from 1 to 5."),
                "invalid_choice": gettext_lazy("Please choose a rating from 1 to 5."),
            },
        )


class FeedbackForm(forms.Form):
    overall = RatingField(
        label=gettext_lazy("Overall, how did you like the event?"),
        low=gettext_lazy("1 – not at all"),
        high=gettext_lazy("5 – very much"),
    )
    useful = RatingField(
        label=gettext_lazy("How useful is it for your work?"),
        low=gettext_lazy("1 – not useful"),
        high=gettext_lazy("5 – very useful"),
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


# --- the calendar's filters ---------------------------------------------------------------------


class CalendarFilter(forms.Form):
    """The public calendar's filters from the address (German parameter names); a value that is not
    one of ours is left out, so the calendar shows everything for it."""

    gruppe = forms.ChoiceField(choices=TargetGroup.choices, required=False)
    thema = forms.ChoiceField(choices=Topic.choices, required=False)
    monat = forms.DateField(input_formats=["%Y-%m"], required=False)

    def clean_monat(self) -> Any:
        month = self.cleaned_data.get("monat")
        if month is not None and not 2000 <= month.year <= 2100:
            raise forms.ValidationError(_("Please choose a date between 2000 and 2100."))  # not shown: left out
        return month

    def filters(self) -> dict[str, Any]:
        """target_group, topic and month for `selectors.public_events`, each empty when not valid."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "target_group": data.get("gruppe") or "",
            "topic": data.get("thema") or "",
            "month": data.get("monat"),
        }
