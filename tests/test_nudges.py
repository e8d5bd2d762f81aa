"""Weekly and monthly alley-walk nudges, chosen in /settings, with a button that starts a report."""

from __future__ import annotations

from datetime import timedelta

from core import scheduler
from core.clock import FrozenClock
from tests import flows
from tests.harness import Harness, Person

NUDGE = "🚶 골목 산책 어떠세요?"


async def _days(h: Harness, people: list[Person], days: int) -> dict[int, list[str]]:
    """Let `days` days pass one at a time; the Korea-time dates each person was nudged on."""
    assert isinstance(h.clock, FrozenClock) and h.runtime is not None
    seen: dict[int, list[str]] = {p.id: [] for p in people}
    for _ in range(days):
        h.clock.advance(timedelta(days=1))
        counts = {p.id: sum(NUDGE in text for text in p.texts()) for p in people}
        await scheduler.run_due(h.runtime.deps)
        await h.settle()
        for p in people:
            if sum(NUDGE in text for text in p.texts()) > counts[p.id]:
                seen[p.id].append(h.clock.now().astimezone(h.runtime.deps.settings.zone).date().isoformat())
    return seen


async def test_weekly_and_monthly_nudges_with_a_report_button(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    jiyoung = h.person(1002, "지영")
    quiet = h.person(1003, "조용")
    for person in (minsu, jiyoung, quiet):
        await flows.register(h, person)

    await minsu.send("/settings")
    assert minsu.last().text == "설정\n골목회의 소식: 받음\n골목 산책 알림: 끔"
    assert minsu.last().button_labels() == ["소식 그만 받기", "🚶 산책 알림 매주", "🚶 산책 알림 매달"]
    await minsu.press("🚶 산책 알림 매주")
    assert minsu.last().text == "바꿨어요.\n골목회의 소식: 받음\n골목 산책 알림: 매주"
    await jiyoung.send("/settings")
    await jiyoung.press("🚶 산책 알림 매달")

    # Opted in on Sunday 2026-11-22: weekly on Sundays at 10:00, monthly 30 days on.
    seen = await _days(h, [minsu, jiyoung, quiet], 31)
    assert seen[minsu.id] == ["2026-11-29", "2026-12-06", "2026-12-13", "2026-12-20"]
    assert seen[jiyoung.id] == ["2026-12-22"]
    assert seen[quiet.id] == []

    nudge = next(m for m in reversed(h.messages(minsu.id)) if NUDGE in m.text)
    assert "홍제1동 골목을 한 바퀴" in nudge.text and nudge.button_labels() == ["🔔 이웃 알리기"]
    await minsu.press("🔔 이웃 알리기", message=nudge)
    assert "아니요, 급하지 않아요" in minsu.last().button_labels()  # the report has begun

    await minsu.send("/cancel")
    await minsu.send("/settings")
    await minsu.press("산책 알림 끄기")
    assert minsu.last().text.endswith("골목 산책 알림: 끔")
    assert (await _days(h, [minsu], 8))[minsu.id] == []


async def test_nudges_are_for_registered_volunteers(h: Harness) -> None:
    visitor = h.person(1009, "손님")
    await visitor.send("/settings")
    answer = await visitor.press("🚶 산책 알림 매주")
    assert answer["text"] == "골목 산책 알림은 가입한 시민찾동이만 받을 수 있어요. /start 로 가입해 주세요."
    rows = await h.rows("SELECT nudge FROM users WHERE id = ? AND nudge <> 'off'", (visitor.id,))
    assert rows == []
