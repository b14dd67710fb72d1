"""VERI pages: the matrix, one party's view of it, and who to consult and inform."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseClientRefresh, reswap, retarget

from mijlpaal import clock
from mijlpaal.i18n import current_language
from mijlpaal.monitoring.queries import plan_schedule
from mijlpaal.pages import current_user, is_htmx, plan_context
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.models import Activity, Membership, Milestone, Party, Plan, Role, Workstream
from mijlpaal.plans.scheduling import ItemDates
from mijlpaal.responsibilities import services
from mijlpaal.responsibilities.communication import communication_plan
from mijlpaal.responsibilities.forms import CellForm
from mijlpaal.responsibilities.letters import DUTCH_NAMES, ORDER, display_letters
from mijlpaal.responsibilities.matrix import ROW_MODELS, MatrixRow, load_matrix
from mijlpaal.responsibilities.models import Assignment

LETTER_NAMES = {
    "V": gettext_lazy("Responsible"),
    "E": gettext_lazy("Accountable"),
    "R": gettext_lazy("Consulted"),
    "I": gettext_lazy("Informed"),
    "S": gettext_lazy("Support"),
    "O": gettext_lazy("Out of the loop"),
}
LETTER_DUTIES = {
    "V": gettext_lazy("carries out the work and reports to whoever has the final say"),
    "E": gettext_lazy("has the final say and approves the result"),
    "R": gettext_lazy("is asked for advice beforehand (two-way)"),
    "I": gettext_lazy("is kept up to date afterwards (one-way)"),
    "S": gettext_lazy("gives support"),
    "O": gettext_lazy("is explicitly not involved"),
}
KIND_LABELS = {
    "workstream": gettext_lazy("workstream"),
    "milestone": gettext_lazy("milestone"),
    "activity": gettext_lazy("activity"),
}


@dataclass(frozen=True)
class LegendEntry:
    letter: str  # VERI
    shown: str
    name: str
    duty: str


def _legend_name(letter: str, language: str) -> str:
    """ "Verantwoordelijk"; in English "Verantwoordelijk (Responsible)": the letters stay VERI."""
    name = str(LETTER_NAMES[letter])
    dutch = DUTCH_NAMES[letter]
    return name if language != "en" or dutch == name else f"{dutch} ({name})"


def legend(language: str) -> list[LegendEntry]:
    return [
        LegendEntry(
            letter,
            display_letters(letter, language),
            _legend_name(letter, language),
            str(LETTER_DUTIES[letter]),
        )
        for letter in ORDER
    ]


def _ctx(request: HttpRequest, plan: Plan, membership: Membership, **extra: Any) -> dict[str, Any]:
    language = current_language()
    return plan_context(
        plan,
        membership,
        "veri",
        language=language,
        legend=legend(language),
        e_letter=display_letters("E", language),
        own_party=Party.objects.filter(plan=plan, user=current_user(request))
        .order_by("order", "id")
        .first(),
        **extra,
    )


def _row_item(plan: Plan, kind: str, row_id: int) -> Workstream | Milestone | Activity:
    model = ROW_MODELS.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model._default_manager, pk=row_id, plan=plan)
    assert isinstance(item, Workstream | Milestone | Activity)
    return item


# --- the matrix ----------------------------------------------------------------------------------


@login_required
@require_GET
def matrix(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    return render(
        request,
        "responsibilities/matrix.html",
        _ctx(request, plan, membership, matrix=load_matrix(plan, current_language())),
    )


def _render_row_update(
    request: HttpRequest,
    plan: Plan,
    membership: Membership,
    kind: str,
    pk: int,
    was_unfilled: bool | None = None,
) -> HttpResponse:
    """The row again, its problems recomputed, plus the party headers and the summary out of
    band; the whole page again when the matrix had no letter before the save (`was_unfilled`)
    or has none after it."""
    the_matrix = load_matrix(plan, current_language())
    row = the_matrix.row(kind, pk)
    if row is None:
        raise Http404
    if was_unfilled is not None and was_unfilled != the_matrix.unfilled:
        # The first letter, or the last one gone: the points of every row change.
        return HttpResponseClientRefresh()
    return render(
        request,
        "responsibilities/matrix.html#row-update",
        _ctx(request, plan, membership, matrix=the_matrix, row=row, oob=True),
    )


@login_required
def cell(request: HttpRequest, plan_id: int, kind: str, row_id: int, party_id: int) -> HttpResponse:
    """Edit one cell: a small form in the matrix (htmx) or a page of its own (no JavaScript)."""
    plan, membership = get_plan_for_user(request, plan_id, Role.EDITOR)
    item = _row_item(plan, kind, row_id)
    party = get_object_or_404(Party, pk=party_id, plan=plan)
    language = current_language()
    current = Assignment.objects.filter(plan=plan, party=party, **{kind: item}).first()
    stored = current.letters if current else ""
    initial = {"letters": display_letters(stored, language), "seen": stored}
    form = CellForm(request.POST or None, initial=initial, language=language)
    from_htmx = is_htmx(request)
    saved = False
    if request.method == "POST" and form.is_valid():
        was_unfilled = not Assignment.objects.filter(plan=plan).exclude(letters="").exists()
        try:
            services.assignment_set(
                plan=plan,
                user=current_user(request),
                party=party,
                row=item,
                letters=form.cleaned_data["letters"],
                seen=form.cleaned_data["seen"] if "seen" in request.POST else None,
            )
            saved = True
        except services.CellConflict as conflict:
            form.explain_conflict(conflict.stored, form.cleaned_data["letters"])
    if saved:
        if from_htmx:
            return _render_row_update(request, plan, membership, kind, item.pk, was_unfilled)
        messages.success(
            request,
            _("The role of %(party)s in “%(row)s” has been saved.")
            % {"party": party.name, "row": item},
        )
        return HttpResponseRedirect(
            f"{reverse('responsibilities:matrix', args=[plan.pk])}#veri-row-{kind}-{item.pk}"
        )
    context = _ctx(
        request,
        plan,
        membership,
        form=form,
        kind=kind,
        kind_label=KIND_LABELS[kind],
        item=item,
        party=party,
        cell_id=f"cell-{kind}-{item.pk}-{party.pk}",
    )
    if from_htmx:
        response = render(request, "responsibilities/matrix.html#cell-form", context)
        if request.method == "POST":
            # The form targets the row; a rejected value stays in its cell with the message.
            return reswap(retarget(response, f"#{context['cell_id']}"), "innerHTML")
        return response
    return render(request, "responsibilities/cell.html", context)


@login_required
@require_GET
def row(request: HttpRequest, plan_id: int, kind: str, row_id: int) -> HttpResponse:
    """One row of the matrix as it is: htmx puts it back when editing a cell is cancelled."""
    plan, membership = get_plan_for_user(request, plan_id)
    item = _row_item(plan, kind, row_id)
    if not is_htmx(request):
        return redirect(
            f"{reverse('responsibilities:matrix', args=[plan.pk])}#veri-row-{kind}-{item.pk}"
        )
    return _render_row_update(request, plan, membership, kind, item.pk)


# --- what is expected of one party ---------------------------------------------------------------


@dataclass(frozen=True)
class Expectation:
    row: MatrixRow
    kind_label: str
    letters: list[LegendEntry]
    accountable: list[str]
    start: dt.date | None
    finish: dt.date | None


def _dates_of(
    row: MatrixRow, dates: dict[tuple[str, int], ItemDates], matrix_rows: list[MatrixRow]
) -> ItemDates | None:
    if row.kind != "workstream":
        return dates.get(row.key)
    # A workstream runs from its first start to its last finish.
    inside = [
        dates.get(r.key)
        for r in matrix_rows
        if r.kind != "workstream" and getattr(r.item, "workstream_id", None) == row.item.pk
    ]
    starts = [d.start for d in inside if d and d.start]
    finishes = [d.finish for d in inside if d and d.finish]
    return ItemDates(min(starts, default=None), max(finishes, default=None), None, None, False)


def _all_dates(plan: Plan) -> dict[tuple[str, int], ItemDates]:
    schedule = plan_schedule(plan)
    dates = {("milestone", pk): d for pk, d in schedule.milestones.items()}
    dates.update({("activity", pk): d for pk, d in schedule.activities.items()})
    return dates


@login_required
@require_GET
def party_pick(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The party selector's target (works without JavaScript); without a choice: your own party or
    the first."""
    plan, _membership = get_plan_for_user(request, plan_id)
    parties = Party.objects.filter(plan=plan)
    chosen = request.GET.get("party", "")
    party = parties.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    party = party or parties.filter(user=current_user(request)).order_by("order", "id").first()
    party = party or parties.order_by("order", "name", "id").first()
    if party is None:
        messages.info(request, _("This plan has no parties yet."))
        return redirect("responsibilities:matrix", plan.pk)
    return redirect("responsibilities:party", plan.pk, party.pk)


