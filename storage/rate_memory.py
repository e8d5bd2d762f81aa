"""The rate limiter's windows, saved at a clean stop and read back once at the next start
(delivery/rate_limit.py), so that a restart does not forget the direct replies of the last
minute. A row (0, 0.0) marks a clean stop, so that a stop with empty windows is told apart
from a crash."""

from __future__ import annotations

from collections.abc import Iterable

from storage.db import Tx


async def save(tx: Tx, calls: Iterable[tuple[int, float]]) -> None:
    await tx.execute("DELETE FROM rate_memory")
    await tx.executemany("INSERT INTO rate_memory (chat_id, at) VALUES (?, ?)", [(0, 0.0), *calls])


async def take(tx: Tx) -> list[tuple[int, float]] | None:
    """What was saved at the last clean stop, once (None: the last run did not stop cleanly)."""
    rows = await tx.fetchall("SELECT chat_id, at FROM rate_memory")
    await tx.execute("DELETE FROM rate_memory")
    if not rows:
        return None
    return [(int(r["chat_id"]), float(r["at"])) for r in rows if float(r["at"]) > 0]
