"""Plan pages. Each view checks membership and role, parses input, calls a service, renders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from mijlpaal import clock
from mijlpaal.decisions.change_words import waiting_message
from mijlpaal.decisions.changes import milestone_change, settings_save
from mijlpaal.downloads import as_attachment, file_name
from mijlpaal.i18n import current_language
from mijlpaal.links import SLOT, url_format
from mijlpaal.monitoring import signoff
from mijlpaal.monitoring.models import Entry
from mijlpaal.monitoring.queries import plan_schedule
from mijlpaal.monitoring.status import LIGHT_LABELS, corrected_ids, derive
from mijlpaal.pages import current_user, is_htmx, plan_context, render_plan_page
from mijlpaal.plans import services
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.durations import duration_words
from mijlpaal.plans.forms import (
    ActivityForm,
    DependencyForm,
    GoalForm,
    InvitationForm,
    MemberRoleForm,
    MilestoneForm,
    PartyForm,
    PlanFileForm,
    PlanFileReplaceForm,
    PlanForm,
    PlanScopedForm,
    PlanSettingsForm,
    ReportingPeriodFormSet,
    WorkstreamForm,
)
from mijlpaal.plans.history import describe_changes
from mijlpaal.plans.holidays import holiday_context
from mijlpaal.plans.models import (
    Activity,
    ChangeRecord,
    Dependency,
    Goal,
    Invitation,
    Membership,
    Milestone,
    Party,
    Plan,
    Role,
    Workstream,
)
from mijlpaal.plans.planfile import PlanImportError, export_plan, import_plan
from mijlpaal.plans.scheduling import ItemDates
from mijlpaal.plans.versions import EditConflict, settings_version


@dataclass(frozen=True)
class Kind:
    """One kind of plan content and the pages that manage it."""

    slug: str
    model: type[models.Model]
    form: type[PlanScopedForm]
    label: Any
    list_view: str
    new_label: Any

    @property
    def section(self) -> str:
        """The plan tab its pages belong to: the tab of its list."""
        return self.list_view.split(":")[1]


KINDS: dict[str, Kind] = {
    k.slug: k
    for k in (
        Kind("goal", Goal, GoalForm, gettext_lazy("goal"), "plans:goals", gettext_lazy("New goal")),
        Kind(
            "workstream",
            Workstream,
            WorkstreamForm,
            gettext_lazy("workstream"),
            "plans:workstreams",
            gettext_lazy("New workstream"),
        ),
        Kind(
            "milestone",
            Milestone,
            MilestoneForm,
            gettext_lazy("milestone"),
            "plans:workstreams",
            gettext_lazy("New milestone"),
        ),
        Kind(
            "activity",
            Activity,
            ActivityForm,
            gettext_lazy("activity"),
            "plans:workstreams",
            gettext_lazy("New activity"),
        ),
        Kind(
            "party",
            Party,
            PartyForm,
            gettext_lazy("party"),
            "plans:parties",
            gettext_lazy("New party"),
        ),
    )
}


def _kind(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404 from None


def _list_url(plan: Plan, kind: Kind, obj: models.Model | None = None) -> str:
    url = reverse(kind.list_view, args=[plan.pk])
    if obj is not None and kind.slug in {"milestone", "activity", "workstream"}:
        url += f"#{kind.slug}-{obj.pk}"
    return url


# --- my plans ------------------------------------------------------------------------------------


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=current_user(request))
        .select_related("plan")
        .annotate(
            milestone_count=Count("plan__milestones", distinct=True),
            workstream_count=Count("plan__workstreams", distinct=True),
        )
        .order_by("plan__title")
    )
    return render(request, "plans/plan_list.html", {"memberships": memberships})


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = services.plan_create(user=current_user(request), plan=form.save(commit=False))
        messages.success(request, _("The plan has been created. Start with its goals."))
        return redirect("plans:overview", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form})


# --- plan pages ----------------------------------------------------------------------------------


def _count_of(model: type[models.Model], link: str) -> Coalesce:
    """How many rows of `model` point at the outer row through `link`: a subquery per count, where
    joining all of them would multiply the rows (goals × milestones × activities × …)."""
    rows = model._default_manager.filter(**{link: OuterRef("pk")}).order_by().values(link)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


@login_required
@require_GET
def plan_overview(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    today = clock.today()
    workstreams = (
        Workstream.objects.filter(plan=plan)
        .select_related("owner")
        .annotate(
            milestone_count=_count_of(Milestone, "workstream"),
            activity_count=_count_of(Activity, "workstream"),
        )
    )
    kinds = {
        "goals": Goal,
        "milestones": Milestone,
        "activities": Activity,
        "parties": Party,
        "members": Membership,
    }
    counts = (
        Plan.objects.filter(pk=plan.pk)
        .annotate(**{f"n_{key}": _count_of(model, "plan") for key, model in kinds.items()})
        .values(*(f"n_{key}" for key in kinds))
        .get()
    )
    counts = {key: counts[f"n_{key}"] for key in kinds}
    milestones = Milestone.objects.filter(plan=plan).select_related("workstream")
    upcoming = milestones.filter(deadline__gte=today).order_by("deadline", "id")[:8]
    overdue_count = milestones.late(today).count()
    goals = (
        Goal.objects.filter(plan=plan)
        .select_related("indicator_detail")
        .prefetch_related("indicator_detail__measurements")[:6]
    )
    periods = plan.reporting_periods.all()
    recent = ChangeRecord.objects.filter(plan=plan).select_related("user")[:6]
    return render_plan_page(
        request,
        "plans/overview.html",
        plan,
        membership,
        "overview",
        workstreams=workstreams,
        counts=counts,
        upcoming=upcoming,
        overdue_count=overdue_count,
        goals=goals,
        periods=periods,
        recent=recent,
        today=today,
        schedule=plan_schedule(plan),
    )


@login_required
@require_GET
def goal_list(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    goals = (
        Goal.objects.filter(plan=plan)
        .annotate(milestone_count=Count("milestones"))
        .select_related("indicator_detail")
        .prefetch_related("indicator_detail__measurements")
    )
    return render_plan_page(request, "plans/goals.html", plan, membership, "goals", goals=goals)


@dataclass(frozen=True)
class RowLinks:
    """The links of a milestone's or activity's row in the list."""

    detail: str
    edit: str
    delete: str
    up: str
    down: str


# Above this many activities in a plan, each workstream's activities are folded away and loaded
# when opened: the milestones stay in view, and a big plan's page stays fast.
ACTIVITIES_UNFOLDED = 150


def _row_words() -> dict[str, str]:
    """The words every row of the list repeats, translated once per page instead of per row."""
    return {
        "deadline": _("Deadline"),
        "lead_time": _("Lead time"),
        "hours": _("hours"),
        "goal": _("Goal"),
        "phase": _("Phase"),
        "domain": _("Domain"),
        "duration": _("Duration"),
        "result": _("Result"),
        "start": _("Start"),
        "started_on": _("Started on"),
        "finish": _("Finish"),
        "latest_start": _("Start at the latest"),
        "slack": _("Slack"),
        "slack_title": _(
            "Slack: how many working days this item can move without a deadline slipping. "
            "Planned backwards from the end result, an item stands at its latest start; its slack "
            "is then how much earlier it could start."
        ),
        "done_on": _("Done on"),
        "up": _("Move up"),
        "down": _("Move down"),
        "edit": _("Edit"),
        "delete": _("Delete"),
    }


def slack_words(d: ItemDates | None) -> str:
    """The slack of a row in words, as plans/_dates.html says it (the same sentences): built once
    per row here, where the template's plural tags cost a big list a tenth of its time."""
    if d is None or d.slack is None:
        return ""
    n = abs(d.slack)
    if d.slack < 0:
        return ngettext(
            "%(n)s working day short: it misses its deadline",
            "%(n)s working days short: it misses its deadline",
            n,
        ) % {"n": n}
    if d.slack == 0:
        return _("none: any delay moves a deadline")
    if d.start == d.late_start:
        return ngettext(
            "it could start %(n)s working day earlier",
            "it could start up to %(n)s working days earlier",
            n,
        ) % {"n": n}
    return ngettext(
        "it may slip %(n)s working day without missing a deadline",
        "it may slip %(n)s working days without missing a deadline",
        n,
    ) % {"n": n}


