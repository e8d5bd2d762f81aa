"""The demo world made at a sandbox's first start: one 동 with its centre and its people.

서대문구 홍제1동 has a centre whose staff group is linked; an admin, a staff member, two
volunteers (one reads Korean, one English) and a resident who has not started the bot yet.
The bot's side is written through the same services the bot's own commands use (an invite
redeemed, a registration, an approval), so what the staff group and the volunteers are told
about it arrives in their chats as it would on Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass

from core import people
from core.deps import Deps
from core.people import PRIVACY_NOTICE_VERSION
from features.centres import actions as centre_service
from features.volunteers import actions as volunteers
from features.volunteers.actions import Registration
from storage import centres

from .world import World

AREA = "1141062000"  # 서울특별시 서대문구 홍제1동 (officially 홍제제1동)
STAFF_GROUP = -1005550000001
ADMIN = 10001


@dataclass(frozen=True)
class Resident:
    id: int
    name: str
    lang: str
    role: str
    phone: str


PEOPLE = (
    Resident(ADMIN, "김하나 (관리자)", "ko", "admin", "010-5550-0001"),
    Resident(10002, "이수진 (주민센터)", "ko", "staff", "010-5550-0002"),
    Resident(10003, "박민수", "ko", "volunteer", "010-5550-0003"),
    Resident(10004, "Sarah Kim", "en", "volunteer", "010-5550-0004"),
    Resident(10005, "최영희", "ko", "resident", "010-5550-0005"),
)
GROUP_TITLE = "홍제1동 주민센터 직원방"


def add_people(world: World) -> None:
    """Telegram's side: the people, who (but the resident) have started the bot, and the group."""
    for person in PEOPLE:
        world.tg.add_user(person.id, person.name, person.lang)
        world.phones[person.id] = person.phone
        world.roles[person.id] = person.role
        if person.role != "resident":
            world.tg.started.add(person.id)
    world.tg.add_group(STAFF_GROUP, GROUP_TITLE)


async def seed(deps: Deps) -> None:
    """The bot's side, through its services: staff invited and linked, volunteers registered
    (and waiting for a staff member's approval)."""
    admin, staff, *helpers = [p for p in PEOPLE if p.role != "resident"]
    now = deps.now()
    for person in (admin, staff, *helpers):
        await people.touch(deps, person.id, person.lang, person.name, None)
    invite = await centre_service.create_invite(deps, admin.id, AREA)
    await centre_service.join(deps, staff.id, invite.code)
    async with deps.db.transaction() as tx:
        await centres.link_chat(tx, AREA, STAFF_GROUP, GROUP_TITLE, staff.id, now)
    for helper in helpers:
        registration = Registration(
            display_name=helper.name, phone=helper.phone, home_area=AREA,
            consent_version=PRIVACY_NOTICE_VERSION, consent_at=now, meeting_news=True,
        )  # fmt: skip
        # Left for the staff to approve: the group's first buttons to try.
        await volunteers.register(deps, helper.id, registration)
