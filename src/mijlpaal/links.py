"""Links to many rows on one page: reverse a URL once, then fill in each row's ids.

Django's `reverse` (and the `{% url %}` tag) resolves the whole pattern on every call; a page with a
link per milestone, activity, party or VERI cell on a big plan spent most of its time there.
`url_format` reverses once, with placeholders for the ids that change per row, and gives a string
to `format` per row.
"""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

SLOT = object()  # an argument filled in per row (`url_format`)

# Never real ids in a path: reversed in the places of the slots, then replaced by "{0}", "{1}", ….
_FIRST = 918273645546372810


def url_format(viewname: str, *args: object) -> str:
    """The URL of `viewname` with `args`, "{0}", "{1}", … where `args` has SLOT (without any: one
    more, last argument): `url_format("plans:item_detail", plan.pk, "milestone").format(m.pk)`.
    Remembered per process, like Django's own resolver caches."""
    if not any(a is SLOT for a in args):
        args = (*args, SLOT)
    return _url_format(get_urlconf(), get_script_prefix(), viewname, args)


@lru_cache(maxsize=2048)
def _url_format(urlconf: object, prefix: str, viewname: str, args: tuple[object, ...]) -> str:
    slots = 0
    filled: list[object] = []
    for a in args:
        if a is SLOT:
            filled.append(_FIRST + slots)
            slots += 1
        else:
            filled.append(a)
    url = reverse(viewname, args=filled)
    for n in range(slots):
        url = url.replace(str(_FIRST + n), f"{{{n}}}")
    return url
