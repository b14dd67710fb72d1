"""Evaluation moments (tussen- en eindevaluaties): planning them on the plan's calendar and
answering them.

The reflection questions and the phase checklist come from the "Stappenplan maken" phase of
Voortgezet Leren (seed 003). Answers become a logbook entry of kind "evaluation"; answering
again adds another entry, as everything in the logbook is append-only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mijlpaal import clock, planning
from mijlpaal.accounts.models import User
from mijlpaal.i18n import current_language
from mijlpaal.monitoring.models import Entry, EntryKind, Evaluation, EvaluationKind, Target
from mijlpaal.plans.models import Phase, Plan
from mijlpaal.plans.services import record_saved, snapshot
from mijlpaal.plans.versions import check_version

# Reflectie: "Bespreek de volgende vragen".
REFLECTION_QUESTIONS = (
    gettext_lazy("How did making the step-by-step plan go? What went well? What could be better?"),
    gettext_lazy(
        "Which lessons from the process do you take to the next phase? What do you want to keep? "
        "What do you want to improve?"
    ),
    gettext_lazy(
        "Have you kept colleagues sufficiently informed of the state of affairs and the next steps "
        "in the development process?"
    ),
    gettext_lazy("Are you still on the right track, or do things need to be adjusted?"),
    gettext_lazy("Do you have a plan and a schedule for the next phase?"),
)

# Checklist: "Jullie hebben een stappenplan geformuleerd waarin in ieder geval staat:".
CHECKLIST_INTRO = gettext_lazy("You have formulated a step-by-step plan that states at least:")
CHECKLIST_ITEMS = (
    gettext_lazy("what the interim goals and final goals are."),
    gettext_lazy("which actions you will carry out and who the action holders are."),
    gettext_lazy("what the clear milestones and deadlines are."),
    gettext_lazy("when the interim and final evaluation take place."),
    gettext_lazy(
        "how the steps connect to the ambition, the starting situation, the context of the school "
        "and "
        "the development strategy, and how it fits within your school's annual planning."
    ),
)

# The logbook is the school's record, kept in Dutch like the rest of what it writes down.
RECORD_LANGUAGE = "nl"


# --- the plan's calendar ------------------------------------------------------------------------


def calendar_note(calendar: planning.WorkCalendar, day: dt.date) -> str:
    """Why a school would rather not meet on `day` ("Valt in de kerstvakantie"), or "" on a working
    day."""
    if calendar.is_working_day(day):
        return ""
    for holiday in calendar.school_holidays:
        if holiday.start <= day <= holiday.end:
            return _("Falls in the school holiday (%(holiday)s)") % {"holiday": holiday.name}
    names = planning.public_holidays(
        day.year, calendar.spec.good_friday_off, calendar.spec.liberation_day_yearly
    )
    if day in names:
        english = current_language() == "en"
        return _("Falls on %(holiday)s, a public holiday") % {
            "holiday": names[day][1 if english else 0]
        }
    if day.weekday() == 5:
        return _("Falls on a Saturday")
    if day.weekday() == 6:
        return _("Falls on a Sunday")
    reason = calendar.non_working_reason(day) or ""
    return _("Not a working day: %(reason)s") % {"reason": reason}


@dataclass(frozen=True)
class Suggestion:
    """An evaluation moment worth planning: halfway (interim) or at the end (final)."""

    kind: str
    planned_on: dt.date
    title: str


def suggestions(
    plan: Plan, evaluations: Sequence[Evaluation], calendar: planning.WorkCalendar
) -> list[Suggestion]:
    """An interim evaluation halfway and a final one at the end, for whichever kind is not planned
    yet.

    Both land on a working day of the plan's calendar, so not in a school holiday.
    """
    kinds = {e.kind for e in evaluations}
    out = []
    if EvaluationKind.INTERIM not in kinds:
        halfway = plan.start_date + (plan.end_date - plan.start_date) // 2
        out.append(
            Suggestion(
                EvaluationKind.INTERIM, calendar.on_or_after(halfway), _("Interim evaluation")
            )
        )
    if EvaluationKind.FINAL not in kinds:
        out.append(
            Suggestion(
                EvaluationKind.FINAL, calendar.on_or_before(plan.end_date), _("Final evaluation")
            )
        )
    return out


# --- services -----------------------------------------------------------------------------------


@transaction.atomic
def evaluation_plan(
    *, plan: Plan, user: User, evaluation: Evaluation, version: str | None = None
) -> Evaluation:
    """Plan an evaluation moment, or move or rename one (editor and up; the view checks the
    role)."""
    if (
        evaluation.pk is not None
        and not Evaluation.objects.filter(pk=evaluation.pk, plan=plan).exists()
    ):
        raise ValidationError(_("This evaluation moment does not belong to the plan."))
    evaluation.plan = plan
    if (
        evaluation.phase_id is not None
        and not Phase.objects.filter(pk=evaluation.phase_id, plan=plan).exists()
    ):
        raise ValidationError({"phase": _("This phase does not belong to the plan.")})
    before = None
    if evaluation.pk is not None:
        stored = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        check_version(stored, version)
        before = snapshot(stored)
    evaluation.full_clean()
    evaluation.save()
    record_saved(plan=plan, user=user, obj=evaluation, before=before)
    return evaluation


def _summary(evaluation: Evaluation, answered: int, done: int) -> str:
    return _(
        "%(kind)s: %(answered)s of %(questions)s questions answered, %(done)s of %(items)s "
        "checklist items done."
    ) % {
        "kind": capfirst(evaluation.get_kind_display()),
        "answered": answered,
        "questions": len(REFLECTION_QUESTIONS),
        "done": done,
        "items": len(CHECKLIST_ITEMS),
    }


@transaction.atomic
def evaluation_answer(
    *,
    plan: Plan,
    user: User,
    evaluation: Evaluation,
    answers: Sequence[str],
    done: Sequence[bool],
    held_on: dt.date | None = None,
) -> Entry:
    """Write the answers of an evaluation moment into the logbook, as a new entry.

    `answers` follow REFLECTION_QUESTIONS and `done` follows CHECKLIST_ITEMS. The questions and
    items are stored with their text, in Dutch, so the entry reads the same whatever changes later.
    """
    if evaluation.plan_id != plan.pk:
        raise ValidationError(_("This evaluation moment does not belong to the plan."))
    if len(answers) != len(REFLECTION_QUESTIONS) or len(done) != len(CHECKLIST_ITEMS):
        raise ValidationError(_("Answer the questions of this evaluation."))
    answers = [a.strip() for a in answers]
    if not any(answers) and not any(done):
        raise ValidationError(
            _("Answer at least one question or tick at least one checklist item.")
        )
    held_on = held_on or clock.today()
    if held_on > clock.today():
        raise ValidationError(_("The evaluation cannot have been held in the future."))
    with translation.override(RECORD_LANGUAGE):
        record = {
            "questions": [
                {"question": str(q), "answer": a}
                for q, a in zip(REFLECTION_QUESTIONS, answers, strict=True)
            ],
            "checklist": [
                {"item": str(i), "done": bool(d)}
                for i, d in zip(CHECKLIST_ITEMS, done, strict=True)
            ],
        }
        summary = _summary(evaluation, sum(1 for a in answers if a), sum(1 for d in done if d))
    entry = Entry(
        plan=plan,
        kind=EntryKind.EVALUATION,
        target=Target.PLAN,
        evaluation=evaluation,
        subject=evaluation.title[:300],
        explanation=summary,
        answers=record,
        reported_on=held_on,
        author=user,
        author_name=user.display_name[:200],
    )
    entry.full_clean()
    entry.save()
    return entry
