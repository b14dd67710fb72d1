"""`mijlpaal erase-person EMAIL`: erase a person at their request (AVG, right to erasure)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from mijlpaal.accounts.models import User
from mijlpaal.operations.privacy import ERASED, ErasureRefused, check_erasable, person_erase


class Command(BaseCommand):
    help = (
        "Erase a person: their account goes, their name and e-mail address in logbook entries "
        f"and the plans' history become “{ERASED}”; the plans' content stays."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask for confirmation (for scripts)"
        )

    def handle(self, *args: Any, email: str, yes: bool, **options: Any) -> None:
        with translation.override("en"):  # like the other commands: for the administrator
            self._erase(email, yes=yes)

    def _erase(self, email: str, *, yes: bool) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the address {email}.")
        try:
            check_erasable(user)
        except ErasureRefused as refused:
            raise CommandError(str(refused)) from refused
        if not yes:
            answer = input(
                f"Erase {user.email} ({user.name or 'no name'})? This cannot be undone. [y/N] "
            )
            if answer.strip().lower() not in {"y", "yes", "j", "ja"}:
                raise CommandError("Nothing erased.")
        try:
            erased = person_erase(user=user)
        except ErasureRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(
            f"{erased.email} erased: {erased.entries} logbook entries and {erased.changes} "
            f"history records now say “{ERASED}”; {erased.invitations} invitation(s) removed."
        )
        if erased.parties_kept:
            self.stdout.write(
                f"{erased.parties_kept} part(y/ies) in plans still carry this name or address: "
                "they are plan content, managed by the plans' owners."
            )
