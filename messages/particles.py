"""Korean particles (조사) that depend on the word before them: 홍제1동으로, 서울로, 민수는."""

from __future__ import annotations

# Particle pairs: (after a final consonant, after a vowel).
PAIRS: dict[str, tuple[str, str]] = {
    "은": ("은", "는"), "는": ("은", "는"),
    "이": ("이", "가"), "가": ("이", "가"),
    "을": ("을", "를"), "를": ("을", "를"),
    "과": ("과", "와"), "와": ("과", "와"),
    "으로": ("으로", "로"), "로": ("으로", "로"),
    "이에요": ("이에요", "예요"), "예요": ("이에요", "예요"),
    "이라고": ("이라고", "라고"), "라고": ("이라고", "라고"),
}  # fmt: skip

_RIEUL = 8  # index of ㄹ among final consonants
# How digits are read: 1 일, 2 이, 3 삼, ... (final consonant index or 0 for none).
_DIGIT_FINAL = {"0": 16, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}
# Latin letters whose English name ends in a consonant sound Koreans hear as 받침 (L, M, N, R).
_LATIN_FINAL = {"l": 8, "m": 16, "n": 4, "r": 8}


def _final(word: str) -> int | None:
    """Index of the final consonant (0 = none) of the last readable character, None if unknown.
    A trailing part in brackets is read past: 용신동(옛 서울 동대문구)은, 중앙동(부산 중구)은."""
    word = word.strip()
    if word.endswith(")") and "(" in word and not word.startswith("("):
        word = word[: word.rindex("(")]
    for char in reversed(word.strip()):
        code = ord(char)
        if 0xAC00 <= code <= 0xD7A3:
            return (code - 0xAC00) % 28
        if char in _DIGIT_FINAL:
            return _DIGIT_FINAL[char]
        if char.isalpha():
            return _LATIN_FINAL.get(char.lower(), 0)
        if char.isspace() or not char.isalnum():
            continue
    return None


def particle(word: str, name: str) -> str:
    """The form of particle `name` that follows `word`."""
    consonant, vowel = PAIRS[name]
    final = _final(word)
    if final is None:
        return f"{consonant}({vowel})" if consonant != vowel else consonant
    if name in ("으로", "로"):
        # ㄹ받침 takes 로: 서울로, 1동으로 but 7로.
        return vowel if final in (0, _RIEUL) else consonant
    return vowel if final == 0 else consonant
