"""The plan file: round trip, and every error with its line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mijlpaal.planning import CalendarSpec, Closure, Dependency, Duration, Item, PlanInput
from mijlpaal.planning.planfile import PlanFileError, dump_plan_file, load_plan_file

GOLDEN = Path(__file__).with_name("golden")

FULL = PlanInput(
    title="XR in het techniekonderwijs: “samen” #1",
    start=date(2025, 8, 25),
    end=date(2026, 7, 17),
    today=date(2025, 10, 6),
    calendar=CalendarSpec(
        region="zuid",
        good_friday_off=False,
        liberation_day_yearly=True,
        closures=(
            Closure("Toetsweek 1", "toetsweek", date(2025, 11, 10), date(2025, 11, 14), "warn"),
            Closure("Studiedag", "studiedag", date(2026, 2, 4), date(2026, 2, 4), "no_work"),
        ),
    ),
    scheduling="asap",
    items=(
        Item("inv", "Inventarisatie: wat is er al?", "activity", workstream="XR",
             duration=Duration(3, "w"), actual_start=date(2025, 9, 1)),
        Item("ont", "yes", "activity", workstream="XR", duration=Duration(2, "m", calendar=True),
             scheduling="alap", fixed_start=date(2025, 10, 1), fixed_finish=date(2025, 11, 28),
             depends=(Dependency("inv"),
                      Dependency("pil", "SS", Duration(-2, "d", calendar=True)))),
        Item("pil", "Pilot", "activity", duration=Duration(10, "d"), actual_start=date(2025, 9, 2),
             actual_finish=date(2025, 9, 20), depends=(Dependency("inv", "FF", Duration(1, "w")),)),
        Item("123", "XR klaar", "milestone", deadline=date(2025, 12, 19),
             depends=(Dependency("ont", "FS", Duration(0, "w")),)),
    ),
)  # fmt: skip


def test_round_trip_of_a_full_plan() -> None:
    text = dump_plan_file(FULL)
    assert load_plan_file(text) == FULL
    assert dump_plan_file(load_plan_file(text)) == text


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.yaml"))[:60], ids=lambda p: p.stem)
def test_round_trip_of_golden_plans(path: Path) -> None:
    plan = load_plan_file(path.read_text(encoding="utf-8"), ignore_keys={"expect"})
    assert load_plan_file(dump_plan_file(plan)) == plan


def test_dump_is_readable() -> None:
    plan = PlanInput(
        "Klein plan", date(2025, 9, 1), date(2026, 7, 17), items=(
            Item("a", "A", "activity", duration=Duration(2, "w")),
            Item("m", "M", "milestone", deadline=date(2025, 12, 19), depends=(Dependency("a"),)),
        ),
    )  # fmt: skip
    assert dump_plan_file(plan) == (
        "plan:\n"
        "  title: Klein plan\n"
        "  start: 2025-09-01\n"
        "  end: 2026-07-17\n"
        "  scheduling: alap\n"
        "items:\n"
        "- id: a\n"
        "  title: A\n"
        "  kind: activity\n"
        "  duration: 2w\n"
        "- id: m\n"
        "  title: M\n"
        "  kind: milestone\n"
        "  deadline: 2025-12-19\n"
        "  depends:\n"
        "  - a\n"
    )


BAD = """\
plan:
  title: Fouten
  start: 2025-09-01
  end: 2025-08-01
  region: oost
  colour: blue
  closures:
    - {name: Toetsweek, kind: toets, start: 2025-11-10, end: 2025-11-14}
items:
  - {id: a, title: A, kind: activity}
  - {id: b, title: B, kind: activity, duration: 3x, depends: [a, zz]}
  - {id: a, title: Nog een A, kind: milestone, duration: 2d}
  - {id: c, title: C, kind: task, deadline: 31-12-2025}
  - {id: d, kind: activity, duration: 1w, depends: [{id: a, type: XY, lag: soon}]}
  - {id: e, title: E, kind: activity, duration: 0d}
