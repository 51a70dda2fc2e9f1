"""Forms of the grants module (KERN UX classes through KernFormMixin). Amounts are entered in euros
as Decimal and handed to the actions in whole cents."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from anlaufstelle.core.forms import KernFormMixin
from anlaufstelle.core.models import Centre
from anlaufstelle.grants.models import Application, Call, CostLine, FundingSource, Review
from anlaufstelle.grants.money import to_cents, to_euros

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MAX_EUROS = Decimal("100000000")


def euros(label: Any, *, required: bool = True, minimum: Decimal = Decimal(0)) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=minimum,
        max_value=MAX_EUROS,
        max_digits=12,
        decimal_places=2,
        localize=True,
    )


class SourceForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = FundingSource
        fields = ("name", "kind", "payer_name", "payer_iban", "payer_bic", "active")


class BudgetForm(KernFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = euros(_("Budget (€)"))


def _key(label: str, n: int) -> str:
    return f"{n + 1}-" + re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:30]


class CallForm(KernFormMixin, forms.ModelForm):
    source = SafeModelChoiceField(queryset=FundingSource.objects.none(), label=_("Funding source"))
    budget = euros(_("Budget of the call (€)"))
    max_amount = euros(_("Maximum grant (€)"))
    questions_text = forms.CharField(
        label=_("Questions of the application form"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One question per line; start a line with * when an answer is required."),
    )
    criteria_text = forms.CharField(
        label=_("Review criteria"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One criterion per line, optionally with a weight after a bar: Need | 2"),
    )

    class Meta:
        model = Call
        fields = (
            "source",
            "year",
            "title",
            "building_block",
            "target_group",
            "description",
            "opens_on",
            "deadline",
            "own_share_percent",
            "deviation_percent",
            "published",
        )
        widgets = {"opens_on": DATE, "deadline": DATETIME}

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = FundingSource.objects.filter(centre=centre)  # type: ignore[attr-defined]
        call = self.instance
        if call.pk and not self.is_bound:
            self.initial["budget"] = to_euros(call.budget_cents)
            self.initial["max_amount"] = to_euros(call.max_amount_cents)
            self.initial["questions_text"] = "\n".join(
                ("* " if q.get("required") else "") + q["label"] for q in call.questions
            )
            self.initial["criteria_text"] = "\n".join(f"{c['label']} | {c.get('weight', 1)}" for c in call.criteria)
        self.style_fields()

    def clean_questions_text(self) -> list[dict[str, Any]]:
        lines = [line.strip() for line in self.cleaned_data["questions_text"].splitlines() if line.strip()]
        questions = []
        for n, line in enumerate(lines[:30]):
            required = line.startswith("*")
            label = line.lstrip("* ").strip()[:300]
            questions.append({"key": _key(label, n), "label": label, "required": required})
        return questions

    def clean_criteria_text(self) -> list[dict[str, Any]]:
        criteria = []
        for n, line in enumerate(line for line in self.cleaned_data["criteria_text"].splitlines() if line.strip()):
            label, _bar, weight = line.partition("|")
            try:
                value = int(weight.strip() or 1)
            except ValueError as exc:
                raise ValidationError(_("A weight is a whole number.")) from exc
            if not 1 <= value <= 10:
                raise ValidationError(_("A weight is between 1 and 10."))
            criteria.append({"key": _key(label.strip(), n), "label": label.strip()[:200], "weight": value})
        if not criteria:
            raise ValidationError(_("Name at least one criterion for the reviewers."))
        return criteria

    def action_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["budget_cents"] = to_cents(self.cleaned_data["budget"])
        data["max_amount_cents"] = to_cents(self.cleaned_data["max_amount"])
        data["questions"] = self.cleaned_data["questions_text"]
        data["criteria"] = self.cleaned_data["criteria_text"]
        return data


class TemplateForm(KernFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=20000,
        help_text=_(
            "Placeholders: $organisation, $project, $call, $source, $amount, $conditions, $earmarked_until, "
            "$starts_on, $ends_on, $decided_on, $centre. A blank line starts a new paragraph."
        ),
    )


class ApplicationForm(KernFormMixin, forms.ModelForm):
    own_share = euros(_("Own share (€)"))
    third_party = euros(_("Third-party funds (€)"))

    class Meta:
        model = Application
        fields = ("title", "summary", "starts_on", "ends_on", "target_participants", "account_holder", "iban")
        widgets = {"starts_on": DATE, "ends_on": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        application: Application = self.instance
        questions = application.call.questions if application.call_id else []  # the call is set by the view
        for question in questions:
            self.fields[f"answer_{question['key']}"] = forms.CharField(
                label=question["label"], required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
            )
            self.initial.setdefault(f"answer_{question['key']}", application.answers.get(question["key"], ""))
        if not self.is_bound:
            self.initial["own_share"] = to_euros(application.own_share_cents)
            self.initial["third_party"] = to_euros(application.third_party_cents)
        self.style_fields()

    def _post_clean(self) -> None:
        """The action validates and saves."""

    def action_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["answers"] = {
            q["key"]: self.cleaned_data.get(f"answer_{q['key']}", "") for q in self.instance.call.questions
        }
        data["own_share_cents"] = to_cents(self.cleaned_data["own_share"])
        data["third_party_cents"] = to_cents(self.cleaned_data["third_party"])
        return data


class CostLineForm(KernFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Cost kind"), choices=[("", "---------"), *CostLine.Kind.choices], required=False)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    planned = euros(_("Planned (€)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [bool(data.get("kind")), bool(data.get("description")), data.get("planned") is not None]
        if any(filled) and not all(filled):
            raise ValidationError(_("Fill in cost kind, description and amount, or leave the line empty."))
        return data


CostLineFormSet = forms.formset_factory(CostLineForm, extra=3, max_num=40, absolute_max=40)


def lines_initial(application: Application) -> list[dict[str, Any]]:
    return [
        {"kind": line.kind, "description": line.description, "planned": to_euros(line.planned_cents)}
        for line in application.lines.all()
    ]


def lines_data(formset: Any) -> list[dict[str, Any]]:
    return [
        {"kind": f.cleaned_data["kind"], "description": f.cleaned_data["description"],
         "planned_cents": to_cents(f.cleaned_data["planned"])}
        for f in formset.forms
        if f.cleaned_data.get("kind")
    ]  # fmt: skip


class ReviewForm(KernFormMixin, forms.Form):
    proposal = forms.ChoiceField(label=_("Proposal"), choices=Review.Proposal.choices)
    proposed_amount = euros(_("Proposed amount (€)"), required=False)
    comment = forms.CharField(label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, call: Call, review: Review | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = call.criteria
        for criterion in call.criteria:
            self.fields[f"score_{criterion['key']}"] = forms.IntegerField(
                label=_("%(criterion)s: score (0–5)") % {"criterion": criterion["label"]}, min_value=0, max_value=5
            )
            self.fields[f"comment_{criterion['key']}"] = forms.CharField(
                label=_("%(criterion)s: comment") % {"criterion": criterion["label"]},
                required=False,
                max_length=2000,
            )
        if review is not None and not self.is_bound:
            self.initial.update({"proposal": review.proposal, "comment": review.comment})
            self.initial["proposed_amount"] = to_euros(review.proposed_cents)
            for key, score in review.scores.items():
                self.initial[f"score_{key}"] = score
            for key, text in review.comments.items():
                self.initial[f"comment_{key}"] = text
        self.style_fields()

    def action_data(self) -> dict[str, Any]:
        keys = [c["key"] for c in self.criteria]
        amount = self.cleaned_data.get("proposed_amount")
        return {
            "scores": {k: self.cleaned_data[f"score_{k}"] for k in keys},
            "comments": {k: self.cleaned_data[f"comment_{k}"] for k in keys if self.cleaned_data[f"comment_{k}"]},
            "proposal": self.cleaned_data["proposal"],
            "proposed_cents": to_cents(amount) if amount is not None else 0,
            "comment": self.cleaned_data["comment"],
        }


class AskForm(KernFormMixin, forms.Form):
    questions = forms.CharField(
        label=_("Questions to the applicant"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One question per line."),
        max_length=10000,
    )


class DecideForm(KernFormMixin, forms.Form):
    amount = euros(_("Granted amount (€)"), minimum=Decimal("0.01"))
    earmarked_until = forms.DateField(label=_("Earmarked until"), widget=DATE)
    conditions = forms.CharField(
        label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class RejectForm(KernFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class NoteForm(KernFormMixin, forms.Form):
    note = forms.CharField(label=_("What needs correcting"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class AnswerForm(KernFormMixin, forms.Form):
    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.open_questions = [q for q in application.questions.all() if q.answered_at is None]
        for question in self.open_questions:
            self.fields[f"q_{question.pk}"] = forms.CharField(
                label=question.text, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
            )
        self.style_fields()

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data[f"q_{q.pk}"] for q in self.open_questions}


class DrawdownForm(KernFormMixin, forms.Form):
    amount = euros(_("Amount (€)"), minimum=Decimal("0.01"))
    needed_on = forms.DateField(label=_("Needed on"), widget=DATE)


class PaymentOrderForm(KernFormMixin, forms.Form):
    execution_date = forms.DateField(label=_("Execution date"), widget=DATE)


class ProofForm(KernFormMixin, forms.Form):
    report = forms.CharField(label=_("Narrative report"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = list(application.lines.all())
        for line in self.lines:
            self.fields[f"actual_{line.pk}"] = euros(
                _("%(line)s: actual (€), planned %(planned)s €")
                % {"line": line.description, "planned": to_euros(line.planned_cents)}
            )
            if line.actual_cents is not None:
                self.initial[f"actual_{line.pk}"] = to_euros(line.actual_cents)
        self.initial.setdefault("report", application.report)
        self.style_fields()

    def actuals(self) -> dict[int, int]:
        return {line.pk: to_cents(self.cleaned_data[f"actual_{line.pk}"]) for line in self.lines}
