"""A plan of the web application as a plan file (YAML), and back.

The file is the planning engine's plan file (`plan:` and `items:`, see docs/plan-format.md), so
`mijlpaal schedule` computes the same dates as the web pages, plus one top-level section
`mijlpaal:` with what only the web application knows (goals, workstream names, parties and their
VERI letters, the milestone's number and result, an activity's phase and domain, ...). The engine
skips that section.

The ids are the items' stable keys. A plan made from a file keeps the file's ids, so a plan
downloaded, uploaded as a new plan and downloaded again gives the same file; a file uploaded to
replace its plan changes the rows it names in place, also after a rename or a move. Importing goes
through `plans.replace`, like the workbook's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from django.db import models, transaction

from mijlpaal import planning
from mijlpaal.accounts.models import User
from mijlpaal.budget.planfile import Keys, Refs, budget_for_file, budget_from_file, check_budget
from mijlpaal.decisions.roles import roles_by_key, roles_for_file
from mijlpaal.i18n import current_language
from mijlpaal.planning.planfile import (
    WEB_LIMITS,
    WEB_SECTION,
    PlanFileError,
    compose_plan_file,
    dump_plan_file,
    node_data,
    plan_from_nodes,
    without_gc,
)
from mijlpaal.plans.content import (
    ActivityData,
    CellData,
    ClosureData,
    ContentError,
    DependencyData,
    GoalData,
    MilestoneData,
    MilestoneDetails,
    PartyData,
    PartyDetails,
    PeriodData,
    PlanContent,
    PlanFields,
    WorkstreamData,
    WorkstreamLinks,
)
from mijlpaal.plans.models import (
    Activity,
    Dependency,
    Goal,
    Milestone,
    Party,
    PartyKind,
    Plan,
    Workstream,
)
from mijlpaal.plans.replace import KeyResolver, plan_import
from mijlpaal.plans.scheduling import plan_input
from mijlpaal.responsibilities.letters import LetterError, parse
from mijlpaal.responsibilities.models import Assignment

# In Dutch, like the plans it heads: the people who open the file read Dutch.
HEADER = (
    "# Planbestand van Mijlpaal. Het formaat staat in docs/plan-format.md.\n"
    "# De sectie 'items' is de planning: 'mijlpaal schedule' rekent ermee. Een onderdeel\n"
    "# '<id>.work' is de doorlooptijd van de mijlpaal '<id>': het werk dat op die mijlpaal\n"
    "# eindigt. De webapplicatie maakt het zelf; bij het inlezen wordt het weer de doorlooptijd.\n"
    "# De sectie 'mijlpaal' bewaart wat alleen de webapplicatie gebruikt.\n"
)


@dataclass(frozen=True)
class PlanFileProblem:
    line: int
    message: str


class PlanImportError(Exception):
    """A plan file that cannot be imported; nothing was changed."""

    def __init__(self, problems: list[PlanFileProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.line}: {p.message}" for p in problems))


# --- export --------------------------------------------------------------------------------------


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _compact(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v not in (None, "", False, [], {})}


@dataclass(frozen=True)
class _Rows:
    """The plan's rows in the order of the file, and each row's VERI letters by party id."""

    workstreams: list[Workstream]
    milestones: list[Milestone]
    activities: list[Activity]
    goals: list[Goal]
    parties: list[Party]
    roles: dict[tuple[str, int], dict[str, str]]


def _rows(plan: Plan) -> _Rows:
    workstreams = list(Workstream.objects.filter(plan=plan).select_related("owner", "goal"))
    index = {w.pk: i for i, w in enumerate(workstreams)}

    def place(item: Milestone | Activity) -> tuple[int, int, int]:
        return (index.get(item.workstream_id or 0, len(workstreams)), item.order, item.pk)

    roles: dict[tuple[str, int], dict[str, str]] = {}
    cells = Assignment.objects.filter(plan=plan).select_related("party")
    for cell in cells.order_by("party__order", "party__name", "party_id"):
        roles.setdefault(cell.row_key, {})[cell.party.key] = cell.letters
    return _Rows(
        workstreams=workstreams,
        milestones=sorted(Milestone.objects.filter(plan=plan).select_related("goal"), key=place),
        activities=sorted(
            Activity.objects.filter(plan=plan).select_related(
                "phase", "domain", "goal", "milestone"
            ),
            key=place,
        ),
        goals=list(Goal.objects.filter(plan=plan)),
        parties=list(Party.objects.filter(plan=plan)),
        roles=roles,
    )


def _engine(plan: Plan, rows: _Rows) -> planning.PlanInput:
    """The engine's plan with the items' keys as ids, instead of the scheduling's row ids."""
    ids = {str(w.pk): w.key for w in rows.workstreams}
    for m in rows.milestones:
        ids[f"m{m.pk}"], ids[f"m{m.pk}.work"] = m.key, f"{m.key}.work"
    ids.update({f"a{a.pk}": a.key for a in rows.activities})
    dependencies = Dependency.objects.filter(plan=plan).order_by("id")
    engine = plan_input(plan, rows.milestones, rows.activities, dependencies, today=plan.start_date)
    items = tuple(
        dataclasses.replace(
            item,
            id=ids[item.id],
            workstream=ids[item.workstream] if item.workstream else None,
            depends=tuple(
                dataclasses.replace(d, predecessor=ids[d.predecessor]) for d in item.depends
            ),
        )
        for item in engine.items
    )
    return dataclasses.replace(engine, today=None, items=items)


