"""Governance: who commissions and leads the plan, and the decisions taken at its milestones."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mijlpaal.plans.models import Party, Plan


class RoleKind(models.TextChoices):
    """Project roles, apart from the access roles (owner, editor, contributor, viewer)."""

    COMMISSIONER = "opdrachtgever", _("commissioner (opdrachtgever)")
    PROJECT_LEADER = "projectleider", _("project leader (projectleider)")
    STEERING = "stuurgroep", _("steering group member (stuurgroep)")


# The roles a plan has at most one of.
SINGLE_ROLES = (RoleKind.COMMISSIONER, RoleKind.PROJECT_LEADER)


class ProjectRole(models.Model):
    """A party of the plan in a project role; its member account is the party's linked user."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="project_roles")
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="project_roles", verbose_name=_("party")
    )
    kind = models.CharField(_("project role"), max_length=20, choices=RoleKind.choices)

    class Meta:
        verbose_name = _("project role")
        verbose_name_plural = _("project roles")
        ordering = ("kind", "party__order", "party__name", "id")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("plan", "kind"),
                condition=Q(kind__in=[str(k) for k in SINGLE_ROLES]),
                name="project_role_single",
            ),
            models.UniqueConstraint(fields=("party", "kind"), name="project_role_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.party}"  # the Dutch names read well in both languages
