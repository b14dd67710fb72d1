"""Dates and numbers in plain Dutch and English, without the locale module."""

from __future__ import annotations

import re
from datetime import date

from .model import Duration, DurationUnit

WEEKDAYS_NL = ("ma", "di", "wo", "do", "vr", "za", "zo")
MONTHS_NL = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_ABBR = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def format_date(d: date, lang: str = "nl") -> str:
    """`vr 19 december 2025` in Dutch, `Fri 19 December 2025` in English."""
    if lang == "en":
        return f"{WEEKDAYS_EN[d.weekday()]} {d.day} {MONTHS_EN[d.month - 1]} {d.year}"
    return f"{WEEKDAYS_NL[d.weekday()]} {d.day} {MONTHS_NL[d.month - 1]} {d.year}"


def format_period(start: date, end: date, lang: str = "nl") -> str:
    """`ma 10 – vr 14 november 2025`; one date when start and end are the same day."""
    if start == end:
        return format_date(start, lang)
    weekdays, months = (WEEKDAYS_EN, MONTHS_EN) if lang == "en" else (WEEKDAYS_NL, MONTHS_NL)
    if start.year == end.year:
        first = f"{weekdays[start.weekday()]} {start.day}"
        if start.month != end.month:
            first += f" {months[start.month - 1]}"
        return f"{first} – {format_date(end, lang)}"
    return f"{format_date(start, lang)} – {format_date(end, lang)}"


def plural(n: int, one: str, many: str) -> str:
    """`1 werkdag`, `3 werkdagen`."""
    return f"{n} {one if abs(n) == 1 else many}"


def quoted(title: str) -> str:
    return f"‘{title}’"


# What people type after the number of a lead time, in Dutch and English (data, not translations):
# the unit and whether it is calendar time. "dagen" and "weken" alone are working time, as in the
# plan file, where 10d is ten working days.
_UNIT_WORDS: dict[str, tuple[DurationUnit, bool]] = {
    **dict.fromkeys(("d", "wd", "dg", "dag", "dagen", "werkdag", "werkdagen"), ("d", False)),
    **dict.fromkeys(("day", "days", "workday", "workdays", "working day"), ("d", False)),
    **dict.fromkeys(("working days", "business day", "business days"), ("d", False)),
    **dict.fromkeys(("w", "wk", "wkn", "week", "weken", "werkweek", "werkweken"), ("w", False)),
    **dict.fromkeys(("wks", "weeks", "working week", "working weeks"), ("w", False)),
    **dict.fromkeys(("m", "mnd", "mnden", "maand", "maanden"), ("m", False)),
    **dict.fromkeys(("mo", "month", "months"), ("m", False)),
    **dict.fromkeys(("kalenderdag", "kalenderdagen", "calendar day", "calendar days"), ("d", True)),
    **dict.fromkeys(("kalenderweek", "kalenderweken", "calendar week"), ("w", True)),
    **dict.fromkeys(("calendar weeks",), ("w", True)),
    **dict.fromkeys(("kalendermaand", "kalendermaanden", "calendar month"), ("m", True)),
    **dict.fromkeys(("calendar months",), ("m", True)),
}  # fmt: skip
_HUMAN_DURATION_RE = re.compile(r"^\s*([+-]?\d+)\s*([^\d]*?)\.?\s*$")


def parse_human_duration(text: str) -> Duration:
    """A lead time as people write it: `6 weken`, `6 wk`, `6w`, `3 maanden`, `10 werkdagen`,
    `2 kalenderweken`, `6 weeks`, `10 working days`, `3 months`; the one reader of them.

    Returns the engine's `Duration` (`str()` gives the plan file's `6w`; `calendar` is true for
    calendar days, weeks and months). Raises ValueError for anything else, such as a bare number
    (which unit is meant is a guess) or a fraction.
    """
    match = _HUMAN_DURATION_RE.match(text.replace("\u2212", "-"))
    if not match:
        raise ValueError(f"not a lead time: {text!r} (write e.g. 6 weken, 10 werkdagen, 3 maanden)")
    word = " ".join(match.group(2).lower().replace("-", " ").split())
    if word not in _UNIT_WORDS:
        raise ValueError(f"not a lead time: {text!r} (write e.g. 6 weken, 10 werkdagen, 3 maanden)")
    unit, calendar = _UNIT_WORDS[word]
    return Duration(int(match.group(1)), unit, calendar)
