"""Campaigns' use cases on a real SQLite file, no Telegram: only staff of the 동 send one, it
goes once per draft to each approved volunteer of that 동 and to nobody else, and every refusal
is in the access log."""

from __future__ import annotations

import pytest

from core.deps import Deps
from core.errors import Refused
from features.campaigns import actions as campaigns
from tests import seed
from tests.use_cases.world import HONGEUN1, HONGJE1, OTHER_STAFF, STAFF, VOLUNTEER, VOLUNTEERS


async def test_only_staff_of_the_dong_send_a_campaign(deps: Deps) -> None:
    for actor in (VOLUNTEER, OTHER_STAFF):
        with pytest.raises(Refused):
            await campaigns.start(deps, actor, HONGJE1, "이번 주 골목 청소해요", f"draft-{actor}")
    assert await deps.db.scalar("SELECT count(*) FROM campaigns") == 0
    assert await deps.db.scalar("SELECT count(*) FROM outbox") == 0
    logged = await deps.db.scalar("SELECT count(*) FROM access_log WHERE action LIKE 'refused%'")
    assert logged == 2


async def test_a_campaign_goes_once_to_each_approved_volunteer_of_its_dong(deps: Deps) -> None:
    waiting, elsewhere = next(VOLUNTEERS), next(VOLUNTEERS)
    await seed.volunteer(deps.db, waiting, HONGJE1, approved=False)
    await seed.volunteer(deps.db, elsewhere, HONGEUN1, approved=True)
    first = await campaigns.start(deps, STAFF, HONGJE1, "이번 주 골목 청소해요", "draft-1")
    again = await campaigns.start(deps, STAFF, HONGJE1, "이번 주 골목 청소해요", "draft-1")  # replayed
    assert again.campaign_id == first.campaign_id and first.total == 1
    rows = await deps.db.fetchall("SELECT chat_id FROM outbox WHERE campaign_id IS NOT NULL")
    assert [row["chat_id"] for row in rows] == [VOLUNTEER]
