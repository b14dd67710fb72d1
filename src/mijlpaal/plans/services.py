"""Every write to a plan goes through here: one transaction, and a record in the plan's history."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from mijlpaal import clock
from mijlpaal.accounts.models import User
from mijlpaal.plans.models import (
    DEFAULT_DOMAINS,
    DEFAULT_PHASES,
    Activity,
    ChangeRecord,
    Dependency,
    Domain,
    Invitation,
    Membership,
    Milestone,
    Phase,
    Plan,
    ReportingPeriod,
    Role,
)
from mijlpaal.plans.scheduling import loops
from mijlpaal.plans.versions import EditConflict, check_version, settings_version

INVITATION_DAYS = 14
UNTRACKED_FIELDS = {"id", "plan", "order", "key"}

ItemT = TypeVar("ItemT", bound=models.Model)  # item_save gives back the item it was given


# --- history -------------------------------------------------------------------------------------


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The tracked values of an item, as JSON: related items by their label, dates in ISO form."""
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in UNTRACKED_FIELDS or isinstance(field, models.DateTimeField):
            continue
        if isinstance(field, models.ForeignKey):
            related = getattr(obj, field.name)
            values[field.name] = str(related) if related is not None else None
            continue
        value = getattr(obj, field.attname)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = f"{value.normalize():f}"  # 12 and 12.0000 are the same value
        values[field.name] = value
    return values


def _empty(value: Any) -> bool:
    return value is None or value == "" or value is False


def record_change(
    *,
    plan: Plan,
    user: User | None,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    action: str | None = None,
) -> ChangeRecord | None:
    """Record what changed in the plan's history: created (no `before`), deleted (no `after`) or
    changed (nothing is recorded when no tracked value changed)."""
    if action is None:
        action = (
            ChangeRecord.Action.CREATE
            if before is None
            else ChangeRecord.Action.DELETE
            if after is None
            else ChangeRecord.Action.UPDATE
        )
    before = before or {}
    after = after or {}
    changes = {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
        and not (_empty(before.get(name)) and _empty(after.get(name)))
    }
    if action == ChangeRecord.Action.UPDATE and not changes:
        return None
    assert obj.pk is not None
    return ChangeRecord.objects.create(
        plan=plan,
        object_type=obj._meta.model_name or "",
        object_id=obj.pk,
        object_label=str(obj)[:300],
        action=action,
        user=user,
        changes=changes,
    )


def record_created(*, plan: Plan, user: User | None, obj: models.Model) -> None:
    record_saved(plan=plan, user=user, obj=obj, before=None)


def record_saved(
    *, plan: Plan, user: User | None, obj: models.Model, before: dict[str, Any] | None
) -> None:
    """Record an item as it is saved now against its `before` snapshot (None: it is new)."""
    record_change(plan=plan, user=user, obj=obj, before=before, after=snapshot(obj))


def record_deleted(*, plan: Plan, user: User | None, obj: models.Model) -> None:
    """Record an item as deleted; call it before the item is deleted."""
    record_change(plan=plan, user=user, obj=obj, before=snapshot(obj), after=None)


# --- plans ---------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, user: User, plan: Plan) -> Plan:
    """Save a new plan with its owner, the default phases and domains."""
    plan.full_clean()
    plan.save()
    Membership.objects.create(plan=plan, user=user, role=Role.OWNER)
    Phase.objects.bulk_create(
        Phase(plan=plan, name=name, order=i) for i, name in enumerate(DEFAULT_PHASES)
    )
    Domain.objects.bulk_create(
        Domain(plan=plan, name=name, order=i) for i, name in enumerate(DEFAULT_DOMAINS)
    )
    record_created(plan=plan, user=user, obj=plan)
    return plan


def names_sync(
    *, plan: Plan, user: User | None, model: type[Phase] | type[Domain], names: Sequence[str]
) -> None:
    """Make the plan's phases (or domains) these names, in this order, recording every change.

    A row whose name stays the same apart from capitals is kept (so its activities keep their
    phase); new names are added and the rest is removed.
    """
    existing = {row.name.lower(): row for row in model.objects.filter(plan=plan)}
    kept: list[Phase | Domain] = []
    for name in {name.lower(): name for name in names}.values():
        row = existing.pop(name.lower(), None) or model(name=name)
        if row.pk is None or row.name != name:
            row.name = name
            item_save(plan=plan, user=user, instance=row)
        kept.append(row)
    for row in existing.values():
        item_delete(plan=plan, user=user, instance=row)
    for order, row in enumerate(kept):
        row.order = order
    model.objects.bulk_update(kept, ["order"])  # type: ignore[arg-type]


