"""Hostile plan files give a message with a line, fast; never a traceback or a hang."""

from __future__ import annotations

import io
import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mijlpaal.planning.cli import main
from mijlpaal.planning.planfile import Limits, PlanFileError, load_plan_file
from tests.planning.hostile_plans import alias_bomb, hostile_plan

HEAD = "plan:\n  title: T\n  start: 2026-01-05\n  end: 2026-06-01\n"
ANCHORS = (
    "Het planbestand gebruikt YAML-ankers of -verwijzingen (& en *); schrijf elk onderdeel voluit."
)
BOUND_S = 10.0  # per case: a bound on hostile input (loaded CI machines), not a speed test


def errors(text: str, **kwargs: object) -> list[tuple[int, str, str]]:
    with pytest.raises(PlanFileError) as info:
        load_plan_file(text, **kwargs)  # type: ignore[arg-type]
    return info.value.errors


def test_an_alias_bomb_is_refused_before_it_is_expanded() -> None:
    assert errors(HEAD + alias_bomb(9)) == [
        (5, ANCHORS, "The plan file uses YAML anchors or aliases (& and *); write out every part.")
    ]


def test_an_anchor_alone_is_refused_with_its_line() -> None:
    text = HEAD + "items:\n- {id: a, title: &t A, kind: milestone}\n"
    assert [(line, nl) for line, nl, _en in errors(text)] == [(6, ANCHORS)]


def test_deep_nesting_is_refused_at_the_limit() -> None:
    deep = "items: " + "[" * 5000 + "]" * 5000 + "\n"
    block = "items:\n" + "- " * 5000 + "x\n"
    message = (
        "Het planbestand is dieper genest dan 20 niveaus; een plan is veel eenvoudiger.",
        "The plan file is nested deeper than 20 levels; a plan is much simpler.",
    )
    assert errors(deep) == [(1, *message)]
    assert errors(block) == [(2, *message)]


def test_more_items_than_the_limit_allow_are_refused_with_the_limit() -> None:
    text = HEAD + "items:\n" + "- {id: a, title: A, kind: milestone}\n" * 4
    assert errors(text, limits=Limits(items=3)) == [
        (
            6,
            "‘items’ heeft 4 onderdelen; een plan heeft er hoogstens 3.",
            "‘items’ has 4 entries; a plan has at most 3.",
        )
    ]


def test_the_time_budget_gives_a_message() -> None:
    text = HEAD + "items:\n" + "- {id: a, title: A, kind: milestone}\n" * 5000
    assert errors(text, limits=Limits(seconds=0.0)) == [
        (
            1,
            "Het lezen van het planbestand duurt langer dan 0 seconden; het bestand is te groot "
            "of te ingewikkeld.",
            "Reading the plan file takes longer than 0 seconds; the file is too large or too "
            "complicated.",
        )
    ]


def test_empty_dates_and_dates_outside_1900_to_2200_are_errors() -> None:
    assert errors("plan:\n  title: T\n  start:\n  end: 9999-12-31\nitems: []\n") == [
        (
            3,
            "‘start’ moet een datum zijn als 2025-09-01 (niet leeg).",
            "‘start’ must be a date like 2025-09-01 (not empty).",
        ),
        (
            4,
            "‘end’ moet tussen 1900-01-01 en 2200-12-31 liggen (niet 9999-12-31).",
            "‘end’ must be between 1900-01-01 and 2200-12-31 (not 9999-12-31).",
        ),
    ]


def test_a_list_where_a_value_belongs_is_named_in_words() -> None:
    text = HEAD + "  region: [a, b]\nitems:\n- {id: a, title: A, kind: activity, duration: {}}\n"
    assert [nl for _line, nl, _en in errors(text)] == [
        "‘region’ moet een van deze waarden zijn: noord, midden, zuid (niet een lijst).",
        "‘duration’ moet een duur zijn als 10d, 3w of 2m (niet een lijst van sleutels en waarden).",
    ]


def test_durations_and_lags_are_bounded() -> None:
    text = HEAD + (
        "items:\n- {id: a, title: A, kind: activity, duration: 99999m, calendar: true}\n"
        "- {id: b, title: B, kind: milestone, depends: [{id: a, lag: -99999m}]}\n"
    )
    assert [(line, en) for line, _nl, en in errors(text)] == [
        (6, "‘duration’ can be at most 36500d, 5200w, 1200m (not ‘99999m’)."),
        (7, "‘lag’ can be at most 36500d, 5200w, 1200m (not ‘-99999m’)."),
    ]


def run_schedule(path: Path, lang: str = "nl") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["schedule", str(path), "--lang", lang], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_the_command_says_which_key_and_line_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("plan:\n  title: T\n  start: 0001-01-01\n  end: 2026-01-01\nitems: []\n")
    assert run_schedule(path, "en") == (
        2,
        "",
        f"{path}: line 3: ‘start’ must be between 1900-01-01 and 2200-12-31 (not 0001-01-01).\n",
    )


def test_a_plan_closed_every_day_is_scheduled_with_a_diagnostic(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "plan:\n  title: T\n  start: 1900-01-01\n  end: 2200-12-31\n  closures:\n"
        "  - {name: Dicht, kind: other, start: 1900-01-01, end: 2200-12-31}\n"
        "items:\n- {id: a, title: A, kind: activity, duration: 1d}\n"
        "- {id: m, title: M, kind: milestone, depends: [{id: a, lag: -1200m, calendar: true}]}\n"
    )
    code, out, _err = run_schedule(path)
    assert code == 1
    assert out.endswith(
        "- [fout] De planning valt buiten de jaren 1900–2200 (geen werkdag na 1900).\n"
    )
    code, out, _err = run_schedule(path, "en")
    assert code == 1
    assert out.endswith(
        "- [error] The schedule falls outside 1900–2200 (no working day after 1900).\n"
    )


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.randoms(use_true_random=False))
def test_hostile_files_give_a_message_or_a_schedule(tmp_path: Path, rng: random.Random) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(hostile_plan(rng), encoding="utf-8")
    started = time.monotonic()
    code, _out, err = run_schedule(path)
    assert time.monotonic() - started < BOUND_S
    assert code in (0, 1, 2)
    if code == 2:
        assert err and all(line.startswith(f"{path}: regel ") for line in err.splitlines())
