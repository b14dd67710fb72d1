"""A plan that runs past the school-holiday data of its region says so, until the data is
imported; and Hemelvaartsdag on Bevrijdingsdag."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from mijlpaal.planning import load_plan_file, load_school_holidays, public_holidays, schedule
from mijlpaal.planning.cli import main
from tests.holiday_files import open_data

FIXTURE = Path(__file__).with_name("fixtures") / "schoolvakanties-2026-2027.json"

# A plan of two school years in midden, like the demo: into the summer of 2027.
PLAN = """\
plan: {title: Twee jaar, start: 2025-09-01, end: 2027-06-30, region: midden, scheduling: asap}
items:
  - {id: a, title: Verkennen, kind: activity, duration: 4w}
  - {id: m, title: Klaar, kind: milestone, depends: [a]}
"""

WARNING_NL = (
    "Voor schooljaar 2026–2027 zijn de schoolvakanties van regio midden niet bekend; "
    "importeer ze met `mijlpaal calendar import`."
)
WARNING_EN = (
    "The school holidays of region midden are not known for school year 2026–2027; "
    "import them with `mijlpaal calendar import`."
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_a_plan_into_an_unknown_school_year_warns_until_it_is_imported(tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.yaml"
    plan_path.write_text(PLAN, encoding="utf-8")
    data_dir = tmp_path / "var"
    result = schedule(load_plan_file(PLAN), school_holidays=load_school_holidays(data_dir))
    (warning,) = [d for d in result.diagnostics if d.code == "school_holidays_unknown"]
    assert (warning.severity, warning.message_nl, warning.message_en) == (
        "warning",
        WARNING_NL,
        WARNING_EN,
    )
    assert warning.data == {"region": "midden", "schoolyears": ["2026-2027"]}

    code, _out, _err = run("calendar", "import", str(FIXTURE), "--data-dir", str(data_dir))
    assert code == 0
    result = schedule(load_plan_file(PLAN), school_holidays=load_school_holidays(data_dir))
    assert [d.code for d in result.diagnostics] == []


def test_the_command_prints_the_warning_in_the_chosen_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIJLPAAL_DATA_DIR", str(tmp_path / "var"))
    plan_path = tmp_path / "plan.yaml"
    plan_path.write_text(PLAN.replace("2027-06-30", "2027-09-30"), encoding="utf-8")
    code, out, _err = run("schedule", str(plan_path))
    assert code == 0
    assert out.endswith(
        "Meldingen:\n- [waarschuwing] Voor de schooljaren 2026–2027 en 2027–2028 zijn de "
        "schoolvakanties van regio midden niet bekend; importeer ze met "
        "`mijlpaal calendar import`.\n"
    )
    code, out, _err = run("schedule", str(plan_path), "--lang", "en")
    assert out.endswith(
        "Diagnostics:\n- [warning] The school holidays of region midden are not known for "
        "school years 2026–2027 and 2027–2028; import them with `mijlpaal calendar import`.\n"
    )
    # The importer reads files of several documents too; after both school years: no warning.
    source = tmp_path / "schoolvakanties-2027-2028.json"
    source.write_text(open_data(2027), encoding="utf-8")
    assert run("calendar", "import", str(FIXTURE))[0] == 0
    code, out, _err = run("calendar", "import", str(source))
    assert code == 0 and "(schooljaren 2027-2028)" in out
    written = json.loads((tmp_path / "var" / "school_holidays.json").read_text(encoding="utf-8"))
    assert written["coverage"]["zuid"] == ["2026-2027", "2027-2028"]
    code, out, _err = run("schedule", str(plan_path))
    assert out.endswith("Geen meldingen.\n")


def test_a_plan_without_region_or_within_the_data_gets_no_such_warning() -> None:
    holidays = load_school_holidays(Path("/nonexistent"))
    no_region = load_plan_file(PLAN.replace("region: midden", "region: null"))
    assert schedule(no_region, school_holidays=holidays).diagnostics == []
    within = load_plan_file(PLAN.replace("2027-06-30", "2026-07-17"))
    assert schedule(within, school_holidays=holidays).diagnostics == []


def test_what_the_plan_schedules_into_counts_too() -> None:
    # The plan ends in July 2026, but its activity of 12 weeks (60 working days) runs past the
    # zomervakantie midden (18 Jul – 30 Aug): 35 days in June and July, 25 from Mon 31 Aug.
    text = PLAN.replace("2027-06-30", "2026-07-17").replace("4w", "12w")
    text = text.replace("start: 2025-09-01", "start: 2026-06-01")
    result = schedule(load_plan_file(text), school_holidays=load_school_holidays(Path("/none")))
    assert result.items["a"].finish == date(2026, 10, 2)
    codes = [d.code for d in result.diagnostics]
    assert codes == ["end_unreachable", "school_holidays_unknown", "late_start_before_plan_start"]


def test_ascension_day_on_liberation_day_is_a_holiday() -> None:
    # Easter 27 March 2016: Hemelvaartsdag is Thursday 5 May, not a lustrum year.
    assert public_holidays(2016)[date(2016, 5, 5)] == ("Hemelvaartsdag", "Ascension Day")
    assert public_holidays(2016, liberation_day_yearly=True)[date(2016, 5, 5)] == (
        "Hemelvaartsdag en Bevrijdingsdag",
        "Ascension and Liberation Day",
    )
    # 2005 (before the written-out rules, a lustrum year) and 2157 (after them).
    assert public_holidays(2005)[date(2005, 5, 5)] == (
        "Hemelvaartsdag en Bevrijdingsdag",
        "Ascension and Liberation Day",
    )
    assert public_holidays(2157)[date(2157, 5, 5)] == ("Hemelvaartsdag", "Ascension Day")
    # Other years: Hemelvaartsdag on its own day, 5 May only in lustrum years.
    assert public_holidays(2026)[date(2026, 5, 14)] == ("Hemelvaartsdag", "Ascension Day")
    assert date(2026, 5, 5) not in public_holidays(2026)
    assert public_holidays(2025)[date(2025, 5, 5)] == ("Bevrijdingsdag", "Liberation Day")
