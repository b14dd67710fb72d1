"""The plan file: a plan as YAML, for power users, tests and benchmarks (docs/plan-format.md).

`load_plan_file()` checks the whole file and raises `PlanFileError` listing every error with
its line; `dump_plan_file()` writes a plan so that `load_plan_file(dump_plan_file(p)) == p`.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
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
# libyaml's parser when PyYAML was built with it (it is some fifty times faster), else PyYAML's.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
FIRST_DATE = date(1900, 1, 1)  # the engine's calendar covers these years
LAST_DATE = date(2200, 12, 31)
# The longest duration or lag, per unit: about a century, so that no date leaves 1900–2200.
MAX_DURATION = {"d": 36_500, "w": 5_200, "m": 1_200}


@dataclass(frozen=True)
class Limits:
    """What a plan file may hold; a file beyond them is refused with a message, never read on.

    They keep a hostile file (deeply nested, or with millions of entries) from taking a
    server's memory and time. `seconds` is the time budget for reading the file.
    """

    items: int = 250_000
    dependencies: int = 1_000_000
    closures: int = 1_000
    depth: int = 20
    seconds: float = 60.0


COMMAND_LIMITS = Limits()
WEB_LIMITS = Limits(items=20_000, dependencies=100_000, closures=1_000, depth=20, seconds=10.0)


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

    def __init__(self, limits: Limits = COMMAND_LIMITS, deadline: float | None = None) -> None:
        self.errors: list[PlanError] = []
        self.limits = limits
        self.deadline = deadline if deadline is not None else time.monotonic() + limits.seconds

    def error(self, node: Node, nl: str, en: str) -> None:
        self.errors.append((node.start_mark.line + 1, nl, en))

    def value(self, node: Node | None) -> Any:
        """A scalar's value (a text when YAML cannot read it); a list or mapping as its node."""
        if not isinstance(node, ScalarNode):
            return node
        if node.tag == _STR:
            return node.value
        return _scalar_value(node.tag, node.value)

    def check_time(self, node: Node) -> None:
        """Stop reading (PlanFileError) when the time budget is spent."""
        if time.monotonic() > self.deadline:
            raise PlanFileError([(node.start_mark.line + 1, *_budget_messages(self.limits))])

    def count(self, node: Node, count: int, limit: int, key: str) -> bool:
        """Whether `count` entries of `key` are within `limit`; reports it when not."""
        if count <= limit:
            return True
        self.error(node, f"‘{key}’ heeft {count:,} onderdelen; een plan heeft er hoogstens "
                   f"{limit:,}.".replace(",", "."),
                   f"‘{key}’ has {count:,} entries; a plan has at most {limit:,}.")  # fmt: skip
        return False

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
        nl, en = _describe(v)
        self.error(node, f"‘{key}’ moet een van deze waarden zijn: {listed} (niet {nl}).",
                   f"‘{key}’ must be one of: {listed} (not {en}).")  # fmt: skip
        return None

    def date(self, node: Node | None, key: str, *, required: bool = False) -> date | None:
        """A date from 1900 to 2200; None when absent, or empty and not `required`."""
        v = self.value(node)  # None when absent or empty
        if isinstance(v, datetime):
            v = v.date()
        if isinstance(v, str):
            with contextlib.suppress(ValueError):
                v = date.fromisoformat(v.strip())
        if node is None or (v is None and not required):
            return None
        if isinstance(v, date) and FIRST_DATE <= v <= LAST_DATE:
            return v
        if isinstance(v, date):
            self.error(
                node,
                f"‘{key}’ moet tussen {FIRST_DATE} en {LAST_DATE} liggen (niet {v}).",
                f"‘{key}’ must be between {FIRST_DATE} and {LAST_DATE} (not {v}).",
            )
            return None
        nl, en = _describe(v)
        self.error(node, f"‘{key}’ moet een datum zijn als 2025-09-01 (niet {nl}).",
                   f"‘{key}’ must be a date like 2025-09-01 (not {en}).")  # fmt: skip
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
        found = None
        if isinstance(v, int) and not isinstance(v, bool):
            found = Duration(v, "d", calendar)
        elif isinstance(v, str):
            found = _parse_duration(v, calendar)
        if found is not None and abs(found.amount) <= MAX_DURATION[found.unit]:
            return found
        nl, en = _describe(v)
        if found is not None:
            most = ", ".join(f"{n}{unit}" for unit, n in MAX_DURATION.items())
            self.error(node, f"‘{key}’ mag hoogstens {most} zijn (niet {nl}).",
                       f"‘{key}’ can be at most {most} (not {en}).")  # fmt: skip
            return None
        self.error(node, f"‘{key}’ moet een duur zijn als 10d, 3w of 2m (niet {nl}).",
                   f"‘{key}’ must be a duration like 10d, 3w or 2m (not {en}).")  # fmt: skip
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


