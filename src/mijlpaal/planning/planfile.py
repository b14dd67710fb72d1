"""The plan file: a plan as YAML, for power users, tests and benchmarks (docs/plan-format.md).

`load_plan_file()` checks the whole file and raises `PlanFileError` listing every error with
its line; `dump_plan_file()` writes a plan so that `load_plan_file(dump_plan_file(p)) == p`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

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
_ITEM_DATES = ("deadline", "fixed_start", "fixed_finish", "actual_start", "actual_finish")
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


@dataclass(frozen=True)
class _Mapping:
    """A mapping in the file: its node, the keys read from it, and what it is (for messages)."""

    node: Node
    fields: dict[str, tuple[Node, Node]]  # key → (key node, value node)
    what_nl: str
    what_en: str

    def get(self, key: str) -> Node | None:
        """The value node of `key`, or None when the key is absent."""
        return self.fields[key][1] if key in self.fields else None


class _Head(NamedTuple):
    """The `plan:` section; title, start and end are None where the file has an error."""

    title: str | None
    start: date | None
    end: date | None
    today: date | None
    calendar: CalendarSpec
    scheduling: Any


class _Reader:
    """Typed values from YAML nodes; every problem becomes an error with its line.

    Each reader returns None for an absent key (node None) and for a value it reports.
    """

    def __init__(self) -> None:
        self.errors: list[PlanError] = []
        self._constructor = yaml.constructor.SafeConstructor()

    def error(self, node: Node, nl: str, en: str) -> None:
        self.errors.append((node.start_mark.line + 1, nl, en))

    def value(self, node: Node | None) -> Any:
        if not isinstance(node, ScalarNode):
            return node
        try:
            return self._constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError):
            # e.g. `2026-13-01` looks like a date to YAML but is none: the caller reports it.
            return node.value

    def mapping(self, node: Node, keys: Collection[str], what_nl: str, what_en: str) -> _Mapping:
        fields: dict[str, tuple[Node, Node]] = {}
        if not isinstance(node, MappingNode):
            self.error(node, f"{what_nl} moet een lijst van sleutels en waarden zijn.",
                       f"{what_en} must be a mapping of keys and values.")  # fmt: skip
            return _Mapping(node, fields, what_nl, what_en)
        for key_node, value_node in node.value:
            key = self.value(key_node)
            if not isinstance(key, str):
                self.error(
                    key_node, f"Onbekende sleutel in {what_nl}.", f"Unknown key in {what_en}."
                )
            elif key in fields:
                self.error(key_node, f"De sleutel ‘{key}’ staat twee keer in {what_nl}.",
                           f"The key ‘{key}’ appears twice in {what_en}.")  # fmt: skip
            elif key not in keys:
                allowed = ", ".join(sorted(keys))
                self.error(key_node,
                           f"Onbekende sleutel ‘{key}’ in {what_nl} (toegestaan: {allowed}).",
                           f"Unknown key ‘{key}’ in {what_en} (allowed: {allowed}).")  # fmt: skip
            else:
                fields[key] = (key_node, value_node)
        return _Mapping(node, fields, what_nl, what_en)

    def required(self, mapping: _Mapping, key: str) -> Node | None:
        if key not in mapping.fields:
            self.error(mapping.node, f"‘{key}’ ontbreekt in {mapping.what_nl}.",
                       f"‘{key}’ is missing in {mapping.what_en}.")  # fmt: skip
            return None
        return mapping.fields[key][1]

    def text(self, node: Node | None, key: str, *, allow_null: bool = False) -> str | None:
        v = self.value(node)
        if node is None or (v is None and allow_null):
            return None
        if isinstance(v, bool) or not isinstance(v, str | int) or v == "":
            self.error(node, f"‘{key}’ moet een tekst zijn.", f"‘{key}’ must be a text.")
            return None
        return str(v)

    def choice(
        self, node: Node | None, key: str, options: tuple[str, ...], *, allow_null: bool = False
    ) -> Any:
        v = self.value(node)
        if node is None or (v is None and allow_null) or v in options:
            return v
        listed = ", ".join(options)
        self.error(node, f"‘{key}’ moet een van deze waarden zijn: {listed} (niet ‘{v}’).",
                   f"‘{key}’ must be one of: {listed} (not ‘{v}’).")  # fmt: skip
        return None

    def date(self, node: Node | None, key: str) -> date | None:
        v = self.value(node)  # None when absent or empty
        if isinstance(v, datetime):
            v = v.date()
        if isinstance(v, str):
            with contextlib.suppress(ValueError):
                v = date.fromisoformat(v.strip())
        if node is None or v is None or isinstance(v, date):
            return v
        self.error(node, f"‘{key}’ moet een datum zijn als 2025-09-01.",
                   f"‘{key}’ must be a date like 2025-09-01.")  # fmt: skip
        return None

    def boolean(self, node: Node | None, key: str) -> bool | None:
        v = self.value(node)
        if node is None or isinstance(v, bool):
            return v
        self.error(node, f"‘{key}’ moet true of false zijn.", f"‘{key}’ must be true or false.")
        return None

    def duration(self, node: Node | None, key: str, calendar: bool) -> Duration | None:
        if node is None:
            return None
        v = self.value(node)
        if isinstance(v, int) and not isinstance(v, bool):
            return Duration(v, "d", calendar)
        if isinstance(v, str):
            with contextlib.suppress(ValueError):
                return Duration.parse(v, calendar=calendar)
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
    root = _compose(text)
    r = _Reader()
    # `mijlpaal:` holds what only the web application knows (goals, parties, ...): not read here.
    top = r.mapping(root, {"plan", "items", WEB_SECTION, *ignore_keys}, "het bestand", "the file")
    if not isinstance(root, MappingNode):
        raise PlanFileError(r.errors)
    head = _read_head(r, top)
    items = _read_items(r, top.get("items"))
    if r.errors:
        raise PlanFileError(r.errors)
    assert head.title is not None and head.start is not None and head.end is not None
    return PlanInput(
        head.title, head.start, head.end, head.today, head.calendar, head.scheduling, items
    )


def _compose(text: str) -> Node:
    """The YAML document as nodes (they know their lines); PlanFileError if there is none."""
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
    if root is None:
        raise PlanFileError([(1, "Het bestand is leeg.", "The file is empty.")])
    return root


def _read_head(r: _Reader, top: _Mapping) -> _Head:
    """The `plan:` section: title, period, today, scheduling and the calendar."""
    node = r.required(top, "plan")
    if node is None:
        return _Head(None, None, None, None, CalendarSpec(), "alap")
    plan = r.mapping(node, _PLAN_KEYS, "‘plan’", "‘plan’")
    title = r.text(r.required(plan, "title"), "title")
    start = r.date(r.required(plan, "start"), "start")
    end = r.date(r.required(plan, "end"), "end")
    if start is not None and end is not None and end < start:
        r.error(
            plan.fields["end"][1],
            "Het plan eindigt vóór het begint.",
            "The plan ends before it starts.",
        )
    today = r.date(plan.get("today"), "today")
    region = r.choice(plan.get("region"), "region", _REGIONS, allow_null=True)
    scheduling = r.choice(plan.get("scheduling"), "scheduling", _SCHEDULING) or "alap"
    good_friday_off, liberation_day_yearly = _read_public_holidays(r, plan.get("public_holidays"))
    closures = _read_closures(r, plan.get("closures"))
    calendar = CalendarSpec(region, good_friday_off, liberation_day_yearly, closures)
    return _Head(title, start, end, today, calendar, scheduling)


def _read_public_holidays(r: _Reader, node: Node | None) -> tuple[bool, bool]:
    """(good_friday_off, liberation_day_yearly); Good Friday is off unless the file says not."""
    if node is None:
        return True, False
    holidays = r.mapping(node, _HOLIDAY_KEYS, "‘public_holidays’", "‘public_holidays’")
    good_friday_off = r.boolean(holidays.get("good_friday_off"), "good_friday_off")
    liberation_day = r.boolean(holidays.get("liberation_day_yearly"), "liberation_day_yearly")
    return (good_friday_off if good_friday_off is not None else True), bool(liberation_day)


def _read_closures(r: _Reader, node: Node | None) -> tuple[Closure, ...]:
    closures = [_read_closure(r, closure_node) for closure_node in r.sequence(node, "closures")]
    return tuple(closure for closure in closures if closure is not None)


def _read_closure(r: _Reader, node: Node) -> Closure | None:
    closure = r.mapping(node, _CLOSURE_KEYS, "een sluiting", "a closure")
    if not isinstance(node, MappingNode):
        return None
    name = r.text(r.required(closure, "name"), "name")
    kind = r.choice(r.required(closure, "kind"), "kind", _CLOSURE_KINDS)
    start = r.date(r.required(closure, "start"), "start")
    end = r.date(r.required(closure, "end"), "end")
    policy: Any = r.choice(closure.get("policy"), "policy", _POLICIES) or "no_work"
    if start is not None and end is not None and end < start:
        r.error(
            closure.fields["end"][1],
            "Deze sluiting eindigt vóór ze begint.",
            "This closure ends before it starts.",
        )
        return None
    if name and kind and start and end:
        return Closure(name, kind, start, end, policy)
    return None


def _read_items(r: _Reader, node: Node | None) -> tuple[Item, ...]:
    """The `items:` section; then every dependency on an id that no item has."""
    item_lines: dict[str, int] = {}  # id → the line of the first item with it
    dep_refs: list[tuple[Node, str]] = []  # (node, predecessor id) of every dependency
    items = []
    for item_node in r.sequence(node, "items"):
        item = _read_item(r, item_node, item_lines, dep_refs)
        if item is not None:
            items.append(item)
    for dep_node, pred in dep_refs:
        if pred not in item_lines:
            r.error(
                dep_node,
                f"Er is geen onderdeel met de id ‘{pred}’.",
                f"No item has the id ‘{pred}’.",
            )
    return tuple(items)


def _read_item(
    r: _Reader, node: Node, item_lines: dict[str, int], dep_refs: list[tuple[Node, str]]
) -> Item | None:
    item = r.mapping(node, _ITEM_KEYS, "een onderdeel", "an item")
    if not isinstance(node, MappingNode):
        return None
    item_id = r.text(r.required(item, "id"), "id")
    title = r.text(r.required(item, "title"), "title")
    kind = r.choice(r.required(item, "kind"), "kind", _KINDS)
    calendar = r.boolean(item.get("calendar"), "calendar") or False
    duration = r.duration(item.get("duration"), "duration", calendar)
    if item_id is not None:
        id_node = item.fields["id"][1]
        line = item_lines.get(item_id)
        if line is not None:
            r.error(id_node, f"De id ‘{item_id}’ komt al voor op regel {line}.",
                    f"The id ‘{item_id}’ is already used on line {line}.")  # fmt: skip
        else:
            item_lines[item_id] = id_node.start_mark.line + 1
    _check_duration(r, item, item_id, kind, duration)
    depends = _read_dependencies(r, item.get("depends"), dep_refs)
    dates = {key: r.date(item.get(key), key) for key in _ITEM_DATES}
    _check_date_order(r, item, dates)
    if item_id is None or title is None or kind is None:
        return None
    return Item(
        id=item_id,
        title=title,
        kind=kind,
        workstream=r.text(item.get("workstream"), "workstream", allow_null=True),
        duration=duration,
        scheduling=r.choice(item.get("scheduling"), "scheduling", _SCHEDULING, allow_null=True),
        deadline=dates["deadline"],
        fixed_start=dates["fixed_start"],
        fixed_finish=dates["fixed_finish"],
        actual_start=dates["actual_start"],
        actual_finish=dates["actual_finish"],
        depends=depends,
    )


def _check_duration(
    r: _Reader, item: _Mapping, item_id: str | None, kind: str | None, duration: Duration | None
) -> None:
    """An activity has a duration of at least a day; a milestone has none."""
    fields = item.fields
    if kind == "activity" and "duration" not in fields:
        r.error(item.node, f"De activiteit ‘{item_id}’ heeft geen ‘duration’ (doorlooptijd).",
                f"The activity ‘{item_id}’ has no ‘duration’.")  # fmt: skip
    if kind == "activity" and duration is not None and duration.amount <= 0:
        r.error(fields["duration"][1], "Een doorlooptijd moet minstens 1 dag zijn.",
                "A duration must be at least 1 day.")  # fmt: skip
    if kind == "milestone" and "duration" in fields:
        r.error(fields["duration"][1], "Een mijlpaal is één datum en heeft geen ‘duration’; "
                "zet de doorlooptijd op een activiteit die ernaartoe leidt.",
                "A milestone is one date and has no ‘duration’; put the duration on an "
                "activity that leads to it.")  # fmt: skip
    if kind == "milestone" and "calendar" in fields:
        r.error(
            fields["calendar"][0],
            "Een mijlpaal heeft geen ‘calendar’.",
            "A milestone has no ‘calendar’.",
        )


def _check_date_order(r: _Reader, item: _Mapping, dates: dict[str, date | None]) -> None:
    for first, then in (("fixed_start", "fixed_finish"), ("actual_start", "actual_finish")):
        a, b = dates[first], dates[then]
        if a is not None and b is not None and b < a:
            r.error(
                item.fields[then][1],
                f"‘{then}’ ligt vóór ‘{first}’.",
                f"‘{then}’ is before ‘{first}’.",
            )


def _read_dependencies(
    r: _Reader, node: Node | None, dep_refs: list[tuple[Node, str]]
) -> tuple[Dependency, ...]:
    """An item's `depends:`; adds the node and id of each predecessor to `dep_refs`."""
    depends = []
    for dep_node in r.sequence(node, "depends"):
        found = _read_dependency(r, dep_node)
        if found is not None:
            depends.append(found[0])
            dep_refs.append((found[1], found[0].predecessor))
    return tuple(depends)


