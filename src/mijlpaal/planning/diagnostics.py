"""The diagnostics: one function per code, each with a plain Dutch and an English message.

The messages about a problem in the input of one item are in one table, `_ONE_ITEM`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from .model import Closure, Diagnostic, Severity
from .text import format_date, format_period, plural, quoted

CHAIN_LIMIT = 8

_KIND_NL = {"milestone": "De mijlpaal", "activity": "De activiteit"}
_KIND_EN = {"milestone": "The milestone", "activity": "The activity"}
_CLOSURE_NL = {
    "toetsweek": "de toetsweek",
    "examen": "de examenperiode",
    "studiedag": "de studiedag",
    "projectweek": "de projectweek",
    "other": "de periode",
}
_CLOSURE_EN = {
    "toetsweek": "the test week",
    "examen": "the exam period",
    "studiedag": "the study day",
    "projectweek": "the project week",
    "other": "the period",
}


def _days_nl(n: int) -> str:
    return plural(n, "werkdag", "werkdagen")


def _days_en(n: int) -> str:
    return plural(n, "working day", "working days")


def _chain(titles: Sequence[str]) -> str:
    if len(titles) > CHAIN_LIMIT:
        titles = [*titles[:2], "…", *titles[-(CHAIN_LIMIT - 3) :]]
    return " → ".join(titles)


def cycle(ids: Sequence[str], titles: Sequence[str]) -> Diagnostic:
    """`ids`/`titles` in dependency order, the first repeated at the end."""
    if len(ids) == 2 and ids[0] == ids[1]:  # an item that depends on itself
        nl = f"{quoted(titles[0])} wacht op zichzelf. Haal deze afhankelijkheid weg."
        en = f"{quoted(titles[0])} waits for itself. Remove this dependency."
    else:
        chain = " → ".join(titles)
        nl = (
            f"Deze onderdelen wachten op elkaar, zodat er geen volgorde mogelijk is: {chain}. "
            "Haal één van deze afhankelijkheden weg."
        )
        en = (
            f"These items wait for each other, so no order is possible: {chain}. "
            "Remove one of these dependencies."
        )
    return Diagnostic("cycle", "error", tuple(dict.fromkeys(ids)), nl, en, {"cycle": list(ids)})


# Problems in the input about one item: code → (severity, Dutch, English). In the messages
# `{id}` is the item's id, `{title}` its quoted title, the other fields the diagnostic's data.
_ONE_ITEM: dict[str, tuple[Severity, str, str]] = {
    "duplicate_id": (
        "error",
        "Er zijn meerdere onderdelen met de id ‘{id}’; alleen het eerste telt mee.",
        "Several items have the id ‘{id}’; only the first one counts.",
    ),
    "unknown_dependency": (
        "error",
        "{title} hangt af van ‘{predecessor}’, maar er is geen onderdeel met die id. "
        "Deze afhankelijkheid telt niet mee.",
        "{title} depends on ‘{predecessor}’, but no item has that id. This dependency is ignored.",
    ),
    "missing_duration": (
        "error",
        "De activiteit {title} heeft geen doorlooptijd; er wordt met 1 werkdag gerekend.",
        "The activity {title} has no duration; 1 working day is assumed.",
    ),
    "invalid_duration": (
        "error",
        "De doorlooptijd van {title} is {duration}; die moet minstens 1 dag zijn. "
        "Er wordt met 1 werkdag gerekend.",
        "The duration of {title} is {duration}; it must be at least 1 day. "
        "1 working day is assumed.",
    ),
    "milestone_duration": (
        "warning",
        "De mijlpaal {title} heeft een doorlooptijd, maar een mijlpaal is één datum. "
        "Zet de doorlooptijd op een activiteit die naar de mijlpaal leidt.",
        "The milestone {title} has a duration, but a milestone is one date. "
        "Put the duration on an activity that leads to the milestone.",
    ),
}


def _one_item(code: str, item_id: str, title: str = "", **data: str) -> Diagnostic:
    """A diagnostic of `_ONE_ITEM` about the item `item_id`."""
    severity, nl, en = _ONE_ITEM[code]
    fields = {"id": item_id, "title": quoted(title), **data}
    return Diagnostic(
        code, severity, (item_id,), nl.format_map(fields), en.format_map(fields), data
    )


def duplicate_id(item_id: str) -> Diagnostic:
    return _one_item("duplicate_id", item_id)


def unknown_dependency(item_id: str, title: str, missing: str) -> Diagnostic:
    return _one_item("unknown_dependency", item_id, title, predecessor=missing)


def missing_duration(item_id: str, title: str) -> Diagnostic:
    return _one_item("missing_duration", item_id, title)


def invalid_duration(item_id: str, title: str, duration: str) -> Diagnostic:
    return _one_item("invalid_duration", item_id, title, duration=duration)


def milestone_duration(item_id: str, title: str) -> Diagnostic:
    return _one_item("milestone_duration", item_id, title)


def plan_end_before_start(start: date, end: date) -> Diagnostic:
    return Diagnostic(
        "plan_end_before_start",
        "error",
        (),
        f"Het plan eindigt ({format_date(end)}) vóór het begint ({format_date(start)}).",
        f"The plan ends ({format_date(end, 'en')}) before it starts ({format_date(start, 'en')}).",
        {"start": start.isoformat(), "end": end.isoformat()},
    )


def actual_finish_before_start(item_id: str, title: str, start: date, finish: date) -> Diagnostic:
    return Diagnostic(
        "actual_finish_before_start",
        "error",
        (item_id,),
        f"{quoted(title)} is volgens de invoer klaar op {format_date(finish)}, "
        f"vóór de werkelijke start op {format_date(start)}.",
        f"{quoted(title)} finished on {format_date(finish, 'en')} according to the input, "
        f"before its actual start on {format_date(start, 'en')}.",
        {"actual_start": start.isoformat(), "actual_finish": finish.isoformat()},
    )


def deadline_unreachable(
    kind: str,
    ids: Sequence[str],
    titles: Sequence[str],
    deadline: date,
    earliest: date,
    short: int,
) -> Diagnostic:
    title = titles[-1]
    head_nl = (
        f"{_KIND_NL[kind]} {quoted(title)} (deadline {format_date(deadline)}) is niet haalbaar"
    )
    head_en = (
        f"{_KIND_EN[kind]} {quoted(title)} (deadline {format_date(deadline, 'en')}) cannot be met"
    )
    if len(titles) > 1:
        body_nl = f"de keten {_chain(titles)} is op zijn vroegst klaar op {format_date(earliest)}"
        body_en = (
            f"the chain {_chain(titles)} finishes on {format_date(earliest, 'en')} at the earliest"
        )
    else:
        body_nl = f"op zijn vroegst klaar op {format_date(earliest)}"
        body_en = f"it finishes on {format_date(earliest, 'en')} at the earliest"
    return Diagnostic(
        "deadline_unreachable",
        "error",
        tuple(ids),
        f"{head_nl}: {body_nl}, {_days_nl(short)} te laat.",
        f"{head_en}: {body_en}, {_days_en(short)} late.",
        {
            "deadline": deadline.isoformat(),
            "earliest_finish": earliest.isoformat(),
            "working_days_short": short,
            "chain": list(ids),
        },
    )


def end_unreachable(
    ids: Sequence[str], titles: Sequence[str], plan_end: date, earliest: date, short: int
) -> Diagnostic:
    title = titles[-1]
    chain_nl = f" (keten: {_chain(titles)})" if len(titles) > 1 else ""
    chain_en = f" (chain: {_chain(titles)})" if len(titles) > 1 else ""
    return Diagnostic(
        "end_unreachable",
        "error",
        tuple(ids),
        f"{quoted(title)} is op zijn vroegst klaar op {format_date(earliest)}, "
        f"{_days_nl(short)} na het einde van het plan op {format_date(plan_end)}{chain_nl}.",
        f"{quoted(title)} finishes on {format_date(earliest, 'en')} at the earliest, "
        f"{_days_en(short)} after the plan ends on {format_date(plan_end, 'en')}{chain_en}.",
        {
            "plan_end": plan_end.isoformat(),
            "earliest_finish": earliest.isoformat(),
            "working_days_short": short,
            "chain": list(ids),
        },
    )


def late_start(
    item_id: str,
    title: str,
    late_start: date,
    days: int,
    *,
    before: Literal["plan_start", "today"],
    on: date,
) -> Diagnostic:
    """An activity whose latest start lies `days` working days before `on`.

    `on` is the start of the plan (`before="plan_start"`) or today (`before="today"`).
    """
    if before == "today":
        code = "late_start_passed"
        nl = (
            f"{quoted(title)} had uiterlijk op {format_date(late_start)} moeten beginnen om op "
            f"tijd klaar te zijn; dat was {_days_nl(days)} geleden (vandaag is {format_date(on)})."
        )
        en = (
            f"{quoted(title)} had to start by {format_date(late_start, 'en')} to finish in time; "
            f"that was {_days_en(days)} ago (today is {format_date(on, 'en')})."
        )
    else:
        code = "late_start_before_plan_start"
        nl = (
            f"{quoted(title)} had uiterlijk op {format_date(late_start)} moeten beginnen, "
            f"{_days_nl(days)} vóór de start van het plan ({format_date(on)}). "
            "Begin eerder, kort de doorlooptijd in of schuif de deadline op."
        )
        en = (
            f"{quoted(title)} would have to start by {format_date(late_start, 'en')}, "
            f"{_days_en(days)} before the plan starts ({format_date(on, 'en')}). "
            "Start earlier, shorten the duration or move the deadline."
        )
    data = {"late_start": late_start.isoformat(), before: on.isoformat(), "working_days": days}
    return Diagnostic(code, "warning", (item_id,), nl, en, data)


def deadline_not_working_day(
    item_id: str,
    title: str,
    deadline: date,
    reason_nl: str,
    reason_en: str,
    before: date,
    after: date,
) -> Diagnostic:
    return Diagnostic(
        "deadline_not_working_day",
        "warning",
        (item_id,),
        f"De deadline van {quoted(title)} valt op {format_date(deadline)}, geen werkdag "
        f"({reason_nl}). Er wordt gerekend met de werkdag ervoor, {format_date(before)}; "
        f"de eerstvolgende werkdag is {format_date(after)}.",
        f"The deadline of {quoted(title)} is {format_date(deadline, 'en')}, not a working day: "
        f"{reason_en}. The working day before, {format_date(before, 'en')}, is used; "
        f"the next working day is {format_date(after, 'en')}.",
        {"deadline": deadline.isoformat(), "previous_working_day": before.isoformat(),
         "next_working_day": after.isoformat()},
    )  # fmt: skip


def closure_overlap(
    item_id: str, title: str, kind: str, start: date, finish: date, closure: Closure
) -> Diagnostic:
    when_nl = format_period(start, finish) if kind == "activity" else format_date(start)
    when_en = format_period(start, finish, "en") if kind == "activity" else format_date(start, "en")
    period_nl = format_period(closure.start, closure.end)
    period_en = format_period(closure.start, closure.end, "en")
    return Diagnostic(
        "closure_overlap",
        "warning",
        (item_id,),
        f"{quoted(title)} ({when_nl}) valt samen met {_CLOSURE_NL[closure.kind]} "
        f"{quoted(closure.name)} ({period_nl}). Kan dit werk in die periode doorgaan?",
        f"{quoted(title)} ({when_en}) overlaps {_CLOSURE_EN[closure.kind]} "
        f"{quoted(closure.name)} ({period_en}). Can this work go on during that period?",
        {"closure": closure.name, "closure_start": closure.start.isoformat(),
         "closure_end": closure.end.isoformat()},
    )  # fmt: skip


def activity_without_milestone(item_id: str, title: str) -> Diagnostic:
    return Diagnostic(
        "activity_without_milestone",
        "warning",
        (item_id,),
        f"De activiteit {quoted(title)} leidt naar geen enkele mijlpaal. "
        "Koppel haar aan de mijlpaal waaraan ze bijdraagt.",
        f"The activity {quoted(title)} leads to no milestone. "
        "Link it to the milestone it contributes to.",
        {},
    )


def fixed_date_conflict(
    item_id: str, title: str, fixed: date, predecessor_id: str, predecessor: str, earliest: date
) -> Diagnostic:
    return Diagnostic(
        "fixed_date_conflict",
        "warning",
        (item_id, predecessor_id),
        f"{quoted(title)} staat vast op {format_date(fixed)}, maar {quoted(predecessor)}, "
        f"waar het op wacht, laat dat pas toe op {format_date(earliest)}.",
        f"{quoted(title)} is fixed on {format_date(fixed, 'en')}, but {quoted(predecessor)}, "
        f"which it waits for, allows that only on {format_date(earliest, 'en')}.",
        {"fixed": fixed.isoformat(), "earliest": earliest.isoformat()},
    )


def _schoolyears(years: Sequence[str], and_word: str, through: str) -> str:
    """`2026–2027`, `2026–2027 en 2027–2028`, `2026–2027 tot en met 2030–2031`: runs of three
    or more consecutive school years as a range."""
    runs: list[list[int]] = []
    for first in sorted(int(y[:4]) for y in years):
        if runs and runs[-1][1] == first - 1:
            runs[-1][1] = first
        else:
            runs.append([first, first])
    parts = []
    for a, b in runs:
        if b - a >= 2:
            parts.append(f"{a}–{a + 1} {through} {b}–{b + 1}")
        else:
            parts += [f"{y}–{y + 1}" for y in range(a, b + 1)]
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {and_word} {parts[-1]}"


def school_holidays_unknown(region: str, schoolyears: Sequence[str]) -> Diagnostic:
    """The plan runs into school years whose holidays in its region are not in the data."""
    many = len(schoolyears) > 1
    years_nl = _schoolyears(schoolyears, "en", "tot en met")
    years_en = _schoolyears(schoolyears, "and", "through")
    when_nl = f"de schooljaren {years_nl}" if many else f"schooljaar {years_nl}"
    when_en = f"school years {years_en}" if many else f"school year {years_en}"
    return Diagnostic(
        "school_holidays_unknown",
        "warning",
        (),
        f"Voor {when_nl} zijn de schoolvakanties van regio {region} niet bekend; "
        "importeer ze met `mijlpaal calendar import`.",
        f"The school holidays of region {region} are not known for {when_en}; "
        "import them with `mijlpaal calendar import`.",
        {"region": region, "schoolyears": list(schoolyears)},
    )
