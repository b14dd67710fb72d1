"""Forms of the school calendar: one period, a calendar file, and the choices of its preview."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from mijlpaal.plans.forms import DateInput, PlanScopedForm
from mijlpaal.plans.ics import MAX_ICS_BYTES, IcsError, Proposal
from mijlpaal.plans.models import Closure, ClosureKind, ClosurePolicy, Plan

SKIP = "skip"
PREVIEW_SALT = "mijlpaal.plans.closures.ics-preview"
PREVIEW_MAX_AGE = 60 * 60  # seconds a preview may be confirmed after it was shown


class ClosureForm(PlanScopedForm):
    class Meta:
        model = Closure
        fields = ("name", "kind", "start_date", "end_date", "policy", "note")
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, plan=plan, **kwargs)
        self.instance.plan = plan  # the model's check of the dates needs the plan's period


class CalendarFileForm(forms.Form):
    file = forms.FileField(label=_("Calendar file (.ics)"))

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ICS_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 1 MB; a school calendar is much smaller.")
            )
        return bytes(upload.read())


def sign_preview(plan: Plan, version: str, proposals: list[Proposal]) -> str:
    """What the preview shows, signed: confirming imports exactly this, or nothing."""
    data = {"plan": plan.pk, "version": version, "rows": [p.as_data() for p in proposals]}
    return signing.dumps(data, salt=PREVIEW_SALT, compress=True)


def read_preview(plan: Plan, payload: str) -> tuple[str, list[Proposal]]:
    """The calendar version and the proposals a signed preview holds; IcsError when it is not
    one this server made for this plan within the hour."""
    try:
        data = signing.loads(payload, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
        if data["plan"] != plan.pk:
            raise ValueError("another plan")
        return str(data["version"]), [Proposal.from_data(row) for row in data["rows"]]
    except (signing.BadSignature, ValueError, KeyError, TypeError) as error:
        raise IcsError(
            str(_("This preview has expired or is not valid; upload the file again."))
        ) from error


POLICY_CHOICES = [
    (ClosurePolicy.NO_WORK.value, _("no work")),
    (ClosurePolicy.WARN.value, _("warn")),
    (SKIP, _("do not import")),
]


class PreviewForm(forms.Form):
    """Per proposed period: its kind, and its effect on the planning or that it is left out."""

    payload = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, proposals: list[Proposal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        for i, proposal in enumerate(proposals):
            self.fields[f"kind-{i}"] = forms.ChoiceField(
                label=_("Kind of “%(name)s”") % {"name": proposal.name},
                choices=ClosureKind.choices,
                initial=proposal.kind,
            )
            self.fields[f"policy-{i}"] = forms.ChoiceField(
                label=_("Effect of “%(name)s”") % {"name": proposal.name},
                choices=POLICY_CHOICES,
                initial=ClosurePolicy.NO_WORK.value,
            )

    def rows(self) -> list[tuple[Any, ...]]:
        """(proposal, kind field, policy field) per row, for the template."""
        return [(p, self[f"kind-{i}"], self[f"policy-{i}"]) for i, p in enumerate(self.proposals)]

    def chosen(self) -> list[tuple[Proposal, str]]:
        """The periods to import, with the kind and the policy the user chose."""
        chosen = []
        for i, proposal in enumerate(self.proposals):
            policy = self.cleaned_data[f"policy-{i}"]
            if policy == SKIP:
                continue
            kind = self.cleaned_data[f"kind-{i}"]
            chosen.append((Proposal(proposal.name, kind, proposal.start, proposal.end), policy))
        return chosen
