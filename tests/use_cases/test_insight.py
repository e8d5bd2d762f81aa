"""Insight's use cases on a real SQLite file, no Telegram: /stats shows staff their own centres
and admins what they search (or everything), refuses anyone else; /export only a centre's own."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.deps import Deps
from core.errors import Refused
from features.insight import actions as insight
from features.reports import actions as reports
from features.reports.actions import Draft
from tests import seed
from tests.use_cases.world import ADMIN, HONGEUN1, HONGJE1, OTHER_STAFF, STAFF, VOLUNTEER, VOLUNTEERS


def _draft(draft_id: str, area: str) -> Draft:
    return Draft(
        draft_id=draft_id, category="utilities", area_code=area, place_text=None, latitude=None,
        longitude=None, description="독촉장이 붙어 있어요", photo_file_id=None, contact_ok=True,
    )  # fmt: skip


async def test_stats_show_each_person_only_what_they_may_see(deps: Deps) -> None:
    with pytest.raises(Refused) as refused:
        await insight.scope(deps, VOLUNTEER, "")
    assert refused.value.key == "role.not_staff"
    assert (await insight.scope(deps, STAFF, "서울")).codes == [HONGJE1]  # a staff member's query is ignored
    await reports.submit(deps, VOLUNTEER, _draft("d", HONGJE1))
    everything = await insight.scope(deps, ADMIN, "")
    assert everything.everything and everything.codes == [HONGJE1]
    assert (await insight.scope(deps, ADMIN, "홍제1동")).codes == [HONGJE1]
    figures = await insight.stats(deps, everything.codes)
    assert figures.received == 1 and figures.by_category == {"utilities": 1}


async def test_an_export_is_only_of_the_askers_own_centre(deps: Deps) -> None:
    neighbour = next(VOLUNTEERS)
    await seed.volunteer(deps.db, neighbour, HONGEUN1, approved=True)
    mine = (await reports.submit(deps, VOLUNTEER, _draft("mine", HONGJE1))).report
    theirs = (await reports.submit(deps, neighbour, _draft("theirs", HONGEUN1))).report
    end = deps.clock.now() + timedelta(minutes=1)
    with pytest.raises(Refused):
        await insight.export_csv(deps, OTHER_STAFF, HONGJE1, end - timedelta(days=30), end)
    data = await insight.export_csv(deps, STAFF, HONGJE1, end - timedelta(days=30), end)
    assert data.startswith("\ufeff".encode())  # Excel reads Korean with the BOM
    text = data.decode("utf-8-sig")
    assert mine.ref in text and theirs.ref not in text
