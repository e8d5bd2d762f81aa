"""A local Telegram Bot API server that behaves like Telegram where it matters (limits, HTML
parsing, 403/429/migration, edits, 4096 UTF-16 units, 64-byte callback data).

It began as the tests' fake server and is now a package of the product, so that the planned
offline sandbox (issue 15) and the tests share one implementation. Nothing in it contacts
Telegram; it listens on 127.0.0.1.
"""
