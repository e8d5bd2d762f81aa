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
    assert t("ko", "rep.told_status", ref="X-1", status="조치중").endswith("<b>조치중</b>으로 바뀌었어요.")


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


# Which feature owns each catalogue namespace; SHARED ones belong to no feature (the form machinery,
# the menus, roles and a person's standing, the report vocabulary every feature shows).
OWNERS = {
    "reports": {"rep", "alert", "details", "dup", "myreports", "note", "remind", "transfer", "staff", "open"},
    "meetings": {"mt"},
    "volunteers": {"reg", "start", "vol"},
    "centres": {"admin", "areas", "auto", "digest", "group", "invite", "join", "link", "reglink"},
    "campaigns": {"cp"},
    "insight": {"chart", "export", "stats"},
    "privacy": {"accesslog", "forget", "inactive", "privacy"},
    "nudges": {"nudge", "settings"},
    "app": {"lang", "help", "myid"},
}
SHARED = {
    "form", "button", "text", "area", "cancel", "private", "error", "bot", "cmd", "menu", "emergency",
    "role", "person", "age", "cat", "status", "time", "weekday",
}  # fmt: skip


def test_message_keys_stay_in_their_feature() -> None:
    """Keys are namespaced by feature: each namespace has one owner or is shared; a feature uses its
    own and the shared ones, never another feature's; ui/ and core/, which know no feature, use
    only shared ones."""
    import re

    root = Path(__file__).resolve().parent.parent
    keys = set(ko.TEXTS)
    spaces = {k.split(".")[0] for k in keys}
    owned = [ns for owner in OWNERS.values() for ns in owner]
    assert sorted(owned + sorted(SHARED)) == sorted(spaces)  # each namespace once, none forgotten
    quoted = re.compile(r'["\']([a-z_]+)\.([a-z_0-9]+)["\']')
    prefix = re.compile(r'f["\']([a-z_]+)\.[a-z_0-9]*\{')

    # Strings that look like keys of a known namespace but are prefixes (or file names).
    not_keys = {"mt.time", "mt.field_", "rep.field_", "areas.csv", "bot.py", "bot.log"}

    def used(path: Path) -> set[str]:
        source = path.read_text(encoding="utf-8")
        found = [(ns, f"{ns}.{rest}") for ns, rest in quoted.findall(source) if ns in spaces]
        unknown = [k for _, k in found if k not in keys and k not in not_keys]
        assert unknown == [], f"{path.relative_to(root)} names keys no catalogue has: {unknown}"
        exact = {ns for ns, k in found if k in keys}
        return exact | {ns for ns in prefix.findall(source) if ns in spaces}

    places = {f"features/{name}": OWNERS[name] | SHARED for name in OWNERS if name != "app"}
    places |= {"app": OWNERS["app"] | SHARED, "ui": SHARED, "core": SHARED}
    seen = 0
    for place, allowed in places.items():
        for path in sorted((root / place).rglob("*.py")):
            found = used(path)
            seen += len(found)
            assert found <= allowed, (
                f"{path.relative_to(root)} uses another's keys: {sorted(found - allowed)}"
            )
    assert seen > 100  # the rule sees the keys where they are used
