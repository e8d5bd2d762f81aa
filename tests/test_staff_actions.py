"""Staff actions that must not surprise: taking over, taking again, blocking and unblocking a
reporter, eligibility checked where the report is stored, and details views logged truthfully."""

from __future__ import annotations

from core.deps import Deps
from features.reports import actions as report_service
from tests import flows
from tests.harness import ADMIN_ID, Harness, Person

NOT_AUTHORISED = "권한이 없어요. 이 동주민센터의 직원만 할 수 있어요."


async def _setup(h: Harness) -> tuple[Person, Person, Person, Person]:
    """An admin, two staff of 홍제1동 (김주무관 links the group, 이주무관 joins it) and 민수."""
    admin = h.person(ADMIN_ID, "관리자")
    kim = h.person(2001, "김주무관")
    lee = h.person(2002, "이주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, kim)
    code = await flows.invite_code(h, admin)
    await lee.send(f"/join {code}")
    await flows.register(h, minsu, phone="+821012345678")
    return admin, kim, lee, minsu


def _deps(h: Harness) -> Deps:
    assert h.runtime is not None
    return h.runtime.deps


async def _details(h: Harness, staff: Person) -> None:
    await staff.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)


async def _blocked_at(h: Harness, user_id: int) -> str | None:
    [row] = await h.rows("SELECT report_blocked_at FROM users WHERE id = ?", (user_id,))
    return row["report_blocked_at"]  # type: ignore[no-any-return]


async def _draft_at_preview(volunteer: Person) -> None:
    """A second report entered up to the preview, not sent yet."""
    await volunteer.send("/report")
    await volunteer.press("아니요, 급하지 않아요")
    await volunteer.press("홀몸 어르신 안부")
    await volunteer.press("📍 홍제1동")
    await volunteer.send("홍제시장 뒤")
    await volunteer.send("두 번째 신고 canary-draft")
    await volunteer.press("사진 없이 계속")
    await volunteer.press("연락해도 돼요")
    assert "✅ 보내기" in volunteer.last().button_labels()


# --- taking --------------------------------------------------------------------------------


async def test_a_colleague_taking_over_is_asked_first_and_the_first_holder_is_told(h: Harness) -> None:
    _, kim, lee, minsu = await _setup(h)
    await flows.report(h, minsu)
    alert = h.last(flows.STAFF_GROUP)
    await kim.press("🙋 맡기", chat=flows.STAFF_GROUP, message=alert)
    [row] = await h.rows("SELECT assignee_id FROM reports")
    assert row["assignee_id"] == 2001
    kim_before = len(kim.texts())

    # 이주무관 presses 맡기 too: nothing changes yet, they are asked to confirm.
    answer = await lee.press("🙋 맡기", chat=flows.STAFF_GROUP, message=alert)
    assert "김주무관님이 맡고 있어요" in answer["text"]
    [row] = await h.rows("SELECT assignee_id FROM reports")
    assert row["assignee_id"] == 2001
    current = h.tg.messages[(flows.STAFF_GROUP, alert.message_id)]
    assert current.button_data("✅ 넘겨받기") == "rp:tko:1"
    assert len(kim.texts()) == kim_before

    # Going back restores the usual buttons without taking anything.
    await lee.press("← 돌아가기", chat=flows.STAFF_GROUP, message=current)
    current = h.tg.messages[(flows.STAFF_GROUP, alert.message_id)]
    assert "🙋 맡기" in current.button_labels()
    [row] = await h.rows("SELECT assignee_id FROM reports")
    assert row["assignee_id"] == 2001

    await lee.press("🙋 맡기", chat=flows.STAFF_GROUP, message=current)
    current = h.tg.messages[(flows.STAFF_GROUP, alert.message_id)]
    answer = await lee.press("✅ 넘겨받기", chat=flows.STAFF_GROUP, message=current)
    assert answer["text"] == "넘겨받았어요. 김주무관님께 알렸어요."
    [row] = await h.rows("SELECT assignee_id FROM reports")
    assert row["assignee_id"] == 2002
    current = h.tg.messages[(flows.STAFF_GROUP, alert.message_id)]
    assert "담당: 이주무관" in current.text and "🙋 맡기" in current.button_labels()
    told = kim.texts()[kim_before:]
    assert told == ["🔁 홍제1동-2026-0001: 이주무관님이 담당을 넘겨받았어요."]
    [outbox_row] = await h.rows(
        "SELECT priority FROM outbox WHERE chat_id = 2001 AND text LIKE '%넘겨받았어요%'"
    )
    assert outbox_row["priority"] == 0  # urgent: not held back like bulk messages
    events = await h.rows("SELECT action FROM access_log WHERE action LIKE 'take%' ORDER BY id")
    assert [e["action"] for e in events] == ["take", "take_over"]


