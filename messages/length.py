"""How long Telegram thinks a message is, and long answers split into messages it accepts.

Telegram limits a message to 4,096 and a caption to 1,024 *UTF-16 code units after entity
parsing*: the tags do not count, `&lt;` counts as one, and an emoji outside the Basic
Multilingual Plane (😀, most of them) counts as two. Counting Python characters of the HTML,
as the bot did, let three notes of 1,000 emoji through as one 6,000-unit message, which
Telegram refuses. `length` counts the way Telegram does; `split` packs lines into messages that
each stay inside the limit, cutting only between lines, and a single line longer than a message
at a character boundary outside any tag or entity, closing the elements open at the cut and
opening them again in the next message, so every message is valid HTML on its own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024

# Our templates render well-formed HTML: a tag is "<...>" and "<" is never bare inside text,
# so these simple patterns find every tag and entity of what `t()` produced.
_TOKEN = re.compile(r"<[^>]*>|&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);|.", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)")
_BREAK_AFTER = frozenset("\n ")


def units(text: str) -> int:
    """UTF-16 code units of plain text (what Telegram counts)."""
    return len(text.encode("utf-16-le")) // 2


def visible_text(markup: str) -> str:
    """The text Telegram shows for HTML: tags removed, entities unescaped."""
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


def length(markup: str) -> int:
    """The length Telegram measures for a message in HTML parse mode."""
    return units(visible_text(markup))


def fits(markup: str, limit: int = TEXT_LIMIT) -> bool:
    return length(markup) <= limit


def split(lines: Iterable[str], header: str | None = None, limit: int = TEXT_LIMIT) -> list[str]:
    """Messages holding the header and then every line, in order, joined by line breaks, each
    at most `limit` long as Telegram counts. Each line must be well-formed HTML on its own
    (as every rendered template is). Lines that show nothing are kept inside a message but
    never make a message of their own (Telegram refuses an empty message)."""
    pieces: list[str] = []
    for line in ([header] if header is not None else []) + list(lines):
        pieces += _split_line(line, limit) if length(line) > limit else [line]
    chunks: list[str] = []
    current: list[str] = []
    used = 0
    for piece in pieces:
        size = length(piece)
        if current and used + 1 + size > limit:
            chunks.append("\n".join(current))
            current, used = [], 0
        used += size + (1 if current else 0)
        current.append(piece)
    if current:
        chunks.append("\n".join(current))
    return [chunk for chunk in chunks if visible_text(chunk).strip()]


def _split_line(line: str, limit: int) -> list[str]:
    """One over-long line cut into pieces of at most `limit`, preferably after a line break or
    a space in the second half of a piece, otherwise between two characters (a Python
    character is a whole code point, so a surrogate pair is never cut; tags and entities are
    single tokens, so they are never cut either)."""
    pieces: list[str] = []
    reopen: list[str] = []  # opening tags of the elements open where the current piece starts
    stack: list[tuple[str, str]] = []  # (name, opening tag) of the elements open now
    buffer: list[str] = []
    used = 0
    # Where the current piece could end: (tokens kept, elements open there, length there).
    best: tuple[int, list[tuple[str, str]], int] | None = None
    for token in _TOKEN.findall(line):
        if token.startswith("<"):
            _track(stack, token)
            buffer.append(token)
            continue
        width = units(html.unescape(token))
        if used + width > limit and used > 0:
            if best is not None and best[2] * 2 >= limit:
                cut, open_there, cut_used = best
            else:
                cut, open_there, cut_used = len(buffer), list(stack), used
            closing = "".join(f"</{name}>" for name, _ in reversed(open_there))
            pieces.append("".join(reopen) + "".join(buffer[:cut]) + closing)
            reopen = [tag for _, tag in open_there]
            buffer = buffer[cut:]
            used -= cut_used
            best = None
        buffer.append(token)
        used += width
        if token in _BREAK_AFTER:
            best = (len(buffer), list(stack), used)
    pieces.append("".join(reopen) + "".join(buffer))
    return pieces


def _track(stack: list[tuple[str, str]], tag: str) -> None:
    match = _TAG_NAME.match(tag)
    if match is None or tag.endswith("/>"):
        return
    name = match.group(1).lower()
    if tag.startswith("</"):
        if stack and stack[-1][0] == name:
            stack.pop()
    else:
        stack.append((name, tag))
