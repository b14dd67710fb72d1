"""The shipped school holidays and the open-data importer (on a fixture file)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from mijlpaal.planning import (
    CalendarSpec,
    SchoolHoliday,
    SchoolHolidayDataError,
    build_calendar,
    import_school_holidays,
    load_school_holidays,
    parse_open_data,
)
from mijlpaal.planning.school_holidays import (
    SHIPPED,
    coverage,
    missing_schoolyears,
    schoolyear_of,
    shipped_school_holidays,
)

FIXTURE = Path(__file__).with_name("fixtures") / "schoolvakanties-2026-2027.json"


def test_shipped_file_names_its_source_and_matches_domain_table() -> None:
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert "Rijksoverheid open data" in data["source"]
    shipped = shipped_school_holidays()
    assert len(shipped) == 33
    by_key = {(h.schoolyear, h.name, h.region): (h.start, h.end) for h in shipped}
    assert by_key[("2024-2025", "herfstvakantie", "zuid")] == (
        date(2024, 10, 19),
        date(2024, 10, 27),
    )
    assert by_key[("2024-2025", "zomervakantie", "midden")] == (
        date(2025, 7, 19),
        date(2025, 8, 31),
    )
    assert by_key[("2025-2026", "voorjaarsvakantie", "noord")] == (
        date(2026, 2, 21),
        date(2026, 3, 1),
    )
    assert by_key[("2025-2026", "zomervakantie", "zuid")] == (date(2026, 7, 11), date(2026, 8, 23))
    assert by_key[("2026-2027", "kerstvakantie", "noord")] == (date(2026, 12, 19), date(2027, 1, 3))
    for region in ("noord", "midden", "zuid"):
        assert by_key[("2025-2026", "meivakantie", region)] == (date(2026, 4, 25), date(2026, 5, 3))
    complete = ["2024-2025", "2025-2026"]
    assert data["coverage"] == {"noord": complete, "midden": complete, "zuid": complete}
    assert coverage(shipped) == data["coverage"]


def test_parse_open_data_fixture() -> None:
    holidays = parse_open_data(FIXTURE.read_text(encoding="utf-8"))
    # 3 herfst + 3 kerst (heel Nederland) + 3 voorjaar + 3 mei (heel Nederland) + 3 zomer
    assert len(holidays) == 15
    assert (
        SchoolHoliday(
            "zuid", date(2026, 10, 10), date(2026, 10, 18), "herfstvakantie", "2026-2027", False
        )
        in holidays
    )
    kerst = [h for h in holidays if h.name == "kerstvakantie"]
    assert sorted(h.region for h in kerst) == ["midden", "noord", "zuid"]
    assert all(
        (h.start, h.end, h.compulsory) == (date(2026, 12, 19), date(2027, 1, 3), True)
        for h in kerst
    )
    assert {h.schoolyear for h in holidays} == {"2026-2027"}


def test_parse_open_data_reads_local_midnight_published_in_utc() -> None:
    text = json.dumps(
        {"content": [{"schoolyear": "2030-2031", "vacations": [
            {"type": "Kerstvakantie ", "compulsorydates": "true", "regions": [
                {"region": "noord", "startdate": "2030-12-20T23:00:00.000Z",
                 "enddate": "2031-01-04T23:00:00.000Z"},
            ]},
        ]}]}
    )  # fmt: skip
    (h,) = parse_open_data(text)
    assert (h.start, h.end) == (date(2030, 12, 21), date(2031, 1, 5))


def test_parse_open_data_lists_every_problem() -> None:
    text = json.dumps(
        [{"content": [{"schoolyear": "2030-2031", "vacations": [
            {"type": "Herfstvakantie", "regions": [
                {"region": "oost", "startdate": "2030-10-12T00:00:00.000Z",
                 "enddate": "2030-10-20T00:00:00.000Z"},
            ]},
            {"type": "Kerstvakantie", "regions": [
                {"region": "noord", "startdate": "2031-01-05T00:00:00.000Z",
                 "enddate": "2030-12-21T00:00:00.000Z"},
            ]},
            {"type": "Zomervakantie", "regions": [
                {"region": "zuid", "startdate": "juli", "enddate": "2031-08-01T00:00:00.000Z"},
            ]},
        ]}]}]
    )  # fmt: skip
    with pytest.raises(SchoolHolidayDataError) as info:
        parse_open_data(text)
    assert len(info.value.errors) == 3
    assert "unknown region 'oost'" in info.value.errors[0]
    assert "before start" in info.value.errors[1]
    assert "not a date: 'juli'" in info.value.errors[2]
    with pytest.raises(SchoolHolidayDataError):
        parse_open_data("not json")


def test_import_merges_into_the_data_dir(tmp_path: Path) -> None:
    result = import_school_holidays(str(FIXTURE), tmp_path)
    assert (result.added, result.updated, result.unchanged) == (15, 0, 0)
    assert result.schoolyears == ("2026-2027",)
    assert result.path == tmp_path / "school_holidays.json"
    again = import_school_holidays(str(FIXTURE), tmp_path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 15)

    loaded = load_school_holidays(tmp_path)
    assert len(loaded) == 33 + 15 - 3  # the kerstvakantie 2026-27 was already shipped
    written = json.loads((tmp_path / "school_holidays.json").read_text(encoding="utf-8"))
    assert written["coverage"] == {r: ["2026-2027"] for r in ("noord", "midden", "zuid")}
    assert coverage(loaded)["midden"] == ["2024-2025", "2025-2026", "2026-2027"]
    cal = build_calendar(
        CalendarSpec(region="zuid"), loaded, first=date(2026, 9, 1), last=date(2027, 9, 30)
    )
    assert not cal.is_working_day(date(2026, 10, 12))  # herfstvakantie zuid 2026, imported
    assert cal.is_working_day(date(2026, 10, 19))
    assert not cal.is_working_day(date(2027, 7, 26))  # zomervakantie zuid 2027
    assert load_school_holidays(tmp_path / "empty") == shipped_school_holidays()


def test_import_rejects_bad_data_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"content": []}', encoding="utf-8")
    with pytest.raises(SchoolHolidayDataError):
        import_school_holidays(str(bad), tmp_path)
    assert not (tmp_path / "school_holidays.json").exists()
    with pytest.raises(OSError):
        import_school_holidays(str(tmp_path / "missing.json"), tmp_path)


def test_the_meivakantie_2026_is_no_working_time_in_any_region() -> None:
    for region in ("noord", "midden", "zuid"):
        cal = build_calendar(
            CalendarSpec(region=region),
            shipped_school_holidays(),
            first=date(2026, 4, 1),
            last=date(2026, 5, 31),
        )
        assert cal.is_working_day(date(2026, 4, 24))
        for day in (28, 29, 30):
            assert not cal.is_working_day(date(2026, 4, day))
        assert not cal.is_working_day(date(2026, 5, 1))
        assert cal.non_working_reason(date(2026, 4, 28)) == "meivakantie"
        assert cal.next_working_day(date(2026, 4, 24)) == date(2026, 5, 4)


def test_a_school_year_is_covered_when_all_five_holidays_are_known() -> None:
    shipped = shipped_school_holidays()
    assert coverage(shipped)["zuid"] == ["2024-2025", "2025-2026"]
    without_mei = [h for h in shipped if not (h.name == "meivakantie" and h.region == "noord")]
    assert coverage(without_mei)["noord"] == []  # both years lack a meivakantie in noord now
    assert coverage(without_mei)["midden"] == ["2024-2025", "2025-2026"]


def test_schoolyears_run_from_august_to_july() -> None:
    assert schoolyear_of(date(2026, 7, 31)) == "2025-2026"
    assert schoolyear_of(date(2026, 8, 1)) == "2026-2027"
    assert schoolyear_of(date(2027, 1, 4)) == "2026-2027"


def test_missing_schoolyears_of_a_period() -> None:
    shipped = shipped_school_holidays()
    assert missing_schoolyears(shipped, "midden", date(2024, 9, 1), date(2026, 7, 17)) == []
    # The zomervakantie midden 2026 runs to 30 August: a plan that ends in it needs no 2026-27.
    assert missing_schoolyears(shipped, "midden", date(2025, 9, 1), date(2026, 8, 28)) == []
    assert missing_schoolyears(shipped, "midden", date(2025, 9, 1), date(2026, 8, 31)) == [
        "2026-2027"
    ]
    assert missing_schoolyears(shipped, "zuid", date(2023, 9, 1), date(2027, 10, 1)) == [
        "2023-2024",
        "2026-2027",
        "2027-2028",
    ]


def test_bad_open_data_is_refused_in_dutch_and_english() -> None:
    bad = json.dumps({"content": [{"schoolyear": "2030-2031", "vacations": [
        {"type": "Herfstvakantie", "regions": [
            {"region": "oost", "startdate": "2030-10-12", "enddate": "2030-10-20"}]}]}]}
    )  # fmt: skip
    with pytest.raises(SchoolHolidayDataError) as info:
        parse_open_data(bad)
    assert info.value.messages("nl") == [
        "document 1, schooljaar 1, vakantie 1, regio 1: onbekende regio 'oost'"
    ]
    assert info.value.messages("en") == [
        "document 1, content 1, vacation 1, region 1: unknown region 'oost'"
    ]


def test_open_data_is_bounded_in_size_count_and_nesting() -> None:
    with pytest.raises(SchoolHolidayDataError) as info:
        parse_open_data("[" * 50 + "]" * 50)
    assert info.value.messages("nl") == ["dieper genest dan 12 niveaus"]
    with pytest.raises(SchoolHolidayDataError) as info:
        parse_open_data(" " * 2_000_001)
    assert info.value.messages("en") == ["larger than 2000 kB"]
    region = {"region": "heel Nederland", "startdate": "2030-10-12", "enddate": "2030-10-20"}
    many = {"content": [{"schoolyear": "2030-2031", "vacations": [
        {"type": "Herfstvakantie", "regions": [region] * 1700}]}]}  # fmt: skip
    with pytest.raises(SchoolHolidayDataError) as info:
        parse_open_data(json.dumps(many))
    assert info.value.messages("nl") == ["meer dan 5000 vakanties"]
    # Brackets inside strings do not count as nesting.
    text = json.dumps({"content": [{"schoolyear": "[[[[[[[[[[[[[[", "vacations": [
        {"type": "Herfstvakantie", "regions": [region]}]}]})  # fmt: skip
    assert len(parse_open_data(text)) == 3