@transaction.atomic
def plan_update_settings(
    *,
    user: User,
    plan: Plan,
    phases: Sequence[str],
    domains: Sequence[str],
    periods: Iterable[Any] = (),
    version: str | None = None,
) -> Plan:
    """Save the plan's own fields, phases, domains and reporting periods together, or nothing.
    With `version`, refused (EditConflict) when someone else saved the settings since."""
    stored = Plan.objects.select_for_update().get(pk=plan.pk)
    if version and settings_version(stored) != version:
        raise EditConflict(stored)
    before = snapshot(stored)
    plan.full_clean()
    plan.save()
    record_saved(plan=plan, user=user, obj=plan, before=before)
    names_sync(plan=plan, user=user, model=Phase, names=phases)
    names_sync(plan=plan, user=user, model=Domain, names=domains)
    for form in periods:
        if not form.has_changed() and form.instance.pk is None:
            continue
        if form.cleaned_data.get("DELETE"):
            if form.instance.pk:
                item_delete(plan=plan, user=user, instance=form.instance)
            continue
        period: ReportingPeriod = form.save(commit=False)
        item_save(plan=plan, user=user, instance=period)
    return plan


@transaction.atomic
def plan_delete(*, user: User, plan: Plan) -> None:
    plan.delete()


# --- plan content --------------------------------------------------------------------------------


def _order_scope(instance: models.Model) -> dict[str, Any]:
    """Items are ordered within their workstream (milestones, activities) or within the plan."""
    if isinstance(instance, Milestone | Activity):
        return {"plan_id": instance.plan_id, "workstream_id": instance.workstream_id}
    return {"plan_id": instance.plan_id}  # type: ignore[attr-defined]


@transaction.atomic
def item_save(
    *, plan: Plan, user: User | None, instance: ItemT, version: str | None = None
) -> ItemT:
    """Create or change one item of a plan and record what changed. With `version`, a change is
    refused (EditConflict) when the stored item is no longer that version."""
    model = type(instance)
    is_new = instance.pk is None
    before = None
    if not is_new:
        stored = model._default_manager.select_for_update().get(pk=instance.pk)
        check_version(stored, version)
        before = snapshot(stored)
    instance.plan = plan  # type: ignore[attr-defined]
    if is_new and hasattr(instance, "order"):
        last = model._default_manager.filter(**_order_scope(instance)).aggregate(m=Max("order"))[
            "m"
        ]
        instance.order = 0 if last is None else last + 1
    if isinstance(instance, Milestone) and instance.number is None:
        last_number = (
            Milestone.objects.filter(plan=plan, **{"workstream_id": instance.workstream_id})
            .exclude(pk=instance.pk)
            .aggregate(m=Max("number"))["m"]
        )
        instance.number = (last_number or 0) + 1
    instance.full_clean()
    instance.save()
    record_saved(plan=plan, user=user, obj=instance, before=before)
    return instance


@transaction.atomic
def item_delete(*, plan: Plan, user: User | None, instance: models.Model) -> None:
    record_deleted(plan=plan, user=user, obj=instance)
    instance.delete()


