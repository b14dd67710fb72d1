"""VERI-matrix: which party plays which role (V, E, R, I, S, O) on which row of a plan."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mijlpaal.plans.models import Activity, Milestone, Party, Plan, Workstream, optional_link
from mijlpaal.responsibilities.letters import ORDER, canonical

ROW_KINDS = ("workstream", "milestone", "activity")

NO_LETTERS = _("Choose at least one of V, E, R, I, S or O.")
ONE_ROW = _("A VERI cell belongs to exactly one workstream, milestone or activity.")
ALREADY = _("This party already has a role on this row; change that cell instead.")


def validate_letters(value: str) -> None:
    """At least one of V, E, R, I, S, O, each once, and O (out of the loop) alone."""
    if not value:
        raise ValidationError(NO_LETTERS, code="no_letters")
    bad = "".join(sorted({ch for ch in value if ch not in ORDER}))
    if bad:
        raise ValidationError(
            _("Unknown letter(s) %(letters)s: use V, E, R, I, S or O."),
            code="unknown_letter",
            params={"letters": bad},
        )
    if "O" in value and len(canonical(value)) > 1:
        raise ValidationError(
            _("O (out of the loop) cannot be combined with other letters."), code="o_combined"
        )


class Assignment(models.Model):
    """Een cel van de VERI-matrix: the letters one party has on one row."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("party")
    )
    workstream = optional_link(Workstream, "assignments", _("workstream"), models.CASCADE)
    milestone = optional_link(Milestone, "assignments", _("milestone"), models.CASCADE)
    activity = optional_link(Activity, "assignments", _("activity"), models.CASCADE)
    letters = models.CharField(_("letters"), max_length=6, validators=[validate_letters])

    class Meta:
        verbose_name = _("VERI assignment")
        verbose_name_plural = _("VERI assignments")
        ordering = ("party__order", "party__name", "id")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(workstream__isnull=False, milestone__isnull=True, activity__isnull=True)
                | Q(workstream__isnull=True, milestone__isnull=False, activity__isnull=True)
                | Q(workstream__isnull=True, milestone__isnull=True, activity__isnull=False),
                name="assignment_one_row",
                violation_error_message=ONE_ROW,
            ),
            models.CheckConstraint(
                condition=~Q(letters=""),
                name="assignment_has_letters",
                violation_error_message=NO_LETTERS,
            ),
            models.UniqueConstraint(
                fields=("party", "workstream"),
                condition=Q(workstream__isnull=False),
                name="assignment_unique_workstream",
                violation_error_message=ALREADY,
            ),
            models.UniqueConstraint(
                fields=("party", "milestone"),
                condition=Q(milestone__isnull=False),
                name="assignment_unique_milestone",
                violation_error_message=ALREADY,
            ),
            models.UniqueConstraint(
                fields=("party", "activity"),
                condition=Q(activity__isnull=False),
                name="assignment_unique_activity",
                violation_error_message=ALREADY,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_label}: {self.letters} ({self.row_label})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.letters = canonical(self.letters) if set(self.letters) <= set(ORDER) else self.letters
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        # That there is exactly one row is for the constraint to say (assignment_one_row).
        if self.letters and set(self.letters) <= set(ORDER):
            self.letters = canonical(self.letters)
        plan_ids = {self.plan_id, self.party.plan_id if self.party_id else self.plan_id}
        row = self.row
        if row is not None:
            plan_ids.add(row.plan_id)
        if len(plan_ids) > 1:
            raise ValidationError(
                _("The party and the row must belong to this plan."), code="other_plan"
            )

    @property
    def party_label(self) -> str:
        return str(self.party) if self.party_id else "?"

    @property
    def row(self) -> Workstream | Milestone | Activity | None:
        return self.workstream or self.milestone or self.activity

    @property
    def row_label(self) -> str:
        row = self.row
        if isinstance(row, Milestone):
            return row.label
        return str(row) if row is not None else "?"

    @property
    def row_key(self) -> tuple[str, int]:
        for kind in ROW_KINDS:
            pk = getattr(self, f"{kind}_id")
            if pk is not None:
                return kind, pk
        raise ValueError("assignment without a row")
