"""The callback registry (core/callbacks.py) is the one place callback data is spelled.

For every kind of button, whatever values it is packed with: the data fits Telegram's 64 bytes,
its own pattern takes it and no other button's does (a press reaches exactly one handler, never
a neighbour's), and parse gives back what was packed. Every pattern the real Application
registers was made by the registry, so no handler listens for data nothing draws.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import SecretStr
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler

from app.runtime import build_application
from core import callbacks
from core.callbacks import Button
from core.settings import Settings
from tests.harness import TOKEN


def _values(button: Button) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries(
        {name: st.from_regex(regex, fullmatch=True) for name, regex in button.fields.items()}
    )


@pytest.mark.parametrize("button", callbacks.ALL, ids=lambda button: button.template)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_packed_button_reaches_its_own_handler_and_no_other(button: Button, data: Any) -> None:
    values = data.draw(_values(button))
    try:
        packed = button.pack(**values)
    except ValueError:
        # Only data beyond Telegram's 64 bytes is refused (a word of 60 letters, never a real one).
        assert len(button.template.format(**values).encode()) > callbacks.MAX_BYTES
        return
    assert len(packed.encode()) <= callbacks.MAX_BYTES
    assert button.pattern.match(packed)
    assert button.parse(packed) == values
    others = [other for other in callbacks.ALL if other is not button and other.pattern.match(packed)]
    assert others == [], f"{packed!r} is also taken by {others}"


def test_real_values_fit() -> None:
    """The largest values the bot packs: an id of 18 digits (more than any row or Telegram id), a
    10-digit 동; a 19-digit id is refused, as the handlers refused it before (SQLite's integers)."""
    biggest = "9" * 18
    with pytest.raises(ValueError):
        callbacks.REPORT_TAKE.pack(report=str(2**63))
    assert callbacks.TRANSFER_TO.pack(report=biggest, area="1141062000")
    assert callbacks.STAFF_REVOKE.pack(user=biggest, area="1141062000")
    assert callbacks.REPORT_STATUS.pack(report=biggest, status="in_progress")


def test_pack_refuses_what_its_handler_would_not_take() -> None:
    with pytest.raises(ValueError):
        callbacks.AREA_PICK.pack(area="114106")  # not a 10-digit code
    with pytest.raises(ValueError):
        callbacks.REPORT_STATUS.pack(report=1, status="Closed!")
    with pytest.raises(ValueError):
        Button("xx:{a}")  # a field without its expression


def test_every_template_is_its_own() -> None:
    templates = [button.template for button in callbacks.ALL]
    assert len(templates) == len(set(templates))


def _callback_handlers(handlers: list[BaseHandler[Any, Any, Any]]) -> list[CallbackQueryHandler[Any, Any]]:
    found: list[CallbackQueryHandler[Any, Any]] = []
    for handler in handlers:
        if isinstance(handler, ConversationHandler):
            nested = [*handler.entry_points, *handler.fallbacks]
            for state in handler.states.values():
                nested.extend(state)
            found.extend(_callback_handlers(nested))
        elif isinstance(handler, CallbackQueryHandler):
            found.append(handler)
    return found


def test_every_pattern_the_application_registers_comes_from_the_registry(tmp_path: Path) -> None:
    config = Settings(telegram_bot_token=SecretStr(TOKEN), database_path=tmp_path / "golmok.sqlite3")
    app = build_application(config)
    registered = _callback_handlers([h for group in app.handlers.values() for h in group])
    assert len(registered) > 40
    for handler in registered:
        if handler.pattern is None:
            continue  # the last resort: answers any press nobody else took
        assert isinstance(handler.pattern, re.Pattern)
        assert handler.pattern.pattern in callbacks.MADE, handler.pattern.pattern
