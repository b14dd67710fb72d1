"""Privacy (AVG): what Mijlpaal keeps about a person, handed to them, and erased on request.

`person_export` gathers everything stored about one account as JSON files in a zip.
`person_erase` removes the account and every trace of its name and address from the logbook
(the author's name) and the plans' history, and leaves the plans' content as it is.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from axes.models import (  # type: ignore[import-untyped]
    AccessAttempt,
    AccessFailureLog,
    AccessLog,
)
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from mijlpaal import clock
from mijlpaal.accounts.models import User
from mijlpaal.monitoring.models import Entry
from mijlpaal.plans.models import ChangeRecord, Invitation, Membership, Party, Plan, Role
from mijlpaal.responsibilities.models import Assignment

# What takes the place of an erased person's name and address. User data, so Dutch.
ERASED = "verwijderde gebruiker"

README = """\
Mijlpaal: uw gegevens / your data

Dit archief bevat alles wat Mijlpaal over uw account bewaart, als JSON:
This archive holds everything Mijlpaal keeps about your account, as JSON:

  account.json       uw account / your account
  memberships.json   de plannen waarvan u lid bent, met uw rol / your plans and roles
  parties.json       partijen in plannen die aan u gekoppeld zijn, met hun VERI-rollen /
                     parties in plans linked to you, with their VERI letters
  logbook.json       de logboekregels die u schreef / the logbook entries you wrote
  history.json       de wijzigingen die u maakte / the changes you made
  invitations.json   uitnodigingen aan uw adres / invitations sent to your address
  logins.json        inlogpogingen met uw adres / login attempts with your address

Wat er staat en waarom: /privacy/ — What is stored and why: /privacy/
"""


def _json(value: Any) -> bytes:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()


def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "name": user.name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
    }


def _memberships(user: User) -> list[dict[str, Any]]:
    rows = Membership.objects.filter(user=user).select_related("plan").order_by("plan__title")
    return [
        {
            "plan": m.plan.title,
            "plan_id": m.plan_id,
            "role": m.role,
            "weekly_digest": m.weekly_digest,
            "member_since": m.created_at,
        }
        for m in rows
    ]


def _parties(user: User) -> list[dict[str, Any]]:
    parties = Party.objects.filter(user=user).select_related("plan").order_by("plan__title", "id")
    assignments = Assignment.objects.filter(party__user=user).select_related(
        "workstream", "milestone", "activity"
    )
    letters: dict[int, list[dict[str, str]]] = {}
    for assignment in assignments:
        letters.setdefault(assignment.party_id, []).append(
            {"row": assignment.row_label, "letters": assignment.letters}
        )
    return [
        {
            "plan": party.plan.title,
            "name": party.name,
            "kind": party.kind,
            "role_title": party.role_title,
            "email": party.email,
            "veri": letters.get(party.pk, []),
        }
        for party in parties
    ]


ENTRY_FIELDS = (
    "id", "plan__title", "kind", "target", "subject", "light", "reached_on", "explanation",
    "problems", "measures", "forecast", "percent", "answers", "reported_on", "author_name",
    "created_at", "corrects_id",
)  # fmt: skip


def _logbook(user: User) -> Iterator[dict[str, Any]]:
    rows = Entry.objects.filter(author=user).order_by("created_at", "id").values(*ENTRY_FIELDS)
    for row in rows.iterator(chunk_size=1000):
        row["plan"] = row.pop("plan__title")
        yield row


def _history(user: User) -> Iterator[dict[str, Any]]:
    rows = ChangeRecord.objects.filter(user=user).select_related("plan").order_by("at", "id")
    for record in rows.iterator(chunk_size=1000):
        yield {
            "plan": record.plan.title,
            "at": record.at,
            "action": record.action,
            "object_type": record.object_type,
            "object_label": record.object_label,
            "changes": record.changes,
        }


def _invitations(user: User) -> list[dict[str, Any]]:
    rows = Invitation.objects.filter(email__iexact=user.email).select_related("plan")
    return [
        {
            "plan": invitation.plan.title,
            "email": invitation.email,
            "role": invitation.role,
            "created_at": invitation.created_at,
            "expires_at": invitation.expires_at,
            "accepted_at": invitation.accepted_at,
            "revoked_at": invitation.revoked_at,
        }
        for invitation in rows.order_by("created_at")
    ]


def _logins(user: User) -> list[dict[str, Any]]:
    """Successful logins, failed ones (as far as kept), and the throttle's count of failures."""
    fields = ("attempt_time", "ip_address", "user_agent", "path_info")
    found: list[dict[str, Any]] = []
    for model, kind in ((AccessLog, "login"), (AccessFailureLog, "failed")):
        for row in model.objects.filter(username__iexact=user.email).values(*fields):
            found.append({"kind": kind, **row})
    attempts = AccessAttempt.objects.filter(username__iexact=user.email)
    for row in attempts.values(*fields, "failures_since_start"):
        found.append({"kind": "failed attempts", **row})
    return sorted(found, key=lambda row: row["attempt_time"])


