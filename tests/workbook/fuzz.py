"""Fuzzing the web import of workbooks (issue 15.1): the cases and the check of one case.

A case is a file made from a seeded `random.Random`: an export of a real plan with random cells
changed (any type, long texts, formulas, emoji, a leading "="), cut short, wrapped in a bomb or
given macros, or plain random bytes. `run_case` uploads it as the plan's owner, follows the preview
and confirms it when the preview allows, and fails when a page is not 200/302, when a refusal
wrote anything, or when a step takes longer than `STEP_SECONDS`. tests/workbook/test_fuzz.py
draws the seeds with hypothesis; bench/fuzz_workbook.py runs ten thousand.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from mijlpaal.plans.models import Activity, ChangeRecord, Milestone, Plan
from mijlpaal.responsibilities.models import Assignment
from mijlpaal.workbook.models import PendingWorkbook
from tests.workbook import hostile

STEP_SECONDS = 25.0  # the reader's budget (20 s) and the page around it
EMOJI = "🚀🔧😀👩‍🏫🇳🇱"
TEXTS = [
    "=1+1",
    '=HYPERLINK("http://x")',
    "=",
    "+31",
    "@SUM(A1)",
    "DEELPROJECT: nieuw",
    "FASE: analyse",
    "Legenda",
    "Maaswaal College (V), ROC Rivor (E)",
    "Lingecollege (vmbo) (V)",
    "mijlpaal",
    "partij",
    "10d",
    "-2w",
    "²",
    "1 maart",
    "x" * 200,
    "y" * 400,
    "‘quotes’ “and” 'more'",
    EMOJI,
    " ",
    "",
]


@dataclass
class Case:
    kind: str
    name: str
    data: bytes


def _random_text(rng: random.Random) -> str:
    alphabet = "abcXYZ ()=,;:-'\"é" + EMOJI
    return "".join(rng.choice(alphabet) for _ in range(rng.choice([1, 5, 30, 200, 1000])))


def _random_value(rng: random.Random) -> object:
    choices: list[object] = [
        None,
        rng.choice(TEXTS),
        _random_text(rng),
        rng.randint(-(10**12), 10**12),
        rng.choice([0, 1, 2, 32767, 65536]),
        rng.uniform(-1e6, 1e6),
        rng.choice([True, False]),
        dt.datetime(2025, 1, 1) + dt.timedelta(days=rng.randint(-40000, 40000)),
        dt.date(2026, 1, 1),
        dt.time(12, 30),
        dt.timedelta(days=3),
    ]
    return rng.choice(choices)


def edited(base: bytes, rng: random.Random, changes: int) -> bytes:
    """The export with `changes` random cells set to random values of random types."""
    workbook = load_workbook(io.BytesIO(base))
    for _ in range(changes):
        ws = rng.choice(workbook.worksheets)
        row, column = rng.randint(1, ws.max_row + 2), rng.randint(1, ws.max_column + 1)
        cell = ws.cell(row=row, column=column)
        if cell.coordinate in ws.merged_cells:
            continue
        cell.value = _random_value(rng)
        if isinstance(cell.value, str) and cell.value.startswith("=") and rng.random() < 0.5:
            cell.data_type = "s"  # text that starts with "=", as the export writes it
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_case(base: bytes, rng: random.Random) -> Case:
    kind = rng.choice(
        ["edited"] * 8 + ["truncated", "random", "bomb", "forged", "macros", "far", "merge", "xlsm"]
    )
    name = "plan.xlsx"
    if kind == "edited":
        data = edited(base, rng, rng.choice([1, 1, 2, 5, 20]))
    elif kind == "truncated":
        data = base[: rng.randint(0, len(base) - 1)]
    elif kind == "random":
        data = rng.choice([b"PK\x03\x04", b"", b"\xd0\xcf\x11\xe0"]) + rng.randbytes(
            rng.randint(0, 5000)
        )
    elif kind == "bomb":
        data = hostile.zip_bomb(rng.randint(1, 20))
    elif kind == "forged":
        data = hostile.forged_sizes(base, rng.choice([0, 100, 10**6, 0xFFFFFFF0]))
    elif kind == "macros":
        data = hostile.with_macros(base)
    elif kind == "far":
        data = hostile.far_cell(base, rng.choice(["XFD1048576", "A10001", "KO1", "ZZ9999"]))
    elif kind == "merge":
        data = hostile.huge_merge(base, rng.choice(["A100:KN9999", "A1:XFD1048576", "B10:C11"]))
    else:
        data, name = base, "plan.xlsm"
    return Case(kind, name, data)


def state() -> tuple[int, ...]:
    """What a refused import must leave as it was."""
    return (
        Plan.objects.count(),
        Milestone.objects.count(),
        Activity.objects.count(),
        Assignment.objects.count(),
        ChangeRecord.objects.count(),
    )


class FuzzFailure(AssertionError):
    pass


def _step(client: Client, url: str, data: dict[str, object] | None, method: str) -> tuple[int, str]:
    started = time.monotonic()
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    took = time.monotonic() - started
    if took > STEP_SECONDS:
        raise FuzzFailure(f"{method.upper()} {url} took {took:.1f} s")
    if response.status_code not in (200, 302):
        raise FuzzFailure(f"{method.upper()} {url} answered {response.status_code}")
    return response.status_code, response.get("Location", "")


def run_case(client: Client, plan: Plan, case: Case) -> None:
    """Upload, preview and confirm `case` as the plan's owner; FuzzFailure when it goes wrong."""
    before, pending = state(), PendingWorkbook.objects.count()
    upload: dict[str, object] = {"file": SimpleUploadedFile(case.name, case.data)}
    status, location = _step(client, reverse("workbook:import", args=[plan.pk]), upload, "post")
    if status == 200:  # refused at the upload
        if (state(), PendingWorkbook.objects.count()) != (before, pending):
            raise FuzzFailure("a refused upload wrote something")
        return
    _step(client, location, None, "get")
    if state() != before:
        raise FuzzFailure("the preview wrote something")
    status, _location = _step(client, location, {}, "post")
    if status == 200 and state() != before:
        raise FuzzFailure("a refused import wrote something")
