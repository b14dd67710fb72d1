"""Forward and backward passes over working-day indices.

Time is counted in *instants* between working days: instant k is the start of working day k,
which is also the end of working day k − 1. An activity of D working days occupies
[S, S + D); its start date is working day S and its finish date working day S + D − 1.
A milestone is one instant at the end of its day: S = E = m + 1 for a milestone on day m.
A dependency then reads "target ≥ reference + lag": FS `S ≥ E_pred + lag`, SS
`S ≥ S_pred + lag`, FF `E ≥ E_pred + lag` — lag 0 means the next working day for FS.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Container, Iterable
from datetime import date, timedelta
from functools import partial
from typing import Any

from . import diagnostics as diag
from .calendar import CalendarRangeError, WorkCalendar
from .model import Dependency, Diagnostic, Duration, Item, PlanInput, Schedule, ScheduledItem
from .school_holidays import SchoolHoliday, load_school_holidays, missing_schoolyears

_FS, _SS, _FF = 0, 1, 2
_CAL = 3  # added to the type code for a lag in calendar time
_TYPE_CODE = {"FS": _FS, "SS": _SS, "FF": _FF}
_INF = 1 << 62
CHAIN_CAP = 100  # a reported chain names at most this many items (the last ones)
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
# (predecessor, type code, lag): the lag is an int of working days, or a Duration (calendar).
Edge = tuple[int, int, Any]


def _shift(ordinal: int, amount: int, unit: str) -> int:
    """ordinal + amount calendar days, weeks or months (months clamp to the month's end)."""
    if unit == "d":
        return ordinal + amount
    if unit == "w":
        return ordinal + 7 * amount
    d = date.fromordinal(ordinal)
    months = d.year * 12 + d.month - 1 + amount
    year, month = divmod(months, 12)
    month += 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, min(d.day, day)).toordinal()
        except ValueError:
            continue
    raise AssertionError("unreachable")


