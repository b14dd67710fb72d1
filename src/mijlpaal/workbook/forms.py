from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("An Excel workbook in the layout of a Mijlpaal export, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
