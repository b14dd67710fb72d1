"""Personal API tokens: how other software reads a member's plans (and posts status updates)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "read", _("read")
    WRITE = "write", _("read and write")


class ApiToken(models.Model):
    """A named token of one member, sent as `Authorization: Bearer <token>`.

    Only its SHA-256 is stored, as for the calendar feed (feeds.services.token_hash): whoever
    reads the database cannot act as anyone. The token acts as its member, with the member's
    roles in each plan; a read token cannot write even where the member could."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.name

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.WRITE
