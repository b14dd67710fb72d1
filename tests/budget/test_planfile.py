"""The budget in the plan file: downloaded, uploaded as a new plan and downloaded again it is the
same; a file replacing its plan changes lines in place; a wrong or oversized budget is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml
from django.utils import translation

from mijlpaal.budget.models import BudgetLine, BudgetSettings, FundingSource, Spending
from mijlpaal.budget.planfile import MAX_LINES
from mijlpaal.plans.models import ChangeRecord
from mijlpaal.plans.planfile import PlanImportError, export_plan, import_plan
from tests.budget.helpers import budgeted, line
from tests.helpers import Actors, SamplePlan, saved


def _budget(text: str) -> dict[str, object]:
    loaded = yaml.safe_load(text)["mijlpaal"]["budget"]
    assert isinstance(loaded, dict)
    return loaded


def test_the_budget_goes_round_a_plan_file(sample: SamplePlan, actors: Actors) -> None:
    plan, owner = sample.plan, actors.owner
    company = budgeted(sample, owner)
    hired = line(plan, owner, sample.workstream, "hired", "1234.56")
    hired.milestone, hired.description = sample.milestone, "XR-ontwikkelaar"
    saved(plan, owner, hired)
    saved(plan, owner, BudgetSettings(cofinancing_minimum=Decimal("7.5")))
    content = export_plan(plan)
    lines = BudgetLine.objects.filter(plan=plan).order_by("id")
    assert _budget(content) == {
        "cofinancing_minimum": "7.5",
        "lines": [
            {"id": lines[0].key, "workstream": sample.workstream.key, "category": "staff",
             "amount": "10000.00"},
            {"id": lines[1].key, "workstream": sample.workstream.key, "category": "materials",
             "amount": "2345.00"},
            {"id": hired.key, "workstream": sample.workstream.key,
             "milestone": sample.milestone.key, "category": "hired",
             "description": "XR-ontwikkelaar", "amount": "1234.56"},
        ],
        "funding": [
            {"id": FundingSource.objects.get(kind="subsidy").key, "kind": "subsidy",
             "amount": "11345.00"},
            {"id": FundingSource.objects.get(kind="cofinancing").key, "kind": "cofinancing",
             "party": company.key, "amount": "1000.00"},
        ],
    }  # fmt: skip
    copy = import_plan(user=owner, text=content)
    assert export_plan(copy) == content
    copied = BudgetLine.objects.get(plan=copy, category="hired")
    assert (copied.amount, copied.milestone and copied.milestone.title) == (
        Decimal("1234.56"),
        "XR-lesmateriaal ontwikkeld",
    )
    assert FundingSource.objects.get(plan=copy, kind="cofinancing").party.name == (  # type: ignore[union-attr]
        "Bouwbedrijf Van Wijk"
    )
    # Realised hours and costs are the plan's log, not its content: they stay out of the file.
    assert Spending.objects.filter(plan=plan).count() == 1
    assert not Spending.objects.filter(plan=copy).exists()
    assert ChangeRecord.objects.filter(plan=copy, object_type="budgetline").count() == 3


def test_a_file_replacing_its_plan_changes_the_budget_in_place(
    sample: SamplePlan, actors: Actors
) -> None:
    plan, owner = sample.plan, actors.owner
    budgeted(sample, owner)
    staff = BudgetLine.objects.get(plan=plan, category="staff")
    content = export_plan(plan)
    changed = content.replace("amount: '10000.00'", "amount: '12000.50'")
    materials = BudgetLine.objects.get(plan=plan, category="materials")
    changed = changed.replace(f"  - id: {materials.key}\n", "  - id: weg\n", 1)
    import_plan(user=owner, text=changed, into=plan)
    stored = BudgetLine.objects.get(pk=staff.pk)  # the same row, changed
    assert stored.amount == Decimal("12000.50")
    assert not BudgetLine.objects.filter(pk=materials.pk).exists()
    assert BudgetLine.objects.filter(plan=plan, key="weg").count() == 1
    changes = ChangeRecord.objects.filter(plan=plan, object_type="budgetline")
    assert changes.filter(action="update").get().changes["amount"] == ["10000", "12000.5"]
    assert changes.filter(action="delete").count() == 1


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        (
            "    lines:\n    - {workstream: wnergens, amount: '10'}\n",
            "Er is geen deelproject ‘wnergens’ in ‘mijlpaal.workstreams’.",
        ),
        (
            "    lines:\n    - {workstream: WS, amount: '12,50'}\n",
            "‘12,50’ is geen bedrag in euro (zoals 1234.56).",
        ),
        (
            "    lines:\n    - {workstream: WS, amount: 1.005}\n",
            "‘1.005’ is geen bedrag in euro (zoals 1234.56).",
        ),
        (
            "    lines:\n    - {workstream: WS, category: reizen, amount: '10'}\n",
            "Onbekende kostensoort ‘reizen’: gebruik staff, materials, hired of other.",
        ),
        (
            "    funding:\n    - {kind: cofinancing, amount: '10'}\n",
            "Cofinanciering komt van een partij van het plan.",
        ),
        ("    cofinancing_minimum: '120'\n", "‘120’ is geen percentage van 0 tot 100."),
        ("    lines: veel\n", "‘mijlpaal.budget.lines’ moet een lijst van mappings zijn."),
    ],
)
def test_a_wrong_budget_is_refused_with_its_line(
    sample: SamplePlan, actors: Actors, budget: str, message: str
) -> None:
    translation.activate("nl")
    content = export_plan(sample.plan) + "  budget:\n" + budget.replace("WS", sample.workstream.key)
    with pytest.raises(PlanImportError) as error:
        import_plan(user=actors.owner, text=content)
    assert [p.message for p in error.value.problems] == [message]
    last = content.count("\n")
    assert error.value.problems[0].line in {last - 1, last}
    assert not BudgetLine.objects.exists()


def test_too_many_budget_lines_are_refused(sample: SamplePlan, actors: Actors) -> None:
    translation.activate("nl")
    row = f"    - {{workstream: {sample.workstream.key}, amount: '1'}}\n"
    content = export_plan(sample.plan) + "  budget:\n    lines:\n" + row * (MAX_LINES + 1)
    with pytest.raises(PlanImportError) as error:
        import_plan(user=actors.owner, text=content)
    assert [p.message for p in error.value.problems] == [
        "‘mijlpaal.budget.lines’ heeft meer dan 5000 regels."
    ]
