"""The small world every use-case test starts from: two 동 with a centre each (staff, a linked
group), an approved volunteer in the first, and an admin."""

from __future__ import annotations

import itertools

from core.areas import AreaDirectory
from storage.db import Database

HONGJE1, HONGEUN1 = "1141062000", "1141066000"
GROUP, STAFF, OTHER_STAFF, VOLUNTEER, ADMIN = -1001, 2001, 2002, 1001, 900001
AREAS = AreaDirectory.load()
VOLUNTEERS = itertools.count(5000)


async def outbox(db: Database) -> list[tuple[int, str]]:
    """(chat, dedup key) of every queued message, in order."""
    rows = await db.fetchall("SELECT chat_id, dedup_key FROM outbox ORDER BY id")
    return [(row["chat_id"], row["dedup_key"] or "") for row in rows]
