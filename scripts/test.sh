#!/bin/sh
# Install what the tests need (into .venv) and run the whole suite (on SQLite, and on PostgreSQL
# too where GOLMOK_TEST_POSTGRES names a server), then the linters and the import rule
# (pyproject.toml, [tool.importlinter]).
set -eu
cd "$(dirname "$0")/.."
. scripts/venv.sh
ensure_venv requirements-test.lock
.venv/bin/python -m pytest "$@"
if [ -n "${GOLMOK_TEST_POSTGRES:-}" ]; then
    # The end-to-end suite again, every bot on PostgreSQL (tests/conftest.py leaves out what does
    # the same on either backend); the property test with a shorter exploration than on SQLite.
    echo "--- the suite on PostgreSQL ---"
    GOLMOK_TEST_BACKEND=postgresql GOLMOK_PROMISE_EXAMPLES="${GOLMOK_PROMISE_EXAMPLES_PG:-4}" \
        .venv/bin/python -m pytest "$@"
fi
.venv/bin/python -m ruff check .
.venv/bin/python -m mypy .
.venv/bin/lint-imports --no-cache
