"""Every inline button's callback data: how it is packed, and the pattern its handler takes.

Telegram gives a button at most 64 bytes of data and sends them back as they were, from any
message, however old (or forged). Each kind of button is one `Button` here: whatever draws it
(the features' keyboards and questions) calls `pack`, and the handler that takes it registers
`pattern` (or `any_of` several kinds, or `stale_of` for the presses on an old question). Nowhere
else is callback data spelled out. tests/test_callbacks.py checks every button: what `pack`
makes fits in 64 bytes, is taken by its own pattern and by no other button's, and `parse` gives
back what was packed; and that every pattern the Application registers was made here.
"""

from __future__ import annotations

import re
import string

ID = r"\d{1,18}"  # a row id (report, meeting, link request) or a Telegram user id; 18 digits fit SQLite
AREA = r"\d{10}"  # a 동's administrative code
WORD = r"[a-z_]+"  # a name the code chose (a category, a field, a status)
YES_NO = r"(?:yes|no)"
LANG = r"(?:ko|en)"

MAX_BYTES = 64  # Telegram's limit on callback data
MADE: set[str] = set()  # every pattern made here (the test checks the Application's against it)


def choice(*options: str) -> str:
    return "(?:" + "|".join(re.escape(option) for option in options) + ")"


class Button:
    """One kind of button: `template` with {named} fields, each field a regular expression."""

    def __init__(self, template: str, **fields: str) -> None:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
        if sorted(names) != sorted(fields):
            raise ValueError(f"{template}: fields {sorted(fields)} do not fit the template")
        self.template, self.fields = template, fields
        self.family = template.split(":", 1)[0]
        regex, bare = "", ""  # bare: without group names, to be joined with others (any_of)
        for literal, name, _, _ in string.Formatter().parse(template):
            regex, bare = regex + re.escape(literal), bare + re.escape(literal)
            if name:
                regex, bare = regex + f"(?P<{name}>{fields[name]})", bare + f"(?:{fields[name]})"
        self.regex, self.bare = regex, bare
        self._full = re.compile(regex)

    @property
    def pattern(self) -> re.Pattern[str]:
        """What the handler of this button registers."""
        return _made("^" + self.regex + "$")

    def pack(self, **values: object) -> str:
        """The data for one button; refuses what its own handler would not take, or what does
        not fit in Telegram's 64 bytes (a programming error, caught by the tests, not a press)."""
        data = self.template.format(**values)
        if self._full.fullmatch(data) is None or len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data {data!r} does not fit {self.template}")
        return data

    def parse(self, data: str | None) -> dict[str, str] | None:
        """The fields of a pressed button of this kind, or None for any other data."""
        match = self._full.fullmatch(data or "")
        return None if match is None else match.groupdict()

    def number(self, data: str | None, field: str) -> int | None:
        """An integer field of a pressed button, or None for other data."""
        fields = self.parse(data)
        return None if fields is None else int(fields[field])

    def __repr__(self) -> str:
        return f"Button({self.template!r})"


def any_of(*buttons: Button) -> re.Pattern[str]:
    """One handler for several kinds of button."""
    return _made("^(?:" + "|".join(button.bare for button in buttons) + ")$")


def stale_of(*buttons: Button) -> re.Pattern[str]:
    """Any data of these buttons' families, whatever follows: a press on a question that is no
    longer the current one (answered there, after the form moved on)."""
    families = sorted({button.family for button in buttons})
    return _made("^(?:" + "|".join(re.escape(family) for family in families) + "):")


def _made(regex: str) -> re.Pattern[str]:
    MADE.add(regex)
    return re.compile(regex)


# --- the menu and the person's own settings -------------------------------------------------
MENU_REPORT = Button("m:report")
MENU_MY_REPORTS = Button("m:my")
MENU_MEETING = Button("m:meeting")
MENU_MEETINGS = Button("m:meetings")
MENU_LANGUAGE = Button("m:lang")
MENU_REGISTER = Button("m:register")
LANGUAGE = Button("lg:{lang}", lang=LANG)
GROUP_LANGUAGE = Button("lgg:{lang}", lang=LANG)
SETTINGS_NEWS = Button("st:news:{on}", on=choice("0", "1"))
SETTINGS_NUDGE = Button("st:nudge:{every}", every=choice("off", "weekly", "monthly"))
FORGET = Button("fg:{answer}", answer=YES_NO)

# --- registration ----------------------------------------------------------------------------
CONSENT = Button("rg:{answer}", answer=YES_NO)
NEWS = Button("rn:{answer}", answer=YES_NO)

# --- a 동 picked in a form (registration, report, meeting) ------------------------------------
AREA_PICK = Button("ar:{area}", area=AREA)
AREA_OTHER = Button("ra:other")

