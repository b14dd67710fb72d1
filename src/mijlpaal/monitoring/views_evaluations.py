"""Evaluation moments: the planned ones on the plan's calendar, and the form that answers one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from mijlpaal import clock
from mijlpaal.monitoring import evaluations as ev
from mijlpaal.monitoring.models import Entry, EntryKind, Evaluation
from mijlpaal.pages import current_user, render_plan_page
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.forms import DateInput
from mijlpaal.plans.models import Membership, Phase, Plan, Role
from mijlpaal.plans.scheduling import plan_calendar
from mijlpaal.plans.versions import EditConflict, VersionedFormMixin


class EvaluationForm(VersionedFormMixin, forms.ModelForm[Evaluation]):
    """Plan an evaluation moment (or move one)."""

    class Meta:
        model = Evaluation
        fields = ("kind", "title", "planned_on", "phase")
        widgets = {"planned_on": DateInput()}

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_version(self.instance)
        phase = self.fields["phase"]
        assert isinstance(phase, forms.ModelChoiceField)
        phase.queryset = Phase.objects.filter(plan=plan).order_by("order", "id")


QUESTION_FIELDS = [f"question_{i}" for i in range(len(ev.REFLECTION_QUESTIONS))]
CHECK_FIELDS = [f"check_{i}" for i in range(len(ev.CHECKLIST_ITEMS))]


class AnswerForm(forms.Form):
    """The five reflection questions, the five checklist items and the day the evaluation was
    held."""

    held_on = forms.DateField(
        label=gettext_lazy("Held on"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("The day you held the evaluation; today when left empty."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, question in zip(QUESTION_FIELDS, ev.REFLECTION_QUESTIONS, strict=True):
            self.fields[name] = forms.CharField(
                label=question,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=5000,
            )
        for name, item in zip(CHECK_FIELDS, ev.CHECKLIST_ITEMS, strict=True):
            self.fields[name] = forms.BooleanField(label=item, required=False)

    def questions(self) -> list[forms.BoundField]:
        return [self[name] for name in QUESTION_FIELDS]

    def checks(self) -> list[forms.BoundField]:
        return [self[name] for name in CHECK_FIELDS]


@dataclass(frozen=True)
class Moment:
    """A planned evaluation on the list, with what the calendar says about its date."""

    evaluation: Evaluation
    answers: int
    last_answered: Any
    note: str
    outside_plan: bool


def _list_page(
    request: HttpRequest, plan: Plan, membership: Membership, form: EvaluationForm | None = None
) -> HttpResponse:
    evaluations = list(
        Evaluation.objects.filter(plan=plan)
        .select_related("phase")
        .annotate(
            answer_count=Count("entries", filter=Q(entries__kind=EntryKind.EVALUATION)),
            last_answered=Max("entries__reported_on", filter=Q(entries__kind=EntryKind.EVALUATION)),
        )
        .order_by("planned_on", "id")
    )
    calendar = plan_calendar(plan)
    moments = [
        Moment(
            e,
            e.answer_count,
            e.last_answered,
            ev.calendar_note(calendar, e.planned_on),
            not plan.start_date <= e.planned_on <= plan.end_date,
        )
        for e in evaluations
    ]
    suggestions = [
        (s, ev.calendar_note(calendar, s.planned_on))
        for s in ev.suggestions(plan, evaluations, calendar)
    ]
    can_edit = membership.has_role(Role.EDITOR)
    if form is None and can_edit:
        form = EvaluationForm(plan=plan)
    return render_plan_page(
        request,
        "monitoring/evaluations.html",
        plan,
        membership,
        "monitoring",
        moments=moments,
        suggestions=suggestions,
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluations(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The planned evaluation moments; POST plans one (or, with `evaluation_id`, changes one)."""
    plan, membership = get_plan_for_user(
        request, plan_id, Role.EDITOR if request.method == "POST" else Role.VIEWER
    )
    if request.method != "POST":
        return _list_page(request, plan, membership)
    instance = None
    evaluation_id = request.POST.get("evaluation_id", "").strip()
    if evaluation_id:
        if not evaluation_id.isdigit():
            raise Http404
        instance = get_object_or_404(Evaluation, plan=plan, pk=int(evaluation_id))
    form = EvaluationForm(request.POST, instance=instance, plan=plan)
    if form.is_valid():
        try:
            saved = ev.evaluation_plan(
                plan=plan,
                user=current_user(request),
                evaluation=form.save(commit=False),
                version=form.cleaned_data.get("version"),
            )
        except EditConflict as conflict:
            form.explain_conflict(conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Evaluation moment “%(title)s” planned.") % {"title": saved.title}
            )
            return redirect("monitoring:evaluations", plan.pk)
    return _list_page(request, plan, membership, form)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, plan_id: int, evaluation_id: int) -> HttpResponse:
    """The reflection questions and the checklist of one moment; POST writes the answers into the
    logbook."""
    minimum = Role.CONTRIBUTOR if request.method == "POST" else Role.VIEWER
    plan, membership = get_plan_for_user(request, plan_id, minimum)
    moment = get_object_or_404(
        Evaluation.objects.select_related("phase"), plan=plan, pk=evaluation_id
    )
    form = AnswerForm(request.POST or None, initial={"held_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ev.evaluation_answer(
                plan=plan,
                user=current_user(request),
                evaluation=moment,
                answers=[data[name] for name in QUESTION_FIELDS],
                done=[data[name] for name in CHECK_FIELDS],
                held_on=data["held_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The evaluation is saved in the logbook."))
            return redirect("monitoring:evaluation", plan.pk, moment.pk)
    earlier = Entry.objects.filter(
        plan=plan, evaluation=moment, kind=EntryKind.EVALUATION
    ).order_by("-reported_on", "-created_at", "-id")
    can_edit = membership.has_role(Role.EDITOR)
    return render_plan_page(
        request,
        "monitoring/evaluation.html",
        plan,
        membership,
        "monitoring",
        moment=moment,
        form=form,
        earlier=earlier,
        note=ev.calendar_note(plan_calendar(plan), moment.planned_on),
        checklist_intro=ev.CHECKLIST_INTRO,
        can_answer=membership.has_role(Role.CONTRIBUTOR),
        edit_form=EvaluationForm(instance=moment, plan=plan) if can_edit else None,
        corrected=set(),
        can_report=False,
    )