class _Engine:
    """One scheduling run; plain lists indexed by item number for speed.

    `run()` takes the passes in order; each pass fills lists that the later ones read.
    """

    def __init__(self, plan: PlanInput, cal: WorkCalendar) -> None:
        self.plan = plan
        self.cal = cal
        self.diagnostics: list[Diagnostic] = []
        # The items (_read_items).
        self.index: dict[str, int] = {}
        self.items: list[Item] = []
        self.ids: list[str] = []
        self.titles: list[str] = []
        self.is_ms: list[bool] = []
        # Durations: an int of working days, or (calendar time) the Duration in caldur.
        self.dur: list[int] = []
        self.caldur: dict[int, Duration] = {}
        self.with_dates: list[int] = []  # items with fixed dates or actuals
        self.with_deadline: list[int] = []
        # The dependencies (_read_dependencies).
        self.preds: list[list[Edge]] = []
        self.order: list[int] = []
        self.in_cycle: set[int] = set()  # items in a reported cycle
        self.cycle_edges: dict[int, list[Edge]] = {}  # the edges dropped from a cycle
        # The bounds (_read_bounds, _read_fixed_dates).
        self.ps = self.pe1 = 0  # the plan's first instant and its end instant
        self.td: int | None = None  # today
        self.fixed: dict[int, tuple[int, int, bool]] = {}  # (S, E, is_actual)
        self.done: set[int] = set()  # finished according to the actuals
        self.started: list[bool] = []
        self.special: set[int] = set()  # in calendar time or with fixed dates
        self.lo_s: list[int] = []  # the earliest start instant
        # The passes: early, late and scheduled instants, and the slack.
        self.ES: list[int] = []
        self.EF: list[int] = []
        self.LS: list[int] = []
        self.LF: list[int] = []
        self.S: list[int] = []
        self.E: list[int] = []
        self.slack: list[int] = []
        self.deadline_at: dict[int, int] = {}  # the end instant of each deadline
        self.bound_by: dict[int, int] = {}  # memo of _find_binding

    # -- calendar-time helpers ----------------------------------------------------------
    def cal_target(self, ref: int, lag: Duration, target_end: bool, ref_start: bool) -> int:
        """Lower bound on the target instant for a lag in calendar time after instant `ref`.

        The reference is the end of a day (FS, FF) or the start of one (SS): a moment in
        calendar time, shifted by the lag (months: on the day, clamped to the month's end);
        the target is the first start of a working day (or end, for FF and milestones) at or
        after that moment.
        """
        cal = self.cal
        # The moment as the ordinal of the day it starts: the start day itself for SS, the
        # day after the finish day otherwise (a month after 31 Jan is the end of 28 Feb).
        if ref_start:
            m = _shift(cal.ordinal_at(ref), lag.amount, lag.unit)
        else:
            m = _shift(cal.ordinal_at(ref - 1), lag.amount, lag.unit) + 1
        if target_end:
            return cal.index_on_or_after(m - 1) + 1
        return cal.index_on_or_after(m)

    def cal_reference(self, target: int, lag: Duration, target_end: bool, ref_start: bool) -> int:
        """The latest reference instant whose `cal_target` is at or before `target`."""
        cal = self.cal
        m_max = cal.ordinal_at(target - 1) + 1 if target_end else cal.ordinal_at(target)
        if ref_start:
            ref = cal.index_on_or_before(_shift(m_max, -lag.amount, lag.unit))
        else:
            ref = cal.index_on_or_before(_shift(m_max - 1, -lag.amount, lag.unit)) + 1
        # Exact for days and weeks; months are not invertible, so settle on the boundary.
        while self.cal_target(ref + 1, lag, target_end, ref_start) <= target:
            ref += 1
        while self.cal_target(ref, lag, target_end, ref_start) > target:
            ref -= 1
        return ref

    def cal_finish(self, start: int, duration: Duration) -> int:
        """The end instant of an item in calendar time that starts at instant `start`."""
        so = self.cal.ordinal_at(start)
        end = self.cal.index_on_or_before(_shift(so, duration.amount, duration.unit) - 1) + 1
        return max(end, start + 1)

    def cal_start(self, finish: int, duration: Duration) -> int:
        """The latest start instant of an item in calendar time that ends at or before `finish`."""
        fo = self.cal.ordinal_at(finish - 1)
        start = self.cal.index_on_or_after(_shift(fo + 1, -duration.amount, duration.unit))
        start = min(start, finish - 1)
        while self.cal_finish(start + 1, duration) <= finish:
            start += 1
        while start > finish - 400 and self.cal_finish(start, duration) > finish:
            start -= 1
        return start

    def cal_earliest_start(self, finish: int, duration: Duration) -> int:
        """The earliest start instant of an item in calendar time that ends at or after `finish`."""
        start = self.cal_start(finish, duration)
        while self.cal_finish(start - 1, duration) >= finish:
            start -= 1
        while self.cal_finish(start, duration) < finish:
            start += 1
        return start

    def _calendar_target(self, i: int, j: int, t: int, lag: Duration) -> tuple[int, int]:
        """Forwards along edge j → i with a lag in calendar time.

        (bound, _FS): a bound on i's start instant; (bound, _FF): on its end instant.
        """
        tt = t - _CAL
        is_ms = self.is_ms
        ref = self.ES[j] if tt == _SS else self.EF[j]
        v = self.cal_target(ref, lag, tt == _FF or is_ms[i], tt == _SS and not is_ms[j])
        return v, (_FF if tt == _FF and not is_ms[i] else _FS)

    def _calendar_reference(
        self, i: int, j: int, t: int, lag: Duration, start: int, end: int
    ) -> tuple[int, int]:
        """Backwards along edge j → i with a lag in calendar time, from i at [start, end).

        (bound, _SS): a bound on j's start instant; (bound, _FS): on its end instant.
        """
        tt = t - _CAL
        target_end = tt == _FF or self.is_ms[i]
        ref_start = tt == _SS and not self.is_ms[j]
        v = self.cal_reference(end if target_end else start, lag, target_end, ref_start)
        return v, (_SS if tt == _SS else _FS)

    # -- the run ------------------------------------------------------------------------
    def run(self) -> Schedule:
        """The passes in order; diagnostics sorted errors first, in the order they were found."""
        self._read_items()
        self._read_dependencies()
        self._read_bounds()
        self._read_fixed_dates()
        self._forward()
        self._backward()
        self._place()
        self._diagnose()
        self.diagnostics.sort(key=lambda d: _SEVERITY_ORDER[d.severity])
        return Schedule(self._dates(), self.diagnostics)

    def _read_items(self) -> None:
        """Number the items; durations in working days, or in calendar time in `caldur`."""
        out, index, items, ids, titles = (
            self.diagnostics, self.index, self.items, self.ids, self.titles,
        )  # fmt: skip
        is_ms, dur, caldur = self.is_ms, self.dur, self.caldur
        for it in self.plan.items:
            item_id = it.id
            if item_id in index:
                out.append(diag.duplicate_id(item_id))
                continue
            i = len(items)
            index[item_id] = i
            items.append(it)
            ids.append(item_id)
            title = it.title or item_id
            titles.append(title)
            d = it.duration
            if it.kind == "milestone":
                is_ms.append(True)
                dur.append(0)
                if d is not None and d.amount != 0:
                    out.append(diag.milestone_duration(item_id, title))
            else:
                is_ms.append(False)
                if d is None:
                    out.append(diag.missing_duration(item_id, title))
                    dur.append(1)
                elif d.amount <= 0:
                    out.append(diag.invalid_duration(item_id, title, str(d)))
                    dur.append(1)
                elif d.calendar:
                    caldur[i] = d
                    dur.append(0)
                else:
                    dur.append(d.working_days)
            if it.deadline is not None:
                self.with_deadline.append(i)
            if (
                it.fixed_start is not None
                or it.fixed_finish is not None
                or it.actual_start is not None
                or it.actual_finish is not None
            ):
                self.with_dates.append(i)

    def _read_dependencies(self) -> None:
        """The edges (predecessor, type code, lag) per item, and a topological order."""
        index, titles = self.index, self.titles
        preds: list[list[Edge]] = [[] for _ in self.items]
        self.preds = preds
        sorted_already = True
        # Most plans share a few Dependency types and lags: cache their codes by identity.
        codes: dict[int, tuple[int, Any]] = {}
        for i, it in enumerate(self.items):
            p = preds[i]
            for dep in it.depends:
                j = index.get(dep.predecessor)
                if j is None:
                    self.diagnostics.append(
                        diag.unknown_dependency(it.id, titles[i], dep.predecessor)
                    )
                    continue
                key = id(dep.lag) * 4 + _TYPE_CODE[dep.type]
                code = codes.get(key)
                if code is None:
                    code = codes[key] = _edge_code(dep)
                p.append((j, *code))
                if j >= i:
                    sorted_already = False
        self.order = list(range(len(preds))) if sorted_already else self._order()

    def _order(self) -> list[int]:
        """A topological order; dependencies inside a cycle are reported and dropped."""
        preds, ids, titles = self.preds, self.ids, self.titles
        order = _kahn(preds)
        if len(order) == len(preds):
            return order
        in_order = set(order)
        rest = [i for i in range(len(preds)) if i not in in_order]
        for comp in _strongly_connected(rest, preds):
            members = set(comp)
            if len(comp) == 1 and not any(j == comp[0] for j, _, _ in preds[comp[0]]):
                continue
            cyc = _one_cycle(comp[0], members, preds)
            self.diagnostics.append(diag.cycle([ids[k] for k in cyc], [titles[k] for k in cyc]))
            self.in_cycle.update(comp)
            for k in comp:
                self.cycle_edges[k] = [e for e in preds[k] if e[0] in members]
                preds[k] = [e for e in preds[k] if e[0] not in members]
        order = _kahn(preds)
        assert len(order) == len(preds)
        return order

    def _read_bounds(self) -> None:
        """The plan's bounds in instants, and the earliest start of every item."""
        plan, cal, is_ms = self.plan, self.cal, self.is_ms
        ps = self.ps = cal.index_on_or_after(plan.start)
        self.pe1 = cal.index_on_or_before(plan.end) + 1
        if plan.end < plan.start:
            self.diagnostics.append(diag.plan_end_before_start(plan.start, plan.end))
        td = self.td = cal.index_on_or_after(plan.today) if plan.today is not None else None
        # The plan start, and today for work not yet started (_read_fixed_dates says which).
        lo = ps if td is None or td < ps else td
        self.lo_s = [lo + 1 if m else lo for m in is_ms]

    def _read_fixed_dates(self) -> None:
        """Fixed dates and actuals as instants; work that has started may start before today."""
        items, fixed, is_ms, lo_s, ps, td = (
            self.items, self.fixed, self.is_ms, self.lo_s, self.ps, self.td,
        )  # fmt: skip
        self.started = started = [False] * len(items)
        for i in self.with_dates:
            fixed[i] = self._fixed_instants(i)
            if items[i].actual_start is not None or items[i].actual_finish is not None:
                started[i] = True
                if td is not None and td > ps:
                    lo_s[i] = ps + 1 if is_ms[i] else ps
        self.done = {i for i, fx in fixed.items() if fx[2] and items[i].actual_finish is not None}
        self.special = set(self.caldur) | set(fixed)

    def _fixed_instants(self, i: int) -> tuple[int, int, bool]:
        """(S, E, is_actual) of an item with actuals, else with fixed dates."""
        cal, it, td = self.cal, self.items[i], self.td
        if it.actual_start is not None or it.actual_finish is not None:
            a_s, a_f, actual = it.actual_start, it.actual_finish, True
            if a_s is not None and a_f is not None and a_f < a_s:
                self.diagnostics.append(
                    diag.actual_finish_before_start(it.id, self.titles[i], a_s, a_f)
                )
                a_f = None
        else:
            a_s, a_f, actual = it.fixed_start, it.fixed_finish, False
        if self.is_ms[i]:
            day = a_f if a_f is not None else a_s
            assert day is not None
            e = cal.index_on_or_before(day) + 1
            return e, e, actual
        c = self.caldur.get(i)
        if a_s is None:
            assert a_f is not None
            e = cal.index_on_or_before(a_f) + 1
            return (self.cal_start(e, c) if c is not None else e - self.dur[i]), e, actual
        s = cal.index_on_or_after(a_s)
        if a_f is not None:
            return s, max(cal.index_on_or_before(a_f) + 1, s + 1), actual
        e = self.cal_finish(s, c) if c is not None else s + self.dur[i]
        if actual and td is not None and e <= td:
            e = td + 1  # still running: it finishes today at the earliest
        return s, e, actual

    # ---- forward pass: early start / finish ------------------------------------------
    def _forward(self) -> None:
        """Early dates: from the earliest starts forward along the dependencies."""
        preds, lo_s, dur, special = self.preds, self.lo_s, self.dur, self.special
        n = len(preds)
        self.ES = ES = [0] * n
        self.EF = EF = [0] * n
        for i in self.order:
            s = lo_s[i]
            e = 0
            drv = drv_e = -1  # the predecessors that push the start, the end
            for j, t, lag in preds[i]:
                if t == _FS:
                    v = EF[j] + lag
                elif t == _SS:
                    v = ES[j] + lag
                elif t == _FF:
                    v = EF[j] + lag
                else:  # a lag in calendar time bounds the start (as _FS) or the end (as _FF)
                    v, t = self._calendar_target(i, j, t, lag)
                if t == _FF:
                    if v > e:
                        e, drv_e = v, j
                elif v > s:
                    s, drv = v, j
            if i in special:
                ES[i], EF[i] = self._place_early(i, s, e, drv, drv_e)
                continue
            D = dur[i]
            if e - D > s:
                s = e - D
            ES[i] = s
            EF[i] = s + D

    def _place_early(self, i: int, s: int, e: int, drv: int, drv_e: int) -> tuple[int, int]:
        """Early (S, E) of an item in calendar time or with fixed dates.

        `s` and `e` bound its start and end; predecessors `drv` and `drv_e` set them (or -1).
        """
        c = self.caldur.get(i)
        if c is not None:
            if e and self.cal_finish(s, c) < e:
                s2 = self.cal_earliest_start(e, c)
                if s2 > s:
                    s, drv = s2, drv_e
            f = self.cal_finish(s, c)
        else:
            D = self.dur[i]
            if e - D > s:
                s, drv = e - D, drv_e
            f = s + D
        fx = self.fixed.get(i)
        if fx is None:
            return s, f
        if not fx[2] and fx[0] < s and drv >= 0:
            cal, ids, titles, m = self.cal, self.ids, self.titles, self.is_ms[i]
            earliest = cal.date_at(s - 1 if m else s)
            fixed_day = cal.date_at(fx[0] - 1 if m else fx[0])
            self.diagnostics.append(
                diag.fixed_date_conflict(
                    ids[i], titles[i], fixed_day, ids[drv], titles[drv], earliest
                )
            )
        return fx[0], fx[1]

    # ---- backward pass: late start / finish ------------------------------------------
    def _backward(self) -> None:
        """Late dates: from the plan end and the deadlines back along the dependencies."""
        n = len(self.items)
        hi_e = [self.pe1] * n
        for i in self.with_deadline:
            deadline = self.items[i].deadline
            if deadline is not None:
                b = self.deadline_at[i] = self.cal.index_on_or_before(deadline) + 1
                if b < hi_e[i]:
                    hi_e[i] = b
        self.LS = [0] * n
        self.LF = [0] * n
        self._sweep_back(hi_e, [_INF] * n, self.LS, self.LF, self._place_late, self.special)

    def _sweep_back(
        self,
        hi_e: list[int],
        hi_s: list[int],
        starts: list[int],
        ends: list[int],
        place: Callable[[int, int, int], tuple[int, int]],
        placed_by: Container[int],
    ) -> None:
        """Latest items first: place each item under the bounds `hi_e` (end) and `hi_s` (start)
        that its successors set, into `starts` and `ends`, then bound its predecessors.

        `place(i, hi_e, hi_s)` gives the (start, end) of the items in `placed_by`; the others go
        as late as the bounds allow. Predecessors also make room for fixed dates.
        """
        preds, dur, fixed = self.preds, self.dur, self.fixed
        for i in reversed(self.order):
            if i in placed_by:
                ls, lf = place(i, hi_e[i], hi_s[i])
                fx = fixed.get(i)
                push_s, push_e = (ls, lf) if fx is None else (min(ls, fx[0]), min(lf, fx[1]))
            else:  # _place_late for working days, inline: most items take this path
                D = dur[i]
                ls = hi_e[i] - D
                h = hi_s[i]
                if h < ls:
                    ls = h
                lf = push_e = ls + D
                push_s = ls
            starts[i] = ls
            ends[i] = lf
            for j, t, lag in preds[i]:
                if t < _CAL:
                    v = (push_e if t == _FF else push_s) - lag
                else:  # a lag in calendar time bounds the start (as _SS) or the end (as _FS)
                    v, t = self._calendar_reference(i, j, t, lag, push_s, push_e)
                if t == _SS:
                    if v < hi_s[j]:
                        hi_s[j] = v
                elif v < hi_e[j]:
                    hi_e[j] = v

    def _place_late(self, i: int, hi_e: int, hi_s: int) -> tuple[int, int]:
        """(S, E) of item i as late as its end bound `hi_e` and start bound `hi_s` allow."""
        c = self.caldur.get(i)
        if c is None:
            ls = min(hi_e - self.dur[i], hi_s)
            return ls, ls + self.dur[i]
        ls = min(self.cal_start(hi_e, c), hi_s)
        return ls, self.cal_finish(ls, c)

    # ---- placement: as soon or as late as possible -----------------------------------
    def _place(self) -> None:
        """Scheduled dates: ALAP items with slack at their late dates, the others early."""
        default_alap = self.plan.scheduling == "alap"
        alap = [
            (it.scheduling == "alap") if it.scheduling is not None else default_alap
            for it in self.items
        ]
        ES, EF, LS, LF = self.ES, self.EF, self.LS, self.LF
        self.slack = slack = [lf - ef for lf, ef in zip(LF, EF, strict=True)]
        if all(alap):
            self.S = [ls if sl >= 0 else es for ls, es, sl in zip(LS, ES, slack, strict=True)]
            self.E = [lf if sl >= 0 else ef for lf, ef, sl in zip(LF, EF, slack, strict=True)]
        else:
            self.S, self.E = ES[:], EF[:]
            if any(alap):
                self._place_mixed(alap)
        S, E = self.S, self.E
        for i, fx in self.fixed.items():
            S[i], E[i] = fx[0], fx[1]

    def _place_mixed(self, alap: list[bool]) -> None:
        """An ALAP item must also end before its ASAP successors start where they are placed."""
        ES, LS, LF, S, E, slack, fixed = (
            self.ES, self.LS, self.LF, self.S, self.E, self.slack, self.fixed,
        )  # fmt: skip

        def place(i: int, hi_e: int, hi_s: int) -> tuple[int, int]:
            if alap[i] and slack[i] >= 0 and i not in fixed:
                s_i, e_i = self._place_late(i, min(hi_e, LF[i]), min(hi_s, LS[i]))
                if s_i >= ES[i]:
                    return s_i, e_i
            elif i in fixed:
                return fixed[i][0], fixed[i][1]
            return S[i], E[i]

        n = len(S)
        self._sweep_back([_INF] * n, [_INF] * n, S, E, place, range(n))

    # ---- dates -----------------------------------------------------------------------
    def _dates(self) -> dict[str, ScheduledItem]:
        """The instants as dates, per item id."""
        ES, EF, LS, LF, S, E = self.ES, self.EF, self.LS, self.LF, self.S, self.E
        is_ms = self.is_ms
        lo_i = min(min(ES, default=0), min(LS, default=0), min(S, default=0)) - 1
        hi_i = max(max(EF, default=0), max(LF, default=0), max(E, default=0)) + 1
        table, zero = self.cal.index_table(lo_i, hi_i)
        days = [date.fromordinal(o) for o in table[lo_i + zero : hi_i + zero + 1]]
        # Column by column: a million items become a million tuples without a Python call each.
        b = -lo_i
        b1 = b - 1

        def first_days(starts: list[int], ends: list[int]) -> list[date]:
            return [
                days[e + b1] if m else days[s + b]
                for s, e, m in zip(starts, ends, is_ms, strict=True)
            ]

        def last_days(ends: list[int]) -> list[date]:
            return [days[e + b1] for e in ends]

        critical = [sl <= 0 for sl in self.slack]
        for i in self.done:
            critical[i] = False
        make = partial(tuple.__new__, ScheduledItem)
        rows = zip(
            self.ids, first_days(S, E), last_days(E), first_days(ES, EF), last_days(EF),
            first_days(LS, LF), last_days(LF), self.slack, critical, strict=True,
        )  # fmt: skip
        return dict(zip(self.ids, map(make, rows), strict=True))

    # ---- diagnostics on the computed dates -------------------------------------------
    def _diagnose(self) -> None:
        """The checks on the computed dates; their diagnostics are listed in this order."""
        self._check_deadlines()
        if self.plan.end >= self.plan.start:
            self._check_plan_end()
        self._check_late_starts()
        self._check_deadline_days()
        self._check_closures()
        self._check_leads_to_milestone()

    def _find_binding(self, i: int) -> int:
        """The predecessor that decides i's early dates, or -1 (plan start, today, fixed)."""
        if i in self.fixed:
            return -1
        ES, EF = self.ES, self.EF
        best, best_gap = -1, 1
        for j, t, lag in self.preds[i]:
            if t >= _CAL:
                v, t = self._calendar_target(i, j, t, lag)
            else:
                v = (ES[j] if t == _SS else EF[j]) + lag
            gap = (EF[i] if t == _FF else ES[i]) - v
            if gap < best_gap:
                best, best_gap = j, gap
        return best if best_gap <= 0 else -1

    def _chain(self, i: int) -> tuple[list[str], list[str]]:
        """The ids and titles of the chain of binding predecessors that ends in i."""
        bound_by = self.bound_by  # chains share their predecessors: find each binding once
        seq = [i]
        seen = {i}
        while len(seq) < CHAIN_CAP:
            j = bound_by.get(seq[-1])
            if j is None:
                j = bound_by[seq[-1]] = self._find_binding(seq[-1])
            if j < 0 or j in seen:
                break
            seq.append(j)
            seen.add(j)
        seq.reverse()
        return [self.ids[k] for k in seq], [self.titles[k] for k in seq]

    def _check_deadlines(self) -> None:
        cal, EF, items = self.cal, self.EF, self.items
        for i, b in self.deadline_at.items():
            if EF[i] > b and i not in self.done:
                ids, titles = self._chain(i)
                self.diagnostics.append(
                    diag.deadline_unreachable(
                        items[i].kind, ids, titles, items[i].deadline or cal.date_at(b - 1),
                        cal.date_at(EF[i] - 1), EF[i] - b,
                    )
                )  # fmt: skip

    def _check_plan_end(self) -> None:
        """Work that ends after the plan, reported once at the end of each late chain."""
        EF, pe1, deadline_at = self.EF, self.pe1, self.deadline_at
        late_succ = [False] * len(EF)
        for i, ef in enumerate(EF):
            if ef > pe1:
                for j, _t, _lag in self.preds[i]:
                    late_succ[j] = True
        for i, ef in enumerate(EF):
            if (
                ef > pe1
                and not late_succ[i]
                and i not in self.done
                and (i not in deadline_at or ef <= deadline_at[i])
            ):
                ids, titles = self._chain(i)
                self.diagnostics.append(
                    diag.end_unreachable(
                        ids, titles, self.plan.end, self.cal.date_at(ef - 1), ef - pe1
                    )
                )

    def _check_late_starts(self) -> None:
        """Activities that had to start before the plan starts, or before today."""
        cal, plan, ps, td, fixed = self.cal, self.plan, self.ps, self.td, self.fixed
        out, ids, titles = self.diagnostics, self.ids, self.titles
        rows = zip(self.LS, self.is_ms, self.started, strict=True)
        for i, (ls, milestone, started) in enumerate(rows):
            if milestone or started or i in fixed:
                continue
            if ls < ps:
                out.append(
                    diag.late_start(
                        ids[i], titles[i], cal.date_at(ls), ps - ls,
                        before="plan_start", on=plan.start,
                    )
                )  # fmt: skip
            elif td is not None and ls < td:
                assert plan.today is not None
                out.append(
                    diag.late_start(
                        ids[i], titles[i], cal.date_at(ls), td - ls, before="today", on=plan.today
                    )
                )

    def _check_deadline_days(self) -> None:
        cal = self.cal
        for i in self.deadline_at:
            d = self.items[i].deadline
            if d is not None and not cal.is_working_day(d):
                self.diagnostics.append(
                    diag.deadline_not_working_day(
                        self.ids[i], self.titles[i], d,
                        cal.non_working_reason(d) or "", cal.non_working_reason(d, "en") or "",
                        cal.previous_working_day(d), cal.next_working_day(d),
                    )
                )  # fmt: skip

    def _check_closures(self) -> None:
        """Work on the days of a closure that only warns."""
        cal, S, E, is_ms = self.cal, self.S, self.E, self.is_ms
        for closure in cal.warn_closures:
            cs = cal.index_on_or_after(closure.start)
            ce = cal.index_on_or_before(closure.end)
            if ce < cs:
                continue
            hits = [i for i, (s, e) in enumerate(zip(S, E, strict=True)) if e > cs and s <= ce + 1]
            for i in hits:
                first = E[i] - 1 if is_ms[i] else S[i]
                last = E[i] - 1
                if first <= ce and last >= cs:
                    self.diagnostics.append(
                        diag.closure_overlap(
                            self.ids[i], self.titles[i], self.items[i].kind,
                            cal.date_at(first), cal.date_at(last), closure,
                        )
                    )  # fmt: skip

    def _check_leads_to_milestone(self) -> None:
        """Activities from which no milestone can be reached; an item in a cycle is reported
        as the cycle, and the edges dropped from a cycle still lead on to a milestone."""
        preds, reaches, cycle_edges = self.preds, self.is_ms[:], self.cycle_edges
        stack = [i for i, r in enumerate(reaches) if r]
        while stack:  # backwards from the milestones (an order does not hold for cycle edges)
            i = stack.pop()
            for j, _t, _lag in (*preds[i], *cycle_edges.get(i, ())):
                if not reaches[j]:
                    reaches[j] = True
                    stack.append(j)
        for i, reached in enumerate(reaches):
            if not reached and i not in self.in_cycle:
                self.diagnostics.append(
                    diag.activity_without_milestone(self.ids[i], self.titles[i])
                )


