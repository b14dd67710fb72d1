"""Mijlpaal's planning engine: plan backwards on the school calendar, in plain Python.

Build a `PlanInput` (or read a plan file with `load_plan_file`), call `schedule()`, read the
`Schedule`: dates per item and diagnostics in Dutch and English. No Django here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Imported on first use, so that `mijlpaal schedule` starts without loading what it does not need.
_WHERE = {
    "WorkCalendar": "calendar",
    "build_calendar": "calendar",
    "public_holidays": "calendar",
    "CalendarSpec": "model",
    "Closure": "model",
    "Dependency": "model",
    "Diagnostic": "model",
    "Duration": "model",
    "Item": "model",
    "PlanInput": "model",
    "Schedule": "model",
    "ScheduledItem": "model",
    "PlanFileError": "planfile",
    "dump_plan_file": "planfile",
    "load_plan_file": "planfile",
    "schedule": "scheduler",
    "ImportResult": "school_holidays",
    "SchoolHoliday": "school_holidays",
    "SchoolHolidayDataError": "school_holidays",
    "default_data_dir": "school_holidays",
    "import_school_holidays": "school_holidays",
    "load_school_holidays": "school_holidays",
    "parse_open_data": "school_holidays",
    "format_date": "text",
}

if TYPE_CHECKING:
    from .calendar import WorkCalendar, build_calendar, public_holidays
    from .model import (
        CalendarSpec,
        Closure,
        Dependency,
        Diagnostic,
        Duration,
        Item,
        PlanInput,
        Schedule,
        ScheduledItem,
    )
    from .planfile import PlanFileError, dump_plan_file, load_plan_file
    from .scheduler import schedule
    from .school_holidays import (
        ImportResult,
        SchoolHoliday,
        SchoolHolidayDataError,
        default_data_dir,
        import_school_holidays,
        load_school_holidays,
        parse_open_data,
    )
    from .text import format_date


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "CalendarSpec",
    "Closure",
    "Dependency",
    "Diagnostic",
    "Duration",
    "ImportResult",
    "Item",
    "PlanFileError",
    "PlanInput",
    "Schedule",
    "ScheduledItem",
    "SchoolHoliday",
    "SchoolHolidayDataError",
    "WorkCalendar",
    "build_calendar",
    "default_data_dir",
    "dump_plan_file",
    "format_date",
    "import_school_holidays",
    "load_plan_file",
    "load_school_holidays",
    "parse_open_data",
    "public_holidays",
    "schedule",
]
