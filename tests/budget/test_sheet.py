"""The workbook's "Begroting" sheet: the lines, the funding and the totals, as numbers."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook

from mijlpaal.budget.models import BudgetLine
from tests.budget.helpers import budgeted
from tests.helpers import Actors, SamplePlan
from tests.workbook.helpers import export_bytes


def test_the_budget_sheet(sample: SamplePlan, actors: Actors) -> None:
    budgeted(sample, actors.owner)
    BudgetLine.objects.filter(category="materials").update(description="=HYPERLINK(1)")
    book = load_workbook(io.BytesIO(export_bytes(sample.plan)))
    ws = book["Begroting"]
    rows = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    kept = [tuple(v for v in row if v is not None) for row in rows if any(row)]
    assert kept[:9] == [
        ("Begroting: Regioplan Techniek 2025–2028",),
        ("Begrotingsregels",),
        ("Deelproject", "Mijlpaal", "Kostensoort", "Omschrijving", "Bedrag (€)"),
        ("Modern techniekonderwijs", "personeel (uren)", 10000),
        ("Modern techniekonderwijs", "materiaal", "=HYPERLINK(1)", 2345),
        ("Totaal", 12345),
        ("Financiering",),
        ("Bron", "Partij", "Omschrijving", "Bedrag (€)"),
        ("subsidie", 11345),
    ]
    assert ("cofinanciering", "Bouwbedrijf Van Wijk", 1000) in kept
    assert ("Modern techniekonderwijs", 12345, 3000, 0, 40) in kept
    assert ("Bouwbedrijf Van Wijk", 0, 3000, 0, 40) in kept
    # Text stays text: the typed "=HYPERLINK(1)" is no formula.
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "=HYPERLINK(1)")
    assert cell.data_type == "s"
    amount = next(c for row in ws.iter_rows() for c in row if c.value == 12345)
    assert amount.number_format == '"€" #,##0.00'
    assert Decimal(str(amount.value)) == Decimal("12345")
