"""Progress: the dashboard at a glance, its lists, and posting a status update."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from mijlpaal.monitoring import services, signoff
from mijlpaal.monitoring.forms import EntryForm
from mijlpaal.monitoring.models import Entry, Evaluation, Light, SignOff, target_of
from mijlpaal.monitoring.queries import Progress, forecast_effects, load_progress
from mijlpaal.monitoring.status import (
    AWAITING,
    LATE,
    LIGHT_LABELS,
    SHOWN_ORDER,
    ItemStatus,
    corrected_ids,
)
from mijlpaal.pages import current_user, render_plan_page
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.models import Activity, Membership, Milestone, Plan, Role, Workstream
from mijlpaal.plans.scheduling import ItemDates

DUE_WEEKS = 8
LATEST_ENTRIES = 8

LISTS = {
    **{light: LIGHT_LABELS[light] for light in SHOWN_ORDER},
    "due": gettext_lazy("Milestones due in the next eight weeks"),
    "problems": gettext_lazy("Open problems (knelpunten)"),
    "at-risk": gettext_lazy("Critical items at risk"),
    "stale": gettext_lazy("No update for too long"),
    AWAITING: LIGHT_LABELS[AWAITING],
}


@dataclass(frozen=True)
class Row:
    """One milestone or activity in a progress list."""

    kind: str  # "milestone" or "activity"
    obj: Milestone | Activity
    status: ItemStatus
    dates: ItemDates | None
    forecast: dt.date | None

    @property
    def title(self) -> str:
        return self.obj.label if isinstance(self.obj, Milestone) else self.obj.title

    @property
    def workstream(self) -> Workstream | None:
        return self.obj.workstream

    @property
    def deadline(self) -> dt.date | None:
        return self.obj.deadline if isinstance(self.obj, Milestone) else None

    @property
    def at_risk(self) -> bool:
        """On the critical path and not doing well: late, red or orange, or expected after its
        deadline."""
        if self.dates is None or not self.dates.critical or self.status.reached:
            return False
        expected_late = bool(self.deadline and self.forecast and self.forecast > self.deadline)
        return self.status.shown in {LATE, Light.RED, Light.ORANGE} or expected_late


def _rows(p: Progress) -> list[Row]:
    rows = [
        Row(
            "milestone",
            m,
            p.status.milestones[m.pk],
            p.schedule.milestones.get(m.pk),
            p.forecasts.get(m.pk),
        )
        for m in p.milestones
    ]
    rows += [
        Row("activity", a, p.status.activities[a.pk], p.schedule.activities.get(a.pk), None)
        for a in p.activities
    ]
    return rows


def _selected(rows: list[Row], show: str, today: dt.date) -> list[Row]:
    if show in SHOWN_ORDER or show == AWAITING:
        return [r for r in rows if r.status.shown == show]
    if show == "due":
        until = today + dt.timedelta(weeks=DUE_WEEKS)
        return sorted(
            (
                r
                for r in rows
                if r.kind == "milestone"
                and not r.status.reached
                and r.deadline
                and today <= r.deadline <= until
            ),
            key=lambda r: (r.deadline, r.obj.pk),
        )
    if show == "problems":
        return [r for r in rows if r.status.open_problems]
    if show == "at-risk":
        return [r for r in rows if r.at_risk]
    if show == "stale":
        return [r for r in rows if r.status.stale]
    raise Http404


@login_required
@require_GET
def dashboard(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    p = load_progress(plan)
    rows = _rows(p)
    counts = p.status.counts()
    lists = {key: _selected(rows, key, p.today) for key in ("due", "problems", "at-risk", "stale")}
    late = [r for r in rows if r.status.late]
    per_workstream: dict[int | None, list[Row]] = {}
    for r in rows:
        if r.kind == "milestone":
            per_workstream.setdefault(r.obj.workstream_id, []).append(r)
    workstream_rows = [
        (w, p.status.workstreams[w.pk], per_workstream.get(w.pk, [])) for w in p.workstreams
    ]
    evaluations = Evaluation.objects.filter(plan=plan, planned_on__gte=p.today).order_by(
        "planned_on", "id"
    )[:3]
    mine = signoff.approvable_milestones(plan, current_user(request), membership)
    return render_plan_page(
        request,
        "monitoring/dashboard.html",
        plan,
        membership,
        "monitoring",
        progress=p,
        rollup=p.status.plan,
        counts=[(k, LIGHT_LABELS[k], counts[k]) for k in SHOWN_ORDER],
        due=lists["due"],
        problems=lists["problems"],
        at_risk=lists["at-risk"],
        stale=lists["stale"],
        late=late,
        latest=p.entries[:LATEST_ENTRIES],
        workstream_rows=workstream_rows,
        loose=per_workstream.get(None, []),
        effects=forecast_effects(p),
        evaluations=evaluations,
        can_report=membership.has_role(Role.CONTRIBUTOR),
        light_labels=LIGHT_LABELS,
        due_weeks=DUE_WEEKS,
        corrected=corrected_ids(p.entries),
        awaiting=(AWAITING, LIGHT_LABELS[AWAITING], counts.get(AWAITING, 0)),
        to_approve=signoff.waiting_reports(p.entries, mine),
        acting_as_owner=mine is None,
    )


@login_required
@require_GET
def status_list(request: HttpRequest, plan_id: int, show: str) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    if show not in LISTS:
        raise Http404
    p = load_progress(plan)
    rows = _selected(_rows(p), show, p.today)
    return render_plan_page(
        request,
        "monitoring/status_list.html",
        plan,
        membership,
        "monitoring",
        rows=rows,
        show=show,
        heading=LISTS[show],
        lists=LISTS,
        light_labels=LIGHT_LABELS,
        can_report=membership.has_role(Role.CONTRIBUTOR),
        today=p.today,
    )


SUBJECT_MODELS: dict[str, type[Milestone] | type[Activity] | type[Workstream]] = {
    "milestone": Milestone,
    "activity": Activity,
    "workstream": Workstream,
}


def _subject(
    plan: Plan, target: str | None, target_id: int | None
) -> Milestone | Activity | Workstream | Plan:
    if target is None:
        return plan
    model = SUBJECT_MODELS.get(target)
    if model is None:
        raise Http404
    found = get_object_or_404(model, plan=plan, pk=target_id)
    assert isinstance(found, Milestone | Activity | Workstream)
    return found


def _subject_url(plan: Plan, subject: Milestone | Activity | Workstream | Plan) -> str:
    if isinstance(subject, Milestone | Activity):
        kind = "milestone" if isinstance(subject, Milestone) else "activity"
        return reverse("plans:item_detail", args=[plan.pk, kind, subject.pk])
    return reverse("monitoring:dashboard", args=[plan.pk])


def _entry_page(
    request: HttpRequest,
    plan: Plan,
    membership: Membership,
    subject: Milestone | Activity | Workstream | Plan,
    corrects: Entry | None,
) -> HttpResponse:
    target = target_of(subject)
    initial: dict[str, Any] = {}
    if corrects is not None:
        initial = {f: getattr(corrects, f) for f in EntryForm.Meta.fields}
    else:
        last = services.shown_entry(plan, subject)
        if last is not None:
            # Carry over what still holds: the forecast and the percentage.
            initial = {"forecast": last.forecast, "percent": last.percent}
    form = EntryForm(request.POST or None, target=target, initial=initial)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.corrects = corrects
        entry.request_key = form.cleaned_data.get("request_key")
        try:
            stored = services.entry_post(
                plan=plan, user=current_user(request), subject=subject, entry=entry
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _saved_message(stored))
            return redirect(_subject_url(plan, subject))
    history = Entry.objects.filter(plan=plan).about(subject)[:10]
    return render_plan_page(
        request,
        "monitoring/entry_form.html",
        plan,
        membership,
        "monitoring",
        form=form,
        subject=subject,
        target=target,
        corrects=corrects,
        history=history,
        back=_subject_url(plan, subject),
        light_labels=LIGHT_LABELS,
        corrected=set(
            Entry.objects.filter(plan=plan, corrects__isnull=False).values_list(
                "corrects_id", flat=True
            )
        ),
    )


def _saved_message(entry: Entry) -> str:
    if entry.sign_off != SignOff.REQUESTED or entry.milestone_id is None:
        return _("Status update saved in the logbook.")
    parties = signoff.names(signoff.accountable_parties(entry.milestone_id))
    return _("Status update saved in the logbook. “Reached” awaits approval by %(parties)s.") % {
        "parties": parties or _("an owner")
    }


@login_required
def entry_new(
    request: HttpRequest, plan_id: int, target: str | None = None, target_id: int | None = None
) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.CONTRIBUTOR)
    return _entry_page(request, plan, membership, _subject(plan, target, target_id), None)


@login_required
def entry_correct(request: HttpRequest, plan_id: int, entry_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.CONTRIBUTOR)
    corrects = get_object_or_404(Entry, plan=plan, pk=entry_id, kind="status")
    if corrects.corrections.exists():
        messages.error(
            request, _("This entry has been corrected already; correct the correction instead.")
        )
        return redirect("monitoring:dashboard", plan.pk)
    subject: Milestone | Activity | Workstream | Plan | None = (
        corrects.milestone or corrects.activity or corrects.workstream
    )
    if subject is None:
        if corrects.target != "plan":
            messages.error(
                request,
                _("What this entry is about has been removed; it can no longer be corrected."),
            )
            return redirect("monitoring:dashboard", plan.pk)
        subject = plan
    return _entry_page(request, plan, membership, subject, corrects)
