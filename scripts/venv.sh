# Shared by run.sh and test.sh: a virtual environment in .venv with the pinned packages.
ensure_venv() {
    python=${PYTHON:-python3}
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "golmok needs Python 3.11 or newer (tried: $python). Set PYTHON=/path/to/python3.11." >&2
        exit 2
    fi
    if [ ! -x .venv/bin/python ]; then
        "$python" -m venv .venv
    fi
    # Install again only when a lock file changed since the last install.
    cat requirements.lock "$1" > .venv/.wanted
    if ! cmp -s .venv/.wanted ".venv/.installed-$1"; then
        .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$1"
        mv .venv/.wanted ".venv/.installed-$1"
    fi
}
