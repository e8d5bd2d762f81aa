"""Every 행정동 in Korea, loaded from data/areas.csv (see scripts/generate_areas.py)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

AREAS_CSV = Path(__file__).resolve().parent.parent / "data" / "areas.csv"

# Official names spell "홍제제1동"; residents and the centres themselves say "홍제1동".
_ORDINAL = re.compile(r"(?<=[가-힣])제(?=\d)")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Area:
    code: str
    sido: str
    sigungu: str
    official_name: str

    @property
    def name(self) -> str:
        """The everyday name (홍제1동)."""
        return _ORDINAL.sub("", self.official_name)

    @property
    def full_name(self) -> str:
        """Enough to tell same-named 동 apart (서울특별시 서대문구 홍제1동)."""
        return " ".join(part for part in (self.sido, self.sigungu, self.name) if part)

    @property
    def district(self) -> str:
        """The 구/시/군 with its 시도, for buttons (서대문구 · 서울)."""
        return self.sigungu or self.sido


def _key(text: str) -> str:
    return _SPACES.sub("", text)


class AreaDirectory:
    def __init__(self, areas: list[Area]) -> None:
        self._by_code = {area.code: area for area in areas}
        # Searchable forms: the everyday and the official name, and the full name for context.
        self._search = [
            ((area.name, area.official_name), _key(area.full_name + area.official_name), area)
            for area in areas
        ]

    @classmethod
    def load(cls, path: Path = AREAS_CSV) -> AreaDirectory:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        return cls([Area(r["code"], r["sido"], r["sigungu"], r["name"]) for r in rows])

    def __len__(self) -> int:
        return len(self._by_code)

    def codes(self) -> list[str]:
        return list(self._by_code)

    def get(self, code: str) -> Area | None:
        return self._by_code.get(code)

    def search(self, query: str, limit: int = 10) -> list[Area]:
        """Areas whose name contains the query; names starting with it come first.

        The query may include the 구 or 시 ("서대문 홍제"), so every word must match somewhere in
        the full name, and the last word must match the 동 name itself.
        """
        words = [_key(word) for word in query.split() if _key(word)]
        if not words:
            return []
        *context, last = words
        hits: list[tuple[int, str, str, Area]] = []
        for names, full_key, area in self._search:
            if not any(last in name for name in names):
                continue
            if any(word not in full_key for word in context):
                continue
            rank = 0 if last in names else 1 if any(n.startswith(last) for n in names) else 2
            hits.append((rank, area.name, area.code, area))
        hits.sort(key=lambda hit: hit[:3])
        return [hit[3] for hit in hits[:limit]]

    def count_matches(self, query: str) -> int:
        return len(self.search(query, limit=len(self._by_code)))
