"""The portfolio table as asked for: filtered by region, light and kind of plan, sorted by a column.

The page and the `.xlsx` read the same `Selection`, so the file holds what the page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mijlpaal.monitoring.status import SEVERITY, SHOWN_ORDER
from mijlpaal.plans.models import Region
from mijlpaal.portfolio.models import PlanKind
from mijlpaal.portfolio.summary import PortfolioRow

FAR = dt.date.max


def _title(row: PortfolioRow) -> Any:
    return (row.plan.title.casefold(), row.plan.pk)


def _submitted(row: PortfolioRow) -> dt.date:
    """Not submitted first, then by the day it was; no report due yet last."""
    if row.last_report is None:
        return FAR
    return row.last_report.submitted_on or dt.date.min


def _realised_share(row: PortfolioRow) -> int:
    share = row.budget.share if row.budget else None
    return -1 if share is None else share


# What each sortable column sorts by; missing values go last either way round.
SORT_KEYS: dict[str, Callable[[PortfolioRow], Any]] = {
    "title": _title,
    "region": lambda r: (r.plan.region or "~", _title(r)),
    "kind": lambda r: (r.kind, _title(r)),
    "light": lambda r: (SEVERITY[r.light], _title(r)),
    "end": lambda r: (r.plan.end_date, _title(r)),
    "forecast": lambda r: (r.forecast or FAR, _title(r)),
    "slip": lambda r: (r.slip_days if r.slip_days is not None else -(10**6), _title(r)),
    "late": lambda r: (r.derived.late, _title(r)),
    "problems": lambda r: (r.derived.problems, _title(r)),
    "waiting": lambda r: (r.waiting, _title(r)),
    "report": lambda r: (r.next_report.due_date if r.next_report else FAR, _title(r)),
    "submitted": lambda r: (_submitted(r), _title(r)),
    "budget": lambda r: (_realised_share(r), _title(r)),
}


@dataclass(frozen=True)
class Selection:
    """What the query string asks for, each value checked against what may be asked."""

    sort: str = "title"
    descending: bool = False
    region: str = ""
    light: str = ""
    kind: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Selection:
        sort = query.get("sort", "")
        descending = sort.startswith("-")
        sort = sort.removeprefix("-")
        region = query.get("region", "")
        light = query.get("light", "")
        kind = query.get("kind", "")
        return cls(
            sort=sort if sort in SORT_KEYS else "title",
            descending=descending and sort in SORT_KEYS,
            region=region if region in Region.values and region else "",
            light=light if light in SHOWN_ORDER else "",
            kind=kind if kind in PlanKind.values else "",
        )

    def apply(self, rows: Sequence[PortfolioRow]) -> list[PortfolioRow]:
        kept = [
            r
            for r in rows
            if (not self.region or r.plan.region == self.region)
            and (not self.light or r.light == self.light)
            and (not self.kind or r.kind == self.kind)
        ]
        return sorted(kept, key=SORT_KEYS[self.sort], reverse=self.descending)

    def query(self, **changes: str) -> str:
        """The query string of this selection with `changes`, empty values left out."""
        values = {
            "region": self.region,
            "light": self.light,
            "kind": self.kind,
            "sort": ("-" if self.descending else "") + self.sort,
            **changes,
        }
        if values["sort"] == "title":
            values["sort"] = ""
        parts = [f"{key}={value}" for key, value in values.items() if value]
        return "?" + "&".join(parts) if parts else "?"

    def sort_link(self, column: str) -> str:
        """The link of a column header: sort by it, or turn the order round when it is sorted."""
        descending = column == self.sort and not self.descending
        return self.query(sort=("-" if descending else "") + column)

    def aria_sort(self, column: str) -> str:
        if column != self.sort:
            return ""
        return "descending" if self.descending else "ascending"

    @property
    def filtered(self) -> bool:
        return bool(self.region or self.light or self.kind)
