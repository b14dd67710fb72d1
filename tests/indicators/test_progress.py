"""On course or not, the numbers as people write them, and the chart's coordinates: the pure part
of the indicators, with literal values and dates."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from mijlpaal.indicators.progress import (
    ChartWords,
    Point,
    chart_svg,
    format_value,
    line_value,
    on_course,
    parse_value,
)

D = Decimal
# A rising target: 40 % at the start of 2026, 60 % at the start of 2027 (365 days).
RISE = (Point(dt.date(2026, 1, 1), D("40")), Point(dt.date(2027, 1, 1), D("60")))
# A falling target (less drop-out is better): 12 % down to 7 % over 2025–2028 (1461 days).
FALL = (Point(dt.date(2025, 1, 1), D("12")), Point(dt.date(2029, 1, 1), D("7")))


@pytest.mark.parametrize(
    ("day", "value", "expected"),
    [
        # Halfway through 2026 (181 of 365 days) the line stands at 49,917…
        (dt.date(2026, 7, 1), "50", True),
        (dt.date(2026, 7, 1), "49.9", False),
        (dt.date(2026, 1, 1), "40", True),  # the baseline itself is on the line
        (dt.date(2025, 6, 1), "39", False),  # before the baseline: the baseline counts
        (dt.date(2027, 3, 1), "59.99", False),  # after the target date: the target counts
        (dt.date(2027, 3, 1), "61", True),
    ],
)
def test_a_rising_target_is_on_course_at_or_above_the_line(
    day: dt.date, value: str, expected: bool
) -> None:
    assert on_course(*RISE, Point(day, D(value))) is expected


@pytest.mark.parametrize(
    ("day", "value", "expected"),
    [
        # After two years (730 of 1461 days) the line stands at 9,5017…
        (dt.date(2027, 1, 1), "9.5", True),
        (dt.date(2027, 1, 1), "9.51", False),
        (dt.date(2027, 1, 1), "12", False),
        (dt.date(2029, 1, 1), "7", True),
        (dt.date(2029, 1, 1), "7.1", False),
    ],
)
def test_a_falling_target_is_on_course_at_or_below_the_line(
    day: dt.date, value: str, expected: bool
) -> None:
    assert on_course(*FALL, Point(day, D(value))) is expected


def test_a_measurement_exactly_on_the_line_is_on_course_both_ways() -> None:
    # 1 January 2026 → 1 January 2027 is 365 days; 73 days later a fifth of the way: 44 and 11.
    day = dt.date(2026, 3, 15)
    assert (day - RISE[0].on).days == 73
    assert line_value(*RISE, day) == D("44")
    assert on_course(*RISE, Point(day, D("44"))) is True
    assert on_course(*RISE, Point(day, D("43.999"))) is False
    down = (Point(dt.date(2026, 1, 1), D("16")), Point(dt.date(2027, 1, 1), D("11")))
    assert line_value(*down, day) == D("15")
    assert on_course(*down, Point(day, D("15"))) is True
    assert on_course(*down, Point(day, D("15.001"))) is False
    # A line that a third of a day cannot express exactly: still judged without rounding.
    thirds = (Point(dt.date(2026, 1, 1), D("0")), Point(dt.date(2026, 1, 4), D("1")))
    assert on_course(*thirds, Point(dt.date(2026, 1, 2), D(1) / D(3))) is False
    assert on_course(*thirds, Point(dt.date(2026, 1, 2), D("0.3334"))) is True


@pytest.mark.parametrize(
    ("value", "dutch", "english"),
    [
        ("1234.5", "1.234,5", "1,234.5"),
        ("1234.5000", "1.234,5", "1,234.5"),
        ("1000000", "1.000.000", "1,000,000"),
        ("-7.25", "-7,25", "-7.25"),
        ("0.05", "0,05", "0.05"),
        ("1E+3", "1.000", "1,000"),
        ("999", "999", "999"),
    ],
)
def test_values_are_written_the_dutch_or_english_way(value: str, dutch: str, english: str) -> None:
    assert format_value(D(value)) == dutch
    assert format_value(D(value), thousands=",", decimal=".") == english
    assert parse_value(dutch) == D(value)
    assert parse_value(english, thousands=",", decimal=".") == D(value)


@pytest.mark.parametrize("written", ["", "12.5", "1.23,4", "abc", "1,2,3", "１２", "--3"])
def test_what_is_not_a_dutch_number_is_refused(written: str) -> None:
    assert parse_value(written) is None


def test_the_chart_places_baseline_measurements_and_target() -> None:
    measured = [Point(dt.date(2026, 7, 2), D("50")), Point(dt.date(2026, 4, 2), D("45"))]
    svg = chart_svg(*RISE, measured, ChartWords(title="Slagingspercentage", course="Koers"))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="indicator-chart"')
    assert "<title>Slagingspercentage</title>" in svg
    assert 'aria-label="Slagingspercentage"' in svg
    # x: 84 at 1-1-2026 to 308 at 1-1-2027 (224 px for 365 days); y: 132 at 40 up to 12 at 60.
    # 2 April is day 91: x = 84 + 224·91/365 = 139,85; 45 is a quarter up: y = 102.
    # 2 July is day 182: x = 195,69; 50 is halfway: y = 72.
    assert 'points="84,132 139.85,102 195.69,72"' in svg
    assert '<line x1="84" y1="132" x2="308" y2="12" class="course"' in svg
    assert '<circle class="target" cx="308" cy="12"' in svg
    labels = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    assert labels == ["40", "60", "01-01-2026", "01-01-2027"]
    assert "<title>Koers</title>" in svg


def test_the_chart_escapes_its_words() -> None:
    words = ChartWords(title='<b>"x"</b>', course="a & b")
    svg = chart_svg(*RISE, [], words)
    assert "<b>" not in svg
    assert "&lt;b&gt;" in svg and "a &amp; b" in svg
