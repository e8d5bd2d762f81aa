"""A use case that says no raises Refused with the message key to show the person."""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
        # For refusals that go to the access log: (actor, report id, person id, 동 code).
        self.audit: tuple[int, int | None, int | None, str | None] | None = None


def denied(actor_id: int, *, report_id: int | None = None, target_user_id: int | None = None,
           area_code: str | None = None) -> Refused:  # fmt: skip
    refusal = Refused("role.not_authorised")
    refusal.audit = (actor_id, report_id, target_user_id, area_code)
    return refusal


def admin_only(actor_id: int) -> Refused:
    refusal = Refused("role.admin_only")
    refusal.audit = (actor_id, None, None, None)
    return refusal
