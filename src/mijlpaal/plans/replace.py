"""Replace what a plan contains: one service for the plan file and the workbook alike.

An importer describes the plan as `PlanContent` (plans.content): typed rows that refer to each
other by their stable key (see docs/plan-format.md). `plan_import` matches the plan's rows by
that key and changes a matched row in place, so its logbook entries, VERI cells and history stay
with it; it creates what is new and deletes what is gone, VERI cells and dependencies included.
Every create, change and delete goes through the services and so into the plan's history, all in
one transaction or not at all.

`KeyResolver` gives an importer the key for each of its rows: the key the source names when the
plan knows it, else the key of the plan's row with the same name, else the source's own id or a
fresh key.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Sequence
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction

from mijlpaal.accounts.models import User
from mijlpaal.plans import services
from mijlpaal.plans.closures import closures_changed
from mijlpaal.plans.content import (
    ClosureData,
    ContentError,
    ContentProblem,
    MilestoneDetails,
    PartyDetails,
    PlanContent,
    Ref,
)
from mijlpaal.plans.models import (
    Activity,
    Closure,
    Dependency,
    Domain,
    Goal,
    Milestone,
    Party,
    Phase,
    Plan,
    ReportingPeriod,
    Workstream,
    new_key,
)
from mijlpaal.plans.scheduling import loops
from mijlpaal.responsibilities.models import Assignment
from mijlpaal.responsibilities.services import assignment_set

M = TypeVar("M", bound=models.Model)
Row = Workstream | Milestone | Activity
KEY_LENGTH = 100

# --- keys ----------------------------------------------------------------------------------------

KINDS = ("goal", "workstream", "milestone", "activity", "party")
KEY_SPACE = {"milestone": "item", "activity": "item"}  # plan files give both kinds one id space


class KeyResolver:
    """The stable key for each row an importer read, as the module docstring describes."""

    def __init__(self, plan: Plan | None) -> None:
        self.known: dict[str, dict[str, Hashable]] = {kind: {} for kind in KINDS}
        if plan is not None:
            self._load(plan)
        self.used: dict[str, set[str]] = {}
        for kind, known in self.known.items():
            self.used.setdefault(KEY_SPACE.get(kind, kind), set()).update(known)

    def _load(self, plan: Plan) -> None:
        """Key → name of the plan's rows; a milestone's or activity's is (workstream, title)."""
        for kind, model, name in (
            ("goal", Goal, "description"),
            ("workstream", Workstream, "name"),
            ("party", Party, "name"),
        ):
            names = model._default_manager.filter(plan=plan).values_list("key", name)
            self.known[kind] = dict(names)
        for kind, item in (("milestone", Milestone), ("activity", Activity)):
            titles = item._default_manager.filter(plan=plan).values_list(
                "key", "workstream__name", "title"
            )
            self.known[kind] = {key: (ws or "", title) for key, ws, title in titles}

    def keys(self, kind: str, rows: Sequence[tuple[str | None, Hashable]]) -> list[str]:
        """A key for each (the source's own key or None, name), in the same order."""
        known = self.known[kind]
        claimed: set[str] = set()
        found: list[str | None] = []
        for own, _name in rows:
            # A key twice (a copied row): the first row keeps it, the second is a new row.
            found.append(own if own in known and own not in claimed else None)
            claimed.add(own or "")
        by_name: dict[Hashable, list[str]] = {}
        for key, name in known.items():
            if key not in claimed:
                by_name.setdefault(name, []).append(key)
        for i, (_own, name) in enumerate(rows):
            if found[i] is None and by_name.get(name):
                found[i] = by_name[name].pop(0)
        return [key or self._new(kind, own) for key, (own, _name) in zip(found, rows, strict=True)]

    def _new(self, kind: str, own: str | None) -> str:
        used = self.used[KEY_SPACE.get(kind, kind)]
        key = own if own and len(own) <= KEY_LENGTH and own not in used else None
        while key is None or key in used:
            key = new_key(kind[0])
        used.add(key)
        return key


# --- the service ---------------------------------------------------------------------------------


@transaction.atomic
def plan_import(*, user: User, content: PlanContent, into: Plan | None = None) -> Plan:
    """Make a new plan of `content`, or make `into` contain what `content` says. All or nothing.

    Raises ContentError with every problem when the plan refuses a value.
    """
    plan = _plan_save(user, content, into)
    _Replacement(plan, user, content).run()
    found = loops(plan)
    if found:  # a plan whose items wait for each other cannot be scheduled: refuse it whole
        raise ContentError([ContentProblem(None, "Dependency", "", message) for message in found])
    return plan


