"""Derived status: what each item's light is today, and how workstreams and the plan roll up.

Rules:
- An item's light is the one of its latest logbook entry; a corrected entry no longer counts
  (in the database: `Entry.objects.counting()`; here, for rows already loaded: `effective` and
  `latest`).
- A milestone past its deadline and not reached is late, whatever its last light said.
- A workstream shows the worst light of its items, unless it has a newer entry of its own; the
  plan shows the worst light of its workstreams and loose items, unless it has a newer entry.
- An item that is under way and has had no update for longer than the plan's interval is stale.
- A milestone whose latest entry is a "bereikt" awaiting the E party's approval (sign-off) shows
  "awaiting approval": not reached yet, and not late while it waits. It is not one of the lights
  the legends and the trend list (`SHOWN_ORDER`); pages that show it name it with `LIGHT_LABELS`.

Pure functions over rows already loaded: a page loads the entries once and derives everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from mijlpaal.monitoring.models import Entry, EntryKind, Light, SignOff
from mijlpaal.plans.models import Activity, Milestone, Plan, Workstream

NONE = "none"  # no status update yet
LATE = "late"
AWAITING = "awaiting"  # reported reached, waiting for the E party's approval (sign-off)
# How bad a shown light is; roll-ups take the worst.
SEVERITY = {
    NONE: -1,
    Light.REACHED: 0,
    AWAITING: 1,
    Light.GREEN: 2,
    Light.ORANGE: 3,
    Light.RED: 4,
    LATE: 5,
}
SHOWN_ORDER = (LATE, Light.RED, Light.ORANGE, Light.GREEN, Light.REACHED, NONE)
# What a page calls each shown light.
LIGHT_LABELS = {
    LATE: gettext_lazy("late"),
    Light.RED: gettext_lazy("red"),
    Light.ORANGE: gettext_lazy("orange"),
    Light.GREEN: gettext_lazy("green"),
    Light.REACHED: gettext_lazy("reached"),
    AWAITING: gettext_lazy("awaiting approval"),
    NONE: gettext_lazy("no update yet"),
}


def _order(entry: Entry) -> tuple[dt.date, dt.datetime, int]:
    """Sorts like `NEWEST_FIRST`, reversed: the greatest is the newest."""
    return (entry.reported_on, entry.created_at, entry.pk)


def _subject_key(entry: Entry) -> tuple[str, int | None]:
    if entry.target == "plan":
        return ("plan", None)
    return (entry.target, entry.milestone_id or entry.activity_id or entry.workstream_id)


@dataclass(frozen=True)
class ItemStatus:
    light: str  # a Light value or NONE
    late: bool = False
    stale: bool = False
    entry: Entry | None = None

    @property
    def shown(self) -> str:
        """The light a page shows: late beats any light."""
        return LATE if self.late else self.light

    @property
    def awaiting(self) -> bool:
        """Reported reached; the E party has not approved or rejected it yet."""
        return self.light == AWAITING

    @property
    def reached(self) -> bool:
        return self.light == Light.REACHED

    @property
    def open_problems(self) -> str:
        """The knelpunten of the latest entry, while the item is not reached."""
        if self.entry is None or self.reached:
            return ""
        return self.entry.problems.strip()


@dataclass(frozen=True)
class RollUp:
    shown: str
    own: bool  # the group's own newer entry decides, not its items
    entry: Entry | None = None


@dataclass(frozen=True)
class PlanStatus:
    milestones: dict[int, ItemStatus]
    activities: dict[int, ItemStatus]
    workstreams: dict[int, RollUp]
    plan: RollUp

    def counts(self) -> dict[str, int]:
        """How many milestones and activities show each light (AWAITING: only when some do)."""
        counts = dict.fromkeys(SHOWN_ORDER, 0)
        for status in (*self.milestones.values(), *self.activities.values()):
            counts[status.shown] = counts.get(status.shown, 0) + 1  # AWAITING only when there
        return counts


def corrected_ids(entries: Iterable[Entry]) -> set[int]:
    """The ids of the entries that a later entry corrects."""
    return {e.corrects_id for e in entries if e.corrects_id}


def effective(entries: Iterable[Entry]) -> list[Entry]:
    """Status entries that still count: those no later entry corrects."""
    entries = [e for e in entries if e.kind == EntryKind.STATUS]
    corrected = corrected_ids(entries)
    return [e for e in entries if e.pk not in corrected]


def latest(entries: Iterable[Entry]) -> dict[tuple[str, int | None], Entry]:
    """The newest entry per (target, id) with a light; plan-level entries under ("plan", None)."""
    found: dict[tuple[str, int | None], Entry] = {}
    for e in entries:
        if not e.light:
            continue
        key = _subject_key(e)
        current = found.get(key)
        if current is None or _order(e) > _order(current):
            found[key] = e
    return found


class LatestSoFar:
    """`latest(effective(entries))` for entries added one by one in `_order`, oldest first: the
    lights over time count a month at a time without walking the whole logbook each month."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, int | None], Entry] = {}
        self._alive: dict[tuple[str, int | None], dict[int, Entry]] = {}
        self._subject: dict[int, tuple[str, int | None]] = {}
        self._corrected: set[int] = set()

    def add(self, entry: Entry) -> None:
        if entry.kind != EntryKind.STATUS:
            return
        if entry.corrects_id:
            self._corrected.add(entry.corrects_id)
            self._drop(entry.corrects_id)
        if entry.pk in self._corrected or not entry.light:
            return
        key = _subject_key(entry)
        self._alive.setdefault(key, {})[entry.pk] = entry
        self._subject[entry.pk] = key
        current = self.found.get(key)
        if current is None or _order(entry) > _order(current):
            self.found[key] = entry

    def _drop(self, pk: int) -> None:
        key = self._subject.pop(pk, None)
        if key is None:
            return
        alive = self._alive[key]
        del alive[pk]
        if self.found[key].pk == pk:
            if alive:
                self.found[key] = max(alive.values(), key=_order)
            else:
                del self.found[key]


