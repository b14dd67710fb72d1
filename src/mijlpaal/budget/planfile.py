"""The budget in the plan file: `mijlpaal.budget` with the minimum co-financing, the budget lines
and the funding, each line and source by its stable key (`id`), like the rest of the file.

    mijlpaal:
      budget:
        cofinancing_minimum: '10'
        lines:
        - {id: b..., workstream: w..., milestone: m..., category: staff, amount: '96000.00'}
        funding:
        - {id: f..., kind: cofinancing, party: p..., description: ..., amount: '26000.00'}

Amounts are written as text so that no float comes between; a number is read too. Realised hours
and costs are not plan content: they are the plan's log, like the status updates, and stay out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models, transaction

from mijlpaal.accounts.models import User
from mijlpaal.budget.models import (
    BudgetLine,
    BudgetSettings,
    CostCategory,
    FundingKind,
    FundingSource,
)
from mijlpaal.plans.models import Milestone, Party, Plan, Workstream
from mijlpaal.plans.services import item_delete, item_save

MAX_LINES = 5_000
MAX_FUNDING = 1_000
MAX_AMOUNT = Decimal(10) ** 10  # what the database holds: ten digits before the decimal point

Problem = tuple[tuple[str, ...], str, str]  # (path below `mijlpaal.budget`, Dutch, English)


def _money(value: Decimal) -> str:
    return f"{value:f}"


def budget_for_file(plan: Plan) -> dict[str, Any]:
    """The plan's budget as the plan file writes it; empty when it has none."""
    settings = BudgetSettings.objects.filter(plan=plan).first()
    lines = BudgetLine.objects.filter(plan=plan).select_related("workstream", "milestone")
    funding = FundingSource.objects.filter(plan=plan).select_related("party")
    found: dict[str, Any] = {}
    if settings is not None:
        found["cofinancing_minimum"] = f"{settings.cofinancing_minimum.normalize():f}"
    found["lines"] = [
        _compact(
            {
                "id": line.key,
                "workstream": line.workstream.key,
                "milestone": line.milestone.key if line.milestone else None,
                "category": line.category,
                "description": line.description,
                "amount": _money(line.amount),
            }
        )
        for line in lines
    ]
    found["funding"] = [
        _compact(
            {
                "id": source.key,
                "kind": source.kind,
                "party": source.party.key if source.party else None,
                "description": source.description,
                "amount": _money(source.amount),
            }
        )
        for source in funding
    ]
    return {k: v for k, v in found.items() if v not in ([], None)}


def _compact(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v not in (None, "")}


