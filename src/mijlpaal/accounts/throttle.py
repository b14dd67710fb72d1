"""Rate limits kept in the database, so they hold across server processes."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction

from mijlpaal import clock
from mijlpaal.accounts.models import ThrottleHit


def _hash(key: str) -> str:
    return hashlib.sha256(key.strip().lower().encode()).hexdigest()


@transaction.atomic
def allow(scope: str, key: str, *, limit: int, window: dt.timedelta) -> bool:
    """Count one request for (scope, key); False when `limit` requests were already counted
    within `window` (the refused request is not counted, so waiting always helps)."""
    now = clock.now()
    ThrottleHit.objects.filter(scope=scope, at__lt=now - window).delete()
    hashed = _hash(key)
    if ThrottleHit.objects.filter(scope=scope, key=hashed).count() >= limit:
        return False
    ThrottleHit.objects.create(scope=scope, key=hashed, at=now)
    return True
