"""What a typed text shows: visible or not, a name made safe to store, a name isolated in a sentence.

Telegram accepts text made only of characters nobody can see (U+3000 ideographic space, zero-width
spaces and joiners, the Hangul fillers Korean keyboards offer, ...). Such a place or description
previews as empty and then cannot be sent, so every step where a person types text asks
`visible(text)` first and asks again when it is False.

Names are shown to other people (staff read the reporter's and each other's names), so control
characters and bidirectional overrides are taken out when a name is typed (`clean_name`), and a
name placed inside a sentence is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE
(`isolate`), so right-to-left letters in it cannot reorder the words around it.
"""

from __future__ import annotations

import unicodedata

# Letters and symbols that draw nothing although their category says they are letters or marks.
_BLANK_LETTERS = frozenset(
    "\u115f\u1160\u3164\uffa0"  # Hangul choseong/jungseong fillers, Hangul filler, halfwidth filler
    "\u2800"  # braille pattern blank
    "\u034f"  # combining grapheme joiner
    "\u17b4\u17b5"  # Khmer inherent vowels (invisible)
)
# Categories that never show a glyph on their own: controls, format characters (zero-width
# spaces, joiners, bidi controls, BOM, tags), spaces and line/paragraph separators.
_BLANK_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})

# Bidirectional embeddings, overrides and isolates, and the directional marks: a name has no use
# for them, and an unclosed one reorders whatever follows the name.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Zero-width characters that a name does not need. ZWJ and ZWNJ stay: emoji sequences and
# some scripts need them.
_ZERO_WIDTH = frozenset("\u200b\u2060\ufeff\u180e")

FSI = "\u2068"  # FIRST STRONG ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE


def _blank(char: str) -> bool:
    if char in _BLANK_LETTERS:
        return True
    if "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef":
        return True  # variation selectors: they change the glyph before them, draw none alone
    return unicodedata.category(char) in _BLANK_CATEGORIES


def visible(text: str | None) -> bool:
    """True if the text has at least one character that shows something."""
    return text is not None and any(not _blank(char) for char in text)


def clean_name(text: str) -> str:
    """A typed name without control characters, bidi controls or stray zero-width characters,
    with runs of whitespace (including U+3000 and line breaks) made one space. It may come out
    empty or invisible: the caller checks with `visible` and asks again."""
    kept: list[str] = []
    for char in text:
        if char in _BIDI or char in _ZERO_WIDTH:
            continue
        category = unicodedata.category(char)
        if char.isspace() or category in ("Zs", "Zl", "Zp"):
            kept.append(" ")  # a line break or tab between two words still separates them
        elif category in ("Cc", "Co", "Cs"):
            continue  # other controls, private use and lone surrogates: nothing a person can read
        else:
            kept.append(char)
    return " ".join("".join(kept).split())


def isolate(name: str) -> str:
    """The name as a directional isolate, to be placed inside a sentence."""
    return f"{FSI}{name}{PDI}"


def shorten(text: str, limit: int = 60) -> str:
    """At most `limit` characters of the text (with "…" when cut), never splitting a surrogate
    pair; for echoing back something a person typed, which may be of any length."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"
