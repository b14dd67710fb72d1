"""The demo's reports: the STO plan's voortgangsrapportage 2025–2026 submitted, a week before
its deadline, with the project leader's own words in two sections; the next one in concept."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from mijlpaal.plans.demo import STO_TITLE
from mijlpaal.plans.models import Membership, Plan, Role
from mijlpaal.reports.services import report_save, report_submit

# Submitted a week before the due date of 1 October 2026 (in the story's weeks).
SUBMITTED_ON = dt.date(2026, 9, 24)
FIRST_TEXTS = {
    "goals": (
        "Het aandeel leerlingen dat voor techniek kiest groeit, maar langzamer dan gepland: "
        "29,5 % in oktober 2025 tegen 28 % bij de nulmeting. De uitval in vmbo 3 daalt volgens "
        "plan. In 2026–2027 zetten we extra in op voorlichting in groep 8 en de onderbouw."
    ),
    "lessons": (
        "De samenwerking met de bedrijven in de regio werkt goed; afspraken over gastlessen en "
        "meeloopdagen leggen we voortaan vóór de zomer vast, zodat het rooster ze meeneemt."
    ),
}
SECOND_TEXTS = {
    "problems": (
        "Het tekort aan technisch docenten blijft het grootste knelpunt. Inhuur via het ROC "
        "vangt een deel op; de scholen onderzoeken samen een gedeelde docentenpool."
    ),
}


def load_demo_reports(plan: Plan, *, shift: dt.timedelta = dt.timedelta(0)) -> int:
    """The STO plan's reports; how many reports were made (none for the other plans)."""
    if plan.title != STO_TITLE:
        return 0
    owner = Membership.objects.filter(plan=plan, role=Role.OWNER).select_related("user").first()
    periods = list(plan.reporting_periods.order_by("start_date", "id"))
    if owner is None or len(periods) < 2:
        return 0
    first, second = periods[0], periods[1]
    submitted = SUBMITTED_ON + shift  # before the story's anchor, so always before today
    with translation.override("nl"):  # the report is the school's record, written in Dutch
        report_save(plan=plan, user=owner.user, period=first, texts=FIRST_TEXTS)
        report_submit(plan=plan, user=owner.user, period=first, on=submitted)
        report_save(plan=plan, user=owner.user, period=second, texts=SECOND_TEXTS)
    return 2
