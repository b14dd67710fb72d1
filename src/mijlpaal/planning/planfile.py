"""The plan file: a plan as YAML, for power users, tests and benchmarks (docs/plan-format.md).

`load_plan_file()` checks the whole file and raises `PlanFileError` listing every error with
its line; `dump_plan_file()` writes a plan so that `load_plan_file(dump_plan_file(p)) == p`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection
from datetime import date, datetime
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .model import (
    ZERO,
    CalendarSpec,
    Closure,
    Dependency,
    Duration,
    Item,
    PlanInput,
)

PlanError = tuple[int, str, str]  # (line, message_nl, message_en)
WEB_SECTION = "mijlpaal"


class _PlainDumper(yaml.SafeDumper):
    """Writes repeated dates in full: people read and edit plan files, anchors (&id001) confuse."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_PLAN_KEYS = {
    "title",
    "start",
    "end",
    "today",
    "region",
    "public_holidays",
    "scheduling",
    "closures",
}
_HOLIDAY_KEYS = {"good_friday_off", "liberation_day_yearly"}
_CLOSURE_KEYS = {"name", "kind", "start", "end", "policy"}
_ITEM_KEYS = {
    "id", "title", "kind", "workstream", "duration", "calendar", "scheduling", "deadline",
    "fixed_start", "fixed_finish", "actual_start", "actual_finish", "depends",
}  # fmt: skip
_DEP_KEYS = {"id", "type", "lag", "calendar"}
_REGIONS = ("noord", "midden", "zuid")
_CLOSURE_KINDS = ("toetsweek", "examen", "studiedag", "projectweek", "other")
_POLICIES = ("no_work", "warn")
_SCHEDULING = ("asap", "alap")
_KINDS = ("milestone", "activity")
_DEP_TYPES = ("FS", "SS", "FF")


class PlanFileError(ValueError):
    """A plan file with errors; `errors` holds every (line, Dutch message, English message)."""

    def __init__(self, errors: list[PlanError]) -> None:
        self.errors = sorted(errors, key=lambda e: e[0])
        super().__init__("\n".join(f"line {line}: {en}" for line, _nl, en in self.errors))

    def messages(self, lang: str = "nl") -> list[str]:
        word = "line" if lang == "en" else "regel"
        return [f"{word} {line}: {en if lang == 'en' else nl}" for line, nl, en in self.errors]


