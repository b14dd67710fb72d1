from __future__ import annotations

from typing import Any

from django import template
from django.apps import apps

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.filter
def kind_label(object_type: str) -> str:
    """The translated name of a kind of plan content, from its model name."""
    try:
        return str(apps.get_model("plans", object_type)._meta.verbose_name)
    except LookupError:
        return object_type
