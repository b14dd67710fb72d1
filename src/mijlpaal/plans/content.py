"""What a plan contains, described by an importer for `plans.replace.plan_import`.

Plain, typed rows, read from a plan file or a workbook, that refer to each other by their stable
key (`key` on goals, workstreams, milestones, activities and parties; see docs/plan-format.md).
Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from mijlpaal.plans.models import PartyKind, SchedulingMode

Ref = tuple[str, str]  # ("workstream" | "milestone" | "activity", key)


@dataclass(frozen=True)
class PlanFields:
    """The plan's own fields."""

    title: str
    start_date: dt.date
    end_date: dt.date
    organisation: str = ""
    vision: str = ""
    region: str = ""
    scheduling: str = SchedulingMode.ALAP


@dataclass(frozen=True)
class SourceRow:
    """A row an importer read: its stable key, and where it read it (a line, a sheet and row),
    which comes back with a problem the plan has with the row."""

    key: str
    origin: object = field(default=None, kw_only=True)


@dataclass(frozen=True)
class GoalData(SourceRow):
    """Doelstelling."""

    description: str
    why: str = ""
    indicator: str = ""
    target_value: str = ""
    target_date: dt.date | None = None


@dataclass(frozen=True)
class NamedRow(SourceRow):
    """A workstream or a party. Its other fields are None where the source does not describe them
    (a workbook without its row in ‘Gegevens’): an existing row then keeps what it has."""

    name: str


@dataclass(frozen=True)
class WorkstreamData(NamedRow):
    """Deelproject."""

    description: str | None = None


@dataclass(frozen=True)
class MilestoneDetails:
    """What the milestone plan sheet does not show: the tangible result, effort and marks."""

    result: str = ""
    effort_hours: int | None = None
    is_quick_win: bool = False
    is_decision_point: bool = False


@dataclass(frozen=True)
class MilestoneData(SourceRow):
    """Mijlpaal; what it waits for besides its activities is a dependency."""

    title: str
    workstream: str | None = None  # key
    goal: str | None = None  # key; only used when the content describes the goals
    number: int | None = None  # None: the next number in its workstream
    deadline: dt.date | None = None
    lead_time: str = ""
    reached_on: dt.date | None = None
    details: MilestoneDetails | None = None  # None: an existing milestone keeps its details


@dataclass(frozen=True)
class ActivityData(SourceRow):
    """Activiteit, and the milestone it leads to."""

    title: str
    duration: str
    workstream: str | None = None  # key
    milestone: str | None = None  # key
    goal: str | None = None  # key; only used when the content describes the goals
    why: str = ""
    result: str = ""
    phase: str | None = None  # name
    domain: str | None = None  # name
    actual_start: dt.date | None = None
    actual_finish: dt.date | None = None


@dataclass(frozen=True)
class PartyDetails:
    """What the VERI matrix does not show of a party."""

    kind: str = PartyKind.OTHER
    role_title: str = ""
    email: str = ""


@dataclass(frozen=True)
class PartyData(NamedRow):
    """Betrokken partij: a column of the VERI matrix."""

    details: PartyDetails | None = None


@dataclass(frozen=True)
class DependencyData:
    """Afhankelijkheid between two milestones or activities."""

    predecessor: Ref  # ("milestone" | "activity", key)
    successor: Ref
    type: str = "FS"
    lag: str = "0d"
    origin: object = None


@dataclass(frozen=True)
class CellData:
    """A cell of the VERI matrix: a party's letters on a workstream, milestone or activity."""

    party: str  # key
    row: Ref
    letters: str


@dataclass(frozen=True)
class PeriodData:
    """A reporting period; matched by its name."""

    name: str
    start_date: dt.date
    end_date: dt.date
    due_date: dt.date | None = None
    origin: object = None


@dataclass(frozen=True)
class ClosureData:
    """A period of the school calendar (toetsweek, studiedag, ...); `key` None when the source
    does not know it: it is then matched by its name and days, or new."""

    key: str | None
    name: str
    kind: str
    start_date: dt.date
    end_date: dt.date
    policy: str = "no_work"
    note: str = ""
    origin: object = None


@dataclass(frozen=True)
class PlanContent:
    """All a plan contains. What is None is not described, and stays as it is."""

    plan: PlanFields | None
    workstreams: Sequence[WorkstreamData] = ()
    milestones: Sequence[MilestoneData] = ()
    activities: Sequence[ActivityData] = ()
    parties: Sequence[PartyData] = ()
    dependencies: Sequence[DependencyData] = ()
    cells: Sequence[CellData] = ()
    phases: Sequence[str] | None = None
    domains: Sequence[str] | None = None
    goals: Sequence[GoalData] | None = None  # None: the goals and the items' goals stay
    periods: Sequence[PeriodData] | None = None
    closures: Sequence[ClosureData] | None = None  # None: the school calendar stays


@dataclass(frozen=True)
class ContentProblem:
    origin: object
    model: str  # the model's class name: "Milestone", "Activity", ...
    field: str  # "" for the item as a whole
    message: str


class ContentError(Exception):
    """Content the plan refuses; nothing was changed."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.model}.{p.field}: {p.message}" for p in problems))