"""


def test_every_error_with_its_line() -> None:
    with pytest.raises(PlanFileError) as info:
        load_plan_file(BAD)
    got = [(line, en) for line, _nl, en in info.value.errors]
    assert got == [
        (4, "The plan ends before it starts."),
        (5, "‘region’ must be one of: noord, midden, zuid (not ‘oost’)."),
        (
            6,
            "Unknown key ‘colour’ in ‘plan’ (allowed: closures, end, public_holidays, region, "
            "scheduling, start, title, today).",
        ),
        (
            8,
            "‘kind’ must be one of: toetsweek, examen, studiedag, projectweek, other "
            "(not ‘toets’).",
        ),
        (10, "The activity ‘a’ has no ‘duration’."),
        (11, "‘duration’ must be a duration like 10d, 3w or 2m (not ‘3x’)."),
        (11, "No item has the id ‘zz’."),
        (12, "The id ‘a’ is already used on line 10."),
        (
            12,
            "A milestone is one date and has no ‘duration’; put the duration on an activity that "
            "leads to it.",
        ),
        (13, "‘kind’ must be one of: milestone, activity (not ‘task’)."),
        (13, "‘deadline’ must be a date like 2025-09-01 (not ‘31-12-2025’)."),
        (14, "‘title’ is missing in an item."),
        (14, "‘type’ must be one of: FS, SS, FF (not ‘XY’)."),
        (14, "‘lag’ must be a duration like 10d, 3w or 2m (not ‘soon’)."),
        (15, "A duration must be at least 1 day."),
    ]
    nl = info.value.messages("nl")
    assert nl[0] == "regel 4: Het plan eindigt vóór het begint."
    assert "regel 11: Er is geen onderdeel met de id ‘zz’." in nl


def test_yaml_syntax_error_has_a_line() -> None:
    with pytest.raises(PlanFileError) as info:
        load_plan_file("plan:\n  title: x\n  start: [2025-09-01\nitems: []\n")
    assert len(info.value.errors) == 1
    assert info.value.errors[0][0] in (3, 4)
    assert info.value.errors[0][1].startswith("Dit is geen geldige YAML")


def test_missing_sections() -> None:
    with pytest.raises(PlanFileError) as info:
        load_plan_file("items: []\n")
    assert info.value.errors == [
        (1, "‘plan’ ontbreekt in het bestand.", "‘plan’ is missing in the file.")
    ]
    with pytest.raises(PlanFileError) as info:
        load_plan_file("")
    assert info.value.errors[0][2] == "The file is empty."
    with pytest.raises(PlanFileError) as info:
        load_plan_file("plan: {title: T, start: 2025-09-01, end: 2026-07-17}\nexpect: {}\n")
    assert info.value.errors[0][0] == 2


def test_durations_parse() -> None:
    assert Duration.parse("3w") == Duration(3, "w")
    assert Duration.parse("-2d", calendar=True) == Duration(-2, "d", True)
    assert Duration.parse("1m").working_days == 20
    with pytest.raises(ValueError):
        Duration.parse("3 weken")


def test_impossible_dates_are_errors_not_exceptions() -> None:
    with pytest.raises(PlanFileError) as info:
        load_plan_file("plan:\n  title: T\n  start: 2026-01-05\n  end: 2026-13-01\nitems: []\n")
    assert info.value.errors == [
        (
            4,
            "‘end’ moet een datum zijn als 2025-09-01 (niet ‘2026-13-01’).",
            "‘end’ must be a date like 2025-09-01 (not ‘2026-13-01’).",
        )
    ]


SAMPLE = (GOLDEN / "16_deadline_unreachable.yaml").read_text(encoding="utf-8")


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(SAMPLE) - 1), st.integers(0, 20), st.text(max_size=6))
def test_damaged_files_give_errors_not_exceptions(at: int, cut: int, insert: str) -> None:
    text = SAMPLE[:at] + insert + SAMPLE[at + cut :]
    try:
        load_plan_file(text, ignore_keys={"expect"})
    except PlanFileError as exc:
        assert exc.errors and all(line >= 1 for line, _nl, _en in exc.errors)
