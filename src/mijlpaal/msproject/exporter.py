"""A plan as an MS Project file (MSPDI, `.xml`), written by MPXJ's own MSPDI writer.

Workstreams are summary tasks, with their milestones and activities under them (an activity
just before the milestone it leads to, linked finish-to-start); a milestone is a task marked as
milestone whose duration is its lead time, with its deadline; an activity has its duration in
working days (weeks and months as such, calendar time as elapsed time). Every task carries the
dates Mijlpaal computed, and its stable key in the field Text1, so that reading the file back
matches the plan's rows. The project's calendar is Monday to Friday, 8:00 to 17:00, with every
day the plan does not work as an exception: public holidays, the school holidays of its region
and the periods of its school calendar that take days out (those that only warn are not
written). A plan planned backwards is "scheduled from the project finish date", its tasks as late
as possible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from mijlpaal import planning
from mijlpaal.msproject.java import jclass
from mijlpaal.plans.models import Activity, Dependency, Milestone, Plan, SchedulingMode, Workstream
from mijlpaal.plans.scheduling import ItemDates, compute_schedule, plan_calendar

UNITS = {"d": "DAYS", "w": "WEEKS", "m": "MONTHS"}
ELAPSED = {"d": "ELAPSED_DAYS", "w": "ELAPSED_WEEKS", "m": "ELAPSED_MONTHS"}
LINK_TYPES = {"FS": "FINISH_START", "SS": "START_START", "FF": "FINISH_FINISH"}
CALENDAR_MARGIN = dt.timedelta(days=366)  # the plan's calendar reaches a year either side


def _moment(day: dt.date, hour: int) -> Any:
    return jclass("java.time.LocalDateTime").of(day.year, day.month, day.day, hour, 0)


def _duration(text: str, calendar: bool = False) -> Any:
    value = planning.Duration.parse(text or "0d")
    unit = getattr(jclass("org.mpxj.TimeUnit"), (ELAPSED if calendar else UNITS)[value.unit])
    return jclass("org.mpxj.Duration").getInstance(value.amount, unit)


class _Writer:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.project = jclass("org.mpxj.ProjectFile")()
        self.alap = plan.scheduling == SchedulingMode.ALAP
        self.schedule = compute_schedule(plan, forecasts={})
        self.tasks: dict[tuple[str, int], Any] = {}
        self.leads: list[tuple[int, int]] = []  # (activity, the milestone it leads to)

    def write(self) -> Any:
        self.properties()
        self.calendar()
        self.items()
        self.links()
        return self.project

    def properties(self) -> None:
        properties = self.project.getProjectProperties()
        properties.setName(self.plan.title)
        properties.setProjectTitle(self.plan.title)
        properties.setCompany(self.plan.organisation)
        properties.setStartDate(_moment(self.plan.start_date, 8))
        properties.setFinishDate(_moment(self.plan.end_date, 17))
        schedule_from = jclass("org.mpxj.ScheduleFrom")
        properties.setScheduleFrom(schedule_from.FINISH if self.alap else schedule_from.START)
        properties.setNewTasksAreManual(False)
        properties.setCurrencySymbol("€")
        properties.setCurrencyCode("EUR")
        self.project.getProjectConfig().setAutoTaskUniqueID(True)

    def calendar(self) -> None:
        calendar = self.project.addDefaultBaseCalendar()
        self.project.getProjectProperties().setDefaultCalendar(calendar)
        local_date = jclass("java.time.LocalDate")
        for name, start, end in non_working_periods(self.plan):
            exception = calendar.addCalendarException(
                local_date.of(start.year, start.month, start.day),
                local_date.of(end.year, end.month, end.day),
            )
            exception.setName(name)

    def items(self) -> None:
        workstreams = list(Workstream.objects.filter(plan=self.plan).order_by("order", "id"))
        milestones = list(Milestone.objects.filter(plan=self.plan).order_by("order", "id"))
        activities = list(Activity.objects.filter(plan=self.plan).order_by("order", "id"))
        for workstream in workstreams:
            summary = self.project.addTask()
            summary.setName(workstream.name)
            summary.setText(1, workstream.key)
            self.place(summary, workstream.pk, milestones, activities)
        self.place(self.project, None, milestones, activities)

    def place(
        self,
        parent: Any,
        workstream: int | None,
        milestones: list[Milestone],
        activities: list[Activity],
    ) -> None:
        """The milestones and activities of one workstream (or of none), in the plan's order."""
        own = [a for a in activities if a.workstream_id == workstream]
        placed: set[int] = set()
        for milestone in (m for m in milestones if m.workstream_id == workstream):
            for activity in own:
                if activity.milestone_id == milestone.pk:
                    self.activity(parent.addTask(), activity)
                    placed.add(activity.pk)
            self.milestone(parent.addTask(), milestone)
        for activity in own:
            if activity.pk not in placed:
                self.activity(parent.addTask(), activity)

    def common(self, task: Any, row: Milestone | Activity, dates: ItemDates | None) -> None:
        task.setName(row.title)
        task.setText(1, row.key)
        task.setTaskMode(jclass("org.mpxj.TaskMode").AUTO_SCHEDULED)
        constraint = jclass("org.mpxj.ConstraintType")
        task.setConstraintType(
            constraint.AS_LATE_AS_POSSIBLE if self.alap else constraint.AS_SOON_AS_POSSIBLE
        )
        if dates is not None and dates.start is not None and dates.finish is not None:
            task.setStart(_moment(dates.start, 8))
            task.setFinish(_moment(dates.finish, 17))

    def milestone(self, task: Any, milestone: Milestone) -> None:
        self.common(task, milestone, self.schedule.milestones.get(milestone.pk))
        task.setMilestone(True)
        task.setDuration(_duration(milestone.lead_time, milestone.lead_time_calendar))
        if milestone.number is not None:
            task.setNumber(1, milestone.number)
        if milestone.deadline is not None:
            task.setDeadline(_moment(milestone.deadline, 17))
        if milestone.reached_on is not None:
            task.setActualFinish(_moment(milestone.reached_on, 17))
        self.tasks[("milestone", milestone.pk)] = task

    def activity(self, task: Any, activity: Activity) -> None:
        self.common(task, activity, self.schedule.activities.get(activity.pk))
        task.setDuration(_duration(activity.duration, activity.duration_calendar))
        if activity.actual_start is not None:
            task.setActualStart(_moment(activity.actual_start, 8))
        if activity.actual_finish is not None:
            task.setActualFinish(_moment(activity.actual_finish, 17))
        self.tasks[("activity", activity.pk)] = task
        if activity.milestone_id is not None:
            self.leads.append((activity.pk, activity.milestone_id))

    def links(self) -> None:
        relation_type = jclass("org.mpxj.RelationType")
        builder = jclass("org.mpxj.Relation$Builder")
        pairs = [(("activity", a), ("milestone", m), "FS", "0d") for a, m in self.leads]
        pairs += [
            (d.predecessor_ref, d.successor_ref, d.type, d.lag or "0d")
            for d in Dependency.objects.filter(plan=self.plan).order_by("id")
        ]
        for predecessor, successor, kind, lag in pairs:
            before, after = self.tasks.get(predecessor), self.tasks.get(successor)
            if before is None or after is None:
                continue
            after.addPredecessor(
                builder()
                .predecessorTask(before)
                .type(getattr(relation_type, LINK_TYPES[kind]))
                .lag(_duration(lag))
            )


def non_working_periods(plan: Plan) -> Iterator[tuple[str, dt.date, dt.date]]:
    """(name, first, last) of every run of weekdays the plan does not work, a year either side
    of the plan; a weekend between two days of the same reason does not break the run."""
    calendar = plan_calendar(plan)
    day, last = plan.start_date - CALENDAR_MARGIN, plan.end_date + CALENDAR_MARGIN
    run: tuple[str, dt.date, dt.date] | None = None
    while day <= last:
        if day.weekday() < 5:
            reason = calendar.non_working_reason(day)
            if reason is None:
                if run is not None:
                    yield run
                run = None
            elif run is not None and run[0] == reason:
                run = (reason, run[1], day)
            else:
                if run is not None:
                    yield run
                run = (reason, day, day)
        day += dt.timedelta(days=1)
    if run is not None:
        yield run


def plan_as_mspdi(plan: Plan) -> bytes:
    """The plan as MSPDI XML. Raises java.JavaMissing where no Java runtime is installed."""
    from mijlpaal.msproject.files import write_mspdi

    return write_mspdi(_Writer(plan).write())
