from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mijlpaal import clock
from mijlpaal.monitoring.models import Entry, Light
from mijlpaal.plans.forms import DateInput


class EntryForm(forms.ModelForm[Entry]):
    """A status update. Which fields show depends on what it is about."""

    class Meta:
        model = Entry
        fields = (
            *("light", "reached_on", "explanation", "problems", "measures"),
            *("forecast", "percent", "reported_on"),
        )
        widgets = {
            # Coloured chips with their word (not colour alone); app.css `.light-chips`.
            "light": forms.RadioSelect(attrs={"class": "light-chips"}),
            "reached_on": DateInput(),
            "forecast": DateInput(),
            "reported_on": DateInput(),
            "explanation": forms.Textarea(attrs={"rows": 3}),
            "problems": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "reached_on": _("Reached on (date)"),
            "reported_on": _("Status as of (date)"),
        }
        help_texts = {
            "light": _("Green: on schedule. Orange: (small) obstacles. Red: execution is stuck."),
            "reached_on": _("Only with ‘reached’: the day it was reached."),
            "forecast": _(
                "When do you now expect the milestone to be reached? What follows moves with it."
            ),
            "reported_on": _("The day this status is about; today when left empty."),
        }

    request_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, target: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["request_key"].initial = uuid.uuid4()
        self.target = target
        self.fields["light"].required = True
        choices = [(value, label) for value, label in Light.choices]
        if target not in {"milestone", "activity"}:
            choices = [c for c in choices if c[0] != Light.REACHED]
            del self.fields["reached_on"]
            del self.fields["percent"]
        elif not self.is_bound and not self.initial.get("reached_on"):
            self.initial["reached_on"] = clock.today()
        if target != "milestone":
            del self.fields["forecast"]
        light = self.fields["light"]
        assert isinstance(light, forms.ChoiceField)
        light.choices = choices
        self.fields["reported_on"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("light") != Light.REACHED and "reached_on" in data:
            data["reached_on"] = None  # shown only with "reached"; a hidden date is no answer
        reached = data.get("light") == Light.REACHED and "reached_on" in self.fields
        if reached and not data.get("reached_on") and "reached_on" not in self.errors:
            self.add_error("reached_on", _("Say on which day it was reached."))
        if data.get("reached_on") and data.get("light") == Light.REACHED:
            reported = data.get("reported_on") or clock.today()
            if data["reached_on"] > reported:
                self.add_error(
                    "reached_on",
                    _("The date reached cannot be later than the date of this status."),
                )
        if data.get("light") in {Light.ORANGE, Light.RED} and not (
            data.get("explanation") or data.get("problems")
        ):
            self.add_error("problems", _("Say what is in the way when the light is orange or red."))
        return data


class SignOffForm(forms.Form):
    """Approve or reject a reported "bereikt"; a rejection gives its reason."""

    APPROVE = "approve"
    REJECT = "reject"

    verdict = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason (needed to reject)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reporter reads it in the logbook and in an e-mail."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("verdict") == self.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the rejection."))
        return data
