"""Which database the bot uses: PostgreSQL when DATABASE_URL names one, else the SQLite file."""

from __future__ import annotations

from pathlib import Path

from storage.db import Database


def database(url: str | None, path: Path) -> Database:
    if url:
        from storage.postgres import PgDatabase  # psycopg is loaded only for PostgreSQL

        return PgDatabase(url)
    return Database(path)
