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
from collections.abc import Iterable
from datetime import date, timedelta
from functools import partial
from typing import Any

from . import diagnostics as diag
from .calendar import CalendarRangeError, WorkCalendar
from .model import Diagnostic, Duration, Item, PlanInput, Schedule, ScheduledItem
from .school_holidays import SchoolHoliday, load_school_holidays

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
    """One scheduling run; plain lists indexed by item number for speed."""

    def __init__(self, plan: PlanInput, cal: WorkCalendar) -> None:
        self.plan = plan
        self.cal = cal
        self.diagnostics: list[Diagnostic] = []

    # -- calendar-time helpers ----------------------------------------------------------
    def cal_target(self, ref: int, lag: Duration, target_end: bool, ref_start: bool) -> int:
        """Lower bound on the target instant for a lag in calendar time after instant `ref`.

        The reference is the end of a day (FS, FF) or the start of one (SS): a moment in
        calendar time, shifted by the lag; the target is the first start of a working day
        (or end, for FF and milestones) at or after that moment.
        """
        cal = self.cal
        r = cal.ordinal_at(ref) - 1 if ref_start else cal.ordinal_at(ref - 1)
        o = _shift(r, lag.amount, lag.unit)
        if target_end:
            return cal.index_on_or_after(o) + 1
        return cal.index_on_or_after(o + 1)

    def cal_reference(self, target: int, lag: Duration, target_end: bool, ref_start: bool) -> int:
        """The latest reference instant whose `cal_target` is at or before `target`."""
        cal = self.cal
        r_max = cal.ordinal_at(target - 1) if target_end else cal.ordinal_at(target) - 1
        o = _shift(r_max, -lag.amount, lag.unit)
        ref = cal.index_on_or_before(o + 1) if ref_start else cal.index_on_or_before(o) + 1
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

    # -- the run ------------------------------------------------------------------------
    def run(self) -> Schedule:
        plan, cal, out = self.plan, self.cal, self.diagnostics
        index: dict[str, int] = {}
        items: list[Item] = []
        ids: list[str] = []
        titles: list[str] = []
        is_ms: list[bool] = []
        # Durations: an int of working days, or (calendar time) the Duration in caldur.
        dur: list[int] = []
        caldur: dict[int, Duration] = {}
        with_dates: list[int] = []  # items with fixed dates or actuals
        with_deadline: list[int] = []
        for it in plan.items:
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
                with_deadline.append(i)
            if (
                it.fixed_start is not None
                or it.fixed_finish is not None
                or it.actual_start is not None
                or it.actual_finish is not None
            ):
                with_dates.append(i)
        n = len(items)

        # Dependencies as (predecessor, type code, lag) per item.
        preds: list[list[Edge]] = [[] for _ in range(n)]
        sorted_already = True
        cal_edges = False
        # Most plans share a few Dependency types and lags: cache their codes by identity.
        codes: dict[int, tuple[int, Any]] = {}
        for i, it in enumerate(items):
            p = preds[i]
            for dep in it.depends:
                j = index.get(dep.predecessor)
                if j is None:
                    out.append(diag.unknown_dependency(it.id, titles[i], dep.predecessor))
                    continue
                lag = dep.lag
                key = id(lag) * 4 + _TYPE_CODE[dep.type]
                cached = codes.get(key)
                if cached is None:
                    if lag.calendar:
                        cached = (_TYPE_CODE[dep.type] + _CAL, lag)
                        cal_edges = True
                    else:
                        cached = (_TYPE_CODE[dep.type], lag.working_days)
                    codes[key] = cached
                p.append((j, *cached))
                if j >= i:
                    sorted_already = False

        order = list(range(n)) if sorted_already else self._order(preds, ids, titles)

        # Bounds in instants.
        ps = cal.index_on_or_after(plan.start)
        pe1 = cal.index_on_or_before(plan.end) + 1
        if plan.end < plan.start:
            out.append(diag.plan_end_before_start(plan.start, plan.end))
        td = cal.index_on_or_after(plan.today) if plan.today is not None else None

        # Fixed dates and actuals: (S, E, is_actual).
        fixed: dict[int, tuple[int, int, bool]] = {}
        started = [False] * n
        for i in with_dates:
            it = items[i]
            if it.actual_start is not None or it.actual_finish is not None:
                started[i] = True
                a_s, a_f, actual = it.actual_start, it.actual_finish, True
                if a_s is not None and a_f is not None and a_f < a_s:
                    out.append(diag.actual_finish_before_start(it.id, titles[i], a_s, a_f))
                    a_f = None
            else:
                a_s, a_f, actual = it.fixed_start, it.fixed_finish, False
            if is_ms[i]:
                day = a_f if a_f is not None else a_s
                assert day is not None
                e = cal.index_on_or_before(day) + 1
                fixed[i] = (e, e, actual)
                continue
            if a_s is not None:
                s = cal.index_on_or_after(a_s)
                if a_f is not None:
                    e = max(cal.index_on_or_before(a_f) + 1, s + 1)
                else:
                    e = self.cal_finish(s, caldur[i]) if i in caldur else s + dur[i]
                    if actual and td is not None and e <= td:
                        e = td + 1  # still running: it finishes today at the earliest
            else:
                assert a_f is not None
                e = cal.index_on_or_before(a_f) + 1
                s = self.cal_start(e, caldur[i]) if i in caldur else e - dur[i]
            fixed[i] = (s, e, actual)

        special = set(caldur) | set(fixed)

        # Lower bounds: the plan start, and today for work not yet started.
        lo = ps if td is None or td < ps else td
        lo_s = [lo + 1 if m else lo for m in is_ms]
        if td is not None and td > ps:
            for i in range(n):
                if started[i]:
                    lo_s[i] = ps + 1 if is_ms[i] else ps

        # ---- forward pass: early start / finish --------------------------------------
        ES = [0] * n
        EF = [0] * n
        driver = [-1] * n
        general = bool(special) or cal_edges
        if not general:
            # The hot path: working-day durations and lags only, plain integer arithmetic.
            for i in order:
                s = lo_s[i]
                e = 0
                for j, t, lag in preds[i]:
                    if t == _FS:
                        v = EF[j] + lag
                        if v > s:
                            s = v
                    elif t == _SS:
                        v = ES[j] + lag
                        if v > s:
                            s = v
                    else:
                        v = EF[j] + lag
                        if v > e:
                            e = v
                D = dur[i]
                if e - D > s:
                    s = e - D
                ES[i] = s
                EF[i] = s + D
        for i in order if general else ():
            s = lo_s[i]
            e = 0
            drv = -1
            drv_e = -1
            for j, t, lag in preds[i]:
                if t == _FS:
                    v = EF[j] + lag
                    if v > s:
                        s = v
                        drv = j
                elif t == _SS:
                    v = ES[j] + lag
                    if v > s:
                        s = v
                        drv = j
                elif t == _FF:
                    v = EF[j] + lag
                    if v > e:
                        e = v
                        drv_e = j
                else:
                    tt = t - _CAL
                    ref_start = tt == _SS and not is_ms[j]
                    ref = ES[j] if tt == _SS else EF[j]
                    target_end = tt == _FF or is_ms[i]
                    v = self.cal_target(ref, lag, target_end, ref_start)
                    if target_end and not is_ms[i]:
                        if v > e:
                            e = v
                            drv_e = j
                    elif v > s:
                        s = v
                        drv = j
            if i in special:
                if i in caldur:
                    c = caldur[i]
                    if e and self.cal_finish(s, c) < e:
                        s2 = self.cal_earliest_start(e, c)
                        if s2 > s:
                            s, drv = s2, drv_e
                    f = self.cal_finish(s, c)
                else:
                    D = dur[i]
                    if e - D > s:
                        s, drv = e - D, drv_e
                    f = s + D
                fx = fixed.get(i)
                if fx is not None:
                    if not fx[2] and fx[0] < s and drv >= 0:
                        earliest = cal.date_at(s - 1 if is_ms[i] else s)
                        fixed_day = cal.date_at(fx[0] - 1 if is_ms[i] else fx[0])
                        out.append(
                            diag.fixed_date_conflict(
                                ids[i], titles[i], fixed_day, ids[drv], titles[drv], earliest
                            )
                        )
                    s, f = fx[0], fx[1]
                    drv = -1
                ES[i] = s
                EF[i] = f
            else:
                D = dur[i]
                if e - D > s:
                    s, drv = e - D, drv_e
                ES[i] = s
                EF[i] = s + D
            driver[i] = drv

        # ---- backward pass: late start / finish ---------------------------------------
        hiE = [pe1] * n
        deadline_at: dict[int, int] = {}
        for i in with_deadline:
            it = items[i]
            if it.deadline is not None:
                b = cal.index_on_or_before(it.deadline) + 1
                deadline_at[i] = b
                if b < hiE[i]:
                    hiE[i] = b
        hiS = [_INF] * n
        LS = [0] * n
        LF = [0] * n
        if not general:
            for i in reversed(order):
                D = dur[i]
                ls = hiE[i] - D
                h = hiS[i]
                if h < ls:
                    ls = h
                LS[i] = ls
                LF[i] = ls + D
                for j, t, lag in preds[i]:
                    if t == _FF:
                        v = ls + D - lag
                        if v < hiE[j]:
                            hiE[j] = v
                    elif t == _FS:
                        v = ls - lag
                        if v < hiE[j]:
                            hiE[j] = v
                    else:
                        v = ls - lag
                        if v < hiS[j]:
                            hiS[j] = v
        for i in reversed(order) if general else ():
            if i in special:
                ls, lf = self._place_late(i, hiE[i], hiS[i], dur, caldur)
                fx = fixed.get(i)
                push_s, push_e = ls, lf
                if fx is not None:
                    push_s, push_e = min(ls, fx[0]), min(lf, fx[1])
            else:
                D = dur[i]
                ls = hiE[i] - D
                h = hiS[i]
                if h < ls:
                    ls = h
                lf = ls + D
                push_s, push_e = ls, lf
            LS[i] = ls
            LF[i] = lf
            for j, t, lag in preds[i]:
                if t == _FS:
                    v = push_s - lag
                    if v < hiE[j]:
                        hiE[j] = v
                elif t == _SS:
                    v = push_s - lag
                    if v < hiS[j]:
                        hiS[j] = v
                elif t == _FF:
                    v = push_e - lag
                    if v < hiE[j]:
                        hiE[j] = v
                else:
                    tt = t - _CAL
                    target_end = tt == _FF or is_ms[i]
                    ref_start = tt == _SS and not is_ms[j]
                    v = self.cal_reference(
                        push_e if target_end else push_s, lag, target_end, ref_start
                    )
                    if tt == _SS:
                        if v < hiS[j]:
                            hiS[j] = v
                    elif v < hiE[j]:
                        hiE[j] = v

        # ---- placement: as soon or as late as possible -------------------------------
        default_alap = plan.scheduling == "alap"
        alap = [
            (it.scheduling == "alap") if it.scheduling is not None else default_alap for it in items
        ]
        slack = [lf - ef for lf, ef in zip(LF, EF, strict=True)]
        S = ES[:]
        E = EF[:]
        any_alap = any(alap)
        mixed = any_alap and not all(alap)
        if any_alap and not mixed:
            S = [ls if sl >= 0 else es for ls, es, sl in zip(LS, ES, slack, strict=True)]
            E = [lf if sl >= 0 else ef for lf, ef, sl in zip(LF, EF, slack, strict=True)]
        elif mixed:
            # An ALAP item must also end before its ASAP successors start where they are placed.
            sE = [_INF] * n
            sS = [_INF] * n
            for i in reversed(order):
                if alap[i] and slack[i] >= 0 and i not in fixed:
                    s_i, e_i = self._place_late(
                        i, min(sE[i], LF[i]), min(sS[i], LS[i]), dur, caldur
                    )
                    if s_i >= ES[i]:
                        S[i], E[i] = s_i, e_i
                elif i in fixed:
                    S[i], E[i] = fixed[i][0], fixed[i][1]
                for j, t, lag in preds[i]:
                    tt = t - _CAL if t >= _CAL else t
                    if t >= _CAL:
                        target_end = tt == _FF or is_ms[i]
                        ref_start = tt == _SS and not is_ms[j]
                        v = self.cal_reference(
                            E[i] if target_end else S[i], lag, target_end, ref_start
                        )
                    else:
                        v = (E[i] if tt == _FF else S[i]) - lag
                    if tt == _SS:
                        if v < sS[j]:
                            sS[j] = v
                    elif v < sE[j]:
                        sE[j] = v
        for i, fx in fixed.items():
            S[i], E[i] = fx[0], fx[1]

        self._diagnose(
            items, ids, titles, is_ms, order, preds, ES, EF, LS, LF, S, E, slack, driver,
            deadline_at, started, fixed, ps, pe1, td,
        )  # fmt: skip

        # ---- dates ---------------------------------------------------------------------
        lo_i = min(min(ES, default=0), min(LS, default=0), min(S, default=0)) - 1
        hi_i = max(max(EF, default=0), max(LF, default=0), max(E, default=0)) + 1
        table, zero = cal.index_table(lo_i, hi_i)
        days = [date.fromordinal(o) for o in table[lo_i + zero : hi_i + zero + 1]]
        done = {i for i, fx in fixed.items() if fx[2] and items[i].actual_finish is not None}
        # Column by column: a million items become a million tuples without a Python call each.
        b = -lo_i
        b1 = b - 1
        starts = [days[e + b1] if m else days[s_ + b] for s_, e, m in zip(S, E, is_ms, strict=True)]
        finishes = [days[e + b1] for e in E]
        early_starts = [
            days[e + b1] if m else days[s_ + b] for s_, e, m in zip(ES, EF, is_ms, strict=True)
        ]
        early_finishes = [days[e + b1] for e in EF]
        late_starts = [
            days[e + b1] if m else days[s_ + b] for s_, e, m in zip(LS, LF, is_ms, strict=True)
        ]
        late_finishes = [days[e + b1] for e in LF]
        critical = [sl <= 0 for sl in slack]
        for i in done:
            critical[i] = False
        make = partial(tuple.__new__, ScheduledItem)
        rows = zip(
            ids, starts, finishes, early_starts, early_finishes, late_starts, late_finishes,
            slack, critical, strict=True,
        )  # fmt: skip
        result: dict[str, ScheduledItem] = dict(zip(ids, map(make, rows), strict=True))
        out.sort(key=lambda d: _SEVERITY_ORDER[d.severity])
        return Schedule(result, out)

    def _place_late(
        self, i: int, hi_e: int, hi_s: int, dur: list[int], caldur: dict[int, Duration]
    ) -> tuple[int, int]:
        c = caldur.get(i)
        if c is None:
            ls = min(hi_e - dur[i], hi_s)
            return ls, ls + dur[i]
        ls = min(self.cal_start(hi_e, c), hi_s)
        return ls, self.cal_finish(ls, c)

    def _order(self, preds: list[list[Edge]], ids: list[str], titles: list[str]) -> list[int]:
        """A topological order; dependencies inside a cycle are reported and dropped."""
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
            for k in comp:
                preds[k] = [e for e in preds[k] if e[0] not in members]
        order = _kahn(preds)
        assert len(order) == len(preds)
        return order

    def _diagnose(
        self,
        items: list[Item],
        ids: list[str],
        titles: list[str],
        is_ms: list[bool],
        order: list[int],
        preds: list[list[Edge]],
        ES: list[int],
        EF: list[int],
        LS: list[int],
        LF: list[int],
        S: list[int],
        E: list[int],
        slack: list[int],
        driver: list[int],
        deadline_at: dict[int, int],
        started: list[bool],
        fixed: dict[int, tuple[int, int, bool]],
        ps: int,
        pe1: int,
        td: int | None,
    ) -> None:
        cal, out, plan = self.cal, self.diagnostics, self.plan
        n = len(ids)

        bound_by: dict[int, int] = {}

        def binding(i: int) -> int:
            if i not in bound_by:
                bound_by[i] = find_binding(i)
            return bound_by[i]

        def find_binding(i: int) -> int:
            """The predecessor that decides i's early dates, or -1 (plan start, today, fixed)."""
            if i in fixed:
                return -1
            best, best_gap = -1, 1
            for j, t, lag in preds[i]:
                if t >= _CAL:
                    tt = t - _CAL
                    target_end = tt == _FF or is_ms[i]
                    ref = ES[j] if tt == _SS else EF[j]
                    v = self.cal_target(ref, lag, target_end, tt == _SS and not is_ms[j])
                    gap = (EF[i] if target_end else ES[i]) - v
                else:
                    v = (ES[j] if t == _SS else EF[j]) + lag
                    gap = (EF[i] if t == _FF else ES[i]) - v
                if gap < best_gap:
                    best, best_gap = j, gap
            return best if best_gap <= 0 else -1

        def chain(i: int) -> list[int]:
            seq = [i]
            seen = {i}
            while len(seq) < CHAIN_CAP:
                j = binding(seq[-1])
                if j < 0 or j in seen:
                    break
                seq.append(j)
                seen.add(j)
            seq.reverse()
            return seq

        done = {i for i, fx in fixed.items() if fx[2] and items[i].actual_finish is not None}
        for i, b in deadline_at.items():
            if EF[i] > b and i not in done:
                c = chain(i)
                out.append(
                    diag.deadline_unreachable(
                        items[i].kind, [ids[k] for k in c], [titles[k] for k in c],
                        items[i].deadline or cal.date_at(b - 1), cal.date_at(EF[i] - 1), EF[i] - b,
                    )
                )  # fmt: skip
        if plan.end >= plan.start:
            late_succ = [False] * n
            for i in range(n):
                if EF[i] > pe1:
                    for j, _t, _lag in preds[i]:
                        late_succ[j] = True
            for i in range(n):
                if (
                    EF[i] > pe1
                    and not late_succ[i]
                    and i not in done
                    and (i not in deadline_at or EF[i] <= deadline_at[i])
                ):
                    c = chain(i)
                    out.append(
                        diag.end_unreachable(
                            [ids[k] for k in c], [titles[k] for k in c], plan.end,
                            cal.date_at(EF[i] - 1), EF[i] - pe1,
                        )
                    )  # fmt: skip
        for i in range(n):
            if is_ms[i] or started[i] or i in fixed:
                continue
            if LS[i] < ps:
                out.append(
                    diag.late_start_before_plan_start(
                        ids[i], titles[i], cal.date_at(LS[i]), plan.start, ps - LS[i]
                    )
                )
            elif td is not None and LS[i] < td:
                assert plan.today is not None
                out.append(
                    diag.late_start_passed(
                        ids[i], titles[i], cal.date_at(LS[i]), plan.today, td - LS[i]
                    )
                )
        for i in deadline_at:
            it = items[i]
            d = it.deadline
            if d is not None and not cal.is_working_day(d):
                out.append(
                    diag.deadline_not_working_day(
                        it.id, titles[i], d,
                        cal.non_working_reason(d) or "", cal.non_working_reason(d, "en") or "",
                        cal.previous_working_day(d), cal.next_working_day(d),
                    )
                )  # fmt: skip
        for closure in cal.warn_closures:
            cs = cal.index_on_or_after(closure.start)
            ce = cal.index_on_or_before(closure.end)
            if ce < cs:
                continue
            hits = [
                i
                for i, (s_i, e_i) in enumerate(zip(S, E, strict=True))
                if e_i > cs and s_i <= ce + 1
            ]
            for i in hits:
                first = E[i] - 1 if is_ms[i] else S[i]
                last = E[i] - 1
                if first <= ce and last >= cs:
                    out.append(
                        diag.closure_overlap(
                            ids[i], titles[i], items[i].kind,
                            cal.date_at(first), cal.date_at(last), closure,
                        )
                    )  # fmt: skip
        reaches = is_ms[:]
        for i in reversed(order):
            if reaches[i]:
                for j, _t, _lag in preds[i]:
                    reaches[j] = True
        for i in range(n):
            if not reaches[i]:
                out.append(diag.activity_without_milestone(ids[i], titles[i]))


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
        return _Engine(plan, calendar).run()
    except CalendarRangeError as exc:
        message = f"De planning valt buiten de jaren 1900–2200 ({exc})."
        return Schedule(
            {},
            [
                Diagnostic(
                    "calendar_range",
                    "error",
                    (),
                    message,
                    f"The schedule falls outside 1900–2200 ({exc}).",
                    {},
                )
            ],
        )
    finally:
        if gc_was_enabled:
            gc.enable()
