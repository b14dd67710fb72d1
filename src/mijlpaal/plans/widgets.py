"""Form widgets for lists as long as a big plan."""

from __future__ import annotations

from django import forms


class LongSelect(forms.Select):
    """A select of hundreds of options (every milestone and activity of a plan): the same markup
    as Django's, without an included template per option, which made an item's page slow."""

    template_name = "plans/widgets/long_select.html"
