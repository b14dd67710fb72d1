"""Links to many rows on one page: reverse a URL once, then fill in each row's id.

Django's `reverse` (and the `{% url %}` tag) resolves the whole pattern on every call; a page with a
link per milestone, activity and party on a big plan spends most of its time there. `url_format`
reverses once with a placeholder for the last argument and gives a string to format per row.
"""

from __future__ import annotations

from django.urls import reverse

# Never a real id in a path: reversed in the place of the last argument, then replaced by "{}".
_SLOT = 918273645546372819


def url_format(viewname: str, *args: object) -> str:
    """The URL of `viewname` with `args` and "{}" where the last (integer) argument goes:
    `url_format("plans:item_detail", plan.pk, "milestone").format(m.pk)`."""
    return reverse(viewname, args=[*args, _SLOT]).replace(str(_SLOT), "{}")
