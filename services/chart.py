"""A monthly bar chart as a PNG, drawn in pure Python (zlib only).

Why no plotting library: the chart is one simple picture, and matplotlib would add tens of MB
to a bot that must stay small (README, Benchmarks). The picture carries only digits (a built-in
5x7 pixel font); the words (title, legend) go into the photo's caption, in the reader's
language, where Telegram renders Korean properly.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

WIDTH, HEIGHT = 960, 540
WHITE = (255, 255, 255)
INK = (40, 40, 40)
GRID = (225, 225, 225)
BLUE = (52, 101, 164)
GREEN = (78, 154, 6)

# 5x7 glyphs: each string is a row, '#' is ink.
GLYPHS: dict[str, tuple[str, ...]] = {
    "0": (" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "),
    "1": ("  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "),
    "2": (" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"),
    "3": ("#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "),
    "4": ("   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "),
    "5": ("#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "),
    "6": ("  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "),
    "7": ("#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "),
    "8": (" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "),
    "9": (" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "),
    "-": ("     ", "     ", "     ", "#####", "     ", "     ", "     "),
    ".": ("     ", "     ", "     ", "     ", "     ", " ##  ", " ##  "),
    " ": ("     ",) * 7,
}


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

    def text(self, x: int, y: int, value: str, scale: int = 2, colour: tuple[int, int, int] = INK) -> None:
        for char in value:
            for r, bits in enumerate(GLYPHS.get(char, GLYPHS[" "])):
                for c, bit in enumerate(bits):
                    if bit == "#":
                        self.rect(x + c * scale, y + r * scale, scale, scale, colour)
            x += 6 * scale

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


def text_width(value: str, scale: int = 2) -> int:
    return len(value) * 6 * scale - scale


def nice_top(value: int) -> int:
    """An axis maximum at or above value whose four grid steps are round (1, 2 or 5 x 10^n)."""
    scale = 1
    while True:
        for step in (1, 2, 5):
            if 4 * step * scale >= value:
                return 4 * step * scale
        scale *= 10


# Plot area (pixels).
LEFT, RIGHT, TOP, BOTTOM = 90, WIDTH - 30, 40, HEIGHT - 80


def monthly_bars(months: list[Month]) -> bytes:
    """Per month, a blue bar (received) and a green bar (closed within 14 days) side by side,
    the received figure above each pair, the month (MM) below and the year under January and
    the first month."""
    canvas = Canvas(WIDTH, HEIGHT)
    top = nice_top(max([m.received for m in months] + [1]))
    plot_h = BOTTOM - TOP
    for i in range(5):  # grid lines with their values
        value = top * i // 4
        y = BOTTOM - plot_h * i // 4
        canvas.rect(LEFT, y, RIGHT - LEFT, 1, GRID if i else INK)
        canvas.text(LEFT - 12 - text_width(str(value)), y - 7, str(value))
    slot = (RIGHT - LEFT) // max(1, len(months))
    bar = max(4, slot * 3 // 8)
    for i, month in enumerate(months):
        x = LEFT + i * slot + (slot - 2 * bar) // 2
        for offset, value, colour in ((0, month.received, BLUE), (bar, month.resolved, GREEN)):
            height = plot_h * value // top
            canvas.rect(x + offset, BOTTOM - height, bar - 2, height, colour)
        label = str(month.received)
        centre = x + bar
        canvas.text(centre - text_width(label) // 2, BOTTOM - plot_h * month.received // top - 22, label)
        mm = month.label[5:7]
        canvas.text(centre - text_width(mm) // 2, BOTTOM + 12, mm)
        if i == 0 or mm == "01":
            year = month.label[:4]
            canvas.text(centre - text_width(year) // 2, BOTTOM + 40, year)
    return canvas.png()
