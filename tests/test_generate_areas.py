"""scripts/generate_areas.py reads the ministry's KIKcd_H file (an operator's monthly refresh) and
writes a migration that moves what only got a new code."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path
from types import ModuleType


def _generator() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "scripts" / "generate_areas.py"
    spec = importlib.util.spec_from_file_location("generate_areas", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_areas"] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


KIKCD = (
    "행정동코드\t시도명\t시군구명\t읍면동명\t생성일자\t말소일자\n"
    "5100000000\t강원특별자치도\t\t\t20230610\t\n"
    "5111000000\t강원특별자치도\t춘천시\t\t20230610\t\n"
    "5111051500\t강원특별자치도\t춘천시\t신사우동\t20230610\t\n"
    "4211051500\t강원도\t춘천시\t신사우동\t19950101\t20230610\n"
    "1123051500\t서울특별시\t동대문구\t신설동\t20260201\t\n"
    "1123053300\t서울특별시\t동대문구\t용두동\t20260201\t\n"
)


def test_the_official_file_is_read_and_a_recoded_dong_moves(tmp_path: Path) -> None:
    gen = _generator()
    source = tmp_path / "KIKcd_H.20260701"
    source.write_bytes(KIKCD.encode("cp949"))  # the ministry's files are in EUC-KR
    old = {
        "4211051500": gen.Row("4211051500", "강원도", "춘천시", "신사우동"),
        "1123053600": gen.Row("1123053600", "서울특별시", "동대문구", "용신동"),
        "1123051500": gen.Row("1123051500", "서울특별시", "동대문구", "신설동"),
    }
    version, rows, changes = gen.from_kikcd(source, old)
    assert version == "20260701"
    assert [r.code for r in rows] == ["1123051500", "1123053300", "5111051500"]  # 읍면동 in force only
    by_old = {c.old.code: (c.kind, c.new_codes) for c in changes}
    assert by_old == {"4211051500": ("moved", ["5111051500"]), "1123053600": ("review", [])}

    # The migration it writes moves stored codes, and leaves the split one for /areas.
    sql = gen.migration_sql(version, source.name, [("4211051500", "5111051500")])
    db = sqlite3.connect(":memory:")
    db.executescript(
        "CREATE TABLE users (id INTEGER, home_area TEXT);"
        "CREATE TABLE staff (user_id INTEGER, area_code TEXT, PRIMARY KEY (user_id, area_code));"
        "CREATE TABLE centres (area_code TEXT PRIMARY KEY);"
        "CREATE TABLE invites (area_code TEXT); CREATE TABLE reports (area_code TEXT, origin_area_code TEXT);"
        "CREATE TABLE report_counters (area_code TEXT, year INTEGER, PRIMARY KEY (area_code, year));"
        "CREATE TABLE meetings (area_code TEXT); CREATE TABLE campaigns (area_code TEXT);"
        "CREATE TABLE link_requests (area_code TEXT);"
        "INSERT INTO users VALUES (1, '4211051500'), (2, '1123053600');"
        "INSERT INTO staff VALUES (9, '4211051500'), (9, '5111051500');"  # already staff of the new code
        "INSERT INTO reports VALUES ('4211051500', '4211051500');"
    )
    db.executescript(sql)
    assert db.execute("SELECT id, home_area FROM users ORDER BY id").fetchall() == [
        (1, "5111051500"),
        (2, "1123053600"),
    ]
    assert db.execute("SELECT * FROM reports").fetchall() == [("5111051500", "5111051500")]
    # The conflicting grant stays under the old code (listed by /areas), nothing is lost.
    assert sorted(db.execute("SELECT area_code FROM staff").fetchall()) == [("4211051500",), ("5111051500",)]


def test_a_successor_that_changes_again_is_followed() -> None:
    gen = _generator()
    first = gen.Change(gen.Row("A", "s", "g", "가동"), "moved", ["B"], "20240101")
    second = gen.Change(gen.Row("B", "s", "g", "가동"), "moved", ["C"], "20260101")
    merged = gen.follow([first], [second], {"C"})
    found = [(c.old.code, c.kind, c.new_codes) for c in merged]
    assert found == [("A", "moved", ["C"]), ("B", "moved", ["C"])]


def test_a_space_aligned_export_is_read_as_well(tmp_path: Path) -> None:
    """Some exports of the file align columns with spaces instead of tabs; an empty 시군구 or 읍면동
    is then just wider spacing, and the dates are what follows."""
    gen = _generator()
    source = tmp_path / "KIKcd_H.20260701.txt"
    lines = [
        "행정동코드    시도명          시군구명    읍면동명    생성일자  말소일자",
        "5111051500    강원특별자치도  춘천시      신사우동    20230610",
        "4211051500    강원도          춘천시      신사우동    19950101  20230610",
        "5100000000    강원특별자치도                          20230610",
        "3611025000    세종특별자치시              조치원읍    20120701",
        "3611000000    세종특별자치시  세종시                  20120701",
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    version, rows = gen.read_kikcd(source)
    assert version == "20260701"
    assert [(r.code, r.sido, r.sigungu, r.name) for r in rows] == [
        ("3611025000", "세종특별자치시", "", "조치원읍"),
        ("5111051500", "강원특별자치도", "춘천시", "신사우동"),
    ]
