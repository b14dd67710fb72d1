"""The quick way of reading a plan file gives the careful way's plan, or leaves the file to it."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mijlpaal.planning import Dependency, Duration, PlanInput
from mijlpaal.planning.planfile import (
    Limits,
    PlanFileError,
    careful_plan_file,
    dump_plan_file,
    load_plan_file,
    quick_plan_file,
)
from tests.planning.hostile_plans import hostile_plan
from tests.planning.test_planfile import FULL

GOLDEN = Path(__file__).with_name("golden")
HEAD = "plan:\n  title: T\n  start: 2026-01-05\n  end: 2026-06-01\n"


def careful(text: str) -> PlanInput | list[tuple[int, str, str]]:
    """The careful way's plan, or its errors."""
    try:
        return careful_plan_file(text, ignore_keys={"expect"})
    except PlanFileError as exc:
        return exc.errors


def assert_same_or_left(text: str) -> PlanInput | None:
    """The quick plan equals the careful one; a file with errors is left to the careful way."""
    quick = quick_plan_file(text, ignore_keys={"expect"})
    expected = careful(text)
    if isinstance(expected, list):
        assert quick is None
    elif quick is not None:
        assert quick == expected
    return quick


def test_a_full_plan_is_read_the_quick_way() -> None:
    assert quick_plan_file(dump_plan_file(FULL)) == FULL


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.yaml")), ids=lambda p: p.stem)
def test_golden_plans_are_read_the_quick_way_as_the_careful_way(path: Path) -> None:
    assert assert_same_or_left(path.read_text(encoding="utf-8")) is not None


@pytest.mark.parametrize(
    "items",
    [
        "- {id: a, title: A, kind: milestone, depends: [{id: a, lag:}]}\n",
        "- {id: a, title: A, kind: activity, duration: 2d, calendar:}\n",
        "- {id: a, title: A, kind: activity, duration: 2d, workstream: ''}\n",
        "- {id: a, title: A, kind: milestone, depends: [b]}\n",
        "- {id: a, title: A, kind: milestone}\n- {id: a, title: B, kind: milestone}\n",
        "- {id: a, title: A, kind: milestone, id: b}\n",
        "- {id: a, title: &t A, kind: milestone}\n",
        "- {id: a, title: A, kind: milestone, [x]: 1}\n",
        "- {id: a, title: A, kind: milestone, actual_start: 2026-02-02,"
        " actual_finish: 2026-02-01}\n",
    ],
)
def test_a_file_with_an_error_is_left_to_the_careful_way(items: str) -> None:
    text = HEAD + "items:\n" + items
    assert quick_plan_file(text) is None
    with pytest.raises(PlanFileError):
        load_plan_file(text)


def test_what_only_the_careful_way_reads_is_left_to_it() -> None:
    text = HEAD.replace("2026-06-01", "'2026-06-01'") + (
        "items:\n- {id: 7, title: A, kind: activity, duration: 3, scheduling: asap}\n"
        "- {id: b, title: !!str 12, kind: milestone,"
        " depends: [7, {id: 7, type: SS, calendar: true}]}\n"
    )
    assert quick_plan_file(text) is None
    plan = load_plan_file(text)
    assert plan.end == date(2026, 6, 1)
    assert [(item.id, item.title) for item in plan.items] == [("7", "A"), ("b", "12")]
    assert plan.items[0].duration == Duration(3)
    assert plan.items[1].depends == (
        Dependency("7"),
        Dependency("7", "SS", Duration(0, "d", calendar=True)),
    )


def test_a_file_beyond_the_limits_is_left_to_the_careful_way() -> None:
    text = (
        HEAD
        + "items:\n"
        + "".join(f"- {{id: i{i}, title: A, kind: milestone}}\n" for i in range(3))
    )
    assert quick_plan_file(text, limits=Limits(items=2)) is None
    assert quick_plan_file(text, limits=Limits(items=3)) is not None
    assert quick_plan_file("a:\n  b:\n    c: 1\n", limits=Limits(depth=2)) is None


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False))
def test_hostile_files_are_read_the_same_or_left(rng: random.Random) -> None:
    assert_same_or_left(hostile_plan(rng))


SAMPLE = (GOLDEN / "16_deadline_unreachable.yaml").read_text(encoding="utf-8")


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(SAMPLE) - 1), st.integers(0, 20), st.text(max_size=6))
def test_damaged_files_are_read_the_same_or_left(at: int, cut: int, insert: str) -> None:
    assert_same_or_left(SAMPLE[:at] + insert + SAMPLE[at + cut :])