# The file's key for each field it writes of a row (in the order the file has them).
PERIOD_FIELDS = {"name": "name", "from": "start_date", "to": "end_date", "due": "due_date"}
GOAL_FIELDS = {"id": "key"} | {
    name: name for name in ("description", "why", "indicator", "target_value", "target_date")
}
WORKSTREAM_FIELDS = {"id": "key", "name": "name", "description": "description"}
PARTY_FIELDS = {"id": "key", "name": "name", "kind": "kind", "role_title": "role_title"} | {
    "email": "email"
}
CLOSURE_FIELDS = {"id": "key", "name": "name", "start": "start_date", "note": "note"}
MILESTONE_FIELDS = {name: name for name in ("number", "result", "lead_time", "effort_hours")} | {
    "quick_win": "is_quick_win",
    "decision_point": "is_decision_point",
}


def _fields(row: models.Model, fields: dict[str, str]) -> dict[str, Any]:
    values = {key: getattr(row, name) for key, name in fields.items()}
    return {key: _iso(v) if isinstance(v, dt.date) else v for key, v in values.items()}


def _web(plan: Plan, rows: _Rows) -> dict[str, Any]:
    """The `mijlpaal:` section: what only the web application keeps."""
    periods = plan.reporting_periods.all()
    web: dict[str, Any] = {
        "organisation": plan.organisation,
        "vision": plan.vision,
        "phases": [p.name for p in plan.phases.all()],
        "domains": [d.name for d in plan.domains.all()],
        "reporting_periods": [_compact(_fields(p, PERIOD_FIELDS)) for p in periods],
        "goals": [_compact(_fields(g, GOAL_FIELDS)) for g in rows.goals],
        "workstreams": [
            _compact(
                {
                    **_fields(w, WORKSTREAM_FIELDS),
                    "owner": w.owner.key if w.owner else None,
                    "goal": w.goal.key if w.goal else None,
                    "roles": rows.roles.get(("workstream", w.pk)),
                }
            )
            for w in rows.workstreams
        ],
        "milestones": {m.key: _milestone(m, rows) for m in rows.milestones},
        "activities": {a.key: _activity(a, rows) for a in rows.activities},
        "parties": [_compact(_fields(p, PARTY_FIELDS)) for p in rows.parties],
        # The school calendar itself is in `plan.closures`; here each period's key and note,
        # found by its name and first day.
        "closures": [_compact(_fields(c, CLOSURE_FIELDS)) for c in plan.closures.all()],
        "project_roles": roles_for_file(plan),
        "budget": budget_for_file(plan),
    }
    for section in ("milestones", "activities"):
        web[section] = {k: v for k, v in web[section].items() if v}
    return {k: v for k, v in web.items() if v not in ("", [], {})}


def _milestone(m: Milestone, rows: _Rows) -> dict[str, Any]:
    goal = m.goal.key if m.goal else None
    return _compact(
        {**_fields(m, MILESTONE_FIELDS), "goal": goal, "roles": rows.roles.get(("milestone", m.pk))}
    )


def _activity(a: Activity, rows: _Rows) -> dict[str, Any]:
    return _compact(
        {
            "milestone": a.milestone.key if a.milestone else None,
            "why": a.why,
            "result": a.result,
            "phase": a.phase.name if a.phase else None,
            "domain": a.domain.name if a.domain else None,
            "goal": a.goal.key if a.goal else None,
            "roles": rows.roles.get(("activity", a.pk)),
        }
    )