# An id no plan reaches: a row's tools rendered once with it, then given each row's own id.
_PK = 987654321


def _row_links(
    request: HttpRequest,
    plan: Plan,
    kind: str,
    items: Sequence[models.Model],
    dates: Mapping[int, ItemDates | None],
) -> None:
    """Each row's links as `item.links` (reversed once per page, not per row), its dates from
    the schedule as `item.dates`, and its tools (move, edit, delete) as `item.tools`: the tools
    rendered once for a placeholder id, then copied with each row's id."""
    detail = url_format("plans:item_detail", plan.pk, kind)
    edit = url_format("plans:item_edit", plan.pk, kind)
    delete = url_format("plans:item_delete", plan.pk, kind)
    up = url_format("plans:item_move", plan.pk, kind, SLOT, "up")
    down = url_format("plans:item_move", plan.pk, kind, SLOT, "down")

    def links_of(pk: int) -> RowLinks:
        return RowLinks(
            detail.format(pk), edit.format(pk), delete.format(pk), up.format(pk), down.format(pk)
        )

    tools = render_to_string(
        "plans/workstreams.html#item-tools",
        {"item_kind": kind, "item": {"pk": _PK, "links": links_of(_PK)}, "words": _row_words()},
        request,
    )
    for item in items:
        setattr(item, "links", links_of(item.pk))  # noqa: B010 - read by the template only
        setattr(item, "dates", dates.get(item.pk))  # noqa: B010
        setattr(item, "slack_words", slack_words(dates.get(item.pk)))  # noqa: B010
        # the parts of `tools` are escaped by the template
        setattr(item, "tools", mark_safe(tools.replace(str(_PK), str(item.pk))))  # noqa: B010
        hours = getattr(item, "effort_hours", None)
        if hours:
            words = ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}
            setattr(item, "hours_words", words)  # noqa: B010


