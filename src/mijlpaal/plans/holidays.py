"""The plan's school holidays in the web app: which school years are known for its region, and
reading in the government's open-data file (the importer of `mijlpaal calendar import`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mijlpaal import clock
from mijlpaal.accounts.models import User
from mijlpaal.i18n import current_language
from mijlpaal.pages import current_user, render_plan_page
from mijlpaal.planning.school_holidays import (
    MAX_BYTES,
    ImportCounts,
    SchoolHolidayDataError,
    holidays_to_rows,
    merge_school_holidays,
    parse_open_data,
)
from mijlpaal.plans.access import get_plan_for_user
from mijlpaal.plans.holiday_data import (
    forget_school_holidays,
    plan_coverage,
    plan_school_holidays,
    shown,
)
from mijlpaal.plans.models import Plan, Role, SchoolHolidayImport
from mijlpaal.plans.services import record_change

MAX_PROBLEMS = 10  # problems listed on the page; the rest are counted


class SchoolHolidayFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Open-data file of the school holidays (.json)"))

    def clean_file(self) -> tuple[str, str]:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 2 MB; the school holidays of a year are a few kB.")
            )
        try:
            return str(upload.name or "")[:200], str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("This is not a text file in UTF-8; upload the JSON file of the open data.")
            ) from None


@transaction.atomic
def school_holidays_import(
    *, user: User, plan: Plan, file_name: str, text: str
) -> tuple[SchoolHolidayImport, ImportCounts]:
    """Read open-data JSON into the plan's school holidays, with a line in its history; the
    import and how many holidays it added, changed and left as they were.

    Raises SchoolHolidayDataError (every problem, Dutch and English) and then stores nothing.
    """
    parsed = parse_open_data(text)
    Plan.objects.select_for_update().filter(pk=plan.pk).first()  # one import at a time
    forget_school_holidays(plan)
    _merged, counts = merge_school_holidays(plan_school_holidays(plan), parsed)
    years = ", ".join(sorted({h.schoolyear for h in parsed}))[:200]
    record = SchoolHolidayImport.objects.create(
        plan=plan,
        file_name=file_name,
        schoolyears=years,
        holidays=holidays_to_rows(parsed),
        uploaded_by=user,
        uploaded_at=clock.now(),
    )
    after = {"file_name": file_name, "schoolyears": years}
    record_change(plan=plan, user=user, obj=record, before=None, after=after)
    forget_school_holidays(plan)
    return record, counts


def holiday_context(plan: Plan, form: SchoolHolidayFileForm | None = None) -> dict[str, Any]:
    """What the settings page and the import page show of the plan's school holidays."""
    imports = SchoolHolidayImport.objects.filter(plan=plan).select_related("uploaded_by")
    return {
        "holiday_coverage": plan_coverage(plan),
        "holiday_imports": list(imports.order_by("-uploaded_at", "-id")[:5]),
        "holiday_form": form or SchoolHolidayFileForm(),
    }


@login_required
def school_holidays_upload(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Read in the government's open-data file of school holidays for this plan (owners)."""
    plan, membership = get_plan_for_user(request, plan_id, Role.OWNER)
    form = SchoolHolidayFileForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        file_name, text = form.cleaned_data["file"]
        try:
            record, counts = school_holidays_import(
                user=current_user(request), plan=plan, file_name=file_name, text=text
            )
        except SchoolHolidayDataError as error:
            found = error.messages(current_language())
            problems = found[:MAX_PROBLEMS]
            if len(found) > MAX_PROBLEMS:
                problems.append(_("And %(n)d more.") % {"n": len(found) - MAX_PROBLEMS})
            form.add_error(
                "file",
                _(
                    "This file was not read in: it is not a valid open-data file of the school "
                    "holidays. Nothing has changed."
                ),
            )
        else:
            messages.success(request, _imported_message(record, counts))
            return redirect("plans:settings", plan.pk)  # the message at the top says what changed
    return render_plan_page(
        request,
        "plans/school_holidays.html",
        plan,
        membership,
        "settings",
        form=form,
        problems=problems,
        **holiday_context(plan, form),
    )


def _imported_message(record: SchoolHolidayImport, counts: ImportCounts) -> str:
    return _(
        "School holidays read in for school years %(years)s: %(added)d added, %(updated)d "
        "changed, %(unchanged)d unchanged."
    ) % {
        "years": shown(record.schoolyears),
        "added": counts.added,
        "updated": counts.updated,
        "unchanged": counts.unchanged,
    }