def _edge_code(dep: Dependency) -> tuple[int, Any]:
    """(type code, lag): the lag in working days, or the Duration for a lag in calendar time."""
    if dep.lag.calendar:
        return _TYPE_CODE[dep.type] + _CAL, dep.lag
    return _TYPE_CODE[dep.type], dep.lag.working_days


def _kahn(preds: list[list[Edge]]) -> list[int]:
    n = len(preds)
    indegree = [0] * n
    succs: list[list[int]] = [[] for _ in range(n)]
    for i, p in enumerate(preds):
        indegree[i] = len(p)
        for j, _t, _lag in p:
            succs[j].append(i)
    stack = [i for i in range(n - 1, -1, -1) if indegree[i] == 0]
    order = []
    while stack:
        i = stack.pop()
        order.append(i)
        for k in succs[i]:
            indegree[k] -= 1
            if indegree[k] == 0:
                stack.append(k)
    return order


def _strongly_connected(nodes: Iterable[int], preds: list[list[Edge]]) -> list[list[int]]:
    """Tarjan's algorithm, iterative, over the predecessor edges among `nodes`."""
    allowed = set(nodes)
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    result: list[list[int]] = []
    counter = 0
    for root in sorted(allowed):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            v, pos = work.pop()
            if pos == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack.add(v)
            edges = [j for j, _t, _l in preds[v] if j in allowed]
            recurse = False
            for k in range(pos, len(edges)):
                w = edges[k]
                if w not in index:
                    work.append((v, k + 1))
                    work.append((w, 0))
                    recurse = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if recurse:
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                result.append(sorted(comp))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return result


