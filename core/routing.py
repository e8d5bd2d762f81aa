"""Where a 동's staff messages go: its centre's chat, or else the admins. The one routing rule,
used for alerts, reminders, volunteer approvals and meeting proposals; the sender's 403 hook
(features/centres/unreachable.py) marks a centre's chat unreachable, after which this rule sends that
동's messages to the admins too.

The admins get them when the 동 has no centre, its centre has no linked chat or that chat is
unreachable, or the 동 was split or merged in a 행정동 reorganisation (until an admin reassigns
it with /areas, no centre is sure to be the right one).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.deps import Deps
from core.settings import Settings
from storage import centres
from storage.centres import Centre
from storage.db import Tx
from storage.recipients import chat_language


@dataclass(frozen=True)
class Destination:
    chat_id: int
    lang: str


async def staff_centre(tx: Tx, deps: Deps, area_code: str) -> Centre | None:
    """The centre whose chat receives this 동's staff messages, or None: the admins do."""
    if deps.areas.retired(area_code) is not None:
        return None
    centre = await centres.get(tx, area_code)
    if centre is None or centre.chat_id is None or centre.unreachable:
        return None
    return centre


async def staff_destinations(tx: Tx, deps: Deps, area_code: str) -> list[Destination]:
    """The chats that receive this 동's staff messages: the centre's, else every admin's."""
    centre = await staff_centre(tx, deps, area_code)
    if centre is not None and centre.chat_id is not None:
        return [Destination(centre.chat_id, centre.lang)]
    return await admin_destinations(tx, deps.settings)


async def admin_destinations(tx: Tx, settings: Settings) -> list[Destination]:
    """Every admin, in their language: where a staff message goes when no centre can take it."""
    default = settings.default_language
    return [
        Destination(admin_id, await chat_language(tx, admin_id, default))
        for admin_id in settings.admin_user_ids
    ]
