from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from mijlpaal import clock
from mijlpaal.indicators.models import Indicator, Measurement
from mijlpaal.indicators.progress import format_value, parse_value
from mijlpaal.plans.forms import DateInput
from mijlpaal.plans.versions import VersionedFormMixin

NEW = "new"  # the version of an indicator that does not exist yet


def separators() -> dict[str, str]:
    """The active language's separators: 1.234,5 in Dutch, 1,234.5 in English."""
    return {
        "thousands": str(get_format("THOUSAND_SEPARATOR")),
        "decimal": str(get_format("DECIMAL_SEPARATOR")),
    }


class ValueField(forms.CharField):
    """A decimal value written the way the user's language writes it."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return format_value(value, **separators())
        return value

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        parsed = parse_value(text, **separators())
        if parsed is None or abs(parsed) >= Decimal(10) ** 14:
            raise forms.ValidationError(
                _("Enter a number, such as %(example)s.")
                % {"example": format_value(Decimal("1234.5"), **separators())}
            )
        return parsed


class IndicatorForm(VersionedFormMixin, forms.ModelForm[Indicator]):
    baseline_value = ValueField(label=_("Baseline value (nulmeting)"))
    target_value = ValueField(label=_("Target value"))

    class Meta:
        model = Indicator
        fields = ("unit", "baseline_value", "baseline_date", "target_value", "target_date")
        widgets = {"baseline_date": DateInput(), "target_date": DateInput()}
        help_texts = {
            "unit": _("For example: percent, students, hours."),
            "target_value": _("Lower than the baseline when less is better."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_version(self.instance)
        if self.instance.pk is None:
            # A form shown for a new indicator is stale once anyone has set one.
            self.fields["version"].initial = NEW

    def stored_value(self, name: str, current: Any) -> Any:
        """What is stored now, without trailing zeros: 7, not 7.0000."""
        value = super().stored_value(name, current)
        return Decimal(f"{value.normalize():f}") if isinstance(value, Decimal) else value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("baseline_date"), data.get("target_date")
        if start and end and end <= start:
            self.add_error("target_date", _("The target date comes after the baseline date."))
        return data


class MeasurementForm(forms.ModelForm[Measurement]):
    value = ValueField(label=_("Value"))
    request_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Measurement
        fields = ("value", "measured_on", "source", "note")
        widgets = {"measured_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"source": _("Where the value comes from, for example a report or a count.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["request_key"].initial = uuid.uuid4()
        if not self.is_bound and not self.initial.get("measured_on"):
            self.initial["measured_on"] = clock.today()
