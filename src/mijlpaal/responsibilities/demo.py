"""A realistic VERI matrix for the demo plans, with a few deliberate gaps so the checks show.

`load_demo_assignments(plan)` is idempotent: a plan whose matrix has any cell is left alone.
Per workstream one party is accountable (E) for its milestones and activities, a lead carries
out the milestones (V), the activities are shared among the doers, and advisers (R) and those
kept informed (I) are named per milestone. The workstream rows themselves are the steering
group's (E), carried out by the workstream's owner (V). Go/no-go milestones are decided by the
steering group. Plans other than the two demo plans get the same pattern from their parties.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from mijlpaal.plans.demo import OKE_TITLE, STO_TITLE
from mijlpaal.plans.models import (
    Activity,
    ChangeRecord,
    Membership,
    Milestone,
    Party,
    Plan,
    Role,
    Workstream,
)
from mijlpaal.plans.services import record_change, snapshot
from mijlpaal.responsibilities.letters import canonical
from mijlpaal.responsibilities.models import Assignment


@dataclass(frozen=True)
class WorkstreamRoles:
    owner: str  # E on its milestones and activities, V on the workstream row
    lead: str  # V on its milestones
    doers: tuple[str, ...]  # V on its activities, in turn
    consulted: tuple[str, ...] = ()  # R on its milestones
    informed: tuple[str, ...] = ()  # I on its milestones and the workstream row
    support: tuple[str, ...] = ()  # S on its milestones


@dataclass(frozen=True)
class MatrixSpec:
    steering: str  # E on workstream rows and go/no-go milestones
    coordinator: str  # V on go/no-go milestones (writes the decision document)
    workstreams: tuple[WorkstreamRoles, ...]  # in workstream order
    # Deliberate gaps, by the start of a row's title, so the checks have something to show.
    no_accountable: tuple[str, ...] = ()
    second_accountable: dict[str, str] = field(default_factory=dict)
    nobody_carries_out: tuple[str, ...] = ()
    out_of_the_loop: dict[str, str] = field(default_factory=dict)  # title start → party with O


SCHOOLS = ("Waalzicht College vmbo", "Betuws Vakcollege", "Lingehof Scholengemeenschap vmbo")

SPECS: dict[str, MatrixSpec] = {
    STO_TITLE: MatrixSpec(
        steering="Ruud Hendriks",
        coordinator="Jeroen de Vries",
        workstreams=(
            WorkstreamRoles(  # Modern techniekonderwijs en XR
                owner="Marieke Jansen",
                lead="Betuws Vakcollege",
                doers=SCHOOLS,
                consulted=("ROC De Uiterwaarden", "Van Wijk Installatietechniek B.V."),
                informed=("Regiobureau STO Rivierenland",),
                support=("Kees van Dam",),
            ),
            WorkstreamRoles(  # LOB
                owner="Fatima El Amrani",
                lead="Waalzicht College vmbo",
                doers=(*SCHOOLS, "ROC De Uiterwaarden"),
                consulted=("Anouk Verbeek",),
                informed=("Opleidingsfonds Techniek Rivierenland",),
            ),
            WorkstreamRoles(  # Samenwerking met het bedrijfsleven
                owner="Jeroen de Vries",
                lead="Opleidingsfonds Techniek Rivierenland",
                doers=(
                    "Opleidingsfonds Techniek Rivierenland",
                    "Van Wijk Installatietechniek B.V.",
                    "Kees van Dam",
                ),
                consulted=SCHOOLS,
                informed=("ROC De Uiterwaarden",),
            ),
            WorkstreamRoles(  # Professionalisering docenten
                owner="Anouk Verbeek",
                lead="Lingehof Scholengemeenschap vmbo",
                doers=("Lingehof Scholengemeenschap vmbo", "Kees van Dam", "Marieke Jansen"),
                consulted=("Opleidingsfonds Techniek Rivierenland",),
                informed=SCHOOLS[:2],
            ),
            WorkstreamRoles(  # Regie en verantwoording
                owner="Jeroen de Vries",
                lead="Regiobureau STO Rivierenland",
                doers=("Regiobureau STO Rivierenland",),
                consulted=(*SCHOOLS, "ROC De Uiterwaarden"),
                informed=("Opleidingsfonds Techniek Rivierenland",),
            ),
        ),
        # "Metaalbewerking Betuwe B.V." is left out on purpose: a party without a role.
        no_accountable=("Lesmodules duurzaamheid",),
        second_accountable={"Afspraken over beheer en uitleen": "Waalzicht College vmbo"},
        nobody_carries_out=("Collegiale consultatie",),
    ),
    OKE_TITLE: MatrixSpec(
        steering="MT Zuiderpoort College",
        coordinator="Ingrid Smits",
        workstreams=(
            WorkstreamRoles(  # Governance, communicatie en draagvlak
                owner="Ingrid Smits",
                lead="OKE-werkgroep",
                doers=("OKE-werkgroep", "Ingrid Smits"),
                consulted=("Examencommissie", "Informatiemanagement"),
                informed=("Onderwijsteams", "Zuiderpoort College"),
            ),
            WorkstreamRoles(  # Examinering en resultaten
                owner="Examencommissie",
                lead="Examenorganisatie (examenbureau)",
                doers=("Examenorganisatie (examenbureau)", "Onderwijsteams"),
                consulted=("Informatiemanagement",),
                informed=("Afdeling ICT", "OKE-werkgroep"),
            ),
            WorkstreamRoles(  # ICT en gegevensuitwisseling
                owner="Bram Peeters",
                lead="Afdeling ICT",
                doers=("Afdeling ICT", "Lotte van den Berg", "Informatiemanagement"),
                consulted=("Examenorganisatie (examenbureau)",),
                informed=("OKE-werkgroep",),
                support=("Lotte van den Berg",),
            ),
            WorkstreamRoles(  # Organisatie en uitvoering
                owner="Ingrid Smits",
                lead="Examenorganisatie (examenbureau)",
                doers=("Examenorganisatie (examenbureau)", "Onderwijsteams", "OKE-werkgroep"),
                consulted=("Examencommissie",),
                informed=("MT Zuiderpoort College",),
            ),
        ),
        nobody_carries_out=("Dagelijkse monitoring",),
        out_of_the_loop={"Functioneel ontwerp van de koppeling": "Onderwijsteams"},
    ),
}


def _generic_spec(parties: list[Party], workstream_count: int) -> MatrixSpec | None:
    """The same pattern for any plan: people decide, organisations carry out, in turn."""
    if not parties:
        return None
    names = [p.name for p in parties]
    people = [p.name for p in parties if p.kind == "person"] or names
    organisations = [p.name for p in parties if p.kind != "person"] or names
    workstreams = tuple(
        WorkstreamRoles(
            owner=people[i % len(people)],
            lead=organisations[i % len(organisations)],
            doers=tuple(organisations),
            informed=tuple(name for name in names[:1] if name != people[i % len(people)]),
        )
        for i in range(workstream_count)
    )
    return MatrixSpec(steering=people[0], coordinator=people[-1], workstreams=workstreams)


def _starts(title: str, prefixes: object) -> bool:
    return any(title.startswith(prefix) for prefix in prefixes)  # type: ignore[attr-defined]


def _plan_cells(
    spec: MatrixSpec,
    workstreams: list[Workstream],
    milestones: list[Milestone],
    activities: list[Activity],
) -> list[tuple[Workstream | Milestone | Activity, str, str]]:
    """(row, party name, letters) for the whole plan."""
    cells: dict[tuple[str, int], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    rows: dict[tuple[str, int], Workstream | Milestone | Activity] = {}

    def give(row: Workstream | Milestone | Activity, party: str, letters: str) -> None:
        key = (type(row).__name__, row.pk)
        rows[key] = row
        cells[key][party].update(letters)

    roles_of = {
        ws.pk: spec.workstreams[i] for i, ws in enumerate(workstreams) if i < len(spec.workstreams)
    }
    for ws in workstreams:
        roles = roles_of.get(ws.pk)
        if roles is None:
            continue
        give(ws, spec.steering, "E")
        give(ws, roles.owner, "V")
        for party in roles.informed:
            give(ws, party, "I")
    for m in milestones:
        roles = roles_of.get(m.workstream_id)  # type: ignore[arg-type]
        if roles is None:
            continue
        if m.is_decision_point:
            give(m, spec.steering, "E")
            give(m, spec.coordinator, "V")
            give(m, roles.owner, "R")
        else:
            give(m, roles.owner, "E")
            give(m, roles.lead, "V")
        for party in roles.consulted:
            give(m, party, "R")
        for party in roles.informed:
            give(m, party, "I")
        for party in roles.support:
            give(m, party, "S")
    turn: dict[int, int] = defaultdict(int)
    for a in activities:
        roles = roles_of.get(a.workstream_id)  # type: ignore[arg-type]
        if roles is None:
            continue
        give(a, roles.owner, "E")
        give(a, roles.doers[turn[a.workstream_id or 0] % len(roles.doers)], "V")
        turn[a.workstream_id or 0] += 1
    result: list[tuple[Workstream | Milestone | Activity, str, str]] = []
    for key, by_party in cells.items():
        row = rows[key]
        title = row.name if isinstance(row, Workstream) else row.title
        for party, letters in by_party.items():
            if _starts(title, spec.no_accountable):
                letters = letters - {"E"}
            if _starts(title, spec.nobody_carries_out):
                letters = letters - {"V"}
            if letters:
                result.append((row, party, canonical("".join(letters))))
        for prefix, party in spec.second_accountable.items():
            if title.startswith(prefix):
                result.append((row, party, "E"))
        for prefix, party in spec.out_of_the_loop.items():
            if title.startswith(prefix) and party not in by_party:
                result.append((row, party, "O"))
    return result


@transaction.atomic
def load_demo_assignments(plan: Plan) -> int:
    """Fill the VERI matrix of a demo plan; returns the number of cells made (0 when it had any)."""
    if Assignment.objects.filter(plan=plan).exists():
        return 0
    parties = list(Party.objects.filter(plan=plan).order_by("order", "name", "id"))
    workstreams = list(Workstream.objects.filter(plan=plan).order_by("order", "id"))
    spec = SPECS.get(plan.title) or _generic_spec(parties, len(workstreams))
    if spec is None:
        return 0
    milestones = list(Milestone.objects.filter(plan=plan).order_by("order", "id"))
    activities = list(Activity.objects.filter(plan=plan).order_by("order", "id"))
    by_name = {p.name: p for p in parties}
    assignments = []
    for row, party_name, letters in _plan_cells(spec, workstreams, milestones, activities):
        party = by_name.get(party_name)
        if party is None:  # a party renamed or removed since the demo was loaded
            continue
        assignment = Assignment(plan=plan, party=party, letters=letters)
        setattr(assignment, type(row).__name__.lower(), row)
        assignments.append(assignment)
    created = Assignment.objects.bulk_create(assignments)
    owner = (
        Membership.objects.filter(plan=plan, role=Role.OWNER)
        .select_related("user")
        .order_by("id")
        .first()
    )
    for assignment in created:
        record_change(
            plan=plan,
            user=owner.user if owner else None,
            obj=assignment,
            action=ChangeRecord.Action.CREATE,
            before=None,
            after=snapshot(assignment),
        )
    return len(created)