def _plan_save(user: User, content: PlanContent, into: Plan | None) -> Plan:
    """The new plan, or `into` with the content's own fields of the plan when it has them."""
    fields = content.plan
    if into is None and fields is None:
        raise ValueError("a new plan needs its own fields")
    # A fresh copy: the caller's plan stays as it was when the import is refused.
    plan = Plan() if into is None else Plan.objects.select_for_update().get(pk=into.pk)
    if fields is None:
        return plan
    _copy(plan, fields)
    try:
        if into is None:
            return services.plan_create(user=user, plan=plan)
        phases = _names(plan, Phase, content.phases)
        domains = _names(plan, Domain, content.domains)
        return services.plan_update_settings(user=user, plan=plan, phases=phases, domains=domains)
    except ValidationError as error:
        raise ContentError(_problems(error, "Plan", None)) from error


def _names(plan: Plan, model: type[Phase] | type[Domain], names: Sequence[str] | None) -> list[str]:
    """The names the content gives, or else the ones the plan has."""
    if names is not None:
        return list(names)
    return list(model.objects.filter(plan=plan).values_list("name", flat=True))


def _copy(row: models.Model, data: Any, *names: str) -> None:
    """Copy the named fields of `data` onto `row` (all of its fields when none are named)."""
    for name in names or [f.name for f in dataclasses.fields(data)]:
        setattr(row, name, getattr(data, name))


def _before(row: models.Model) -> dict[str, Any] | None:
    return services.snapshot(row) if row.pk is not None else None


def _problems(error: ValidationError, model: str, origin: object) -> list[ContentProblem]:
    fields = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    return [
        ContentProblem(origin, model, "" if name == NON_FIELD_ERRORS else name, message)
        for name, messages in fields.items()
        for message in messages
    ]


def _item_ref(milestone_id: int | None, activity_id: int | None) -> tuple[str, int | None]:
    return ("milestone", milestone_id) if milestone_id is not None else ("activity", activity_id)


