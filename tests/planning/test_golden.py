"""The golden plan files: each file in golden/ holds a plan and, under `expect:`, its dates and
diagnostics, derived by hand from the school calendar (see the comment at the top of each file)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from mijlpaal.planning import schedule
from mijlpaal.planning.planfile import load_plan_file
from mijlpaal.planning.school_holidays import shipped_school_holidays

GOLDEN = Path(__file__).with_name("golden")
FILES = sorted(GOLDEN.glob("*.yaml"))
FIELDS = (
    "start",
    "finish",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "slack",
    "critical",
)


def test_there_are_enough_golden_files() -> None:
    assert len(FILES) >= 40


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_golden(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expect: dict[str, Any] = yaml.safe_load(text)["expect"]
    plan = load_plan_file(text, ignore_keys={"expect"})
    # The shipped school holidays only: none imported into a developer's var/.
    result = schedule(plan, school_holidays=shipped_school_holidays())

    for item_id, fields in expect.get("items", {}).items():
        got = result.items[item_id]
        for key, want in fields.items():
            assert key in FIELDS, f"{path.name}: unknown field {key}"
            assert getattr(got, key) == want, f"{path.name}: {item_id}.{key}"
        for key in fields:
            if isinstance(fields[key], date):
                assert isinstance(getattr(got, key), date)

    want_diags = expect["diagnostics"]
    got_diags = [(d.code, list(d.items)) for d in result.diagnostics]
    assert sorted(got_diags) == sorted((d["code"], d.get("items", [])) for d in want_diags), (
        f"{path.name}: {[d.message() for d in result.diagnostics]}"
    )
    for want in want_diags:
        match = next(
            d
            for d in result.diagnostics
            if d.code == want["code"] and list(d.items) == want.get("items", [])
        )
        if "severity" in want:
            assert match.severity == want["severity"]
        if "message_nl" in want:
            assert match.message_nl == want["message_nl"]
        if "message_en" in want:
            assert match.message_en == want["message_en"]
