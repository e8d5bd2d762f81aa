"""Generate data/areas.csv, the table of every current 행정동 in Korea.

Source: the 행정기관코드 (행정동) table of the Ministry of the Interior and Safety, as bundled in the
PyPI package PublicDataReader 1.1.1.post2 (file PublicDataReader/raw/code_hdong.json, data as of
2023-05-01). We only read the JSON file from the wheel; the package itself is never imported.

Usage (needs the package registry once, nothing else):

    pip download --no-deps -d /tmp/pdr PublicDataReader==1.1.1.post2
    python scripts/generate_areas.py /tmp/pdr/PublicDataReader-1.1.1.post2-py3-none-any.whl

Rows that were abolished (말소일자 set) and rows that are a 시도 or 시군구 rather than a 읍면동 are
left out. The output is sorted by code so that regenerating it gives a stable diff.
"""

from __future__ import annotations

import csv
import json
import math
import sys
import zipfile
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "areas.csv"
MEMBER = "PublicDataReader/raw/code_hdong.json"


def _clean(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def main(wheel: str) -> int:
    with zipfile.ZipFile(wheel) as archive:
        table = json.loads(archive.read(MEMBER))
    count = len(table["행정동코드"])
    rows = []
    for i in range(count):
        row = {key: _clean(column.get(str(i))) for key, column in table.items()}
        if row["말소일자"] or not row["읍면동명"]:
            continue
        rows.append((row["행정동코드"], row["시도명"], row["시군구명"], row["읍면동명"]))
    rows.sort()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "sido", "sigungu", "name"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} areas to {OUTPUT}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        raise SystemExit(2)
    raise SystemExit(main(sys.argv[1]))
