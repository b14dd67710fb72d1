"""Lost updates: an edit form carries the version of what it showed, and saving checks it.

A version is a hash of the item's stored values, so nothing extra is kept in the database. When
someone else saved the item after the form was shown, the save is refused with an `EditConflict`
and the form shows what is stored now next to what the user typed, keeping the user's input.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext as _

# Values that other pages change without editing the item: its place in a list.
UNVERSIONED = {"order"}


def version_of(obj: models.Model) -> str:
    values = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.name not in UNVERSIONED and not isinstance(field, models.DateTimeField)
    }
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def settings_version(plan: models.Model) -> str:
    """The version of a plan's settings page: its own fields, phases, domains and periods."""
    parts = [version_of(plan)]
    for related in ("phases", "domains", "reporting_periods"):
        parts += [version_of(row) for row in getattr(plan, related).all()]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


class EditConflict(Exception):
    """Someone else saved the item since the form was shown; `current` is what is stored now."""

    def __init__(self, current: models.Model) -> None:
        super().__init__("edit conflict")
        self.current = current


def check_version(current: models.Model, expected: str | None) -> None:
    """Refuse the save when the stored item is not the version the form showed. Call it with
    the stored row locked (select_for_update), inside the transaction that saves."""
    if expected and version_of(current) != expected:
        raise EditConflict(current)


def _shown(form: forms.BaseForm, name: str, value: Any) -> str:
    field = form.fields[name]
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(field, forms.ModelChoiceField):
        value = field.queryset.filter(pk=value).first() if value else None  # type: ignore[union-attr]
    elif getattr(field, "choices", None):
        value = dict(field.choices).get(value, value)  # type: ignore[attr-defined]
    return "—" if value in (None, "") else str(value)


class VersionedFormMixin(forms.BaseForm):
    """Adds the hidden version of the item the form shows."""

    def add_version(self, instance: models.Model | None) -> None:
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
        if instance is not None and instance.pk is not None:
            self.fields["version"].initial = version_of(instance)

    def stored_value(self, name: str, current: models.Model) -> Any:
        """What is stored now for the form field `name`."""
        field = current._meta.get_field(name)
        return getattr(current, getattr(field, "attname", name))

    def explain_conflict(self, conflict: EditConflict, version: str | None = None) -> None:
        """Show what is stored now next to the user's input, which the form keeps; saving again
        overwrites, knowingly."""
        lines = []
        for name in self.fields:
            if name == "version" or name not in self.cleaned_data:
                continue
            stored = self.stored_value(name, conflict.current)
            typed = self.cleaned_data[name]
            typed = getattr(typed, "pk", typed)
            if stored != typed:
                lines.append(
                    _("%(field)s — saved now: “%(stored)s”; your input: “%(typed)s”")
                    % {
                        "field": self.fields[name].label or name,
                        "stored": _shown(self, name, stored),
                        "typed": _shown(self, name, typed),
                    }
                )
        self.add_error(
            None,
            _(
                "Someone else saved this item after you opened it. Check the differences and "
                "save again to keep your input."
            ),
        )
        for line in lines:
            self.add_error(None, line)
        data = self.data.copy()  # type: ignore[attr-defined]
        data[self.add_prefix("version")] = version or version_of(conflict.current)
        self.data = data
