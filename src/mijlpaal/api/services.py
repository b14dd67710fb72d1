"""Making, finding and revoking personal API tokens."""

from __future__ import annotations

import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mijlpaal import clock
from mijlpaal.accounts.models import User
from mijlpaal.api.models import ApiToken, Scope
from mijlpaal.feeds.services import MAX_TOKEN_LENGTH, token_hash

# A prefix says what the secret is when it turns up in a log or a repository.
PREFIX = "mp_"
MAX_TOKENS = 20


def api_token_create(*, user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token for the member; the secret is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, such as the program using it.")})
    if scope not in Scope.values:
        raise ValidationError({"scope": _("Choose read or read and write.")})
    secret = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        if ApiToken.objects.select_for_update().filter(user=user).count() >= MAX_TOKENS:
            raise ValidationError(
                _("You have %(count)s tokens already; revoke one first.") % {"count": MAX_TOKENS}
            )
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            scope=scope,
            token_hash=token_hash(secret),
            created_at=clock.now(),
        )
    return token, secret


def api_token_revoke(*, user: User, token_id: int) -> bool:
    """Remove one of the member's tokens; requests with it get 401 from now on."""
    deleted, _rows = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return deleted > 0


def api_token_find(secret: str) -> ApiToken | None:
    """The token's row with its (active) user, or None: wrong and revoked tokens alike."""
    if not secret or len(secret) > MAX_TOKEN_LENGTH:
        return None
    wanted = token_hash(secret)
    row = ApiToken.objects.select_related("user").filter(token_hash=wanted).first()
    if row is None or not hmac.compare_digest(row.token_hash, wanted) or not row.user.is_active:
        return None
    return row
