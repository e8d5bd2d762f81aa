"""The sandbox in a real browser (headless Chromium driven by Playwright), by clicking and typing
in the page only: a newcomer registers and reports, the staff group sees the alert without the
details, a staff member takes it and reads the details in private, the volunteer sees the status
change; the clock moves a day and the unassigned reminder comes; the page fits a 375 px phone.

Playwright cannot download its own browser here: it drives the system's Chromium. Without one
(and without root to install it, which .ci/run does) the test is skipped, with the reason.
Set GOLMOK_SCREENSHOT=docs/sandbox.png to write the README's screenshot.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.sandboxes import GROUP, STAFF, VOLUNTEER, running

CHROMIUM = os.environ.get("GOLMOK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
DESCRIPTION = "3층 할머니가 일주일째 안 보여요"
SECOND = "우편물이 문 앞에 쌓여 있어요"

try:
    from playwright.async_api import Locator, Page, async_playwright, expect
except ImportError:  # pragma: no cover - the test lock installs it
    async_playwright = None  # type: ignore[assignment]

pytestmark = [
    pytest.mark.skipif(async_playwright is None, reason="Playwright for Python is not installed"),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"no Chromium at {CHROMIUM}: install it (apt-get install -y chromium; .ci/run does this "
        "when it runs as root) or set GOLMOK_CHROMIUM",
    ),
]


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    async with async_playwright() as p:
        chromium = await p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )  # fmt: skip
        try:
            yield chromium
        finally:
            await chromium.close()


class Screen:
    """One person's hands on the page: clicks and keys, and waits for what the page shows."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def pane(self, index: int) -> Locator:
        return self.page.locator(f"#pane{index}")

    async def type(self, index: int, text: str) -> None:
        box = self.pane(index).locator(".composer input")
        await box.fill(text)
        await box.press("Enter")
        await self.pane(index).locator(".msg.mine", has_text=text.split()[0]).last.wait_for()

    async def press(self, index: int, label: str, *, changes: bool = True, newest: bool = True) -> None:
        """Press an inline button with this label and wait until it has been handled: the bot
        answers a press by editing the message or writing a new one (or, when it does neither
        there, with a toast). A form's buttons are on the newest message that has buttons (a
        notice without buttons may come after it): looking only there keeps a press from landing
        on an older message's button while the next question is on its way."""
        messages = self.pane(index).locator(".msg")
        buttons = self.page.locator(".inline-btn")
        wanted = buttons if newest else self.page.locator(".inline-btn", has_text=label)
        message = messages.filter(has=wanted).last
        button = message.locator(".inline-btn", has_text=label).last
        await button.wait_for()
        ident = await message.get_attribute("data-id")
        count = await messages.count()
        before = await message.inner_text()
        await button.click()
        if not changes:
            await self.page.locator("#toast").wait_for()
            return
        await self.page.wait_for_function(
            "([pane, n, id, text]) => { const all = document.querySelectorAll(pane + ' .msg');"
            " const pressed = document.querySelector(pane + ` .msg[data-id='${id}']`);"
            " return all.length > n || !pressed || pressed.innerText !== text; }",
            arg=[f"#pane{index}", count, ident, before],
        )

    async def sees(self, index: int, text: str, times: int = 1) -> Locator:
        """Wait until this many messages in the pane show the text; the newest of them."""
        found = self.pane(index).locator(".msg", has_text=text)
        await found.nth(times - 1).wait_for()
        return found.last

    async def open(self, chat: int, beside: bool = False) -> None:
        item = self.page.locator(f".chat-item[data-chat='{chat}']")
        await (item.locator(".beside").click() if beside else item.click())


async def report(screen: Screen, description: str, photo: bool, nth: int = 1) -> None:
    await screen.type(0, "/report")
    await screen.press(0, "아니요, 급하지 않아요")
    await screen.press(0, "홀몸 어르신 안부")
    await screen.press(0, "홍제1동")
    if photo:
        await screen.type(0, "홍제시장 뒤 파란 대문")
    else:  # the place shared as a location, from the 📎 menu (no reply keyboard asks for it)
        await screen.sees(0, "대략적인 위치", nth)
        await screen.pane(0).locator(".attach").click()
        await screen.page.get_by_role("button", name="위치 보내기").click()
        await screen.page.get_by_role("button", name="홍제시장 Hongje market").click()
        await screen.pane(0).locator(".msg.mine", has_text="37.58930").wait_for()
    await screen.sees(0, "무엇을 보셨나요", nth)
    await screen.type(0, description)
    if photo:
        await screen.pane(0).locator(".attach").click()
        await screen.page.get_by_role("button", name="예시 사진 보내기").click()
        await screen.pane(0).locator(".msg.mine img").last.wait_for()
        await screen.sees(0, "연락해도 될까요")
    else:
        await screen.press(0, "사진 없이 계속")
    await screen.press(0, "연락해도 돼요")
    await screen.press(0, "보내기")
    await screen.sees(0, "접수했어요", nth)


