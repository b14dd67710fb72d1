"""Write what a workbook says into a new or an existing plan, through `plans.replace`.

The workbook is the whole plan: workstreams, milestones, activities, parties, VERI cells and
dependencies that it does not name are removed. A row is matched by the stable key in the hidden
column ‘Sleutel’ (a party by the key on its row in ‘Gegevens’); a row without a key, from a
workbook exported before there were keys or typed in by hand, is matched by name: a workstream by
its name, a milestone or activity by its workstream and title, a party by its name. Goals,
reporting periods and members are not in the workbook and are left alone, and so are the plan's
own fields when the workbook goes into an existing plan.

The preview runs the same import and rolls it back, so it shows exactly what confirming will do.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from mijlpaal.accounts.models import User
from mijlpaal.decisions.roles import roles_set
from mijlpaal.plans.content import (
    ActivityData,
    CellData,
    ContentError,
    ContentProblem,
    DependencyData,
    MilestoneData,
    PartyData,
    PartyDetails,
    PlanContent,
    PlanFields,
    WorkstreamData,
    WorkstreamLinks,
)
from mijlpaal.plans.models import ChangeRecord, Party, Plan
from mijlpaal.plans.replace import KeyResolver, plan_import
from mijlpaal.workbook.reader import Content, ItemKey, ItemRow, Problem, Where, WorkbookError

T = TypeVar("T")

# Where a field is in its sheet, to point at the cell when the model refuses a value.
COLUMNS = {
    "Milestone": {"number": 1, "title": 2, "deadline": 3, "lead_time": 4, "reached_on": 5},
    "Closure": {"name": 2, "kind": 3, "start_date": 4, "end_date": 5, "policy": 6, "note": 7},
    "Activity": {
        "title": 3,
        "why": 4,
        "result": 5,
        "duration": 8,
        "actual_start": 11,
        "actual_finish": 12,
    },
}


def _item_name(key: ItemKey) -> Hashable:
    """The name `KeyResolver` matches a milestone or activity by: (workstream, title)."""
    return (key[1], key[2])


class _Keys:
    """The stable key of every row of the workbook, by the name the workbook refers to it with."""

    def __init__(self, content: Content, resolver: KeyResolver) -> None:
        names = content.workstreams
        keys = resolver.keys("workstream", [(content.workstream_keys.get(n), n) for n in names])
        self.workstreams = dict(zip(names, keys, strict=True))
        self.items: dict[ItemKey, str] = {}
        for kind, rows in (("milestone", content.milestones), ("activity", content.activities)):
            wanted = [(row.stable_key, _item_name(row.key)) for row in rows]
            self.items.update(zip([r.key for r in rows], resolver.keys(kind, wanted), strict=True))
        parties = [(p.stable_key, p.name) for p in content.parties]
        keys = resolver.keys("party", parties)
        self.parties = dict(zip([p.name for p in content.parties], keys, strict=True))

    def row(self, key: ItemKey) -> tuple[str, str]:
        if key[0] == "workstream":
            return ("workstream", self.workstreams[key[1]])
        return (key[0], self.items[key])

    def workstream(self, name: str | None) -> str | None:
        return self.workstreams[name] if name else None


def plan_content(content: Content, into: Plan | None) -> PlanContent:
    """The workbook as the neutral description of a plan that `plan_import` writes."""
    keys = _Keys(content, KeyResolver(into))
    return PlanContent(
        plan=None if into is not None else _plan_fields(content),
        phases=content.phases,
        domains=content.domains,
        workstreams=[
            WorkstreamData(
                keys.workstreams[n],
                n,
                content.workstream_descriptions.get(n),
                links=_links(content, keys, n),
            )
            for n in content.workstreams
        ],
        milestones=_milestones(content, keys),
        activities=_activities(content, keys),
        parties=[
            PartyData(
                keys.parties[p.name],
                p.name,
                PartyDetails(p.kind, p.role_title, p.email) if p.described else None,
            )
            for p in content.parties
        ],
        cells=[
            CellData(keys.parties[party], keys.row(row), letters)
            for (row, party), letters in content.assignments.items()
        ],
        dependencies=[
            DependencyData(
                keys.row(d.predecessor), keys.row(d.successor), d.type, d.lag, origin=d.where
            )
            for d in content.dependencies
        ],
        # A workbook without rows ‘sluiting’ (made before there were any) keeps the calendar.
        closures=content.closures or None,
    )


def _links(content: Content, keys: _Keys, workstream: str) -> WorkstreamLinks | None:
    """The owner on the workstream's row in Gegevens; None (keep it) without such a row."""
    if workstream not in content.workstream_owners:
        return None
    owner = content.workstream_owners[workstream][0]
    return WorkstreamLinks(owner=keys.parties.get(owner) if owner else None)


