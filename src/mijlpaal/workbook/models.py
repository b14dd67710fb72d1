"""An uploaded workbook waiting between its preview and the user's confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingWorkbook(models.Model):
    """The uploaded bytes, kept on the server so the confirmation never trusts a re-posted preview.

    Deleted when the import is done, and after a day by the next upload.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The plan to import into; empty for a new plan."),
    )
    filename = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uploaded workbook")
        verbose_name_plural = _("uploaded workbooks")

    def __str__(self) -> str:
        return self.filename