async def test_taking_your_own_report_again_changes_and_sends_nothing(h: Harness) -> None:
    _, kim, _, minsu = await _setup(h)
    await flows.report(h, minsu)
    alert = h.last(flows.STAFF_GROUP)
    await kim.press("🙋 맡기", chat=flows.STAFF_GROUP, message=alert)
    outbox_before = await h.rows("SELECT count(*) AS n FROM outbox")
    edits_before = len(h.tg.calls("editMessageText"))
    answer = await kim.press("🙋 맡기", chat=flows.STAFF_GROUP, message=alert)
    assert answer == {"text": "이미 맡고 있는 신고예요.", "show_alert": False}
    assert await h.rows("SELECT count(*) AS n FROM outbox") == outbox_before
    assert len(h.tg.calls("editMessageText")) == edits_before
    # The confirmation button, forged or stale, is no way round it either.
    answer = await kim.press_data("rp:tko:1", alert)
    assert answer["text"] == "이미 맡고 있는 신고예요."
    assert await h.rows("SELECT count(*) AS n FROM outbox") == outbox_before


async def test_the_takeover_confirmation_is_authorised_on_the_server(h: Harness) -> None:
    admin, kim, _, minsu = await _setup(h)
    other = h.person(2003, "홍은 직원")
    await flows.centre(h, admin, other, group=flows.OTHER_GROUP, search="홍은1동", pick="홍은1동 · 서대문구")
    await flows.report(h, minsu)
    alert = h.last(flows.STAFF_GROUP)
    await kim.press("🙋 맡기", chat=flows.STAFF_GROUP, message=alert)
    for intruder in (other, minsu):
        answer = await intruder.press_data("rp:tko:1", alert)
        assert answer["text"] == NOT_AUTHORISED
    [row] = await h.rows("SELECT assignee_id FROM reports")
    assert row["assignee_id"] == 2001


# --- blocking ------------------------------------------------------------------------------