def _shared(cls: type[T], source: object, **given: Any) -> T:
    """A `cls` of what is `given` and of the fields it shares with `source` by name."""
    names = [f.name for f in dataclasses.fields(cls) if f.name not in given]  # type: ignore[arg-type]
    return cls(**{name: getattr(source, name) for name in names if hasattr(source, name)}, **given)


def _plan_fields(content: Content) -> PlanFields:
    assert content.start is not None and content.end is not None  # the reader checked them
    return _shared(PlanFields, content, start_date=content.start, end_date=content.end)


def _item(cls: type[T], row: ItemRow, keys: _Keys, **given: Any) -> T:
    """A milestone or activity of the sheet's row, with its key, workstream and origin."""
    key, workstream = keys.items[row.key], keys.workstream(row.workstream)
    return _shared(cls, row, key=key, workstream=workstream, origin=row.where, **given)


def _milestones(content: Content, keys: _Keys) -> list[MilestoneData]:
    return [_item(MilestoneData, row, keys) for row in content.milestones]


def _activities(content: Content, keys: _Keys) -> list[ActivityData]:
    """In the plan's order, which is the VERI matrix's; the activity plan sorts them by phase."""
    position = {key: i for i, key in enumerate(content.assignment_rows)}
    rows = sorted(content.activities, key=lambda r: position.get(r.key, len(position)))
    return [
        _item(
            ActivityData, row, keys, milestone=keys.items[row.milestone] if row.milestone else None
        )
        for row in rows
    ]


def _problem(problem: ContentProblem) -> Problem:
    where = problem.origin if isinstance(problem.origin, Where) else None
    column = COLUMNS.get(problem.model, {}).get(problem.field)
    return Problem(
        where.sheet if where else None,
        where.row if where else None,
        get_column_letter(column) if column else None,
        problem.message,
    )


@transaction.atomic
def workbook_import(*, user: User, content: Content, into: Plan | None = None) -> Plan:
    """Make a new plan from the workbook, or make `into` what the workbook says. All or nothing."""
    try:
        plan = plan_import(user=user, content=plan_content(content, into), into=into)
    except ContentError as error:
        raise WorkbookError([_problem(p) for p in error.problems]) from error
    if content.project_roles is not None:
        project_roles_import(plan=plan, user=user, roles=content.project_roles)
    return plan


def project_roles_import(*, plan: Plan, user: User, roles: list[tuple[str, str, Where]]) -> None:
    """The rows ‘projectrol’ become the plan's project roles (a workbook without them keeps the
    roles); a role naming no party of the plan is refused with its cell."""
    parties = {p.name: p for p in Party.objects.filter(plan=plan)}
    unknown = [
        Problem(where.sheet, where.row, "C", _("no party is called ‘%(name)s’") % {"name": name})
        for _kind, name, where in roles
        if name not in parties
    ]
    if unknown:
        raise WorkbookError(unknown)
    chosen = {kind: parties[name] for kind, name, _where in roles if kind != "stuurgroep"}
    roles_set(
        plan=plan,
        user=user,
        commissioner=chosen.get("opdrachtgever"),
        project_leader=chosen.get("projectleider"),
        steering=[parties[name] for kind, name, _where in roles if kind == "stuurgroep"],
    )


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
