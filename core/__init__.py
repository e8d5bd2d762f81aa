"""The small kernel every feature uses: settings, the clock, the 행정동 directory, quiet hours,
refusals and the audited transaction. It imports only storage and messages."""

import os

# Opt in to python-telegram-bot's coming behaviour (durations as timedelta, e.g. RetryAfter),
# which also silences its deprecation warning about the change.
os.environ.setdefault("PTB_TIMEDELTA", "1")