def _one_cycle(start: int, members: set[int], preds: list[list[Edge]]) -> list[int]:
    """A cycle through the component, in dependency order, first node repeated at the end."""
    path = [start]
    seen = {start: 0}
    v = start
    while True:
        v = min(j for j, _t, _l in preds[v] if j in members)
        if v in seen:
            cyc = [*path[seen[v] :], v]
            cyc.reverse()  # walked from successor to predecessor
            return cyc
        seen[v] = len(path)
        path.append(v)


def schedule(
    plan: PlanInput,
    *,
    school_holidays: Iterable[SchoolHoliday] | None = None,
    calendar: WorkCalendar | None = None,
) -> Schedule:
    """Schedule a plan. Never raises for problems in the plan: they become diagnostics.

    `school_holidays` defaults to the shipped and imported ones (`load_school_holidays()`);
    pass `calendar` to reuse a calendar built for the same `plan.calendar`.
    """
    if calendar is None:
        if school_holidays is None:
            school_holidays = load_school_holidays()
        first = min(plan.start, plan.today or plan.start) - timedelta(days=400)
        last = max(plan.end, plan.start) + timedelta(days=400)
        calendar = WorkCalendar(plan.calendar, school_holidays, first, last)
    # The run allocates millions of small objects that all stay alive: collecting garbage
    # in between only costs time.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        result = _Engine(plan, calendar).run()
        _holiday_data_warning(plan, result, calendar.school_holidays)
        return result
    except CalendarRangeError as exc:
        return Schedule(
            {},
            [
                Diagnostic(
                    "calendar_range",
                    "error",
                    (),
                    f"De planning valt buiten de jaren 1900–2200 ({exc.reason_nl}).",
                    f"The schedule falls outside 1900–2200 ({exc.reason_en}).",
                    {},
                )
            ],
        )
    finally:
        if gc_was_enabled:
            gc.enable()


def _holiday_data_warning(
    plan: PlanInput, result: Schedule, school_holidays: Iterable[SchoolHoliday]
) -> None:
    """Warn when the plan runs into school years whose holidays in its region are not known:
    from the plan's start (or its first scheduled day) to its end (or its last)."""
    region = plan.calendar.region
    if region is None:
        return
    first, last = plan.start, max(plan.end, plan.start)
    for item in result.items.values():
        if item.start is not None and item.start < first:
            first = item.start
        if item.finish is not None and item.finish > last:
            last = item.finish
    missing = missing_schoolyears(school_holidays, region, first, last)
    if missing:
        errors = sum(1 for d in result.diagnostics if d.severity == "error")
        result.diagnostics.insert(errors, diag.school_holidays_unknown(region, missing))
