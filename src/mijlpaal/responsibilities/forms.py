from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mijlpaal.responsibilities.letters import LetterError, display_letters, parse


class CellForm(forms.Form):
    """The letters of one cell, as typed: VERI letters in every language."""

    letters = forms.CharField(
        label=_("Letters"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "size": 6}),
    )

    # The letters the form showed (VERI, as stored): a save is refused when the cell changed since.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, language: str = "nl", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language = language

    def explain_conflict(self, stored: str, typed: str) -> None:
        """Say what is in the cell now next to the user's input, which the form keeps."""
        self.add_error(
            "letters",
            _(
                "Someone else filled in “%(stored)s” here in the meantime; your input is "
                "“%(typed)s”. Save again to keep your input."
            )
            % {
                "stored": display_letters(stored, self.language) or "—",
                "typed": display_letters(typed, self.language) or "—",
            },
        )
        data = self.data.copy()  # type: ignore[attr-defined]
        data["seen"] = stored
        self.data = data

    def clean_letters(self) -> str:
        typed: str = self.cleaned_data["letters"]
        try:
            return parse(typed, self.language)
        except LetterError as error:
            if error.code == "o_combined":
                raise forms.ValidationError(
                    _("O (out of the loop) cannot be combined with other letters."), code=error.code
                ) from None
            message = _(
                "“%(letters)s” is not a VERI letter. Use V, E, R, I, S or O (see the legend), or "
                "leave it empty."
            )
            raise forms.ValidationError(
                message, code=error.code, params={"letters": error.bad}
            ) from None
