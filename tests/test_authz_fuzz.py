"""Authorisation fuzz: 1,000+ generated and replayed button presses and commands from people
who must not act (non-staff, staff of another centre, revoked staff): nothing is disclosed,
nothing changes, and every refused attempt on a real report or meeting is logged."""

from __future__ import annotations

import random

from tests import flows
from tests.harness import ADMIN_ID, Harness

CANARY = "authz-canary-4821 비밀 내용"


async def _snapshot(h: Harness) -> list[tuple[object, ...]]:
    rows = []
    for sql in (
        "SELECT id, status, assignee_id, area_code, duplicate_of, reporter_id FROM reports",
        "SELECT id, status, support, starts_at, staff_comment, outcome_summary FROM meetings",
        "SELECT user_id, area_code, revoked_at FROM staff",
        "SELECT area_code, chat_id FROM centres",
        "SELECT id, approved_at, report_blocked_at FROM users",
        "SELECT count(*) FROM report_notes",
        "SELECT count(*) FROM invites",
        "SELECT meeting_id, user_id, answer FROM rsvps",
    ):
        # In a fixed order: a table's rows come back in any order (PostgreSQL moves an updated row).
        rows += sorted((tuple(row) for row in await h.rows(sql)), key=repr)
    return rows


async def test_a_thousand_hostile_presses_and_commands_change_and_disclose_nothing(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    other = h.person(2002, "홍은 직원")
    revoked = h.person(2003, "전 직원")
    minsu = h.person(1001, "민수")
    stranger = h.person(3001, "행인")
    await flows.centre(h, admin, staff)
    await flows.centre(h, admin, other, group=flows.OTHER_GROUP, search="홍은1동", pick="홍은1동 · 서대문구")
    code = await flows.invite_code(h, admin)
    await revoked.send(f"/join {code}")
    await admin.send("/staff")
    await admin.press("해제: 전 직원 · 홍제1동")
    await flows.register(h, minsu, phone="+821012341234")
    await flows.register(h, stranger)
    await flows.report(h, minsu, description=CANARY)
    await flows.propose_meeting(h, minsu)
    await stranger.send("/start")
    alert = h.last(flows.STAFF_GROUP)
    before = await _snapshot(h)
    refused_before = len(await h.rows("SELECT id FROM access_log WHERE action = 'refused'"))

    rng = random.Random(7)
    intruders = [other, revoked, stranger]
    report_ids, meeting_ids, user_ids = [1, 2, 999], [1, 2, 77], [1001, 2001, 3001, 42]
    templates = [
        "rp:tk:{r}", "rp:sm:{r}", "rp:bk:{r}", "rp:dt:{r}", "rp:bl:{r}", "rp:nt:{r}", "rp:dp:{r}",
        "rp:tr:{r}", "rp:tko:{r}", "rp:blc:{r}", "rp:ub:{r}", "rp:db:{r}",
        "rp:ss:{r}:closed", "rp:ss:{r}:in_progress", "rp:ss:{r}:checking", "vo:ap:{u}",
        "ms:ap:{m}", "ms:sp:{m}", "ms:su:{m}:room", "ms:bk:{m}", "ms:ch:{m}", "ms:dc:{m}", "mw:ch:{m}",
        "mw:dc:{m}", "mx:{m}", "mx:{m}:y", "mv:{m}", "mo:{m}", f"sr:2001:{flows.HONGJE1}",
        f"iv:{flows.HONGJE1}", f"lk:{flows.HONGJE1}", "rp:tk:-1", "rp:tk:abc", "zz:{r}",
    ]  # fmt: skip
    commands = ["/open", "/staff", "/invite 홍제1동", "/accesslog", "/accesslog 홍제1동"]
    # In the staff group itself (few: a group gets at most 20 messages a minute).
    for intruder in intruders:
        await h.tg.text(intruder.id, "/link", flows.STAFF_GROUP)
        await h.tg.text(intruder.id, "/open", flows.STAFF_GROUP)
    await h.settle(timeout=60)
    sent = 0
    legit_targets = 0
    while sent < 1000:
        for _ in range(50):
            intruder = rng.choice(intruders)
            if rng.random() < 0.85:
                data = rng.choice(templates).format(
                    r=rng.choice(report_ids), m=rng.choice(meeting_ids), u=rng.choice(user_ids)
                )
                target = alert if rng.random() < 0.5 else h.last(intruder.id)
                legit_targets += data in ("rp:tk:1", "rp:dt:1", "rp:ss:1:closed", "ms:ap:1")
                await h.tg.press(intruder.id, target, data)
            else:
                await h.tg.text(intruder.id, rng.choice(commands), intruder.id)
            sent += 1
        await h.settle(timeout=60)

    assert await _snapshot(h) == before
    for intruder in intruders:
        assert not any(CANARY in text or "+821012341234" in text for text in intruder.texts())
        assert not any("직원 전용" in text for text in intruder.texts())
    assert not any(CANARY in text for text in h.texts(flows.STAFF_GROUP) + h.texts(flows.OTHER_GROUP))
    refused = len(await h.rows("SELECT id FROM access_log WHERE action = 'refused'")) - refused_before
    assert refused >= legit_targets > 20
    # Every message the bot sent was one Telegram accepts.
    assert [why for method, why in h.tg.rejected if method != "answerCallbackQuery"] == []
