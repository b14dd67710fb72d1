"""The report's texts: one field per section, prefilled with what the report says now."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mijlpaal.plans.versions import VersionedFormMixin
from mijlpaal.reports.draft import Draft
from mijlpaal.reports.models import Report
from mijlpaal.reports.services import MAX_TEXT


class TextsForm(VersionedFormMixin, forms.Form):
    """A text per section of the draft, named `text_<key>`; empty keeps the generated text."""

    def __init__(self, *args: Any, draft: Draft, report: Report | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.draft = draft
        for section in draft.sections:
            self.fields[f"text_{section.key}"] = forms.CharField(
                label=section.title,
                required=False,
                max_length=MAX_TEXT,
                initial=section.shown,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=_("Leave it as generated, or rewrite it. Empty: the generated text."),
            )
        self.add_version(report)

    def texts(self) -> dict[str, str]:
        """The texts that differ from the generated ones (those are not stored)."""
        found = {}
        for section in self.draft.sections:
            value = (self.cleaned_data.get(f"text_{section.key}") or "").strip()
            if value and value.replace("\r\n", "\n") != section.generated.strip():
                found[section.key] = value
        return found

    def stored_value(self, name: str, current: Any) -> Any:
        key = name.removeprefix("text_")
        generated = {s.key: s.generated for s in self.draft.sections}
        return current.texts.get(key) or generated.get(key, "")

    def section_fields(self) -> list[tuple[Any, Any]]:
        return [(s, self[f"text_{s.key}"]) for s in self.draft.sections]
