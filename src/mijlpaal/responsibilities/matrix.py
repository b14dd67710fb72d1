"""Load a plan's VERI matrix (a fixed number of queries, whatever its size) and check it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from mijlpaal.plans.models import Activity, Milestone, Party, Plan, Workstream
from mijlpaal.responsibilities import rules
from mijlpaal.responsibilities.letters import display_letters
from mijlpaal.responsibilities.models import Assignment

ROW_MODELS: dict[str, type[Workstream] | type[Milestone] | type[Activity]] = {
    "workstream": Workstream,
    "milestone": Milestone,
    "activity": Activity,
}


@dataclass(frozen=True)
class ShownProblem:
    code: str
    severity: str
    message: str


@dataclass
class MatrixCell:
    party: Party
    letters: str  # canonical VERI
    shown: str  # VERI or RACI, for the user's language

    @property
    def pieces(self) -> list[tuple[str, str]]:
        """(VERI letter, shown letter) pairs: the VERI letter picks the colour."""
        return list(zip(self.letters, self.shown, strict=True))


@dataclass
class MatrixRow:
    kind: str
    item: Workstream | Milestone | Activity
    label: str
    number: str
    depth: int
    cells: list[MatrixCell]
    problems: list[ShownProblem]

    @property
    def key(self) -> tuple[str, int]:
        return self.kind, self.item.pk

    @property
    def dom_id(self) -> str:
        return f"veri-row-{self.kind}-{self.item.pk}"

    @property
    def severity(self) -> str:
        return self.problems[0].severity if self.problems else ""


@dataclass
class MatrixParty:
    party: Party
    problems: list[ShownProblem]


@dataclass
class MatrixGroup:
    """A workstream with its rows, or the items outside any workstream (`workstream` None)."""

    workstream: Workstream | None
    rows: list[MatrixRow]


@dataclass
class Matrix:
    groups: list[MatrixGroup]
    parties: list[MatrixParty]
    report: rules.Report
    language: str
    # No letter anywhere yet: one summary line instead of an error on every row.
    unfilled: bool = False

    @property
    def rows(self) -> list[MatrixRow]:
        return [row for group in self.groups for row in group.rows]

    def row(self, kind: str, pk: int) -> MatrixRow | None:
        return next((row for row in self.rows if row.key == (kind, pk)), None)

    def messages(self) -> list[ShownProblem]:
        return [
            ShownProblem(p.code, p.severity, p.message(self.language)) for p in self.report.problems
        ]


def _ordered_rows(
    workstreams: list[Workstream], milestones: list[Milestone], activities: list[Activity]
) -> list[tuple[Workstream | None, list[tuple[str, Workstream | Milestone | Activity, int]]]]:
    """Each workstream, then its milestones, each followed by its activities; then the rest."""
    ms_by_ws: dict[int | None, list[Milestone]] = defaultdict(list)
    for m in milestones:
        ms_by_ws[m.workstream_id].append(m)
    acts_by_ws: dict[int | None, list[Activity]] = defaultdict(list)
    for a in activities:
        acts_by_ws[a.workstream_id].append(a)
    groups: list[
        tuple[Workstream | None, list[tuple[str, Workstream | Milestone | Activity, int]]]
    ] = []
    for ws in [*workstreams, None]:
        ws_pk = ws.pk if ws is not None else None
        rows: list[tuple[str, Workstream | Milestone | Activity, int]] = []
        if ws is not None:
            rows.append(("workstream", ws, 0))
        own = ms_by_ws[ws_pk]
        own_pks = {m.pk for m in own}
        under: dict[int, list[Activity]] = defaultdict(list)
        loose: list[Activity] = []
        for a in acts_by_ws[ws_pk]:
            (under[a.milestone_id] if a.milestone_id in own_pks else loose).append(a)
        for m in own:
            rows.append(("milestone", m, 1))
            rows.extend(("activity", a, 2) for a in under[m.pk])
        rows.extend(("activity", a, 1) for a in loose)
        if rows:
            groups.append((ws, rows))
    return groups


def _label(item: Workstream | Milestone | Activity) -> str:
    return item.name if isinstance(item, Workstream) else item.title


def load_matrix(plan: Plan, language: str) -> Matrix:
    """The matrix of a plan: five queries."""
    workstreams = list(Workstream.objects.filter(plan=plan).order_by("order", "id"))
    milestones = list(
        Milestone.objects.filter(plan=plan)
        .only("id", "plan_id", "workstream_id", "number", "title", "order")
        .order_by("order", "id")
    )
    activities = list(
        Activity.objects.filter(plan=plan)
        .only("id", "plan_id", "workstream_id", "milestone_id", "title", "order")
        .order_by("order", "id")
    )
    parties = list(Party.objects.filter(plan=plan).order_by("order", "name", "id"))
    letters: dict[tuple[tuple[str, int], int], str] = {
        (a.row_key, a.party_id): a.letters
        for a in Assignment.objects.filter(plan=plan).only(
            "letters", "party_id", "workstream_id", "milestone_id", "activity_id"
        )
    }
    ordered = _ordered_rows(workstreams, milestones, activities)
    engine_rows = [
        rules.Row((kind, item.pk), _label(item))
        for _, rows in ordered
        for kind, item, _depth in rows
    ]
    engine_parties = [rules.PartyRef(p.pk, p.name) for p in parties]
    cells = [rules.Cell(row, party, value) for (row, party), value in letters.items()]
    report = rules.check(engine_rows, engine_parties, cells)

    unfilled = not any(letters.values())

    def problems(found: tuple[rules.Problem, ...]) -> list[ShownProblem]:
        if unfilled:
            return []
        return [ShownProblem(p.code, p.severity, p.message(language)) for p in found]

    groups = []
    for ws, rows in ordered:
        matrix_rows = []
        for kind, item, depth in rows:
            key = (kind, item.pk)
            number = str(item.number or "") if isinstance(item, Milestone) else ""
            matrix_rows.append(
                MatrixRow(
                    kind=kind,
                    item=item,
                    label=_label(item),
                    number=number,
                    depth=depth,
                    cells=[
                        MatrixCell(
                            p,
                            letters.get((key, p.pk), ""),
                            display_letters(letters.get((key, p.pk), ""), language),
                        )
                        for p in parties
                    ],
                    problems=problems(report.by_row[key]),
                )
            )
        groups.append(MatrixGroup(ws, matrix_rows))
    return Matrix(
        groups=groups,
        parties=[MatrixParty(p, problems(report.by_party[p.pk])) for p in parties],
        report=report,
        language=language,
        unfilled=unfilled,
    )
