"""Privacy: retention purge leaves no trace, blocked reporters, the access log."""

from __future__ import annotations

from datetime import timedelta

from core import scheduler
from core.clock import FrozenClock
from tests import flows
from tests.harness import ADMIN_ID, Harness

CANARY = "canary-7f3a9 할머니 비밀"
PLACE_CANARY = "canary-place-51c2"


async def test_purge_after_retention_leaves_the_canary_nowhere_in_the_file_or_wal(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    await flows.report(h, minsu, description=CANARY, place=PLACE_CANARY, photo="photo-canary-77")
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    await staff.press("📝 메모")
    await staff.send(f"메모 {CANARY}")
    await staff.press("🔄 상태 변경", chat=flows.STAFF_GROUP)
    await staff.press("종결", chat=flows.STAFF_GROUP)
    assert isinstance(h.clock, FrozenClock) and h.runtime is not None
    h.clock.advance(timedelta(days=364))
    await scheduler.run_due(h.runtime.deps)
    [kept] = await h.rows("SELECT description FROM reports")
    assert kept["description"] == CANARY  # not yet
    h.clock.advance(timedelta(days=2))
    await scheduler.run_due(h.runtime.deps)
    await h.settle()
    [row] = await h.rows(
        "SELECT category, area_code, status, created_at, closed_at, description, place_text, photo_file_id, "
        "reporter_id, purged_at FROM reports"
    )
    assert (row["category"], row["area_code"], row["status"]) == ("elderly_alone", flows.HONGJE1, "closed")
    assert row["created_at"] and row["closed_at"] and row["purged_at"]
    assert (row["description"], row["place_text"], row["photo_file_id"], row["reporter_id"]) == (
        "",
        None,
        None,
        None,
    )
    assert await h.rows("SELECT * FROM report_notes") == []
    # The access log outlives the purge.
    actions = [r["action"] for r in await h.rows("SELECT action FROM access_log ORDER BY id")]
    assert "view_details" in actions and "purge" in actions
    await h.stop()  # closes the connection: everything is checkpointed into the file
    for path in (h.db_path, h.db_path.with_name(h.db_path.name + "-wal")):
        if path.exists():
            data = path.read_bytes()
            for canary in (CANARY, PLACE_CANARY, "photo-canary-77"):
                assert canary.encode() not in data, (path.name, canary)


async def test_purge_is_also_complete_while_the_bot_keeps_running(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    await flows.report(h, minsu, description=CANARY)
    await staff.press("🔄 상태 변경", chat=flows.STAFF_GROUP)
    await staff.press("종결", chat=flows.STAFF_GROUP)
    assert isinstance(h.clock, FrozenClock) and h.runtime is not None
    h.clock.advance(timedelta(days=366))
    await scheduler.run_due(h.runtime.deps)  # purges and checkpoints the WAL (TRUNCATE)
    wal = h.db_path.with_name(h.db_path.name + "-wal")
    for path in (h.db_path, wal):
        if path.exists():
            assert CANARY.encode() not in path.read_bytes(), path.name


async def test_a_reopened_report_is_not_purged(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    await flows.report(h, minsu, description=CANARY)
    await staff.press("🔄 상태 변경", chat=flows.STAFF_GROUP)
    await staff.press("종결", chat=flows.STAFF_GROUP)
    await staff.press("🔄 상태 변경", chat=flows.STAFF_GROUP)
    await staff.press("조치중", chat=flows.STAFF_GROUP)
    assert isinstance(h.clock, FrozenClock) and h.runtime is not None
    h.clock.advance(timedelta(days=400))
    await scheduler.run_due(h.runtime.deps)
    [row] = await h.rows("SELECT description FROM reports")
    assert row["description"] == CANARY


async def test_a_changed_notice_is_agreed_again_before_continuing(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    async with h.db.transaction() as tx:
        await tx.execute("UPDATE users SET consent_version = '2025-01-01' WHERE id = 1001")
    await minsu.send("/report")
    assert minsu.last().text == "개인정보 안내가 바뀌었어요. 계속하려면 /start 로 새 안내를 확인해 주세요."
    await minsu.send("/start")
    assert "개인정보 수집·이용 안내" in minsu.last().text
    await minsu.press("동의하지 않습니다")
    assert "/forget" in minsu.last().text
    await minsu.send("/start")
    await minsu.press("✅ 동의합니다")
    assert "새 개인정보 안내(버전 2026-11-22)에 동의하셨어요" in minsu.last().text
    [row] = await h.rows("SELECT consent_version, display_name FROM users WHERE id = 1001")
    assert (row["consent_version"], row["display_name"]) == ("2026-11-22", "민수")
    await minsu.send("/report")
    assert "지금 당장 위험한 사람이 있나요?" in minsu.last().text


async def test_mydata_sends_everything_and_forget_unlinks_reports(h: Harness) -> None:
    import json

    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu, phone="+821055556666")
    await flows.report(h, minsu, description="내 신고 내용")
    await minsu.send("/mydata")
    document = minsu.last()
    assert document.kind == "document" and document.extra["filename"] == "golmok-my-data.json"
    data = json.loads(document.extra["content"])
    assert data["account"]["phone"] == "+821055556666"
    assert data["reports"][0]["description"] == "내 신고 내용"
    await minsu.send("/forget")
    await minsu.press("아니요")
    assert minsu.last().text == "그대로 두었어요."
    await minsu.send("/forget")
    await minsu.press("네, 지워 주세요")
    assert "지웠어요" in minsu.last().text
    [user] = await h.rows("SELECT display_name, phone, home_area, registered_at FROM users WHERE id = 1001")
    assert tuple(user) == (None, None, None, None)
    [report] = await h.rows("SELECT reporter_id, description FROM reports")
    assert (report["reporter_id"], report["description"]) == (None, "내 신고 내용")  # stays with the centre
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    assert "익명 (연락 불가)" in staff.last().text and "+821055556666" not in staff.last().text
    actions = [r["action"] for r in await h.rows("SELECT action FROM access_log WHERE actor_id = 1001")]
    assert "export_own_data" in actions and "forget" in actions


async def test_staff_can_block_a_reporter_and_it_is_logged(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    prankster = h.person(1003, "장난")
    await flows.centre(h, admin, staff)
    await flows.register(h, prankster)
    await flows.report(h, prankster, description="장난 신고")
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    await staff.press("🚫 제보자 신고 제한")  # asks first (tests/test_staff_actions.py)
    answer = await staff.press("🚫 네, 제한해요")
    assert answer["text"].startswith("이 제보자는 이제 신고를 보낼 수 없어요")
    await prankster.send("/report")
    assert "지금은 골목으로 신고를 보낼 수 없어요" in prankster.last().text
    [log] = await h.rows("SELECT actor_id, target_user_id FROM access_log WHERE action = 'block_reporter'")
    assert (log["actor_id"], log["target_user_id"]) == (2001, 1003)


async def test_admins_read_the_access_log_filtered_and_nobody_else_can(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu)
    await flows.report(h, minsu)
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    await admin.send("/accesslog 홍제1동")
    log = admin.last().text
    assert "열람·변경 기록" in log and "김주무관(2001) · view_details · 홍제1동-2026-0001" in log
    await admin.send("/accesslog 2001")
    assert "staff_grant" in admin.last().text and "view_details" in admin.last().text
    await staff.send("/accesslog")
    assert staff.last().text == "관리자만 쓸 수 있어요."


async def test_logs_at_debug_hold_no_token_phone_or_report_text(h: Harness) -> None:
    import logging

    from core import logs
    from tests.harness import TOKEN

    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    logs.setup(logging.DEBUG)  # the bot's own logging set-up, at DEBUG
    collector = Collect()
    for existing in root.handlers:
        for log_filter in existing.filters:
            collector.addFilter(log_filter)
    root.addHandler(collector)
    try:
        admin = h.person(ADMIN_ID, "관리자")
        staff = h.person(2001, "김주무관")
        minsu = h.person(1001, "민수")
        await flows.centre(h, admin, staff)
        await flows.register(h, minsu, phone="+821077778888")
        await flows.report(h, minsu, description="로그에 남으면 안 되는 내용", place="비밀 주소 12-3")
        await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
        h.tg.blocked.add(1001)
        await staff.press("🙋 맡기", chat=flows.STAFF_GROUP)
    finally:
        root.removeHandler(collector)
        root.handlers[:], level = saved
        root.setLevel(level)
    joined = "\n".join(records)
    assert records, "nothing was logged at all"
    for secret in (TOKEN, TOKEN.split(":")[1], "+821077778888", "821077778888", "로그에 남으면", "비밀 주소"):
        assert secret not in joined, secret


async def test_inactive_volunteers_are_warned_then_removed(h: Harness) -> None:
    away = h.person(1001, "떠난 이웃")
    back = h.person(1002, "돌아온 이웃")
    await flows.register(h, away)
    await flows.register(h, back)
    assert isinstance(h.clock, FrozenClock) and h.runtime is not None

    async def day(n: float) -> None:
        assert isinstance(h.clock, FrozenClock) and h.runtime is not None
        h.clock.advance(timedelta(days=n))
        await scheduler.run_due(h.runtime.deps)
        assert h.runtime.sender is not None
        h.runtime.sender.wake()
        await h.settle()

    await day(700.9)  # 730 - 30 days, around 10:00 in Seoul
    assert "30일 남음" in away.last().text and "30일 남음" in back.last().text
    await back.send("아직 여기 있어요")  # any message counts as activity
    assert "명령어" in back.last().text
    await day(23)
    assert "7일 남음" in away.last().text
    assert "7일 남음" not in back.last().text
    await day(8)
    [gone] = await h.rows("SELECT registered_at, display_name FROM users WHERE id = 1001")
    assert tuple(gone) == (None, None)
    [kept] = await h.rows("SELECT registered_at FROM users WHERE id = 1002")
    assert kept["registered_at"] is not None
