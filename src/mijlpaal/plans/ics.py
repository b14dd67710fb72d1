"""Read the school's year from a calendar file (.ics, as Outlook or Google Calendar export it).

Each event becomes a proposed period of the school calendar (plans.models.Closure): its name from
SUMMARY, its kind guessed from the words in it, its days the local dates it covers. An all-day
event's DTEND is exclusive (DTSTART;VALUE=DATE:20270301 with DTEND;VALUE=DATE:20270306 is 1 to
5 March); a timed event covers the days, in the school's time zone, from its start to its end.

Recurring events (RRULE) are not imported: a weekly meeting is no closure, and the few yearly
events a school has are quicker to check by hand. They are listed with the reason, as are
cancelled events, events far outside the plan and events longer than a year.

A calendar file is outside input: it is bounded in size, number of events and time before
anything of it is used, and any file the parser refuses gives one message in the user's language.
Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict, dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mijlpaal.plans.models import (
    CLOSURE_MARGIN_DAYS,
    CLOSURE_MAX_DAYS,
    ClosureKind,
    ClosurePolicy,
    Plan,
)

MAX_ICS_BYTES = 1024 * 1024
# Each proposed period is two fields of the preview form; Django accepts 1,000 fields a request.
MAX_EVENTS = 300
MAX_SECONDS = 5.0
# The parser takes up to ~0.3 ms a line (icalendar 7, this machine): with these bounds on the
# shape of the file a hostile one is refused, or read, within a few seconds.
MAX_LINES = 10_000
MAX_PARAMETERS = 20_000
NAME_LENGTH = 200

# The first word found decides: "Schoolexamen" is an exam, "PTA-toetsweek" a test week.
KIND_WORDS = (
    ("toets", ClosureKind.TOETSWEEK),
    ("examen", ClosureKind.EXAMEN),
    ("studiedag", ClosureKind.STUDIEDAG),
    ("project", ClosureKind.PROJECTWEEK),
)


class IcsError(Exception):
    """A calendar file that cannot be read; the message is in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Proposal:
    """One event as a period of the school calendar, before the user confirms it."""

    name: str
    kind: str
    start: dt.date
    end: dt.date

    def as_data(self) -> dict[str, str]:
        return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in asdict(self).items()}

    @classmethod
    def from_data(cls, data: dict[str, str]) -> Proposal:
        return cls(
            name=str(data["name"])[:NAME_LENGTH],
            kind=data["kind"] if data["kind"] in ClosureKind.values else ClosureKind.OTHER,
            start=dt.date.fromisoformat(data["start"]),
            end=dt.date.fromisoformat(data["end"]),
        )


@dataclass(frozen=True)
class Skipped:
    """An event that does not become a period, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class CalendarFile:
    proposals: list[Proposal]
    skipped: list[Skipped]


def guess_kind(name: str) -> str:
    lowered = name.lower()
    for word, kind in KIND_WORDS:
        if word in lowered:
            return str(kind)
    return str(ClosureKind.OTHER)


def default_policy() -> str:
    return str(ClosurePolicy.NO_WORK)


def _local(value: dt.datetime) -> dt.datetime:
    """A moment in the school's time zone; a time without zone (floating) is local already."""
    if value.tzinfo is None:
        return value
    return value.astimezone(ZoneInfo(settings.TIME_ZONE))


def _days(event: Any) -> tuple[dt.date, dt.date] | None:
    """The first and last local day the event covers, or None without a usable DTSTART."""
    start = event.decoded("DTSTART", None)
    if start is None:
        return None
    end = event.decoded("DTEND", None)
    if end is None and event.get("DURATION") is not None:
        end = start + event.decoded("DURATION")
    if not isinstance(start, dt.datetime):  # an all-day event: DTEND is the day after
        last = end - dt.timedelta(days=1) if isinstance(end, dt.date) else start
        if isinstance(last, dt.datetime):
            last = last.date()
        return start, max(start, last)
    first = _local(start)
    if not isinstance(end, dt.datetime):
        return first.date(), first.date()
    until = _local(end)
    if until > first and until.time() == dt.time(0):
        until -= dt.timedelta(microseconds=1)  # ending at midnight: the day before is the last
    return first.date(), max(first.date(), until.date())


def _name(event: Any) -> str:
    summary = " ".join(str(event.get("SUMMARY", "")).split())
    return summary[:NAME_LENGTH] or _("(no title)")


def _skip_reason(event: Any, days: tuple[dt.date, dt.date] | None, plan: Plan) -> str | None:
    if event.get("RRULE") is not None:
        return _("a recurring event; add its dates by hand")
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return _("cancelled")
    if days is None:
        return _("it has no start date")
    first, last = days
    if (last - first).days >= CLOSURE_MAX_DAYS:
        return _("longer than a year")
    margin = dt.timedelta(days=CLOSURE_MARGIN_DAYS)
    if last < plan.start_date - margin or first > plan.end_date + margin:
        return _("more than a year outside the plan")
    return None


def _parse(data: bytes) -> Any:
    import icalendar  # the parser is only needed here, for a file a user uploads

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as error:  # the parser has no one error type for a broken file
        raise IcsError(
            _("This is not a calendar file that can be read (.ics); nothing has been changed.")
        ) from error
    if getattr(calendar, "name", "") != "VCALENDAR":
        raise IcsError(_("The file holds no calendar (BEGIN:VCALENDAR); nothing has been changed."))
    return calendar


def read_calendar_file(data: bytes, plan: Plan) -> CalendarFile:
    """The periods a calendar file proposes for `plan`, and the events it leaves out. Raises
    IcsError for a file that is too large, has too many events, takes too long or is broken."""
    if len(data) > MAX_ICS_BYTES:
        raise IcsError(_("The file is larger than 1 MB; a school calendar is much smaller."))
    if b"BEGIN:VEVENT" in data and data.count(b"BEGIN:VEVENT") > MAX_EVENTS:
        raise IcsError(
            _("The file has more than %(n)s events; export only the school year you need.")
            % {"n": MAX_EVENTS}
        )
    folded = data.count(b"\n ") + data.count(b"\n\t")
    if data.count(b"\n") - folded > MAX_LINES:
        raise IcsError(
            _("The file has more than %(n)s lines; export only the school year you need.")
            % {"n": number_format(MAX_LINES, force_grouping=True)}
        )
    if data.count(b";") > MAX_PARAMETERS:
        raise IcsError(
            _("The file has more than %(n)s parameters (;); this is not a school calendar.")
            % {"n": number_format(MAX_PARAMETERS, force_grouping=True)}
        )
    deadline = time.monotonic() + MAX_SECONDS
    calendar = _parse(data)
    if time.monotonic() > deadline:
        raise IcsError(_("Reading the file takes too long; nothing has been changed."))
    proposals: list[Proposal] = []
    skipped: list[Skipped] = []
    for count, event in enumerate(calendar.walk("VEVENT"), 1):
        if count > MAX_EVENTS:
            raise IcsError(
                _("The file has more than %(n)s events; export only the school year you need.")
                % {"n": MAX_EVENTS}
            )
        if time.monotonic() > deadline:
            raise IcsError(_("Reading the file takes too long; nothing has been changed."))
        name = _name(event)
        try:
            days = _days(event)
        except Exception:  # a value the parser kept but cannot turn into a date
            days = None
        reason = _skip_reason(event, days, plan)
        if reason is not None or days is None:
            skipped.append(Skipped(name, reason or ""))
            continue
        proposals.append(Proposal(name, guess_kind(name), days[0], days[1]))
    proposals.sort(key=lambda p: (p.start, p.end, p.name))
    return CalendarFile(proposals, skipped)
