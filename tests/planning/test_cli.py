"""`mijlpaal schedule | export | calendar` through `mijlpaal.planning.cli.main`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from mijlpaal.planning.cli import main

FIXTURE = Path(__file__).with_name("fixtures") / "schoolvakanties-2026-2027.json"
SRC = Path(__file__).resolve().parents[2] / "src"

GOOD = """\
plan: {title: Goed, start: 2025-09-01, end: 2026-07-17, region: midden}
items:
  - {id: a, title: Inventarisatie, kind: activity, duration: 1w}
  - {id: m, title: Plan klaar, kind: milestone, deadline: 2025-12-19, depends: [a]}
"""

LATE = """\
plan: {title: Te laat, start: 2025-09-01, end: 2026-07-17, region: midden}
items:
  - {id: a, title: Inventarisatie, kind: activity, duration: 3w}
  - {id: m, title: Plan klaar, kind: milestone, deadline: 2025-09-12, depends: [a]}
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_schedule_table(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD, encoding="utf-8")
    code, out, err = run("schedule", str(plan))
    assert (code, err) == (0, "")
    # Each row in two parts, split before the column `uiterlijk starten`.
    assert out == (
        "id  titel           soort       start                eind                 "
        "uiterlijk starten    speling  kritiek\n"
        "--  --------------  ----------  -------------------  -------------------  "
        "-------------------  -------  -------\n"
        "a   Inventarisatie  activiteit  ma 15 december 2025  vr 19 december 2025  "
        "ma 15 december 2025  70\n"
        "m   Plan klaar      mijlpaal    vr 19 december 2025  vr 19 december 2025  "
        "vr 19 december 2025  70\n"
        "\n"
        "Geen meldingen.\n"
    )


