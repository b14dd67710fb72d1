"""What running Mijlpaal needs in the database: the workers' heartbeats."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A background worker (`mijlpaal worker`) says it is alive: one row per worker process,
    written every 30 seconds while it runs. `/healthz` reads the newest."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process id"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"))
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ("-last_seen",)

    def __str__(self) -> str:
        return self.worker_id
