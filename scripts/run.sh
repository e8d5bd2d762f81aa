#!/bin/sh
# Install what golmok needs (into .venv) and run the bot. Needs only Python 3.11+.
set -eu
cd "$(dirname "$0")/.."
. scripts/venv.sh
ensure_venv requirements.lock
exec .venv/bin/python bot.py "$@"
