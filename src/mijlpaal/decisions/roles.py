"""Project roles: who is opdrachtgever, projectleider and in the stuurgroep of a plan."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mijlpaal.accounts.models import User
from mijlpaal.decisions.models import ProjectRole, RoleKind
from mijlpaal.plans.models import Party, Plan
from mijlpaal.plans.services import record_created, record_deleted


@dataclass
class PlanRoles:
    """A plan's project roles, loaded in one query."""

    commissioner: Party | None = None
    project_leader: Party | None = None
    steering: list[Party] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.commissioner is None and self.project_leader is None and not self.steering

    def pairs(self) -> list[tuple[str, int]]:
        """(kind, party id) of every role, sorted: what the version of the roles is made of."""
        found = [(str(RoleKind.STEERING), p.pk) for p in self.steering]
        if self.commissioner is not None:
            found.append((str(RoleKind.COMMISSIONER), self.commissioner.pk))
        if self.project_leader is not None:
            found.append((str(RoleKind.PROJECT_LEADER), self.project_leader.pk))
        return sorted(found)

    @property
    def version(self) -> str:
        text = "|".join(f"{kind}:{pk}" for kind, pk in self.pairs())
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def load_roles(plan: Plan) -> PlanRoles:
    """One query: the roles with their parties and the parties' linked users."""
    roles = PlanRoles()
    rows = ProjectRole.objects.filter(plan=plan).select_related("party", "party__user")
    for row in rows.order_by("party__order", "party__name", "id"):
        if row.kind == RoleKind.COMMISSIONER:
            roles.commissioner = row.party
        elif row.kind == RoleKind.PROJECT_LEADER:
            roles.project_leader = row.party
        else:
            roles.steering.append(row.party)
    return roles


class RolesConflict(Exception):
    """Someone else changed the roles after the form was shown."""


@transaction.atomic
def roles_set(
    *,
    plan: Plan,
    user: User | None,
    commissioner: Party | None,
    project_leader: Party | None,
    steering: Iterable[Party],
    version: str | None = None,
) -> PlanRoles:
    """Make the plan's roles these; every role added or removed goes into the history. With
    `version`, refused (RolesConflict) when the roles changed since the form was shown."""
    Plan.objects.select_for_update().filter(pk=plan.pk).first()  # one writer at a time
    current = load_roles(plan)
    if version and current.version != version:
        raise RolesConflict
    wanted: set[tuple[str, int]] = {(str(RoleKind.STEERING), p.pk) for p in steering}
    if commissioner is not None:
        wanted.add((str(RoleKind.COMMISSIONER), commissioner.pk))
    if project_leader is not None:
        wanted.add((str(RoleKind.PROJECT_LEADER), project_leader.pk))
    parties = {p.pk: p for p in Party.objects.filter(plan=plan)}
    if any(pk not in parties for _kind, pk in wanted):
        raise ValidationError(_("A project role must be a party of this plan."))
    for row in ProjectRole.objects.filter(plan=plan).select_related("party"):
        if (row.kind, row.party_id) not in wanted:
            record_deleted(plan=plan, user=user, obj=row)
            row.delete()
    have = set(ProjectRole.objects.filter(plan=plan).values_list("kind", "party_id"))
    for kind, pk in sorted(wanted - have):
        row = ProjectRole.objects.create(plan=plan, party=parties[pk], kind=kind)
        record_created(plan=plan, user=user, obj=row)
    return load_roles(plan)


def roles_by_key(
    *, plan: Plan, user: User | None, roles: dict[str, Sequence[str] | str | None]
) -> PlanRoles:
    """Set the roles from party keys (as a plan file names them); unknown keys are skipped,
    the file's checker has reported them."""
    parties = {p.key: p for p in Party.objects.filter(plan=plan)}

    def one(kind: str) -> Party | None:
        key = roles.get(kind)
        return parties.get(str(key)) if isinstance(key, str) else None

    many = roles.get(str(RoleKind.STEERING)) or []
    steering = (
        [parties[str(k)] for k in many if str(k) in parties] if isinstance(many, list) else []
    )
    return roles_set(
        plan=plan,
        user=user,
        commissioner=one(str(RoleKind.COMMISSIONER)),
        project_leader=one(str(RoleKind.PROJECT_LEADER)),
        steering=steering,
    )


def roles_for_file(plan: Plan) -> dict[str, object]:
    """The roles as the plan file writes them: party keys per role (empty when none)."""
    roles = load_roles(plan)
    found: dict[str, object] = {}
    if roles.commissioner is not None:
        found[str(RoleKind.COMMISSIONER)] = roles.commissioner.key
    if roles.project_leader is not None:
        found[str(RoleKind.PROJECT_LEADER)] = roles.project_leader.key
    if roles.steering:
        found[str(RoleKind.STEERING)] = [p.key for p in roles.steering]
    return found
