"""A plan of the web application as a plan file (YAML), and back.

The file is the planning engine's plan file (`plan:` and `items:`, see docs/plan-format.md), so
`mijlpaal schedule` computes the same dates as the web pages, plus one top-level section
`mijlpaal:` with what only the web application knows (goals, workstream names, parties, the
milestone's number and result, an activity's phase and domain, ...). The engine skips that section.

Ids are given in display order (w1, m1, a1, ...), not database keys, so a plan downloaded,
uploaded as a new plan and downloaded again gives the same file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml
from django.db import transaction
from django.utils.translation import get_language

from mijlpaal import planning
from mijlpaal.accounts.models import User
from mijlpaal.planning.planfile import WEB_SECTION, PlanFileError, dump_plan_file, load_plan_file
from mijlpaal.plans import services
from mijlpaal.plans.models import (
    Activity,
    ChangeRecord,
    Dependency,
    Domain,
    Goal,
    Milestone,
    Party,
    PartyKind,
    Phase,
    Plan,
    ReportingPeriod,
    Workstream,
)
from mijlpaal.plans.scheduling import plan_input

HEADER = "# Mijlpaal plan file. The format: docs/plan-format.md. The 'mijlpaal' section is for the web application.\n"


@dataclass(frozen=True)
class PlanFileProblem:
    line: int
    message: str


class PlanImportError(Exception):
    """A plan file that cannot be imported; nothing was changed."""

    def __init__(self, problems: list[PlanFileProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.line}: {p.message}" for p in problems))


def _language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


# --- export --------------------------------------------------------------------------------------


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _compact(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v not in (None, "", False, [])}


def export_plan(plan: Plan) -> str:
    """The whole plan as a plan file."""
    workstreams = list(Workstream.objects.filter(plan=plan))
    w_index = {w.pk: i for i, w in enumerate(workstreams)}

    def place(item: Milestone | Activity) -> tuple[int, int, int]:
        ws = (
            w_index.get(item.workstream_id, len(workstreams))
            if item.workstream_id
            else len(workstreams)
        )
        return (ws, item.order, item.pk)

    milestones = sorted(Milestone.objects.filter(plan=plan).select_related("goal"), key=place)
    activities = sorted(
        Activity.objects.filter(plan=plan).select_related("phase", "domain", "goal"), key=place
    )
    dependencies = list(Dependency.objects.filter(plan=plan).order_by("id"))
    goals = list(Goal.objects.filter(plan=plan))
    parties = list(Party.objects.filter(plan=plan))

    ids: dict[str, str] = {}
    for i, w in enumerate(workstreams, 1):
        ids[str(w.pk)] = f"w{i}"
    for i, m in enumerate(milestones, 1):
        ids[f"m{m.pk}"] = f"m{i}"
        ids[f"m{m.pk}.work"] = f"m{i}.work"
    for i, a in enumerate(activities, 1):
        ids[f"a{a.pk}"] = f"a{i}"
    goal_ids = {g.pk: f"g{i}" for i, g in enumerate(goals, 1)}

    engine = plan_input(plan, milestones, activities, dependencies, today=plan.start_date)
    engine = dataclasses.replace(
        engine,
        today=None,
        items=tuple(
            dataclasses.replace(
                item,
                id=ids[item.id],
                workstream=ids[item.workstream] if item.workstream else None,
                depends=tuple(
                    dataclasses.replace(d, predecessor=ids[d.predecessor]) for d in item.depends
                ),
            )
            for item in engine.items
        ),
    )
    web: dict[str, Any] = {
        "organisation": plan.organisation,
        "vision": plan.vision,
        "phases": [p.name for p in plan.phases.all()],
        "domains": [d.name for d in plan.domains.all()],
        "reporting_periods": [
            _compact(
                {
                    "name": p.name,
                    "from": _iso(p.start_date),
                    "to": _iso(p.end_date),
                    "due": _iso(p.due_date),
                }
            )
            for p in plan.reporting_periods.all()
        ],
        "goals": [
            _compact(
                {
                    "id": goal_ids[g.pk],
                    "description": g.description,
                    "why": g.why,
                    "indicator": g.indicator,
                    "target_value": g.target_value,
                    "target_date": _iso(g.target_date),
                }
            )
            for g in goals
        ],
        "workstreams": [
            _compact({"id": f"w{i}", "name": w.name, "description": w.description})
            for i, w in enumerate(workstreams, 1)
        ],
        "milestones": {
            ids[f"m{m.pk}"]: _compact(
                {
                    "number": m.number,
                    "result": m.result,
                    "lead_time": m.lead_time,
                    "effort_hours": m.effort_hours,
                    "quick_win": m.is_quick_win,
                    "decision_point": m.is_decision_point,
                    "goal": goal_ids.get(m.goal_id) if m.goal_id else None,
                }
            )
            for m in milestones
        },
        "activities": {
            ids[f"a{a.pk}"]: _compact(
                {
                    "milestone": ids[f"m{a.milestone_id}"] if a.milestone_id else None,
                    "why": a.why,
                    "result": a.result,
                    "phase": a.phase.name if a.phase else None,
                    "domain": a.domain.name if a.domain else None,
                    "goal": goal_ids.get(a.goal_id) if a.goal_id else None,
                }
            )
            for a in activities
        },
        "parties": [
            _compact({"name": p.name, "kind": p.kind, "role_title": p.role_title, "email": p.email})
            for p in parties
        ],
    }
    web = {k: v for k, v in web.items() if v not in ("", [], {})}
    web["milestones"] = {k: v for k, v in web.get("milestones", {}).items() if v}
    web["activities"] = {k: v for k, v in web.get("activities", {}).items() if v}
    body = dump_plan_file(engine)
    extra = yaml.safe_dump({WEB_SECTION: web}, sort_keys=False, allow_unicode=True, width=100)
    return HEADER + body + extra


# --- import --------------------------------------------------------------------------------------


class _Checker:
    """Reads the web section, collecting every problem with its line."""

    def __init__(self, text: str) -> None:
        self.problems: list[PlanFileProblem] = []
        self.lines: dict[tuple[str, ...], int] = {}
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            root = None
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
        self.problems.append(PlanFileProblem(self.line(*path), en if _language() == "en" else nl))


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _need_date(value: Any) -> dt.date:
    """A date that validation has already checked to be there."""
    parsed = _date(value)
    assert parsed is not None
    return parsed


def _web_section(text: str, check: _Checker) -> dict[str, Any]:
    data = yaml.safe_load(text) or {}
    web = data.get(WEB_SECTION) or {}
    if not isinstance(web, dict):
        check.problem(
            (WEB_SECTION,),
            "De sectie ‘mijlpaal’ moet een mapping zijn.",
            "The ‘mijlpaal’ section must be a mapping.",
        )
        return {}
    return web


def _validate_web(web: dict[str, Any], engine: planning.PlanInput, check: _Checker) -> None:
    kinds = {item.id: item.kind for item in engine.items}
    goals = {str(g.get("id")) for g in web.get("goals", []) if isinstance(g, dict)}
    workstreams = {str(w.get("id")) for w in web.get("workstreams", []) if isinstance(w, dict)}
    phases = set(web.get("phases") or ())
    domains = set(web.get("domains") or ())
    for item in engine.items:
        if item.workstream and workstreams and item.workstream not in workstreams:
            check.problem(
                ("items",),
                f"Het onderdeel ‘{item.id}’ hoort bij deelproject ‘{item.workstream}’, dat niet in de sectie ‘mijlpaal.workstreams’ staat.",
                f"The item ‘{item.id}’ belongs to workstream ‘{item.workstream}’, which is not in ‘mijlpaal.workstreams’.",
            )
    for key, row in (web.get("milestones") or {}).items():
        path = (WEB_SECTION, "milestones", str(key))
        if kinds.get(str(key)) != "milestone":
            check.problem(
                path,
                f"‘{key}’ is geen mijlpaal in ‘items’.",
                f"‘{key}’ is not a milestone in ‘items’.",
            )
            continue
        if not isinstance(row, dict):
            continue
        if row.get("goal") and str(row["goal"]) not in goals:
            check.problem(
                (*path, "goal"),
                f"Er is geen doelstelling ‘{row['goal']}’.",
                f"There is no goal ‘{row['goal']}’.",
            )
        lead = row.get("lead_time")
        if lead and f"{key}.work" not in kinds:
            check.problem(
                (*path, "lead_time"),
                f"De doorlooptijd van ‘{key}’ hoort een activiteit ‘{key}.work’ te hebben.",
                f"The lead time of ‘{key}’ needs an activity ‘{key}.work’.",
            )
    for key, row in (web.get("activities") or {}).items():
        path = (WEB_SECTION, "activities", str(key))
        if kinds.get(str(key)) != "activity":
            check.problem(
                path,
                f"‘{key}’ is geen activiteit in ‘items’.",
                f"‘{key}’ is not an activity in ‘items’.",
            )
            continue
        if not isinstance(row, dict):
            continue
        if row.get("milestone") and kinds.get(str(row["milestone"])) != "milestone":
            check.problem(
                (*path, "milestone"),
                f"Er is geen mijlpaal ‘{row['milestone']}’.",
                f"There is no milestone ‘{row['milestone']}’.",
            )
        if row.get("phase") and row["phase"] not in phases:
            check.problem(
                (*path, "phase"),
                f"De fase ‘{row['phase']}’ staat niet in ‘mijlpaal.phases’.",
                f"The phase ‘{row['phase']}’ is not in ‘mijlpaal.phases’.",
            )
        if row.get("domain") and row["domain"] not in domains:
            check.problem(
                (*path, "domain"),
                f"Het domein ‘{row['domain']}’ staat niet in ‘mijlpaal.domains’.",
                f"The domain ‘{row['domain']}’ is not in ‘mijlpaal.domains’.",
            )
    for i, party in enumerate(web.get("parties") or ()):
        if isinstance(party, dict) and party.get("kind") and party["kind"] not in PartyKind.values:
            check.problem(
                (WEB_SECTION, "parties", str(i), "kind"),
                f"Onbekende soort partij ‘{party['kind']}’.",
                f"Unknown kind of party ‘{party['kind']}’.",
            )
    for i, period in enumerate(web.get("reporting_periods") or ()):
        if isinstance(period, dict):
            for field in ("name", "from", "to"):
                if not period.get(field):
                    check.problem(
                        (WEB_SECTION, "reporting_periods", str(i)),
                        f"Deze rapportageperiode mist ‘{field}’.",
                        f"This reporting period has no ‘{field}’.",
                    )
            for field in ("from", "to", "due"):
                try:
                    _date(period.get(field))
                except ValueError:
                    check.problem(
                        (WEB_SECTION, "reporting_periods", str(i), field),
                        f"‘{period.get(field)}’ is geen datum (JJJJ-MM-DD).",
                        f"‘{period.get(field)}’ is not a date (YYYY-MM-DD).",
                    )


def read_plan_file(text: str) -> tuple[planning.PlanInput, dict[str, Any]]:
    """Check a whole plan file; raise PlanImportError listing every problem with its line."""
    check = _Checker(text)
    try:
        engine = load_plan_file(text)
    except PlanFileError as error:
        lang = _language()
        raise PlanImportError(
            [PlanFileProblem(line, en if lang == "en" else nl) for line, nl, en in error.errors]
        ) from error
    except (ValueError, yaml.YAMLError) as error:  # a value the loader could not even read
        raise PlanImportError([PlanFileProblem(1, str(error))]) from error
    web = _web_section(text, check)
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


def _clear(plan: Plan, user: User) -> None:
    for model in (Dependency, Activity, Milestone, Workstream, Goal, Party, ReportingPeriod):
        for obj in model._default_manager.filter(plan=plan):
            services.record_change(
                plan=plan,
                user=user,
                obj=obj,
                action=ChangeRecord.Action.DELETE,
                before=services.snapshot(obj),
                after=None,
            )
        model._default_manager.filter(plan=plan).delete()


@transaction.atomic
def import_plan(*, user: User, text: str, into: Plan | None = None) -> Plan:
    """Create a plan from a plan file, or replace the content of `into`. All or nothing."""
    engine, web = read_plan_file(text)
    region = engine.calendar.region or ""
    if into is None:
        plan = services.plan_create(
            user=user,
            plan=Plan(
                title=engine.title,
                organisation=web.get("organisation", ""),
                vision=web.get("vision", ""),
                start_date=engine.start,
                end_date=engine.end,
                region=region,
                scheduling=engine.scheduling,
            ),
        )
    else:
        plan = into
        before = services.snapshot(Plan.objects.get(pk=plan.pk))
        plan.title, plan.start_date, plan.end_date = engine.title, engine.start, engine.end
        plan.region, plan.scheduling = region, engine.scheduling
        plan.organisation, plan.vision = web.get("organisation", ""), web.get("vision", "")
        plan.full_clean()
        plan.save()
        services.record_change(
            plan=plan,
            user=user,
            obj=plan,
            action=ChangeRecord.Action.UPDATE,
            before=before,
            after=services.snapshot(plan),
        )
        _clear(plan, user)
    if "phases" in web or into is not None:
        services._sync_names(plan=plan, user=user, model=Phase, names=list(web.get("phases") or ()))
    if "domains" in web or into is not None:
        services._sync_names(
            plan=plan, user=user, model=Domain, names=list(web.get("domains") or ())
        )
    phases = {p.name: p for p in plan.phases.all()}
    domains = {d.name: d for d in plan.domains.all()}

    def save(obj: Any) -> Any:
        return services.item_save(plan=plan, user=user, instance=obj)

    for period in web.get("reporting_periods") or ():
        save(
            ReportingPeriod(
                name=period["name"],
                start_date=_need_date(period["from"]),
                end_date=_need_date(period["to"]),
                due_date=_date(period.get("due")),
            )
        )
    goals = {
        str(g["id"]): save(
            Goal(
                description=g.get("description", ""),
                why=g.get("why", ""),
                indicator=g.get("indicator", ""),
                target_value=str(g.get("target_value", "")),
                target_date=_date(g.get("target_date")),
            )
        )
        for g in web.get("goals") or ()
    }
    workstreams = {
        str(w["id"]): save(Workstream(name=w["name"], description=w.get("description", "")))
        for w in web.get("workstreams") or ()
    }
    for item in engine.items:  # a plain engine file names its workstreams only by id
        if item.workstream and item.workstream not in workstreams:
            workstreams[item.workstream] = save(Workstream(name=item.workstream))
    milestone_web: dict[str, dict[str, Any]] = {
        str(k): v or {} for k, v in (web.get("milestones") or {}).items()
    }
    activity_web: dict[str, dict[str, Any]] = {
        str(k): v or {} for k, v in (web.get("activities") or {}).items()
    }
    lead_work = {f"{k}.work": k for k, v in milestone_web.items() if v.get("lead_time")}
    by_id = {item.id: item for item in engine.items}

    rows: dict[str, Milestone | Activity] = {}
    milestone_rows: dict[str, Milestone] = {}
    for item in engine.items:
        if item.id in lead_work:
            continue
        ws = workstreams.get(item.workstream) if item.workstream else None
        if item.kind == "milestone":
            extra = milestone_web.get(item.id, {})
            goal = goals.get(str(extra.get("goal"))) if extra.get("goal") else None
            rows[item.id] = milestone_rows[item.id] = save(
                Milestone(
                    workstream=ws,
                    goal=goal,
                    number=extra.get("number"),
                    title=item.title,
                    result=extra.get("result", ""),
                    deadline=item.deadline,
                    lead_time=extra.get("lead_time", ""),
                    effort_hours=extra.get("effort_hours"),
                    is_quick_win=bool(extra.get("quick_win")),
                    is_decision_point=bool(extra.get("decision_point")),
                    reached_on=item.actual_finish,
                )
            )
    for item in engine.items:
        if item.kind != "activity" or item.id in lead_work:
            continue
        extra = activity_web.get(item.id, {})
        ws = workstreams.get(item.workstream) if item.workstream else None
        milestone = (
            milestone_rows.get(str(extra.get("milestone"))) if extra.get("milestone") else None
        )
        rows[item.id] = save(
            Activity(
                workstream=ws,
                milestone=milestone,
                goal=goals.get(str(extra.get("goal"))) if extra.get("goal") else None,
                title=item.title,
                why=extra.get("why", ""),
                result=extra.get("result", ""),
                phase=phases.get(extra.get("phase", "")),
                domain=domains.get(extra.get("domain", "")),
                duration=str(item.duration) if item.duration else "2w",
                actual_start=item.actual_start,
                actual_finish=item.actual_finish,
            )
        )
    for item in engine.items:
        successor_id = lead_work.get(item.id, item.id)
        successor = rows[successor_id]
        for dep in item.depends:
            predecessor_id = dep.predecessor
            if predecessor_id in lead_work and lead_work[predecessor_id] == successor_id:
                continue  # the milestone waits for its own lead time
            if (
                by_id[predecessor_id].kind == "activity"
                and predecessor_id not in lead_work
                and activity_web.get(predecessor_id, {}).get("milestone") == successor_id
                and dep.type == "FS"
            ):
                continue  # the activity leads to this milestone
            predecessor = rows[lead_work.get(predecessor_id, predecessor_id)]
            lag = f"{dep.lag.amount}{dep.lag.unit}"
            services.dependency_create(
                plan=plan,
                user=user,
                predecessor=predecessor,
                successor=successor,
                type=dep.type,
                lag=lag,
            )
    for party in web.get("parties") or ():
        save(
            Party(
                name=party["name"],
                kind=party.get("kind", PartyKind.OTHER),
                role_title=party.get("role_title", ""),
                email=party.get("email", ""),
            )
        )
    return plan
