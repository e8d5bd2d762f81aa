"""Logging that never writes a bot token (and keeps chatty HTTP loggers quiet)."""

from __future__ import annotations

import logging
import re

TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")


class TokenFilter(logging.Filter):
    """Masks anything shaped like a bot token, e.g. in a URL an HTTP library logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if TOKEN_SHAPE.search(message):
            record.msg = TOKEN_SHAPE.sub("<token>", message)
            record.args = None
        return True


def setup(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(TokenFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # These log request URLs (with the token), update contents or SQL parameters (report texts,
    # phone numbers) at INFO or DEBUG: keep them at WARNING whatever the root level is.
    for noisy in ("httpx", "httpcore", "aiohttp", "telegram", "apscheduler", "aiosqlite", "hpack"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
