"""Application wiring shared by every feature: settings, clock, area directory, runtime."""

import os

# Opt in to python-telegram-bot's coming behaviour (durations as timedelta, e.g. RetryAfter),
# which also silences its deprecation warning about the change.
os.environ.setdefault("PTB_TIMEDELTA", "1")
