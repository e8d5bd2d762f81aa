"""Privacy's use cases on a real SQLite file, no Telegram: /mydata is the asker's own data, and
/forget leaves no name or phone number of theirs while their reports stay with the centre."""

from __future__ import annotations

import json
from datetime import timedelta

from core import people, scheduler
from core.clock import FrozenClock
from core.deps import Deps
from features.privacy import actions as privacy
from features.reports import actions as reports
from features.reports.actions import Draft
from features.volunteers import actions as volunteers
from features.volunteers.actions import Registration
from tests.use_cases.world import HONGJE1, STAFF


def _draft() -> Draft:
    return Draft(
        draft_id="d", category="isolation", area_code=HONGJE1, place_text=None, latitude=None,
        longitude=None, description="할머니가 안 보이세요", photo_file_id=None, contact_ok=True,
    )  # fmt: skip


async def test_mydata_is_the_askers_own_and_forget_leaves_no_name(deps: Deps) -> None:
    newcomer = 6006
    await people.touch(deps, newcomer, "ko", "박이웃", None)
    await volunteers.register(deps, newcomer, Registration(
        display_name="박이웃", phone="+821012345678", home_area=HONGJE1,
        consent_version=people.PRIVACY_NOTICE_VERSION, consent_at=deps.now(),
    ))  # fmt: skip
    await volunteers.approve(deps, STAFF, newcomer)
    report = (await reports.submit(deps, newcomer, _draft())).report
    texts = [r["text"] or "" for r in await deps.db.fetchall("SELECT text FROM outbox")]
    assert any("박이웃" in text for text in texts)  # the centre was told of the new volunteer by name
    mine = json.loads(await privacy.export(deps, newcomer))
    assert [row["ref"] for row in mine["reports"]] == [report.ref]
    assert mine["account"]["phone"] == "+821012345678" and "approved_by" not in mine["account"]
    assert json.loads(await privacy.export(deps, STAFF))["reports"] == []
    assert await privacy.forget(deps, newcomer)
    row = await deps.db.fetchone(
        "SELECT display_name, phone, registered_at FROM users WHERE id = ?", (newcomer,)
    )
    assert row is None or (
        row["display_name"] is None and row["phone"] is None and row["registered_at"] is None
    )
    kept = await deps.db.fetchone("SELECT reporter_id FROM reports WHERE id = ?", (report.id,))
    assert kept is not None and kept["reporter_id"] is None  # the centre keeps the report, unlinked
    texts = [r["text"] or "" for r in await deps.db.fetchall("SELECT text FROM outbox")]
    assert texts and not any("박이웃" in text or "12345678" in text for text in texts)


async def test_forget_on_postgresql_rewrites_the_tables_that_night_once(deps: Deps) -> None:
    """PostgreSQL keeps a deleted row's bytes in the table file until the table is rewritten: after
    /forget one scrub is due at the next 04:00 in Seoul, however many come; it rewrites every table
    (a new file each) and runs once. SQLite zeroes deleted rows at once and needs none."""
    for user_id in (7007, 7008):
        await people.touch(deps, user_id, "ko", "지울이", None)
        await privacy.forget(deps, user_id)
    due = await deps.db.fetchall("SELECT due_at, state FROM scheduled WHERE kind = ?", (scheduler.SCRUB,))
    if not deps.db.keeps_old_rows:
        assert due == []
        return
    assert [(r["due_at"], r["state"]) for r in due] == [("2026-11-22T19:00:00.000000Z", "pending")]
    before = await deps.db.scalar("SELECT pg_relation_filenode('users')")
    assert isinstance(deps.clock, FrozenClock)
    deps.clock.advance(timedelta(hours=13))  # 03:00 in Seoul: not yet
    assert await scheduler.run_due(deps) == 0
    deps.clock.advance(timedelta(hours=1, seconds=1))
    assert await scheduler.run_due(deps) == 1
    assert await deps.db.scalar("SELECT pg_relation_filenode('users')") != before
    states = await deps.db.fetchall("SELECT state FROM scheduled WHERE kind = ?", (scheduler.SCRUB,))
    assert [r["state"] for r in states] == ["done"]
    assert await scheduler.run_due(deps) == 0
