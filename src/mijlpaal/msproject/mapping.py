"""An MS Project file (an MPXJ ProjectFile) as Mijlpaal sees it, and what of it does not fit.

- a summary task at the top level is a workstream (deelproject); a summary task inside one is
  not (Mijlpaal has one level): its tasks go into the workstream above it;
- a task of zero duration, or one marked as milestone, is a milestone; a marked one with a
  duration keeps it as its lead time (doorlooptijd); its deadline, or else a "must finish on" /
  "finish no later than" constraint, is its deadline;
- any other task is an activity, its duration in working days (weeks and months as such; elapsed
  time as calendar time);
- links finish-to-start, start-to-start and finish-to-finish with their lag are dependencies;
  the first finish-to-start link without lag from an activity to a milestone says the activity
  leads to that milestone; start-to-finish links, links of summary tasks and lags in percent are
  not taken;
- the non-working exceptions of the project's calendar are periods of the school calendar.

What is not taken (resources, other constraints, deadlines of activities, ...) is said per task,
in the user's language. No Django here but the translation of those sentences.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mijlpaal.msproject.java import jclass

UNITS = {"d": "d", "w": "w", "mo": "m", "ed": "d", "ew": "w", "emo": "m"}
LINK_TYPES = {"FS": "FS", "SS": "SS", "FF": "FF"}
DEADLINE_CONSTRAINTS = {"MUST_FINISH_ON", "FINISH_NO_LATER_THAN", "MUST_START_ON", "FINISH_ON"}
FREE_CONSTRAINTS = {"AS_SOON_AS_POSSIBLE", "AS_LATE_AS_POSSIBLE"}
MAX_AMOUNT = 9999  # what a duration field of the plan holds (plans.models.MAX_DURATION)


@dataclass
class Task:
    uid: int
    number: str  # the ID MS Project shows
    name: str
    kind: str  # "workstream" | "milestone" | "activity" | "" (not taken)
    workstream: int | None = None  # uid of its workstream
    duration: str = ""
    calendar: bool = False
    deadline: dt.date | None = None
    actual_start: dt.date | None = None
    actual_finish: dt.date | None = None
    key: str | None = None  # Text1, where Mijlpaal wrote the item's stable key
    milestone_number: int | None = None  # Number1, where Mijlpaal wrote a milestone's number
    leads_to: int | None = None  # uid of the milestone an activity leads to
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Link:
    predecessor: int
    successor: int
    type: str
    lag: str


@dataclass(frozen=True)
class Period:
    name: str
    start: dt.date
    end: dt.date


@dataclass
class MsPlan:
    title: str
    from_finish: bool
    tasks: list[Task] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def to_date(value: Any) -> dt.date | None:
    """A Java LocalDateTime or LocalDate as a date."""
    if value is None:
        return None
    return dt.date(int(value.getYear()), int(value.getMonthValue()), int(value.getDayOfMonth()))


def _whole(amount: float) -> int | None:
    rounded = round(amount)
    return int(rounded) if abs(amount - rounded) < 1e-6 else None


def duration_text(value: Any, properties: Any, notes: list[str]) -> tuple[str, bool]:
    """("10d", calendar?) for an MPXJ Duration; ("", False) for none or zero."""
    if value is None:
        return "", False
    unit = str(value.getUnits())
    amount = float(value.getDuration())
    elapsed = unit.startswith("e")
    whole = _whole(amount)
    if unit in UNITS and whole is not None:
        return (f"{whole}{UNITS[unit]}" if whole else ""), elapsed
    if unit in ("%", "e%"):
        notes.append(_("a duration in percent is not taken"))
        return "", False
    time_unit = jclass("org.mpxj.TimeUnit")
    days_unit = time_unit.ELAPSED_DAYS if elapsed else time_unit.DAYS
    days = float(value.convertUnits(days_unit, properties).getDuration())
    whole = _whole(days)
    if whole is None:
        whole = int(-(-days // 1)) if days > 0 else int(days)
        notes.append(
            _("%(amount)s days rounded to %(whole)s: Mijlpaal counts whole days")
            % {"amount": f"{days:.2f}".replace(".", ","), "whole": whole}
        )
    return (f"{whole}d" if whole else ""), elapsed


def read_plan(project: Any) -> MsPlan:
    """What Mijlpaal takes of an MPXJ ProjectFile; see the module docstring."""
    properties = project.getProjectProperties()
    title = str(properties.getProjectTitle() or properties.getName() or "")
    schedule_from = properties.getScheduleFrom()
    from_finish = schedule_from is not None and str(schedule_from.name()) == "FINISH"
    plan = MsPlan(title=title, from_finish=from_finish)
    top: dict[int, int] = {}  # uid of a task → uid of its workstream
    for task in project.getTasks():
        row = _task(task, properties, top)
        if row is not None:
            plan.tasks.append(row)
    _links(project, plan)
    _calendar(project, plan)
    _resources(project, plan)
    return plan


def _task(task: Any, properties: Any, top: dict[int, int]) -> Task | None:
    uid = int(task.getUniqueID()) if task.getUniqueID() is not None else 0
    level = int(task.getOutlineLevel() or 0)
    name = str(task.getName() or "").strip()
    if level == 0 or task.getNull() or not name:  # the project's own summary; blank rows
        return None
    parent = task.getParentTask()
    parent_uid = int(parent.getUniqueID()) if parent is not None and level > 1 else None
    workstream = top.get(parent_uid) if parent_uid is not None else None
    row = Task(uid=uid, number=str(task.getID() or ""), name=name[:300], kind="")
    row.workstream = workstream
    text = task.getText(1)
    row.key = str(text) if text else None
    if task.getSummary() or task.hasChildTasks():
        if level == 1:
            row.kind = "workstream"
            top[uid] = uid
        else:
            top[uid] = workstream if workstream is not None else uid
            row.notes.append(
                _(
                    "a summary task inside a summary task: Mijlpaal has one level of "
                    "workstreams, so its tasks go into the workstream above it"
                )
            )
        return row
    if task.getActive() is False:
        row.notes.append(_("an inactive task is not taken"))
        return row
    row.duration, row.calendar = duration_text(task.getDuration(), properties, row.notes)
    row.kind = "milestone" if task.getMilestone() or not row.duration else "activity"
    number = task.getNumber(1)
    if row.kind == "milestone" and number is not None and 0 < float(number) < 10_000:
        row.milestone_number = int(float(number))
    row.actual_start = to_date(task.getActualStart())
    row.actual_finish = to_date(task.getActualFinish())
    _deadline(task, row)
    if task.getResourceAssignments() and any(
        a.getResource() is not None for a in task.getResourceAssignments()
    ):
        row.notes.append(_("its resources are not taken: parties are added in Mijlpaal"))
    return row


def _deadline(task: Any, row: Task) -> None:
    deadline = to_date(task.getDeadline())
    kind = task.getConstraintType()
    constraint = str(kind.name()) if kind is not None else "AS_SOON_AS_POSSIBLE"
    constraint_date = to_date(task.getConstraintDate())
    if row.kind == "milestone":
        if deadline is None and constraint in DEADLINE_CONSTRAINTS:
            deadline, constraint = constraint_date, "AS_SOON_AS_POSSIBLE"
        row.deadline = deadline
    elif deadline is not None:
        row.notes.append(
            _("its deadline %(date)s is not taken: in Mijlpaal a milestone has the deadline")
            % {"date": deadline.isoformat()}
        )
    if constraint not in FREE_CONSTRAINTS and constraint_date is not None:
        row.notes.append(
            _("its constraint (%(constraint)s on %(date)s) is not taken")
            % {"constraint": constraint.replace("_", " ").lower(), "date": constraint_date}
        )


def _links(project: Any, plan: MsPlan) -> None:
    properties = project.getProjectProperties()
    kinds = {t.uid: t for t in plan.tasks}
    for task in project.getTasks():
        successor = kinds.get(int(task.getUniqueID() or 0))
        if successor is None:
            continue
        for relation in task.getPredecessors() or []:
            _link(relation, successor, kinds, properties, plan)


def _link(
    relation: Any, successor: Task, kinds: dict[int, Task], properties: Any, plan: MsPlan
) -> None:
    predecessor = kinds.get(int(relation.getPredecessorTask().getUniqueID() or 0))
    kind = str(relation.getType())
    if predecessor is None:
        return
    words = {"name": predecessor.name, "type": kind}
    if kind not in LINK_TYPES:
        successor.notes.append(
            _("the %(type)s link with “%(name)s” is not taken: Mijlpaal has no start-to-finish")
            % words
        )
        return
    if "" in (predecessor.kind, successor.kind) or "workstream" in (
        predecessor.kind,
        successor.kind,
    ):
        successor.notes.append(
            _(
                "the %(type)s link with “%(name)s” is not taken: in Mijlpaal only milestones "
                "and activities depend on each other"
            )
            % words
        )
        return
    lag_notes: list[str] = []
    lag, elapsed = duration_text(relation.getLag(), properties, lag_notes)
    if elapsed and lag:
        lag_notes.append(_("its lag in elapsed time counts as working days"))
    for note in lag_notes:
        successor.notes.append(_("the link with “%(name)s”: %(note)s") % {**words, "note": note})
    lag = lag or "0d"
    if (
        kind == "FS"
        and lag == "0d"
        and predecessor.kind == "activity"
        and successor.kind == "milestone"
        and predecessor.leads_to is None
    ):
        predecessor.leads_to = successor.uid
        return
    plan.links.append(Link(predecessor.uid, successor.uid, LINK_TYPES[kind], lag))


def _calendar(project: Any, plan: MsPlan) -> None:
    calendar = project.getDefaultCalendar()
    if calendar is None:
        return
    week = jclass("java.time.DayOfWeek").values()  # Monday first
    working = [bool(calendar.isWorkingDay(day)) for day in week]
    if working != [True] * 5 + [False] * 2:
        plan.notes.append(
            _(
                "The calendar's working week is not Monday to Friday; Mijlpaal plans Monday to "
                "Friday."
            )
        )
    for exception in calendar.getCalendarExceptions():
        parts = exception.getExpandedExceptions() if exception.getRecurring() else [exception]
        for part in parts:
            name = str(part.getName() or exception.getName() or "") or _("Day off")
            start, end = to_date(part.getFromDate()), to_date(part.getToDate())
            if start is None or end is None:
                continue
            if part.getWorking():
                plan.notes.append(
                    _("The calendar exception “%(name)s” (%(start)s) is a working day; not taken.")
                    % {"name": name, "start": start.isoformat()}
                )
                continue
            plan.periods.append(Period(name[:200], start, end))


def _resources(project: Any, plan: MsPlan) -> None:
    names = [
        str(r.getName())
        for r in project.getResources()
        if r.getName() is not None and int(r.getUniqueID() or 0) != 0
    ]
    if names:
        plan.notes.append(
            ngettext(
                "%(n)s resource (%(names)s) is not taken; add the parties in Mijlpaal.",
                "%(n)s resources (%(names)s) are not taken; add the parties in Mijlpaal.",
                len(names),
            )
            % {"n": len(names), "names": ", ".join(names[:5]) + (", …" if len(names) > 5 else "")}
        )
