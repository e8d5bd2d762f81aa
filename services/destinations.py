"""Where a 동's staff notices go: its centre's chat, or (returning None) the admins.

One rule for alerts, reminders, escalations and meeting proposals: the admins get them when the
동 has no centre, its centre has no linked chat or that chat is unreachable, or the 동 was split or
merged in a 행정동 reorganisation (until an admin reassigns it with /areas, no centre is sure to
be the right one).
"""

from __future__ import annotations

from core.deps import Deps
from storage import centres
from storage.centres import Centre
from storage.db import Tx


async def staff_centre(tx: Tx, deps: Deps, area_code: str) -> Centre | None:
    if deps.areas.retired(area_code) is not None:
        return None
    centre = await centres.get(tx, area_code)
    if centre is None or centre.chat_id is None or centre.unreachable:
        return None
    return centre
