"""/stats and /export for staff."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from core.clock import FrozenClock
from tests import flows
from tests.harness import ADMIN_ID, Harness


async def test_stats_and_csv_export(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    minsu = h.person(1001, "민수")
    await flows.centre(h, admin, staff)
    await flows.register(h, minsu, phone="+821011112222")
    assert isinstance(h.clock, FrozenClock)
    await flows.report(h, minsu, description='=HYPERLINK("http://evil") 쌓인 우편물')
    h.clock.advance(timedelta(hours=2))
    await staff.press("🙋 맡기", chat=flows.STAFF_GROUP)
    h.clock.advance(timedelta(days=1))
    await staff.press("🔄 상태 변경", chat=flows.STAFF_GROUP)
    await staff.press("종결", chat=flows.STAFF_GROUP)
    await flows.report(h, minsu, description="둘째", category="주거 위기", anonymous=True)
    h.clock.advance(timedelta(days=20))

    await staff.send("/stats")
    text = staff.last().text
    assert "통계: 홍제1동" in text and "접수 2건" in text
    assert "맡기까지 걸린 시간(중앙값) 2.0시간" in text
    assert "7일 안 종결 50.0% · 14일 안 종결 50.0%" in text
    assert "홀몸 어르신 안부 1" in text and "주거 위기 1" in text and "2026-11 2" in text
    await admin.send("/stats 서대문구")
    assert "통계: 서대문구" in admin.last().text and "접수 2건" in admin.last().text
    await minsu.send("/stats")
    assert minsu.last().text == "동주민센터 직원만 볼 수 있어요."

    await staff.send("/export 2026-11")
    document = staff.last()
    assert document.kind == "document" and document.extra["filename"].endswith(".csv")
    raw: bytes = document.extra["content"]
    assert raw.startswith("\ufeff".encode())  # Excel opens Korean correctly
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "접수번호 ref" and len(rows) == 3
    first, second = rows[1], rows[2]
    assert first[0] == "홍제1동-2026-0001" and first[3] == "종결" and first[7] == "김주무관"
    assert first[11].startswith("'=HYPERLINK")  # no formula runs when the file is opened
    assert first[12] == "민수" and first[13] == "+821011112222"
    assert second[12] == "" and second[13] == ""  # anonymous
    [log] = await h.rows("SELECT actor_id, detail FROM access_log WHERE action = 'export'")
    assert log["actor_id"] == 2001 and "2 reports" in log["detail"]
    await staff.send("/export 2026-13")
    assert "/export 2026-11" in staff.last().text
