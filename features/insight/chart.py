"""A monthly bar chart as a PNG, drawn in pure Python (zlib only), with its title, legend and
month names in the reader's language.

Why no plotting library: the chart is one simple picture, and matplotlib would add about 170 MB
installed and 70 MB of memory to a bot that must stay small. Why no font renderer: the chart
draws a fixed set of texts, so their glyphs are rasterised once from NanumGothic (OFL) by
scripts/generate_chart_font.py into data/chart_font.json (a few dozen kilobytes) and blended in
here; a test checks that every character the chart can draw is in that file.
"""

from __future__ import annotations

import base64
import json
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from messages import LANGUAGES, plain

WIDTH, HEIGHT = 960, 540
WHITE = (255, 255, 255)
INK = (40, 40, 40)
GRID = (225, 225, 225)
BLUE = (52, 101, 164)
GREEN = (78, 154, 6)

# Text sizes in pixels; data/chart_font.json holds every glyph the chart can draw at these sizes.
SIZES = {"title": 24, "label": 16}
FONT_JSON = Path(__file__).resolve().parents[2] / "data" / "chart_font.json"
TEXT_KEYS = ("chart.title", "chart.received", "chart.resolved", "chart.months")


def drawable() -> set[str]:
    """Every character the chart can draw: its texts in every language, digits and a space."""
    chars = set("0123456789 -.")
    for lang in LANGUAGES:
        for key in TEXT_KEYS:
            chars |= set(plain(lang, key))
    return chars


@dataclass(frozen=True)
class Glyph:
    advance: int
    left: int
    top: int
    width: int
    height: int
    coverage: bytes  # width x height, 0 (paper) .. 255 (ink)


class GlyphFont:
    """NanumGothic, rasterised ahead of time by scripts/generate_chart_font.py."""

    def __init__(self, sizes: dict[int, dict[str, Glyph]]) -> None:
        self.sizes = sizes

    @classmethod
    def load(cls, path: Path = FONT_JSON) -> GlyphFont:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls({
            int(size): {
                char: Glyph(adv, left, top, w, h, base64.b64decode(data))
                for char, (adv, left, top, w, h, data) in table["glyphs"].items()
            }
            for size, table in raw["sizes"].items()
        })  # fmt: skip

    def width(self, value: str, size: int) -> int:
        glyphs = self.sizes[size]
        return sum(glyphs[c].advance if c in glyphs else size // 2 for c in value)


_FONT: GlyphFont | None = None


def font() -> GlyphFont:
    global _FONT
    if _FONT is None:
        _FONT = GlyphFont.load()
    return _FONT


@dataclass(frozen=True)
class Month:
    label: str  # "2026-11"
    received: int
    resolved: int  # of those received, closed within 14 days


class Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(bytes(WHITE) * (width * height))

    def rect(self, x: int, y: int, w: int, h: int, colour: tuple[int, int, int]) -> None:
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(self.width, x + w), min(self.height, y + h)
        if x1 <= x0 or y1 <= y0:
            return
        line = bytes(colour) * (x1 - x0)
        for row in range(y0, y1):
            start = (row * self.width + x0) * 3
            self.pixels[start : start + len(line)] = line

    def text(self, x: int, y: int, value: str, size: int, colour: tuple[int, int, int] = INK) -> None:
        """`value` with its top at y, blending each glyph's coverage into the paper."""
        glyphs = font().sizes[size]
        for char in value:
            glyph = glyphs.get(char)
            if glyph is None:  # not in the font file (tests/test_insight.py keeps this from happening)
                x += size // 2
                continue
            for row in range(glyph.height):
                py = y + glyph.top + row
                if not 0 <= py < self.height:
                    continue
                for col in range(glyph.width):
                    alpha = glyph.coverage[row * glyph.width + col]
                    px = x + glyph.left + col
                    if alpha and 0 <= px < self.width:
                        at = (py * self.width + px) * 3
                        for k in range(3):
                            paper = self.pixels[at + k]
                            self.pixels[at + k] = (paper * (255 - alpha) + colour[k] * alpha) // 255
            x += glyph.advance

    def png(self) -> bytes:
        raw = b"".join(
            b"\x00" + bytes(self.pixels[row * self.width * 3 : (row + 1) * self.width * 3])
            for row in range(self.height)
        )

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)  # 8-bit RGB
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def text_width(value: str, size: int = SIZES["label"]) -> int:
    return font().width(value, size)


def nice_top(value: int) -> int:
    """An axis maximum at or above value whose four grid steps are round (1, 2 or 5 x 10^n)."""
    scale = 1
    while True:
        for step in (1, 2, 5):
            if 4 * step * scale >= value:
                return 4 * step * scale
        scale *= 10


# Plot area (pixels): the title and the legend above it, the months below.
LEFT, RIGHT, TOP, BOTTOM = 90, WIDTH - 30, 100, HEIGHT - 70


def monthly_bars(months: list[Month], lang: str = "ko") -> bytes:
    """Per month, a blue bar (received) and a green bar (closed within 14 days) side by side,
    the received figure above each pair, the month's name below and the year under January and
    the first month; a title and a legend in the reader's language above."""
    canvas = Canvas(WIDTH, HEIGHT)
    label, title = SIZES["label"], SIZES["title"]
    canvas.text(LEFT, 18, plain(lang, "chart.title"), title)
    x = LEFT
    for key, colour in (("chart.received", BLUE), ("chart.resolved", GREEN)):
        canvas.rect(x, 62, 16, 16, colour)
        words = plain(lang, key)
        canvas.text(x + 24, 60, words, label)
        x += 24 + text_width(words) + 36
    names = plain(lang, "chart.months").split(",")
    top = nice_top(max([m.received for m in months] + [1]))
    plot_h = BOTTOM - TOP
    for i in range(5):  # grid lines with their values
        value = top * i // 4
        y = BOTTOM - plot_h * i // 4
        canvas.rect(LEFT, y, RIGHT - LEFT, 1, GRID if i else INK)
        canvas.text(LEFT - 12 - text_width(str(value)), y - 10, str(value), label)
    slot = (RIGHT - LEFT) // max(1, len(months))
    bar = max(4, slot * 3 // 8)
    for i, month in enumerate(months):
        x = LEFT + i * slot + (slot - 2 * bar) // 2
        for offset, value, colour in ((0, month.received, BLUE), (bar, month.resolved, GREEN)):
            height = plot_h * value // top
            canvas.rect(x + offset, BOTTOM - height, bar - 2, height, colour)
        figure = str(month.received)
        centre = x + bar
        above = BOTTOM - plot_h * month.received // top - 24
        canvas.text(centre - text_width(figure) // 2, above, figure, label)
        mm = month.label[5:7]
        name = names[int(mm) - 1]
        canvas.text(centre - text_width(name) // 2, BOTTOM + 10, name, label)
        if i == 0 or mm == "01":
            year = month.label[:4]
            canvas.text(centre - text_width(year) // 2, BOTTOM + 34, year, label)
    return canvas.png()
