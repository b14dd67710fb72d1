"""Every VERI rule, with the literal messages in Dutch and English."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from mijlpaal.responsibilities import rules
from mijlpaal.responsibilities.letters import LetterError, parse
from mijlpaal.responsibilities.rules import Cell, PartyRef, Row, check, check_party, check_row

SCHOOL = PartyRef(1, "Maaswaal College")
MBO = PartyRef(2, "ROC Rivor")
BEDRIJF = PartyRef(3, "Bouwbedrijf Van Wijk")
PARTIES = (SCHOOL, MBO, BEDRIJF)
XR = Row(("milestone", 10), "XR-lesmateriaal ontwikkeld")


def cells(**letters: str) -> list[Cell]:
    by_name = {"school": SCHOOL, "mbo": MBO, "bedrijf": BEDRIJF}
    return [Cell(XR.key, by_name[name].pk, value) for name, value in letters.items()]


def test_a_row_with_one_e_and_one_v_is_fine() -> None:
    assert check_row(XR, PARTIES, cells(school="E", mbo="V", bedrijf="I")) == []


def test_e_and_v_may_be_the_same_party() -> None:
    assert check_row(XR, PARTIES, cells(school="VE")) == []


def test_no_e_is_an_error() -> None:
    [problem] = check_row(XR, PARTIES, cells(school="V", mbo="R"))
    assert (problem.code, problem.severity, problem.row, problem.party) == (
        "no_e",
        "error",
        XR.key,
        None,
    )
    assert problem.message("nl") == (
        "Niemand is eindverantwoordelijk (E) voor “XR-lesmateriaal ontwikkeld”: "
        "geef één partij een E."
    )
    assert (
        problem.message("en")
        == "Nobody is accountable (E) for “XR-lesmateriaal ontwikkeld”: give one party an E."
    )


def test_more_than_one_e_is_an_error_naming_the_parties() -> None:
    [problem] = check_row(XR, PARTIES, cells(school="VE", mbo="E", bedrijf="E"))
    assert (problem.code, problem.severity) == ("many_e", "error")
    assert problem.message("nl") == (
        "“XR-lesmateriaal ontwikkeld” heeft 3 eindverantwoordelijken (E): "
        "Maaswaal College, ROC Rivor en Bouwbedrijf Van Wijk; er mag er maar één zijn."
    )
    assert problem.message("en") == (
        "“XR-lesmateriaal ontwikkeld” has 3 accountable parties (E): "
        "Maaswaal College, ROC Rivor and Bouwbedrijf Van Wijk; there may be only one."
    )


def test_two_e_names_both_parties() -> None:
    [problem] = check_row(XR, PARTIES, cells(school="VE", mbo="E"))
    assert problem.message_en.endswith(
        "accountable parties (E): Maaswaal College and ROC Rivor; there may be only one."
    )


def test_no_v_is_a_warning() -> None:
    [problem] = check_row(XR, PARTIES, cells(school="E", mbo="RI"))
    assert (problem.code, problem.severity) == ("no_v", "warning")
    assert problem.message("nl") == (
        "Niemand voert “XR-lesmateriaal ontwikkeld” uit: geef een partij een V (dat mag de E zijn)."
    )
    assert problem.message("en") == (
        "Nobody carries out “XR-lesmateriaal ontwikkeld”: "
        "give a party a V, responsible (it may be the E)."
    )


def test_an_empty_row_has_both_problems_error_first() -> None:
    assert [p.code for p in check_row(XR, PARTIES, [])] == ["no_e", "no_v"]


def test_a_party_without_a_role_is_a_warning() -> None:
    [problem] = check_party(BEDRIJF, [XR], cells(school="VE"))
    assert (problem.code, problem.severity, problem.party, problem.row) == (
        "no_role",
        "warning",
        3,
        None,
    )
    assert problem.message("nl") == "Bouwbedrijf Van Wijk heeft nergens een rol in de VERI-matrix."
    assert (
        problem.message("en")
        == "Bouwbedrijf Van Wijk has no role anywhere in the responsibility matrix."
    )


def test_out_of_the_loop_is_no_role() -> None:
    assert [p.code for p in check_party(BEDRIJF, [XR], cells(bedrijf="O"))] == ["no_role"]
    assert check_party(BEDRIJF, [XR], cells(bedrijf="I")) == []


def _rows(n: int) -> list[Row]:
    return [Row(("activity", i), f"Activiteit {i}") for i in range(1, n + 1)]


def test_a_party_that_is_e_on_many_rows_gets_a_hint() -> None:
    rows = _rows(10)
    many = [Cell(row.key, SCHOOL.pk, "E") for row in rows[:5]]
    [problem] = check_party(SCHOOL, rows, many)
    assert (problem.code, problem.severity) == ("busy_e", "hint")
    assert problem.message("nl") == (
        "Maaswaal College is eindverantwoordelijk (E) voor 5 van de 10 rijen; "
        "overweeg een deel over te dragen."
    )
    assert problem.message("en") == (
        "Maaswaal College is accountable (E) for 5 of the 10 rows; consider handing some over."
    )


@pytest.mark.parametrize(
    ("row_count", "e_count", "hint"),
    [
        (10, 4, False),  # 40% is not more than 40%
        (10, 5, True),
        (12, 5, True),  # 41.7%
        (13, 5, False),  # 38.5%
        (4, 4, False),  # fewer than 5: normal in a small plan
        (5, 5, True),
    ],
)
def test_the_many_e_threshold(row_count: int, e_count: int, hint: bool) -> None:
    rows = _rows(row_count)
    codes = [
        p.code
        for p in check_party(SCHOOL, rows, [Cell(r.key, SCHOOL.pk, "VE") for r in rows[:e_count]])
    ]
    assert ("busy_e" in codes) is hint


def test_check_collects_rows_and_parties_errors_first() -> None:
    ws = Row(("workstream", 1), "Modern techniekonderwijs")
    report = check(
        [ws, XR],
        PARTIES,
        [Cell(ws.key, SCHOOL.pk, "E"), Cell(XR.key, SCHOOL.pk, "VE"), Cell(XR.key, MBO.pk, "E")],
    )
    assert [(p.code, p.row, p.party) for p in report.problems] == [
        ("many_e", XR.key, None),
        ("no_v", ws.key, None),
        ("no_role", None, BEDRIJF.pk),
    ]
    assert (report.errors, report.warnings, report.hints) == (1, 2, 0)
    assert [p.code for p in report.by_row[ws.key]] == ["no_v"]
    assert report.by_party[SCHOOL.pk] == ()
    assert [p.code for p in report.by_party[BEDRIJF.pk]] == ["no_role"]


@pytest.mark.parametrize(
    ("typed", "language", "letters"),
    [
        ("ev", "nl", "VE"),
        ("V E", "nl", "VE"),
        ("v,e,r", "nl", "VER"),
        ("IIS", "nl", "IS"),
        ("", "nl", ""),
        ("O", "nl", "O"),
        # The same letters in English: VERI, not RACI.
        ("ev", "en", "VE"),
        ("r", "en", "R"),
        ("iRev", "en", "VERI"),
        ("S", "en", "S"),
    ],
)
def test_parse_letters(typed: str, language: str, letters: str) -> None:
    assert parse(typed, language) == letters


@pytest.mark.parametrize(
    ("typed", "language", "code", "bad"),
    [
        ("X", "nl", "unknown_letter", "X"),
        ("VAX", "nl", "unknown_letter", "AX"),
        ("RAC", "en", "unknown_letter", "AC"),
        ("OV", "nl", "o_combined", ""),
        ("OE", "en", "o_combined", ""),
    ],
)
def test_parse_rejects_bad_letters(typed: str, language: str, code: str, bad: str) -> None:
    with pytest.raises(LetterError) as error:
        parse(typed, language)
    assert (error.value.code, error.value.bad) == (code, bad)


def test_the_rules_import_no_django() -> None:
    for module in ("rules.py", "letters.py"):
        tree = ast.parse(Path(rules.__file__).with_name(module).read_text())
        imported = [
            name
            for node in ast.walk(tree)
            for name in (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
        ]
        assert not [name for name in imported if name.startswith(("django", "mijlpaal.plans"))], (
            module
        )
