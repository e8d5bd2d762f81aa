"""The `deps` every use-case test gets: the world of world.py in a fresh SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from app.runtime import wire_features
from core.clock import FrozenClock
from core.deps import Deps
from core.settings import Settings
from storage.db import Database
from tests import seed
from tests.harness import START, TOKEN
from tests.use_cases.world import ADMIN, AREAS, GROUP, HONGEUN1, HONGJE1, OTHER_STAFF, STAFF, VOLUNTEER


@pytest.fixture
async def deps(tmp_path: Path) -> AsyncIterator[Deps]:
    config = Settings(
        telegram_bot_token=SecretStr(TOKEN), database_path=tmp_path / "golmok.sqlite3",
        admin_user_ids=[ADMIN],
    )  # fmt: skip
    wire_features()  # as the bot is wired at start: the features' hooks on each other's events
    db = Database(config.database_path)
    await db.open()
    await seed.centre_with_staff(db, HONGJE1, GROUP, STAFF)
    await seed.centre_with_staff(db, HONGEUN1, GROUP - 1, OTHER_STAFF)
    await seed.volunteer(db, VOLUNTEER, HONGJE1, approved=True)
    try:
        yield Deps(config, db, FrozenClock(START), AREAS)
    finally:
        await db.close()
