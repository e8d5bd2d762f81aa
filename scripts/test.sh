#!/bin/sh
# Install what the tests need (into .venv) and run the whole suite, then the linters and the
# import rule (pyproject.toml, [tool.importlinter]).
set -eu
cd "$(dirname "$0")/.."
. scripts/venv.sh
ensure_venv requirements-test.lock
.venv/bin/python -m pytest "$@"
.venv/bin/python -m ruff check .
.venv/bin/python -m mypy .
.venv/bin/lint-imports --no-cache