@transaction.atomic
def item_move(*, plan: Plan, user: User | None, instance: models.Model, direction: str) -> None:
    """Move an item one place up or down among its siblings (renumbering them 0..n)."""
    model = type(instance)
    siblings = list(model._default_manager.filter(**_order_scope(instance)).order_by("order", "id"))
    index = next(i for i, s in enumerate(siblings) if s.pk == instance.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for order, sibling in enumerate(siblings):
        if sibling.order != order:  # type: ignore[attr-defined]
            sibling.order = order  # type: ignore[attr-defined]
    model._default_manager.bulk_update(siblings, ["order"])


@transaction.atomic
def dependency_create(
    *,
    plan: Plan,
    user: User,
    predecessor: Milestone | Activity,
    successor: Milestone | Activity,
    type: str,
    lag: str,
    check_loops: bool = True,
) -> Dependency:
    """Let `successor` wait for `predecessor`. A dependency that closes a loop is refused, naming
    the chain (`check_loops=False` when the caller checks the whole plan once afterwards)."""
    if predecessor.plan_id != plan.pk or successor.plan_id != plan.pk:
        raise ValidationError(_("Both items must belong to this plan."))
    if predecessor == successor:
        raise ValidationError(_("An item cannot depend on itself."))
    dependency = Dependency(plan=plan, type=type, lag=lag or "0d")
    if isinstance(predecessor, Milestone):
        dependency.predecessor_milestone = predecessor
    else:
        dependency.predecessor_activity = predecessor
    if isinstance(successor, Milestone):
        dependency.successor_milestone = successor
    else:
        dependency.successor_activity = successor
    before = len(loops(plan)) if check_loops else 0
    item_save(plan=plan, user=user, instance=dependency)
    if check_loops and len(found := loops(plan)) > before:
        raise ValidationError(found[-1], code="loop")
    return dependency


# --- members and invitations ---------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *, plan: Plan, user: User, email: str, role: str, language: str
) -> tuple[Invitation, str]:
    """Create a one-time invitation and send its link by e-mail after the transaction commits."""
    email = email.strip().lower()
    if Membership.objects.filter(plan=plan, user__email__iexact=email).exists():
        raise ValidationError(_("%(email)s is already a member of this plan.") % {"email": email})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        plan=plan,
        email=email,
        role=role,
        token_hash=_token_hash(token),
        invited_by=user,
        expires_at=clock.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    record_change(
        plan=plan,
        user=user,
        obj=invitation,
        before=None,
        after={"email": email, "role": role},
    )
    link = settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[token])

    def send() -> None:
        with translation.override(language):
            context = {
                "plan": plan,
                "inviter": user,
                "link": link,
                "role": Role(role).label,
                "days": INVITATION_DAYS,
            }
            subject = _("Invitation to the plan “%(plan)s”") % {"plan": plan.title}
            body = render_to_string("plans/email/invitation.txt", context)
        send_mail(subject, body, None, [email])

    transaction.on_commit(send)
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    """An open invitation for this token, or None when it is unknown, used, revoked or expired."""
    invitation = (
        Invitation.objects.select_related("plan", "invited_by")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if invitation is None or invitation.accepted_at or invitation.revoked_at:
        return None
    if invitation.expires_at < clock.now():
        return None
    return invitation


@transaction.atomic
def invitation_is_for(invitation: Invitation, user: User) -> bool:
    """Whether the invitation was sent to the user's own address."""
    return invitation.email.strip().lower() == user.email.strip().lower()


def invitation_accept(
    *, invitation: Invitation, user: User, confirmed_other_address: bool = False
) -> Membership:
    """Join the plan with the invitation's role. An invitation sent to another address than the
    user's own is only accepted when the user confirms it is meant for them; the history then
    keeps both addresses."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("This invitation has already been used."))
    other_address = not invitation_is_for(invitation, user)
    if other_address and not confirmed_other_address:
        raise ValidationError(
            _("This invitation was sent to %(email)s, not to your address.")
            % {"email": invitation.email},
            code="other_address",
        )
    membership, created = Membership.objects.get_or_create(
        plan=invitation.plan, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = clock.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    if created:
        record_change(
            plan=invitation.plan,
            user=user,
            obj=membership,
            before=None,
            after={
                "user": str(user),
                "role": membership.role,
                **({"email": user.email, "invited": invitation.email} if other_address else {}),
            },
        )
    return membership


@transaction.atomic
def invitation_revoke(*, plan: Plan, user: User, invitation: Invitation) -> None:
    invitation.revoked_at = clock.now()
    invitation.save(update_fields=["revoked_at"])
    record_change(
        plan=plan,
        user=user,
        obj=invitation,
        before={"email": invitation.email, "role": invitation.role},
        after=None,
    )


def _check_keeps_an_owner(plan: Plan, membership: Membership) -> None:
    if membership.role == Role.OWNER and plan.memberships.filter(role=Role.OWNER).count() <= 1:
        raise ValidationError(_("A plan needs at least one owner. Make someone else owner first."))


@transaction.atomic
def membership_change_role(
    *, plan: Plan, user: User, membership: Membership, role: str
) -> Membership:
    if role != Role.OWNER:
        _check_keeps_an_owner(plan, membership)
    before = {"user": str(membership.user), "role": membership.role}
    membership.role = role
    membership.save(update_fields=["role"])
    record_change(
        plan=plan,
        user=user,
        obj=membership,
        before=before,
        after={"user": str(membership.user), "role": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, plan: Plan, user: User, membership: Membership) -> None:
    _check_keeps_an_owner(plan, membership)
    record_change(
        plan=plan,
        user=user,
        obj=membership,
        before={"user": str(membership.user), "role": membership.role},
        after=None,
    )
    membership.delete()
