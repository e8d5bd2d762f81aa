"""Every 행정동 in Korea, loaded from data/areas.csv, and the codes that left it, from
data/area_changes.csv (both written by scripts/generate_areas.py)."""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

AREAS_CSV = Path(__file__).resolve().parent.parent / "data" / "areas.csv"
CHANGES_CSV = AREAS_CSV.with_name("area_changes.csv")

# Official names may spell "상일제1동"; residents and the centres themselves say "상일1동". The
# 2026 table mostly has the everyday spelling already, where a 제 before the number is part of
# the name (홍제1동, 거제1동): only a 제 after a name of two syllables or more is the ordinal.
_ORDINAL = re.compile(r"(?<=[가-힣]{2})제(?=\d)")
_SPACES = re.compile(r"\s+")
_SIDO_SHORT = {
    "서울특별시": "서울", "부산광역시": "부산", "대구광역시": "대구", "인천광역시": "인천",
    "광주광역시": "광주", "대전광역시": "대전", "울산광역시": "울산", "세종특별자치시": "세종",
    "경기도": "경기", "강원도": "강원", "강원특별자치도": "강원", "충청북도": "충북", "충청남도": "충남",
    "전라북도": "전북", "전북특별자치도": "전북", "전라남도": "전남", "경상북도": "경북", "경상남도": "경남",
    "제주특별자치도": "제주",
}  # fmt: skip


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
        """The 구/시/군 (서대문구), or the 시도 where there is none (세종특별자치시). Not unique on
        its own with the name: the directory's `district` adds the 시도 where (동, 구) repeat."""
        return self.sigungu or self.sido

    @property
    def sido_short(self) -> str:
        """The 시도 as people say it (부산광역시 → 부산, 충청북도 → 충북)."""
        return _SIDO_SHORT.get(self.sido, self.sido)


@dataclass(frozen=True, slots=True)
class Retired:
    """A code that is no longer in the table: `moved` to one successor (the same 동 under a new
    code or name; stored codes move by a migration), or for `review` (split, merged or gone:
    an admin chooses where its centre and people go, among `successors` or any 동)."""

    area: Area
    kind: str
    successors: tuple[str, ...]
    changed_in: str

    @property
    def moved_to(self) -> str | None:
        return self.successors[0] if self.kind == "moved" and self.successors else None


def _key(text: str) -> str:
    return _SPACES.sub("", text)


# --- Revised Romanization, for people who type "Yeoksam" ----------------------------------
# The 동 names are Hangul; a search in Latin letters is compared with their Revised Romanization
# (the spelling on Korean road signs), written as pronounced: 신림 → sillim, 왕십리 → wangsimni,
# 종로 → jongno. Only the sound changes that occur in place names are applied.

_INITIALS = (
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
)
_VOWELS = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
)  # fmt: skip
# Each final: how it sounds at the end of a syllable, and when the next one starts with a vowel.
_FINALS = (
    ("", ""), ("k", "g"), ("k", "kk"), ("k", "ks"), ("n", "n"), ("n", "nj"), ("n", "n"), ("t", "d"),
    ("l", "r"), ("k", "lg"), ("m", "lm"), ("l", "lb"), ("l", "ls"), ("l", "lt"), ("p", "lp"), ("l", "r"),
    ("m", "m"), ("p", "b"), ("p", "ps"), ("t", "s"), ("t", "ss"), ("ng", "ng"), ("t", "j"), ("t", "ch"),
    ("k", "k"), ("t", "t"), ("p", "p"), ("t", ""),
)  # fmt: skip
_NIEUN, _RIEUL, _MIEUM, _IEUNG, _HIEUH = 2, 5, 6, 11, 18
_ASPIRATED = {0: "k", 3: "t", 12: "ch"}  # ㄱ ㄷ ㅈ after a final ㅎ
_LATIN_WORD = re.compile(r"[^a-z0-9]")
_HANGUL = re.compile(r"[가-힣]")


