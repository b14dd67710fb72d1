"""What a database holds and shows: the rows of every table Mijlpaal backs up, a plan's overview
and its workbook. The backup test takes it here and, with `python -m tests.operations.snapshot`,
in a process on the restored database, and compares the two."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import sys
from typing import Any


def _plain(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def table_rows() -> dict[str, list[Any]]:
    """Per model: the number of rows and a hash of all their values."""
    from django.core import serializers

    from mijlpaal.operations.backup import backup_models

    found: dict[str, list[Any]] = {}
    for model in backup_models():
        rows = serializers.serialize(
            "python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        text = json.dumps(rows, default=_plain, sort_keys=True, ensure_ascii=False)
        found[model._meta.label_lower] = [len(rows), hashlib.sha256(text.encode()).hexdigest()]
    return found


def _without_tokens(html: str) -> str:
    html = re.sub(r'"X-CSRFToken": "[^"]+"', '"X-CSRFToken": "-"', html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def pages(plan_title: str, email: str) -> dict[str, Any]:
    """The plan's overview page and the values of every sheet of its workbook, as `email`."""
    from django.test import Client
    from django.urls import reverse
    from openpyxl import load_workbook

    from mijlpaal.accounts.models import User
    from mijlpaal.plans.models import Plan

    client = Client()
    client.force_login(User.objects.get(email=email))
    plan = Plan.objects.get(title=plan_title)
    overview = client.get(reverse("plans:overview", args=[plan.pk]))
    assert overview.status_code == 200
    exported = client.get(reverse("workbook:export", args=[plan.pk]))
    assert exported.status_code == 200
    workbook = load_workbook(io.BytesIO(exported.content))
    sheets = {
        sheet.title: [[_plain(v) if v is not None else None for v in row] for row in sheet.values]
        for sheet in workbook.worksheets
    }
    return {"overview": _without_tokens(overview.content.decode()), "workbook": sheets}


def snapshot(moment: dt.datetime, plan_title: str, email: str) -> dict[str, Any]:
    import time_machine

    rows = table_rows()  # before the pages: logging in writes a session and the last login
    with time_machine.travel(moment, tick=False):
        shown = pages(plan_title, email)
    return {"rows": rows, "pages": shown}


if __name__ == "__main__":
    import django

    django.setup()
    moment, title, address = sys.argv[1:4]
    print(json.dumps(snapshot(dt.datetime.fromisoformat(moment), title, address)))
