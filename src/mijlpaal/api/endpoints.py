"""The API's resources: a member's plans and, per plan, its content, schedule, logbook and
decision documents; status updates are posted here too, through the same form and service as the
web page. Every list is a page (`limit`, at most 500, and `offset`) read in a fixed number of
queries whatever the plan's size."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Annotated, Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from mijlpaal.api.models import ApiToken
from mijlpaal.api.schemas import (
    MAX_ID,
    ActivityOut,
    AssignmentOut,
    DecisionOut,
    DependencyOut,
    EntryOut,
    Error,
    GoalOut,
    MilestoneOut,
    Page,
    PartyOut,
    PlanOut,
    ScheduleOut,
    StatusUpdateIn,
    WorkstreamOut,
)
from mijlpaal.decisions.models import DecisionDocument
from mijlpaal.monitoring import services as monitoring
from mijlpaal.monitoring.forms import EntryForm
from mijlpaal.monitoring.models import NEWEST_FIRST, Entry, EntryKind
from mijlpaal.monitoring.queries import plan_schedule
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.models import (
    Activity,
    Dependency,
    Goal,
    Membership,
    Milestone,
    Party,
    Plan,
    Role,
    Workstream,
)
from mijlpaal.responsibilities.models import Assignment

router = Router()

M = TypeVar("M", bound=Model)

READ_ERRORS: dict[int, type[Schema]] = {401: Error, 404: Error, 422: Error}
MAX_LIMIT = 500
PlanId = Annotated[int, Path(ge=1, le=MAX_ID)]


class Paging(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=1_000_000)


def _page(
    rows: QuerySet[M], paging: Paging, convert: Callable[[M], Any] | None = None
) -> dict[str, Any]:
    """Two queries: the count and the page."""
    count = rows.count()
    found: Iterable[Any] = rows[paging.offset : paging.offset + paging.limit]
    items = [convert(r) for r in found] if convert else list(found)
    return {"count": count, "limit": paging.limit, "offset": paging.offset, "items": items}


def _plan(request: HttpRequest, plan_id: PlanId) -> Plan:
    plan, _membership = get_plan_for_user(request, plan_id)
    return plan


@router.get(
    "/plans",
    response={200: Page[PlanOut], 401: Error, 422: Error},
    url_name="plans",
    tags=["plans"],
)
def plans(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """The plans you are a member of, with your role in each."""
    rows = Membership.objects.filter(user=request.user.pk or 0).select_related("plan")

    def out(m: Membership) -> dict[str, Any]:
        p = m.plan
        return {**{f: getattr(p, f) for f in PlanOut.model_fields if f != "role"}, "role": m.role}

    return _page(rows.order_by("plan__title", "plan_id"), paging, out)


@router.get(
    "/plans/{plan_id}", response={200: PlanOut, **READ_ERRORS}, url_name="plan", tags=["plans"]
)
def plan(request: HttpRequest, plan_id: PlanId) -> dict[str, Any]:
    found, membership = get_plan_for_user(request, plan_id)
    return {
        **{f: getattr(found, f) for f in PlanOut.model_fields if f != "role"},
        "role": membership.role,
    }


@router.get(
    "/plans/{plan_id}/goals",
    response={200: Page[GoalOut], **READ_ERRORS},
    url_name="goals",
    tags=["content"],
)
def goals(request: HttpRequest, plan_id: PlanId, paging: Query[Paging]) -> dict[str, Any]:
    return _page(Goal.objects.filter(plan=_plan(request, plan_id)).order_by("order", "id"), paging)


@router.get(
    "/plans/{plan_id}/workstreams",
    response={200: Page[WorkstreamOut], **READ_ERRORS},
    url_name="workstreams",
    tags=["content"],
)
def workstreams(request: HttpRequest, plan_id: PlanId, paging: Query[Paging]) -> dict[str, Any]:
    rows = Workstream.objects.filter(plan=_plan(request, plan_id)).order_by("order", "id")
    return _page(rows, paging)


@router.get(
    "/plans/{plan_id}/milestones",
    response={200: Page[MilestoneOut], **READ_ERRORS},
    url_name="milestones",
    tags=["content"],
)
def milestones(request: HttpRequest, plan_id: PlanId, paging: Query[Paging]) -> dict[str, Any]:
    rows = Milestone.objects.filter(plan=_plan(request, plan_id)).order_by("order", "id")
    return _page(rows, paging)


def _activity(a: Activity) -> dict[str, Any]:
    fields = {f: getattr(a, f) for f in ActivityOut.model_fields if f not in {"phase", "domain"}}
    return {
        **fields,
        "phase": a.phase.name if a.phase else None,
        "domain": a.domain.name if a.domain else None,
    }


@router.get(
    "/plans/{plan_id}/activities",
    response={200: Page[ActivityOut], **READ_ERRORS},
    url_name="activities",
    tags=["content"],
)
def activities(request: HttpRequest, plan_id: PlanId, paging: Query[Paging]) -> dict[str, Any]:
    rows = Activity.objects.filter(plan=_plan(request, plan_id)).select_related("phase", "domain")
    return _page(rows.order_by("order", "id"), paging, _activity)


def _dependency(d: Dependency) -> dict[str, Any]:
    before, after = d.predecessor_ref, d.successor_ref
    return {
        "id": d.pk,
        "predecessor": {"kind": before[0], "id": before[1]},
        "successor": {"kind": after[0], "id": after[1]},
        "type": d.type,
        "lag": d.lag,
    }


@router.get(
    "/plans/{plan_id}/dependencies",
    response={200: Page[DependencyOut], **READ_ERRORS},
    url_name="dependencies",
    tags=["content"],
)
def dependencies(request: HttpRequest, plan_id: PlanId, paging: Query[Paging]) -> dict[str, Any]:
    rows = Dependency.objects.filter(plan=_plan(request, plan_id)).order_by("id")
    return _page(rows, paging, _dependency)


@router.get(
    "/plans/{plan_id}/parties",
    response={200: Page[PartyOut], **READ_ERRORS},
    url_name="parties",
    tags=["content"],
)
def parties(request: HttpRequest, plan_id: PlanId, paging: Query[Paging]) -> dict[str, Any]:
    rows = Party.objects.filter(plan=_plan(request, plan_id)).order_by("order", "name", "id")
    return _page(rows, paging)


def _assignment(a: Assignment) -> dict[str, Any]:
    row, row_id = "activity", a.activity_id
    if a.workstream_id:
        row, row_id = "workstream", a.workstream_id
    elif a.milestone_id:
        row, row_id = "milestone", a.milestone_id
    return {"id": a.pk, "party_id": a.party_id, "row": row, "row_id": row_id, "letters": a.letters}


@router.get(
    "/plans/{plan_id}/veri",
    response={200: Page[AssignmentOut], **READ_ERRORS},
    url_name="veri",
    tags=["content"],
)
def veri(request: HttpRequest, plan_id: PlanId, paging: Query[Paging]) -> dict[str, Any]:
    """The cells of the VERI matrix (RACI with O and S): a party's letters on a row."""
    rows = Assignment.objects.filter(plan=_plan(request, plan_id)).order_by("id")
    return _page(rows, paging, _assignment)