class _Reader:
    def __init__(self) -> None:
        self.errors: list[PlanError] = []
        self._constructor = yaml.constructor.SafeConstructor()

    def error(self, node: Node, nl: str, en: str) -> None:
        self.errors.append((node.start_mark.line + 1, nl, en))

    def value(self, node: Node) -> Any:
        if not isinstance(node, ScalarNode):
            return node
        try:
            return self._constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError):
            # e.g. `2026-13-01` looks like a date to YAML but is none: the caller reports it.
            return node.value

    def mapping(
        self, node: Node, keys: Collection[str], what_nl: str, what_en: str
    ) -> dict[str, tuple[Node, Node]]:
        if not isinstance(node, MappingNode):
            self.error(node, f"{what_nl} moet een lijst van sleutels en waarden zijn.",
                       f"{what_en} must be a mapping of keys and values.")  # fmt: skip
            return {}
        result: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            key = self.value(key_node)
            if not isinstance(key, str):
                self.error(
                    key_node, f"Onbekende sleutel in {what_nl}.", f"Unknown key in {what_en}."
                )
                continue
            if key in result:
                self.error(key_node, f"De sleutel ‘{key}’ staat twee keer in {what_nl}.",
                           f"The key ‘{key}’ appears twice in {what_en}.")  # fmt: skip
                continue
            if key not in keys:
                allowed = ", ".join(sorted(keys))
                self.error(key_node, f"Onbekende sleutel ‘{key}’ in {what_nl} (toegestaan: {allowed}).",
                           f"Unknown key ‘{key}’ in {what_en} (allowed: {allowed}).")  # fmt: skip
                continue
            result[key] = (key_node, value_node)
        return result

    def required(
        self,
        fields: dict[str, tuple[Node, Node]],
        key: str,
        owner: Node,
        what_nl: str,
        what_en: str,
    ) -> Node | None:
        if key not in fields:
            self.error(
                owner, f"‘{key}’ ontbreekt in {what_nl}.", f"‘{key}’ is missing in {what_en}."
            )
            return None
        return fields[key][1]

    def text(self, node: Node | None, key: str, *, allow_null: bool = False) -> str | None:
        if node is None:
            return None
        v = self.value(node)
        if v is None and allow_null:
            return None
        if isinstance(v, bool) or not isinstance(v, str | int) or v == "":
            self.error(node, f"‘{key}’ moet een tekst zijn.", f"‘{key}’ must be a text.")
            return None
        return str(v)

    def choice(
        self, node: Node | None, key: str, options: tuple[str, ...], *, allow_null: bool = False
    ) -> Any:
        if node is None:
            return None
        v = self.value(node)
        if v is None and allow_null:
            return None
        if v not in options:
            listed = ", ".join(options)
            self.error(node, f"‘{key}’ moet een van deze waarden zijn: {listed} (niet ‘{v}’).",
                       f"‘{key}’ must be one of: {listed} (not ‘{v}’).")  # fmt: skip
            return None
        return v

    def date(self, node: Node | None, key: str) -> date | None:
        if node is None:
            return None
        v = self.value(node)
        if v is None:
            return None
        if isinstance(v, datetime):
            v = v.date()
        if isinstance(v, str):
            with contextlib.suppress(ValueError):
                v = date.fromisoformat(v.strip())
        if not isinstance(v, date):
            self.error(node, f"‘{key}’ moet een datum zijn als 2025-09-01.",
                       f"‘{key}’ must be a date like 2025-09-01.")  # fmt: skip
            return None
        return v

    def boolean(self, node: Node | None, key: str) -> bool | None:
        if node is None:
            return None
        v = self.value(node)
        if not isinstance(v, bool):
            self.error(node, f"‘{key}’ moet true of false zijn.", f"‘{key}’ must be true or false.")
            return None
        return v

    def duration(self, node: Node | None, key: str, calendar: bool) -> Duration | None:
        if node is None:
            return None
        v = self.value(node)
        if isinstance(v, int) and not isinstance(v, bool):
            return Duration(v, "d", calendar)
        if isinstance(v, str):
            try:
                return Duration.parse(v, calendar=calendar)
            except ValueError:
                pass
        self.error(node, f"‘{key}’ moet een duur zijn als 10d, 3w of 2m (niet ‘{v}’).",
                   f"‘{key}’ must be a duration like 10d, 3w or 2m (not ‘{v}’).")  # fmt: skip
        return None

    def sequence(self, node: Node | None, key: str) -> list[Node]:
        if node is None:
            return []
        if isinstance(node, ScalarNode) and self.value(node) is None:
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, f"‘{key}’ moet een lijst zijn.", f"‘{key}’ must be a list.")
            return []
        return list(node.value)


