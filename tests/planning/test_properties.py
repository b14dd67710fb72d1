"""Invariants over random plans (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mijlpaal.planning import (
    CalendarSpec,
    Closure,
    Dependency,
    Duration,
    Item,
    PlanInput,
    load_school_holidays,
    schedule,
)
from mijlpaal.planning.calendar import WorkCalendar
from mijlpaal.planning.model import ScheduledItem

HOLIDAYS = load_school_holidays(None)
START = date(2025, 8, 25)


@st.composite
def plans(draw: st.DrawFn, *, all_alap: bool = False) -> PlanInput:
    n = draw(st.integers(1, 14))
    start = START + timedelta(days=draw(st.integers(0, 200)))
    end = start + timedelta(days=draw(st.integers(20, 500)))
    today = draw(
        st.one_of(st.none(), st.dates(start - timedelta(days=10), start + timedelta(days=60)))
    )
    region = draw(st.sampled_from([None, "noord", "midden", "zuid"]))
    closures = []
    for k in range(draw(st.integers(0, 2))):
        first = start + timedelta(days=draw(st.integers(0, 120)))
        closures.append(
            Closure(f"C{k}", "toetsweek", first, first + timedelta(days=draw(st.integers(0, 6))),
                    draw(st.sampled_from(["no_work", "warn"])))
        )  # fmt: skip
    items = []
    for i in range(n):
        milestone = draw(st.booleans()) if i else False
        deps = []
        for j in sorted(set(draw(st.lists(st.integers(0, i - 1), max_size=3)))) if i else []:
            calendar_lag = draw(st.integers(0, 4)) == 0
            lag = Duration(
                draw(st.integers(-3, 6)),
                draw(st.sampled_from(["d", "d", "w"] + (["m"] if calendar_lag else []))),
                calendar_lag,
            )
            deps.append(Dependency(f"x{j}", draw(st.sampled_from(["FS", "FS", "SS", "FF"])), lag))
        deadline = None
        if draw(st.integers(0, 3)) == 0:
            deadline = start + timedelta(days=draw(st.integers(0, 400)))
        scheduling = None if all_alap else draw(st.sampled_from([None, None, "asap", "alap"]))
        if milestone:
            items.append(
                Item(
                    f"x{i}",
                    f"M{i}",
                    "milestone",
                    deadline=deadline,
                    scheduling=scheduling,
                    depends=tuple(deps),
                )
            )
        else:
            calendar = draw(st.integers(0, 4)) == 0
            unit = draw(st.sampled_from(["d", "w", "m"] if calendar else ["d", "d", "w", "m"]))
            amount = draw(st.integers(1, 3 if unit != "d" else 25))
            items.append(
                Item(f"x{i}", f"A{i}", "activity", duration=Duration(amount, unit, calendar),
                     deadline=deadline, scheduling=scheduling, depends=tuple(deps))
            )  # fmt: skip
    default = "alap" if all_alap else draw(st.sampled_from(["asap", "alap"]))
    return PlanInput(
        "random",
        start,
        end,
        today,
        CalendarSpec(region, closures=tuple(closures)),
        default,
        tuple(items),
    )  # type: ignore[arg-type]


def _calendar(plan: PlanInput) -> WorkCalendar:
    return WorkCalendar(
        plan.calendar, HOLIDAYS, plan.start - timedelta(days=400), plan.end + timedelta(days=400)
    )


def _shift(d: date, lag: Duration) -> date:
    if lag.unit == "d":
        return d + timedelta(days=lag.amount)
    if lag.unit == "w":
        return d + timedelta(days=7 * lag.amount)
    months = d.year * 12 + d.month - 1 + lag.amount
    year, month = divmod(months, 12)
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day, d.day))
        except ValueError:
            continue
    raise AssertionError


def _holds(
    cal: WorkCalendar,
    pred: Item,
    p: tuple[date, date],
    succ: Item,
    s: tuple[date, date],
    dep: Dependency,
) -> bool:
    """The dependency rule of docs/plan-format.md, checked on whole dates."""
    if not dep.lag.calendar:

        def inst(item: Item, when: tuple[date, date]) -> tuple[int, int]:
            if item.kind == "milestone":
                m = cal.index_on_or_after(when[1]) + 1
                return m, m
            return cal.index_on_or_after(when[0]), cal.index_on_or_after(when[1]) + 1

        ps, pe = inst(pred, p)
        ss, se = inst(succ, s)
        lag = dep.lag.working_days
        if dep.type == "FS":
            return ss >= pe + lag
        if dep.type == "SS":
            return ss >= ps + lag
        return se >= pe + lag
    # Calendar lag: from the end of the predecessor's finish day (FS, FF; also SS on a milestone)
    # or the start of its start day (SS), shifted by the lag.
    ref = p[1] if dep.type != "SS" or pred.kind == "milestone" else p[0] - timedelta(days=1)
    moment = _shift(ref, dep.lag)
    if dep.type == "FF" or succ.kind == "milestone":
        return s[1] >= cal.on_or_after(moment)
    return s[0] > moment


def _check_dependencies(
    plan: PlanInput, items: dict[str, ScheduledItem], cal: WorkCalendar
) -> None:
    by_id = {it.id: it for it in plan.items}
    for succ in plan.items:
        for dep in succ.depends:
            pred = by_id[dep.predecessor]
            a, b = items[pred.id], items[succ.id]
            for kind in ("early", "scheduled", "late"):
                if kind == "early":
                    p, s = (a.early_start, a.early_finish), (b.early_start, b.early_finish)
                elif kind == "late":
                    p, s = (a.late_start, a.late_finish), (b.late_start, b.late_finish)
                else:
                    p, s = (a.start, a.finish), (b.start, b.finish)
                assert _holds(cal, pred, p, succ, s, dep), (kind, pred.id, succ.id, dep, p, s)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_random_plans(plan: PlanInput) -> None:
    result = schedule(plan, school_holidays=HOLIDAYS)
    cal = _calendar(plan)
    items = result.items
    assert set(items) == {it.id for it in plan.items}
    _check_dependencies(plan, items, cal)

    for it in plan.items:
        s = items[it.id]
        dates = (s.start, s.finish, s.early_start, s.early_finish, s.late_start, s.late_finish)
        assert all(d is not None and cal.is_working_day(d) for d in dates), (it.id, dates)
        assert (
            s.start <= s.finish
            and s.early_start <= s.early_finish
            and s.late_start <= s.late_finish
        )  # type: ignore[operator]
        assert s.early_start >= cal.on_or_after(plan.start)  # type: ignore[operator]
        if plan.today is not None:
            assert s.early_start >= cal.on_or_after(plan.today)  # type: ignore[operator]
        if it.kind == "activity" and not it.duration.calendar:  # type: ignore[union-attr]
            assert (
                cal.working_days_between(s.start, cal.next_working_day(s.finish))
                == it.duration.working_days
            )  # type: ignore[arg-type, union-attr]
        alap = (it.scheduling or plan.scheduling) == "alap"
        if not alap or s.slack < 0:  # type: ignore[operator]
            assert (s.start, s.finish) == (s.early_start, s.early_finish)
        else:
            assert s.early_finish <= s.finish <= s.late_finish  # type: ignore[operator]
        assert s.critical == (s.slack <= 0)  # type: ignore[operator]

    # Negative slack exactly when a deadline (or the plan end) cannot be met.
    missed = {d.code for d in result.diagnostics} & {"deadline_unreachable", "end_unreachable"}
    assert any(s.slack < 0 for s in items.values()) == bool(missed)  # type: ignore[operator]
    for it in plan.items:
        if it.deadline is not None:
            late = items[it.id].early_finish > cal.on_or_before(it.deadline)  # type: ignore[operator]
            reported = any(
                d.code == "deadline_unreachable" and d.items[-1] == it.id
                for d in result.diagnostics
            )
            assert late == reported


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(all_alap=True))
def test_alap_items_finish_on_their_late_finish(plan: PlanInput) -> None:
    result = schedule(plan, school_holidays=HOLIDAYS)
    for s in result.items.values():
        if s.slack >= 0:  # type: ignore[operator]
            assert (s.start, s.finish) == (s.late_start, s.late_finish)
