"""Forms of the decisions pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mijlpaal.decisions.models import (
    GOTIK,
    GOTIK_LABELS,
    ConditionsBecome,
    DecisionDocument,
    DecisionIssue,
    DecisionOption,
    Verdict,
)
from mijlpaal.plans.models import Party, Plan
from mijlpaal.plans.versions import VersionedFormMixin


class RolesForm(forms.Form):
    """Opdrachtgever, projectleider and the stuurgroep: parties of the plan."""

    commissioner = forms.ModelChoiceField(
        queryset=Party.objects.none(),
        required=False,
        label=_("Commissioner (opdrachtgever)"),
        help_text=_("Takes the go/no-go decisions, unless the VERI matrix names an E."),
    )
    project_leader = forms.ModelChoiceField(
        queryset=Party.objects.none(),
        required=False,
        label=_("Project leader (projectleider)"),
        help_text=_("Writes the decision documents and gives the advice."),
    )
    steering = forms.ModelMultipleChoiceField(
        queryset=Party.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Steering group (stuurgroep)"),
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parties = Party.objects.filter(plan=plan).order_by("order", "name", "id")
        for name in ("commissioner", "project_leader", "steering"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = parties


# Bounds on what a user types into the long fields, so no form stores a novel.
TEXT_LIMITS = {"question": 2000, "advice": 4000, "pros": 2000, "cons": 2000}


def bound_texts(form: forms.BaseForm) -> None:
    for name, limit in TEXT_LIMITS.items():
        field = form.fields.get(name)
        if isinstance(field, forms.CharField) and field.max_length is None:
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs["maxlength"] = str(limit)


LIGHT_CHOICES = [
    ("", _("—")),
    ("green", _("green")),
    ("orange", _("orange")),
    ("red", _("red")),
]


class DocumentForm(VersionedFormMixin, forms.ModelForm):
    """The concept's own fields and the GOTIK panel: a light and an explanation per aspect."""

    class Meta:
        model = DecisionDocument
        fields = ("question", "decider", "advice")
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2}),
            "advice": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decider = self.fields["decider"]
        assert isinstance(decider, forms.ModelChoiceField)
        decider.queryset = Party.objects.filter(plan=plan).order_by("order", "name", "id")
        gotik = self.instance.gotik or {}
        for aspect in GOTIK:
            shown = gotik.get(aspect) or {}
            self.fields[f"{aspect}_light"] = forms.ChoiceField(
                choices=LIGHT_CHOICES,
                required=False,
                label=_("%(aspect)s: light") % {"aspect": GOTIK_LABELS[aspect]},
                initial=shown.get("light", ""),
            )
            self.fields[f"{aspect}_text"] = forms.CharField(
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                label=_("%(aspect)s: explanation") % {"aspect": GOTIK_LABELS[aspect]},
                initial=shown.get("text", ""),
            )
        self.add_version(self.instance)
        bound_texts(self)

    def stored_value(self, name: str, current: models.Model) -> Any:
        """The GOTIK fields live in one JSON field: what is stored now for `geld_light` & co."""
        aspect, _sep, part = name.rpartition("_")
        if aspect in GOTIK and isinstance(current, DecisionDocument):
            return ((current.gotik or {}).get(aspect) or {}).get(part, "")
        return super().stored_value(name, current)

    def gotik_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"{a}_light"], self[f"{a}_text"]) for a in GOTIK]

    def save(self, commit: bool = True) -> DecisionDocument:
        document = super().save(commit=False)
        document.gotik = {
            aspect: {
                "light": self.cleaned_data.get(f"{aspect}_light", ""),
                "text": self.cleaned_data.get(f"{aspect}_text", "").strip(),
            }
            for aspect in GOTIK
        }
        return document


class StartForm(forms.Form):
    question = forms.CharField(
        label=_("The decision asked for"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the decider is asked to decide, in one or two sentences."),
    )


class IssueForm(forms.ModelForm):
    class Meta:
        model = DecisionIssue
        fields = ("question",)
        widgets = {"question": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_texts(self)


class OptionForm(forms.ModelForm):
    class Meta:
        model = DecisionOption
        fields = ("title", "pros", "cons", "effect_time", "effect_money", "advised")
        widgets = {
            "pros": forms.Textarea(attrs={"rows": 2}),
            "cons": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_texts(self)


class DecideForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Decision"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    rationale = forms.CharField(
        label=_("Rationale"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    conditions = forms.CharField(
        label=_("Conditions (go with conditions), one per line"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    conditions_become = forms.ChoiceField(
        label=_("The conditions become"),
        choices=ConditionsBecome.choices,
        initial=ConditionsBecome.LOG,
        required=False,
        widget=forms.RadioSelect,
    )
    requested_change = forms.CharField(
        label=_("Requested change (adjust): deadlines, scope or the end date"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    new_deadline = forms.DateField(
        label=_("New deadline of the milestone (adjust)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def conditions_list(self) -> tuple[str, ...]:
        lines = self.cleaned_data.get("conditions", "").splitlines()
        return tuple(line.strip(" -•\t") for line in lines if line.strip(" -•\t"))


class BaselineForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("For example: Planning as adopted by the steering group, March 2026."),
    )


class ChangeDecisionForm(forms.Form):
    """Approve or reject a change request, with an optional note to the requester."""

    action = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", pgettext_lazy("change request", "Reject"))],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("Note to the requester (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
