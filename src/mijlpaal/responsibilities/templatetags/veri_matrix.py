"""The cells of the VERI matrix, written here rather than in the template: a big plan has ten
thousand of them, and a template loop with a `{% url %}` per cell took most of a second."""

from __future__ import annotations

from html import escape  # Django's escape is this, plus a lazy-string wrapper costly per cell
from typing import Any

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

from mijlpaal.links import SLOT, url_format
from mijlpaal.responsibilities.matrix import MatrixCell, MatrixRow

register = template.Library()


@register.simple_tag(takes_context=True)
def veri_row_url(context: Context, row: MatrixRow) -> str:
    """`{% url 'plans:item_detail' plan.pk row.kind row.item.pk %}`."""
    return url_format("plans:item_detail", context["plan"].pk, row.kind).format(row.item.pk)


def _letters(cell: MatrixCell) -> str:
    return "".join(
        f'<span class="veri-l veri-l-{escape(veri)}">{escape(shown)}</span>'
        for veri, shown in cell.pieces
    )


@register.simple_tag(takes_context=True)
def veri_cells(context: Context, row: MatrixRow) -> SafeString:
    """The row's cells: a link to edit each for editors, the letters for everyone else."""
    plan: Any = context["plan"]
    editable = bool(context.get("can_edit"))
    cell_url = url_format("responsibilities:cell", plan.pk, row.kind, SLOT, SLOT)
    label = escape(row.label)
    row_id = row.item.pk
    out: list[str] = []
    for cell in row.cells:
        party_id = cell.party.pk
        aria = f"{escape(cell.party.name)} · {label}: {escape(cell.shown) or '—'}"
        if editable:
            url = escape(cell_url.format(row_id, party_id))
            inner = (
                f'<a class="veri-letters" href="{url}" hx-get="{url}" hx-target="closest td" '
                f'hx-swap="innerHTML" aria-label="{aria}">{_letters(cell)}</a>'
            )
        else:
            inner = (
                f'<span class="veri-letters" tabindex="0" aria-label="{aria}">'
                f"{_letters(cell)}</span>"
            )
        out.append(f'<td class="veri-cell" id="cell-{row.kind}-{row_id}-{party_id}">{inner}</td>')
    return mark_safe("".join(out))  # every value above is escaped
