"""The logbook out: every entry of a plan, filtered by period, workstream, light or kind; on screen,
.xlsx or .csv.

The downloads are in Dutch (headers and values), like the workbook export: the logbook is the
school's own record.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from mijlpaal.downloads import as_attachment, file_name
from mijlpaal.monitoring.models import Entry, EntryKind, Light
from mijlpaal.pages import plan_context
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.forms import DateInput
from mijlpaal.plans.models import Membership, Plan, Role, Workstream
from mijlpaal.spreadsheets import csv_text, workbook_bytes

PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD-MM-YYYY"
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"
# (header, column width in characters)
COLUMNS = (
    ("Datum", 12),
    ("Onderwerp", 40),
    ("Soort", 14),
    ("Deelproject", 28),
    ("Status", 10),
    ("Bereikt op", 12),
    ("Toelichting", 60),
    ("Knelpunten", 40),
    ("Maatregelen", 40),
    ("Prognose", 12),
    ("Percentage", 12),
    ("Auteur", 24),
    ("Corrigeert", 40),
    ("Vastgelegd op", 17),
)
HEADERS = [header for header, _width in COLUMNS]
# The file is Dutch whatever the user's language, so its values are spelled out here.
DATE_MESSAGE = _("Enter the date as year-month-day, such as 2025-01-01.")


class LogbookFilterForm(forms.Form):
    """The GET parameters of the logbook: from, to, workstream, light, kind. All optional."""

    def __init__(self, data: Any, *, workstreams: list[Workstream]) -> None:
        super().__init__(data)
        self.fields["from"] = forms.DateField(
            label=_("From"),
            required=False,
            input_formats=["%Y-%m-%d"],
            widget=DateInput(),
            error_messages={"invalid": DATE_MESSAGE},
        )
        self.fields["to"] = forms.DateField(
            label=_("To"),
            required=False,
            input_formats=["%Y-%m-%d"],
            widget=DateInput(),
            error_messages={"invalid": DATE_MESSAGE},
        )
        self.fields["workstream"] = forms.TypedChoiceField(
            label=_("Workstream"),
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", _("All workstreams")), *[(w.pk, w.name) for w in workstreams]],
            error_messages={"invalid_choice": _("This workstream is not part of this plan.")},
        )
        self.fields["light"] = forms.ChoiceField(
            label=_("Status"),
            required=False,
            choices=[("", _("All statuses")), *Light.choices],
            error_messages={
                "invalid_choice": _("Choose green, orange, red or reached as the status.")
            },
        )
        self.fields["kind"] = forms.ChoiceField(
            label=_("Kind"),
            required=False,
            choices=[("", _("Status updates and evaluations")), *EntryKind.choices],
            error_messages={"invalid_choice": _("Choose status update or evaluation as the kind.")},
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end and end < start:
            self.add_error("to", _("The end of the period is before its start."))
        return data


@dataclass(frozen=True)
class Selection:
    """What the form asked for, once it is valid."""

    start: dt.date | None
    end: dt.date | None
    workstream: int | None
    light: str
    kind: str

    def entries(self, plan: Plan) -> QuerySet[Entry]:
        """The plan's entries that match, newest first, with what the logbook shows of them (one
        query)."""
        qs = Entry.objects.filter(plan=plan).select_related(
            "corrects",
            "workstream",
            "milestone__workstream",
            "activity__workstream",
        )
        if self.start:
            qs = qs.filter(reported_on__gte=self.start)
        if self.end:
            qs = qs.filter(reported_on__lte=self.end)
        if self.workstream:
            # A workstream covers its own entries and those about its milestones and activities.
            qs = qs.filter(
                Q(workstream_id=self.workstream)
                | Q(milestone__workstream_id=self.workstream)
                | Q(activity__workstream_id=self.workstream)
            )
        if self.light:
            qs = qs.filter(light=self.light)
        if self.kind:
            qs = qs.filter(kind=self.kind)
        return qs.order_by("-reported_on", "-created_at", "-id")

    def filename(self, plan: Plan, extension: str) -> str:
        period = ""
        if self.start and self.end:
            period = f" {self.start:%Y-%m-%d} tot {self.end:%Y-%m-%d}"
        elif self.start:
            period = f" vanaf {self.start:%Y-%m-%d}"
        elif self.end:
            period = f" tot {self.end:%Y-%m-%d}"
        return file_name(f"{plan.title}{period}", extension, prefix="Logboek ")


def _form(request: HttpRequest, plan: Plan) -> tuple[LogbookFilterForm, Selection | None]:
    workstreams = list(Workstream.objects.filter(plan=plan).order_by("order", "id"))
    form = LogbookFilterForm(request.GET or None, workstreams=workstreams)
    if not form.is_bound:
        return form, Selection(None, None, None, "", "")
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, Selection(
        data["from"], data["to"], data["workstream"], data["light"], data["kind"]
    )


def _filter_query(request: HttpRequest) -> str:
    """The filter's query string, without the page number: for the download links and the pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _page(
    request: HttpRequest,
    plan: Plan,
    membership: Membership,
    form: LogbookFilterForm,
    selection: Selection | None,
    *,
    status: int = 200,
) -> HttpResponse:
    page = None
    shown: set[int] = set()
    corrected: dict[int, Entry] = {}
    if selection is not None:
        paginator = Paginator(selection.entries(plan), PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        shown = {e.pk for e in page.object_list}
        # Corrections of entries on this page, also when the correction itself falls outside the
        # filter.
        corrected = {
            e.corrects_id: e
            for e in Entry.objects.filter(plan=plan, corrects_id__in=shown).only(
                "id", "corrects_id", "reported_on"
            )
            if e.corrects_id is not None
        }
    return render(
        request,
        "monitoring/logbook.html",
        plan_context(
            plan,
            membership,
            "monitoring",
            form=form,
            page=page,
            shown=shown,
            corrected_by=corrected,
            corrected=set(corrected),
            filter_query=_filter_query(request),
            can_report=membership.has_role(Role.CONTRIBUTOR),
        ),
        status=status,
    )


@login_required
@require_GET
def logbook(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    form, selection = _form(request, plan)
    return _page(request, plan, membership, form, selection)


# --- downloads ----------------------------------------------------------------------------------


def _workstream_name(entry: Entry) -> str:
    workstream = entry.workstream
    if workstream is None and entry.milestone is not None:
        workstream = entry.milestone.workstream
    if workstream is None and entry.activity is not None:
        workstream = entry.activity.workstream
    return workstream.name if workstream is not None else ""


def _corrects(entry: Entry) -> str:
    if entry.corrects is None:
        return ""
    return f"{entry.corrects.reported_on:%Y-%m-%d} {entry.corrects.subject}".strip()


def rows(plan: Plan, entries: QuerySet[Entry]) -> Iterator[list[Any]]:
    """One row per entry, in the order of COLUMNS; dates as dates, in Dutch."""
    with translation.override("nl"):
        yield from (_row(plan, e) for e in entries.iterator(chunk_size=2000))


def _row(plan: Plan, e: Entry) -> list[Any]:
    return [
        e.reported_on,
        e.subject or plan.title,
        e.get_kind_display(),
        _workstream_name(e),
        e.get_light_display(),
        e.reached_on,
        e.explanation,
        e.problems,
        e.measures,
        e.forecast,
        e.percent,
        e.author_name,
        _corrects(e),
        localtime(e.created_at).replace(tzinfo=None, microsecond=0),
    ]


def logbook_workbook(plan: Plan, entries: QuerySet[Entry]) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Logboek"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    # Row by row with the row number kept here: ws.max_row and ws[n] scan every cell so far.
    for number, row in enumerate(rows(plan, entries), start=2):
        values = [None if value == "" else value for value in row]
        ws.append(values)
        for column, value in enumerate(values, start=1):
            if isinstance(value, dt.datetime):
                ws.cell(row=number, column=column).number_format = DATETIME_FORMAT
            elif isinstance(value, dt.date):
                ws.cell(row=number, column=column).number_format = DATE_FORMAT
    for col, (_header, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{ws.max_row}"
    return workbook_bytes(workbook)


def _csv_value(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, str):
        return str(csv_text(value))
    return "" if value is None else str(value)


def logbook_csv_text(plan: Plan, entries: QuerySet[Entry]) -> str:
    out = io.StringIO()
    # Dutch Excel reads a semicolon-separated file, and needs the BOM to see UTF-8.
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows(plan, entries):
        writer.writerow([_csv_value(v) for v in row])
    return "\ufeff" + out.getvalue()


def _download(request: HttpRequest, plan_id: int, extension: str) -> HttpResponse:
    plan, membership = get_plan_for_user(request, plan_id)
    form, selection = _form(request, plan)
    if selection is None:
        return _page(request, plan, membership, form, selection, status=400)
    entries = selection.entries(plan)
    if extension == "xlsx":
        response = HttpResponse(logbook_workbook(plan, entries), content_type=XLSX)
    else:
        response = HttpResponse(
            logbook_csv_text(plan, entries).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
    return as_attachment(response, selection.filename(plan, extension))


@login_required
@require_GET
def logbook_xlsx(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _download(request, plan_id, "xlsx")


@login_required
@require_GET
def logbook_csv(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _download(request, plan_id, "csv")
