"""The command menus and the bot's description, as Telegram receives them at start, and the menu
list kept in step with the handlers."""

from __future__ import annotations

from typing import Any

from telegram.ext import CommandHandler, ConversationHandler

from tests import flows
from tests.harness import ADMIN_ID, Harness
from ui import menus


def _registered(handlers: list[Any]) -> set[str]:
    found: set[str] = set()
    for handler in handlers:
        if isinstance(handler, CommandHandler):
            found |= set(handler.commands)
        elif isinstance(handler, ConversationHandler):
            nested = [*handler.entry_points, *handler.fallbacks]
            for state in handler.states.values():
                nested += state
            found |= _registered(nested)
    return found


async def test_the_menu_list_and_the_handlers_are_in_step(h: Harness) -> None:
    assert h.runtime is not None
    registered = _registered([x for group in h.runtime.app.handlers.values() for x in group])
    listed = {entry.command for entry in menus.MENU}
    assert listed <= registered, listed - registered  # no menu entry without its handler
    assert registered - listed == menus.UNLISTED  # every command is in a menu, or kept out on purpose


async def test_menus_and_descriptions_are_sent_at_start_in_korean_and_english(h: Harness) -> None:
    private_ko = h.tg.commands[("all_private_chats", None, "ko")]
    private_en = h.tg.commands[("all_private_chats", None, "en")]
    assert private_ko == h.tg.commands[("all_private_chats", None, "")]  # the default is Korean
    assert [c for c, _ in private_ko][:2] == ["report", "myreports"]
    assert dict(private_ko)["report"] == "도움이 필요해 보이는 이웃 알리기"
    assert dict(private_en)["report"].startswith("Tell the centre")
    assert "campaign" not in dict(private_ko) and "invite" not in dict(private_ko)  # not for volunteers
    group = dict(h.tg.commands[("all_group_chats", None, "ko")])
    assert {"link", "open", "language", "help"} <= set(group) and "report" not in group
    for lang in ("ko", "en", ""):
        description = h.tg.descriptions[("description", lang)]
        assert "119" in description and "112" in description
        assert "119" in h.tg.descriptions[("short", lang)]
    assert "긴급하면 119/112" in h.tg.descriptions[("short", "ko")]


async def test_staff_and_admins_see_their_commands_in_their_own_chat(h: Harness) -> None:
    admin = h.person(ADMIN_ID, "관리자")
    staff = h.person(2001, "김주무관")
    await flows.centre(h, admin, staff)  # /invite, /join
    mine = dict(h.tg.commands[("chat", 2001, "")])
    assert {"open", "stats", "campaign", "report"} <= set(mine) and "invite" not in mine
    assert mine["open"] == "처리 중인 신고 (직원)"
    await h.restart()
    admins = dict(h.tg.commands[("chat", ADMIN_ID, "")])
    assert {"invite", "areas", "staff", "open", "report"} <= set(admins)

    await admin.send("/staff")
    await admin.press(next(label for label in admin.last().button_labels() if "김주무관" in label))
    assert ("chat", 2001, "") not in h.tg.commands  # back to the volunteers' menu


async def test_a_group_that_adds_the_bot_is_told_what_it_is_and_what_staff_do_next(h: Harness) -> None:
    group = h.group(-1001000000055, "홍제1동 직원방")
    h.person(2001, "김주무관")
    await h.tg.bot_added(group, 2001)
    await h.settle()
    [greeting] = h.messages(group)
    assert "골목" in greeting.text and "/link" in greeting.text and "golmok" in greeting.text
    assert "주민 단톡방이라면 연결하지 마세요" in greeting.text
    await h.tg.bot_added(group, 2001, status="left")  # removed: nothing to say, nobody to say it to
    await h.settle()
    assert len(h.messages(group)) == 1
    await h.tg.bot_added(group, 2001)  # added again: a new set-up, so the greeting again
    await h.settle()
    assert len(h.messages(group)) == 2
