"""Simulated volunteers who report the way a person does: each looks at what the bot last asked
them and answers it. Used by the crash test and by bench/throughput.py."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from botapi.server import FakeTelegram
from core.areas import AreaDirectory
from storage.db import Database
from tests import seed

CATEGORY = "홀몸 어르신 안부"


@dataclass
class Volunteer:
    user_id: int
    area_name: str
    # (message id, text): a question answered with a button becomes the next question in place,
    # so the same message id asks something new.
    acted_on: set[tuple[int, str]] = field(default_factory=set)
    confirmed: bool = False
    done: bool = False
    hold_confirm: bool = False  # stop at the preview: the caller presses "send" (benchmarks)
    last_progress: float = field(default_factory=time.monotonic)


def decide(text: str, v: Volunteer) -> tuple[str | None, str | None]:
    """What a person answers to a prompt: (button to press, text to send); (None, None) if the
    message asks for nothing (a hint, the help, a duplicate that came late)."""
    if "지금 당장 위험한" in text:
        return "아니요, 급하지 않아요", None
    if text == "어떤 일인가요?":
        return CATEGORY, None
    if text == "어느 동의 일인가요?":
        return f"📍 {v.area_name}" if v.area_name else "📍", None
    if "대략적인 위치" in text:
        return None, f"골목 {v.user_id}번지"
    if "무엇을 보셨나요?" in text:
        return None, f"crash-test 보고 {v.user_id}"
    if "사진이 있으면" in text:
        return "사진 없이 계속", None
    if "연락해도 될까요" in text:
        return "연락해도 돼요", None
    if "보내기 전에 확인" in text:
        return (None, None) if v.hold_confirm else ("✅ 보내기", None)
    return None, None


async def act(tg: FakeTelegram, v: Volunteer) -> None:
    """Do what a person would do: answer the newest question the bot asked them that they have
    not answered yet (a question answered with a button may turn into the next one in place)."""
    messages = tg.chat(v.user_id)
    if any("접수했어요" in m.text for m in messages):
        v.done = True
        return
    for message in reversed(messages):
        press, answer = decide(message.text, v)
        if press is None and answer is None:
            continue  # not a question: look further back
        if (message.message_id, message.text) in v.acted_on:
            # Already answered: look further up. After a crash the bot may ask a question again
            # lower down, and the one it now waits for is the question further up (which a
            # person sees when the lower one says its button has expired).
            continue
        if press == "📍":  # their home 동, whatever its name
            press = next((label for label in message.button_labels() if label.startswith("📍 ")), None)
            if press is None:
                continue
        if press is not None and press not in message.button_labels():
            continue  # its buttons are gone: nothing to press there
        v.acted_on.add((message.message_id, message.text))
        if press is not None:
            if press == "✅ 보내기":
                v.confirmed = True
            await tg.press(v.user_id, message, message.button_data(press))
        elif answer is not None:
            await tg.text(v.user_id, answer)
        v.last_progress = time.monotonic()
        return


async def reporting_world(
    tg: FakeTelegram,
    db: Database,
    *,
    centres: int,
    volunteers: int,
    first_user: int,
    first_group: int,
    first_staff: int,
) -> tuple[dict[str, int], list[Volunteer]]:
    """`centres` 동 of Seoul, each with a staff member and a linked group, and `volunteers`
    registered volunteers spread over them, in the database and in the fake Telegram; returns
    each 동's group and the volunteers (who have started the bot)."""
    areas = seed.seoul_areas(centres)
    groups = {code: first_group - i for i, code in enumerate(areas)}
    directory = AreaDirectory.load()
    for i, code in enumerate(areas):
        tg.add_group(groups[code], f"centre {i}")
        await seed.centre_with_staff(db, code, groups[code], first_staff + i)
    people: list[Volunteer] = []
    for n in range(volunteers):
        user_id, code = first_user + n, areas[n % centres]
        tg.add_user(user_id, f"봉사자{user_id}")
        tg.started.add(user_id)
        await seed.volunteer(db, user_id, code)
        people.append(Volunteer(user_id, directory.label(code)))  # the unique label buttons show
    return groups, people


async def everyone_reports(tg: FakeTelegram, volunteers: list[Volunteer]) -> None:
    """Each volunteer sends /report and answers what the bot asks, until all have their receipt
    (run it as a task beside whatever the test does to the bot meanwhile)."""
    for v in volunteers:
        await tg.text(v.user_id, "/report")
    while not all(v.done for v in volunteers):
        for v in volunteers:
            await act(tg, v)
        await asyncio.sleep(0.02)
