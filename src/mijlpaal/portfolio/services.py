"""Changes to an organisation: its members and its plans. Each in one transaction; a refusal is a
ValidationError with a message for the user, and changes nothing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mijlpaal.accounts.models import User
from mijlpaal.plans.models import Membership, Plan, Role
from mijlpaal.plans.services import record_change
from mijlpaal.portfolio.models import (
    Organisation,
    OrganisationMember,
    OrganisationPlan,
    OrganisationRole,
)


@transaction.atomic
def organisation_create(*, user: User, name: str) -> Organisation:
    """A new organisation with `user` as its beheerder."""
    organisation = Organisation.objects.create(name=name)
    OrganisationMember.objects.create(
        organisation=organisation, user=user, role=OrganisationRole.MANAGER
    )
    return organisation


@transaction.atomic
def member_add(*, organisation: Organisation, email: str, role: str) -> OrganisationMember:
    """Give the account with `email` a role in the organisation; once, also when sent twice."""
    found = User.objects.filter(email__iexact=email.strip()).first()
    if found is None:
        raise ValidationError(
            _("There is no account with the address %(email)s. Ask them to sign up first.")
            % {"email": email.strip()}
        )
    member, created = OrganisationMember.objects.get_or_create(
        organisation=organisation, user=found, defaults={"role": role}
    )
    if not created and member.role != role:
        raise ValidationError(
            _("%(user)s is already a member, as %(role)s.")
            % {"user": found, "role": member.get_role_display()}
        )
    return member


def _check_keeps_a_manager(member: OrganisationMember) -> None:
    if not member.is_manager:
        return
    managers = OrganisationMember.objects.select_for_update().filter(
        organisation_id=member.organisation_id, role=OrganisationRole.MANAGER
    )
    if len(managers) <= 1:
        raise ValidationError(
            _("An organisation needs at least one manager. Make someone else manager first.")
        )


@transaction.atomic
def member_change_role(*, member: OrganisationMember, role: str) -> OrganisationMember:
    if role != OrganisationRole.MANAGER:
        _check_keeps_a_manager(member)
    member.role = role
    member.save(update_fields=["role"])
    return member


@transaction.atomic
def member_remove(*, member: OrganisationMember) -> None:
    _check_keeps_a_manager(member)
    member.delete()


def plans_to_add(user: User) -> list[Plan]:
    """The plans `user` owns that are in no organisation yet: what a beheerder may add."""
    owned = Membership.objects.filter(user=user, role=Role.OWNER).values("plan_id")
    return list(
        Plan.objects.filter(pk__in=owned, portfolio_entry__isnull=True).order_by("title", "id")
    )


@transaction.atomic
def plan_add(*, organisation: Organisation, user: User, plan: Plan, kind: str) -> OrganisationPlan:
    """Put a plan the beheerder owns in the organisation's portfolio; recorded in its history."""
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    if not Membership.objects.filter(plan=plan, user=user, role=Role.OWNER).exists():
        raise ValidationError(_("You can only add plans of which you are an owner."))
    current = OrganisationPlan.objects.filter(plan=plan).select_related("organisation").first()
    if current is not None:
        if current.organisation_id == organisation.pk:
            return current  # sent twice
        raise ValidationError(
            _("This plan already belongs to %(organisation)s.")
            % {"organisation": current.organisation}
        )
    entry = OrganisationPlan.objects.create(organisation=organisation, plan=plan, kind=kind)
    record_change(
        plan=plan,
        user=user,
        obj=entry,
        before=None,
        after={"organisation": organisation.name, "kind": entry.get_kind_display()},
    )
    return entry


@transaction.atomic
def plan_remove(*, user: User, entry: OrganisationPlan) -> None:
    record_change(
        plan=entry.plan,
        user=user,
        obj=entry,
        before={"organisation": entry.organisation.name, "kind": entry.get_kind_display()},
        after=None,
    )
    entry.delete()