def _joint(final: int, initial: int) -> tuple[str, str]:
    """How a final and the next syllable's initial sound together (nasalisation, ㄹ, linking)."""
    end, linked = _FINALS[final]
    start = _INITIALS[initial]
    if initial == _IEUNG:
        return "", linked
    if final == 27 and initial in _ASPIRATED:  # ㅎ + ㄱ/ㄷ/ㅈ
        return "", _ASPIRATED[initial]
    if initial in (_NIEUN, _MIEUM):
        if end == "l" and initial == _NIEUN:
            return "l", "l"
        return {"k": "ng", "t": "n", "p": "m"}.get(end, end), start
    if initial == _RIEUL:
        if end in ("n", "l"):
            return "l", "l"
        if end:
            return {"k": "ng", "t": "n", "p": "m"}.get(end, end), "n"
    return end, start


def romanise(text: str) -> str:
    """Hangul in Revised Romanization, lower case; other characters are kept as they are."""
    out: list[str] = []
    syllables = [ord(ch) - 0xAC00 if _HANGUL.fullmatch(ch) else -1 for ch in text]
    carried: str | None = None  # the next initial's sound, when the previous final changed it
    for index, (ch, code) in enumerate(zip(text, syllables, strict=True)):
        if code < 0:
            out.append(ch)
            carried = None
            continue
        initial, vowel, final = code // 588, (code % 588) // 28, code % 28
        out.append(_INITIALS[initial] if carried is None else carried)
        out.append(_VOWELS[vowel])
        following = syllables[index + 1] if index + 1 < len(syllables) else -1
        if following < 0:
            out.append(_FINALS[final][0])
            carried = None
        else:
            end, carried = _joint(final, following // 588)
            out.append(end)
    return "".join(out)


def _latin(text: str) -> str:
    return _LATIN_WORD.sub("", text.lower())


def _latin_words(query: str) -> list[str]:
    """The words of a Latin-letter query, without a "-dong" the name may not have (Yeoksam-dong
    is 역삼1동 and 역삼2동)."""
    words = []
    for word in query.split():
        key = _latin(word)
        if key.endswith("dong") and len(key) > len("dong"):
            key = key[: -len("dong")]
        if key and key != "dong":
            words.append(key)
    return words


class AreaDirectory:
    def __init__(self, areas: list[Area], retired: list[Retired] | None = None) -> None:
        self._by_code = {area.code: area for area in areas}
        self._retired = {r.area.code: r for r in retired or [] if r.area.code not in self._by_code}
        # Labels that tell every 동 apart: one wrong press on two identical buttons misroutes a
        # report, and a repeated short name would give two reports the same ref. Only where names
        # repeat is more added, so the everyday labels stay as people know them.
        names = Counter(area.name for area in areas)
        pairs = Counter((area.name, area.district) for area in areas)
        self._district: dict[str, str] = {}
        self._label: dict[str, str] = {}
        for area in areas:
            unique_pair = pairs[(area.name, area.district)] == 1
            district = area.district if unique_pair else f"{area.sido_short} {area.district}"
            self._district[area.code] = district
            # A repeated name gets its 시도 and 구: "중앙동(북구)" would be unique, but several
            # 북구 exist and a reader could not know which is meant.
            where = f"{area.sido_short} {area.district}" if area.sigungu else area.sido_short
            self._label[area.code] = area.name if names[area.name] == 1 else f"{area.name}({where})"
        for code, old in self._retired.items():
            # "옛" (former) never appears in a current label, so no ref can be shared.
            place = " ".join(p for p in (old.area.sido_short, old.area.sigungu) if p)
            self._label[code] = f"{old.area.name}(옛 {place})"
        # Searchable forms: the everyday and the official name, and the full name for context.
        self._search = [
            ((area.name, area.official_name), _key(area.full_name + area.official_name), area)
            for area in areas
        ]
        self._roman = [
            (
                (_latin(romanise(area.name)), _latin(romanise(area.official_name))),
                _latin(romanise(area.full_name + area.official_name)),
                area,
            )
            for area in areas
        ]

    @classmethod
    def load(cls, path: Path = AREAS_CSV, changes: Path | None = None) -> AreaDirectory:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        changes = changes or path.with_name(CHANGES_CSV.name)
        retired: list[Retired] = []
        if changes.exists():
            with changes.open(encoding="utf-8", newline="") as handle:
                retired = [
                    Retired(
                        Area(r["old_code"], r["sido"], r["sigungu"], r["name"]),
                        r["kind"],
                        tuple(c for c in r["new_codes"].split(";") if c),
                        r["changed_in"],
                    )
                    for r in csv.DictReader(handle)
                ]
        return cls([Area(r["code"], r["sido"], r["sigungu"], r["name"]) for r in rows], retired)

    def __len__(self) -> int:
        return len(self._by_code)

    def codes(self) -> list[str]:
        return list(self._by_code)

    def get(self, code: str) -> Area | None:
        """The current 동 of this code; None for a code that left the table (see `retired`)."""
        return self._by_code.get(code)

    def retired(self, code: str) -> Retired | None:
        return self._retired.get(code)

    def current(self, code: str) -> str | None:
        """The code itself while it is current, its successor when its 동 only moved, else None
        (split, merged, gone or never known): for a code kept in a half-finished form or an old
        button."""
        if code in self._by_code:
            return code
        old = self._retired.get(code)
        moved = old.moved_to if old is not None else None
        return moved if moved in self._by_code else None

    def all_retired(self) -> list[Retired]:
        return list(self._retired.values())

    def district(self, area: Area) -> str:
        """What a picker button shows after the name (홍제1동 · 서대문구): the 구, with the 시도
        where the same 동 name repeats in a same-named 구 (중앙동 · 부산 중구, 중앙동 · 울산 중구)."""
        return self._district.get(area.code, area.district)

    def label(self, code: str) -> str:
        """The short name that identifies one 동 in the whole country, for refs and messages:
        the everyday name where it is unique (홍제1동), else with its 시도 and 구
        (사직동(서울 종로구), 중앙동(부산 중구))."""
        return self._label.get(code, code)

    def search(self, query: str, limit: int = 10) -> list[Area]:
        """Areas whose name contains the query; names starting with it come first.

        The query may include the 구 or 시 ("서대문 홍제"), so every word must match somewhere in
        the full name, and the last word must match the 동 name itself. A query in Latin letters
        ("Seodaemun Hongje 1-dong") is matched against the names' Revised Romanization.
        """
        latin = not _HANGUL.search(query) and re.search(r"[A-Za-z]", query) is not None
        if latin:
            words, index = _latin_words(query), self._roman
        else:
            # A typed official spelling (홍제제1동) finds the everyday name too.
            words = [_ORDINAL.sub("", _key(word)) for word in query.split() if _key(word)]
            index = self._search
        if not words:
            return []
        *context, last = words
        hits: list[tuple[int, str, str, Area]] = []
        for names, full_key, area in index:
            if not any(last in name for name in names):
                continue
            if any(word not in full_key for word in context):
                continue
            rank = 0 if last in names else 1 if any(n.startswith(last) for n in names) else 2
            hits.append((rank, area.name, area.code, area))
        hits.sort(key=lambda hit: hit[:3])
        return [hit[3] for hit in hits[:limit]]

    def exact(self, query: str) -> Area | None:
        """The one 동 whose everyday or official name is exactly the query's last word (the words
        before it narrowing down as in `search`); None when no 동 or several have that name."""
        words = [_ORDINAL.sub("", _key(word)) for word in query.split() if _key(word)]
        if not words:
            return None
        found = [
            area
            for area in self.search(query, limit=len(self._by_code))
            if words[-1] in (area.name, area.official_name)
        ]
        return found[0] if len(found) == 1 else None

    def count_matches(self, query: str) -> int:
        return len(self.search(query, limit=len(self._by_code)))
