"""What every dialogue and use case needs (settings, database, clock, areas, waking the sender),
built once in post_init and kept in bot_data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.areas import AreaDirectory
from core.clock import Clock, to_db
from core.settings import Settings
from storage.db import Database

DEPS_KEY = "golmok.deps"


@dataclass
class Deps:
    settings: Settings
    db: Database
    clock: Clock
    areas: AreaDirectory
    # Called after a transaction that recorded outbox rows, so the sender looks at once.
    wake_sender: Callable[[], None] = field(default=lambda: None)

    def now(self) -> str:
        return to_db(self.clock.now())

    def is_admin(self, user_id: int) -> bool:
        return user_id in self.settings.admin_user_ids


def get_deps(bot_data: dict[str, Any]) -> Deps:
    deps = bot_data[DEPS_KEY]
    assert isinstance(deps, Deps)
    return deps
