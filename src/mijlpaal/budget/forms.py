"""The budget's forms: a budget line, a funding source, the minimum co-financing, and realised
hours and costs. Amounts are written the way the user's language writes them (1.234,56)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mijlpaal import clock
from mijlpaal.budget import money
from mijlpaal.budget.models import BudgetLine, BudgetSettings, FundingSource, Spending
from mijlpaal.i18n import current_language
from mijlpaal.plans.forms import DateInput
from mijlpaal.plans.models import Milestone, Party, Plan, Workstream
from mijlpaal.plans.versions import VersionedFormMixin


class AmountField(forms.CharField):
    """A number of euros (or, with `places=0.1`, hours) in the user's language."""

    def __init__(self, *args: Any, places: Decimal = money.CENTS, **kwargs: Any) -> None:
        self.places = places
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            language = current_language()
            if self.places == money.CENTS:
                return money.euros(value, language).replace("€", "").strip()
            return money.hours(value, language)
        return value

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        language = current_language()
        parsed = money.parse_amount(text, language, self.places)
        if parsed is None:
            example = (
                money.euros(Decimal("1234.56"), language).replace("€", "").strip()
                if self.places == money.CENTS
                else money.hours(Decimal("12.5"), language)
            )
            raise forms.ValidationError(
                _("Enter a number of at most %(places)s decimals, such as %(example)s.")
                % {"places": 2 if self.places == money.CENTS else 1, "example": example}
            )
        return parsed


def _plan_choices(form: forms.BaseForm, plan: Plan) -> None:
    """Only the plan's own workstreams, milestones and parties can be chosen."""
    choices = {
        "workstream": Workstream.objects.filter(plan=plan),
        "milestone": Milestone.objects.filter(plan=plan).select_related("workstream"),
        "party": Party.objects.filter(plan=plan),
    }
    for name, queryset in choices.items():
        if name in form.fields:
            form.fields[name].queryset = queryset  # type: ignore[attr-defined]


class BudgetLineForm(VersionedFormMixin, forms.ModelForm[BudgetLine]):
    amount = AmountField(label=_("Planned amount (€)"))

    class Meta:
        model = BudgetLine
        fields = ("workstream", "milestone", "category", "description", "amount")

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plan_choices(self, plan)
        self.add_version(self.instance)


class FundingForm(VersionedFormMixin, forms.ModelForm[FundingSource]):
    amount = AmountField(label=_("Amount (€)"))

    class Meta:
        model = FundingSource
        fields = ("kind", "party", "description", "amount")

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plan_choices(self, plan)
        self.add_version(self.instance)


class BudgetSettingsForm(VersionedFormMixin, forms.ModelForm[BudgetSettings]):
    cofinancing_minimum = AmountField(
        label=_("Minimum co-financing (percent of the total budget)"),
        help_text=_("Sterk Techniekonderwijs asks for at least 10%."),
    )

    class Meta:
        model = BudgetSettings
        fields = ("cofinancing_minimum",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_version(self.instance)

    def clean_cofinancing_minimum(self) -> Decimal:
        value = self.cleaned_data["cofinancing_minimum"]
        if value > 100:
            raise forms.ValidationError(_("A percentage is at most 100."))
        return value


class SpendingForm(forms.ModelForm[Spending]):
    hours = AmountField(
        label=_("Hours"),
        places=money.TENTHS,
        required=False,
        help_text=_("The hours worked, with one decimal."),
    )
    amount = AmountField(
        label=_("Amount (€)"),
        required=False,
        help_text=_("The costs in euros; for hours only, leave it empty."),
    )
    request_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Spending
        fields = (
            "spent_on",
            "party",
            "workstream",
            "milestone",
            "category",
            "hours",
            "amount",
            "note",
        )
        widgets = {"spent_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plan_choices(self, plan)
        self.fields["party"].required = True
        self.fields["workstream"].required = True
        self.fields["request_key"].initial = uuid.uuid4()
        if not self.is_bound and not self.initial.get("spent_on"):
            self.initial["spent_on"] = clock.today()

    def clean_hours(self) -> Decimal:
        return self.cleaned_data.get("hours") or Decimal(0)

    def clean_amount(self) -> Decimal:
        return self.cleaned_data.get("amount") or Decimal(0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        milestone, workstream = data.get("milestone"), data.get("workstream")
        if milestone and workstream and milestone.workstream_id != workstream.pk:
            self.add_error("milestone", _("Choose a milestone of this workstream."))
        return data