async def test_blocking_asks_for_confirmation_and_can_be_undone(h: Harness) -> None:
    _, kim, lee, minsu = await _setup(h)
    await flows.report(h, minsu)
    await _details(h, kim)
    details = h.with_button(2001, "🚫 제보자 신고 제한")
    answer = await kim.press("🚫 제보자 신고 제한", message=details)
    assert "정말 제한하려면" in answer["text"]
    assert await _blocked_at(h, 1001) is None
    current = h.tg.messages[(2001, details.message_id)]
    assert current.button_data("🚫 네, 제한해요") == "rp:blc:1"
    await kim.press("← 돌아가기", message=current)
    current = h.tg.messages[(2001, details.message_id)]
    assert "🚫 제보자 신고 제한" in current.button_labels()
    assert await _blocked_at(h, 1001) is None

    await kim.press("🚫 제보자 신고 제한", message=current)
    current = h.tg.messages[(2001, details.message_id)]
    answer = await kim.press("🚫 네, 제한해요", message=current)
    assert answer["text"] == "이 제보자는 이제 신고를 보낼 수 없어요. (열람 기록에 남았어요)"
    assert await _blocked_at(h, 1001) is not None
    current = h.tg.messages[(2001, details.message_id)]
    assert "↩️ 신고 제한 풀기" in current.button_labels()
    await minsu.send("/report")
    assert minsu.last().text.startswith("지금은 골목으로 신고를 보낼 수 없어요")

    # A colleague sees the block in the details view and can undo it.
    await _details(h, lee)
    lee_details = h.with_button(2002, "↩️ 신고 제한 풀기")
    assert "이 제보자는 신고가 제한되어 있어요" in lee_details.text
    answer = await lee.press("↩️ 신고 제한 풀기", message=lee_details)
    assert answer["text"].startswith("신고 제한을 풀었어요")
    assert await _blocked_at(h, 1001) is None
    assert "🚫 제보자 신고 제한" in h.tg.messages[(2002, lee_details.message_id)].button_labels()
    logged = await h.rows(
        "SELECT actor_id, action, target_user_id, report_id FROM access_log "
        "WHERE action LIKE '%block%' ORDER BY id"
    )
    assert [(r["actor_id"], r["action"], r["target_user_id"], r["report_id"]) for r in logged] == [
        (2001, "block_reporter", 1001, 1),
        (2002, "unblock_reporter", 1001, 1),
    ]
    await flows.report(h, minsu, description="다시 보낼 수 있어요")
    assert len(await h.rows("SELECT id FROM reports")) == 2


async def test_anonymous_reporters_cannot_be_blocked_or_unblocked(h: Harness) -> None:
    _, kim, _, minsu = await _setup(h)
    await flows.report(h, minsu, anonymous=True)
    await _details(h, kim)
    details = [m for m in h.messages(2001) if "자세히" in m.text][-1]
    assert "🚫 제보자 신고 제한" not in details.button_labels()
    assert "↩️ 신고 제한 풀기" not in details.button_labels()
    for data in ("rp:bl:1", "rp:blc:1"):
        answer = await kim.press_data(data, details)
        assert answer["text"].startswith("익명 신고라 제보자에게 조치할 수 없어요")
    assert await _blocked_at(h, 1001) is None
    # Even once blocked through another report, the anonymous one does not reveal it.
    await flows.report(h, minsu, description="연락 가능한 신고")
    second = h.last(flows.STAFF_GROUP)
    await kim.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP, message=second)
    await kim.press("🚫 제보자 신고 제한")
    await kim.press("🚫 네, 제한해요")
    assert await _blocked_at(h, 1001) is not None
    first = next(m for m in h.messages(flows.STAFF_GROUP) if "홍제1동-2026-0001" in m.text)
    await kim.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP, message=first)
    shown = [m for m in h.messages(2001) if "홍제1동-2026-0001" in m.text and "자세히" in m.text][-1]
    assert "제한되어" not in shown.text and "↩️ 신고 제한 풀기" not in shown.button_labels()
    answer = await kim.press_data("rp:ub:1", shown)
    assert answer["text"].startswith("익명 신고라 제보자에게 조치할 수 없어요")
    assert await _blocked_at(h, 1001) is not None


async def test_only_that_centres_staff_and_admins_can_block_or_unblock(h: Harness) -> None:
    admin, kim, _, minsu = await _setup(h)
    other = h.person(2003, "홍은 직원")
    await flows.centre(h, admin, other, group=flows.OTHER_GROUP, search="홍은1동", pick="홍은1동 · 서대문구")
    await flows.report(h, minsu)
    alert = h.last(flows.STAFF_GROUP)
    for data in ("rp:bl:1", "rp:blc:1"):
        answer = await other.press_data(data, alert)
        assert answer["text"] == NOT_AUTHORISED
    assert await _blocked_at(h, 1001) is None
    await kim.press_data("rp:blc:1", alert)
    assert await _blocked_at(h, 1001) is not None
    for intruder in (other, minsu):
        answer = await intruder.press_data("rp:ub:1", alert)
        assert answer["text"] == NOT_AUTHORISED
    assert await _blocked_at(h, 1001) is not None
    answer = await admin.press_data("rp:ub:1", alert)
    assert answer["text"].startswith("신고 제한을 풀었어요")
    assert await _blocked_at(h, 1001) is None