class _Replacement:
    """One replacement: the rows it keeps per key, and the problems it met."""

    def __init__(self, plan: Plan, user: User, content: PlanContent) -> None:
        self.plan, self.user, self.content = plan, user, content
        self.problems: list[ContentProblem] = []
        self.old: dict[type[models.Model], dict[str, Any]] = {}
        self.goals: dict[str, Goal] = {}
        self.workstreams: dict[str, Workstream] = {}
        self.milestones: dict[str, Milestone] = {}
        self.activities: dict[str, Activity] = {}
        self.parties: dict[str, Party] = {}
        self.phases: dict[str, Phase] = {}
        self.domains: dict[str, Domain] = {}

    def run(self) -> None:
        self.sync_names()
        self.sync_periods()
        self.sync_closures()
        self.sync_goals()
        self.sync_workstreams()
        self.sync_milestones()
        self.sync_activities()
        self.sync_parties()
        self.stop_on_problems()  # cells and dependencies need every row saved
        self.sync_cells()
        self.sync_dependencies()
        self.stop_on_problems()
        self.delete_gone()
        self.reorder()

    def stop_on_problems(self) -> None:
        if self.problems:
            raise ContentError(self.problems)

    # --- helpers ---------------------------------------------------------------------------------

    def existing(self, model: type[M], *related: str) -> dict[str, M]:
        """The plan's rows of `model` by key, remembered to delete those the content leaves out."""
        rows = model._default_manager.filter(plan=self.plan).select_related(*related)
        self.old[model] = {row.key: row for row in rows}  # type: ignore[attr-defined]
        return dict(self.old[model])

    def save(self, row: M, before: dict[str, Any] | None, origin: object) -> M:
        """Save a new or changed row through the services, which record it; collect refusals."""
        if before is not None and services.snapshot(row) == before:
            return row
        try:
            services.item_save(plan=self.plan, user=self.user, instance=row)
        except ValidationError as error:
            self.problems += _problems(error, type(row).__name__, origin)
        return row

    def keep(self, kept: dict[str, M], key: str, row: M) -> None:
        if row.pk is not None:  # a new row the plan refused is not there to refer to
            kept[key] = row

    def row(self, ref: Ref) -> Row | None:
        kind, key = ref
        if kind == "workstream":
            return self.workstreams.get(key)
        if kind == "milestone":
            return self.milestones.get(key)
        return self.activities.get(key)

    def delete(self, row: models.Model) -> None:
        services.item_delete(plan=self.plan, user=self.user, instance=row)

    # --- the steps -------------------------------------------------------------------------------

    def sync_names(self) -> None:
        for model, names in ((Phase, self.content.phases), (Domain, self.content.domains)):
            if names is None:
                continue
            try:
                services.names_sync(plan=self.plan, user=self.user, model=model, names=names)
            except ValidationError as error:
                self.problems += _problems(error, model.__name__, None)
        self.phases = {p.name: p for p in Phase.objects.filter(plan=self.plan)}
        self.domains = {d.name: d for d in Domain.objects.filter(plan=self.plan)}

    def sync_periods(self) -> None:
        if self.content.periods is None:
            return
        old = {p.name: p for p in ReportingPeriod.objects.filter(plan=self.plan)}
        for data in self.content.periods:
            period = old.pop(data.name, None) or ReportingPeriod()
            before = _before(period)
            _copy(period, data, "name", "start_date", "end_date", "due_date")
            self.save(period, before, data.origin)
        for period in old.values():
            self.delete(period)

    def sync_closures(self) -> None:
        """The school calendar: a period is matched by its key, else by its name and days."""
        if self.content.closures is None:
            return
        old = {c.key: c for c in Closure.objects.filter(plan=self.plan)}
        used = set(old)
        for data in self.content.closures:
            closure = _claim_closure(old, data)
            if closure is None:  # new; a key the source gives twice is the first row's
                own = data.key if data.key and len(data.key) <= KEY_LENGTH else None
                key = own if own and own not in used else new_key("c")
                closure = Closure(key=key)
            used.add(closure.key)
            before = _before(closure)
            _copy(closure, data, "name", "kind", "start_date", "end_date", "policy", "note")
            self.save(closure, before, data.origin)
        for closure in old.values():
            self.delete(closure)
        closures_changed(self.plan)

    def sync_goals(self) -> None:
        if self.content.goals is None:
            return
        old = self.existing(Goal)
        for data in self.content.goals:
            goal = old.get(data.key) or Goal(key=data.key)
            before = _before(goal)
            _copy(goal, data, "description", "why", "indicator", "target_value", "target_date")
            self.keep(self.goals, data.key, self.save(goal, before, data.origin))

    def sync_workstreams(self) -> None:
        old = self.existing(Workstream)
        for data in self.content.workstreams:
            workstream = old.get(data.key) or Workstream(key=data.key)
            before = _before(workstream)
            workstream.name = data.name
            if data.description is not None or workstream.pk is None:
                workstream.description = data.description or ""
            self.keep(self.workstreams, data.key, self.save(workstream, before, data.origin))

    def sync_milestones(self) -> None:
        old = self.existing(Milestone, "workstream", "goal")
        for data in self.content.milestones:
            milestone = old.get(data.key) or Milestone(key=data.key)
            before = _before(milestone)
            _copy(milestone, data, "title", "number", "deadline", "lead_time", "reached_on")
            milestone.workstream = self.workstreams.get(data.workstream or "")
            if self.content.goals is not None:
                milestone.goal = self.goals.get(data.goal or "")
            if data.details is not None or milestone.pk is None:
                _copy(milestone, data.details or MilestoneDetails())
            self.keep(self.milestones, data.key, self.save(milestone, before, data.origin))

    def sync_activities(self) -> None:
        related = ("workstream", "milestone", "goal", "phase", "domain")
        old = self.existing(Activity, *related)
        for data in self.content.activities:
            activity = old.get(data.key) or Activity(key=data.key)
            before = _before(activity)
            names = ("title", "duration", "why", "result", "actual_start", "actual_finish")
            _copy(activity, data, *names)
            activity.workstream = self.workstreams.get(data.workstream or "")
            activity.milestone = self.milestones.get(data.milestone or "")
            if self.content.goals is not None:
                activity.goal = self.goals.get(data.goal or "")
            activity.phase = self.phases.get(data.phase or "")
            activity.domain = self.domains.get(data.domain or "")
            self.keep(self.activities, data.key, self.save(activity, before, data.origin))

    def sync_parties(self) -> None:
        old = self.existing(Party, "user")
        for data in self.content.parties:
            party = old.get(data.key) or Party(key=data.key)
            before = _before(party)
            party.name = data.name
            if data.details is not None or party.pk is None:
                _copy(party, data.details or PartyDetails())
            self.keep(self.parties, data.key, self.save(party, before, data.origin))

    def sync_cells(self) -> None:
        """Delete the cells the content leaves out (before their rows go), then set the rest."""
        wanted: dict[tuple[int, str, int], tuple[Party, Row, str]] = {}
        for data in self.content.cells:
            party, row = self.parties.get(data.party), self.row(data.row)
            if party is not None and row is not None:
                wanted[(party.pk, data.row[0], row.pk)] = (party, row, data.letters)
        cells = Assignment.objects.filter(plan=self.plan).select_related(
            "party", "workstream", "milestone", "activity"
        )
        for cell in cells:
            want = wanted.get((cell.party_id, *cell.row_key))
            if want is None:
                self.delete(cell)
            elif want[2] == cell.letters:
                del wanted[(cell.party_id, *cell.row_key)]
        for party, row, letters in wanted.values():
            try:
                assignment_set(
                    plan=self.plan, user=self.user, party=party, row=row, letters=letters
                )
            except ValidationError as error:
                self.problems += _problems(error, "Assignment", None)

    def sync_dependencies(self) -> None:
        """Change or create the dependencies the content names, delete the others."""
        old = {
            (
                _item_ref(d.predecessor_milestone_id, d.predecessor_activity_id),
                _item_ref(d.successor_milestone_id, d.successor_activity_id),
            ): d
            for d in Dependency.objects.filter(plan=self.plan)
        }
        for data in {(d.predecessor, d.successor): d for d in self.content.dependencies}.values():
            predecessor, successor = self.row(data.predecessor), self.row(data.successor)
            if not isinstance(predecessor, Milestone | Activity):
                continue
            if not isinstance(successor, Milestone | Activity):
                continue
            pair = ((data.predecessor[0], predecessor.pk), (data.successor[0], successor.pk))
            dependency = old.pop(pair, None)
            if dependency is None:
                self.create_dependency(predecessor, successor, data)
            elif (dependency.type, dependency.lag) != (data.type, data.lag):
                dependency.type, dependency.lag = data.type, data.lag
                self.save(dependency, None, data.origin)
        for dependency in old.values():
            self.delete(dependency)

    def create_dependency(
        self, predecessor: Milestone | Activity, successor: Milestone | Activity, data: Any
    ) -> None:
        try:
            services.dependency_create(
                plan=self.plan,
                user=self.user,
                predecessor=predecessor,
                successor=successor,
                type=data.type,
                lag=data.lag,
                check_loops=False,  # the whole plan is checked once, at the end
            )
        except ValidationError as error:
            self.problems += _problems(error, "Dependency", data.origin)

    def delete_gone(self) -> None:
        """The rows the content no longer names; their cells and dependencies went before."""
        kinds: list[tuple[type[models.Model], dict[str, Any]]] = [
            (Activity, self.activities),
            (Milestone, self.milestones),
            (Workstream, self.workstreams),
            (Party, self.parties),
            (Goal, self.goals),
        ]
        for model, kept in kinds:
            for key, row in self.old.get(model, {}).items():
                if key not in kept:
                    self.delete(row)

    def reorder(self) -> None:
        """The content's order is the plan's order (not recorded in the history)."""
        _reorder(Goal, list(self.goals.values()))
        _reorder(Workstream, list(self.workstreams.values()))
        _reorder(Milestone, list(self.milestones.values()), in_workstream=True)
        _reorder(Activity, list(self.activities.values()), in_workstream=True)
        _reorder(Party, list(self.parties.values()))


def _claim_closure(old: dict[str, Closure], data: ClosureData) -> Closure | None:
    """The plan's period that `data` describes, taken out of `old`: the one with its key, else
    the first with its name and days."""
    if data.key and data.key in old:
        return old.pop(data.key)
    days = (data.name, data.start_date, data.end_date)
    for key, closure in old.items():
        if (closure.name, closure.start_date, closure.end_date) == days:
            return old.pop(key)
    return None


def _reorder(model: type[models.Model], rows: list[Any], in_workstream: bool = False) -> None:
    counters: dict[int | None, int] = {}
    changed = []
    for row in rows:
        scope = row.workstream_id if in_workstream else None
        order = counters.get(scope, 0)
        counters[scope] = order + 1
        if row.order != order:
            row.order = order
            changed.append(row)
    model._default_manager.bulk_update(changed, ["order"])