@login_required
@require_GET
def party(request: HttpRequest, plan_id: int, party_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    the_party = get_object_or_404(Party, pk=party_id, plan=plan)
    language = current_language()
    the_matrix = load_matrix(plan, language)
    dates = _all_dates(plan)
    by_letter = {entry.letter: entry for entry in legend(language)}
    rows = the_matrix.rows
    expectations: list[Expectation] = []
    counts: dict[str, int] = dict.fromkeys(ORDER, 0)
    for matrix_row in rows:
        mine = next(c for c in matrix_row.cells if c.party.pk == the_party.pk)
        if not mine.letters:
            continue
        for letter in mine.letters:
            counts[letter] += 1
        item_dates = _dates_of(matrix_row, dates, rows)
        expectations.append(
            Expectation(
                row=matrix_row,
                kind_label=str(KIND_LABELS[matrix_row.kind]),
                letters=[by_letter[letter] for letter in mine.letters],
                accountable=[c.party.name for c in matrix_row.cells if "E" in c.letters],
                start=item_dates.start if item_dates else None,
                finish=item_dates.finish if item_dates else None,
            )
        )
    column = next(p for p in the_matrix.parties if p.party.pk == the_party.pk)
    return render(
        request,
        "responsibilities/party.html",
        _ctx(
            request,
            plan,
            membership,
            party=the_party,
            expectations=expectations,
            party_problems=column.problems,
            parties=[p.party for p in the_matrix.parties],
            is_you=the_party.user_id == request.user.pk,
            counts=[(by_letter[letter], n) for letter, n in counts.items() if n],
        ),
    )


# --- who to consult and inform -------------------------------------------------------------------


@login_required
@require_GET
def communication(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The communication plan, derived from the matrix: nothing here is typed twice."""
    plan, membership = get_plan_for_user(request, plan_id)
    today = clock.today()
    plan_rows = communication_plan(plan, plan_schedule(plan), today=today)
    return render(
        request,
        "responsibilities/communication.html",
        _ctx(
            request,
            plan,
            membership,
            rows=plan_rows.rows,
            per_party=plan_rows.per_party,
            today=today,
        ),
    )
