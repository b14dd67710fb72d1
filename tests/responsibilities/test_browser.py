"""In a browser, a person edits the VERI matrix with mouse and keyboard; the row's warning goes.

Playwright for Python drives Debian's chromium (the browser and page fixtures in tests/conftest.py).
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from mijlpaal.plans.models import ChangeRecord
from mijlpaal.responsibilities.models import Assignment
from tests.helpers import Actors, SamplePlan, fill, log_in, wait_for_htmx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("VERI_SCREENSHOTS")  # a folder to keep screenshots in, when set


def shot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_edit_a_cell_and_the_rows_warning_disappears(
    page: Page, live_server: LiveServer, sample: SamplePlan, actors: Actors
) -> None:
    m = fill(sample, actors.editor)
    base = live_server.url
    log_in(page, base, "editor@school.example")
    page.goto(f"{base}/plans/{sample.plan.pk}/veri/")
    wait_for_htmx(page)
    summary = page.locator("#veri-summary")
    expect(summary).to_contain_text("2 fouten 3 waarschuwingen 0 tips")

    row = page.locator(f"#veri-row-milestone-{sample.milestone.pk}")
    warning = (
        "Niemand voert “XR-lesmateriaal ontwikkeld” uit: geef een partij een V (dat mag de E zijn)."
    )
    expect(row).to_contain_text(warning)
    header = page.locator(f"#veri-party-{m.company.pk}")
    expect(header).to_contain_text("geen rol")
    shot(page, "1-matrix")

    # Mouse: click the company's cell, type V, press Enter.
    cell = page.locator(f"#cell-milestone-{sample.milestone.pk}-{m.company.pk}")
    cell.locator("a.veri-letters").click()
    field = cell.get_by_role("textbox")
    expect(field).to_be_focused()
    field.fill("v")
    shot(page, "2-editing")
    field.press("Enter")
    expect(row).not_to_contain_text(warning)
    expect(row.locator(f"#cell-milestone-{sample.milestone.pk}-{m.company.pk}")).to_have_text("V")
    expect(page.locator(f"#veri-party-{m.company.pk}")).not_to_contain_text("geen rol")
    expect(summary).to_contain_text("2 fouten 1 waarschuwing 0 tips")
    expect(
        page.locator(f"#cell-milestone-{sample.milestone.pk}-{m.company.pk} a.veri-letters")
    ).to_be_focused()
    shot(page, "3-saved")
    assert Assignment.objects.get(party=m.company, milestone=sample.milestone).letters == "V"

    # Keyboard: arrows move between cells, a typed letter opens the cell with it, Enter saves.
    activity_row = page.locator(f"#veri-row-activity-{sample.activity.pk}")
    expect(activity_row).to_contain_text("Niemand is eindverantwoordelijk (E)")
    page.locator(f"#cell-milestone-{sample.milestone.pk}-{m.mbo.pk} a.veri-letters").focus()
    page.keyboard.press("ArrowDown")
    expect(
        page.locator(f"#cell-activity-{sample.activity.pk}-{m.mbo.pk} a.veri-letters")
    ).to_be_focused()
    page.keyboard.press("ArrowLeft")
    school_cell = page.locator(f"#cell-activity-{sample.activity.pk}-{m.school.pk}")
    expect(school_cell.locator("a.veri-letters")).to_be_focused()
    page.keyboard.press("e")
    field = school_cell.get_by_role("textbox")
    expect(field).to_be_focused()
    expect(field).to_have_value("E")
    page.keyboard.type("v")
    page.keyboard.press("Enter")
    expect(activity_row).not_to_contain_text("Niemand")
    expect(school_cell).to_have_text("VE")
    expect(summary).to_contain_text("1 fout 0 waarschuwingen 0 tips")

    # Escape cancels: nothing is saved, the cell is as it was and has the focus again.
    expect(
        school_cell.locator("a.veri-letters")
    ).to_be_focused()  # the saved cell has it back first
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    mbo_cell = page.locator(f"#cell-activity-{sample.activity.pk}-{m.mbo.pk}")
    expect(mbo_cell.get_by_role("textbox")).to_be_focused()
    page.keyboard.type("x")
    page.keyboard.press("Escape")
    expect(mbo_cell.get_by_role("textbox")).to_have_count(0)
    expect(mbo_cell.locator("a.veri-letters")).to_be_focused()

    # A wrong letter stays in its cell with the reason; nothing changes.
    page.keyboard.press("i")
    mbo_field = mbo_cell.get_by_role("textbox")
    # The form is in the cell before htmx has bound it (it settles first): submitted earlier, it
    # would post as a plain form and leave the page. Focus and the typed letter come after.
    expect(mbo_field).to_be_focused()
    expect(mbo_field).to_have_value("I")
    mbo_field.fill("IX")
    mbo_field.press("Enter")
    expect(mbo_cell).to_contain_text(
        "“X” is geen VERI-letter. Gebruik V, E, R, I, S of O (zie de legenda), of laat het leeg."
    )
    expect(mbo_cell.get_by_role("textbox")).to_be_focused()
    shot(page, "4-refused")
    assert not Assignment.objects.filter(party=m.mbo, activity=sample.activity).exists()

    records = ChangeRecord.objects.filter(plan=sample.plan, object_type="assignment")
    assert sorted(r.changes["letters"][1] for r in records) == ["V", "VE"]
