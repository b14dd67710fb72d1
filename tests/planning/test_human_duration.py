"""Lead times as people type them: the one reader, in the engine (no Django)."""

from __future__ import annotations

import pytest

from mijlpaal.planning.model import Duration
from mijlpaal.planning.text import parse_human_duration


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("6 weken", Duration(6, "w")),
        ("6 wk", Duration(6, "w")),
        ("6wk.", Duration(6, "w")),
        ("6w", Duration(6, "w")),
        ("1 week", Duration(1, "w")),
        ("3 maanden", Duration(3, "m")),
        ("1 maand", Duration(1, "m")),
        ("3 mnd", Duration(3, "m")),
        ("10 werkdagen", Duration(10, "d")),
        ("10 dagen", Duration(10, "d")),  # days of work, as the plan file's 10d
        ("10d", Duration(10, "d")),
        ("2 kalenderweken", Duration(2, "w", calendar=True)),
        ("14 kalenderdagen", Duration(14, "d", calendar=True)),
        ("1 kalendermaand", Duration(1, "m", calendar=True)),
        ("6 weeks", Duration(6, "w")),
        ("10 working days", Duration(10, "d")),
        ("10 working-days", Duration(10, "d")),
        ("3 months", Duration(3, "m")),
        ("2 calendar weeks", Duration(2, "w", calendar=True)),
        ("  6   WEKEN ", Duration(6, "w")),
    ],
)
def test_what_people_type_is_read(typed: str, expected: Duration) -> None:
    assert parse_human_duration(typed) == expected


@pytest.mark.parametrize(
    "typed", ["", "6", "weken", "zes weken", "6,5 weken", "6.5 weeks", "6 jaar", "6 w w", "w6"]
)
def test_anything_else_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="not a lead time"):
        parse_human_duration(typed)


def test_it_writes_back_as_the_plan_file_does() -> None:
    assert str(parse_human_duration("6 weken")) == "6w"
    assert str(parse_human_duration("10 working days")) == "10d"
