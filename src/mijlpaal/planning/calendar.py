"""The working-day calendar: Monday to Friday minus public holidays, school holidays and closures.

Internally every working day has an integer index, so that adding N working days is one
array lookup. Index 0 is the first working day on or after the calendar's anchor date.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from .model import CalendarSpec, Closure
from .school_holidays import SchoolHoliday

_MIN_ORDINAL = date(1900, 1, 1).toordinal()
_MAX_ORDINAL = date(2200, 12, 31).toordinal()


class CalendarRangeError(ValueError):
    """No working day within the supported years (1900–2200); the reason in English and Dutch."""

    def __init__(self, reason_en: str, reason_nl: str) -> None:
        super().__init__(reason_en)
        self.reason_en = reason_en
        self.reason_nl = reason_nl


def easter_sunday(year: int) -> date:
    """Western Easter (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


# From this year on the Dutch public holidays follow fixed rules (Koningsdag since 2014), written
# out below so that the `holidays` package (a quarter of the command's start-up) is only imported
# for earlier years. tests/planning/test_calendar.py checks the rules against the package.
RULES_FROM_YEAR = 2014
_EASTER_HOLIDAYS = (
    (0, "Eerste paasdag", "Easter Sunday"),
    (1, "Tweede paasdag", "Easter Monday"),
    (39, "Hemelvaartsdag", "Ascension Day"),
    (49, "Eerste pinksterdag", "Pentecost"),
    (50, "Tweede pinksterdag", "Pentecost Monday"),
)


def _rule_holidays(year: int) -> dict[date, tuple[str, str]]:
    """The public holidays of a year from RULES_FROM_YEAR on, without Goede Vrijdag and
    Bevrijdingsdag (decided by `public_holidays`)."""
    easter = easter_sunday(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = date(year, 4, 26)
    result = {
        date(year, 1, 1): ("Nieuwjaarsdag", "New Year's Day"),
        kings_day: ("Koningsdag", "King's Day"),
        date(year, 12, 25): ("Eerste kerstdag", "Christmas Day"),
        date(year, 12, 26): ("Tweede kerstdag", "Second Day of Christmas"),
    }
    for offset, nl, en in _EASTER_HOLIDAYS:
        result[easter + timedelta(days=offset)] = (nl, en)
    return result


def _package_holidays(year: int) -> dict[date, tuple[str, str]]:
    """The public holidays of a year from the `holidays` package (imported only for this)."""
    import holidays as holidays_lib

    nl = holidays_lib.NL(years=year, categories=("public",), language="nl")
    en = holidays_lib.NL(years=year, categories=("public",), language="en_US")
    return {d: (str(name), str(en.get(d, name))) for d, name in nl.items()}


@lru_cache(maxsize=512)
def public_holidays(
    year: int, good_friday_off: bool = True, liberation_day_yearly: bool = False
) -> dict[date, tuple[str, str]]:
    """Dutch public holidays of one year as {date: (Dutch name, English name)}.

    The days of `holidays.NL` (public category): from RULES_FROM_YEAR on by the same rules
    written out here, before that from the package. Two days are decided here because the
    package's categories for them have changed between versions: Goede Vrijdag (when
    `good_friday_off`) and Bevrijdingsdag (every year when `liberation_day_yearly`,
    otherwise in lustrum years only, when it is a national holiday).
    """
    found = _rule_holidays(year) if year >= RULES_FROM_YEAR else _package_holidays(year)
    easter = easter_sunday(year)
    good_friday = easter - timedelta(days=2)
    liberation = date(year, 5, 5)
    result = {d: names for d, names in found.items() if d not in (good_friday, liberation)}
    # Hemelvaartsdag falls on 5 May when Easter is on 27 March (1910, 2005, 2016, 2157):
    # it stays a public holiday whatever is decided about Bevrijdingsdag.
    ascension = easter + timedelta(days=39)
    if ascension == liberation:
        result[ascension] = ("Hemelvaartsdag", "Ascension Day")
    if good_friday_off:
        result[good_friday] = ("Goede Vrijdag", "Good Friday")
    if liberation_day_yearly or year % 5 == 0:
        if liberation in result:
            result[liberation] = (
                "Hemelvaartsdag en Bevrijdingsdag",
                "Ascension and Liberation Day",
            )
        else:
            result[liberation] = ("Bevrijdingsdag", "Liberation Day")
    return result


_KIND_NL = {
    "toetsweek": "toetsweek",
    "examen": "examen",
    "studiedag": "studiedag",
    "projectweek": "projectweek",
    "other": "sluiting",
}


class WorkCalendar:
    """Working days of one plan; built by `build_calendar()`.

    Semantics of the query API (all dates inclusive, whole days):

    - `is_working_day(d)`: d is Monday–Friday and no holiday or `no_work` closure.
    - `add_working_days(d, n)`: for n > 0 the n-th working day after d, for n < 0 the |n|-th
      working day before d (d itself not counted); for n = 0, d when it is a working day,
      else the next working day.
    - `working_days_between(a, b)`: the number of working days in the half-open range [a, b):
      a counted, b not; negative (−count of [b, a)) when b is before a.
      So `working_days_between(d, add_working_days(d, n)) == n` for a working day d.
    - `next_working_day(d)` / `previous_working_day(d)`: strictly after / before d.
    - `on_or_after(d)` / `on_or_before(d)`: d itself when it is a working day.

    The calendar covers any date from 1900 to 2200; it precomputes the plan's range and
    grows on demand.
    """

    def __init__(
        self,
        spec: CalendarSpec,
        school_holidays: Iterable[SchoolHoliday],
        first: date,
        last: date,
    ) -> None:
        self.spec = spec
        self.school_holidays = tuple(
            h for h in school_holidays if spec.region is not None and h.region == spec.region
        )
        self.warn_closures = tuple(c for c in spec.closures if c.policy == "warn")
        self._no_work_closures = tuple(c for c in spec.closures if c.policy == "no_work")
        self._anchor = first.toordinal()
        self._base = 0
        self._cum = array("q")
        self._wdays = array("q")
        self._zero = 0
        self._build(first.toordinal(), max(last, first).toordinal())

    # -- construction ---------------------------------------------------------------------
    def _build(self, lo: int, hi: int) -> None:
        lo = max(lo, _MIN_ORDINAL)
        hi = min(hi, _MAX_ORDINAL)
        closed: set[int] = set()
        for year in range(date.fromordinal(lo).year, date.fromordinal(hi).year + 1):
            closed.update(
                d.toordinal()
                for d in public_holidays(
                    year, self.spec.good_friday_off, self.spec.liberation_day_yearly
                )
            )
        periods: list[tuple[date, date]] = [(h.start, h.end) for h in self.school_holidays]
        periods += [(c.start, c.end) for c in self._no_work_closures]
        for first, last in periods:
            closed.update(range(max(first.toordinal(), lo), min(last.toordinal(), hi) + 1))
        cum = array("q", [0]) * (hi - lo + 2)
        wdays = array("q")
        count = 0
        # date.fromordinal(1) is a Monday, so (ordinal - 1) % 7 is the weekday.
        weekday = (lo - 1) % 7
        for k, o in enumerate(range(lo, hi + 1)):
            cum[k] = count
            if weekday < 5 and o not in closed:
                wdays.append(o)
                count += 1
            weekday = 0 if weekday == 6 else weekday + 1
        cum[hi - lo + 1] = count
        self._base, self._cum, self._wdays = lo, cum, wdays
        anchor = min(max(self._anchor, lo), hi + 1)
        self._zero = cum[anchor - lo]

    def _grow(self, ordinal: int) -> None:
        lo, hi = self._base, self._base + len(self._cum) - 2
        span = max(hi - lo, 366)
        if ordinal < lo or ordinal <= lo + 7:
            if lo <= _MIN_ORDINAL:
                raise CalendarRangeError("no working day after 1900", "geen werkdag na 1900")
            lo = min(ordinal, lo) - span
        if ordinal > hi or ordinal >= hi - 7:
            if hi >= _MAX_ORDINAL:
                raise CalendarRangeError("no working day before 2200", "geen werkdag vóór 2200")
            hi = max(ordinal, hi) + span
        if (lo, hi) == (self._base, self._base + len(self._cum) - 2):
            # The day lies well inside, but closures leave no working day near it: look further
            # both ways (a plan file can close every day from 1900 to 2200).
            if lo <= _MIN_ORDINAL and hi >= _MAX_ORDINAL:
                raise CalendarRangeError(
                    "no working day between 1900 and 2200", "geen werkdag tussen 1900 en 2200"
                )
            lo, hi = lo - span, hi + span
        self._build(lo, hi)

    # -- index API (used by the scheduler) ------------------------------------------------
    def index_on_or_after(self, d: date | int) -> int:
        """The index of the first working day on or after d."""
        o = d if isinstance(d, int) else d.toordinal()
        while True:
            k = o - self._base
            if 0 <= k < len(self._cum) - 1:
                c = self._cum[k]
                if c < len(self._wdays):
                    return c - self._zero
            self._grow(o)

    def index_on_or_before(self, d: date | int) -> int:
        """The index of the last working day on or before d."""
        o = d if isinstance(d, int) else d.toordinal()
        while True:
            k = o - self._base
            if 0 <= k < len(self._cum) - 1:
                c = self._cum[k + 1] - 1
                if c >= 0:
                    return c - self._zero
            self._grow(o)

    def ordinal_at(self, index: int) -> int:
        """The ordinal of the working day with this index."""
        while True:
            k = index + self._zero
            if 0 <= k < len(self._wdays):
                return self._wdays[k]
            self._grow(
                self._base - 1
                if k < 0
                else self._base + len(self._cum) - 1 + (k - len(self._wdays))
            )

    def date_at(self, index: int) -> date:
        """The working day with this index."""
        return date.fromordinal(self.ordinal_at(index))

    def ensure_indices(self, lo: int, hi: int) -> None:
        """Make sure working days lo..hi are precomputed (so `_wdays` lookups are direct)."""
        self.ordinal_at(lo)
        self.ordinal_at(hi)

    def index_table(self, lo: int, hi: int) -> tuple[array[int], int]:
        """(array of ordinals, offset) such that table[i + offset] is the ordinal of index i."""
        self.ensure_indices(lo, hi)
        return self._wdays, self._zero

    # -- query API ------------------------------------------------------------------------
    def is_working_day(self, d: date) -> bool:
        return self.index_on_or_after(d) == self.index_on_or_before(d)

    def on_or_after(self, d: date) -> date:
        return self.date_at(self.index_on_or_after(d))

    def on_or_before(self, d: date) -> date:
        return self.date_at(self.index_on_or_before(d))

    def next_working_day(self, d: date) -> date:
        return self.date_at(self.index_on_or_before(d) + 1)

    def previous_working_day(self, d: date) -> date:
        return self.date_at(self.index_on_or_after(d) - 1)

    def add_working_days(self, d: date, n: int) -> date:
        if n > 0:
            return self.date_at(self.index_on_or_before(d) + n)
        if n < 0:
            return self.date_at(self.index_on_or_after(d) + n)
        return self.on_or_after(d)

    def working_days_between(self, a: date, b: date) -> int:
        return self.index_on_or_after(b) - self.index_on_or_after(a)

    def working_days(self, start: date, end: date) -> list[date]:
        """All working days from start to end, both inclusive."""
        first, last = self.index_on_or_after(start), self.index_on_or_before(end)
        return [self.date_at(i) for i in range(first, last + 1)]

    def non_working_reason(self, d: date, lang: str = "nl") -> str | None:
        """Why d is not a working day (`zaterdag`, `kerstvakantie`, `Goede Vrijdag`), or None."""
        en = lang == "en"
        for closure in self._no_work_closures:
            if closure.start <= d <= closure.end:
                return closure.name
        names = public_holidays(d.year, self.spec.good_friday_off, self.spec.liberation_day_yearly)
        if d in names:
            return names[d][1 if en else 0]
        for holiday in self.school_holidays:
            if holiday.start <= d <= holiday.end:
                return holiday.name if not en else f"school holiday ({holiday.name})"
        if d.weekday() == 5:
            return "Saturday" if en else "zaterdag"
        if d.weekday() == 6:
            return "Sunday" if en else "zondag"
        return None

    def warn_closures_between(self, start: date, end: date) -> list[Closure]:
        return [c for c in self.warn_closures if c.start <= end and start <= c.end]


def build_calendar(
    spec: CalendarSpec,
    school_holidays: Iterable[SchoolHoliday] | None = None,
    *,
    first: date | None = None,
    last: date | None = None,
) -> WorkCalendar:
    """A calendar for `spec`; `school_holidays` default to the shipped and imported ones.

    `first`/`last` only choose the range precomputed up front (default: this year ± 3).
    """
    if school_holidays is None:
        from .school_holidays import load_school_holidays

        school_holidays = load_school_holidays()
    if first is None or last is None:
        this_year = datetime.now(UTC).year
        first = first or date(this_year - 3, 1, 1)
        last = last or date(this_year + 3, 12, 31)
    return WorkCalendar(spec, school_holidays, first, last)


KIND_NAMES_NL = _KIND_NL
