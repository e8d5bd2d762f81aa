"""Refresh data/areas.csv, the table of every current 행정동 in Korea, and move stored codes.

Two sources, one command each (run from the project folder):

    # the packaged table (행정동 boundaries and their history, 62 versions up to 2026-04-01)
    pip download --no-deps -d /tmp/adm admdongkor==0.5.6
    python scripts/generate_areas.py admdongkor /tmp/adm/admdongkor-0.5.6-py3-none-any.whl

    # the official 행정기관코드 file of 행정안전부 (KIKcd_H.YYYYMMDD, text or .xlsx), for any month
    # after the package's last version
    python scripts/generate_areas.py kikcd /path/to/KIKcd_H.20260701

Reading the wheel needs pyarrow and an .xlsx needs openpyxl: tools of this script only, not of
the bot (`pip install pyarrow openpyxl` into any Python; the wheel is read as a zip file, the
package is never imported).

What it writes:
- data/areas.csv: code, sido, sigungu, name of every current 읍·면·동, sorted by code;
- data/area_changes.csv: every code that left the table, with what became of it: `moved` (the
  same 동 under a new code or name: one successor), or `review` (split, merged or gone: the
  codes that now cover its ground, for an admin to choose from). Earlier rows are kept, and a
  successor that changes again is followed;
- storage/migrations/NNNN_areas_<date>.sql: the next numbered migration, which moves every
  stored code of a `moved` 동 to its successor at the next start (a `review` code stays and is
  listed for the admins by /areas).

Where a code went comes from the package's timeline (timeline_v3_emd.parquet: each 동's
territory has a shape id; the same shape under a new code is the same 동, and
shape_pairs_v3_emd.parquet gives the overlap of a split or merged one with today's). The official
file has no history: there a code moves when exactly one new code has the same 시도, 시군구
(allowing for a 구 added in between, as in 부천시 → 부천시 원미구) and 동 name, and is listed for
review otherwise.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AREAS = ROOT / "data" / "areas.csv"
CHANGES = ROOT / "data" / "area_changes.csv"
MIGRATIONS = ROOT / "storage" / "migrations"
INDEX = "admdongkor/data/_index.parquet"
TIMELINE = "admdongkor/data/timeline_v3_emd.parquet"
PAIRS = "admdongkor/data/shape_pairs_v3_emd.parquet"
# A successor must cover at least this share of the old 동's ground (slivers from redrawn
# boundaries are not successors).
MIN_SHARE = 0.05
CHANGE_FIELDS = ["old_code", "sido", "sigungu", "name", "kind", "new_codes", "changed_in"]
# Tables and columns that hold a 동 code. access_log keeps what happened then, as it happened.
MOVED_COLUMNS = [
    ("users", "home_area", ""),
    ("staff", "area_code", "OR IGNORE"),
    ("centres", "area_code", "OR IGNORE"),
    ("invites", "area_code", ""),
    ("reports", "area_code", ""),
    ("reports", "origin_area_code", ""),
    ("report_counters", "area_code", "OR IGNORE"),
    ("meetings", "area_code", ""),
    ("campaigns", "area_code", ""),
    ("link_requests", "area_code", ""),
]


@dataclass(frozen=True, order=True)
class Row:
    code: str
    sido: str
    sigungu: str
    name: str


@dataclass
class Change:
    old: Row
    kind: str  # moved | review
    new_codes: list[str]
    changed_in: str


# --- reading the sources ---------------------------------------------------------------------


def _parquet(archive: zipfile.ZipFile, member: str) -> list[dict[str, object]]:
    import pyarrow.parquet as pq  # type: ignore[import-not-found]  # a tool of this script only

    rows: list[dict[str, object]] = pq.read_table(io.BytesIO(archive.read(member))).to_pylist()
    return rows


def from_admdongkor(wheel: Path, old: dict[str, Row]) -> tuple[str, list[Row], list[Change]]:
    with zipfile.ZipFile(wheel) as archive:
        index = _parquet(archive, INDEX)
        timeline = _parquet(archive, TIMELINE)
        pairs = _parquet(archive, PAIRS)
    version = max(str(r["version_key"]) for r in index if r["level"] == "emd")
    rows = sorted(
        Row(
            str(r["code"]),
            str(r["sidonm"]),
            _sigungu(str(r["sidonm"]), str(r["sggnm"] or "")),
            str(r["name"]),
        )
        for r in index
        if r["level"] == "emd" and r["version_key"] == version
    )
    current = {row.code for row in rows}
    last_shape: dict[str, tuple[str, int]] = {}  # code -> (its last version, its shape there)
    shapes_now: dict[int, list[str]] = defaultdict(list)
    area_of: dict[int, float] = {}
    for r in timeline:
        code, key, shape = str(r["element_id"]), str(r["version_key"]), int(str(r["shape_id"]))
        area_of[shape] = float(str(r["area"]))
        if key == version:
            shapes_now[shape].append(code)
        if code not in last_shape or key > last_shape[code][0]:
            last_shape[code] = (key, shape)
    overlaps: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for p in pairs:
        a, b, shared = int(str(p["shape_id_a"])), int(str(p["shape_id_b"])), float(str(p["area_intersect"]))
        overlaps[a].append((shared, b))
        overlaps[b].append((shared, a))
    changes = []
    for code, row in sorted(old.items()):
        if code in current:
            continue
        found = last_shape.get(code)
        same = [c for c in shapes_now.get(found[1], []) if c in current] if found else []
        same = same or _office_of(row, rows)
        if len(same) == 1:
            changes.append(Change(row, "moved", same, version))
            continue
        candidates: list[tuple[float, str]] = []
        if found is not None:
            size = area_of.get(found[1], 0.0) or 1.0
            for shared, other in overlaps.get(found[1], []):
                for successor in shapes_now.get(other, []):
                    if successor in current and shared / size >= MIN_SHARE:
                        candidates.append((shared, successor))
        ordered = [c for _, c in sorted(candidates, reverse=True)]
        changes.append(Change(row, "review", list(dict.fromkeys(ordered)) or _by_name(row, rows), version))
    return version, rows, changes


def _sigungu(sido: str, sigungu: str) -> str:
    # The package writes a city's 구 without a space (성남시수정구); the ministry and people
    # write 성남시 수정구. 세종특별자치시 has no 시군구 (the package repeats it as 세종시).
    if sido == "세종특별자치시":
        return ""
    return re.sub(r"^(\S+?시)(\S+구)$", r"\1 \2", sigungu)


def read_kikcd(path: Path) -> tuple[str, list[Row]]:
    """The 행정동 rows of a KIKcd_H file that are in force (말소일자 empty) and are a 읍면동."""
    if path.suffix.lower() == ".xlsx":
        import openpyxl  # type: ignore[import-untyped,import-not-found,unused-ignore]  # this script's tool

        sheet = openpyxl.load_workbook(path, read_only=True).active
        assert sheet is not None
        table = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp949")  # the ministry's files are in EUC-KR
        first, *others = [line for line in text.splitlines() if line.strip()]
        header_fields = first.split("\t") if "\t" in first else first.split()
        table = [header_fields, *(_fields(line) for line in others)]
    header, *body = table
    column = {name.strip(): i for i, name in enumerate(header)}
    try:
        code_i, sido_i, sgg_i, emd_i = (column[n] for n in ("행정동코드", "시도명", "시군구명", "읍면동명"))
    except KeyError as missing:
        raise SystemExit(f"{path.name}: no column {missing}; is this a KIKcd_H file?") from None
    gone_i = column.get("말소일자")
    made_i = column.get("생성일자")
    rows, dates = [], []
    for fields in body:
        fields += [""] * (len(header) - len(fields))
        code = fields[code_i].strip()
        if not re.fullmatch(r"\d{10}", code) or not fields[emd_i].strip():
            continue
        if gone_i is not None and fields[gone_i].strip():
            continue
        if made_i is not None and fields[made_i].strip():
            dates.append(fields[made_i].strip())
        rows.append(Row(code, fields[sido_i].strip(), fields[sgg_i].strip(), fields[emd_i].strip()))
    match = re.search(r"(\d{8})", path.name)
    version = match.group(1) if match else max(dates, default="unknown")
    return version, sorted(set(rows))


def _fields(line: str) -> list[str]:
    """One row's columns: tab-separated as the ministry ships it, or aligned with spaces (an
    empty column is then only wider spacing). For the latter the row is rebuilt in the file's
    order (코드, 시도, 시군구, 읍면동, 생성일자, 말소일자) from what it holds: trailing dates, and
    one name for a 시도, two for a 시군구 or for a 읍면동 of a 시도 without 시군구 (세종), three
    otherwise."""
    if "\t" in line:
        return line.split("\t")
    code, *rest = line.split()
    dates: list[str] = []
    while rest and re.fullmatch(r"\d{8}", rest[-1]):
        dates.insert(0, rest.pop())
    names = rest
    if len(names) == 2 and code[5:] != "00000":  # a 읍면동 with no 시군구
        names = [names[0], "", names[1]]
    names = [*names, "", "", ""][:3]
    return [code, *names, *[*dates, "", ""][:2]]


def from_kikcd(path: Path, old: dict[str, Row]) -> tuple[str, list[Row], list[Change]]:
    version, rows = read_kikcd(path)
    current = {row.code for row in rows}
    changes = []
    for code, row in sorted(old.items()):
        if code in current:
            continue
        same = _by_name(row, rows) or _office_of(row, rows)
        changes.append(Change(row, "moved" if len(same) == 1 else "review", same, version))
    return version, rows, changes


def _office_of(old: Row, rows: list[Row]) -> list[str]:
    """A 출장소 (a branch office of a 읍·면, such as 논공읍공단출장소) is not a 행정동 of its own:
    its people belong to the 읍·면 it is named after, whose centre serves them."""
    if not old.name.endswith("출장소"):
        return []
    sido = _SIDO_ROOT.sub("", old.sido)
    return [
        r.code
        for r in rows
        if r.sigungu == old.sigungu and _SIDO_ROOT.sub("", r.sido) == sido and old.name.startswith(r.name)
    ]


_SIDO_ROOT = re.compile(r"(특별자치도|특별자치시|특별시|광역시|도)$")


def _by_name(old: Row, rows: list[Row]) -> list[str]:
    """New codes with the old 동's name in the same 시도 (renamed 시도 allowed: 강원도 →
    강원특별자치도) and 시군구 (a 구 added or dropped in between: 부천시 → 부천시 원미구)."""
    sido = _SIDO_ROOT.sub("", old.sido)
    city = old.sigungu.split(" ")[0]
    return [
        r.code
        for r in rows
        if r.name == old.name and _SIDO_ROOT.sub("", r.sido) == sido and r.sigungu.split(" ")[0] == city
    ]


# --- writing ---------------------------------------------------------------------------------


def read_table(path: Path) -> dict[str, Row]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {r["code"]: Row(r["code"], r["sido"], r["sigungu"], r["name"]) for r in csv.DictReader(handle)}


def read_changes(path: Path) -> list[Change]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Change(
                Row(r["old_code"], r["sido"], r["sigungu"], r["name"]),
                r["kind"],
                [c for c in r["new_codes"].split(";") if c],
                r["changed_in"],
            )
            for r in csv.DictReader(handle)
        ]


def follow(earlier: list[Change], latest: list[Change], current: set[str]) -> list[Change]:
    """Every change so far, with each successor that changed again replaced by its own."""
    by_old = {change.old.code: change for change in latest}
    merged = []
    for change in earlier:
        if change.old.code in by_old:
            continue  # a code that came back and left again: the latest word counts
        successors: list[str] = []
        for code in change.new_codes:
            later = by_old.get(code)
            successors += later.new_codes if later is not None and code not in current else [code]
        successors = list(dict.fromkeys(successors))
        kind = "moved" if change.kind == "moved" and len(successors) == 1 else "review"
        merged.append(Change(change.old, kind, successors, change.changed_in))
    return sorted(merged + latest, key=lambda change: change.old.code)


def migration_sql(version: str, source: str, moves: list[tuple[str, str]]) -> str:
    lines = [
        f"-- 행정동 codes as of {version} ({source}), written by scripts/generate_areas.py.",
        "-- Each code whose 동 only got a new code or name moves to it; a code that was split or",
        "-- merged stays as it is and is listed for the admins (/areas). access_log keeps the codes",
        "-- of what happened then.",
        "CREATE TEMP TABLE area_moves (old_code TEXT PRIMARY KEY, new_code TEXT NOT NULL);",
    ]
    for start in range(0, len(moves), 200):
        values = ",\n".join(f"  ('{old}', '{new}')" for old, new in moves[start : start + 200])
        lines.append(f"INSERT INTO area_moves (old_code, new_code) VALUES\n{values};")
    for table, column, conflict in MOVED_COLUMNS:
        # OR IGNORE where a row for the new code exists already (a centre or staff grant made
        # for it meanwhile): the old row then stays, and /areas lists it.
        lines.append(
            f"UPDATE {conflict + ' ' if conflict else ''}{table} SET {column} = "
            f"(SELECT new_code FROM area_moves WHERE old_code = {table}.{column}) "
            f"WHERE {column} IN (SELECT old_code FROM area_moves);"
        )
    lines.append("DROP TABLE area_moves;")
    return "\n".join(lines) + "\n"


def next_migration(version: str) -> Path:
    numbers = [int(p.name[:4]) for p in MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.sql")]
    existing = list(MIGRATIONS.glob(f"[0-9][0-9][0-9][0-9]_areas_{version}.sql"))
    if existing:
        return existing[0]  # regenerating the same version rewrites its migration
    return MIGRATIONS / f"{max(numbers, default=0) + 1:04d}_areas_{version}.sql"


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("admdongkor", "kikcd"):
        print(__doc__)
        return 2
    source, path = argv[0], Path(argv[1])
    if not path.exists():
        print(f"no such file: {path}")
        return 2
    old = read_table(AREAS)
    reader = from_admdongkor if source == "admdongkor" else from_kikcd
    version, rows, latest = reader(path, old)
    current = {row.code for row in rows}
    changes = follow(read_changes(CHANGES), latest, current)
    with AREAS.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "sido", "sigungu", "name"])
        writer.writerows((r.code, r.sido, r.sigungu, r.name) for r in rows)
    with CHANGES.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CHANGE_FIELDS)
        for c in changes:
            writer.writerow(
                [
                    c.old.code,
                    c.old.sido,
                    c.old.sigungu,
                    c.old.name,
                    c.kind,
                    ";".join(c.new_codes),
                    c.changed_in,
                ]
            )
    moves = sorted((c.old.code, c.new_codes[0]) for c in changes if c.kind == "moved")
    migration = next_migration(version)
    label = "admdongkor 0.5.6" if source == "admdongkor" else path.name
    migration.write_text(migration_sql(version, label, moves), encoding="utf-8")
    moved = sum(1 for c in latest if c.kind == "moved")
    print(
        f"{len(rows)} areas as of {version}; {len(latest)} codes left the table "
        f"({moved} moved, {len(latest) - moved} for review); "
        f"wrote {AREAS.name}, {CHANGES.name}, {migration.name}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
