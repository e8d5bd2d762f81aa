"""Privacy's use cases on a real SQLite file, no Telegram: /mydata is the asker's own data, and
/forget leaves no name or phone number of theirs while their reports stay with the centre."""

from __future__ import annotations

import json

from core.deps import Deps
from features.privacy import actions as privacy
from features.reports import actions as reports
from features.reports.actions import Draft
from tests.use_cases.world import HONGJE1, STAFF, VOLUNTEER


def _draft() -> Draft:
    return Draft(
        draft_id="d", category="isolation", area_code=HONGJE1, place_text=None, latitude=None,
        longitude=None, description="할머니가 안 보이세요", photo_file_id=None, contact_ok=True,
    )  # fmt: skip


async def test_mydata_is_the_askers_own_and_forget_leaves_no_name(deps: Deps) -> None:
    async with deps.db.transaction() as tx:
        await tx.execute("UPDATE users SET phone = '+821012345678' WHERE id = ?", (VOLUNTEER,))
    report = (await reports.submit(deps, VOLUNTEER, _draft())).report
    mine = json.loads(await privacy.export(deps, VOLUNTEER))
    assert [row["ref"] for row in mine["reports"]] == [report.ref]
    assert mine["account"]["phone"] == "+821012345678" and "approved_by" not in mine["account"]
    assert json.loads(await privacy.export(deps, STAFF))["reports"] == []
    assert await privacy.forget(deps, VOLUNTEER)
    row = await deps.db.fetchone(
        "SELECT display_name, phone, registered_at FROM users WHERE id = ?", (VOLUNTEER,)
    )
    assert row is None or (
        row["display_name"] is None and row["phone"] is None and row["registered_at"] is None
    )
    kept = await deps.db.fetchone("SELECT reporter_id FROM reports WHERE id = ?", (report.id,))
    assert kept is not None and kept["reporter_id"] is None  # the centre keeps the report, unlinked
    texts = await deps.db.fetchall("SELECT text FROM outbox")
    assert not any("봉사자1001" in (r["text"] or "") or "12345678" in (r["text"] or "") for r in texts)
