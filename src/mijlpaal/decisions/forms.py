"""Forms of the decisions pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mijlpaal.plans.models import Party, Plan


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
