"""Every user-facing text, Korean first, English too.

`t(lang, key, **values)` renders a template for Telegram's HTML parse mode. Every value is
HTML-escaped unless it is wrapped in `Raw` (text that was rendered by this module already).
A field with a Korean particle as its format gives just that particle, in the form the value
takes: `{area}{area:으로}` gives "홍제1동으로", `{city}{city:으로}` gives "서울로".
"""

from __future__ import annotations

import html
import string
from typing import Any

from messages import en, ko
from messages.particles import PAIRS, particle

CATALOGS: dict[str, dict[str, str]] = {"ko": ko.TEXTS, "en": en.TEXTS}
LANGUAGES = ("ko", "en")


class Raw(str):
    """Already-rendered HTML: inserted as it is."""


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec in PAIRS:
            return particle(html.unescape(str(value)), format_spec)
        if isinstance(value, Raw):
            return str(value)
        return html.escape(format(value, format_spec), quote=False)


_FORMATTER = _Formatter()


def normalise_lang(code: str | None, default: str = "ko") -> str:
    if code and code.lower().startswith("en"):
        return "en"
    if code and code.lower().startswith("ko"):
        return "ko"
    return default


def template(lang: str, key: str) -> str:
    catalog = CATALOGS.get(lang, ko.TEXTS)
    if key in catalog:
        return catalog[key]
    return ko.TEXTS[key]


def t(lang: str, key: str, **values: Any) -> str:
    return _FORMATTER.format(template(lang, key), **values)


def plain(lang: str, key: str, **values: Any) -> str:
    """For button labels and other places Telegram shows without parsing HTML."""
    return html.unescape(t(lang, key, **values))


def escape(text: str) -> str:
    return html.escape(text, quote=False)
