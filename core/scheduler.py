"""The database-driven scheduler, knowing no feature: what is due runs once.

Each feature registers its kinds of scheduled item (`register(kind, handler)`) and what it arms
at start (`at_start`); app/ wires them. A handler decides, when its item falls due, whether it
still makes sense (a reminder about a report somebody took meanwhile is dropped) and records the
messages to send in the same transaction that marks the item done. A restart therefore neither
loses nor repeats anything: what fell due while the bot was down runs at start.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.clock import from_db, to_db
from core.deps import Deps
from core.quiet import parse_hhmm
from storage import scheduled
from storage.db import Tx
from storage.scheduled import Scheduled

log = logging.getLogger(__name__)

# Returns True when it did something ("done"), False when the item no longer applied ("dropped").
Handler = Callable[[Tx, Deps, Scheduled, datetime], Awaitable[bool]]
# Arms a feature's recurring items at start, when they are not armed yet.
Starter = Callable[[Tx, Deps, datetime], Awaitable[None]]


@dataclass(frozen=True)
class Kind:
    handler: Handler
    # After such an item did something, what it deleted leaves the database's files too (the
    # retention purge): see `erased`.
    checkpoint: bool = False
    # The database's files are rewritten before the item is marked done (the nightly scrub): a
    # kill during the rewrite leaves the item due, so it runs again at start.
    scrub: bool = False


_KINDS: dict[str, Kind] = {}
_STARTERS: list[Starter] = []


def register(kind: str, handler: Handler, *, checkpoint: bool = False, scrub: bool = False) -> None:
    _KINDS[kind] = Kind(handler, checkpoint, scrub)


def at_start(starter: Starter) -> None:
    if starter not in _STARTERS:
        _STARTERS.append(starter)


async def start(deps: Deps) -> None:
    """Arm every feature's recurring items (run at start, in one transaction)."""
    now = deps.clock.now()
    async with deps.db.transaction() as tx:
        for starter in _STARTERS:
            await starter(tx, deps, now)


async def run_due(deps: Deps) -> int:
    """Handle everything due now; returns how many items were handled."""
    handled = 0
    checkpoint = False
    while True:
        now_dt = deps.clock.now()
        now = to_db(now_dt)
        async with deps.db.transaction() as tx:
            batch = await scheduled.due(tx, now)
        if not batch:
            break
        for item in batch:
            kind = _KINDS.get(item.kind)
            if kind is None:
                log.error("scheduled item %s: no handler for kind %r, dropped", item.id, item.kind)
            if kind is not None and kind.scrub:
                await deps.db.scrub()  # outside a transaction, as VACUUM must be
            async with deps.db.transaction() as tx:
                if not await scheduled.is_pending(tx, item.id):
                    continue  # another pass took it meanwhile
                done = await kind.handler(tx, deps, item, now_dt) if kind else False
                await scheduled.finish(tx, item.id, "done" if done else "dropped", now)
            handled += 1
            checkpoint = checkpoint or (kind is not None and kind.checkpoint and done)
    if checkpoint:
        await erased(deps)
    if handled:
        deps.wake_sender()
    return handled


async def seconds_until_next(deps: Deps) -> float | None:
    async with deps.db.transaction() as tx:
        due = await scheduled.next_due(tx)
    if due is None:
        return None
    return max(0.0, (from_db(due) - deps.clock.now()).total_seconds())


async def schedule_daily(tx: Tx, deps: Deps, kind: str, hhmm: str, after: datetime) -> None:
    """The next run of a daily job (Korea time), one per day whatever happens."""
    at = parse_hhmm(hhmm)
    local = after.astimezone(deps.settings.zone)
    when = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if when <= local:
        when += timedelta(days=1)
    key = f"{kind}:{when.date().isoformat()}"
    await scheduled.add(tx, kind, key, to_db(when), {}, to_db(after))


async def arm_daily(tx: Tx, deps: Deps, kind: str, hhmm: str, after: datetime) -> None:
    """A daily job's next run, unless one is armed already."""
    if not await scheduled.has_pending(tx, kind, f"{kind}:"):
        await schedule_daily(tx, deps, kind, hhmm, after)


SCRUB = "storage.scrub"
SCRUB_AT = "04:00"  # Korea time, the quietest hour: the rewrite holds each table a moment


async def erased(deps: Deps) -> None:
    """After a deletion privacy asks for (/forget, the retention purge, an inactive account's
    removal): no readable copy may stay in the database's files. SQLite zeroes deleted rows in
    the file (secure_delete) and a checkpoint empties the WAL, at once. PostgreSQL keeps old row
    versions in its table files until the table is rewritten, which locks it while it runs (about
    6 s for a million reports): that is the scrub, at the next SCRUB_AT, one a night however many
    deletions came before it."""
    await deps.db.checkpoint()
    if deps.db.keeps_old_rows:
        async with deps.db.transaction() as tx:
            await schedule_daily(tx, deps, SCRUB, SCRUB_AT, deps.clock.now())


async def _scrubbed(tx: Tx, deps: Deps, item: Scheduled, now: datetime) -> bool:
    return True  # the work (deps.db.scrub) ran before this transaction: see Kind.scrub


register(SCRUB, _scrubbed, scrub=True)