@router.get(
    "/plans/{plan_id}/schedule",
    response={200: ScheduleOut, **READ_ERRORS},
    url_name="schedule",
    tags=["schedule"],
)
def schedule(request: HttpRequest, plan_id: PlanId) -> dict[str, Any]:
    """The computed schedule as the pages show it (with the forecasts of the status updates):
    each milestone's and activity's start, finish, latest start, slack in working days and
    whether it is critical, and where the plan cannot work."""
    result = plan_schedule(_plan(request, plan_id))

    def dates(pk: int, d: Any) -> dict[str, Any]:
        return {"id": pk, **{f: getattr(d, f) for f in ("start", "finish", "late_start")},
                "slack": d.slack, "critical": d.critical}  # fmt: skip

    return {
        "milestones": [dates(pk, d) for pk, d in result.milestones.items()],
        "activities": [dates(pk, d) for pk, d in result.activities.items()],
        "warnings": [
            {"severity": w.severity, "code": w.code, "message": w.message} for w in result.warnings
        ],
    }


def _entries(plan: Plan) -> QuerySet[Entry]:
    return Entry.objects.filter(plan=plan).defer("answers").order_by(*NEWEST_FIRST)


@router.get(
    "/plans/{plan_id}/logbook",
    response={200: Page[EntryOut], **READ_ERRORS},
    url_name="logbook",
    tags=["progress"],
)
def logbook(request: HttpRequest, plan_id: PlanId, paging: Query[Paging]) -> dict[str, Any]:
    """The logbook, newest first: status updates and evaluations."""
    return _page(_entries(_plan(request, plan_id)), paging)


