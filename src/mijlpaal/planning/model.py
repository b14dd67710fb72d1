"""Immutable inputs and outputs of the planning engine.

The web application turns its rows into a `PlanInput`; `schedule()` returns a `Schedule`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, NamedTuple

DurationUnit = Literal["d", "w", "m"]
ClosureKind = Literal["toetsweek", "examen", "studiedag", "projectweek", "other"]
ClosurePolicy = Literal["no_work", "warn"]
Region = Literal["noord", "midden", "zuid"]
ItemKind = Literal["milestone", "activity"]
Scheduling = Literal["asap", "alap"]
DependencyType = Literal["FS", "SS", "FF"]
Severity = Literal["error", "warning", "info"]

UNIT_WORKING_DAYS = {"d": 1, "w": 5, "m": 20}
_DURATION_RE = re.compile(r"^\s*([+-]?\d+)\s*([dwm])\s*$")


@dataclass(frozen=True)
class Duration:
    """A lead time (doorlooptijd) or lag.

    In working time (the default) `d` is a working day, `w` five and `m` twenty working days.
    With `calendar=True` they are calendar days, weeks of seven days and calendar months.
    Negative amounts are allowed for lags.
    """

    amount: int
    unit: DurationUnit = "d"
    calendar: bool = False

    @classmethod
    def parse(cls, text: str, *, calendar: bool = False) -> Duration:
        """Read the duration format, `"10d"`, `"3w"`, `"2m"` or `"-2d"`: the one parser of it.

        A whole number, with or without a sign, then the unit `d`, `w` or `m` (lower case);
        spaces around and between them are ignored. Zero and negative amounts parse, since a
        lag may be negative: that a lead time is at least one day is the caller's rule.
        `str()` of the result writes it back as `"3w"`.

        Raises ValueError for any other text, with the message
        "not a duration: '<text>' (use e.g. 10d, 3w or 2m)".
        """
        match = _DURATION_RE.match(text)
        if not match:
            raise ValueError(f"not a duration: {text!r} (use e.g. 10d, 3w or 2m)")
        unit: DurationUnit = match.group(2)  # type: ignore[assignment]  # the regex allows d, w, m
        return cls(int(match.group(1)), unit, calendar)

    @property
    def working_days(self) -> int:
        """The length in working days (only meaningful when `calendar` is false)."""
        return self.amount * UNIT_WORKING_DAYS[self.unit]

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


ZERO = Duration(0, "d")


@dataclass(frozen=True)
class Closure:
    """A period of the school's own calendar (toetsweek, examen, studiedag, projectweek).

    `start` and `end` are inclusive. `no_work` removes the days from the working days;
    `warn` keeps them but reports work that overlaps them.
    """

    name: str
    kind: ClosureKind
    start: date
    end: date
    policy: ClosurePolicy = "no_work"


@dataclass(frozen=True)
class CalendarSpec:
    """Which days are working days: Monday to Friday minus the holidays and closures."""

    region: Region | None = None
    good_friday_off: bool = True
    liberation_day_yearly: bool = False
    closures: tuple[Closure, ...] = ()


@dataclass(frozen=True)
class Dependency:
    """`predecessor` must finish (FS), start (SS) or finish (FF) before this item, plus `lag`."""

    predecessor: str
    type: DependencyType = "FS"
    lag: Duration = ZERO


@dataclass(frozen=True)
class Item:
    """A milestone (mijlpaal: one date, no duration) or an activity (activiteit: a lead time)."""

    id: str
    title: str
    kind: ItemKind
    workstream: str | None = None
    duration: Duration | None = None
    scheduling: Scheduling | None = None
    deadline: date | None = None
    fixed_start: date | None = None
    fixed_finish: date | None = None
    actual_start: date | None = None
    actual_finish: date | None = None
    depends: tuple[Dependency, ...] = ()


@dataclass(frozen=True)
class PlanInput:
    """A whole plan: the period, the calendar and the items."""

    title: str
    start: date
    end: date
    today: date | None = None
    calendar: CalendarSpec = field(default_factory=CalendarSpec)
    scheduling: Scheduling = "alap"
    items: tuple[Item, ...] = ()


class ScheduledItem(NamedTuple):
    """The computed dates of one item; all dates inclusive, slack in working days.

    A named tuple rather than a dataclass: a schedule creates one per item, and a plan of a
    million items should not wait for a million frozen-dataclass constructors.
    """

    id: str
    start: date | None
    finish: date | None
    early_start: date | None
    early_finish: date | None
    late_start: date | None
    late_finish: date | None
    slack: int | None
    critical: bool


@dataclass(frozen=True)
class Diagnostic:
    """A problem in the plan, with a message in Dutch and English."""

    code: str
    severity: Severity
    items: tuple[str, ...]
    message_nl: str
    message_en: str
    data: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)

    def message(self, lang: str = "nl") -> str:
        return self.message_en if lang == "en" else self.message_nl


@dataclass
class Schedule:
    """The result of `schedule()`: dates per item id and the diagnostics, errors first."""

    items: dict[str, ScheduledItem]
    diagnostics: list[Diagnostic]

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)
