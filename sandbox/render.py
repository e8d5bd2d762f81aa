"""Telegram's HTML as the page shows it: the tags Telegram renders, everything else as text.

The bot's messages have passed the Bot API server's parse (the one Telegram does), so they are
well formed; this keeps only Telegram's tags, rewrites them into plain page HTML and escapes
all text, so nothing the bot echoes from a person (a name, a report) can become page markup.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

# Telegram's tag -> the page's tag.
TAGS = {
    "b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "ins": "u", "s": "s", "strike": "s",
    "del": "s", "code": "code", "pre": "pre", "blockquote": "blockquote", "a": "a",
    "tg-spoiler": "span", "tg-emoji": "span", "span": "span",
}  # fmt: skip
LINK_SCHEMES = ("http://", "https://", "tg://")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        page = TAGS.get(tag)
        if page is None:
            return
        values = {name: value or "" for name, value in attrs}
        extra = ""
        if tag == "a":
            href = values.get("href", "")
            if href.startswith(LINK_SCHEMES):
                extra = f' href="{html.escape(href)}" target="_blank" rel="noopener noreferrer"'
        elif tag == "tg-spoiler" or (tag == "span" and values.get("class") == "tg-spoiler"):
            extra = ' class="spoiler"'
        self.open.append(page)
        self.out.append(f"<{page}{extra}>")

    def handle_endtag(self, tag: str) -> None:
        page = TAGS.get(tag)
        if page is not None and page in self.open:
            while self.open:
                closing = self.open.pop()
                self.out.append(f"</{closing}>")
                if closing == page:
                    break

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))


def page_html(telegram_html: str) -> str:
    parser = _Page()
    parser.feed(telegram_html)
    parser.close()
    return "".join(parser.out) + "".join(f"</{tag}>" for tag in reversed(parser.open))


def plain_html(text: str) -> str:
    """Text sent without a parse mode (or typed by a person): all of it is text."""
    return html.escape(text, quote=False)
