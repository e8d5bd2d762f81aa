"""golmok with its rate limiter (delivery/rate_limit.py) made a pass-through: for reference only.

bench/throughput.py runs it to show how much of golmok's CPU per update is the cost of pacing
its calls to Telegram's limits (about 30 messages a second), which the echo bot does not do.
Never run a real bot like this: Telegram answers a bot that goes over its limits with 429s.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from delivery import rate_limit  # noqa: E402


async def pass_through(
    self: Any, callback: Any, args: Any, kwargs: Any, endpoint: str, data: Any, rate_limit_args: Any
) -> Any:
    return await callback(*args, **kwargs)


rate_limit.SlidingWindowLimiter.process_request = pass_through  # type: ignore[method-assign]
runpy.run_path(str(ROOT / "bot.py"), run_name="__main__")
