"""A plan's budget (begroting): planned costs per workstream, its funding, and what was spent.

Money is a `Decimal` in euros with two decimals, hours a `Decimal` with one. Planned hours are the
milestones' own `effort_hours`. What was spent (realisatie) is append-only, like the logbook's
status updates: a correction is a new entry that refers to the one it corrects and replaces it;
nothing is edited or deleted.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mijlpaal.plans.models import Milestone, Party, Plan, Workstream, key_field, unique_key

ZERO = Decimal(0)
CENTS = Decimal("0.01")
TENTHS = Decimal("0.1")
DEFAULT_MINIMUM = Decimal(10)  # percent of the total budget; Sterk Techniekonderwijs asks 10%


class CostCategory(models.TextChoices):
    STAFF = "staff", _("staff (hours)")  # personeel/uren
    MATERIALS = "materials", _("materials")  # materiaal
    HIRED = "hired", _("hired services")  # inhuur
    OTHER = "other", _("other costs")  # overig


class FundingKind(models.TextChoices):
    SUBSIDY = "subsidy", _("subsidy")  # subsidie
    COFINANCING = "cofinancing", _("co-financing")  # cofinanciering, by a party of the plan
    OWN = "own", _("own contribution")  # eigen bijdrage


def money_field(verbose_name: str | object) -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(
        verbose_name,  # type: ignore[arg-type]
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
    )


class BudgetSettings(models.Model):
    """The plan's budget rules: the minimum share of co-financing."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="budget_settings")
    cofinancing_minimum = models.DecimalField(
        _("minimum co-financing (percent of the total budget)"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_MINIMUM,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal(100))],
    )

    class Meta:
        verbose_name = _("budget settings")
        verbose_name_plural = _("budget settings")

    def __str__(self) -> str:
        return str(_("Budget settings"))


class BudgetLine(models.Model):
    """A line of the begroting: planned costs of one category for a workstream (or a milestone)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_lines")
    key = key_field("b")
    workstream = models.ForeignKey(
        Workstream,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("workstream"),
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("milestone"),
        help_text=_("Optional: the milestone these costs are for."),
    )
    category = models.CharField(
        _("cost category"), max_length=12, choices=CostCategory.choices, default=CostCategory.STAFF
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = money_field(_("planned amount (€)"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ("order", "id")
        constraints: ClassVar = [unique_key("budgetline")]

    def __str__(self) -> str:
        what = self.description or self.get_category_display()
        return f"{self.workstream}: {what}" if self.workstream_id else str(what)

    def clean(self) -> None:
        if (
            self.milestone_id is not None
            and self.workstream_id is not None
            and self.milestone is not None
            and self.milestone.workstream_id != self.workstream_id
        ):
            raise ValidationError({"milestone": _("Choose a milestone of this workstream.")})


class FundingSource(models.Model):
    """Where the money comes from: the subsidy, co-financing by a party, the own contribution."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="funding_sources")
    key = key_field("f")
    kind = models.CharField(
        _("source"), max_length=12, choices=FundingKind.choices, default=FundingKind.SUBSIDY
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_sources",
        verbose_name=_("party"),
        help_text=_("The party that pays: needed for co-financing."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = money_field(_("amount (€)"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ("order", "id")
        constraints: ClassVar = [unique_key("fundingsource")]

    def __str__(self) -> str:
        label = str(self.get_kind_display())
        if self.party_id is not None and self.party is not None:
            label = f"{label}: {self.party}"
        return f"{label} ({self.description})" if self.description else label

    def clean(self) -> None:
        if self.kind == FundingKind.COFINANCING and self.party_id is None:
            raise ValidationError({"party": _("Co-financing comes from a party of the plan.")})


class SpendingQuerySet(models.QuerySet["Spending"]):
    def counting(self) -> SpendingQuerySet:
        """The entries that no later entry corrects, oldest first."""
        return self.filter(corrections__isnull=True).order_by("spent_on", "created_at", "id")


class Spending(models.Model):
    """Realised hours and costs (realisatie): one dated entry by a party, for a workstream."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="spendings")
    spent_on = models.DateField(_("date"))
    party = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        related_name="spendings",
        verbose_name=_("party"),
    )
    workstream = models.ForeignKey(
        Workstream,
        on_delete=models.SET_NULL,
        null=True,
        related_name="spendings",
        verbose_name=_("workstream"),
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spendings",
        verbose_name=_("milestone"),
    )
    category = models.CharField(
        _("cost category"), max_length=12, choices=CostCategory.choices, default=CostCategory.STAFF
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=8,
        decimal_places=1,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    amount = models.DecimalField(
        _("amount (€)"),
        max_digits=12,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the form is shown: the same form sent twice stores one entry.
    request_key = models.UUIDField(null=True, blank=True, editable=False)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
    )

    objects = SpendingQuerySet.as_manager()

    class Meta:
        ordering = ("-spent_on", "-created_at", "-id")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("plan", "request_key"), name="spending_request_once")
        ]
        indexes: ClassVar = [models.Index(fields=("plan", "spent_on"))]
        verbose_name = _("realisation entry")
        verbose_name_plural = _("realisation entries")

    def __str__(self) -> str:
        return f"{self.spent_on:%Y-%m-%d} {self.party or ''}".strip()
