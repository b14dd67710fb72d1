"""The same generated plans through TaskJuggler 3 (`tj3`, Debian package tj3): identical dates.

`make test` installs tj3 when it is missing (`make system-deps`), so this test is not skipped.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Literal

import pytest

from mijlpaal.planning import load_school_holidays, schedule
from mijlpaal.planning.calendar import WorkCalendar
from mijlpaal.planning.planfile import load_plan_file
from mijlpaal.planning.synthetic import random_plan, taskjuggler_dates
from mijlpaal.planning.tjp import REPORT_FILE, export_tjp, task_ids

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