def load_plan_file(
    text: str, *, ignore_keys: Collection[str] = (), limits: Limits = COMMAND_LIMITS
) -> PlanInput:
    """Read a plan file; raise PlanFileError listing every error with its line.

    `ignore_keys` names extra top-level keys to skip (the golden tests keep `expect:` there);
    `limits` bounds what the file may hold and how long reading it may take. A file without
    errors is read the quick way (`quick_plan_file()`); whatever that leaves, the careful way.
    """
    deadline = time.monotonic() + limits.seconds
    with without_gc():
        plan = quick_plan_file(text, ignore_keys=ignore_keys, limits=limits, deadline=deadline)
        if plan is not None:
            return plan
        return careful_plan_file(text, ignore_keys=ignore_keys, limits=limits, deadline=deadline)


def careful_plan_file(
    text: str,
    *,
    ignore_keys: Collection[str] = (),
    limits: Limits = COMMAND_LIMITS,
    deadline: float | None = None,
) -> PlanInput:
    """`load_plan_file()` through nodes that know their lines: every error with its line."""
    with without_gc():
        root = None
        try:
            root = compose_plan_file(text, limits=limits, deadline=deadline)
            return plan_from_nodes(root, ignore_keys=ignore_keys, limits=limits, deadline=deadline)
        finally:
            del root  # freed now, so that the collector does not walk the nodes when it resumes


