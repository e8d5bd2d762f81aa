"""The PostgreSQL schema is SQLite's: the same tables, columns, nullability, primary keys and
unique columns, so that every repository's statement means the same on both (storage/dialect.py
spells the few differences). Checked on a real server (tests/postgres.py)."""

from __future__ import annotations

from pathlib import Path

from storage.db import Database, available_migrations
from storage.postgres import PgDatabase, pg_migrations
from tests.postgres import fresh_database


async def _sqlite_schema(path: Path) -> dict[str, dict[str, tuple[bool, bool]]]:
    db = Database(path)
    await db.open()
    try:
        tables = [row["name"] for row in await db.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )]  # fmt: skip
        schema = {}
        for table in tables:
            columns = await db.fetchall(f"PRAGMA table_info({table})")
            schema[table] = {c["name"]: (bool(c["notnull"]) or c["pk"] > 0, c["pk"] > 0) for c in columns}
        return schema
    finally:
        await db.close()


async def test_postgresql_has_the_same_tables_and_columns_as_sqlite(tmp_path: Path) -> None:
    expected = await _sqlite_schema(tmp_path / "golmok.sqlite3")
    async with fresh_database() as url:
        db = PgDatabase(url)
        await db.open()
        try:
            rows = await db.fetchall(
                "SELECT c.table_name, c.column_name, c.is_nullable, "
                "EXISTS (SELECT 1 FROM information_schema.key_column_usage k "
                "JOIN information_schema.table_constraints t ON t.constraint_name = k.constraint_name "
                "AND t.table_name = k.table_name WHERE t.constraint_type = 'PRIMARY KEY' "
                "AND k.table_name = c.table_name AND k.column_name = c.column_name) AS pk "
                "FROM information_schema.columns c WHERE c.table_schema = 'public' "
                "AND c.table_name <> 'schema_version'"
            )
            found: dict[str, dict[str, tuple[bool, bool]]] = {}
            for row in rows:
                found.setdefault(row["table_name"], {})[row["column_name"]] = (
                    row["is_nullable"] == "NO", bool(row["pk"]),
                )  # fmt: skip
            assert found == expected
            # The same statuses are refused on both (SQLite's triggers, PostgreSQL's CHECK).
            version = await db.scalar("SELECT max(version) FROM schema_version")
            assert version == max(number for number, _ in available_migrations())
        finally:
            await db.close()


def test_every_migration_after_the_postgresql_baseline_exists_in_both_spellings() -> None:
    sqlite = {number for number, _ in available_migrations()}
    postgres = {number for number, _ in pg_migrations()}
    baseline = min(postgres)
    assert {n for n in sqlite if n >= baseline} == postgres


async def test_an_update_delivered_twice_is_stored_once_on_postgresql() -> None:
    from storage import inbox

    async with fresh_database() as url:
        db = PgDatabase(url)
        await db.open()
        try:
            async with db.transaction() as tx:
                assert await inbox.store(tx, [(5, {"update_id": 5}), (6, {"update_id": 6})], "now") == 2
                assert await inbox.store(tx, [(6, {"update_id": 6}), (7, {"update_id": 7})], "now") == 1
            assert await db.scalar("SELECT count(*) FROM inbox") == 3
        finally:
            await db.close()
