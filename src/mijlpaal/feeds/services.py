"""Making, finding and revoking a member's feed token."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import transaction

from mijlpaal import clock
from mijlpaal.accounts.models import User
from mijlpaal.feeds.models import FeedToken

# secrets.token_urlsafe(32) is 43 characters; anything much longer is not ours and is not hashed.
MAX_TOKEN_LENGTH = 64


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_token_create(*, user: User, language: str) -> str:
    """A new secret for the member's feed, replacing any earlier one; returned, never stored."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        FeedToken.objects.update_or_create(
            user=user,
            defaults={
                "token_hash": token_hash(token),
                "language": "en" if language == "en" else "nl",
                "created_at": clock.now(),
            },
        )
    return token


def feed_token_revoke(*, user: User) -> bool:
    """Remove the member's feed token; the old address gives 404 from now on."""
    deleted, _rows = FeedToken.objects.filter(user=user).delete()
    return deleted > 0


def feed_token_find(token: str) -> FeedToken | None:
    """The token's row with its (active) user, or None: wrong, revoked and replaced tokens alike."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    wanted = token_hash(token)
    row = FeedToken.objects.select_related("user").filter(token_hash=wanted).first()
    if row is None or not hmac.compare_digest(row.token_hash, wanted) or not row.user.is_active:
        return None
    return row