def lights_before(entries: Iterable[Entry]) -> dict[int, str]:
    """For each status update, the light its subject showed just before it was saved ("" for
    none). `entries` are a plan's status updates up to the last one asked about; they are walked
    in the order they were made, keeping per subject the updates that counted at that moment."""
    counting: dict[tuple[str, int | None], list[Entry]] = {}
    before: dict[int, str] = {}
    for e in sorted(entries, key=lambda e: (e.created_at, e.pk)):
        if e.kind != EntryKind.STATUS:
            continue
        alive = counting.setdefault(_subject_key(e), [])
        shown = max(alive, key=_order, default=None)
        before[e.pk] = shown.light if shown is not None else ""
        if e.corrects_id:
            alive[:] = [x for x in alive if x.pk != e.corrects_id]
        if e.light:
            alive.append(e)
    return before


def awaits(entry: Entry) -> bool:
    """Whether a status update is a "bereikt" waiting for sign-off (while no later entry corrects
    it: the approval or the rejection does)."""
    return entry.light == Light.REACHED and entry.sign_off == SignOff.REQUESTED


def _worst(lights: Iterable[str]) -> str:
    return max(lights, key=lambda light: SEVERITY[light], default=NONE)


def derive(
    plan: Plan,
    milestones: Sequence[Milestone],
    activities: Sequence[Activity],
    workstreams: Sequence[Workstream],
    entries: Iterable[Entry],
    *,
    today: dt.date,
    under_way: Collection[tuple[str, int]] | None = None,
    latest_entries: Mapping[tuple[str, int | None], Entry] | None = None,
) -> PlanStatus:
    """Each item's status and the roll-ups. `under_way` holds the ("milestone"|"activity", pk) whose
    planned start has come; only those can be stale (all items when not given). `latest_entries`:
    `latest(effective(entries))` when the caller has it already (LatestSoFar)."""
    last = latest(effective(entries)) if latest_entries is None else latest_entries
    stale_before = today - dt.timedelta(weeks=plan.update_interval_weeks or 4)

    def item(kind: str, pk: int, reached_on: dt.date | None, late: bool) -> ItemStatus:
        entry = last.get((kind, pk))
        light = entry.light if entry else NONE
        if reached_on is not None:
            light = Light.REACHED
        if light == Light.REACHED:
            if entry is not None and reached_on is None and awaits(entry):
                return ItemStatus(AWAITING, entry=entry)
            return ItemStatus(Light.REACHED, entry=entry)
        active = under_way is None or (kind, pk) in under_way
        seen = entry.reported_on if entry else None
        stale = (
            active and (seen or plan.start_date) < stale_before and plan.start_date < stale_before
        )
        return ItemStatus(light, late=late, stale=stale, entry=entry)

    ms = {m.pk: item("milestone", m.pk, m.reached_on, m.is_late(today)) for m in milestones}
    acts = {a.pk: item("activity", a.pk, a.actual_finish, False) for a in activities}

    members: dict[int | None, list[ItemStatus]] = {}
    for m in milestones:
        members.setdefault(m.workstream_id, []).append(ms[m.pk])
    for a in activities:
        members.setdefault(a.workstream_id, []).append(acts[a.pk])

    def roll(own: Entry | None, shown: Sequence[str], below: Iterable[Entry | None]) -> RollUp:
        newest = max((_order(e) for e in below if e is not None), default=None)
        if own is not None and (newest is None or _order(own) > newest):
            return RollUp(own.light, own=True, entry=own)
        return RollUp(_worst(shown), own=False)

    groups = {
        w.pk: roll(
            last.get(("workstream", w.pk)),
            [s.shown for s in members.get(w.pk, [])],
            [s.entry for s in members.get(w.pk, [])],
        )
        for w in workstreams
    }
    whole = roll(
        last.get(("plan", None)),
        [*(s.shown for s in members.get(None, [])), *(g.shown for g in groups.values())],
        [
            *(s.entry for s in (*ms.values(), *acts.values())),
            *(last.get(("workstream", w.pk)) for w in workstreams),
        ],
    )
    return PlanStatus(milestones=ms, activities=acts, workstreams=groups, plan=whole)