def export_plan(plan: Plan) -> str:
    """The whole plan as a plan file."""
    rows = _rows(plan)
    body = dump_plan_file(_engine(plan, rows))
    web = yaml.safe_dump(
        {WEB_SECTION: _web(plan, rows)}, sort_keys=False, allow_unicode=True, width=100
    )
    return HEADER + body + web


# --- reading -------------------------------------------------------------------------------------


class _Checker:
    """Reads the web section, collecting every problem with its line."""

    def __init__(self, root: yaml.Node) -> None:
        """`root` from `compose_plan_file()`: without aliases, and not deeper than its limits."""
        self.problems: list[PlanFileProblem] = []
        self.lines: dict[tuple[str, ...], int] = {}
        self._walk(root, ())

    def _walk(self, node: Any, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self.lines[(*path, str(key.value))] = key.start_mark.line + 1
                self._walk(value, (*path, str(key.value)))
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                self.lines[(*path, str(i))] = value.start_mark.line + 1
                self._walk(value, (*path, str(i)))

    def line(self, *path: str) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def problem(self, path: tuple[str, ...], nl: str, en: str) -> None:
        message = en if current_language() == "en" else nl
        self.problems.append(PlanFileProblem(self.line(*path), message))


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _need_date(value: Any) -> dt.date:
    """A date that validation has already checked to be there."""
    parsed = _date(value)
    assert parsed is not None
    return parsed


def _web_section(root: yaml.Node, check: _Checker) -> dict[str, Any]:
    web_node = next(
        (value for key, value in root.value if key.value == WEB_SECTION), None
    )  # the engine has checked that the root is a mapping with text keys
    web = node_data(web_node) if web_node is not None else {}
    web = web or {}
    if not isinstance(web, dict):
        check.problem(
            (WEB_SECTION,),
            "De sectie ‘mijlpaal’ moet een mapping zijn.",
            "The ‘mijlpaal’ section must be a mapping.",
        )
        return {}
    return web


@dataclass(frozen=True)
class _Known:
    """What the web section may refer to."""

    kinds: dict[str, str]  # item id → "milestone" | "activity"
    goals: set[str]
    workstreams: set[str]
    phases: set[str]
    domains: set[str]
    parties: set[str]  # a party's id, or its name when it has none

    @classmethod
    def of(cls, web: dict[str, Any], engine: planning.PlanInput) -> _Known:
        def ids(section: str) -> set[str]:
            return {str(row.get("id")) for row in web.get(section) or () if isinstance(row, dict)}

        return cls(
            kinds={item.id: item.kind for item in engine.items},
            goals=ids("goals"),
            workstreams=ids("workstreams"),
            phases=set(web.get("phases") or ()),
            domains=set(web.get("domains") or ()),
            parties={_party_ref(p) for p in web.get("parties") or () if isinstance(p, dict)},
        )


def _party_ref(party: dict[str, Any]) -> str:
    """How `roles` name a party: by its id, or by its name in a file whose parties have no id."""
    return str(party.get("id") or party.get("name"))


KIND_WORDS = {"milestone": ("mijlpaal", "a milestone"), "activity": ("activiteit", "an activity")}


def _validate_web(web: dict[str, Any], engine: planning.PlanInput, check: _Checker) -> None:
    known = _Known.of(web, engine)
    for item in engine.items:
        if item.workstream and known.workstreams and item.workstream not in known.workstreams:
            check.problem(
                ("items",),
                f"Het onderdeel ‘{item.id}’ hoort bij deelproject ‘{item.workstream}’, "
                "dat niet in de sectie ‘mijlpaal.workstreams’ staat.",
                f"The item ‘{item.id}’ belongs to workstream ‘{item.workstream}’, "
                "which is not in ‘mijlpaal.workstreams’.",
            )
    for section in ("goals", "workstreams", "parties"):
        _check_unique_ids(web, section, check)
    for i, workstream in enumerate(web.get("workstreams") or ()):
        if isinstance(workstream, dict):
            _check_roles(workstream, (WEB_SECTION, "workstreams", str(i)), known, check)
            _check_workstream(workstream, (WEB_SECTION, "workstreams", str(i)), known, check)
    for key, row, path in _entries(web, "milestones", known, check):
        _check_milestone(key, row, path, known, check)
    for _key, row, path in _entries(web, "activities", known, check):
        _check_activity(row, path, known, check)
    _check_parties(web, check)
    _check_periods(web, check)
    _check_closures(web, check)
    _check_project_roles(web, known, check)
    _check_budget(web, known, check)


def _check_budget(web: dict[str, Any], known: _Known, check: _Checker) -> None:
    """`mijlpaal.budget`: lines, funding and the minimum co-financing (budget.planfile)."""
    milestones = {id_ for id_, kind in known.kinds.items() if kind == "milestone"}
    refs = Refs(known.workstreams, milestones, known.parties)
    for path, nl, en in check_budget(web.get("budget"), refs):
        check.problem((WEB_SECTION, "budget", *path), nl, en)


def _check_unique_ids(web: dict[str, Any], section: str, check: _Checker) -> None:
    seen: set[str] = set()
    for i, row in enumerate(web.get(section) or ()):
        if isinstance(row, dict) and row.get("id") is not None:
            if str(row["id"]) in seen:
                check.problem(
                    (WEB_SECTION, section, str(i), "id"),
                    f"De id ‘{row['id']}’ komt twee keer voor in ‘mijlpaal.{section}’.",
                    f"The id ‘{row['id']}’ appears twice in ‘mijlpaal.{section}’.",
                )
            seen.add(str(row["id"]))


def _entries(
    web: dict[str, Any], section: str, known: _Known, check: _Checker
) -> Iterator[tuple[str, dict[str, Any], tuple[str, ...]]]:
    """The entries of `mijlpaal.milestones` (or activities) that are one in `items`."""
    kind = "milestone" if section == "milestones" else "activity"
    nl, en = KIND_WORDS[kind]
    for key, row in (web.get(section) or {}).items():
        path = (WEB_SECTION, section, str(key))
        if known.kinds.get(str(key)) != kind:
            check.problem(
                path, f"‘{key}’ is geen {nl} in ‘items’.", f"‘{key}’ is not {en} in ‘items’."
            )
        elif isinstance(row, dict):
            _check_roles(row, path, known, check)
            yield str(key), row, path


def _check_workstream(
    row: dict[str, Any], path: tuple[str, ...], known: _Known, check: _Checker
) -> None:
    if row.get("owner") and str(row["owner"]) not in known.parties:
        check.problem(
            (*path, "owner"),
            f"Er is geen partij ‘{row['owner']}’ in ‘mijlpaal.parties’.",
            f"There is no party ‘{row['owner']}’ in ‘mijlpaal.parties’.",
        )
    if row.get("goal") and str(row["goal"]) not in known.goals:
        check.problem(
            (*path, "goal"),
            f"Er is geen doelstelling ‘{row['goal']}’.",
            f"There is no goal ‘{row['goal']}’.",
        )


def _check_milestone(
    key: str, row: dict[str, Any], path: tuple[str, ...], known: _Known, check: _Checker
) -> None:
    if row.get("goal") and str(row["goal"]) not in known.goals:
        check.problem(
            (*path, "goal"),
            f"Er is geen doelstelling ‘{row['goal']}’.",
            f"There is no goal ‘{row['goal']}’.",
        )
    if row.get("lead_time") and f"{key}.work" not in known.kinds:
        check.problem(
            (*path, "lead_time"),
            f"De doorlooptijd van ‘{key}’ hoort een activiteit ‘{key}.work’ te hebben.",
            f"The lead time of ‘{key}’ needs an activity ‘{key}.work’.",
        )


def _check_activity(
    row: dict[str, Any], path: tuple[str, ...], known: _Known, check: _Checker
) -> None:
    if row.get("milestone") and known.kinds.get(str(row["milestone"])) != "milestone":
        check.problem(
            (*path, "milestone"),
            f"Er is geen mijlpaal ‘{row['milestone']}’.",
            f"There is no milestone ‘{row['milestone']}’.",
        )
    if row.get("phase") and row["phase"] not in known.phases:
        check.problem(
            (*path, "phase"),
            f"De fase ‘{row['phase']}’ staat niet in ‘mijlpaal.phases’.",
            f"The phase ‘{row['phase']}’ is not in ‘mijlpaal.phases’.",
        )
    if row.get("domain") and row["domain"] not in known.domains:
        check.problem(
            (*path, "domain"),
            f"Het domein ‘{row['domain']}’ staat niet in ‘mijlpaal.domains’.",
            f"The domain ‘{row['domain']}’ is not in ‘mijlpaal.domains’.",
        )


def _check_roles(
    row: dict[str, Any], path: tuple[str, ...], known: _Known, check: _Checker
) -> None:
    """`roles: {party: letters}` of a workstream, milestone or activity."""
    for party, letters in (row.get("roles") or {}).items():
        where = (*path, "roles", str(party))
        if str(party) not in known.parties:
            check.problem(
                where,
                f"Er is geen partij ‘{party}’ in ‘mijlpaal.parties’.",
                f"There is no party ‘{party}’ in ‘mijlpaal.parties’.",
            )
        try:
            parse(str(letters or ""), "nl")
        except LetterError:
            check.problem(
                where,
                f"‘{letters}’ zijn geen VERI-letters: gebruik V, E, R, I, S of O (O alleen).",
                f"‘{letters}’ are not VERI letters: use V, E, R, I, S or O (O alone).",
            )


def _check_parties(web: dict[str, Any], check: _Checker) -> None:
    for i, party in enumerate(web.get("parties") or ()):
        if isinstance(party, dict) and party.get("kind") and party["kind"] not in PartyKind.values:
            check.problem(
                (WEB_SECTION, "parties", str(i), "kind"),
                f"Onbekende soort partij ‘{party['kind']}’.",
                f"Unknown kind of party ‘{party['kind']}’.",
            )


def _check_project_roles(web: dict[str, Any], known: _Known, check: _Checker) -> None:
    """`project_roles: {opdrachtgever: party, projectleider: party, stuurgroep: [party, …]}`."""
    roles = web.get("project_roles") or {}
    if not isinstance(roles, dict):
        roles = {"?": roles}
    for kind, refs in roles.items():
        where = (WEB_SECTION, "project_roles", str(kind))
        if kind not in PROJECT_ROLE_KINDS:
            check.problem(
                where,
                f"Onbekende projectrol ‘{kind}’: gebruik opdrachtgever, projectleider of "
                "stuurgroep.",
                f"Unknown project role ‘{kind}’: use opdrachtgever, projectleider or stuurgroep.",
            )
            continue
        many = kind == "stuurgroep"
        if many != isinstance(refs, list):
            check.problem(
                where,
                "De stuurgroep is een lijst van partijen; de andere rollen één partij.",
                "The steering group is a list of parties; the other roles one party.",
            )
            continue
        for ref in refs if isinstance(refs, list) else [refs]:
            if str(ref) not in known.parties:
                check.problem(
                    where,
                    f"Er is geen partij ‘{ref}’ in ‘mijlpaal.parties’.",
                    f"There is no party ‘{ref}’ in ‘mijlpaal.parties’.",
                )


PROJECT_ROLE_KINDS = ("opdrachtgever", "projectleider", "stuurgroep")


def _check_periods(web: dict[str, Any], check: _Checker) -> None:
    for i, period in enumerate(web.get("reporting_periods") or ()):
        if not isinstance(period, dict):
            continue
        path = (WEB_SECTION, "reporting_periods", str(i))
        for field in ("name", "from", "to"):
            if not period.get(field):
                check.problem(
                    path,
                    f"Deze rapportageperiode mist ‘{field}’.",
                    f"This reporting period has no ‘{field}’.",
                )
        for field in ("from", "to", "due"):
            try:
                _date(period.get(field))
            except ValueError:
                check.problem(
                    (*path, field),
                    f"‘{period.get(field)}’ is geen datum (JJJJ-MM-DD).",
                    f"‘{period.get(field)}’ is not a date (YYYY-MM-DD).",
                )


def _check_closures(web: dict[str, Any], check: _Checker) -> None:
    """`mijlpaal.closures`: a list of mappings with a period's id and note."""
    closures = web.get("closures")
    if closures is None:
        return
    if not isinstance(closures, list) or not all(isinstance(c, dict) for c in closures):
        check.problem(
            (WEB_SECTION, "closures"),
            "‘mijlpaal.closures’ moet een lijst zijn met per periode ‘id’, ‘name’, ‘start’ en "
            "‘note’.",
            "‘mijlpaal.closures’ must be a list with an ‘id’, ‘name’, ‘start’ and ‘note’ per "
            "period.",
        )


def read_plan_file(text: str) -> tuple[planning.PlanInput, dict[str, Any]]:
    """Check a whole plan file; raise PlanImportError listing every problem with its line.

    The engine's reader refuses anchors, aliases, deep nesting and more than WEB_LIMITS allow
    before anything is expanded; the web section is read from the same nodes.
    """
    try:
        with without_gc():
            root = compose_plan_file(text, limits=WEB_LIMITS)
            engine = plan_from_nodes(root, limits=WEB_LIMITS)
            check = _Checker(root)
            web = _web_section(root, check)
    except PlanFileError as error:
        lang = current_language()
        raise PlanImportError(
            [PlanFileProblem(line, en if lang == "en" else nl) for line, nl, en in error.errors]
        ) from error
    if not check.problems:
        try:
            _validate_web(web, engine, check)
        except (AttributeError, TypeError) as error:
            check.problem(
                (WEB_SECTION,),
                f"De sectie ‘mijlpaal’ heeft niet de verwachte vorm ({error}).",
                f"The ‘mijlpaal’ section does not have the expected shape ({error}).",
            )
    if check.problems:
        raise PlanImportError(sorted(check.problems, key=lambda p: p.line))
    return engine, web


# --- import --------------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    return str(value) if value is not None and value != "" else None


def _lookup(keys: dict[str, str], ref: Any) -> str | None:
    """The key of what the file refers to by `ref` (an id), if it refers to anything."""
    return keys.get(str(ref)) if _text(ref) else None


def _zip_keys(refs: list[str], keys: list[str]) -> dict[str, str]:
    return dict(zip(refs, keys, strict=True))


class _FileContent:
    """A checked plan file as the neutral description of a plan that `plan_import` writes."""

    def __init__(self, engine: planning.PlanInput, web: dict[str, Any], into: Plan | None) -> None:
        self.engine, self.web, self.into = engine, web, into
        self.milestone_web: dict[str, dict[str, Any]] = {
            str(k): v or {} for k, v in (web.get("milestones") or {}).items()
        }
        self.activity_web: dict[str, dict[str, Any]] = {
            str(k): v or {} for k, v in (web.get("activities") or {}).items()
        }
        # A milestone's lead time is written as an activity `<id>.work`; it is not an activity.
        self.lead_work = {
            f"{k}.work": k for k, v in self.milestone_web.items() if v.get("lead_time")
        }
        self.items = [item for item in engine.items if item.id not in self.lead_work]
        self.kinds = {item.id: item.kind for item in engine.items}
        self.by_id = {item.id: item for item in engine.items}
        self.paths = {item.id: ("items", str(i)) for i, item in enumerate(engine.items)}
        self.workstreams = self._workstreams()
        self._resolve(KeyResolver(into))

    def _workstreams(self) -> list[tuple[str, dict[str, Any], tuple[str, ...]]]:
        """(id, entry, path) per workstream; a plain engine file names them only by id."""
        rows: list[tuple[str, dict[str, Any], tuple[str, ...]]] = [
            (str(w.get("id")), w, (WEB_SECTION, "workstreams", str(i)))
            for i, w in enumerate(self.web.get("workstreams") or ())
        ]
        named = {ref for ref, _w, _path in rows}
        for item in self.engine.items:
            if item.workstream and item.workstream not in named:
                named.add(item.workstream)
                rows.append((item.workstream, {"name": item.workstream}, self.paths[item.id]))
        return rows

    def _resolve(self, resolver: KeyResolver) -> None:
        """The stable key of everything the file names, by the id the file names it with."""
        goals = [(str(g.get("id")), g.get("description", "")) for g in self.web.get("goals") or ()]
        self.goal_keys = _zip_keys([g for g, _ in goals], resolver.keys("goal", goals))
        workstreams = [(ref, str(w.get("name", ""))) for ref, w, _path in self.workstreams]
        names = dict(workstreams)
        self.workstream_keys = _zip_keys(list(names), resolver.keys("workstream", workstreams))
        self.item_keys: dict[str, str] = {}
        for kind in ("milestone", "activity"):
            items = [item for item in self.items if item.kind == kind]
            wanted = [(i.id, (names.get(i.workstream or "", ""), i.title)) for i in items]
            self.item_keys |= _zip_keys([i.id for i in items], resolver.keys(kind, wanted))
        parties = self.web.get("parties") or ()
        wanted_parties = [(_text(p.get("id")), p.get("name", "")) for p in parties]
        party_keys = resolver.keys("party", wanted_parties)
        self.party_keys = _zip_keys([_party_ref(p) for p in parties], party_keys)

    def content(self) -> PlanContent:
        web, engine = self.web, self.engine
        replacing = self.into is not None
        return PlanContent(
            plan=PlanFields(
                title=engine.title,
                start_date=engine.start,
                end_date=engine.end,
                organisation=web.get("organisation", ""),
                vision=web.get("vision", ""),
                region=engine.calendar.region or "",
                scheduling=engine.scheduling,
            ),
            # A new plan keeps its default phases and domains when the file names none.
            phases=list(web.get("phases") or ()) if "phases" in web or replacing else None,
            domains=list(web.get("domains") or ()) if "domains" in web or replacing else None,
            periods=[_period_data(p, i) for i, p in enumerate(web.get("reporting_periods") or ())],
            goals=[self.goal(g, i) for i, g in enumerate(web.get("goals") or ())],
            workstreams=[self.workstream(*row) for row in self.workstreams],
            milestones=[self.milestone(i) for i in self.items if i.kind == "milestone"],
            activities=[self.activity(i) for i in self.items if i.kind == "activity"],
            parties=[self.party(p, i) for i, p in enumerate(web.get("parties") or ())],
            dependencies=list(self.dependencies()),
            cells=list(self.cells()),
            closures=self.closures(),
        )

    def closures(self) -> list[ClosureData]:
        """The engine's closures, with the key and note the web section gives them."""
        extra = {
            (str(row.get("name")), str(row.get("start"))): row
            for row in self.web.get("closures") or ()
            if isinstance(row, dict)
        }
        found = []
        for i, c in enumerate(self.engine.calendar.closures):
            row = extra.get((c.name, c.start.isoformat()), {})
            found.append(
                ClosureData(
                    _text(row.get("id")),
                    c.name,
                    c.kind,
                    c.start,
                    c.end,
                    c.policy,
                    note=str(row.get("note") or ""),
                    origin=("plan", "closures", str(i)),
                )
            )
        return found

    def goal(self, goal: dict[str, Any], i: int) -> GoalData:
        return GoalData(
            self.goal_keys[str(goal.get("id"))],
            goal.get("description", ""),
            why=goal.get("why", ""),
            indicator=goal.get("indicator", ""),
            target_value=str(goal.get("target_value", "")),
            target_date=_date(goal.get("target_date")),
            origin=(WEB_SECTION, "goals", str(i)),
        )

    def workstream(self, ref: str, entry: dict[str, Any], path: tuple[str, ...]) -> WorkstreamData:
        name = str(entry.get("name", ""))
        description = entry.get("description", "")
        links = WorkstreamLinks(
            owner=_lookup(self.party_keys, entry.get("owner")),
            goal=_lookup(self.goal_keys, entry.get("goal")),
        )
        return WorkstreamData(
            self.workstream_keys[ref], name, description, links=links, origin=path
        )

    def milestone(self, item: planning.Item) -> MilestoneData:
        extra = self.milestone_web.get(item.id, {})
        work = self.by_id.get(f"{item.id}.work")
        return MilestoneData(
            self.item_keys[item.id],
            item.title,
            workstream=_lookup(self.workstream_keys, item.workstream),
            goal=_lookup(self.goal_keys, extra.get("goal")),
            number=extra.get("number"),
            deadline=item.deadline,
            lead_time=extra.get("lead_time", ""),
            lead_time_calendar=bool(work and work.duration and work.duration.calendar),
            reached_on=item.actual_finish,
            details=MilestoneDetails(
                result=extra.get("result", ""),
                effort_hours=extra.get("effort_hours"),
                is_quick_win=bool(extra.get("quick_win")),
                is_decision_point=bool(extra.get("decision_point")),
            ),
            origin=self.paths[item.id],
        )

    def activity(self, item: planning.Item) -> ActivityData:
        extra = self.activity_web.get(item.id, {})
        return ActivityData(
            self.item_keys[item.id],
            item.title,
            str(item.duration) if item.duration else "2w",
            duration_calendar=bool(item.duration and item.duration.calendar),
            workstream=_lookup(self.workstream_keys, item.workstream),
            milestone=_lookup(self.item_keys, extra.get("milestone")),
            goal=_lookup(self.goal_keys, extra.get("goal")),
            why=extra.get("why", ""),
            result=extra.get("result", ""),
            phase=extra.get("phase"),
            domain=extra.get("domain"),
            actual_start=item.actual_start,
            actual_finish=item.actual_finish,
            origin=self.paths[item.id],
        )

    def party(self, party: dict[str, Any], i: int) -> PartyData:
        details = PartyDetails(
            kind=party.get("kind", PartyKind.OTHER),
            role_title=party.get("role_title", ""),
            email=party.get("email", ""),
        )
        key = self.party_keys[_party_ref(party)]
        return PartyData(
            key, party.get("name", ""), details, origin=(WEB_SECTION, "parties", str(i))
        )

    def dependencies(self) -> Iterator[DependencyData]:
        for item in self.engine.items:
            successor = self.lead_work.get(item.id, item.id)
            for dep in item.depends:
                if self._implied(dep, successor):
                    continue
                predecessor = self.lead_work.get(dep.predecessor, dep.predecessor)
                yield DependencyData(
                    (self.kinds[predecessor], self.item_keys[predecessor]),
                    (self.kinds[successor], self.item_keys[successor]),
                    dep.type,
                    str(dep.lag),
                    origin=self.paths[item.id],
                )

    def _implied(self, dep: planning.Dependency, successor: str) -> bool:
        """Whether the file writes this dependency for what the plan keeps in another way."""
        if self.lead_work.get(dep.predecessor) == successor:
            return True  # the milestone waits for its own lead time
        leads_to = self.activity_web.get(dep.predecessor, {}).get("milestone")
        return (
            self.kinds[dep.predecessor] == "activity"
            and dep.predecessor not in self.lead_work
            and _text(leads_to) == successor
            and dep.type == "FS"
        )  # the activity leads to this milestone

    def cells(self) -> Iterator[CellData]:
        """The VERI letters that the file gives per workstream, milestone and activity."""
        rows = [("workstream", self.workstream_keys[r], w) for r, w, _path in self.workstreams]
        for kind, entries in (("milestone", self.milestone_web), ("activity", self.activity_web)):
            rows += [
                (kind, self.item_keys[r], e) for r, e in entries.items() if r in self.item_keys
            ]
        for kind, key, entry in rows:
            for party, letters in (entry.get("roles") or {}).items():
                canonical = parse(str(letters or ""), "nl")
                if canonical:
                    yield CellData(self.party_keys[str(party)], (kind, key), canonical)


def _period_data(period: dict[str, Any], i: int) -> PeriodData:
    return PeriodData(
        name=period["name"],
        start_date=_need_date(period["from"]),
        end_date=_need_date(period["to"]),
        due_date=_date(period.get("due")),
        origin=(WEB_SECTION, "reporting_periods", str(i)),
    )


@transaction.atomic
def import_plan(*, user: User, text: str, into: Plan | None = None) -> Plan:
    """Create a plan from a plan file, or replace the content of `into`. All or nothing."""
    engine, web = read_plan_file(text)
    source = _FileContent(engine, web, into)
    content = source.content()
    try:
        plan = plan_import(user=user, content=content, into=into)
        if "project_roles" in web:
            _import_project_roles(plan, user, web["project_roles"] or {}, source.party_keys)
        if "budget" in web or into is not None:
            keys = Keys(source.workstream_keys, source.item_keys, source.party_keys)
            budget_from_file(plan=plan, user=user, data=web.get("budget") or {}, keys=keys)
        return plan
    except ContentError as error:
        check = _Checker(compose_plan_file(text, limits=WEB_LIMITS))
        problems = [
            PlanFileProblem(check.line(*problem.origin, problem.field), problem.message)
            if isinstance(problem.origin, tuple)
            else PlanFileProblem(1, problem.message)
            for problem in error.problems
        ]
        raise PlanImportError(sorted(problems, key=lambda p: p.line)) from error


def _import_project_roles(
    plan: Plan, user: User, roles: dict[str, Any], party_keys: dict[str, str]
) -> None:
    """The file's project roles, its party references turned into the parties' keys."""
    by_key: dict[str, Any] = {}
    for kind, refs in roles.items():
        if isinstance(refs, list):
            by_key[kind] = [party_keys[str(ref)] for ref in refs]
        elif refs is not None:
            by_key[kind] = party_keys[str(refs)]
    roles_by_key(plan=plan, user=user, roles=by_key)
