"""Write data/chart_font.json: the glyphs the /stats chart can draw, rasterised from NanumGothic.

The chart (features/insight/chart.py) is drawn by the project's own PNG code, so the bot needs neither a
font renderer nor a plotting library: this script renders, once, every character of the chart's
texts in both catalogues (title, legend, month names) and the digits, at the sizes the chart
uses, and stores each as an 8-bit coverage bitmap. tests/test_insight.py checks that every
character the chart can draw is in the file, so a changed text without a regenerated font fails.

Usage (Pillow is a tool of this script only; NanumGothic comes with Debian's fonts-nanum):

    apt-get install -y fonts-nanum
    python -m venv /tmp/gen && /tmp/gen/bin/pip install pillow
    /tmp/gen/bin/python scripts/generate_chart_font.py /usr/share/fonts/truetype/nanum/NanumGothic.ttf

NanumGothic: Copyright (c) 2010, NAVER Corporation, SIL Open Font License 1.1 (data/OFL-NanumGothic.txt).
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from features.insight.chart import SIZES, drawable  # noqa: E402

OUTPUT = ROOT / "data" / "chart_font.json"


def main(font_path: str) -> int:
    from PIL import ImageFont  # type: ignore[import-not-found,unused-ignore]  # this script's tool

    sizes: dict[str, object] = {}
    chars = sorted(drawable())
    for size in sorted(set(SIZES.values())):
        font = ImageFont.truetype(font_path, size)
        ascent, descent = font.getmetrics()
        glyphs: dict[str, list[object]] = {}
        for char in chars:
            advance = round(font.getlength(char))
            mask, (left, top) = font.getmask2(char)  # the coverage and where it sits from the pen
            width, height = mask.size
            data = bytes(mask)
            glyphs[char] = [advance, left, top, width, height, base64.b64encode(data).decode()]
        sizes[str(size)] = {"ascent": ascent, "descent": descent, "glyphs": glyphs}
    OUTPUT.write_text(
        json.dumps({"font": Path(font_path).name, "licence": "OFL-1.1", "sizes": sizes}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {len(chars)} glyphs at sizes {sorted(set(SIZES.values()))} to {OUTPUT}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        raise SystemExit(2)
    raise SystemExit(main(sys.argv[1]))