# --- the report form --------------------------------------------------------------------------
REPORT_DANGER = Button("rd:{answer}", answer=YES_NO)
REPORT_CATEGORY = Button("rc:{category}", category=WORD)
REPORT_NO_PHOTO = Button("rf:skip")
REPORT_CONTACT = Button("rk:{answer}", answer=YES_NO)
REPORT_SEND = Button("rv:send")
REPORT_EDIT = Button("rv:edit")
REPORT_CANCEL = Button("rv:cancel")
REPORT_FIELD = Button("re:{field}", field=WORD)

# --- a report, for staff ----------------------------------------------------------------------
REPORT_TAKE = Button("rp:tk:{report}", report=ID)
REPORT_TAKEOVER = Button("rp:tko:{report}", report=ID)
REPORT_STATUS_MENU = Button("rp:sm:{report}", report=ID)
REPORT_STATUS = Button("rp:ss:{report}:{status}", report=ID, status=WORD)
REPORT_BACK = Button("rp:bk:{report}", report=ID)
REPORT_DETAILS = Button("rp:dt:{report}", report=ID)
REPORT_DETAILS_BACK = Button("rp:db:{report}", report=ID)
REPORT_BLOCK = Button("rp:bl:{report}", report=ID)
REPORT_BLOCK_YES = Button("rp:blc:{report}", report=ID)
REPORT_UNBLOCK = Button("rp:ub:{report}", report=ID)
REPORT_CARD = Button("rp:al:{report}", report=ID)
REPORT_NOTE = Button("rp:nt:{report}", report=ID)
REPORT_DUPLICATE = Button("rp:dp:{report}", report=ID)
REPORT_TRANSFER = Button("rp:tr:{report}", report=ID)
TRANSFER_TO = Button("tr:{report}:{area}", report=ID, area=AREA)
VOLUNTEER_APPROVE = Button("vo:ap:{volunteer}", volunteer=ID)
# The buttons on an alert and its details, taken by one handler (features/reports/staff.alert_button).
ALERT_BUTTONS = (
    REPORT_TAKE, REPORT_TAKEOVER, REPORT_STATUS_MENU, REPORT_STATUS, REPORT_BACK, REPORT_DETAILS,
    REPORT_DETAILS_BACK, REPORT_BLOCK, REPORT_BLOCK_YES, REPORT_UNBLOCK,
)  # fmt: skip

# --- centres and staff (admins) ---------------------------------------------------------------
INVITE_AREA = Button("iv:{area}", area=AREA)
LINK_CONFIRM = Button("lk:r:{request}", request=ID)
STAFF_REVOKE = Button("sr:{user}:{area}", user=ID, area=AREA)
AREA_REASSIGN = Button("ax:{old}:{new}", old=AREA, new=AREA)

# --- campaigns --------------------------------------------------------------------------------
CAMPAIGN_AREA = Button("cp:ar:{area}", area=AREA)
CAMPAIGN_SEND = Button("cp:go")
CAMPAIGN_EDIT = Button("cp:ed")
CAMPAIGN_CANCEL = Button("cp:no")

# --- the meeting form -------------------------------------------------------------------------
MEETING_DATE = Button("md:{day}", day=r"\d{4}-\d{2}-\d{2}")
MEETING_TIME = Button("mh:{time}", time=r"\d{2}:\d{2}")
MEETING_FORMAT = Button("mf:{kind}", kind=WORD)
MEETING_NO_LIMIT = Button("mc:none")
MEETING_SEND = Button("mp:send")
MEETING_EDIT = Button("mp:edit")
MEETING_CANCEL_FORM = Button("mp:cancel")
MEETING_FIELD = Button("me:{field}", field=WORD)

# --- a meeting, once proposed ------------------------------------------------------------------
MEETING_STAFF = Button("ms:{action}:{meeting}", action=choice("ap", "sp", "ch", "dc", "bk"), meeting=ID)
MEETING_SUPPORT = Button("ms:su:{meeting}:{kind}", meeting=ID, kind=r"[a-z]+")
RSVP = Button("mr:{meeting}:{answer}", meeting=ID, answer=r"[a-z]+")
CALENDAR = Button("mi:{meeting}", meeting=ID)
MEETING_CANCEL = Button("mx:{meeting}", meeting=ID)
MEETING_CANCEL_YES = Button("mx:{meeting}:y", meeting=ID)
MEETING_MOVE = Button("mv:{meeting}", meeting=ID)
MEETING_OUTCOME = Button("mo:{meeting}", meeting=ID)
MEETING_WRAP_UP = Button("mw:{action}:{meeting}", action=choice("ch", "dc"), meeting=ID)
MEETING_NOTHING = Button("mn:none")

ALL: tuple[Button, ...] = tuple(value for value in list(globals().values()) if isinstance(value, Button))
