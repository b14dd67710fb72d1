"""Organisations (a programme, a school board, a region office) and the plans they follow.

A plan belongs to at most one organisation (`OrganisationPlan.plan` is one-to-one). The
organisation's own roles sit beside the plan roles: a beheerder manages the organisation's members
and plans, a programmamedewerker reads every plan of the organisation and writes nothing.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mijlpaal.plans.models import Plan


class OrganisationRole(models.TextChoices):
    MANAGER = "beheerder", _("manager (beheerder)")
    STAFF = "programmamedewerker", _("programme officer (programmamedewerker)")


class PlanKind(models.TextChoices):
    REGIONAL = "regioplan", _("regional plan")
    SCHOOL = "schoolplan", _("school plan")
    INSTITUTION = "instellingsplan", _("institution plan")
    OTHER = "overig", _("other plan")


class Organisation(models.Model):
    """Organisatie: groups plans into a portfolio."""

    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ("name", "id")

    def __str__(self) -> str:
        return self.name


class OrganisationMember(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_roles"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=OrganisationRole.choices, default=OrganisationRole.STAFF
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("organisation", "user"), name="organisation_member_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"

    @property
    def is_manager(self) -> bool:
        return self.role == OrganisationRole.MANAGER


class OrganisationPlan(models.Model):
    """A plan in an organisation's portfolio; a plan is in at most one."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="plans")
    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="portfolio_entry")
    kind = models.CharField(
        _("kind of plan"), max_length=20, choices=PlanKind.choices, default=PlanKind.REGIONAL
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan of an organisation")
        verbose_name_plural = _("plans of an organisation")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.plan}"