async def test_the_whole_journey_by_clicking(tmp_path: Path, browser: Any) -> None:
    async with running(tmp_path) as (_, client):
        page = await browser.new_page(viewport={"width": 1280, "height": 820}, locale="ko-KR")
        screen = Screen(page)
        await page.goto(client.base)
        await page.locator(".chat-item").first.wait_for()

        # A newcomer joins the world and registers, sharing their phone with the reply keyboard.
        await page.get_by_role("button", name="+ 사람 추가").click()
        await page.locator("#person-form input[name=name]").fill("정다은")
        await page.locator("#person-form button[value=ok]").click()
        await screen.type(0, "/start")
        await screen.press(0, "동의합니다")
        await screen.type(0, "정다은")
        await screen.pane(0).locator(".reply-btn", has_text="내 전화번호 공유").click()
        await screen.sees(0, "사는 동")
        await screen.type(0, "홍제")
        await screen.press(0, "홍제1동 · 서대문구")
        await screen.press(0, "소식 받을게요")
        await screen.sees(0, "가입했어요")

        # The report, with the sample photo; the staff group beside it gets the alert.
        await report(screen, DESCRIPTION, photo=True)
        await screen.open(GROUP, beside=True)
        alert = await screen.sees(1, "이웃 알림")
        assert DESCRIPTION not in await screen.pane(1).inner_text()  # no details in the group
        assert "speaker" in (await screen.pane(1).locator("select").get_attribute("class") or "")
        shot = os.environ.get("GOLMOK_SCREENSHOT") or str(tmp_path / "sandbox.png")
        await page.screenshot(path=shot)

        # A staff member (the group's default speaker) takes it and opens the details in private.
        await screen.press(1, "맡기", newest=False)
        await alert.filter(has_text="이수진").wait_for()
        await screen.press(1, "자세히", changes=False, newest=False)  # a toast: the details went to private
        await screen.open(STAFF, beside=True)
        await screen.sees(1, DESCRIPTION)
        photo = screen.pane(1).locator(".msg img")
        await photo.wait_for()  # and the volunteer's photo after it, in view once it has loaded
        await expect(photo).to_be_in_viewport()
        # The volunteer's own chat says the state changed.
        await screen.sees(0, "처리 상태가")

        # A second report nobody takes; a day later the group is reminded of it.
        await report(screen, SECOND, photo=False, nth=2)
        await screen.open(GROUP, beside=True)
        await screen.sees(1, "이웃 알림", 2)
        await page.locator("#clock-day").click()
        await screen.sees(1, "아무도 맡지 않은 신고")
        assert "12-03" in await page.locator("#clock").inner_text()

        # The demo volunteer's chat still shows nothing of this (nothing leaks across chats).
        await screen.open(VOLUNTEER)
        assert DESCRIPTION not in await screen.pane(0).inner_text()
        assert screen.errors == []
        await page.close()


async def test_the_page_fits_a_phone(tmp_path: Path, browser: Any) -> None:
    async with running(tmp_path) as (_, client):
        page = await browser.new_page(viewport={"width": 375, "height": 740}, locale="ko-KR", is_mobile=True)
        screen = Screen(page)
        await page.goto(client.base)
        await page.locator(".chat-item").first.wait_for()
        widths = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        scroll, width = await page.evaluate(widths)
        assert scroll <= width == 375
        # A chat takes the whole screen, with a way back to the list.
        await screen.open(GROUP)
        await screen.sees(0, "새 시민찾동이")
        assert await page.locator("#list").is_hidden()
        scroll, width = await page.evaluate(widths)
        assert scroll <= width
        box = await screen.pane(0).locator(".composer").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
        assert await page.locator(".chat-item .beside").first.is_hidden()  # one chat at a time here
        await screen.pane(0).locator(".back").click()
        assert await page.locator("#list").is_visible()
        # Korean is drawn by a font of the system (nothing downloaded): its glyphs have width.
        hangul = await page.evaluate(
            "(() => { const c = document.createElement('canvas').getContext('2d');"
            " c.font = '16px ' + getComputedStyle(document.body).fontFamily;"
            " return [c.measureText('골목').width, c.measureText('\\u{10FFFF}\\u{10FFFF}').width]; })()"
        )
        assert hangul[0] > 0 and hangul[0] != hangul[1], hangul
        assert screen.errors == []
        await page.close()
