"""Forms of the workspace: the person's e-mail setting and a centre's e-mail text."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.forms import KernFormMixin
from anlaufstelle.workspace.models import MailSetting


class MailSettingForm(KernFormMixin, forms.Form):
    mode = forms.ChoiceField(label=_("Messages by e-mail"), choices=MailSetting.Mode.choices, widget=forms.RadioSelect)


class MailTextForm(KernFormMixin, forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Placeholders: {thing} what it is about, {link} the page, {centre} the centre, {name} the receiver."
        ),
    )
