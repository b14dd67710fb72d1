"""Forms for plan content. Every choice of a related item is limited to the same plan."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from mijlpaal.decisions.change_words import waiting_message
from mijlpaal.decisions.changes import needs_reason, waiting_change
from mijlpaal.plans.durations import duration_words, read_lead_time
from mijlpaal.plans.models import (
    Activity,
    Dependency,
    Goal,
    Milestone,
    Party,
    Plan,
    Region,
    ReportingPeriod,
    Role,
    Workstream,
)
from mijlpaal.plans.scheduling import waiting_for
from mijlpaal.plans.versions import VersionedFormMixin, settings_version
from mijlpaal.plans.widgets import LongSelect


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# Which provinces each school holiday region has: the government's division (Rijksoverheid,
# "Indeling regio's schoolvakanties"). Some municipalities of Gelderland, Utrecht,
# Flevoland and Noord-Brabant fall in another region than their province.
REGION_CHOICES = [
    (Region.NONE, _("no school holidays")),
    (
        Region.NOORD,
        _(
            "Noord: Groningen, Friesland, Drenthe, Overijssel, Noord-Holland and almost all of "
            "Flevoland"
        ),
    ),
    (
        Region.MIDDEN,
        _(
            "Midden: Zuid-Holland, most of Utrecht and Gelderland, and parts of Flevoland and "
            "Noord-Brabant"
        ),
    ),
    (
        Region.ZUID,
        _(
            "Zuid: Limburg, Zeeland, almost all of Noord-Brabant and the south of Gelderland "
            "(Arnhem, Nijmegen)"
        ),
    ),
]


class PlanForm(forms.ModelForm[Plan]):
    class Meta:
        model = Plan
        fields = (
            "title",
            "organisation",
            "vision",
            "start_date",
            "end_date",
            "region",
            "scheduling",
        )
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "vision": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "region": _(
                "The region of the schools, for their holidays. Some municipalities fall in "
                "another region than their province: rijksoverheid.nl lists them."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = REGION_CHOICES


class ChangeReasonMixin(VersionedFormMixin):
    """Once the plan has a baseline, a change of an adopted date (`dated_fields`) asks for a
    reason: the field appears next to the date and is required when the date changes."""

    dated_fields: tuple[str, ...] = ()

    def add_change_reason(self, plan: Plan, after: str) -> None:
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None or not needs_reason(plan):
            return
        self.fields["change_reason"] = forms.CharField(
            label=_("Reason for changing the date"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_(
                "The planning is adopted (baseline): a new date needs a reason. With a "
                "commissioner it waits for their approval."
            ),
        )
        self.fields["change_request_key"] = forms.UUIDField(
            widget=forms.HiddenInput, required=False, initial=uuid.uuid4()
        )
        field = self.dated_fields[0]
        waiting = waiting_change(plan, field, instance if isinstance(instance, Milestone) else None)
        if waiting is not None:  # say it where the date is typed
            self.fields[field].help_text = waiting_message(waiting)
        names = [n for n in self.fields if n not in {"change_reason", "change_request_key"}]
        at = names.index(after) + 1
        self.order_fields([*names[:at], "change_reason", *names[at:], "change_request_key"])

    def stored_value(self, name: str, current: models.Model) -> Any:
        if name in {"change_reason", "change_request_key"}:
            return self.cleaned_data.get(name)  # not stored on the item: no difference to show
        return super().stored_value(name, current)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "change_reason" not in self.fields:
            return cleaned
        changed = [n for n in self.dated_fields if n in self.changed_data]
        if changed and not (cleaned.get("change_reason") or "").strip():
            self.add_error(
                "change_reason",
                _("Give the reason for this change: the planning is adopted."),
            )
        return cleaned


class PlanSettingsForm(ChangeReasonMixin, PlanForm):
    dated_fields = ("end_date",)

    class Meta(PlanForm.Meta):
        fields = (*PlanForm.Meta.fields, "update_interval_weeks")  # type: ignore[assignment]

    phases = forms.CharField(
        label=_("Phases"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One phase per line, in order."),
    )
    domains = forms.CharField(
        label=_("Domains"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One domain per line, such as the BOP domains: processen, organisatie, beleid, ICT."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["update_interval_weeks"].required = False
        self.add_version(None)
        if self.instance.pk:
            self.add_change_reason(self.instance, after="end_date")
        if self.instance.pk:
            self.fields["version"].initial = settings_version(self.instance)
        if self.instance.pk and not self.is_bound:
            self.initial["phases"] = "\n".join(p.name for p in self.instance.phases.all())
            self.initial["domains"] = "\n".join(d.name for d in self.instance.domains.all())

    def stored_value(self, name: str, current: models.Model) -> Any:
        if name in {"phases", "domains"}:
            return [row.name for row in getattr(current, name).all()]
        return super().stored_value(name, current)

    @staticmethod
    def _lines(value: str) -> list[str]:
        names = [line.strip() for line in value.splitlines() if line.strip()]
        if len({n.lower() for n in names}) != len(names):
            raise forms.ValidationError(_("Each name may appear only once."))
        if any(len(n) > 100 for n in names):
            raise forms.ValidationError(_("A name may be at most 100 characters."))
        return names

    def clean_update_interval_weeks(self) -> int:
        value = self.cleaned_data.get("update_interval_weeks")
        if value is not None and value < 1:
            raise forms.ValidationError(_("Choose at least one week."))
        return value or 4

    def clean_phases(self) -> list[str]:
        return self._lines(self.cleaned_data["phases"])

    def clean_domains(self) -> list[str]:
        return self._lines(self.cleaned_data["domains"])


class ReportingPeriodForm(forms.ModelForm[ReportingPeriod]):
    class Meta:
        model = ReportingPeriod
        fields = ("name", "start_date", "end_date", "due_date")
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "due_date": DateInput()}


ReportingPeriodFormSet = forms.inlineformset_factory(
    Plan, ReportingPeriod, form=ReportingPeriodForm, extra=1, can_delete=True
)


class PlanScopedForm(VersionedFormMixin, forms.ModelForm):
    """A form for an item of a plan: related choices come from that plan only, and it carries
    the version of the item it shows."""

    plan_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.add_version(self.instance)
        for name in self.plan_fields:
            field = self.fields.get(name)
            if isinstance(field, forms.ModelChoiceField):
                model = field.queryset.model  # type: ignore[union-attr]
                field.queryset = model.objects.filter(plan=plan)


class LeadTimeFormMixin(forms.BaseForm):
    """Lead times typed in words ("6 weken", "10 werkdagen", "2 kalenderweken") and shown in
    words; stored as the plan file writes them ("6w") with a flag for calendar time."""

    # the form field -> the model field that says it is calendar time
    lead_time_fields: dict[str, str] = {}

    def show_lead_times(self) -> None:
        instance = getattr(self, "instance", None)
        for name, calendar in self.lead_time_fields.items():
            field = self.fields[name]
            # What a user types ("10 werkdagen") is longer than what is stored ("10d").
            field.widget.attrs.pop("maxlength", None)
            field.validators = []
            if instance is not None and not self.is_bound and getattr(instance, name):
                self.initial[name] = duration_words(
                    getattr(instance, name), getattr(instance, calendar)
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, calendar in self.lead_time_fields.items():
            text = (cleaned.get(name) or "").strip()
            if not text:
                continue
            try:
                duration = read_lead_time(text)
            except forms.ValidationError as error:
                self.add_error(name, error)
                continue
            cleaned[name] = f"{duration.amount}{duration.unit}"
            setattr(self.instance, calendar, duration.calendar)  # type: ignore[attr-defined]
        return cleaned


class GoalForm(PlanScopedForm):
    class Meta:
        model = Goal
        fields = ("description", "why", "indicator", "target_value", "target_date")
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "why": forms.Textarea(attrs={"rows": 2}),
            "target_date": DateInput(),
        }


class WorkstreamForm(PlanScopedForm):
    plan_fields = ("owner", "goal")

    class Meta:
        model = Workstream
        fields = ("name", "description", "owner", "goal")
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class MilestoneForm(ChangeReasonMixin, LeadTimeFormMixin, PlanScopedForm):
    plan_fields = ("workstream", "goal")
    dated_fields = ("deadline",)
    lead_time_fields = {"lead_time": "lead_time_calendar"}

    class Meta:
        model = Milestone
        fields = (
            "workstream",
            "number",
            "title",
            "result",
            "deadline",
            "lead_time",
            "effort_hours",
            "goal",
            "is_quick_win",
            "is_decision_point",
            "reached_on",
        )
        widgets = {
            "deadline": DateInput(),
            "reached_on": DateInput(),
            "result": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.show_lead_times()
        self.add_change_reason(self.plan, after="deadline")


class ActivityForm(LeadTimeFormMixin, PlanScopedForm):
    plan_fields = ("workstream", "milestone", "goal", "phase", "domain")
    lead_time_fields = {"duration": "duration_calendar"}

    class Meta:
        model = Activity
        fields = (
            "workstream",
            "milestone",
            "title",
            "why",
            "goal",
            "result",
            "phase",
            "domain",
            "duration",
            "actual_start",
            "actual_finish",
        )
        widgets = {
            "why": forms.Textarea(attrs={"rows": 2}),
            "actual_start": DateInput(),
            "actual_finish": DateInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.show_lead_times()
        milestone_choices(self, self.instance)


def milestone_choices(form: PlanScopedForm, activity: Activity) -> None:
    """The "leads to milestone" select: milestones with their numbers, grouped by workstream,
    the activity's own workstream first."""
    field = form.fields["milestone"]
    assert isinstance(field, forms.ModelChoiceField)
    own = form.initial.get("workstream") or activity.workstream_id
    own = getattr(own, "pk", own)
    groups: dict[int | None, tuple[str, list[tuple[int, str]]]] = {}
    milestones = Milestone.objects.filter(plan=form.plan).select_related("workstream")
    for m in milestones.order_by("workstream__order", "workstream_id", "order", "id"):
        name = m.workstream.name if m.workstream else str(_("Not in a workstream"))
        groups.setdefault(m.workstream_id, (name, []))[1].append((m.pk, m.label))
    ordered = sorted(groups.items(), key=lambda g: (g[0] != own, g[0] is None))
    field.choices = [("", "---------"), *((name, rows) for _pk, (name, rows) in ordered)]