def load_plan_file(text: str, *, ignore_keys: Collection[str] = ()) -> PlanInput:
    """Read a plan file; raise PlanFileError listing every error with its line.

    `ignore_keys` names extra top-level keys to skip (the golden tests keep `expect:` there).
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or "invalid YAML"
        raise PlanFileError([(line, f"Dit is geen geldige YAML: {problem}.",
                              f"This is not valid YAML: {problem}.")]) from exc  # fmt: skip
    except yaml.YAMLError as exc:
        raise PlanFileError(
            [(1, f"Dit is geen geldige YAML: {exc}.", f"This is not valid YAML: {exc}.")]
        ) from exc
    r = _Reader()
    if root is None:
        raise PlanFileError([(1, "Het bestand is leeg.", "The file is empty.")])
    # `mijlpaal:` holds what only the web application knows (goals, parties, ...); the engine skips it.
    top = r.mapping(root, {"plan", "items", WEB_SECTION, *ignore_keys}, "het bestand", "the file")
    if not isinstance(root, MappingNode):
        raise PlanFileError(r.errors)
    plan_node = r.required(top, "plan", root, "het bestand", "the file")
    plan = r.mapping(plan_node, _PLAN_KEYS, "‘plan’", "‘plan’") if plan_node is not None else {}

    def get(fields: dict[str, tuple[Node, Node]], key: str) -> Node | None:
        return fields[key][1] if key in fields else None

    title = start = end = None
    if plan_node is not None:
        title = r.text(r.required(plan, "title", plan_node, "‘plan’", "‘plan’"), "title")
        start = r.date(r.required(plan, "start", plan_node, "‘plan’", "‘plan’"), "start")
        end = r.date(r.required(plan, "end", plan_node, "‘plan’", "‘plan’"), "end")
        if start is not None and end is not None and end < start:
            r.error(
                plan["end"][1],
                "Het plan eindigt vóór het begint.",
                "The plan ends before it starts.",
            )
    today = r.date(get(plan, "today"), "today")
    region = r.choice(get(plan, "region"), "region", _REGIONS, allow_null=True)
    scheduling: Any = r.choice(get(plan, "scheduling"), "scheduling", _SCHEDULING) or "alap"
    good_friday_off, liberation_day_yearly = True, False
    if "public_holidays" in plan:
        ph = r.mapping(
            plan["public_holidays"][1], _HOLIDAY_KEYS, "‘public_holidays’", "‘public_holidays’"
        )
        gf = r.boolean(get(ph, "good_friday_off"), "good_friday_off")
        ly = r.boolean(get(ph, "liberation_day_yearly"), "liberation_day_yearly")
        good_friday_off = gf if gf is not None else True
        liberation_day_yearly = bool(ly)
    closures: list[Closure] = []
    for node in r.sequence(get(plan, "closures"), "closures"):
        f = r.mapping(node, _CLOSURE_KEYS, "een sluiting", "a closure")
        if not isinstance(node, MappingNode):
            continue
        name = r.text(r.required(f, "name", node, "een sluiting", "a closure"), "name")
        kind = r.choice(
            r.required(f, "kind", node, "een sluiting", "a closure"), "kind", _CLOSURE_KINDS
        )
        c_start = r.date(r.required(f, "start", node, "een sluiting", "a closure"), "start")
        c_end = r.date(r.required(f, "end", node, "een sluiting", "a closure"), "end")
        policy: Any = r.choice(get(f, "policy"), "policy", _POLICIES) or "no_work"
        if c_start is not None and c_end is not None and c_end < c_start:
            r.error(
                f["end"][1],
                "Deze sluiting eindigt vóór ze begint.",
                "This closure ends before it starts.",
            )
            continue
        if name and kind and c_start and c_end:
            closures.append(Closure(name, kind, c_start, c_end, policy))

    items: list[Item] = []
    item_lines: dict[str, int] = {}
    dep_refs: list[tuple[Node, str]] = []
    for node in r.sequence(get(top, "items"), "items"):
        f = r.mapping(node, _ITEM_KEYS, "een onderdeel", "an item")
        if not isinstance(node, MappingNode):
            continue
        item_id = r.text(r.required(f, "id", node, "een onderdeel", "an item"), "id")
        item_title = r.text(r.required(f, "title", node, "een onderdeel", "an item"), "title")
        kind = r.choice(r.required(f, "kind", node, "een onderdeel", "an item"), "kind", _KINDS)
        calendar = r.boolean(get(f, "calendar"), "calendar") or False
        duration = r.duration(get(f, "duration"), "duration", calendar)
        if item_id is not None:
            if item_id in item_lines:
                r.error(f["id"][1], f"De id ‘{item_id}’ komt al voor op regel {item_lines[item_id]}.",
                        f"The id ‘{item_id}’ is already used on line {item_lines[item_id]}.")  # fmt: skip
            else:
                item_lines[item_id] = f["id"][1].start_mark.line + 1
        if kind == "activity" and "duration" not in f:
            r.error(node, f"De activiteit ‘{item_id}’ heeft geen ‘duration’ (doorlooptijd).",
                    f"The activity ‘{item_id}’ has no ‘duration’.")  # fmt: skip
        if kind == "activity" and duration is not None and duration.amount <= 0:
            r.error(f["duration"][1], "Een doorlooptijd moet minstens 1 dag zijn.",
                    "A duration must be at least 1 day.")  # fmt: skip
        if kind == "milestone" and "duration" in f:
            r.error(f["duration"][1], "Een mijlpaal is één datum en heeft geen ‘duration’; "
                    "zet de doorlooptijd op een activiteit die ernaartoe leidt.",
                    "A milestone is one date and has no ‘duration’; put the duration on an "
                    "activity that leads to it.")  # fmt: skip
        if kind == "milestone" and "calendar" in f:
            r.error(
                f["calendar"][0],
                "Een mijlpaal heeft geen ‘calendar’.",
                "A milestone has no ‘calendar’.",
            )
        deps: list[Dependency] = []
        for dep_node in r.sequence(get(f, "depends"), "depends"):
            if isinstance(dep_node, ScalarNode):
                pred = r.text(dep_node, "depends")
                if pred is not None:
                    deps.append(Dependency(pred))
                    dep_refs.append((dep_node, pred))
                continue
            df = r.mapping(dep_node, _DEP_KEYS, "een afhankelijkheid", "a dependency")
            if not isinstance(dep_node, MappingNode):
                continue
            pred = r.text(
                r.required(df, "id", dep_node, "een afhankelijkheid", "a dependency"), "id"
            )
            dep_type: Any = r.choice(get(df, "type"), "type", _DEP_TYPES) or "FS"
            lag_calendar = r.boolean(get(df, "calendar"), "calendar") or False
            lag = r.duration(get(df, "lag"), "lag", lag_calendar)
            if lag is None:
                lag = Duration(0, "d", lag_calendar) if lag_calendar else ZERO
            if pred is not None:
                deps.append(Dependency(pred, dep_type, lag))
                dep_refs.append((df["id"][1], pred))
        dates = {
            k: r.date(get(f, k), k)
            for k in ("deadline", "fixed_start", "fixed_finish", "actual_start", "actual_finish")
        }
        for a, b in (("fixed_start", "fixed_finish"), ("actual_start", "actual_finish")):
            da, db = dates[a], dates[b]
            if da is not None and db is not None and db < da:
                r.error(f[b][1], f"‘{b}’ ligt vóór ‘{a}’.", f"‘{b}’ is before ‘{a}’.")
        if item_id is None or item_title is None or kind is None:
            continue
        items.append(
            Item(
                id=item_id,
                title=item_title,
                kind=kind,
                workstream=r.text(get(f, "workstream"), "workstream", allow_null=True),
                duration=duration,
                scheduling=r.choice(
                    get(f, "scheduling"), "scheduling", _SCHEDULING, allow_null=True
                ),
                deadline=dates["deadline"],
                fixed_start=dates["fixed_start"],
                fixed_finish=dates["fixed_finish"],
                actual_start=dates["actual_start"],
                actual_finish=dates["actual_finish"],
                depends=tuple(deps),
            )
        )
    for dep_node, pred in dep_refs:
        if pred not in item_lines:
            r.error(
                dep_node,
                f"Er is geen onderdeel met de id ‘{pred}’.",
                f"No item has the id ‘{pred}’.",
            )
    if r.errors:
        raise PlanFileError(r.errors)
    assert title is not None and start is not None and end is not None
    return PlanInput(
        title=title,
        start=start,
        end=end,
        today=today,
        calendar=CalendarSpec(region, good_friday_off, liberation_day_yearly, tuple(closures)),
        scheduling=scheduling,
        items=tuple(items),
    )


def dump_plan_file(plan: PlanInput) -> str:
    """The plan as a plan file; defaults are left out."""
    head: dict[str, Any] = {"title": plan.title, "start": plan.start, "end": plan.end}
    if plan.today is not None:
        head["today"] = plan.today
    cal = plan.calendar
    if cal.region is not None:
        head["region"] = cal.region
    if not cal.good_friday_off or cal.liberation_day_yearly:
        head["public_holidays"] = {
            "good_friday_off": cal.good_friday_off,
            "liberation_day_yearly": cal.liberation_day_yearly,
        }
    head["scheduling"] = plan.scheduling
    if cal.closures:
        head["closures"] = [
            {"name": c.name, "kind": c.kind, "start": c.start, "end": c.end, "policy": c.policy}
            for c in cal.closures
        ]
    items: list[dict[str, Any]] = []
    for it in plan.items:
        row: dict[str, Any] = {"id": it.id, "title": it.title, "kind": it.kind}
        if it.workstream is not None:
            row["workstream"] = it.workstream
        if it.duration is not None:
            row["duration"] = str(it.duration)
            if it.duration.calendar:
                row["calendar"] = True
        for key in (
            "scheduling",
            "deadline",
            "fixed_start",
            "fixed_finish",
            "actual_start",
            "actual_finish",
        ):
            value = getattr(it, key)
            if value is not None:
                row[key] = value
        if it.depends:
            deps: list[Any] = []
            for dep in it.depends:
                if dep.type == "FS" and dep.lag == ZERO:
                    deps.append(dep.predecessor)
                    continue
                d: dict[str, Any] = {"id": dep.predecessor}
                if dep.type != "FS":
                    d["type"] = dep.type
                if dep.lag != ZERO:
                    d["lag"] = str(dep.lag)
                if dep.lag.calendar:
                    d["calendar"] = True
                deps.append(d)
            row["depends"] = deps
        items.append(row)
    text: str = yaml.dump(
        {"plan": head, "items": items},
        Dumper=_PlainDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    return text
