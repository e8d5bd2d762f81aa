"""The first thing a person sees: /start greets them in Korean and shows the privacy notice."""

from __future__ import annotations

from tests.harness import Harness


async def test_start_greets_in_korean_and_shows_the_privacy_notice(h: Harness) -> None:
    minsu = h.person(1001, "민수")
    await minsu.send("/start")
    texts = minsu.texts()
    assert "안녕하세요, 민수님" in texts[0]
    assert (
        "골목은 긴급 신고용이 아니에요. 지금 위험한 사람이 있다면 바로 119(화재·구급) 또는 112(경찰)"
        in texts[0]
    )
    assert "개인정보 수집·이용 안내" in texts[1]
    assert minsu.last().button_labels() == ["✅ 동의합니다", "동의하지 않습니다"]
