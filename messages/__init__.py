"""Every user-facing text, Korean first, English too.

`t(lang, key, **values)` renders a template for Telegram's HTML parse mode. Every value is
HTML-escaped unless it is wrapped in `Raw` (text that was rendered by this module already).
A field with a Korean particle as its format gives just that particle, in the form the value
takes: `{area}{area:으로}` gives "홍제1동으로", `{city}{city:으로}` gives "서울로".
A field that carries a person's name (`NAME_FIELDS`) is shown cleaned of control and bidi
characters and isolated (messages/text.py), so a name cannot reorder the sentence around it.
"""

from __future__ import annotations

import html
import string
from collections.abc import Mapping, Sequence
from typing import Any

from messages import en, ko
from messages.particles import PAIRS, particle
from messages.text import clean_name, isolate

CATALOGS: dict[str, dict[str, str]] = {"ko": ko.TEXTS, "en": en.TEXTS}
LANGUAGES = ("ko", "en")


class Raw(str):
    """Already-rendered HTML: inserted as it is."""


class Name(str):
    """A name a person typed (or Telegram gave): rendered escaped, cleaned and isolated."""


# Template fields that hold a person's name. Wherever they appear the value is a Name unless
# it is Raw (already rendered). `area.button` also says {name}, for a 동's name: not a person.
NAME_FIELDS = frozenset({"name", "author", "actor", "assignee", "by"})
_NOT_PERSON = frozenset({"area.button"})


def render_name(name: str) -> str:
    """A name as it goes into a sentence: HTML-escaped, cleaned, isolated."""
    return isolate(html.escape(clean_name(name), quote=False))


class _Formatter(string.Formatter):
    def __init__(self, person_names: bool) -> None:
        super().__init__()
        self.person_names = person_names

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        value = super().get_value(key, args, kwargs)
        if self.person_names and key in NAME_FIELDS and type(value) is str:
            return Name(value)
        return value

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec in PAIRS:
            return particle(html.unescape(clean_name(str(value))), format_spec)
        if isinstance(value, Name):
            return render_name(value)
        if isinstance(value, Raw):
            return str(value)
        return html.escape(format(value, format_spec), quote=False)


_FORMATTER = _Formatter(person_names=True)
_PLACE_FORMATTER = _Formatter(person_names=False)


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
    formatter = _PLACE_FORMATTER if key in _NOT_PERSON else _FORMATTER
    return formatter.format(template(lang, key), **values)


def plain(lang: str, key: str, **values: Any) -> str:
    """For button labels and other places Telegram shows without parsing HTML."""
    return html.unescape(t(lang, key, **values))


def escape(text: str) -> str:
    return html.escape(text, quote=False)
