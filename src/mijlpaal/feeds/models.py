"""The secret address of a member's calendar feed (agenda-abonnement)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedToken(models.Model):
    """A calendar program cannot log in, so the token in the feed's address is the credential.

    Only its SHA-256 is stored, like a password reset token: whoever reads the database cannot
    subscribe to anyone's calendar. One per member; making a new one replaces the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_token"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    # The language the member used when making the token: calendar programs send none we trust.
    language = models.CharField(_("language"), max_length=2, default="nl")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"feed of user {self.user_id}"
