"""Mijlpaal's planning engine: plan backwards on the school calendar, in plain Python.

Build a `PlanInput` (or read a plan file with `load_plan_file`), call `schedule()`, read the
`Schedule`: dates per item and diagnostics in Dutch and English. No Django here.
"""

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