# --- eligibility where the report is stored -----------------------------------------------


async def test_a_block_set_while_a_draft_is_open_stops_that_report(h: Harness) -> None:
    _, kim, _, minsu = await _setup(h)
    await flows.report(h, minsu, description="첫 신고")
    await _draft_at_preview(minsu)
    await _details(h, kim)
    await kim.press("🚫 제보자 신고 제한")
    await kim.press("🚫 네, 제한해요")
    group_before = len(h.texts(flows.STAFF_GROUP))
    await minsu.press("✅ 보내기")
    assert len(await h.rows("SELECT id FROM reports")) == 1
    assert minsu.last().text.startswith("지금은 골목으로 신고를 보낼 수 없어요")
    assert len(h.texts(flows.STAFF_GROUP)) == group_before
    assert not any("canary-draft" in text for text in h.texts(flows.STAFF_GROUP))
    # The conversation is over: the next message gets the usual help, not the preview again.
    await minsu.send("안녕하세요")
    assert "✅ 보내기" not in minsu.last().button_labels()


async def test_the_daily_limit_is_enforced_when_the_report_is_stored(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    h = Harness(tmp_path, reports_per_day=1)
    await h.start()
    try:
        _, _, _, minsu = await _setup(h)
        await _draft_at_preview(minsu)
        # Meanwhile another report of theirs is stored (a second device, a replayed update).
        other = report_service.Draft(
            draft_id="other-device", category="other", area_code=flows.HONGJE1, place_text="골목",
            latitude=None, longitude=None, description="다른 기기에서", photo_file_id=None,
            contact_ok=True,
        )  # fmt: skip
        await report_service.submit(_deps(h), 1001, other)
        await h.settle()
        await minsu.press("✅ 보내기")
        assert len(await h.rows("SELECT id FROM reports")) == 1
        assert minsu.last().text.startswith("오늘은 더 보낼 수 없어요(하루 1건)")
    finally:
        await h.close()


async def test_consent_out_of_date_stops_a_draft_when_it_is_sent(h: Harness) -> None:
    _, _, _, minsu = await _setup(h)
    await _draft_at_preview(minsu)
    # The privacy notice changed after the draft was started.
    async with h.db.transaction() as tx:
        await tx.execute("UPDATE users SET consent_version = 'old' WHERE id = 1001")
    await minsu.press("✅ 보내기")
    assert await h.rows("SELECT id FROM reports") == []
    assert minsu.last().text.startswith("개인정보 안내가 바뀌었어요")


# --- details views -------------------------------------------------------------------------


async def test_a_details_view_that_was_not_delivered_is_not_logged_as_a_view(h: Harness) -> None:
    _, kim, _, minsu = await _setup(h)
    await flows.report(h, minsu, description="비밀 canary-403")
    h.tg.started.discard(2001)  # as if they had never opened a private chat with the bot
    answer = await kim.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    assert answer["show_alert"] is True and "1:1 대화를 시작해" in answer["text"]
    assert await h.rows("SELECT * FROM access_log WHERE action = 'view_details'") == []
    [failed] = await h.rows("SELECT actor_id, report_id FROM access_log WHERE action = 'view_details_failed'")
    assert (failed["actor_id"], failed["report_id"]) == (2001, 1)
    await kim.send("/start")
    await kim.press("🔒 자세히 (1:1)", chat=flows.STAFF_GROUP)
    assert any("canary-403" in text for text in kim.texts())
    [view] = await h.rows("SELECT actor_id, report_id FROM access_log WHERE action = 'view_details'")
    assert (view["actor_id"], view["report_id"]) == (2001, 1)
