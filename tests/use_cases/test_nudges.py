"""Nudges' use cases on a real SQLite file, no Telegram: a registered volunteer chooses how often
the alley-walk nudge comes; a forged choice or an unregistered person is refused."""

from __future__ import annotations

import pytest

from core import people
from core.deps import Deps
from core.errors import Refused
from features.nudges import actions as nudges
from tests.use_cases.world import VOLUNTEER


async def test_a_volunteer_chooses_the_nudge_and_nobody_forges_one(deps: Deps) -> None:
    assert await nudges.current(deps, VOLUNTEER) == "off"
    await nudges.choose(deps, VOLUNTEER, "weekly")
    assert await nudges.current(deps, VOLUNTEER) == "weekly"
    with pytest.raises(Refused) as refused:
        await nudges.choose(deps, VOLUNTEER, "hourly")
    assert refused.value.key == "button.expired"
    assert await nudges.current(deps, VOLUNTEER) == "weekly"
    await people.touch(deps, 8008, "ko", "지나가는 사람", None)
    with pytest.raises(Refused) as refused:
        await nudges.choose(deps, 8008, "monthly")
    assert refused.value.key == "settings.nudge_unregistered"
