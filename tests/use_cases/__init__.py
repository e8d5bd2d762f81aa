"""Each feature's use cases on their own: called directly on a real SQLite file, no Telegram.
The end-to-end tests drive the same rules through the bot; these check them where they are
decided, one file per feature."""
