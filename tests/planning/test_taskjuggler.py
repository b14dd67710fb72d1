"""The same generated plans through TaskJuggler 3 (`tj3`, Debian package tj3): identical dates.

`make test` installs tj3 when it is missing (`make system-deps`), so this test is not skipped.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import pytest

from mijlpaal.planning import (
    Dependency,
    Duration,
    Item,
    PlanInput,
    load_school_holidays,
    schedule,
)
from mijlpaal.planning.calendar import WorkCalendar
from mijlpaal.planning.planfile import load_plan_file
from mijlpaal.planning.synthetic import random_plan, taskjuggler_dates
from mijlpaal.planning.tjp import REPORT_FILE, export_problems, export_tjp, task_ids

HOLIDAYS = load_school_holidays(None)
GOLDEN = Path(__file__).with_name("golden")


def _compare(plan, tmp_path: Path) -> int:  # type: ignore[no-untyped-def]
    assert shutil.which("tj3"), "tj3 is not installed: run `make system-deps` (Debian package tj3)"
    cal = WorkCalendar(
        plan.calendar, HOLIDAYS, plan.start - timedelta(days=400), plan.end + timedelta(days=400)
    )
    ours = schedule(plan, school_holidays=HOLIDAYS)
    (tmp_path / "plan.tjp").write_text(export_tjp(plan, school_holidays=HOLIDAYS), encoding="utf-8")
    proc = subprocess.run(
        ["tj3", "--silent", "--no-color", "plan.tjp"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    theirs = taskjuggler_dates(
        (tmp_path / f"{REPORT_FILE}.csv").read_text(encoding="utf-8"),
        cal,
        plan,
        task_ids(plan.items),
    )
    assert set(theirs) == set(ours.items)
    mismatches = {
        k: ((ours.items[k].start, ours.items[k].finish), v)
        for k, v in theirs.items()
        if (ours.items[k].start, ours.items[k].finish) != v
    }
    assert mismatches == {}
    return len(theirs)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("scheduling", ["asap", "alap"])
def test_generated_plans_match_taskjuggler(
    seed: int, scheduling: Literal["asap", "alap"], tmp_path: Path
) -> None:
    plan = random_plan(60, seed=seed, scheduling=scheduling, taskjuggler=True, years=2)
    assert _compare(plan, tmp_path) == 60


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("scheduling", ["asap", "alap"])
def test_every_dependency_type_and_lag_sign_matches_taskjuggler(
    seed: int, scheduling: Literal["asap", "alap"], tmp_path: Path
) -> None:
    """FS, SS and FF with negative, zero and positive lags, in both directions."""
    plan = random_plan(
        30, seed=seed + 10, scheduling=scheduling, taskjuggler=True, every_link=True, years=2
    )
    kinds = {(d.type, d.lag.amount > 0, d.lag.amount < 0) for it in plan.items for d in it.depends}
    assert {("FS", False, True), ("FF", False, False), ("FS", True, False)} <= kinds
    assert export_problems(plan, school_holidays=HOLIDAYS) == []
    assert _compare(plan, tmp_path) == 30


def _plan(scheduling: Literal["asap", "alap"], *items: Item) -> PlanInput:
    return PlanInput("TJ", date(2025, 9, 1), date(2026, 7, 17), scheduling=scheduling, items=items)


def test_deadline_on_an_alap_item_with_successors(tmp_path: Path) -> None:
    plan = _plan(
        "alap",
        Item("a", "A", "activity", duration=Duration(5, "d"), deadline=date(2025, 12, 5)),
        Item("b", "B", "activity", duration=Duration(3, "d"), depends=(Dependency("a"),)),
        Item("m", "M", "milestone", deadline=date(2026, 3, 13), depends=(Dependency("b"),)),
    )
    assert schedule(plan, school_holidays=HOLIDAYS).items["a"].finish == date(2025, 12, 5)
    assert _compare(plan, tmp_path) == 3


def test_mixed_directions_are_no_dependency_loop(tmp_path: Path) -> None:
    """An ALAP item before an ASAP one is written once, as `precedes`."""
    plan = _plan(
        "asap",
        Item("a", "A", "activity", duration=Duration(2, "d")),
        Item("b", "B", "activity", duration=Duration(5, "d"), scheduling="alap",
             depends=(Dependency("a"),)),
        Item("c", "C", "activity", duration=Duration(2, "d"),
             depends=(Dependency("a", lag=Duration(10, "d")), Dependency("b"))),
        Item("m", "M", "milestone", depends=(Dependency("c", "FF"),)),
    )  # fmt: skip
    assert _compare(plan, tmp_path) == 4


def test_what_taskjuggler_cannot_express_is_named() -> None:
    plan = _plan(
        "asap",
        Item("a", "Ontwerp", "activity", duration=Duration(2, "d")),
        Item("b", "Bouw", "activity", duration=Duration(1, "m", calendar=True),
             depends=(Dependency("a", "SS", Duration(-1, "d")),)),
        Item("m", "Klaar", "milestone",
             depends=(Dependency("b", lag=Duration(1, "m", calendar=True)),)),
    )  # fmt: skip
    assert export_problems(plan, school_holidays=HOLIDAYS) == [
        "‘Bouw’: 1m in calendar months, written as 30 days",
        "‘Bouw’ waits for ‘Ontwerp’: SS -1d",
        "‘Klaar’ waits for ‘Bouw’: FS 1m calendar time",
    ]
    text = export_tjp(plan, school_holidays=HOLIDAYS)
    assert "#   ‘Bouw’ waits for ‘Ontwerp’: SS -1d" in text


@pytest.mark.parametrize(
    "name",
    ["01_fs_basic", "02_fs_lag_positive", "05_start_to_start", "11_alap_deadline",
     "13_alap_plan_end", "29_kerst_2025_forward", "30_kerst_2025_backward", "31_herfst_noord",
     "32_herfst_zuid", "35_voorjaar_noord", "37_good_friday_off", "41_liberation_day_lustrum",
     "50_zomer_2025_zuid"],
)  # fmt: skip
def test_golden_plans_match_taskjuggler(name: str, tmp_path: Path) -> None:
    plan = load_plan_file(
        (GOLDEN / f"{name}.yaml").read_text(encoding="utf-8"), ignore_keys={"expect"}
    )
    _compare(plan, tmp_path)