def test_schedule_table_english_with_warnings(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(LATE, encoding="utf-8")
    code, out, _err = run("schedule", str(plan), "--lang", "en")
    assert code == 1
    assert out.splitlines()[0].split() == [
        "id",
        "title",
        "kind",
        "start",
        "finish",
        "latest",
        "start",
        "slack",
        "critical",
    ]
    assert "a   Inventarisatie  activity   Mon 1 September 2025" in out
    assert out.endswith(
        "Diagnostics:\n"
        "- [error] The milestone ‘Plan klaar’ (deadline Fri 12 September 2025) cannot be met: "
        "the chain Inventarisatie → Plan klaar finishes on Fri 19 September 2025 at the earliest, "
        "5 working days late.\n"
        "- [warning] ‘Inventarisatie’ would have to start by Mon 14 July 2025, 5 working days "
        "before the plan starts (Mon 1 September 2025). Start earlier, shorten the duration or "
        "move the deadline.\n"
    )


def test_schedule_json_shape(tmp_path: Path) -> None:
    # Backwards from Fri 12 Sep 2025 (midden): 1–12 Sep are 10 working days; the other 5 fall
    # before the zomervakantie midden (19 Jul – 31 Aug): 14–18 Jul.
    plan = tmp_path / "plan.yaml"
    plan.write_text(LATE, encoding="utf-8")
    code, out, _err = run("schedule", str(plan), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert list(data) == ["items", "diagnostics"]
    assert data["items"][0] == {
        "id": "a", "start": "2025-09-01", "finish": "2025-09-19",
        "early_start": "2025-09-01", "early_finish": "2025-09-19",
        "late_start": "2025-07-14", "late_finish": "2025-09-12", "slack": -5, "critical": True,
    }  # fmt: skip
    assert [d["code"] for d in data["diagnostics"]] == [
        "deadline_unreachable",
        "late_start_before_plan_start",
    ]
    assert data["diagnostics"][0] == {
        "code": "deadline_unreachable",
        "severity": "error",
        "message": "De mijlpaal ‘Plan klaar’ (deadline vr 12 september 2025) is niet haalbaar: "
        "de keten Inventarisatie → Plan klaar is op zijn vroegst klaar op vr 19 september 2025, "
        "5 werkdagen te laat.",
        "items": ["a", "m"],
    }


def test_unreadable_files_exit_2(tmp_path: Path) -> None:
    code, out, err = run("schedule", str(tmp_path / "missing.yaml"))
    assert (code, out) == (2, "")
    assert (
        err == f"mijlpaal: kan niet lezen {tmp_path / 'missing.yaml'}: No such file or directory\n"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text("plan: {title: X, start: 2025-09-01}\nitems: []\n", encoding="utf-8")
    code, out, err = run("schedule", str(bad))
    assert code == 2
    assert err == f"{bad}: regel 1: ‘end’ ontbreekt in ‘plan’.\n"
    code, _out, err = run("schedule")
    assert code == 2


def test_export_tjp(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD, encoding="utf-8")
    target = tmp_path / "plan.tjp"
    code, out, _err = run("export", str(plan), "--format", "tjp", "-o", str(target))
    assert (code, out) == (0, "")
    text = target.read_text(encoding="utf-8")
    assert 'project mijlpaal "Goed" 2024-08-31 - 2027-07-18 {' in text
    assert 'leaves holiday "kerstvakantie" 2025-12-22 +1d' in text
    assert 'leaves holiday "Goede Vrijdag" 2026-04-03 +1d' in text
    assert 'task t_a "Inventarisatie" {\n  length 5d\n  scheduling alap\n  precedes t_m\n}' in text
    assert 'task t_m "Plan klaar" {\n  milestone\n  scheduling alap\n  end 2025-12-20\n}' in text
    code, out, _err = run("export", str(plan), "--format", "tjp")
    assert code == 0 and out == text


def test_calendar_import(tmp_path: Path) -> None:
    code, out, err = run("calendar", "import", str(FIXTURE), "--data-dir", str(tmp_path))
    assert (code, err) == (0, "")
    assert out == (
        f"{tmp_path / 'school_holidays.json'}: 15 toegevoegd, 0 gewijzigd, 0 ongewijzigd "
        "(schooljaren 2026-2027)\n"
    )
    code, _out, err = run(
        "calendar", "import", str(tmp_path / "nope.json"), "--data-dir", str(tmp_path)
    )
    assert code == 2 and "nope.json" in err


def test_calendar_import_speaks_one_language(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path)]
    code, out, err = run("calendar", "import", str(FIXTURE), *data, "--lang", "en")
    assert (code, err) == (0, "")
    assert out == (
        f"{tmp_path / 'school_holidays.json'}: 15 added, 0 changed, 0 unchanged "
        "(school years 2026-2027)\n"
    )
    assert run("calendar", "import", str(FIXTURE), *data, "--lang", "en")[1] == (
        f"{tmp_path / 'school_holidays.json'}: 0 added, 0 changed, 15 unchanged "
        "(school years 2026-2027)\n"
    )
    missing = str(tmp_path / "nope.json")
    assert run("calendar", "import", missing, *data, "--lang", "en")[2] == (
        f"mijlpaal: cannot read {missing}: No such file or directory\n"
    )
    assert run("calendar", "import", missing, *data)[2] == (
        f"mijlpaal: kan niet lezen {missing}: No such file or directory\n"
    )
    bad = tmp_path / "bad.json"
    bad.write_text('{"content": 1}', encoding="utf-8")
    before = (tmp_path / "school_holidays.json").read_text(encoding="utf-8")
    assert run("calendar", "import", str(bad), *data, "--lang", "en")[:3:2] == (
        2,
        f"mijlpaal: invalid school holiday data in {bad}:\n  - document 1: no content list\n",
    )
    assert run("calendar", "import", str(bad), *data)[:3:2] == (
        2,
        f"mijlpaal: ongeldige schoolvakantiegegevens in {bad}:\n"
        "  - document 1: geen lijst 'content'\n",
    )
    assert (tmp_path / "school_holidays.json").read_text(encoding="utf-8") == before


def test_a_damaged_file_of_imported_school_holidays_is_named_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = tmp_path / "school_holidays.json"
    damaged.write_text('{"holidays": [', encoding="utf-8")
    data = ["--data-dir", str(tmp_path)]
    assert run("calendar", "import", str(FIXTURE), *data, "--lang", "en")[::2] == (
        2,
        f"mijlpaal: the data file {damaged} is damaged; import the school holidays again "
        "after removing it\n",
    )
    assert damaged.read_text(encoding="utf-8") == '{"holidays": ['
    monkeypatch.setenv("MIJLPAAL_DATA_DIR", str(tmp_path))
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD, encoding="utf-8")
    assert run("schedule", str(plan))[::2] == (
        2,
        f"mijlpaal: het gegevensbestand {damaged} is beschadigd; verwijder het en importeer "
        "de schoolvakanties opnieuw\n",
    )
    damaged.write_text('{"holidays": [{"region": "zuid"}]}', encoding="utf-8")
    assert run("schedule", str(plan), "--lang", "en")[0] == 2


def test_python_dash_m(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(LATE, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mijlpaal.planning", "schedule", str(plan), "--format", "json"],
        capture_output=True, text=True, env={"PYTHONPATH": str(SRC), "PATH": ""}, check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["items"][1]["id"] == "m"


def test_the_documented_example(tmp_path: Path) -> None:
    """The first example in docs/plan-format.md schedules as the document shows."""
    import re

    doc = (Path(__file__).resolve().parents[2] / "docs" / "plan-format.md").read_text(
        encoding="utf-8"
    )
    example_match = re.search(r"## An example\n\n```yaml\n(.*?)```", doc, re.S)
    printed_match = re.search(r"`mijlpaal schedule` prints:\n\n```\n(.*?)```", doc, re.S)
    assert example_match is not None and printed_match is not None
    example, printed = example_match.group(1), printed_match.group(1)
    plan = tmp_path / "plan.yaml"
    plan.write_text(example, encoding="utf-8")
    code, out, _err = run("schedule", str(plan))
    assert code == 1
    assert out == printed


def test_the_collector_is_back_on_after_a_schedule_in_process(tmp_path: Path) -> None:
    # The command pauses garbage collection while it works; a caller in the same process (the
    # tests, the benchmark) gets it back.
    import gc

    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD, encoding="utf-8")
    assert gc.isenabled()
    assert run("schedule", str(plan))[0] == 0
    assert gc.isenabled()
    assert run("schedule", str(tmp_path / "missing.yaml"))[0] == 2
    assert gc.isenabled()