def _read_dependency(r: _Reader, node: Node) -> tuple[Dependency, Node] | None:
    """A predecessor id, or a mapping with its id, type, lag and calendar; with the id's node."""
    if isinstance(node, ScalarNode):
        pred = r.text(node, "depends")
        return (Dependency(pred), node) if pred is not None else None
    dependency = r.mapping(node, _DEP_KEYS, "een afhankelijkheid", "a dependency")
    if not isinstance(node, MappingNode):
        return None
    pred = r.text(r.required(dependency, "id"), "id")
    dep_type: Any = r.choice(dependency.get("type"), "type", _DEP_TYPES) or "FS"
    calendar = r.boolean(dependency.get("calendar"), "calendar") or False
    lag = r.duration(dependency.get("lag"), "lag", calendar)
    if lag is None:
        lag = Duration(0, "d", calendar) if calendar else ZERO
    if pred is None:
        return None
    return Dependency(pred, dep_type, lag), dependency.fields["id"][1]


def dump_plan_file(plan: PlanInput) -> str:
    """The plan as a plan file; defaults are left out."""
    text: str = yaml.dump(
        {"plan": _dump_head(plan), "items": [_dump_item(it) for it in plan.items]},
        Dumper=_PlainDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    return text


def _dump_head(plan: PlanInput) -> dict[str, Any]:
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
    return head


def _dump_item(it: Item) -> dict[str, Any]:
    row: dict[str, Any] = {"id": it.id, "title": it.title, "kind": it.kind}
    if it.workstream is not None:
        row["workstream"] = it.workstream
    if it.duration is not None:
        row["duration"] = str(it.duration)
        if it.duration.calendar:
            row["calendar"] = True
    for key in ("scheduling", *_ITEM_DATES):
        value = getattr(it, key)
        if value is not None:
            row[key] = value
    if it.depends:
        row["depends"] = [_dump_dependency(dep) for dep in it.depends]
    return row


def _dump_dependency(dep: Dependency) -> str | dict[str, Any]:
    """The predecessor's id alone for finish-to-start without a lag, else a mapping."""
    if dep.type == "FS" and dep.lag == ZERO:
        return dep.predecessor
    row: dict[str, Any] = {"id": dep.predecessor}
    if dep.type != "FS":
        row["type"] = dep.type
    if dep.lag != ZERO:
        row["lag"] = str(dep.lag)
    if dep.lag.calendar:
        row["calendar"] = True
    return row
