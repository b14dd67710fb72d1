"""Turn stored change records into lines a person can read: field labels, yes/no, dates, choices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mijlpaal.plans.models import ChangeRecord

Change = tuple[str, str, str]


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model("plans", object_type)
    except LookupError:
        return None


def _display(field: models.Field[Any, Any] | None, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return date_format(dt.date.fromisoformat(value), "j F Y")
        except ValueError:
            return value
    return str(value)


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def describe(record: ChangeRecord) -> list[Change]:
    """(field label, old value, new value) per changed field, in the order of the model's fields."""
    model = _model(record.object_type)
    rows: list[tuple[int, str, str, str]] = []
    for name, pair in record.changes.items():
        old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        field = _field(model, name)
        if name == "role":
            field = _role_field()
        label = str(field.verbose_name) if field is not None else name
        position = model._meta.fields.index(field) if model and field in model._meta.fields else 999
        rows.append((position, label, _display(field, old), _display(field, new)))
    rows.sort(key=lambda row: row[0])
    return [(label[:1].upper() + label[1:], old, new) for _, label, old, new in rows]


def _role_field() -> models.Field[Any, Any]:
    """Membership and invitation records store a role; both use the Role choices."""
    field = apps.get_model("plans", "membership")._meta.get_field("role")
    assert isinstance(field, models.CharField)
    return field


def describe_changes(records: Iterable[ChangeRecord]) -> dict[int, list[Change]]:
    return {record.pk: describe(record) for record in records}
