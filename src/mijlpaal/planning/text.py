"""Dates and numbers in plain Dutch and English, without the locale module."""

from __future__ import annotations

from datetime import date

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
