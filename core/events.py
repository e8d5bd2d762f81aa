"""What one feature announces and others act on, so that neither imports the other (decidim's
events, in one process): today, a staff group linked to a dong, on which the reports feature
alerts the group of the open reports that never reached one.

Handlers are registered once at start (app/runtime.py) and run inside the transaction that made
the event, so what they queue is committed with it or not at all."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from core.deps import Deps
from storage.db import Tx

# (tx, deps, area_code, chat_id, the group's language, now) -> how many messages it queued
GroupLinked = Callable[[Tx, Deps, str, int, str, str], Awaitable[int]]

_group_linked: list[GroupLinked] = []


def on_group_linked(handler: GroupLinked) -> None:
    if handler not in _group_linked:  # wiring twice (a second Application in one process) is harmless
        _group_linked.append(handler)


async def group_linked(tx: Tx, deps: Deps, area_code: str, chat_id: int, lang: str, now: str) -> int:
    """Announce a link; returns how many messages its handlers queued for the group."""
    if not _group_linked:  # never silently: the alerts that waited for this group would be lost
        raise RuntimeError("nothing acts on a linked group: app/runtime.wire_features was not called")
    queued = 0
    for handler in _group_linked:
        queued += await handler(tx, deps, area_code, chat_id, lang, now)
    return queued