def amount_of(value: Any) -> Decimal | None:
    """An amount of euros from the file (text or a number); None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT:
        return None
    return amount if amount == amount.quantize(Decimal("0.01")) else None


@dataclass(frozen=True)
class Refs:
    """What the budget may refer to, by the ids the file uses."""

    workstreams: set[str]
    milestones: set[str]
    parties: set[str]


def check_budget(data: Any, refs: Refs) -> list[Problem]:
    """Every problem of `mijlpaal.budget`, with its path and message in Dutch and English."""
    if data is None:
        return []
    if not isinstance(data, dict):
        return [
            ((), "‘mijlpaal.budget’ moet een mapping zijn.", "‘mijlpaal.budget’ must be a mapping.")
        ]
    problems: list[Problem] = []
    minimum = data.get("cofinancing_minimum")
    if minimum is not None and ((m := amount_of(minimum)) is None or m > 100):
        problems.append(
            (
                ("cofinancing_minimum",),
                f"‘{minimum}’ is geen percentage van 0 tot 100.",
                f"‘{minimum}’ is not a percentage from 0 to 100.",
            )
        )
    problems += _check_rows(data, "lines", MAX_LINES, _check_line, refs)
    problems += _check_rows(data, "funding", MAX_FUNDING, _check_source, refs)
    return problems


def _check_rows(
    data: dict[str, Any], section: str, limit: int, check: Any, refs: Refs
) -> list[Problem]:
    rows = data.get(section) or []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        return [
            (
                (section,),
                f"‘mijlpaal.budget.{section}’ moet een lijst van mappings zijn.",
                f"‘mijlpaal.budget.{section}’ must be a list of mappings.",
            )
        ]
    if len(rows) > limit:
        return [
            (
                (section,),
                f"‘mijlpaal.budget.{section}’ heeft meer dan {limit} regels.",
                f"‘mijlpaal.budget.{section}’ has more than {limit} rows.",
            )
        ]
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        path = (section, str(i))
        for field, longest in (("id", 100), ("description", 200)):
            if len(_text(row.get(field))) > longest:
                problems.append(
                    (
                        (*path, field),
                        f"‘{field}’ is langer dan {longest} tekens.",
                        f"‘{field}’ is longer than {longest} characters.",
                    )
                )
        if row.get("id") is not None:
            if str(row["id"]) in seen:
                problems.append(
                    (
                        path,
                        f"Het id ‘{row['id']}’ staat er twee keer.",
                        f"The id ‘{row['id']}’ is used twice.",
                    )
                )
            seen.add(str(row["id"]))
        if amount_of(row.get("amount")) is None:
            problems.append(
                (
                    (*path, "amount"),
                    f"‘{row.get('amount')}’ is geen bedrag in euro (zoals 1234.56).",
                    f"‘{row.get('amount')}’ is not an amount in euros (such as 1234.56).",
                )
            )
        problems += [((*path, *p), nl, en) for p, nl, en in check(row, refs)]
    return problems


def _check_line(row: dict[str, Any], refs: Refs) -> Iterator[Problem]:
    if str(row.get("workstream")) not in refs.workstreams:
        yield (
            ("workstream",),
            f"Er is geen deelproject ‘{row.get('workstream')}’ in ‘mijlpaal.workstreams’.",
            f"There is no workstream ‘{row.get('workstream')}’ in ‘mijlpaal.workstreams’.",
        )
    if row.get("milestone") is not None and str(row["milestone"]) not in refs.milestones:
        yield (
            ("milestone",),
            f"Er is geen mijlpaal ‘{row['milestone']}’.",
            f"There is no milestone ‘{row['milestone']}’.",
        )
    if row.get("category", CostCategory.STAFF) not in CostCategory.values:
        yield (
            ("category",),
            f"Onbekende kostensoort ‘{row.get('category')}’: gebruik staff, materials, hired of "
            "other.",
            f"Unknown cost category ‘{row.get('category')}’: use staff, materials, hired or other.",
        )


def _check_source(row: dict[str, Any], refs: Refs) -> Iterator[Problem]:
    kind = row.get("kind", FundingKind.SUBSIDY)
    if kind not in FundingKind.values:
        yield (
            ("kind",),
            f"Onbekende bron ‘{kind}’: gebruik subsidy, cofinancing of own.",
            f"Unknown source ‘{kind}’: use subsidy, cofinancing or own.",
        )
    party = row.get("party")
    if party is not None and str(party) not in refs.parties:
        yield (
            ("party",),
            f"Er is geen partij ‘{party}’ in ‘mijlpaal.parties’.",
            f"There is no party ‘{party}’ in ‘mijlpaal.parties’.",
        )
    if kind == FundingKind.COFINANCING and party is None:
        yield (
            ("party",),
            "Cofinanciering komt van een partij van het plan.",
            "Co-financing comes from a party of the plan.",
        )


@dataclass(frozen=True)
class Keys:
    """The stable keys of what the file names, by the ids the file names them with."""

    workstreams: dict[str, str]
    milestones: dict[str, str]
    parties: dict[str, str]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


@transaction.atomic
def budget_from_file(*, plan: Plan, user: User | None, data: dict[str, Any], keys: Keys) -> None:
    """Make the plan's budget the file's (checked by `check_budget`): lines and sources matched
    by their id are changed in place, the others made, and those the file leaves out removed;
    every change is recorded in the history."""
    if "cofinancing_minimum" in data:
        settings = BudgetSettings.objects.filter(plan=plan).first() or BudgetSettings(plan=plan)
        settings.cofinancing_minimum = amount_of(data["cofinancing_minimum"]) or Decimal(0)
        item_save(plan=plan, user=user, instance=settings)
    workstreams = {w.key: w for w in Workstream.objects.filter(plan=plan)}
    milestones = {m.key: m for m in Milestone.objects.filter(plan=plan)}
    parties = {p.key: p for p in Party.objects.filter(plan=plan)}

    def line(row: dict[str, Any], line: BudgetLine) -> None:
        line.workstream = workstreams[keys.workstreams[str(row["workstream"])]]
        ref = row.get("milestone")
        line.milestone = milestones.get(keys.milestones.get(str(ref), "")) if ref else None
        line.category = row.get("category", CostCategory.STAFF)
        line.description = _text(row.get("description"))
        line.amount = amount_of(row["amount"]) or Decimal(0)

    def source(row: dict[str, Any], source: FundingSource) -> None:
        source.kind = row.get("kind", FundingKind.SUBSIDY)
        ref = row.get("party")
        source.party = parties.get(keys.parties.get(str(ref), "")) if ref else None
        source.description = _text(row.get("description"))
        source.amount = amount_of(row["amount"]) or Decimal(0)

    _replace(plan, user, BudgetLine, data.get("lines") or [], line)
    _replace(plan, user, FundingSource, data.get("funding") or [], source)


def _replace(
    plan: Plan, user: User | None, model: type[models.Model], rows: list[Any], fill: Any
) -> None:
    stored = {row.key: row for row in model._default_manager.filter(plan=plan)}  # type: ignore[attr-defined]
    kept = set()
    for row in rows:
        key = _text(row.get("id"))
        instance = stored.get(key) or model(plan=plan)
        if key and instance.pk is None:
            instance.key = key  # type: ignore[attr-defined]
        fill(row, instance)
        item_save(plan=plan, user=user, instance=instance)
        kept.add(instance.pk)
    for instance in stored.values():
        if instance.pk not in kept:
            item_delete(plan=plan, user=user, instance=instance)