def _workstream_context(
    request: HttpRequest, plan: Plan, unfold: int | None = None
) -> dict[str, Any]:
    """The list's rows, each with its links and dates; a big plan's activities folded per
    workstream except in `unfold` (a workstream's id). Five queries, whatever the plan's size."""
    milestones = Milestone.objects.select_related("goal").order_by("order", "id")
    activities = Activity.objects.select_related("phase", "domain", "milestone").order_by(
        "order", "id"
    )
    workstreams = list(
        Workstream.objects.filter(plan=plan)
        .select_related("owner", "goal")
        .annotate(activity_count=Count("activities"))
    )
    if sum(w.activity_count for w in workstreams) > ACTIVITIES_UNFOLDED:
        folded = {w.pk for w in workstreams if w.activity_count and w.pk != unfold}
    else:
        folded = set()
    prefetch_related_objects(
        workstreams,
        Prefetch("milestones", queryset=milestones),
        Prefetch("activities", queryset=activities.exclude(workstream__in=folded)),
    )
    loose_milestones = list(milestones.filter(plan=plan, workstream__isnull=True))
    loose_activities = list(activities.filter(plan=plan, workstream__isnull=True))
    schedule = plan_schedule(plan)
    shown_milestones = [*(m for w in workstreams for m in w.milestones.all()), *loose_milestones]
    shown_activities = [*(a for w in workstreams for a in w.activities.all()), *loose_activities]
    _row_links(request, plan, "milestone", shown_milestones, schedule.milestones)
    _row_links(request, plan, "activity", shown_activities, schedule.activities)
    return {
        "words": _row_words(),
        "workstreams": workstreams,
        "folded": folded,
        "loose_milestones": loose_milestones,
        "loose_activities": loose_activities,
        "today": clock.today(),
        "schedule": schedule,
    }


