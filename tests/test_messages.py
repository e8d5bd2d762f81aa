"""The message catalogs: both languages complete, particles right, user text escaped."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from botapi.html_check import parse_html
from messages import Raw, en, ko, plain, t
from messages.particles import particle


def test_korean_and_english_have_the_same_keys_and_fields() -> None:
    assert ko.TEXTS.keys() == en.TEXTS.keys()
    fields = string.Formatter()
    for key in ko.TEXTS:
        ko_fields = {f for _, f, _, _ in fields.parse(ko.TEXTS[key]) if f}
        en_fields = {f for _, f, _, _ in fields.parse(en.TEXTS[key]) if f}
        assert en_fields <= ko_fields | en_fields and ko_fields >= en_fields, key


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_template_is_valid_telegram_html(lang: str) -> None:
    catalog = ko.TEXTS if lang == "ko" else en.TEXTS
    for key, template in catalog.items():
        parsed = [(f, spec) for _, f, spec, _ in string.Formatter().parse(template) if f]
        values: dict[str, object] = {f: 1234 if spec == "," else "값<&>" for f, spec in parsed}
        parse_html(t(lang, key, **values))


@pytest.mark.parametrize(
    ("word", "name", "expected"),
    [
        ("홍제1동", "으로", "으로"),
        ("서울", "으로", "로"),
        ("부산", "으로", "으로"),
        ("민수", "는", "는"),
        ("민준", "는", "은"),
        ("홍제1동-2026-0001", "을", "을"),  # 일
        ("홍제1동-2026-0002", "을", "를"),  # 이
        ("조치중", "으로", "으로"),
        ("종결", "으로", "로"),
        ("확인", "으로", "으로"),
        ("접수", "으로", "로"),
        ("Kim", "은", "은"),
        ("Lee", "가", "가"),
    ],
)
def test_particles_follow_the_word(word: str, name: str, expected: str) -> None:
    assert particle(word, name) == expected


def test_values_are_escaped_but_raw_fragments_are_not() -> None:
    text = t("ko", "reg.done", name="<b>민수</b> & co", area="홍제1동")
    assert "&lt;b&gt;민수&lt;/b&gt; &amp; co" in text
    assert parse_html(text).startswith("가입했어요, \u2068<b>민수</b> & co\u2069님")  # the name isolated
    assert t("ko", "start.greeting", name="민수", emergency=Raw("<b>!</b>")).endswith("<b>!</b>")
    assert plain("ko", "area.button", name="a<b", district="c&d") == "a<b · c&d"
    assert t("ko", "vol.status_changed", ref="X-1", status="조치중").endswith("<b>조치중</b>으로 바뀌었어요.")


def _dialogue_modules(root: Path) -> list[Path]:
    """Every module that talks to Telegram: the features' dialogues, the app's front door and ui/."""
    found = []
    for path in sorted(
        [*(root / "features").rglob("*.py"), *(root / "app").glob("*.py"), *(root / "ui").glob("*.py")]
    ):
        source = path.read_text(encoding="utf-8")
        if (
            path.parent.name == "ui"
            or "from telegram.ext import" in source
            or "from ui.common import" in source
        ):
            found.append(path)
    assert len(found) > 20  # the rule must keep seeing the dialogues wherever they move
    return found


def test_no_hangul_in_handlers_every_text_lives_in_the_catalogues() -> None:
    # Handlers (and the dialogue machinery under them, ui/) render catalogue keys; a Korean word
    # there is a text (or a comment that reads like one) in the wrong place.
    import re
    from pathlib import Path

    hangul = re.compile("[\uac00-\ud7a3\u3131-\u318e]")
    root = Path(__file__).resolve().parent.parent
    found = [
        f"{path.parent.name}/{path.name}:{number}"
        for path in _dialogue_modules(root)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if hangul.search(line)
    ]
    assert found == []


def test_message_keys_stay_in_their_feature() -> None:
    """Keys are namespaced by feature: the dialogue machinery (ui/), which knows no feature, uses
    only shared namespaces (form., button., text., ...), and the report and meeting modules use
    none of each other's keys (what both need is a form. key)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    key = re.compile(r'"([a-z_]+)\.[a-z_0-9]+"')

    def namespaces(paths: list[Path]) -> dict[str, set[str]]:
        return {f"{p.parent.name}/{p.name}": set(key.findall(p.read_text(encoding="utf-8"))) for p in paths}

    shared = {"form", "button", "text", "area", "cancel", "private", "error", "bot"}
    for where, used in namespaces(sorted((root / "ui").glob("*.py"))).items():
        assert used <= shared, f"{where} uses a feature's keys: {sorted(used - shared)}"
    meeting_modules = sorted((root / "features" / "meetings").glob("*.py"))
    report_modules = sorted((root / "features" / "reports").glob("*.py"))
    for where, used in namespaces(meeting_modules).items():
        assert "rep" not in used, f"{where} uses a report key"
    for where, used in namespaces(report_modules).items():
        assert "mt" not in used, f"{where} uses a meeting key"
