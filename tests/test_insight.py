"""/stats and /export for staff."""

from __future__ import annotations

import csv
import io
import struct
import zlib
from datetime import timedelta

from core.clock import FrozenClock
from features.insight import chart as chart_module
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
    summary, chart = h.messages(staff.id)[-2:]
    text = summary.text
    assert "통계: 홍제1동" in text and "접수 2건" in text
    assert "맡기까지 걸린 시간(중앙값) 2.0시간" in text
    assert "7일 안 종결 50.0% · 14일 안 종결 50.0%" in text
    assert "홀몸 어르신 안부 1" in text and "주거 위기 1" in text and "2026-11 2" in text
    assert chart.kind == "photo" and chart.text.startswith("📊 홍제1동: 월별 접수(파랑)와")
    # It is December now (20 days on): November is the second slot from the right.
    _check_chart(chart.extra["content"], slot=10, received=2, resolved=1)
    await admin.send("/stats 서대문구")
    summary = h.messages(admin.id)[-2]
    assert "통계: 서대문구" in summary.text and "접수 2건" in summary.text
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


def _pixels(png: bytes) -> tuple[int, int, bytes]:
    """Width, height and RGB bytes of a PNG as features/insight/chart.py writes it (8-bit RGB, filter 0)."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, data = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        assert (
            zlib.crc32(kind + data) & 0xFFFFFFFF
            == struct.unpack(">I", png[pos + 8 + length : pos + 12 + length])[0]
        )
        if kind == b"IHDR":
            width, height = struct.unpack(">II", data[:8])
            assert data[8:10] == b"\x08\x02"  # 8-bit RGB
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * 3 + 1
    assert all(raw[row * stride] == 0 for row in range(height))
    return width, height, b"".join(raw[row * stride + 1 : (row + 1) * stride] for row in range(height))


def _check_chart(png: bytes, slot: int, received: int, resolved: int) -> None:
    """Twelve month slots and only `slot` has bars: blue as tall as `received`, green `resolved`."""
    width, height, rgb = _pixels(png)
    assert (width, height) == (chart_module.WIDTH, chart_module.HEIGHT)

    def columns(colour: tuple[int, int, int]) -> dict[int, int]:
        found: dict[int, int] = {}
        target = bytes(colour)
        for y in range(chart_module.TOP, chart_module.BOTTOM + 1):  # the plot, not the legend
            for x in range(width):
                if rgb[(y * width + x) * 3 : (y * width + x) * 3 + 3] == target:
                    found[x] = found.get(x, 0) + 1
        return found

    blue, green = columns(chart_module.BLUE), columns(chart_module.GREEN)
    width_of_slot = (chart_module.RIGHT - chart_module.LEFT) // 12
    start, end = chart_module.LEFT + slot * width_of_slot, chart_module.LEFT + (slot + 1) * width_of_slot
    assert blue and green and all(start <= x < end for x in [*blue, *green])
    unit = (chart_module.BOTTOM - chart_module.TOP) / chart_module.nice_top(received)
    assert max(blue.values()) == int(unit * received) and max(green.values()) == int(unit * resolved)


def test_every_character_the_chart_can_draw_is_in_its_font_file() -> None:
    """data/chart_font.json holds real glyphs for every character of the chart's texts in both
    languages (a missing one, or a font without Hangul whose every glyph is the same box, fails)."""
    font = chart_module.GlyphFont.load()
    needed = chart_module.drawable()
    for size in chart_module.SIZES.values():
        glyphs = font.sizes[size]
        assert needed <= set(glyphs), needed - set(glyphs)
        hangul = [glyphs[c] for c in sorted(needed) if "가" <= c <= "힣"]
        assert len(hangul) >= 15 and all(max(g.coverage) > 200 for g in hangul)
        assert len({g.coverage for g in hangul}) == len(hangul)  # each its own shape


def test_the_chart_has_a_title_legend_and_month_names_in_the_readers_language() -> None:
    months = [chart_module.Month(f"2026-{m:02d}", m, m // 2) for m in range(1, 13)]
    korean, english = chart_module.monthly_bars(months, "ko"), chart_module.monthly_bars(months, "en")
    width, _, ko_rgb = _pixels(korean)
    _, _, en_rgb = _pixels(english)

    def ink(rgb: bytes, y0: int, y1: int) -> int:
        return sum(1 for i in range(y0 * width * 3, y1 * width * 3, 3) if rgb[i] < 128 and rgb[i + 2] < 128)

    def row_of(rgb: bytes, y0: int, y1: int) -> bytes:
        return rgb[y0 * width * 3 : y1 * width * 3]

    for rgb in (ko_rgb, en_rgb):
        assert ink(rgb, 10, 50) > 500  # the title
        legend = row_of(rgb, 62, 78)
        assert bytes(chart_module.BLUE) * 16 in legend and bytes(chart_module.GREEN) * 16 in legend
        assert ink(rgb, chart_module.BOTTOM + 8, chart_module.BOTTOM + 30) > 300  # month names
    # The words differ by language, the bars do not.
    assert row_of(ko_rgb, 10, 50) != row_of(en_rgb, 10, 50)
    assert row_of(ko_rgb, chart_module.BOTTOM + 8, chart_module.BOTTOM + 30) != row_of(
        en_rgb, chart_module.BOTTOM + 8, chart_module.BOTTOM + 30
    )
    plot = (chart_module.TOP + 30, chart_module.BOTTOM)
    assert row_of(ko_rgb, *plot) == row_of(en_rgb, *plot)