def _workstream_list(
    request: HttpRequest,
    plan: Plan,
    membership: Membership,
    part: str = "#workstream-list",
    unfold: int | None = None,
) -> HttpResponse:
    """The workstreams with their milestones and activities: the list htmx swaps whole, or
    (`part=""`) the page around it; with the activities of workstream `unfold` shown."""
    template = f"plans/workstreams.html{part}"
    context = _workstream_context(request, plan, unfold)
    return render_plan_page(request, template, plan, membership, "workstreams", **context)


def _activity_rows(request: HttpRequest, plan: Plan, membership: Membership) -> HttpResponse:
    """The activities of one folded workstream (`?activities=<id>`), for htmx to unfold."""
    workstream = get_object_or_404(Workstream, plan=plan, pk=_int(request.GET["activities"]))
    activities = list(
        Activity.objects.filter(plan=plan, workstream=workstream)
        .select_related("phase", "domain", "milestone")
        .order_by("order", "id")
    )
    _row_links(request, plan, "activity", activities, plan_schedule(plan).activities)
    context = {"activities": activities, "today": clock.today(), "words": _row_words()}
    return render_plan_page(
        request, "plans/workstreams.html#activity-rows", plan, membership, "workstreams", **context
    )


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


@login_required
@require_GET
def workstream_list(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    if "activities" in request.GET:
        if is_htmx(request):
            return _activity_rows(request, plan, membership)
        unfold = _int(request.GET["activities"])
        return _workstream_list(request, plan, membership, part="", unfold=unfold)
    return _workstream_list(request, plan, membership, part="")


@login_required
@require_GET
def party_list(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    parties = Party.objects.filter(plan=plan).select_related("user")
    return render_plan_page(
        request, "plans/parties.html", plan, membership, "parties", parties=parties
    )


@login_required
@require_GET
def plan_history(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    records = list(ChangeRecord.objects.filter(plan=plan).select_related("user")[:200])
    return render_plan_page(
        request,
        "plans/history.html",
        plan,
        membership,
        "history",
        records=records,
        described=describe_changes(records),
    )


# --- generic item pages --------------------------------------------------------------------------


def _get_item(plan: Plan, kind: Kind, pk: int) -> models.Model:
    return get_object_or_404(kind.model._default_manager, pk=pk, plan=plan)


@login_required
def item_new(request: HttpRequest, plan_id: int, kind_slug: str) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    kind = _kind(kind_slug)
    initial = {key: request.GET[key] for key in ("workstream", "milestone") if key in request.GET}
    form = kind.form(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        obj = services.item_save(
            plan=plan, user=current_user(request), instance=form.save(commit=False)
        )
        messages.success(request, _("“%(item)s” has been added.") % {"item": obj})
        if "add_another" in request.POST:
            return redirect(f"{request.path}?{request.GET.urlencode()}")
        return HttpResponseRedirect(_list_url(plan, kind, obj))
    return render_plan_page(
        request,
        "plans/item_form.html",
        plan,
        membership,
        kind.section,
        form=form,
        kind=kind,
    )


@login_required
def item_edit(request: HttpRequest, plan_id: int, kind_slug: str, pk: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    kind = _kind(kind_slug)
    obj = _get_item(plan, kind, pk)
    form = kind.form(request.POST or None, instance=obj, plan=plan)
    inline = is_htmx(request) and kind.slug in {"milestone", "activity"}
    if request.method == "POST" and form.is_valid():
        try:
            obj, waits = _item_save(request, plan, form)
        except EditConflict as conflict:
            form.explain_conflict(conflict)
            return _item_form(request, plan, membership, kind, form, conflict.current, inline)
        except ValidationError as error:  # a change of an adopted date that cannot be asked
            _add_errors(form, error)
            return _item_form(request, plan, membership, kind, form, obj, inline)
        if inline and not waits:
            # Other rows' dates and the warnings may change too: swap the whole list.
            response = _workstream_list(request, plan, membership, unfold=_workstream_of(obj))
            return reswap(retarget(response, "#workstream-list"), "outerHTML")
        messages.success(request, _("Your changes to “%(item)s” have been saved.") % {"item": obj})
        if waits:  # the new date waits for the decider: the whole page says so
            messages.info(request, waits)
            if inline:
                return HttpResponseClientRedirect(_list_url(plan, kind, obj))
        return HttpResponseRedirect(_list_url(plan, kind, obj))
    return _item_form(request, plan, membership, kind, form, obj, inline)


def _add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form: at its field when the form has it, else above."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _item_save(request: HttpRequest, plan: Plan, form: PlanScopedForm) -> tuple[models.Model, str]:
    """Save the item of an edit form. A milestone of a plan with a baseline goes through the
    approved changes: its new deadline may wait for the decider (then the second value says so)."""
    user = current_user(request)
    instance = form.save(commit=False)
    version = form.cleaned_data.get("version")
    if not isinstance(instance, Milestone) or "change_reason" not in form.fields:
        return services.item_save(plan=plan, user=user, instance=instance, version=version), ""
    change = milestone_change(
        plan=plan,
        user=user,
        milestone=instance,
        version=version,
        reason=form.cleaned_data.get("change_reason") or "",
        request_key=form.cleaned_data.get("change_request_key"),
    )
    return instance, waiting_message(change)


def _item_form(
    request: HttpRequest,
    plan: Plan,
    membership: Membership,
    kind: Kind,
    form: PlanScopedForm,
    obj: models.Model,
    inline: bool,
) -> HttpResponse:
    """The edit form of an item: in its row of the list (htmx) or as a page of its own."""
    context = plan_context(plan, membership, kind.section, form=form, kind=kind, object=obj)
    if inline:
        return render(request, "plans/workstreams.html#inline-form", context)
    return render(request, "plans/item_form.html", context)


def _workstream_of(obj: models.Model) -> int | None:
    """The workstream whose activities stay unfolded after an activity changed in place."""
    return obj.workstream_id if isinstance(obj, Activity) else None


def _render_row(
    request: HttpRequest, plan: Plan, membership: Membership, kind: Kind, obj: models.Model
) -> HttpResponse:
    schedule = plan_schedule(plan)
    context = plan_context(plan, membership, "workstreams", today=clock.today(), words=_row_words())
    row = kind.model._default_manager.select_related(
        *(("goal",) if kind.slug == "milestone" else ("phase", "domain", "milestone"))
    ).get(pk=obj.pk)
    dates = schedule.milestones if kind.slug == "milestone" else schedule.activities
    _row_links(request, plan, kind.slug, [row], dates)
    context[kind.slug] = row
    return render(request, f"plans/workstreams.html#{kind.slug}-row", context)


@login_required
@require_GET
def item_row(request: HttpRequest, plan_id: int, kind_slug: str, pk: int) -> HttpResponse:
    """The read-only row of a milestone or activity: htmx puts it back when inline editing is
    cancelled."""
    plan, membership = get_plan_for_user(request, plan_id)
    kind = _kind(kind_slug)
    if kind.slug not in {"milestone", "activity"}:
        raise Http404
    return _render_row(request, plan, membership, kind, _get_item(plan, kind, pk))


@login_required
def item_delete(request: HttpRequest, plan_id: int, kind_slug: str, pk: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    kind = _kind(kind_slug)
    obj = _get_item(plan, kind, pk)
    if request.method == "POST":
        label = str(obj)
        services.item_delete(plan=plan, user=current_user(request), instance=obj)
        messages.success(request, _("“%(item)s” has been deleted.") % {"item": label})
        return HttpResponseRedirect(_list_url(plan, kind))
    return render_plan_page(
        request,
        "plans/item_delete.html",
        plan,
        membership,
        kind.section,
        kind=kind,
        object=obj,
    )


@login_required
@require_POST
def item_move(
    request: HttpRequest, plan_id: int, kind_slug: str, pk: int, direction: str
) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    kind = _kind(kind_slug)
    if direction not in {"up", "down"}:
        raise Http404
    obj = _get_item(plan, kind, pk)
    services.item_move(plan=plan, user=current_user(request), instance=obj, direction=direction)
    if is_htmx(request) and kind.list_view == "plans:workstreams":
        return _workstream_list(request, plan, membership, unfold=_workstream_of(obj))
    return HttpResponseRedirect(_list_url(plan, kind, obj))


@login_required
@require_GET
def item_detail(request: HttpRequest, plan_id: int, kind_slug: str, pk: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    kind = _kind(kind_slug)
    obj = _get_item(plan, kind, pk)
    records = list(
        ChangeRecord.objects.filter(
            plan=plan, object_type=kind.model._meta.model_name, object_id=obj.pk
        ).select_related("user")
    )
    context = plan_context(
        plan,
        membership,
        kind.section,
        kind=kind,
        object=obj,
        fields=_display_fields(obj, kind),
        records=records,
        described=describe_changes(records),
    )
    if isinstance(obj, Milestone | Activity):
        schedule = plan_schedule(plan)
        context["dates"] = (
            schedule.milestones if isinstance(obj, Milestone) else schedule.activities
        ).get(obj.pk)
        if isinstance(obj, Milestone):
            context["done"] = obj.reached_on
        else:
            context["done"], context["started"] = obj.actual_finish, obj.actual_start
        context["depends_on"] = _dependencies(plan, successor=obj)
        context["needed_by"] = _dependencies(plan, predecessor=obj)
        if membership.has_role(Role.EDITOR):
            context["dependency_form"] = DependencyForm(plan=plan, successor=obj)
        context.update(_item_progress(plan, membership, obj))
    if isinstance(obj, Milestone):
        context["activities"] = obj.activities.select_related("phase", "domain")
    return render(request, "plans/item_detail.html", context)


def _item_progress(plan: Plan, membership: Membership, obj: Milestone | Activity) -> dict[str, Any]:
    """The item's light and its latest logbook entries (two queries)."""
    entries = list(Entry.objects.filter(plan=plan).about(obj))
    milestones: list[Milestone] = [obj] if isinstance(obj, Milestone) else []
    activities: list[Activity] = [obj] if isinstance(obj, Activity) else []
    derived = derive(plan, milestones, activities, [], entries, today=clock.today())
    status = (derived.milestones if isinstance(obj, Milestone) else derived.activities)[obj.pk]
    may_sign_off = None
    if status.awaiting and status.entry is not None:  # a "bereikt" waits for the E party
        may_sign_off = (
            signoff.approver_role(status.entry, membership.user_id, membership) is not None
        )
    return {
        "may_sign_off": may_sign_off,
        "item_status": status,
        "item_light_label": LIGHT_LABELS[status.shown],
        "log_entries": entries[:6],
        "log_count": len(entries),
        "corrected": corrected_ids(entries),
        "can_report": membership.has_role(Role.CONTRIBUTOR),
    }


def _display_fields(obj: models.Model, kind: Kind) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    lead_times = getattr(kind.form, "lead_time_fields", {})
    for name in kind.form._meta.fields or ():
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if name in lead_times:
            value = duration_words(value, getattr(obj, lead_times[name])) if value else ""
        elif getattr(field, "choices", None):
            value = getattr(obj, f"get_{name}_display")()
        rows.append((str(field.verbose_name), value))  # type: ignore[union-attr]
    return rows


def _dependencies(plan: Plan, **side: Milestone | Activity) -> list[Dependency]:
    ((prefix, item),) = side.items()
    suffix = "milestone" if isinstance(item, Milestone) else "activity"
    return list(
        Dependency.objects.filter(plan=plan, **{f"{prefix}_{suffix}": item}).select_related(
            "predecessor_milestone",
            "predecessor_activity",
            "successor_milestone",
            "successor_activity",
        )
    )


@login_required
@require_POST
def dependency_add(request: HttpRequest, plan_id: int, kind_slug: str, pk: int) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    kind = _kind(kind_slug)
    successor = _get_item(plan, kind, pk)
    if not isinstance(successor, Milestone | Activity):
        raise Http404
    form = DependencyForm(request.POST, plan=plan, successor=successor)
    detail = reverse("plans:item_detail", args=[plan.pk, kind.slug, successor.pk])
    if form.is_valid():
        try:
            services.dependency_create(
                plan=plan,
                user=current_user(request),
                predecessor=form.predecessor_item(),
                successor=successor,
                type=form.cleaned_data["type"],
                lag=form.cleaned_data["lag"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The dependency has been added."))
    else:
        for field_errors in form.errors.values():
            for error_text in field_errors:
                messages.error(request, str(error_text))
    return HttpResponseRedirect(detail + "#dependencies")


@login_required
@require_POST
def dependency_delete(request: HttpRequest, plan_id: int, pk: int) -> HttpResponse:
    """Remove a dependency after the user confirmed it, as other deletes ask first."""
    plan, membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    dependency = get_object_or_404(
        Dependency.objects.select_related(
            "predecessor_milestone", "predecessor_activity", "successor_milestone",
            "successor_activity",
        ),
        pk=pk,
        plan=plan,
    )  # fmt: skip
    successor = dependency.successor
    slug = "milestone" if isinstance(successor, Milestone) else "activity"
    back = reverse("plans:item_detail", args=[plan.pk, slug, successor.pk]) + "#dependencies"
    if request.POST.get("confirm") != "yes":
        return render_plan_page(
            request, "plans/dependency_delete.html", plan, membership, "workstreams",
            dependency=dependency, back=back,
        )  # fmt: skip
    services.item_delete(plan=plan, user=current_user(request), instance=dependency)
    messages.success(request, _("The dependency has been removed."))
    return HttpResponseRedirect(back)


# --- members -------------------------------------------------------------------------------------


@login_required
def member_list(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not membership.has_role(Role.OWNER):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.invitation_create(
                    plan=plan,
                    user=current_user(request),
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    language=current_language(),
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(
                    request,
                    _("An invitation has been sent to %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("plans:members", plan.pk)
    members = (
        Membership.objects.filter(plan=plan)
        .select_related("user")
        .order_by("user__name", "user__email")
    )
    invitations = Invitation.objects.filter(
        plan=plan, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gte=clock.now()
    )
    role_forms = {
        m.pk: MemberRoleForm(initial={"role": m.role}, prefix=f"m{m.pk}") for m in members
    }
    return render_plan_page(
        request,
        "plans/members.html",
        plan,
        membership,
        "members",
        members=members,
        invitations=invitations,
        form=form,
        role_forms=role_forms,
        roles=Role.choices,
    )


@login_required
@require_POST
def member_change(request: HttpRequest, plan_id: int, pk: int) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id, Role.OWNER)
    target = get_object_or_404(Membership.objects.select_related("user"), pk=pk, plan=plan)
    try:
        if "remove" in request.POST:
            services.membership_remove(plan=plan, user=current_user(request), membership=target)
            messages.success(request, _("%(user)s is no longer a member.") % {"user": target.user})
        else:
            form = MemberRoleForm(request.POST, prefix=f"m{target.pk}")
            if not form.is_valid():
                raise ValidationError(_("Choose one of the roles."))
            services.membership_change_role(
                plan=plan,
                user=current_user(request),
                membership=target,
                role=form.cleaned_data["role"],
            )
            messages.success(
                request, _("The role of %(user)s has been changed.") % {"user": target.user}
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    if (
        target.user_id == request.user.pk
        and not Membership.objects.filter(plan=plan, user=target.user).exists()
    ):
        return redirect("plans:list")
    return redirect("plans:members", plan.pk)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, plan_id: int, pk: int) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id, Role.OWNER)
    invitation = get_object_or_404(Invitation, pk=pk, plan=plan, accepted_at__isnull=True)
    services.invitation_revoke(plan=plan, user=current_user(request), invitation=invitation)
    messages.success(
        request, _("The invitation for %(email)s has been withdrawn.") % {"email": invitation.email}
    )
    return redirect("plans:members", plan.pk)


# --- settings ------------------------------------------------------------------------------------


@login_required
def plan_settings(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.OWNER)
    data = request.POST if request.method == "POST" else None
    form = PlanSettingsForm(data, instance=plan)
    periods = ReportingPeriodFormSet(data, instance=plan, prefix="periods")
    if request.method == "POST" and form.is_valid() and periods.is_valid():
        try:
            waits = settings_save(
                user=current_user(request),
                plan=form.save(commit=False),
                phases=form.cleaned_data["phases"],
                domains=form.cleaned_data["domains"],
                periods=periods.forms,
                version=form.cleaned_data.get("version"),
                reason=form.cleaned_data.get("change_reason") or "",
                request_key=form.cleaned_data.get("change_request_key"),
            )
        except EditConflict as conflict:
            form.explain_conflict(conflict, version=settings_version(conflict.current))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The plan settings have been saved."))
            if waits:
                messages.info(request, waits)
            return redirect("plans:settings", plan.pk)
    return render_plan_page(
        request, "plans/settings.html", plan, membership, "settings", form=form, periods=periods,
        **holiday_context(plan),
    )  # fmt: skip


@login_required
def plan_delete(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id, Role.OWNER)
    if request.method == "POST":
        typed = request.POST.get("confirm_title", "").strip()
        if typed == plan.title:
            title = plan.title
            services.plan_delete(user=current_user(request), plan=plan)
            messages.success(request, _("The plan “%(plan)s” has been deleted.") % {"plan": title})
            return redirect("plans:list")
        messages.error(request, _("Type the title of the plan exactly to delete it."))
    return render_plan_page(request, "plans/plan_delete.html", plan, membership, "settings")


# --- the plan as a file --------------------------------------------------------------------------


@login_required
@require_GET
def plan_file_download(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, _membership = get_plan_for_user(request, plan_id)
    response = HttpResponse(export_plan(plan), content_type="application/yaml; charset=utf-8")
    return as_attachment(response, file_name(plan.title, "yaml"))


@login_required
def plan_file_upload(request: HttpRequest) -> HttpResponse:
    """A new plan from a plan file."""
    form = PlanFileForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            plan = import_plan(user=current_user(request), text=form.cleaned_data["file"])
        except PlanImportError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _("The plan “%(plan)s” has been made from the file.") % {"plan": plan.title},
            )
            return redirect("plans:overview", plan.pk)
    return render(request, "plans/plan_upload.html", {"form": form, "problems": problems})


@login_required
def plan_file_replace(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Replace the content of a plan by a plan file; the history keeps what was there."""
    plan, membership = get_plan_for_user(request, plan_id, Role.OWNER)
    form = PlanFileReplaceForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            import_plan(user=current_user(request), text=form.cleaned_data["file"], into=plan)
        except PlanImportError as error:
            problems = error.problems
        else:
            messages.success(request, _("The plan has been replaced by the content of the file."))
            return redirect("plans:overview", plan.pk)
    return render_plan_page(
        request,
        "plans/plan_upload.html",
        plan,
        membership,
        "settings",
        form=form,
        problems=problems,
    )
