"""Hostile plan files: valid plans, mutated. Used by the fuzz tests and `bench/fuzz_planfile.py`.

`hostile_plan(rng)` is deterministic for a `random.Random`: a small valid plan with one to four
changes — wrong types, unknown keys, dates at the ends of the range and beyond it, huge and
negative durations and lags, closures that cover everything, duplicate and unknown ids, cycles —
or a text-level attack: YAML anchors and aliases, deep nesting, a damaged file.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from typing import Any

import yaml

HOSTILE_VALUES: tuple[Any, ...] = (
    None, "", [], {}, [1, [2]], {"a": {"b": 1}}, True, 0, -1, 10**30, 1.5,
    "99999m", "-99999m", "36500d", "-36500d", "1200m", "-1200m", "5200w", "0d", "1d", "3w",
    date(1900, 1, 1), date(2200, 12, 31), date(1, 1, 1), date(9999, 12, 31), date(2026, 1, 5),
    "2026-02-30", "0001-01-01", "x" * 500, "oost", "FS", "SS", "FF", "asap", "alap",
    "no_work", "warn", "milestone", "activity", "a", "b", "m",
)  # fmt: skip
PLAN_KEYS = ("title", "start", "end", "today", "region", "scheduling", "closures",
             "public_holidays", "colour")  # fmt: skip
ITEM_KEYS = ("id", "title", "kind", "duration", "calendar", "scheduling", "deadline",
             "fixed_start", "fixed_finish", "actual_start", "actual_finish", "depends",
             "workstream", "colour")  # fmt: skip
DEP_KEYS = ("id", "type", "lag", "calendar", "colour")
EVERYTHING = {"name": "Alles", "kind": "other", "start": date(1900, 1, 1),
              "end": date(2200, 12, 31), "policy": "no_work"}  # fmt: skip


def base_plan() -> dict[str, Any]:
    return {
        "plan": {"title": "Plan", "start": date(2025, 9, 1), "end": date(2026, 7, 17),
                 "region": "midden",
                 "closures": [{"name": "Toetsweek", "kind": "toetsweek",
                               "start": date(2025, 11, 10), "end": date(2025, 11, 14),
                               "policy": "warn"}]},
        "items": [
            {"id": "a", "title": "A", "kind": "activity", "duration": "3w"},
            {"id": "b", "title": "B", "kind": "activity", "duration": "1m", "calendar": True,
             "depends": [{"id": "a", "type": "SS", "lag": "-2d"}]},
            {"id": "m", "title": "M", "kind": "milestone", "deadline": date(2025, 12, 19),
             "depends": ["a", {"id": "b", "lag": "1w", "calendar": True}]},
        ],
    }  # fmt: skip


def _set_plan_key(rng: random.Random, doc: dict[str, Any]) -> None:
    doc["plan"][rng.choice(PLAN_KEYS)] = rng.choice(HOSTILE_VALUES)


def _set_item_key(rng: random.Random, doc: dict[str, Any]) -> None:
    rng.choice(doc["items"])[rng.choice(ITEM_KEYS)] = rng.choice(HOSTILE_VALUES)


def _set_dependency_key(rng: random.Random, doc: dict[str, Any]) -> None:
    dep = {"id": rng.choice(("a", "b", "m", "zz")), "lag": rng.choice(HOSTILE_VALUES)}
    dep[rng.choice(DEP_KEYS)] = rng.choice(HOSTILE_VALUES)
    dep["calendar"] = rng.random() < 0.5
    item = rng.choice(doc["items"])
    depends = item.get("depends")
    item["depends"] = [*depends, dep] if isinstance(depends, list) else [dep]


def _huge_durations(rng: random.Random, doc: dict[str, Any]) -> None:
    for item in doc["items"]:
        if item["kind"] == "activity":
            item["duration"] = rng.choice(("36500d", "1200m", "5200w", "1200m", "99999m", "-5d"))
            item["calendar"] = rng.random() < 0.5


def _ends_of_the_range(rng: random.Random, doc: dict[str, Any]) -> None:
    ends = (date(1900, 1, 1), date(1900, 1, 2), date(2200, 12, 30), date(2200, 12, 31))
    doc["plan"]["start"], doc["plan"]["end"] = sorted((rng.choice(ends), rng.choice(ends)))
    doc["plan"]["today"] = rng.choice((*ends, None))


def _close_everything(rng: random.Random, doc: dict[str, Any]) -> None:
    doc["plan"]["closures"] = [EVERYTHING]


def _duplicate_item(rng: random.Random, doc: dict[str, Any]) -> None:
    doc["items"].append(dict(rng.choice(doc["items"])))


def _cycle(rng: random.Random, doc: dict[str, Any]) -> None:
    doc["items"][0]["depends"] = ["m"]


def _many_items(rng: random.Random, doc: dict[str, Any]) -> None:
    n = rng.choice((50, 300))
    doc["items"] += [
        {"id": f"x{i}", "title": f"X{i}", "kind": "activity", "duration": "1200m",
         "calendar": True, "depends": [{"id": f"x{i - 1}" if i else "a", "lag": "-1200m",
                                        "calendar": True}]}
        for i in range(n)
    ]  # fmt: skip


MUTATIONS: tuple[Callable[[random.Random, dict[str, Any]], None], ...] = (
    _set_plan_key, _set_item_key, _set_dependency_key, _huge_durations, _ends_of_the_range,
    _close_everything, _duplicate_item, _cycle, _many_items,
)  # fmt: skip


def alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _text_attack(rng: random.Random, text: str) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return text + alias_bomb(rng.randrange(1, 10))
    if kind == 1:
        depth = rng.choice((21, 100, 5000))
        return text + "extra: " + "[" * depth + "]" * depth + "\n"
    if kind == 2:
        return text.replace("title: A\n", "title: &t A\n", 1).replace("title: B", "title: *t")
    if kind == 3:
        return text + "items:\n" + "- " * rng.choice((21, 5000)) + "x\n"
    at = rng.randrange(len(text))
    junk = "".join(rng.choice("-:[]{}&*!|>'\"#\n \t%@`,?0a") for _ in range(rng.randrange(8)))
    return text[:at] + junk + text[at + rng.randrange(20) :]


def hostile_plan(rng: random.Random) -> str:
    """One hostile plan file (text)."""
    doc = base_plan()
    for _ in range(rng.randrange(1, 5)):
        rng.choice(MUTATIONS)(rng, doc)
    text: str = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    if rng.random() < 0.25:
        text = _text_attack(rng, text)
    return text


def hostile_web_section(rng: random.Random) -> str:
    """A `mijlpaal:` section (what only the web application reads) with hostile values."""
    value = rng.choice(HOSTILE_VALUES)
    section = {
        "organisation": rng.choice(HOSTILE_VALUES),
        "phases": rng.choice((["analyse"], value)),
        "milestones": {"m": {"number": rng.choice(HOSTILE_VALUES), "roles": {"p1": value}}},
        "activities": {rng.choice(("a", "zz")): {"milestone": value}},
        "parties": rng.choice(([{"id": "p1", "name": "School", "kind": "school"}], value)),
        "reporting_periods": [{"from": value, "to": rng.choice(HOSTILE_VALUES)}],
    }
    text: str = yaml.safe_dump({"mijlpaal": section}, sort_keys=False, allow_unicode=True)
    return text


def hostile_upload(rng: random.Random) -> str:
    """A hostile plan file for the web upload: the plan, and often a hostile web section."""
    text = hostile_plan(rng)
    return text + hostile_web_section(rng) if rng.random() < 0.5 else text
