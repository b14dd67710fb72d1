"""Write what a workbook says into a new or an existing plan: all or nothing, every write recorded.

The workbook is the whole plan: workstreams, milestones, activities, parties, VERI cells and
dependencies that it does not name are removed. Rows are matched by name: a workstream by its
name, a milestone or activity by its workstream and title, a party by its name. Goals, reporting
periods and members are not in the workbook and are left alone.

The preview runs the same import and rolls it back, so it shows exactly what confirming will do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from openpyxl.utils import get_column_letter

from mijlpaal.accounts.models import User
from mijlpaal.plans import services
from mijlpaal.plans.models import (
    Activity,
    ChangeRecord,
    Dependency,
    Domain,
    Milestone,
    Party,
    Phase,
    Plan,
    Workstream,
)
from mijlpaal.responsibilities.models import Assignment
from mijlpaal.responsibilities.services import assignment_set
from mijlpaal.workbook.reader import (
    Content,
    ItemKey,
    MilestoneDetails,
    Problem,
    Where,
    WorkbookError,
)

M = TypeVar("M", bound=models.Model)

# Where a field is in its sheet, to point at the cell when the model refuses a value.
COLUMNS = {
    "Milestone": {"number": 1, "title": 2, "deadline": 3, "lead_time": 4, "reached_on": 5},
    "Activity": {
        "title": 3,
        "why": 4,
        "result": 5,
        "duration": 8,
        "actual_start": 11,
        "actual_finish": 12,
    },
}


class _Importer:
    def __init__(self, user: User, content: Content) -> None:
        self.user = user
        self.content = content
        self.problems: list[Problem] = []

    def save(self, plan: Plan, instance: M, where: Where | None) -> M:
        try:
            services.item_save(plan=plan, user=self.user, instance=instance)
        except ValidationError as error:
            columns = COLUMNS.get(type(instance).__name__, {})
            fields = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            for name, messages in fields.items():
                column = get_column_letter(columns[name]) if name in columns else None
                for message in messages:
                    self.problems.append(
                        Problem(
                            where.sheet if where else None,
                            where.row if where else None,
                            column,
                            message,
                        )
                    )
        return instance

    def delete(self, plan: Plan, instance: models.Model) -> None:
        services.item_delete(plan=plan, user=self.user, instance=instance)

    def run(self, into: Plan | None) -> Plan:
        c = self.content
        if into is None:
            assert c.start is not None and c.end is not None
            plan = services.plan_create(
                user=self.user,
                plan=Plan(
                    title=c.title,
                    organisation=c.organisation,
                    vision=c.vision,
                    start_date=c.start,
                    end_date=c.end,
                    region=c.region,
                    scheduling=c.scheduling,
                ),
            )
            services._sync_names(plan=plan, user=self.user, model=Phase, names=c.phases)
            services._sync_names(plan=plan, user=self.user, model=Domain, names=c.domains)
        else:
            plan = into
            for model, names in ((Phase, c.phases), (Domain, c.domains)):
                known = {row.name for row in model._default_manager.filter(plan=plan)}
                for name in names:
                    if name not in known:
                        self.save(plan, model(name=name), None)
        phases = {p.name: p for p in Phase.objects.filter(plan=plan)}
        domains = {d.name: d for d in Domain.objects.filter(plan=plan)}

        workstreams = {w.name: w for w in Workstream.objects.filter(plan=plan)}
        for name in c.workstreams:
            workstream = workstreams.get(name) or Workstream(name=name)
            if name in c.workstream_descriptions or workstream.pk is None:
                workstream.description = c.workstream_descriptions.get(name, "")
                workstreams[name] = self.save(plan, workstream, None)

        def ws(name: str | None) -> Workstream | None:
            return workstreams[name] if name else None

        old_milestones = {
            _key(m): m for m in Milestone.objects.filter(plan=plan).select_related("workstream")
        }
        milestones: dict[ItemKey, Milestone] = {}
        for row in c.milestones:
            m = old_milestones.get(row.key) or Milestone()
            m.workstream, m.title, m.number = ws(row.workstream), row.title, row.number
            m.deadline, m.lead_time, m.reached_on = row.deadline, row.lead_time, row.reached_on
            details = c.milestone_details.get(row.key)
            if details is not None or m.pk is None:
                details = details or MilestoneDetails()
                m.result, m.effort_hours = details.result, details.effort_hours
                m.is_quick_win, m.is_decision_point = (
                    details.is_quick_win,
                    details.is_decision_point,
                )
            milestones[row.key] = self.save(plan, m, row.where)
        old_activities = {
            _key(a): a for a in Activity.objects.filter(plan=plan).select_related("workstream")
        }
        activities: dict[ItemKey, Activity] = {}
        for arow in c.activities:
            a = old_activities.get(arow.key) or Activity()
            a.workstream, a.title, a.why, a.result = (
                ws(arow.workstream),
                arow.title,
                arow.why,
                arow.result,
            )
            a.phase = phases.get(arow.phase) if arow.phase else None
            a.domain = domains.get(arow.domain) if arow.domain else None
            a.milestone = milestones.get(arow.milestone) if arow.milestone else None
            a.duration, a.actual_start, a.actual_finish = (
                arow.duration,
                arow.actual_start,
                arow.actual_finish,
            )
            activities[arow.key] = self.save(plan, a, arow.where)
        if self.problems:
            raise WorkbookError(self.problems)

        parties = {p.name: p for p in Party.objects.filter(plan=plan)}
        for prow in c.parties:
            party = parties.get(prow.name) or Party(name=prow.name)
            if prow.described or party.pk is None:
                party.kind, party.role_title, party.email = prow.kind, prow.role_title, prow.email
            parties[prow.name] = self.save(plan, party, None)

        rows: dict[ItemKey, Workstream | Milestone | Activity] = {
            **{
                ("workstream", name, name): w
                for name, w in workstreams.items()
                if name in c.workstreams
            },
            **milestones,
            **activities,
        }
        self._assignments(plan, rows, parties)
        self._dependencies(plan, {**milestones, **activities})

        for a in old_activities.values():
            if a.pk not in {x.pk for x in activities.values()}:
                self.delete(plan, a)
        for m in old_milestones.values():
            if m.pk not in {x.pk for x in milestones.values()}:
                self.delete(plan, m)
        for name, w in list(workstreams.items()):
            if name not in c.workstreams:
                self.delete(plan, w)
        for name, party in parties.items():
            if name not in {p.name for p in c.parties}:
                self.delete(plan, party)
        # The workbook's row order is the plan's order (not kept in the history).
        _reorder(Milestone, [milestones[r.key] for r in c.milestones])
        # Activities in the VERI matrix's order (the plan's); the activity plan sorts them by phase.
        position = {key: i for i, key in enumerate(c.assignment_rows)}
        in_plan_order = sorted(c.activities, key=lambda r: position.get(r.key, len(position)))
        _reorder(Activity, [activities[r.key] for r in in_plan_order])
        _reorder(Workstream, [workstreams[name] for name in c.workstreams], by_workstream=False)
        ordered = [parties[p.name] for p in c.parties]
        for order, party in enumerate(ordered):
            party.order = order
        Party.objects.bulk_update(ordered, ["order"])
        if self.problems:
            raise WorkbookError(self.problems)
        return plan

    def _assignments(self, plan: Plan, rows: dict[ItemKey, Any], parties: dict[str, Party]) -> None:
        wanted = {
            (_row_ref(rows[key]), parties[party].pk): (rows[key], parties[party], letters)
            for (key, party), letters in self.content.assignments.items()
            if key in rows
        }
        for cell in Assignment.objects.filter(plan=plan).select_related(
            "party", "workstream", "milestone", "activity"
        ):
            ref = (cell.row_key, cell.party_id)
            if ref not in wanted and cell.row is not None:
                assignment_set(
                    plan=plan, user=self.user, party=cell.party, row=cell.row, letters=""
                )
        for row, party, letters in wanted.values():
            assignment_set(plan=plan, user=self.user, party=party, row=row, letters=letters)

    def _dependencies(self, plan: Plan, items: dict[ItemKey, Milestone | Activity]) -> None:
        existing = {}
        for d in Dependency.objects.filter(plan=plan):
            existing[
                (
                    _item_ref(d.predecessor_milestone_id, d.predecessor_activity_id),
                    _item_ref(d.successor_milestone_id, d.successor_activity_id),
                )
            ] = d
        keep: set[int] = set()
        for row in self.content.dependencies:
            pred, succ = items[row.predecessor], items[row.successor]
            ref = (_row_ref(pred), _row_ref(succ))
            dep = existing.get(ref)
            if dep is None:
                try:
                    dep = services.dependency_create(
                        plan=plan,
                        user=self.user,
                        predecessor=pred,
                        successor=succ,
                        type=row.type,
                        lag=row.lag,
                    )
                except ValidationError as error:
                    self.problems += [
                        Problem(row.where.sheet, row.where.row, None, m) for m in error.messages
                    ]
                    continue
            elif (dep.type, dep.lag) != (row.type, row.lag):
                dep.type, dep.lag = row.type, row.lag
                self.save(plan, dep, row.where)
            keep.add(dep.pk)
        for dep in existing.values():
            if dep.pk not in keep:
                self.delete(plan, dep)


def _key(item: Milestone | Activity) -> ItemKey:
    kind = "milestone" if isinstance(item, Milestone) else "activity"
    return (kind, item.workstream.name if item.workstream else "", item.title)


def _row_ref(item: Workstream | Milestone | Activity) -> tuple[str, int]:
    kind = (
        "workstream"
        if isinstance(item, Workstream)
        else "milestone"
        if isinstance(item, Milestone)
        else "activity"
    )
    return (kind, item.pk)


def _item_ref(milestone_id: int | None, activity_id: int | None) -> tuple[str, int]:
    if milestone_id is not None:
        return ("milestone", milestone_id)
    assert activity_id is not None
    return ("activity", activity_id)


def _reorder(
    model: type[Milestone] | type[Activity] | type[Workstream],
    items: list[Any],
    by_workstream: bool = True,
) -> None:
    counters: dict[int | None, int] = {}
    for item in items:
        scope = item.workstream_id if by_workstream else None
        item.order = counters.get(scope, 0)
        counters[scope] = item.order + 1
    model._default_manager.bulk_update(items, ["order"])


@transaction.atomic
def workbook_import(*, user: User, content: Content, into: Plan | None = None) -> Plan:
    """Make a new plan from the workbook, or make `into` what the workbook says. All or nothing."""
    return _Importer(user, content).run(into)


@dataclass(frozen=True)
class Preview:
    added: list[ChangeRecord]
    changed: list[ChangeRecord]
    removed: list[ChangeRecord]


class _DryRun(Exception):
    def __init__(self, records: list[ChangeRecord]) -> None:
        self.records = records


def workbook_preview(
    *,
    user: User,
    content: Content,
    into: Plan | None = None,
    run: Callable[..., Plan] = workbook_import,
) -> Preview:
    """What importing would add, change and remove: the import itself, rolled back."""
    last = ChangeRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
    try:
        with transaction.atomic():
            plan = run(user=user, content=content, into=into)
            raise _DryRun(list(ChangeRecord.objects.filter(plan=plan, id__gt=last).order_by("id")))
    except _DryRun as dry:
        records = [r for r in dry.records if r.object_type not in {"plan"}]
    return Preview(
        added=[r for r in records if r.action == ChangeRecord.Action.CREATE],
        changed=[r for r in records if r.action == ChangeRecord.Action.UPDATE],
        removed=[r for r in records if r.action == ChangeRecord.Action.DELETE],
    )
