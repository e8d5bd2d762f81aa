"""Meetings' use cases on a real SQLite file, no Telegram: only a registered volunteer under the
current privacy notice proposes, a proposal is stored once per draft and sent to its centre, only
that centre's staff decide it, once, and a full meeting puts the next person on the waitlist."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.deps import Deps
from core.errors import Refused
from features.meetings import actions as meetings
from features.meetings.actions import MeetingDraft
from tests import seed
from tests.use_cases.world import GROUP, HONGJE1, OTHER_STAFF, STAFF, VOLUNTEER, VOLUNTEERS, outbox


def _draft(deps: Deps, n: int = 1, *, hours: float = 48, capacity: int | None = None) -> MeetingDraft:
    return MeetingDraft(
        draft_id=f"meeting-{n}", title="골목 화분 정하기", agenda="어떤 꽃을 심을까요", area_code=HONGJE1,
        place_text="경로당 앞", latitude=None, longitude=None,
        starts_at=deps.clock.now() + timedelta(hours=hours), format="alley", capacity=capacity,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ("UPDATE users SET registered_at = NULL", "person.not_registered"),
        ("UPDATE users SET consent_version = 'old'", "person.notice_changed"),
    ],
)
async def test_only_a_volunteer_under_the_current_notice_proposes(
    deps: Deps, change: str, refusal: str
) -> None:
    async with deps.db.transaction() as tx:
        await tx.execute(change + " WHERE id = ?", (VOLUNTEER,))
    with pytest.raises(Refused) as refused:
        await meetings.start_proposal(deps, VOLUNTEER)
    assert refused.value.key == refusal
    with pytest.raises(Refused) as refused:
        await meetings.propose(deps, VOLUNTEER, _draft(deps))
    assert refused.value.key == refusal
    assert await deps.db.scalar("SELECT count(*) FROM meetings") == 0


async def test_a_proposal_too_soon_is_refused(deps: Deps) -> None:
    with pytest.raises(Refused) as refused:
        await meetings.propose(deps, VOLUNTEER, _draft(deps, hours=0.5))
    assert refused.value.key == "mt.time_soon"


async def test_a_proposal_is_stored_once_and_decided_once_by_its_centres_staff(deps: Deps) -> None:
    first, new = await meetings.propose(deps, VOLUNTEER, _draft(deps))
    again, new_again = await meetings.propose(deps, VOLUNTEER, _draft(deps))  # a replayed confirm
    assert new and not new_again and again.id == first.id
    assert GROUP in {chat for chat, _ in await outbox(deps.db)}
    with pytest.raises(Refused):
        await meetings.approve(deps, OTHER_STAFF, first.id)
    approved = await meetings.approve(deps, STAFF, first.id)
    assert approved.status == "approved"
    with pytest.raises(Refused) as refused:
        await meetings.approve(deps, STAFF, first.id)
    assert refused.value.key == "mt.already_decided"


async def test_a_full_meeting_puts_the_next_person_on_the_waitlist(deps: Deps) -> None:
    meeting, _ = await meetings.propose(deps, VOLUNTEER, _draft(deps, capacity=1))
    await meetings.approve(deps, STAFF, meeting.id)
    neighbour = next(VOLUNTEERS)
    await seed.volunteer(deps.db, neighbour, HONGJE1, approved=True)
    seat = await meetings.rsvp(deps, VOLUNTEER, meeting.id, "going")
    late = await meetings.rsvp(deps, neighbour, meeting.id, "going")
    assert not seat.waitlisted and late.waitlisted
    with pytest.raises(Refused) as refused:
        await meetings.rsvp(deps, neighbour, meeting.id, "maybe")  # a forged answer
    assert refused.value.key == "button.expired"
    async with deps.db.transaction() as tx:  # a newer notice this neighbour has not agreed to yet
        await tx.execute("UPDATE users SET consent_version = 'old' WHERE id = ?", (neighbour,))
    with pytest.raises(Refused) as refused:
        await meetings.rsvp(deps, neighbour, meeting.id, "no")
    assert refused.value.key == "person.notice_changed"
