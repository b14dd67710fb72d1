from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mijlpaal.responsibilities.letters import LetterError, parse


class CellForm(forms.Form):
    """The letters of one cell, as typed: VERI letters in Dutch, RACI letters in English."""

    letters = forms.CharField(
        label=_("Letters"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "size": 6}),
    )

    def __init__(self, *args: Any, language: str = "nl", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language = language

    def clean_letters(self) -> str:
        typed: str = self.cleaned_data["letters"]
        try:
            return parse(typed, self.language)
        except LetterError as error:
            if error.code == "o_combined":
                raise forms.ValidationError(
                    _("O (out of the loop) cannot be combined with other letters."), code=error.code
                ) from None
            if self.language.startswith("en"):
                message = _(
                    "“%(letters)s” is not a RACI letter. Use R, A, C, I, S or O, or leave it empty."
                )
            else:
                message = _(
                    "“%(letters)s” is not a VERI letter. Use V, E, R, I, S or O, or leave it empty."
                )
            raise forms.ValidationError(
                message, code=error.code, params={"letters": error.bad}
            ) from None
