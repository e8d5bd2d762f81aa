"""골목회의 end to end: propose → approve → announce → RSVP → waitlist → reminders → outcome."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core import scheduler
from core.clock import FrozenClock
from tests import flows
from tests.harness import ADMIN_ID, Harness, Person


async def _tick(h: Harness, to: datetime) -> None:
    assert isinstance(h.clock, FrozenClock) and h.runtime is not None
    h.clock.set(to)
    await scheduler.run_due(h.runtime.deps)
    assert h.runtime.sender is not None
    h.runtime.sender.wake()
    await h.settle()


async def _neighbourhood(h: Harness) -> tuple[Person, Person, list[Person], Person]:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)
    organiser = h.person(1001, "민수")
    await flows.register(h, organiser)
    neighbours = []
    for n, name in enumerate(["지영", "현우", "서연"]):
        person = h.person(1100 + n, name)
        await flows.register(h, person)
        neighbours.append(person)
    quiet = h.person(1200, "조용한 이웃")
    await flows.register(h, quiet, news=False)
    return organiser, staff, neighbours, quiet


def _seoul(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC) - timedelta(hours=9)


async def test_the_whole_meeting_journey(h: Harness) -> None:
    organiser, staff, (jiyoung, hyunwoo, seoyeon), quiet = await _neighbourhood(h)
    await flows.propose_meeting(h, organiser, capacity=2)
    assert "제안을 보냈어요: 골목 쓰레기 배출 시간 정하기" in organiser.last().text
    proposal = h.last(flows.STAFF_GROUP)
    assert "골목회의 제안" in proposal.text and "2026-11-28 (토) 19:30" in proposal.text
    assert "정원: 2명" in proposal.text
    assert proposal.button_labels() == ["✅ 승인", "🎁 지원하며 승인", "✏️ 수정 요청", "❌ 거절"]
    # Only the centre's staff may decide.
    answer = await jiyoung.press("✅ 승인", chat=flows.STAFF_GROUP)
    assert answer["text"] == "권한이 없어요. 이 동주민센터의 직원만 할 수 있어요."
    await staff.press("🎁 지원하며 승인", chat=flows.STAFF_GROUP)
    await staff.press("다과 지원", chat=flows.STAFF_GROUP)
    assert "✅ 김주무관 승인" in h.tg.messages[(flows.STAFF_GROUP, proposal.message_id)].text
    assert any("승인됐어요. 동주민센터 지원: 다과 지원" in text for text in organiser.texts())

    for person in (jiyoung, hyunwoo, seoyeon, organiser):
        announcement = h.with_button(person.id, "참석")
        assert "골목회의 소식" in announcement.text and "🎁 동주민센터 지원: 다과 지원" in announcement.text
    assert not any("📣 골목회의 소식" in text for text in quiet.texts())  # did not opt in

    assert (await jiyoung.press("참석"))["text"] == "참석으로 표시했어요."
    assert (await hyunwoo.press("참석"))["text"] == "참석으로 표시했어요."
    waiting = await seoyeon.press("참석")
    assert waiting == {"text": "정원이 차서 대기 1번이에요. 자리가 나면 알려 드릴게요.", "show_alert": True}
    assert (await organiser.press("관심"))["text"] == "관심으로 표시했어요."
    # 현우 cannot come after all: 서연 moves up and is told.
    await hyunwoo.press("못 가요")
    assert (
        "자리가 났어요! 골목 쓰레기 배출 시간 정하기 (2026-11-28 (토) 19:30) 참석으로 바뀌었어요."
        in seoyeon.last().text
    )

    await organiser.send("/meetings")
    listing = organiser.last().text
    assert "참석 2 · 대기 0 · 관심 1 · 못 가요 1" in listing and "지영" in listing and "서연" in listing
    await jiyoung.send("/meetings")
    assert "내 답: 참석" in jiyoung.last().text and "참석자" not in jiyoung.last().text

    await _tick(h, _seoul(27, 19, 30))  # 24 hours before
    for person in (jiyoung, seoyeon):
        assert "내일 골목회의: 골목 쓰레기 배출 시간 정하기" in person.last().text
    assert not any("내일 골목회의" in text for text in hyunwoo.texts())  # declined
    assert "참석 2명, 대기 0명, 관심 1명" in organiser.last().text
    await _tick(h, _seoul(28, 18, 30))  # one hour before
    assert "1시간 뒤 골목회의" in jiyoung.last().text
    await _tick(h, _seoul(28, 21, 30))  # two hours after: how did it go? (after quiet hours)
    assert not any("어떠셨어요?" in text for text in organiser.texts())
    await _tick(h, _seoul(29, 8, 0))
    ask = organiser.last()
    assert "어떠셨어요?" in ask.text and ask.button_labels() == ["📝 결과 쓰기"]
    await organiser.press("📝 결과 쓰기")
    await organiser.send("12명이 모여 배출 시간을 정했어요")
    await organiser.send("음식물은 저녁 8시~10시에 내놓기")
    await organiser.press("없음")
    assert "결과를 남겼어요" in organiser.last().text
    for chat in (jiyoung.id, seoyeon.id, flows.STAFF_GROUP):
        assert "골목회의 결과: 골목 쓰레기 배출 시간 정하기" in h.last(chat).text
        assert "결정: 음식물은 저녁 8시~10시에 내놓기" in h.last(chat).text
    await jiyoung.send("/meetings")
    assert "지난 골목회의" in jiyoung.last().text and "결과: 12명이 모여" in jiyoung.last().text


async def test_staff_ask_for_changes_or_decline_with_a_comment(h: Harness) -> None:
    organiser, staff, _, _ = await _neighbourhood(h)
    await flows.propose_meeting(h, organiser, title="첫 제안")
    await staff.press("✏️ 수정 요청", chat=flows.STAFF_GROUP)
    await staff.press("✏️ 수정 요청 쓰기")
    await staff.send("평상 대신 경로당에서 하면 좋겠어요")
    assert staff.last().text == "보냈어요."
    assert "수정을 요청했어요:\n평상 대신 경로당에서 하면 좋겠어요" in organiser.last().text
    await flows.propose_meeting(h, organiser, title="둘째 제안")
    proposal = h.last(flows.STAFF_GROUP)
    await staff.press("❌ 거절", chat=flows.STAFF_GROUP, message=proposal)
    await staff.press("❌ 거절 사유 쓰기")
    await staff.send("그날은 동 행사가 있어요")
    assert "둘째 제안은 이번에는 어렵대요. 사유: 그날은 동 행사가 있어요" in organiser.last().text
    assert "❌ 김주무관: 거절" in h.tg.messages[(flows.STAFF_GROUP, proposal.message_id)].text
    rows = await h.rows("SELECT title, status, staff_comment FROM meetings ORDER BY id")
    assert [(r["title"], r["status"]) for r in rows] == [("첫 제안", "changes"), ("둘째 제안", "declined")]


async def test_cancel_and_move_tell_everyone_and_rearm_the_reminders(h: Harness) -> None:
    organiser, staff, (jiyoung, hyunwoo, seoyeon), _ = await _neighbourhood(h)
    await flows.propose_meeting(h, organiser, capacity=2)
    await staff.press("✅ 승인", chat=flows.STAFF_GROUP)
    await jiyoung.press("참석")
    await seoyeon.press("참석")
    await hyunwoo.press("참석")  # waitlist
    await organiser.send("/meetings")
    await organiser.press("시간 변경: 골목 쓰레기 배출 시간 정하기")
    await organiser.send("어제 저녁")
    assert "알아보지 못했어요" in organiser.last().text
    await organiser.send("12/05 10:00")
    assert organiser.last().text == "시간을 바꿨어요. 참석자와 대기자에게 알렸어요."
    for person in (jiyoung, hyunwoo):
        assert "2026-11-28 (토) 19:30 → 2026-12-05 (토) 10:00" in person.last().text
    await _tick(h, _seoul(27, 19, 30))  # the old 24-hour reminder: dropped
    assert not any("내일 골목회의" in text for text in jiyoung.texts())
    await _tick(h, _seoul(28, 21, 30))  # nor is the outcome asked for the old time
    assert not any("어떠셨어요" in text for text in organiser.texts())
    await _tick(h, _seoul(4, 10, 0) + timedelta(days=30))  # 12/04 10:00 Seoul
    assert "내일 골목회의" in jiyoung.last().text
    assert not any("내일 골목회의" in text for text in hyunwoo.texts())  # still waiting
    # Staff cancel it: everyone going or waiting hears.
    await staff.send("/meetings")
    await staff.press("취소: 골목 쓰레기 배출 시간 정하기")
    await staff.press("네, 취소해요")
    for person in (jiyoung, hyunwoo, organiser):
        assert "취소됐어요" in person.last().text
    assert "취소" in h.last(flows.STAFF_GROUP).text
    answer = await seoyeon.press("관심", message=h.with_button(seoyeon.id, "관심"))
    assert answer["text"] == "지금은 답할 수 없는 골목회의예요."


async def test_bad_meeting_input_is_refused_with_the_reason(h: Harness) -> None:
    organiser, _, _, _ = await _neighbourhood(h)
    await organiser.send("/meeting")
    await organiser.send("가" * 81)
    assert "제목은 80자까지예요. 지금 81자예요." in organiser.last().text
    await organiser.send("골목 화분 가꾸기")
    await organiser.send("나" * 1001)
    assert "1,000자까지" in organiser.last().text
    await organiser.send("화분 물 주기 당번")
    await organiser.press("📍 홍제1동")
    await organiser.send("경로당 앞")
    await organiser.send("2026-11-21 19:00")
    assert organiser.texts()[-2] == "이미 지난 시간이에요. 앞으로의 날짜와 시간을 골라 주세요." or (
        "이미 지난 시간" in organiser.last().text
    )
    await organiser.send("11/22 14:30")  # 30 minutes from now
    assert any("적어도 1시간 뒤로" in text for text in organiser.texts()[-2:])
    await organiser.send("2027-03-01 10:00")
    assert any("90일 안의 날짜로" in text for text in organiser.texts()[-2:])
    await organiser.send("2월 30일")
    assert any("알아보지 못했어요" in text for text in organiser.texts()[-2:])
    await organiser.press("11/24 (화)")
    await organiser.press("19:30")
    await organiser.press("카페·마을 공간")
    await organiser.send("1")
    assert "2에서 500 사이" in organiser.last().text
    await organiser.send("20")
    preview = organiser.last().text
    assert "2026-11-24 (화) 19:30" in preview and "카페·마을 공간" in preview and "정원: 20명" in preview
    await organiser.send("/cancel")
    assert await h.rows("SELECT id FROM meetings") == []


async def test_calendar_file_has_the_right_time_and_zone(h: Harness) -> None:
    organiser, staff, (jiyoung, _, _), _ = await _neighbourhood(h)
    await flows.propose_meeting(h, organiser, title="달력; 테스트, 모임")
    await staff.press("✅ 승인", chat=flows.STAFF_GROUP)
    await jiyoung.press("📅 캘린더에 추가")
    document = jiyoung.last()
    assert document.kind == "document" and document.extra["filename"].endswith(".ics")
    ics = document.extra["content"].decode()
    assert "DTSTART:20261128T103000Z" in ics  # 19:30 in Seoul
    assert "SUMMARY:달력\\; 테스트\\, 모임" in ics and ics.endswith("END:VCALENDAR\r\n")


async def test_auto_approving_centre_and_the_weekly_limit(h: Harness) -> None:
    organiser, _, (jiyoung, _, _), _ = await _neighbourhood(h)
    await jiyoung.send("/autoapprove on", chat=flows.STAFF_GROUP)
    assert "직원만" in h.last(flows.STAFF_GROUP).text  # not staff
    staff = h.person(2001, "김주무관")
    await staff.send("/autoapprove on", chat=flows.STAFF_GROUP)
    assert "바로 승인하고 이웃에게 알려요" in h.last(flows.STAFF_GROUP).text
    await flows.propose_meeting(h, organiser, title="자동 승인")
    assert any("바로 확정되어 이웃에게 알렸어요" in text for text in organiser.texts()[-2:])
    assert "자동 승인" in h.with_button(jiyoung.id, "참석").text
    await flows.propose_meeting(h, organiser, title="둘째", when="2026-11-29 10:00")
    await flows.propose_meeting(h, organiser, title="셋째", when="2026-11-30 10:00")
    await flows.propose_meeting(h, organiser, title="넷째", when="2026-12-01 10:00")
    assert h.tg.answers[max(h.tg.answers, key=int)]["text"] == (
        "골목회의는 한 주에 3번까지 제안할 수 있어요. 다음 주에 다시 해 주세요."
    )
    assert len(await h.rows("SELECT id FROM meetings")) == 3


async def test_settings_turn_meeting_news_on_and_off(h: Harness) -> None:
    _, _, _, quiet = await _neighbourhood(h)
    await quiet.send("/settings")
    assert "골목회의 소식: 안 받음" in quiet.last().text
    await quiet.press("소식 받기")
    assert quiet.last().text == "바꿨어요.\n골목회의 소식: 받음\n골목 산책 알림: 끔"
    [row] = await h.rows("SELECT meeting_news FROM users WHERE id = 1200")
    assert row["meeting_news"] == 1


async def test_after_a_restart_reminders_for_a_meeting_already_begun_are_dropped(h: Harness) -> None:
    organiser, staff, (jiyoung, _, _), _ = await _neighbourhood(h)
    await flows.propose_meeting(h, organiser)
    await staff.press("✅ 승인", chat=flows.STAFF_GROUP)
    await jiyoung.press("참석")
    await h.stop()
    assert isinstance(h.clock, FrozenClock)
    h.clock.set(_seoul(28, 19, 45))  # down through both reminders; the meeting has begun
    await h.start()
    assert h.runtime is not None
    await scheduler.run_due(h.runtime.deps)
    await h.settle()
    assert not any("골목회의:" in text and "⏰" in text for text in jiyoung.texts())
    rows = await h.rows("SELECT kind, state FROM scheduled WHERE kind LIKE 'meeting.remind%' ORDER BY kind")
    assert [(r["kind"], r["state"]) for r in rows] == [
        ("meeting.remind1", "dropped"),
        ("meeting.remind24", "dropped"),
    ]


async def test_the_weekday_digest_lists_this_weeks_meetings(h: Harness) -> None:
    organiser, staff, _, _ = await _neighbourhood(h)
    await flows.propose_meeting(h, organiser, when="2026-11-26 19:00")
    await staff.press("✅ 승인", chat=flows.STAFF_GROUP)
    await _tick(h, _seoul(23, 9, 0))  # Monday morning
    digest = h.last(flows.STAFF_GROUP).text
    assert "이번 주 골목회의" in digest and "2026-11-26 (목) 19:00 골목 쓰레기 배출 시간 정하기" in digest


async def test_a_privacy_notice_changed_during_a_proposal_stops_it_when_it_is_sent(h: Harness) -> None:
    """The use case checks who may propose when the proposal is stored, not only at /meeting."""
    admin = h.person(ADMIN_ID, "관리자")
    await flows.centre(h, admin, h.person(2001, "김주무관"))
    organiser = h.person(1001, "민수")
    await flows.register(h, organiser)
    await organiser.send("/meeting")
    await organiser.send("골목 화단 정하기")
    await organiser.send("화단에 무엇을 심을지 정해요")
    await organiser.press("📍 홍제1동")
    await organiser.send("홍제시장 뒤 골목 평상")
    await organiser.send("2026-11-28 19:30")
    await organiser.press("골목에서 (돗자리)")
    await organiser.press("제한 없음")
    async with h.db.transaction() as tx:
        await tx.execute("UPDATE users SET consent_version = 'old' WHERE id = 1001")
    answer = await organiser.press("✅ 보내기")
    assert answer["show_alert"] is True and answer["text"].startswith("개인정보 안내가 바뀌었어요"), answer
    assert await h.rows("SELECT id FROM meetings") == []
    # The form stays where it was; once left, a new /meeting is refused until the new notice
    # is agreed to.
    await organiser.send("/cancel")
    await organiser.send("/meeting")
    assert organiser.last().text.startswith("개인정보 안내가 바뀌었어요")
