"""The `deps` every use-case test gets: the world of world.py in a fresh database, once on each
backend (a SQLite file, and PostgreSQL where tests/postgres.py finds a server)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from app.runtime import wire_features
from core.clock import FrozenClock
from core.deps import Deps
from core.settings import Settings
from storage import connect
from storage.dialect import POSTGRES, SQLITE
from tests import seed
from tests.harness import START, TOKEN
from tests.postgres import fresh_database
from tests.use_cases.world import ADMIN, AREAS, GROUP, HONGEUN1, HONGJE1, OTHER_STAFF, STAFF, VOLUNTEER


@pytest.fixture(params=[SQLITE, POSTGRES])
async def deps(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Deps]:
    """Each use-case test runs on both backends: the SQLite file and a fresh PostgreSQL database."""
    async with contextlib.AsyncExitStack() as stack:
        url = await stack.enter_async_context(fresh_database()) if request.param == POSTGRES else None
        config = Settings(
            telegram_bot_token=SecretStr(TOKEN), database_path=tmp_path / "golmok.sqlite3",
            database_url=SecretStr(url) if url else None, admin_user_ids=[ADMIN],
        )  # fmt: skip
        wire_features()  # as the bot is wired at start: the features' hooks on each other's events
        db = connect.database(config.database_dsn, config.database_path)
        await db.open()
        stack.push_async_callback(db.close)
        await seed.centre_with_staff(db, HONGJE1, GROUP, STAFF)
        await seed.centre_with_staff(db, HONGEUN1, GROUP - 1, OTHER_STAFF)
        await seed.volunteer(db, VOLUNTEER, HONGJE1, approved=True)
        yield Deps(config, db, FrozenClock(START), AREAS)
