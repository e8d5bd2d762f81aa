"""A use case that says no raises Refused with the message key to show the person."""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
