"""Fast set-ups for reliability tests: rows written through the real repositories, no chat."""

from __future__ import annotations

from core.areas import AreaDirectory
from core.people import PRIVACY_NOTICE_VERSION
from storage import centres, users
from storage.db import Database

NOW = "2026-11-22T05:00:00.000000Z"


async def centre_with_staff(db: Database, area_code: str, chat_id: int, staff_id: int) -> None:
    async with db.transaction() as tx:
        await users.ensure(tx, staff_id, "ko", f"직원{staff_id}", None, NOW)
        await centres.grant(tx, staff_id, area_code, None, NOW)
        await centres.link_chat(tx, area_code, chat_id, f"centre {area_code}", staff_id, NOW)


async def volunteer(db: Database, user_id: int, area_code: str, *, approved: bool = False) -> None:
    async with db.transaction() as tx:
        await users.ensure(tx, user_id, "ko", f"봉사자{user_id}", None, NOW)
        await users.register(
            tx, user_id, display_name=f"봉사자{user_id}", phone=None, home_area=area_code,
            consent_version=PRIVACY_NOTICE_VERSION, consent_at=NOW, now=NOW,
        )  # fmt: skip
        if approved:
            await users.approve(tx, user_id, 0, NOW)


def seoul_areas(count: int) -> list[str]:
    """`count` 동 codes of 서울 서대문구 and beyond, in a stable order."""
    areas = AreaDirectory.load()
    codes = sorted(a.code for a in areas.search("서울 동", limit=4000))
    return codes[:count]
