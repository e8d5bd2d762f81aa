"""/forget keeps its promise: only the person's own data goes, all of it, everywhere it was stored,
and every press is answered exactly once. Also: /mydata shows no staff member's identity."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from botapi.records import Faults
from core.clock import FrozenClock
from storage.dialect import SQLITE
from tests import flows
from tests.harness import ADMIN_ID, Harness, Person

# Canaries unique enough to grep for in every row and in the raw bytes of the database files.
TG_NAME = "tgcanary-Q7zk"  # the first name Telegram reports
TG_LAST = "tglast-W2pv"  # and the last name
USERNAME = "canary_un_51x"  # the Telegram @username
NAME = "카나리아7z3"  # the display name typed at registration
PHONE = "+821099990123"
TEXT = "canary-draft-88a 비밀 골목"  # something the person wrote, still in a draft
CANARIES = (TG_NAME, TG_LAST, USERNAME, NAME, PHONE, PHONE[1:], TEXT)


async def _to_place_step(person: Person) -> None:
    await person.send("/report")
    await person.press("아니요, 급하지 않아요")
    await person.press("홀몸 어르신 안부")
    await person.press("📍 홍제1동")
    assert "대략적인 위치를 알려 주세요" in person.last().text


async def _forget(person: Person) -> dict[str, Any]:
    await person.send("/forget")
    return await person.press("네, 지워 주세요")


async def _conversation_keys(h: Harness) -> list[list[int]]:
    return [json.loads(row["key"]) for row in await h.rows("SELECT key FROM ptb_conversations")]


async def test_forget_keeps_the_report_in_progress_of_an_id_ending_in_the_same_digits(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)
    short = h.person(2345678, "짧은번호")
    long = h.person(12345678, "긴번호")
    await flows.register(h, short)
    await flows.register(h, long)
    await _to_place_step(long)
    await _to_place_step(short)
    await _forget(short)
    assert "지웠어요" in short.last().text
    keys = await _conversation_keys(h)
    assert [12345678, 12345678] in keys
    assert [2345678, 2345678] not in keys
    # After a restart (conversations come back from the database) the neighbour simply goes on.
    await h.restart()
    await long.send("홍제시장 뒤 파란 대문")
    assert "무엇을 보셨나요?" in long.last().text
    await long.send("3층 할머니가 일주일째 안 보여요")
    await long.press("사진 없이 계속")
    await long.press("연락해도 돼요")
    await long.press("✅ 보내기")
    [report] = await h.rows("SELECT reporter_id, place_text FROM reports")
    assert (report["reporter_id"], report["place_text"]) == (12345678, "홍제시장 뒤 파란 대문")


async def test_a_forgotten_conversation_is_not_resumed_nor_written_back(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    await _to_place_step(minsu)
    await minsu.send("홍제시장 뒤 파란 대문")
    assert "무엇을 보셨나요?" in minsu.last().text
    await _forget(minsu)
    assert "지웠어요" in minsu.last().text
    assert [1001, 1001] not in await _conversation_keys(h)
    assert await h.rows("SELECT * FROM ptb_user_data WHERE user_id = 1001") == []
    # What would have been the report's description is now just a message to the bot.
    await minsu.send("할머니가 안 보여요")
    assert "명령어" in minsu.last().text
    assert [1001, 1001] not in await _conversation_keys(h)
    assert await h.rows("SELECT * FROM ptb_user_data WHERE user_id = 1001") == []
    assert await h.rows("SELECT * FROM reports") == []


async def _every_row_holding(h: Harness, canaries: tuple[str, ...]) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    for table in await h.db.tables():
        for row in await h.rows(f"SELECT * FROM {table}"):
            for column, value in dict(row).items():
                found += [(table, column, canary) for canary in canaries if canary in str(value)]
    return found


async def test_forget_leaves_name_username_phone_and_texts_in_no_row_and_no_byte(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)
    person = h.person(1001, TG_NAME, username=USERNAME)
    h.tg.users[1001]["last_name"] = TG_LAST
    await flows.register(h, person, name=NAME, phone=PHONE)
    notice = h.with_button(flows.STAFF_GROUP, "✅ 확인(승인)")
    assert NAME in notice.text
    # A meeting the person answers, a report of theirs, their data export.
    organiser = h.person(1002, "지영")
    await flows.register(h, organiser)
    await flows.propose_meeting(h, organiser)
    await staff.press("✅ 승인", chat=flows.STAFF_GROUP)
    await person.press("참석")
    assert await h.rows("SELECT * FROM rsvps WHERE user_id = 1001")
    await flows.report(h, person, description="2층 어르신 댁 우편물이 쌓였어요")
    # The alert tells staff whether the reporter is verified, never who it is: that is only in
    # the details, sent straight to the staff member who asks, and never stored.
    alerts = await h.rows("SELECT text FROM outbox WHERE store_ref LIKE 'alert:%'")
    assert alerts and all(c not in row["text"] for row in alerts for c in CANARIES)
    await person.send("/mydata")
    # Halfway through another report when they decide to leave.
    await _to_place_step(person)
    await person.send(TEXT)
    # Telegram cannot take edits for a while: the approval's edit (with the name) stays pending.
    h.tg.faults = Faults(error_5xx=1.0, methods=("editMessageText",))
    await staff.press("✅ 확인(승인)", chat=flows.STAFF_GROUP, message=notice)
    [pending] = await h.rows("SELECT text FROM outbox WHERE state = 'pending' AND method = 'edit'")
    assert NAME in pending["text"]
    assert await _every_row_holding(h, CANARIES)  # the canaries are there to be found

    answer = await _forget(person)
    assert "지웠어요" in person.last().text
    assert answer == {"text": None, "show_alert": False}  # answered, once
    assert await _every_row_holding(h, CANARIES) == []
    # The forget forced a checkpoint: no byte of the file or its WAL holds them any more. (On
    # PostgreSQL the table files are rewritten that night: tests/use_cases/test_privacy.py.)
    wal = h.db_path.with_name(h.db_path.name + "-wal")
    for path in (h.db_path, wal):
        if h.backend == SQLITE and path.exists():
            data = path.read_bytes()
            for canary in CANARIES:
                assert canary.encode() not in data, (path.name, canary)
    # Stored, but no longer linked: the report stays with the centre.
    [report] = await h.rows("SELECT reporter_id, description FROM reports")
    assert (report["reporter_id"], report["description"]) == (None, "2층 어르신 댁 우편물이 쌓였어요")
    assert await h.rows("SELECT * FROM rsvps WHERE user_id = 1001") == []

    # Telegram recovers: the staff group's notice loses the name and its button; the approval edit
    # that was waiting (with the name) is never sent.
    h.tg.faults = Faults()
    assert isinstance(h.clock, FrozenClock) and h.runtime is not None and h.runtime.sender is not None
    h.clock.advance(timedelta(minutes=10))
    h.runtime.sender.wake()
    await h.settle()
    shown = h.tg.messages[(flows.STAFF_GROUP, notice.message_id)]
    assert NAME not in shown.text and "탈퇴" in shown.text
    assert shown.buttons == []
    for message in h.messages(flows.STAFF_GROUP):
        assert NAME not in message.text, message.text
    alerts = [m for m in h.messages(flows.STAFF_GROUP) if "2층" in m.text or "홀몸 어르신" in m.text]
    assert alerts and all(TG_NAME not in m.text for m in alerts)
    assert await _every_row_holding(h, CANARIES) == []
    assert [method for method, _ in h.tg.rejected if method == "answerCallbackQuery"] == []


async def test_forget_by_someone_never_registered_answers_the_press_once(h: Harness) -> None:
    visitor = h.person(1005, TG_NAME, username=USERNAME)
    await visitor.send("/start")  # first contact stores the Telegram name; no registration
    assert await _every_row_holding(h, (TG_NAME, USERNAME))
    answer = await _forget(visitor)
    assert answer == {"text": "지울 가입 정보가 없어요.", "show_alert": True}
    assert [method for method, _ in h.tg.rejected if method == "answerCallbackQuery"] == []
    # Nothing to delete as a volunteer, but the name from the first contact goes all the same.
    assert await _every_row_holding(h, (TG_NAME, USERNAME)) == []
    await visitor.send("/forget")
    answer = await visitor.press("아니요")
    assert visitor.last().text == "그대로 두었어요."
    assert [method for method, _ in h.tg.rejected if method == "answerCallbackQuery"] == []


async def test_mydata_says_approved_and_when_but_not_by_whom(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    await staff.press("✅ 확인(승인)", chat=flows.STAFF_GROUP)
    await minsu.send("/mydata")
    content = bytes(minsu.last().extra["content"]).decode("utf-8")
    account = json.loads(content)["account"]
    assert account["approved"] is True and account["approved_at"]
    assert "approved_by" not in account and "report_blocked_by" not in account
    assert "2001" not in content  # the staff member's id


async def test_a_staff_member_who_leaves_is_named_in_no_stored_message(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "직원카나리9q", username="staff_canary_q9")
    await flows.centre(h, admin, staff)
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    await staff.press("✅ 확인(승인)", chat=flows.STAFF_GROUP)
    await flows.report(h, minsu)
    alert = h.with_button(flows.STAFF_GROUP, "🙋 맡기")
    # Telegram cannot take edits for a while: the alert's edit naming the staff member waits.
    h.tg.faults = Faults(error_5xx=1.0, methods=("editMessageText",))
    await staff.press("🙋 맡기", chat=flows.STAFF_GROUP, message=alert)
    [waiting] = await h.rows("SELECT text FROM outbox WHERE state = 'pending' AND method = 'edit'")
    assert "담당: \u2068직원카나리9q\u2069" in waiting["text"]  # names are isolated (messages.text)
    assert await _every_row_holding(h, ("직원카나리9q", "staff_canary_q9"))
    await _forget(staff)
    assert "지웠어요" in staff.last().text
    assert await _every_row_holding(h, ("직원카나리9q", "staff_canary_q9")) == []
    # The waiting edit still goes out, with the name replaced.
    h.tg.faults = Faults()
    assert isinstance(h.clock, FrozenClock) and h.runtime is not None and h.runtime.sender is not None
    h.clock.advance(timedelta(minutes=10))
    h.runtime.sender.wake()
    await h.settle()
    assert "담당: (탈퇴한 이용자)" in h.tg.messages[(flows.STAFF_GROUP, alert.message_id)].text
    [role] = await h.rows("SELECT revoked_at FROM staff WHERE user_id = 2001")
    assert role["revoked_at"] is not None


async def test_a_name_that_looks_like_markup_is_replaced_without_breaking_the_waiting_message(
    h: Harness,
) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "<b>")  # the name Telegram reports: staff do not type one
    await flows.centre(h, admin, staff)
    minsu = h.person(1001, "민수")
    await flows.register(h, minsu)
    await flows.report(h, minsu)
    alert = h.with_button(flows.STAFF_GROUP, "🙋 맡기")
    h.tg.faults = Faults(error_5xx=1.0, methods=("editMessageText",))
    await staff.press("🙋 맡기", chat=flows.STAFF_GROUP, message=alert)
    await _forget(staff)
    h.tg.faults = Faults()
    assert isinstance(h.clock, FrozenClock) and h.runtime is not None and h.runtime.sender is not None
    h.clock.advance(timedelta(minutes=10))
    h.runtime.sender.wake()
    await h.settle()
    shown = h.tg.messages[(flows.STAFF_GROUP, alert.message_id)].text
    assert "담당: (탈퇴한 이용자)" in shown and "상태: 확인" in shown, shown
    assert [refused for refused in h.tg.rejected if refused[1] != "Bad Gateway"] == []
