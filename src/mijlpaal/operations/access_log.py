"""gunicorn's access log without secrets: a calendar feed's address carries its member's token
(`/feeds/<token>/…`), and calendar programs fetch it every few minutes, so the log would hold
every valid token. The logger writes `/feeds/…/` instead."""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger  # type: ignore[import-untyped]

FEED_TOKEN = re.compile(r"/feeds/[^/?\s]+/")
REDACTED = "/feeds/…/"


def redact(text: str) -> str:
    return FEED_TOKEN.sub(REDACTED, text)


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        # The request line, the path, the referrer, and the headers and environ copies of them.
        return {k: redact(v) if isinstance(v, str) else v for k, v in atoms.items()}
