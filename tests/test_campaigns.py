"""/campaign: staff write to every approved volunteer of their 동, with a preview, a recipient
count, a progress message, priority for alerts, and a resume after a restart."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from datetime import timedelta

from core.clock import FrozenClock
from tests import flows, seed
from tests.harness import ADMIN_ID, Harness, Person

HEADER = "📣 홍제1동 동주민센터 안내"


async def _volunteers(h: Harness, first: int, count: int, area: str = flows.HONGJE1, **kw: bool) -> list[int]:
    ids = list(range(first, first + count))
    for user_id in ids:
        await seed.volunteer(h.db, user_id, area, **kw)
        h.tg.add_user(user_id, f"봉사자{user_id}")
        h.tg.started.add(user_id)  # they have talked to the bot before
    return ids


def _received(h: Harness, user_id: int) -> list[str]:
    return [text for text in h.texts(user_id) if text.startswith(HEADER)]


async def _staff(h: Harness) -> Person:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)
    return staff


async def test_campaign_preview_confirm_and_progress(h: Harness) -> None:
    staff = await _staff(h)
    approved = await _volunteers(h, 10_000, 40, approved=True)
    waiting = await _volunteers(h, 20_000, 2)  # registered, not yet approved by staff
    elsewhere = await _volunteers(h, 30_000, 2, area=flows.HONGEUN1, approved=True)
    h.tg.blocked.add(approved[0])  # blocked the bot since: the 403 is counted, not retried

    await staff.send("/campaign")
    assert "<b>홍제1동</b>의 승인된 시민찾동이 모두에게" in staff.last().html
    await staff.send("")  # an empty message is not a message: nothing changes
    await staff.send("x" * 3001)
    assert staff.last().text.startswith("글은 3,000자까지예요. 지금 3,001자예요.")
    text = "겨울철 위기가구 전수조사 <함께> 해요 & 12월 5일까지 알려 주세요"
    await staff.send(text)
    preview = staff.last()
    assert preview.text.startswith("미리보기 · 받는 사람: 홍제1동의 승인된 시민찾동이 40명")
    assert f"{HEADER}\n\n{text}" in preview.text  # shown exactly as volunteers will see it
    assert preview.button_labels() == ["📣 보내기", "✏️ 글 고치기", "그만두기"]
    assert _received(h, approved[1]) == []  # nothing goes out before the confirmation

    await staff.press("✏️ 글 고치기")
    await staff.send(text + " (수정)")
    await staff.press("📣 보내기")
    await h.settle(timeout=20)

    for user_id in approved[1:]:
        assert _received(h, user_id) == [f"{HEADER}\n\n{text} (수정)"], user_id
    for user_id in waiting + elsewhere + [approved[0]]:
        assert _received(h, user_id) == []
    progress = [m for m in h.messages(staff.id) if m.text.startswith("📣 안내")]
    assert len(progress) == 1  # one message, edited as sending went on
    assert progress[0].text.startswith("📣 안내를 다 보냈어요: 39 / 40명. 받지 못한 사람 1명")
    assert progress[0].edits >= 1
    # The blocked volunteer is counted above and marked unreachable, without a notice per campaign.
    assert not any("보낼 수 없어요" in text for text in h.texts(ADMIN_ID))
    [blocked] = await h.rows("SELECT unreachable_at FROM users WHERE id = ?", (approved[0],))
    assert blocked["unreachable_at"] is not None
    log = await h.rows("SELECT actor_id, area_code, detail FROM access_log WHERE action = 'campaign'")
    assert [(r["actor_id"], r["area_code"]) for r in log] == [(staff.id, flows.HONGJE1)]
    assert (await h.rows("SELECT finished_at FROM campaigns"))[0]["finished_at"] is not None


async def test_only_staff_of_the_area_can_send_and_a_replayed_confirm_sends_once(h: Harness) -> None:
    staff = await _staff(h)
    await _volunteers(h, 10_000, 3, approved=True)
    minsu = h.person(1001, "민수")
    await minsu.send("/campaign")
    assert minsu.last().text == "동주민센터 직원만 볼 수 있어요."

    await staff.send("/campaign")
    await staff.send("안내 한 번")
    preview = staff.last()
    data = preview.button_data("📣 보내기")
    await staff.press("📣 보내기")
    await staff.press_data(data, preview)  # the same press again (a replay)
    await h.settle()
    assert [len(_received(h, uid)) for uid in range(10_000, 10_003)] == [1, 1, 1]
    assert len(await h.rows("SELECT id FROM campaigns")) == 1
    await staff.send("/mydata")  # the author's own data includes what they sent
    written = json.loads(staff.last().extra["content"])["campaigns_written"]
    assert [(c["text"], c["recipients"]) for c in written] == [("안내 한 번", 3)]


async def test_no_recipients_sends_nothing(h: Harness) -> None:
    staff = await _staff(h)
    await staff.send("/campaign")
    await staff.send("아무도 없나요")
    assert staff.last().text.startswith("홍제1동에는 아직 승인된 시민찾동이가 없어서 보낼 사람이 없어요.")
    assert await h.rows("SELECT id FROM campaigns") == []


async def test_an_alert_is_not_held_back_by_a_running_campaign(h: Harness) -> None:
    staff = await _staff(h)
    volunteers = await _volunteers(h, 10_000, 150, approved=True)
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    await staff.press("✅ 확인(승인)", chat=flows.STAFF_GROUP)
    await _report_until_preview(h, minsu)  # the report waits at its preview
    await staff.send("/campaign")
    await staff.send("전수조사 안내")
    preview = staff.last()
    pressed = time.monotonic()
    await h.tg.press(staff.id, preview, preview.button_data("📣 보내기"))  # not waiting for it
    await asyncio.sleep(0.5)
    await minsu.press("✅ 보내기")  # the report, while about 150 campaign messages wait
    await h.settle(timeout=20)

    sends = [(at, int(p["chat_id"]), str(p["text"])) for at, method, p in h.tg.log if method == "sendMessage"]
    alert_at = min(at for at, chat, text in sends if chat == flows.STAFF_GROUP and at > pressed)
    before_alert = sum(1 for at, chat, _ in sends if chat in set(volunteers) and at < alert_at)
    assert before_alert < 100, before_alert  # it did not wait for the campaign to finish
    assert all(len(_received(h, uid)) == 1 for uid in volunteers)


async def _report_until_preview(h: Harness, volunteer: Person) -> None:
    await volunteer.send("/report")
    await volunteer.press("아니요, 급하지 않아요")
    await volunteer.press("홀몸 어르신 안부")
    await volunteer.press("📍 홍제1동")
    await volunteer.send("홍제시장 뒤 파란 대문")
    await volunteer.send("3층 할머니가 일주일째 안 보여요")
    await volunteer.press("사진 없이 계속")
    await volunteer.press("연락해도 돼요")


async def test_a_restart_mid_campaign_resumes_without_sending_twice(h: Harness) -> None:
    staff = await _staff(h)
    volunteers = await _volunteers(h, 10_000, 90, approved=True)
    await staff.send("/campaign")
    await staff.send("재시작 시험")
    preview = staff.last()
    await h.tg.press(staff.id, preview, preview.button_data("📣 보내기"))
    deadline = time.monotonic() + 10
    while sum(len(_received(h, uid)) for uid in volunteers) < 30 and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    await h.restart()
    before = sum(len(_received(h, uid)) for uid in volunteers)
    assert 30 <= before < 90  # stopped part-way
    await h.settle(timeout=20)
    counts = Counter(len(_received(h, uid)) for uid in volunteers)
    assert counts == Counter({1: 90})  # everyone once: nobody missed, nobody twice
    progress = [m for m in h.messages(staff.id) if m.text.startswith("📣 안내")]
    assert len(progress) == 1
    assert progress[0].text.startswith("📣 안내를 다 보냈어요: 90 / 90명. 받지 못한 사람 0명")


async def test_in_quiet_hours_the_campaign_waits_until_morning(h: Harness) -> None:
    staff = await _staff(h)
    volunteers = await _volunteers(h, 10_000, 3, approved=True)
    assert isinstance(h.clock, FrozenClock) and h.runtime is not None
    h.clock.advance(timedelta(hours=8))  # 22:00 in Seoul
    await staff.send("/campaign")
    await staff.send("밤에 쓴 안내")
    assert "🌙 지금은 조용한 시간이라 2026-11-23 08:00부터 보내기 시작해요." in staff.last().text
    await staff.press("📣 보내기")
    progress = next(m for m in h.messages(staff.id) if m.text.startswith("📣 안내"))
    assert "조용한 시간이 끝나는 2026-11-23 08:00부터 보내요. (0 / 3)" in progress.text
    assert all(_received(h, uid) == [] for uid in volunteers)

    h.clock.advance(timedelta(hours=10))  # 08:00
    h.runtime.deps.wake_sender()
    await h.settle()
    assert all(len(_received(h, uid)) == 1 for uid in volunteers)
    assert progress.text.startswith("📣 안내를 다 보냈어요: 3 / 3명.")


async def test_a_held_campaign_keeps_saying_when_it_starts_and_is_never_edited_to_the_same_text(
    h: Harness,
) -> None:
    """Found by the long promise exploration: a campaign held for quiet hours, a restart, and a
    recipient who used /forget made the sender edit the progress message twice to the same text
    (Telegram answers 400 "message is not modified"), and the first edit dropped when it starts."""
    staff = await _staff(h)
    volunteers = await _volunteers(h, 10_000, 3, approved=True)
    assert isinstance(h.clock, FrozenClock)
    h.clock.advance(timedelta(hours=8))  # 22:00 in Seoul
    await staff.send("/campaign")
    await staff.send("밤에 쓴 안내")
    await staff.press("📣 보내기")
    progress = next(m for m in h.messages(staff.id) if m.text.startswith("📣 안내"))
    await h.restart()
    await h.settle()
    leaving = h.person(volunteers[0], f"봉사자{volunteers[0]}")
    await leaving.send("/forget")
    await leaving.press("네, 지워 주세요")
    await h.restart()
    await h.settle()
    held = "📣 안내 3명에게 보낼 준비가 됐어요. 조용한 시간이 끝나는 2026-11-23 08:00부터"
    assert progress.text.startswith(held)
    refused = [(method, chat) for _, method, chat, status in h.tg.requests if status == 400]
    assert refused == []

    assert h.runtime is not None
    h.clock.advance(timedelta(hours=10))  # 08:00
    h.runtime.deps.wake_sender()
    await h.settle()
    assert progress.text.startswith("📣 안내를 다 보냈어요: 2 / 3명. 받지 못한 사람 1명")
    assert [(m, c) for _, m, c, status in h.tg.requests if status == 400] == []