def person_export(user: User) -> bytes:
    """A zip with everything stored about the user, as JSON files and a README."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        archive.writestr("account.json", _json({**_account(user), "exported_at": clock.now()}))
        archive.writestr("memberships.json", _json(_memberships(user)))
        archive.writestr("parties.json", _json(_parties(user)))
        archive.writestr("logbook.json", _json(list(_logbook(user))))
        archive.writestr("history.json", _json(list(_history(user))))
        archive.writestr("invitations.json", _json(_invitations(user)))
        archive.writestr("logins.json", _json(_logins(user)))
    return out.getvalue()


@dataclass(frozen=True)
class Summary:
    """How much is stored about a person, for their account page."""

    memberships: int
    parties: int
    entries: int
    changes: int


def person_summary(user: User) -> Summary:
    return Summary(
        memberships=Membership.objects.filter(user=user).count(),
        parties=Party.objects.filter(user=user).count(),
        entries=Entry.objects.filter(author=user).count(),
        changes=ChangeRecord.objects.filter(user=user).count(),
    )


# --- erasure -------------------------------------------------------------------------------------


class ErasureRefused(Exception):
    """The person cannot be erased yet; the message says why and what to do."""


@dataclass(frozen=True)
class Erasure:
    """What `person_erase` did."""

    email: str
    entries: int
    changes: int
    invitations: int
    parties_kept: int


def _traces(user: User) -> list[str]:
    """The strings that identify the person: their address and their name."""
    found = {user.email.strip(), user.name.strip()}
    return sorted((trace for trace in found if len(trace) >= 2), key=len, reverse=True)


def _pattern(traces: Iterable[str]) -> re.Pattern[str]:
    # Whole words only: erasing "Jan" leaves "Janssen" and "januari" alone.
    alternatives = "|".join(re.escape(trace) for trace in traces)
    return re.compile(rf"(?<![\w.@+-])(?:{alternatives})(?![\w@-]|\.\w)", re.IGNORECASE)


def scrub(value: Any, pattern: re.Pattern[str]) -> Any:
    """`value` (JSON: strings, lists, dicts) with every trace replaced by ERASED."""
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [scrub(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: scrub(item, pattern) for key, item in value.items()}
    return value


def check_erasable(user: User) -> None:
    """Refuse while the person is the only owner of a plan: nobody could manage it after."""
    owned = Membership.objects.filter(user=user, role=Role.OWNER).values("plan_id")
    owners = (
        Membership.objects.filter(plan_id__in=owned, role=Role.OWNER)
        .values("plan_id")
        .annotate(owners=Count("id"))
        .filter(owners=1)
        .values("plan_id")
    )
    titles = list(
        Plan.objects.filter(pk__in=owners).order_by("title").values_list("title", flat=True)
    )
    if titles:
        raise ErasureRefused(
            _(
                "%(person)s is the only owner of: %(plans)s. Make someone else owner of "
                "these plans first (or delete them), then erase the person."
            )
            % {"person": user.email, "plans": "; ".join(titles)}
        )


def _scrub_history(user: User, pattern: re.Pattern[str]) -> int:
    """Every history record: by the person (the link goes) or naming them (the name goes)."""
    changed: list[ChangeRecord] = []
    records = ChangeRecord.objects.only("id", "user_id", "object_label", "changes")
    for record in records.iterator(chunk_size=2000):
        label = scrub(record.object_label, pattern)
        changes = scrub(record.changes, pattern)
        if record.user_id == user.pk or label != record.object_label or changes != record.changes:
            if record.user_id == user.pk:
                record.user_id = None
            record.object_label = label
            record.changes = changes
            changed.append(record)
    ChangeRecord.objects.bulk_update(changed, ["user", "object_label", "changes"], batch_size=500)
    return len(changed)


def _forget_sessions(user: User) -> None:
    for session in Session.objects.iterator(chunk_size=500):
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


def _forget_traces_elsewhere(user: User) -> None:
    """Login attempts, admin log lines about the account, queued mails to the address."""
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=user.email).delete()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).delete()
    DBTaskResult.objects.filter(args_kwargs__icontains=user.email).delete()
    _forget_sessions(user)


@transaction.atomic
def person_erase(*, user: User) -> Erasure:
    """Erase a person: the account goes; in the logbook and the history their name and address
    become "verwijderde gebruiker"; the plans' content stays, parties included."""
    check_erasable(user)
    pattern = _pattern(_traces(user))
    entries = Entry.objects.filter(author=user).update(author=None, author_name=ERASED)
    changes = _scrub_history(user, pattern)
    invitations, _per_model = Invitation.objects.filter(email__iexact=user.email).delete()
    named = Q(user=user) | Q(email__iexact=user.email)
    if user.name.strip():
        named |= Q(name__iexact=user.name.strip())
    parties_kept = Party.objects.filter(named).count()
    _forget_traces_elsewhere(user)
    email = user.email
    user.delete()
    return Erasure(email, entries, changes, invitations, parties_kept)
