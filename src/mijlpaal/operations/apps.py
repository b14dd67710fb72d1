from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running Mijlpaal: production server, health, worker heartbeat, backups and privacy."""

    name = "mijlpaal.operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_mark_login, dispatch_uid="mijlpaal.operations.mark_login")


def _mark_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from mijlpaal.middleware import session_started

    if request is not None and hasattr(request, "session"):
        session_started(request.session)
