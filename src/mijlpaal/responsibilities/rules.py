"""The VERI rules: what is wrong or worth a look in a responsibility matrix. Plain Python, no
Django.

Rules people use (DOMAIN.md): exactly one E per row (error otherwise); at least one V per row
(warning; E and V may be the same party); no party without a role anywhere (warning). And a hint:
a party that is E on many rows carries too much alone. "Many" is more than 40% of the rows and at
least 5 of them: below 5 rows concentration is normal in a small plan, and 40% leaves room for the
coördinator who is E on a whole workstream of a two-workstream plan.

An O (out of the loop) is not a role: a party with only O's still has no role anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

RowKey = tuple[str, int]  # ("workstream" | "milestone" | "activity", pk)

MANY_E_SHARE = 0.4
MANY_E_MINIMUM = 5

ERROR = "error"
WARNING = "warning"
HINT = "hint"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, HINT: 2}


@dataclass(frozen=True)
class Row:
    key: RowKey
    label: str


@dataclass(frozen=True)
class PartyRef:
    pk: int
    name: str


@dataclass(frozen=True)
class Cell:
    row: RowKey
    party: int
    letters: str  # canonical VERI letters


@dataclass(frozen=True)
class Problem:
    code: str
    severity: str
    message_nl: str
    message_en: str
    row: RowKey | None = None
    party: int | None = None

    def message(self, language: str) -> str:
        return self.message_en if language.startswith("en") else self.message_nl


def _names(names: Sequence[str], conjunction: str) -> str:
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def check_row(row: Row, parties: Sequence[PartyRef], cells: Iterable[Cell]) -> list[Problem]:
    """The problems of one row; `parties` in column order, `cells` of this row."""
    letters = {cell.party: cell.letters for cell in cells if cell.row == row.key}
    accountable = [p.name for p in parties if "E" in letters.get(p.pk, "")]
    responsible = [p for p in parties if "V" in letters.get(p.pk, "")]
    problems: list[Problem] = []
    if not accountable:
        problems.append(
            Problem(
                "no_e",
                ERROR,
                f"Niemand is eindverantwoordelijk (E) voor “{row.label}”: geef één partij een E.",
                f"Nobody is accountable (E) for “{row.label}”: give one party an E.",
                row=row.key,
            )
        )
    elif len(accountable) > 1:
        problems.append(
            Problem(
                "many_e",
                ERROR,
                f"“{row.label}” heeft {len(accountable)} eindverantwoordelijken (E): "
                f"{_names(accountable, 'en')}; er mag er maar één zijn.",
                f"“{row.label}” has {len(accountable)} accountable parties (E): "
                f"{_names(accountable, 'and')}; there may be only one.",
                row=row.key,
            )
        )
    if not responsible:
        problems.append(
            Problem(
                "no_v",
                WARNING,
                f"Niemand voert “{row.label}” uit: geef een partij een V (dat mag de E zijn).",
                f"Nobody carries out “{row.label}”: give a party a V, responsible (it may be "
                f"the E).",
                row=row.key,
            )
        )
    return problems


def check_party(party: PartyRef, rows: Sequence[Row], cells: Iterable[Cell]) -> list[Problem]:
    """The problems of one party's column; `cells` may be all cells of the matrix."""
    row_keys = {row.key for row in rows}
    mine = [cell for cell in cells if cell.party == party.pk and cell.row in row_keys]
    problems: list[Problem] = []
    if not any(cell.letters.strip("O") for cell in mine):
        problems.append(
            Problem(
                "no_role",
                WARNING,
                f"{party.name} heeft nergens een rol in de VERI-matrix.",
                f"{party.name} has no role anywhere in the responsibility matrix.",
                party=party.pk,
            )
        )
    accountable = sum(1 for cell in mine if "E" in cell.letters)
    if rows and accountable >= MANY_E_MINIMUM and accountable > MANY_E_SHARE * len(rows):
        problems.append(
            Problem(
                "busy_e",
                HINT,
                f"{party.name} is eindverantwoordelijk (E) voor {accountable} van de {len(rows)} "
                f"rijen; "
                f"overweeg een deel over te dragen.",
                f"{party.name} is accountable (E) for {accountable} of the {len(rows)} rows; "
                f"consider handing some over.",
                party=party.pk,
            )
        )
    return problems


@dataclass(frozen=True)
class Report:
    """All problems of a matrix, and per row and per party for the page."""

    problems: tuple[Problem, ...]
    by_row: dict[RowKey, tuple[Problem, ...]] = field(default_factory=dict)
    by_party: dict[int, tuple[Problem, ...]] = field(default_factory=dict)

    def count(self, severity: str) -> int:
        return sum(1 for p in self.problems if p.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def warnings(self) -> int:
        return self.count(WARNING)

    @property
    def hints(self) -> int:
        return self.count(HINT)


def check(rows: Sequence[Row], parties: Sequence[PartyRef], cells: Iterable[Cell]) -> Report:
    """Check a whole matrix: rows in display order, parties in column order."""
    cells = tuple(cells)
    per_row: dict[RowKey, list[Cell]] = {row.key: [] for row in rows}
    for cell in cells:
        if cell.row in per_row:
            per_row[cell.row].append(cell)
    by_row = {row.key: tuple(check_row(row, parties, per_row[row.key])) for row in rows}
    per_party: dict[int, list[Cell]] = {party.pk: [] for party in parties}
    for cell in cells:
        if cell.party in per_party:
            per_party[cell.party].append(cell)
    by_party = {party.pk: tuple(check_party(party, rows, per_party[party.pk])) for party in parties}
    problems = [p for row_problems in by_row.values() for p in row_problems]
    problems += [p for party_problems in by_party.values() for p in party_problems]
    problems.sort(
        key=lambda p: SEVERITY_ORDER[p.severity]
    )  # stable: keeps the matrix order within a severity
    return Report(tuple(problems), by_row, by_party)