@router.get(
    "/plans/{plan_id}/status-updates",
    response={200: Page[EntryOut], **READ_ERRORS},
    url_name="status_updates",
    tags=["progress"],
)
def status_updates(request: HttpRequest, plan_id: PlanId, paging: Query[Paging]) -> dict[str, Any]:
    """The status updates, newest first; a correction names the entry it corrects."""
    return _page(_entries(_plan(request, plan_id)).filter(kind=EntryKind.STATUS), paging)


SUBJECTS: dict[str, type[Milestone] | type[Activity] | type[Workstream]] = {
    "milestone": Milestone,
    "activity": Activity,
    "workstream": Workstream,
}


def _not_saved(errors: dict[str, list[str]]) -> Status[dict[str, Any]]:
    return Status(422, {"detail": _("The status update was not saved."), "errors": errors})


@router.post(
    "/plans/{plan_id}/status-updates",
    response={
        **{200: EntryOut, 201: EntryOut},
        **{400: Error, 401: Error, 403: Error, 404: Error, 422: Error},
    },
    url_name="status_updates",
    tags=["progress"],
)
def status_update_post(request: HttpRequest, plan_id: PlanId, body: StatusUpdateIn) -> Status[Any]:
    """Post a status update (or a correction of one) about the plan, a workstream, milestone
    or activity: a contributor's role and a read-and-write token. The same `request_key` sent
    again answers 200 with the update stored the first time."""
    plan, membership = get_plan_for_user(request, plan_id)
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    if not token.can_write:
        raise PermissionDenied(_("This token may only read; make a read and write token."))
    if not membership.has_role(Role.CONTRIBUTOR):
        raise PermissionDenied(_("Only contributors, editors and owners post status updates."))
    subject: Milestone | Activity | Workstream | Plan = plan
    if body.target != "plan":
        found = SUBJECTS[body.target].objects.filter(plan=plan, pk=body.target_id or 0).first()
        if found is None:
            return _not_saved({"target_id": [_("This item does not belong to the plan.")]})
        subject = found
    corrects = None
    if body.corrects is not None:
        corrects = Entry.objects.filter(plan=plan, pk=body.corrects, kind="status").first()
        if corrects is None:
            return _not_saved({"corrects": [_("There is no such status update in this plan.")]})
    data = {
        field: "" if value is None else str(value)
        for field, value in body.model_dump(exclude={"target", "target_id", "corrects"}).items()
    }
    form = EntryForm(data, target=body.target)
    if not form.is_valid():
        return _not_saved({f: [str(m) for m in messages] for f, messages in form.errors.items()})
    entry = form.save(commit=False)
    entry.corrects = corrects
    entry.request_key = body.request_key
    try:
        stored = monitoring.entry_post(plan=plan, user=token.user, subject=subject, entry=entry)
    except ValidationError as error:
        return _not_saved({"__all__": [str(m) for m in error.messages]})
    return Status(201 if stored is entry else 200, stored)


def _decision(d: DecisionDocument) -> dict[str, Any]:
    fields = {f: getattr(d, f) for f in DecisionOut.model_fields if f != "issues"}
    issues = [{"question": i.question, "options": list(i.options.all())} for i in d.issues.all()]
    return {**fields, "issues": issues}


@router.get(
    "/plans/{plan_id}/decisions",
    response={200: Page[DecisionOut], **READ_ERRORS},
    url_name="decisions",
    tags=["decisions"],
)
def decisions(request: HttpRequest, plan_id: PlanId, paging: Query[Paging]) -> dict[str, Any]:
    """The decision documents (beslisdocumenten), newest first, with their issues and options."""
    rows = DecisionDocument.objects.filter(plan=_plan(request, plan_id))
    rows = rows.prefetch_related("issues__options").order_by("-created_at", "-id")
    return _page(rows, paging, _decision)
