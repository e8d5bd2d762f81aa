"""golmok with python-telegram-bot's rate limiter made a pass-through: for reference only.

bench/throughput.py runs it to show how much of golmok's CPU per update is the cost of pacing
its calls to Telegram's limits (about 30 messages a second), which the echo bot does not do.
Never run a real bot like this: Telegram answers a bot that goes over its limits with 429s.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path
from typing import Any

import telegram.ext

ROOT = Path(__file__).resolve().parent.parent


class PassThrough(telegram.ext.AIORateLimiter):
    async def process_request(  # type: ignore[override]
        self, callback: Any, args: Any, kwargs: Any, endpoint: str, data: Any, rate_limit_args: Any
    ) -> Any:
        return await callback(*args, **kwargs)


telegram.ext.AIORateLimiter = PassThrough  # type: ignore[misc]
sys.path.insert(0, str(ROOT))
runpy.run_path(str(ROOT / "bot.py"), run_name="__main__")