class PartyForm(PlanScopedForm):
    class Meta:
        model = Party
        fields = ("name", "kind", "role_title", "email", "user")

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, plan=plan, **kwargs)
        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ModelChoiceField)
        user_field.queryset = user_field.queryset.filter(memberships__plan=plan)  # type: ignore[union-attr]


def item_key(item: Milestone | Activity) -> str:
    return f"{'m' if isinstance(item, Milestone) else 'a'}{item.pk}"


class DependencyForm(forms.ModelForm[Dependency]):
    """The successor is fixed by the page; the user picks what it waits for."""

    predecessor = forms.ChoiceField(label=_("Waits for"), widget=LongSelect)

    class Meta:
        model = Dependency
        fields = ("type", "lag")

    def __init__(
        self, *args: Any, plan: Plan, successor: Milestone | Activity, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.successor = successor
        self.items: dict[str, Milestone | Activity] = {}
        for milestone in Milestone.objects.filter(plan=plan).order_by("deadline", "title"):
            self.items[item_key(milestone)] = milestone
        for activity in Activity.objects.filter(plan=plan).order_by("title"):
            self.items[item_key(activity)] = activity
        self.items.pop(item_key(successor), None)
        # Only what does not wait for the successor already: anything else closes a loop.
        for kind, pk in waiting_for(plan, successor):
            self.items.pop(f"{kind[0]}{pk}", None)
        milestone_label = str(_("Milestone"))
        activity_label = str(_("Activity"))
        self.fields["predecessor"].choices = [  # type: ignore[attr-defined]
            ("", _("— choose what it waits for —")),
            (milestone_label, [(k, str(v)) for k, v in self.items.items() if k.startswith("m")]),
            (activity_label, [(k, str(v)) for k, v in self.items.items() if k.startswith("a")]),
        ]
        self.order_fields(["predecessor", "type", "lag"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        key = cleaned.get("predecessor")
        if key and key in self.items:
            predecessor = self.items[key]
            exists = Dependency.objects.filter(
                plan=self.plan, **_side("predecessor", predecessor)
            ).filter(**_side("successor", self.successor))
            if exists.exists():
                raise forms.ValidationError(_("This dependency already exists."))
        return cleaned

    def predecessor_item(self) -> Milestone | Activity:
        return self.items[self.cleaned_data["predecessor"]]


def _side(prefix: str, item: Milestone | Activity) -> dict[str, Any]:
    if isinstance(item, Milestone):
        return {f"{prefix}_milestone": item}
    return {f"{prefix}_activity": item}


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.CONTRIBUTOR)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


MAX_PLAN_FILE_BYTES = 5 * 1024 * 1024


class PlanFileForm(forms.Form):
    file = forms.FileField(label=_("Plan file (.yaml)"))

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PLAN_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 5 MB; a plan file is much smaller.")
            )
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("This is not a text file in UTF-8; upload a plan file (.yaml).")
            ) from None


class PlanFileReplaceForm(PlanFileForm):
    confirm = forms.BooleanField(
        label=_("Replace all goals, workstreams, milestones, activities and parties of this plan"),
        required=True,
    )