@contextlib.contextmanager
def without_gc() -> Iterator[None]:
    """No garbage collection meanwhile: reading a file makes a million small objects that all
    stay alive, and collecting in between took two thirds of the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def plan_from_nodes(
    root: Node,
    *,
    ignore_keys: Collection[str] = (),
    limits: Limits = COMMAND_LIMITS,
    deadline: float | None = None,
) -> PlanInput:
    """The plan of a file composed by `compose_plan_file()`; PlanFileError for its errors."""
    r = _Reader(limits, deadline)
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


def compose_plan_file(
    text: str, *, limits: Limits = COMMAND_LIMITS, deadline: float | None = None
) -> Node:
    """The YAML document as nodes (they know their lines); PlanFileError if there is none.

    Anchors and aliases are refused before anything is expanded, and so is nesting deeper
    than `limits.depth`: a file of a few hundred bytes could otherwise fill the memory.
    """
    if deadline is None:
        deadline = time.monotonic() + limits.seconds
    try:
        with without_gc():  # the caller frees the nodes before the collector resumes
            root = _build_nodes(yaml.parse(text, Loader=_LOADER), limits, deadline)
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


def _build_nodes(events: Iterable[Event], limits: Limits, deadline: float) -> Node | None:
    """Nodes from the parser's events, as PyYAML's composer makes them, within `limits`."""
    # The open lists and mappings, each with the entries of the one it is in; `entries` are
    # those of the innermost one.
    stack: list[tuple[Node, list[Node]]] = []
    top: list[Node] = []  # the document's root node
    entries = top
    documents = 0
    event: Any  # libyaml's events carry libyaml's marks, which the stubs do not take for nodes
    for count, event in enumerate(events):
        if not count & 0xFFF and time.monotonic() > deadline:
            raise PlanFileError([(event.start_mark.line + 1, *_budget_messages(limits))])
        if type(event) is _SCALAR_EVENT:  # most events: kept short, it is the loop that counts
            if event.anchor is not None:
                _refuse_anchor(event)
            tag = event.tag
            if tag is None and event.implicit[0]:
                tag = _plain_tag(event.value)
            elif tag is None or tag == "!":
                tag = _STR
            entries.append(
                ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            )
        elif type(event) in _END_EVENTS:
            node, outer = stack.pop()
            if isinstance(node, MappingNode):
                node.value = list(zip(entries[::2], entries[1::2], strict=True))
            else:
                node.value = entries
            node.end_mark = event.end_mark
            entries = outer
            entries.append(node)
        elif isinstance(event, CollectionStartEvent | AliasEvent):
            stack.append((_open_collection(event, len(stack), limits), entries))
            entries = []
        elif type(event) is _DOCUMENT_START_EVENT and (documents := documents + 1) > 1:
            nl = "Het bestand bevat meer dan één YAML-document (---)."
            en = "The file holds more than one YAML document (---)."
            raise PlanFileError([(event.start_mark.line + 1, nl, en)])
    return top[0] if top else None


def _open_collection(event: Any, depth: int, limits: Limits) -> Node:
    """The node a list or mapping starts; PlanFileError for an anchor, alias or too deep."""
    _refuse_anchor(event)
    if depth >= limits.depth:
        raise PlanFileError([(event.start_mark.line + 1, *_depth_messages(limits))])
    is_map = isinstance(event, MappingStartEvent)
    tag = getattr(event, "tag", None)
    if tag is None or tag == "!":
        tag = _MAP if is_map else _SEQ
    flow_style = getattr(event, "flow_style", None)
    if is_map:
        return MappingNode(tag, [], event.start_mark, event.end_mark, flow_style)
    return SequenceNode(tag, [], event.start_mark, event.end_mark, flow_style)


def node_data(node: Node) -> Any:
    """The plain data of a node from `compose_plan_file()`, as `yaml.safe_load` gives it.

    Safe on any such node: it holds no aliases and is not deeper than the limits allow.
    PlanFileError for a list or mapping used as a key.
    """
    if isinstance(node, ScalarNode):
        return node.value if node.tag == _STR else _scalar_value(node.tag, node.value)
    if isinstance(node, SequenceNode):
        return [node_data(entry) for entry in node.value]
    data = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            raise PlanFileError([(key_node.start_mark.line + 1,
                                  "Een sleutel moet een tekst zijn, geen lijst.",
                                  "A key must be a text, not a list.")])  # fmt: skip
        data[node_data(key_node)] = node_data(value_node)
    return data


def _refuse_anchor(event: Any) -> None:
    if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
        nl = (
            "Het planbestand gebruikt YAML-ankers of -verwijzingen (& en *); "
            "schrijf elk onderdeel voluit."
        )
        en = "The plan file uses YAML anchors or aliases (& and *); write out every part."
        raise PlanFileError([(event.start_mark.line + 1, nl, en)])


def _depth_messages(limits: Limits) -> tuple[str, str]:
    return (
        f"Het planbestand is dieper genest dan {limits.depth} niveaus; een plan is veel "
        "eenvoudiger.",
        f"The plan file is nested deeper than {limits.depth} levels; a plan is much simpler.",
    )


def _budget_messages(limits: Limits) -> tuple[str, str]:
    return (
        f"Het lezen van het planbestand duurt langer dan {limits.seconds:g} seconden; het "
        "bestand is te groot of te ingewikkeld.",
        f"Reading the plan file takes longer than {limits.seconds:g} seconds; the file is too "
        "large or too complicated.",
    )


_END_EVENTS = (MappingEndEvent, SequenceEndEvent)
# Compared by identity (fast), as Any: libyaml's marks are not the ones the stubs take for nodes.
_SCALAR_EVENT: Any = ScalarEvent
_DOCUMENT_START_EVENT: Any = DocumentStartEvent
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@lru_cache(maxsize=4096)
def _parse_duration(text: str, calendar: bool) -> Duration | None:
    """`Duration.parse`, or None: a plan repeats a few durations thousands of times."""
    try:
        return Duration.parse(text, calendar=calendar)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _plain_tag(text: str) -> str:
    return str(_RESOLVER.resolve(ScalarNode, text, (True, False)))


@lru_cache(maxsize=4096)
def _scalar_value(tag: str, text: str) -> Any:
    """The value of a scalar; its text when YAML cannot read it (`2026-13-01`: the caller
    reports it)."""
    construct = _CONSTRUCTOR.yaml_constructors.get(tag, _CONSTRUCTOR.construct_undefined)
    try:
        return construct(_CONSTRUCTOR, ScalarNode(tag, text))
    except (ValueError, OverflowError, yaml.YAMLError):
        return text


def _describe(value: Any) -> tuple[str, str]:
    """A value for a message, in Dutch and English: a list or mapping in words, not a node."""
    if isinstance(value, SequenceNode):
        return "een lijst", "a list"
    if isinstance(value, MappingNode):
        return "een lijst van sleutels en waarden", "a mapping of keys and values"
    if value is None:
        return "leeg", "empty"
    text = str(value)
    text = text if len(text) <= 60 else text[:57] + "…"
    return f"‘{text}’", f"‘{text}’"


def _read_head(r: _Reader, top: _Mapping) -> _Head:
    """The `plan:` section: title, period, today, scheduling and the calendar."""
    node = r.required(top, "plan")
    if node is None:
        return _Head(None, None, None, None, CalendarSpec(), "alap")
    plan = r.mapping(node, _PLAN_KEYS, "‘plan’", "‘plan’")
    title = r.text(r.required(plan, "title"), "title")
    start = r.date(r.required(plan, "start"), "start", required=True)
    end = r.date(r.required(plan, "end"), "end", required=True)
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
    found = r.sequence(node, "closures")
    if node is None or not r.count(node, len(found), r.limits.closures, "closures"):
        return ()
    closures = [_read_closure(r, closure_node) for closure_node in found]
    return tuple(closure for closure in closures if closure is not None)


def _read_closure(r: _Reader, node: Node) -> Closure | None:
    closure = r.mapping(node, _CLOSURE_KEYS, "een sluiting", "a closure")
    if not isinstance(node, MappingNode):
        return None
    name = r.text(r.required(closure, "name"), "name")
    kind = r.choice(r.required(closure, "kind"), "kind", _CLOSURE_KINDS)
    start = r.date(r.required(closure, "start"), "start", required=True)
    end = r.date(r.required(closure, "end"), "end", required=True)
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
    found = r.sequence(node, "items")
    if node is None or not r.count(node, len(found), r.limits.items, "items"):
        return ()
    for i, item_node in enumerate(found):
        if not i & 0x3FF:
            r.check_time(item_node)
        item = _read_item(r, item_node, item_lines, dep_refs)
        if item is not None:
            items.append(item)
        if not r.count(item_node, len(dep_refs), r.limits.dependencies, "depends"):
            break
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


# The quick way of reading a file, for the common case of a file without errors: libyaml's
# events straight into plain lists, mappings and values, and those into the plan, without
# nodes. It gives up (`_GiveUp`) on whatever is not plainly right, and the careful way above
# reads the file again: it finds the line of every error and gives every message, so that
# errors are reported exactly as before. The same guarantees hold on both ways: no anchor or
# alias is followed, no nesting beyond `limits.depth`, no more entries than the limits, and the
# time budget counts from the start of both.


class _GiveUp(Exception):
    """The quick reading leaves this file to the careful one."""


def quick_plan_file(
    text: str,
    *,
    ignore_keys: Collection[str] = (),
    limits: Limits = COMMAND_LIMITS,
    deadline: float | None = None,
) -> PlanInput | None:
    """The plan of a file without errors, read quickly; None to read it the careful way."""
    if deadline is None:
        deadline = time.monotonic() + limits.seconds
    loader = _LOADER(text)
    try:
        data = _plain_data(iter(loader.get_event, None), limits, deadline)
        return _quick_plan(data, {"plan", "items", WEB_SECTION, *ignore_keys}, limits, deadline)
    except (_GiveUp, yaml.YAMLError):
        return None
    finally:
        loader.dispose()


def _plain_data(events: Iterable[Event], limits: Limits, deadline: float) -> Any:
    """The one document as lists, dicts and values; _GiveUp for an anchor, alias, tag, a
    duplicate or unhashable key, nesting deeper than the limit, or a second document."""
    stack: list[list[Any]] = []  # the entries of each open list or mapping around `entries`
    top: list[Any] = []
    entries = top
    documents = 0
    event: Any
    for count, event in enumerate(events):
        if not count & 0xFFF and time.monotonic() > deadline:
            raise _GiveUp
        kind = type(event)
        if kind is _SCALAR_EVENT:
            if event.anchor is not None or event.tag is not None:
                raise _GiveUp
            value = event.value
            if event.implicit[0] and value[:1] in _RESOLVED_FIRST:
                tag = _plain_tag(value)
                if tag != _STR:
                    value = _scalar_value(tag, value)
            entries.append(value)
        elif kind is _MAPPING_END_EVENT:
            try:
                mapping = dict(zip(entries[::2], entries[1::2], strict=True))
            except TypeError as exc:  # a list or mapping as a key
                raise _GiveUp from exc
            if 2 * len(mapping) != len(entries):  # a key twice
                raise _GiveUp
            entries = stack.pop()
            entries.append(mapping)
        elif kind is _SEQUENCE_END_EVENT:
            outer = stack.pop()
            outer.append(entries)
            entries = outer
        elif kind is _MAPPING_START_EVENT or kind is _SEQUENCE_START_EVENT:
            if event.anchor is not None or event.tag is not None or len(stack) >= limits.depth:
                raise _GiveUp
            stack.append(entries)
            entries = []
        elif kind is _ALIAS_EVENT or (
            kind is _DOCUMENT_START_EVENT and (documents := documents + 1) > 1
        ):
            raise _GiveUp
    if len(top) != 1:
        raise _GiveUp
    return top[0]


def _quick_plan(data: Any, keys: set[str], limits: Limits, deadline: float) -> PlanInput:
    if type(data) is not dict or not keys.issuperset(data):
        raise _GiveUp
    plan = _quick_mapping(data.get("plan"), _PLAN_KEYS)
    start, end = _quick_date(plan, "start", True), _quick_date(plan, "end", True)
    assert start is not None and end is not None
    if end < start:
        raise _GiveUp
    holidays = plan.get("public_holidays", {})
    good_friday_off, liberation_day = True, False
    if holidays != {}:
        holidays = _quick_mapping(holidays, _HOLIDAY_KEYS)
        good_friday_off = _quick_boolean(holidays, "good_friday_off", True)
        liberation_day = _quick_boolean(holidays, "liberation_day_yearly", False)
    calendar = CalendarSpec(
        _quick_choice(plan, "region", _REGIONS, None, allow_null=True),
        good_friday_off,
        liberation_day,
        _quick_closures(plan.get("closures"), limits),
    )
    return PlanInput(
        _quick_text(plan, "title", required=True),
        start,
        end,
        _quick_date(plan, "today", False),
        calendar,
        _quick_choice(plan, "scheduling", _SCHEDULING, "alap"),
        _quick_items(data.get("items"), limits, deadline),
    )


def _quick_mapping(value: Any, keys: set[str]) -> dict[Any, Any]:
    if type(value) is not dict or not keys.issuperset(value):
        raise _GiveUp
    return value


def _quick_text(mapping: dict[Any, Any], key: str, *, required: bool = False) -> Any:
    """A text that is not empty; None when absent or empty (then it may not be `required`)."""
    value = mapping.get(key)
    if (type(value) is str and value) or (value is None and not required):
        return value
    raise _GiveUp


def _quick_date(mapping: dict[Any, Any], key: str, required: bool) -> date | None:
    value = mapping.get(key)
    if type(value) is date and FIRST_DATE <= value <= LAST_DATE:
        return value
    if value is None and not required:
        return None
    raise _GiveUp


def _quick_choice(
    mapping: dict[Any, Any], key: str, options: tuple[str, ...], default: Any, *,
    allow_null: bool = False,
) -> Any:  # fmt: skip
    """One of `options`; `default` when absent (or empty, where `allow_null`)."""
    if key not in mapping:
        return default
    value = mapping[key]
    if value in options:
        return value
    if value is None and allow_null:
        return default
    raise _GiveUp


def _quick_boolean(mapping: dict[Any, Any], key: str, default: bool) -> bool:
    value = mapping.get(key, default)
    if type(value) is bool:
        return value
    raise _GiveUp


def _quick_duration(value: Any, calendar: bool) -> Duration:
    found = None
    if type(value) is str:
        found = _parse_duration(value, calendar)
    elif type(value) is int:
        found = Duration(value, "d", calendar)
    if found is None or abs(found.amount) > MAX_DURATION[found.unit]:
        raise _GiveUp
    return found


def _quick_closures(value: Any, limits: Limits) -> tuple[Closure, ...]:
    if value is None:
        return ()
    if type(value) is not list or len(value) > limits.closures:
        raise _GiveUp
    closures = []
    for found in value:
        closure = _quick_mapping(found, _CLOSURE_KEYS)
        start, end = _quick_date(closure, "start", True), _quick_date(closure, "end", True)
        assert start is not None and end is not None
        if end < start:
            raise _GiveUp
        name = _quick_text(closure, "name", required=True)
        kind = _quick_choice(closure, "kind", _CLOSURE_KINDS, None)
        policy = _quick_choice(closure, "policy", _POLICIES, "no_work")
        if kind is None:
            raise _GiveUp
        closures.append(Closure(name, kind, start, end, policy))
    return tuple(closures)


def _quick_items(value: Any, limits: Limits, deadline: float) -> tuple[Item, ...]:
    """The items; _GiveUp for an id twice, a dependency on an unknown id, or too many."""
    if value is None:
        return ()
    if type(value) is not list or len(value) > limits.items:
        raise _GiveUp
    ids: set[str] = set()
    predecessors: list[str] = []
    items = []
    for i, found in enumerate(value):
        if not i & 0x3FF and time.monotonic() > deadline:
            raise _GiveUp
        item = _quick_item(found, predecessors)
        if item.id in ids or len(predecessors) > limits.dependencies:
            raise _GiveUp
        ids.add(item.id)
        items.append(item)
    if not ids.issuperset(predecessors):
        raise _GiveUp
    return tuple(items)


def _quick_item(found: Any, predecessors: list[str]) -> Item:
    item = _quick_mapping(found, _ITEM_KEYS)
    kind = item.get("kind")
    calendar = _quick_boolean(item, "calendar", False)
    duration = None
    if kind == "activity":
        duration = _quick_duration(item.get("duration"), calendar)
        if duration.amount <= 0:
            raise _GiveUp
    elif kind != "milestone" or "duration" in item or "calendar" in item:
        raise _GiveUp
    deadline, fixed_start, fixed_finish, actual_start, actual_finish = (
        _quick_date(item, key, False) for key in _ITEM_DATES
    )
    for a, b in ((fixed_start, fixed_finish), (actual_start, actual_finish)):
        if a is not None and b is not None and b < a:
            raise _GiveUp
    depends = item.get("depends")
    return Item(
        _quick_text(item, "id", required=True),
        _quick_text(item, "title", required=True),
        kind,
        _quick_text(item, "workstream"),
        duration,
        _quick_choice(item, "scheduling", _SCHEDULING, None, allow_null=True),
        deadline,
        fixed_start,
        fixed_finish,
        actual_start,
        actual_finish,
        _quick_dependencies(depends, predecessors) if depends is not None else (),
    )


def _quick_dependencies(value: Any, predecessors: list[str]) -> tuple[Dependency, ...]:
    if type(value) is not list:
        raise _GiveUp
    depends = []
    for found in value:
        if type(found) is str and found:
            dependency = Dependency(found)
        else:
            dep = _quick_mapping(found, _DEP_KEYS)
            calendar = _quick_boolean(dep, "calendar", False)
            lag = _quick_duration(dep["lag"], calendar) if "lag" in dep else _NO_LAG[calendar]
            dependency = Dependency(
                _quick_text(dep, "id", required=True),
                _quick_choice(dep, "type", _DEP_TYPES, "FS"),
                lag,
            )
        depends.append(dependency)
        predecessors.append(dependency.predecessor)
    return tuple(depends)


_NO_LAG = {False: ZERO, True: Duration(0, "d", True)}
_RESOLVED_FIRST = frozenset(key for key in _RESOLVER.yaml_implicit_resolvers if key is not None)
_MAPPING_START_EVENT: Any = MappingStartEvent
_SEQUENCE_START_EVENT: Any = SequenceStartEvent
_MAPPING_END_EVENT: Any = MappingEndEvent
_SEQUENCE_END_EVENT: Any = SequenceEndEvent
_ALIAS_EVENT: Any = AliasEvent


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
