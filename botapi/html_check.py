"""Telegram's HTML parse mode, strictly: what it accepts and the text a person then sees.

Rules from https://core.telegram.org/bots/api#html-style: only the listed tags; tags must be
closed and properly nested; every <, > and & that is not part of a tag or an entity must be
escaped; the entities supported are &lt; &gt; &amp; &quot; and numeric ones.
"""

from __future__ import annotations

import html
import re

ALLOWED = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
    "code", "pre", "blockquote", "tg-emoji", "tg-time",
}  # fmt: skip
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))*)\s*(/?)>"
)
_ATTR = re.compile(r"([a-zA-Z-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});")


class HtmlError(ValueError):
    pass


def parse_html(text: str) -> str:
    """The visible text, or HtmlError where Telegram would refuse the message."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "<":
            match = _TAG.match(text, i)
            if match is None:
                raise HtmlError(f"unexpected '<' at offset {i}")
            closing, name, attrs, _ = match.groups()
            name = name.lower()
            if name not in ALLOWED:
                raise HtmlError(f'unsupported start tag "{name}" at offset {i}')
            if closing:
                if not stack or stack[-1] != name:
                    raise HtmlError(f'unmatched end tag "{name}" at offset {i}')
                stack.pop()
            else:
                found = {
                    m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
                    for m in _ATTR.finditer(attrs)
                }
                if name == "a" and not found.get("href"):
                    raise HtmlError("a tag without href")
                if name == "span" and found.get("class") != "tg-spoiler":
                    raise HtmlError("span tag without class tg-spoiler")
                stack.append(name)
            i = match.end()
        elif char == "&":
            match = _ENTITY.match(text, i)
            if match is None:
                raise HtmlError(f"unescaped '&' at offset {i}")
            out.append(html.unescape(match.group(0)))
            i = match.end()
        elif char == ">":
            raise HtmlError(f"unescaped '>' at offset {i}")
        else:
            out.append(char)
            i += 1
    if stack:
        raise HtmlError(f'can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)
