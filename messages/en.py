"""English texts. Keys mirror ko.py (tests check that both catalogs have the same keys)."""

TEXTS: dict[str, str] = {
    # --- general -------------------------------------------------------------------------
    "start.greeting": (
        "Hello, {name}! 🏘 This is <b>golmok</b>.\n\n"
        "golmok helps neighbours look after each other. Volunteer neighbour watchers (시민찾동이) "
        "tell the community centre (동주민센터) about neighbours who may need help, and hear back "
        "what happened. You can also organise alley meetings (골목회의).\n\n"
        "{emergency}"
    ),
    "emergency.note": (
        "🚨 <b>golmok is not for emergencies.</b> If someone is in danger now, call "
        "<b>119</b> (fire and ambulance) or <b>112</b> (police) right away."
    ),
    "start.unregistered": "To flag a neighbour, please register first. Here is the privacy notice.",
    "start.registered": "What would you like to do?",
    "menu.register": "📝 Register",
    "menu.report": "🔔 Flag a neighbour",
    "menu.myreports": "📋 My reports",
    "menu.language": "🌐 언어",
    "help": (
        "<b>Commands</b>\n"
        "/report flag a neighbour who may need help\n"
        "/myreports what you reported and its status\n"
        "/mydata your data · /forget leave and delete it\n"
        "/meeting propose an alley meeting · /meetings meetings in your 동 · /settings news and walk reminders\n"
        "/language switch language (한국어/English)\n"
        "/cancel stop what you are doing · /myid your user id\n\n"
        "<b>Community-centre staff</b>\n"
        "/join register with an invite code · /link link the staff group · /open open reports\n"
        "/stats figures and chart · /export CSV download · /campaign message all your volunteers\n"
        "/reglink a registration link for your 동"
    ),
    "cmd.report": "Tell the centre about a neighbour who may need help",
    "cmd.myreports": "What you reported and where it stands",
    "cmd.meeting": "Propose an alley meeting",
    "cmd.meetings": "Alley meetings in your 동",
    "cmd.open": "Open reports (staff)",
    "cmd.stats": "Figures and a chart (staff)",
    "cmd.export": "Reports as CSV (staff)",
    "cmd.campaign": "A notice to every volunteer (staff)",
    "cmd.reglink": "A volunteer registration link for your 동 (staff)",
    "cmd.link": "Make this group the centre's alert chat",
    "cmd.autoapprove": "Approve meeting proposals automatically, on/off",
    "cmd.invite": "A staff invite link and code (admins)",
    "cmd.staff": "Staff and revoking access (admins)",
    "cmd.areas": "Reorganised 행정동 to reassign (admins)",
    "cmd.accesslog": "The access log (admins)",
    "cmd.settings": "Meeting news and walk reminders",
    "cmd.language": "Change language (한국어/English)",
    "cmd.mydata": "Everything stored about you",
    "cmd.forget": "Leave and delete your data",
    "cmd.cancel": "Stop what you are doing",
    "cmd.help": "The list of commands",
    "cmd.myid": "Your Telegram user id",
    "bot.description": "golmok helps neighbour watchers (시민찾동이) tell their community centre about neighbours who may need help, and hold alley meetings together. Only the centre's staff see what you report.\n\n⚠️ This is not for emergencies: if someone is in danger now, call 119 (fire, ambulance) or 112 (police).",
    "bot.short_description": 'Neighbour-care alerts and alley meetings · emergencies: 119/112',
    "myid": "Your Telegram user id: <code>{user_id}</code>\nTo make this account an admin, put this number in ADMIN_USER_IDS.",
    "lang.choose": "언어를 고르세요. / Choose your language.",
    "lang.btn_ko": "한국어",
    "lang.btn_en": "English",
    "lang.set": "I will speak English from now on.",
    # --- staffx: the language of a centre's staff group ---
    "lang.group_choose": "Choose the language of this group's alerts. Now: {current}\n이 단톡방의 알림 언어를 고르세요.",
    "lang.group_set": "This group now gets its alerts in English.",
    "group.language_not_staff": "Only staff of this group's community centre, or an admin, can change the language of its alerts.",
    "group.language_unlinked": "This group is not linked to a community centre yet. Once staff send /link here, they can choose the language of its alerts.",
    "cancel.done": "Cancelled. Nothing you entered was saved.",
    "cancel.nothing": "There is nothing to cancel.",
    "error.generic": "Sorry, something went wrong. Please try again in a moment.",
    "private.only": "Please use this in a private chat with me.",
    "group.only": "Please use this command in your community centre's staff group.",
    "button.expired": "This button has expired. Please start again.",
    # --- buttons: presses that do not fit (another chat, an earlier question) ---
    "button.old": "That button belongs to an earlier question. Please answer the latest question below.",
    "button.not_here": "This button doesn't work here. Please use it in your private chat with the bot.",
    # --- registration --------------------------------------------------------------------
    "reg.notice": (
        "<b>Privacy notice</b> (version {version})\n\n"
        "• <b>Purpose</b>: neighbour-watch volunteering (passing on alerts about neighbours in "
        "need, telling you what happened, alley-meeting news)\n"
        "• <b>What we collect</b>: your Telegram user number, display name, home 동, phone "
        "number (optional)\n"
        "• <b>How long</b>: until you leave, or {retention_days} days after your last activity\n"
        "• <b>Who sees it</b>: only staff of the community centre of the 동 you report to\n"
        "• <b>Your right to refuse</b>: you may say no. You then cannot register, and can flag "
        "a neighbour by calling or visiting the community centre instead.\n\n"
        "Do you agree?"
    ),
    "reg.btn_agree": "✅ I agree",
    "reg.btn_decline": "I do not agree",
    "reg.declined": (
        "Understood. Nothing about you was stored.\n"
        "To flag a neighbour in need, call or visit your community centre, or call 120 (Dasan "
        "call centre). If you change your mind, send /start at any time."
    ),
    "reg.ask_name": "Send the name staff will see (a nickname is fine), up to 30 characters.",
    "reg.bad_name": "Please send a name of 1 to 30 characters as text.",
    "reg.ask_phone": (
        "If you leave a phone number, staff can call you when needed. It is <b>optional</b>.\n"
        "Share it with the button below, or press 'Skip'."
    ),
    "reg.btn_share_phone": "📱 Share my phone number",
    "reg.btn_skip": "Skip",
    "reg.phone_not_own": "Only your own phone number can be used. Please use the button below.",
    "reg.phone_hint": "Press '📱 Share my phone number' below, or 'Skip'.",
    "reg.ask_area": "Send part of the name of your 동, in Hangul (for example 홍제, or 서대문 홍제) or in the official romanisation (Hongje).",
    "area.none": "No 동 matches ‘{query}’. 동 names are searched in Hangul; Latin letters only match the official romanisation (Yeoksam for 역삼). Please try the Hangul name, for example 역삼 or 홍제.",
    "area.many": "‘{query}’ matches {count:,} places. Add the 구 to narrow it (for example 서대문 {query}).",
    "area.pick": "Which one?",
    "area.hint": "Please send the name of the 동 as text, in Hangul or romanised (for example 홍제 or Hongje).",
    "area.button": "{name} · {district}",
    "reg.done": (
        "You are registered, {name}! 🙌 Home 동: <b>{area}</b>\n"
        "We will tell you when the community centre confirms you. You can flag a neighbour "
        "already: /report"
    ),
    "reg.already": "You are already registered. To flag a neighbour, send /report.",
    "person.not_registered": "Please register first: /start",
    "vol.approved": "✅ The {area} community centre confirmed you as a neighbour watcher. Thank you!",
    # --- report --------------------------------------------------------------------------
    "rep.emergency_q": "First: <b>is anyone in danger right now?</b>",
    "rep.btn_danger_yes": "🚨 Yes, in danger now",
    "rep.btn_danger_no": "No, not urgent",
    "rep.danger_call": (
        "🚨 <b>Call 119 (fire and ambulance) or 112 (police) right now.</b> golmok alerts may "
        "not be handled at once.\nAfter calling, you can continue to tell the community centre too."
    ),
    "rep.ask_category": "What is it about?",
    "cat.isolation": "Possible isolation or withdrawal",
    "cat.elderly_alone": "Older person living alone",
    "cat.mail_piling": "Mail or bills piling up",
    "cat.utilities": "Signs of cut-off utilities or arrears",
    "cat.child_meals": "Child missing meals or care",
    "cat.abuse": "Possible abuse or neglect",
    "cat.housing": "Housing crisis",
    "cat.other": "Other",
    "rep.ask_area": "Which 동 is it in?",
    "form.btn_area_keep": "📍 {area}",
    "form.btn_area_other": "Another 동",
    "form.ask_area_search": "Send part of the name of the 동, in Hangul (for example 홍제) or in the official romanisation (Hongje).",
    "rep.ask_place": (
        "Where, roughly? Write an address or landmark (for example: the blue gate in the alley "
        "behind Hongje market), or share a location with the 📎 button. Up to 200 characters."
    ),
    "form.place_too_long": "The place can be up to {limit:,} characters; yours has {count:,}. Please shorten it.",
    "form.place_hint": "Please write the place as text or share a location.",
    "rep.ask_description": (
        "What did you notice? Describe what you saw, up to {limit:,} characters.\n"
        "Leave out resident registration numbers and anything not needed."
    ),
    "rep.description_too_long": (
        "The description can be up to {limit:,} characters; yours has {count:,}. Nothing was "
        "cut: please shorten it and send it again."
    ),
    "form.button_hint": "Please press one of the buttons below.",
    "form.text_hint": "Please send it as text.",
    # --- text: input with no visible character (messages/text.py visible) ---
    "text.invisible": (
        "That has no visible characters, only blanks or invisible ones. Please write it out and send it again."
    ),
    "rep.ask_photo": "Send a photo if you have one (optional). Please keep faces out of it.",
    "rep.btn_skip_photo": "Continue without a photo",
    "rep.photo_hint": "Send a photo, or press 'Continue without a photo'.",
    "rep.ask_contact": "May community-centre staff contact you if they need to?",
    "rep.btn_contact_ok": "Yes, they may contact me",
    "rep.btn_anonymous": "Stay anonymous (staff do not see me)",
    "rep.preview": (
        "<b>Please check before sending</b>\n\n"
        "Category: {category}\n"
        "동: {area}\n"
        "Place: {place}\n"
        "What you noticed: {description}\n"
        "Photo: {photo}\n"
        "Contact: {contact}\n\n"
        "⚠️ Leave out resident registration numbers, diagnoses and other details not needed."
    ),
    "form.location_shared": "shared location",
    "rep.photo_yes": "attached",
    "rep.photo_no": "none",
    "rep.contact_yes": "staff may contact me",
    "rep.contact_no": "anonymous",
    "form.btn_send": "✅ Send",
    "form.btn_edit": "✏️ Edit",
    "form.btn_cancel": "Cancel",
    "form.edit_which": "What would you like to change?",
    "rep.field_category": "Category",
    "rep.field_area": "동",
    "rep.field_place": "Place",
    "rep.field_description": "Description",
    "rep.field_photo": "Photo",
    "rep.field_contact": "Contact",
    "rep.receipt": (
        "✅ Received. Reference: <b>{ref}</b>\n"
        "It goes to the {area} community centre. We will tell you when its status changes. "
        "See /myreports"
    ),
    "rep.already_sent": "This report was already sent. Reference: <b>{ref}</b>",
    "form.command_hint": "You are writing a report. To stop, send /cancel.",
    "rep.limit_reached": "You cannot send more today (limit {limit} a day). If it is urgent, please call the community centre.",
    # --- statuses and the volunteer's view -----------------------------------------------
    "status.received": "received",
    "status.checking": "being checked",
    "status.in_progress": "action under way",
    "status.closed": "closed",
    "status.transferred": "not our area",
    "rep.told_status": "📬 Report <b>{ref}</b> is now <b>{status}</b>.",
    "rep.told_transferred": (
        "📬 Report <b>{ref}</b>: <b>not our area</b>. It was passed to the {area} community "
        "centre, which will handle it."
    ),
    "rep.told_duplicate": "📬 Report <b>{ref}</b>: the same case was already reported and is handled with it (<b>closed</b>).",
    "myreports.header": "<b>Your reports</b> (latest {count})",
    "myreports.line": "• <b>{ref}</b> · {category} · {status} · {date}",
    "myreports.empty": "You have not reported anything yet. To flag a neighbour: /report",
    # --- staff alert ---------------------------------------------------------------------
    "alert.new": (
        "🔔 <b>Neighbour alert {ref}</b>\n"
        "Category: {category}\n"
        "동: {area}\n"
        "Received: {time}\n"
        "Reporter: {reporter}\n"
        "Status: <b>{status}</b> · Taken by: {assignee}"
    ),
    "alert.transferred_note": "\n↪️ Transferred from {area}.",
    "alert.moved_away": "\n➡️ Transferred to {area}.",
    "alert.retired_area": (
        "⚠️ <b>{area} was split or merged in a 행정동 reorganisation and is no longer in the table.</b> "
        "Sending to the admins until its new 동 is chosen: use /areas.\n\n"
    ),
    "alert.no_centre": (
        "⚠️ <b>No community-centre chat is linked for {area}.</b> Sending to the admins "
        "instead. Invite staff with /invite and run /link in their group.\n\n"
    ),
    "alert.reporter_verified": "verified volunteer",
    "alert.reporter_unverified": "not yet verified",
    "alert.reporter_anonymous": "anonymous (no contact)",
    "alert.nobody": "nobody",
    "alert.btn_take": "🙋 Take",
    "alert.btn_status": "🔄 Status",
    "alert.btn_details": "🔒 Details (private)",
    "form.btn_back": "← Back",
    "alert.btn_note": "📝 Note",
    "alert.btn_duplicate": "🔁 Duplicate",
    "alert.btn_transfer": "➡️ Transfer to another 동",
    "alert.btn_block": "🚫 Block this reporter",
    "staff.blocked": "This reporter can no longer send reports. (Written to the access log.)",
    "rep.blocked": "You cannot send reports through golmok at the moment. Please call the community centre about a neighbour in need.",
    "details": (
        "🔒 <b>{ref}</b> details (staff only; this view is logged)\n\n"
        "Category: {category}\n"
        "동: {area}\n"
        "Received: {time}\n"
        "Status: <b>{status}</b> · Taken by: {assignee}\n"
        "Place: {place}\n"
        "What was noticed: {description}\n"
        "Reporter: {reporter}"
    ),
    "details.reporter_contact": "{name} ({verified}) · phone {phone} · {link}",
    "details.reporter_link": "contact on Telegram",
    "details.no_phone": "none",
    "details.notes_header": "<b>Notes</b>",
    "details.note_line": "• {time} {author}: {text}",
    "details.duplicate_of": "\nDuplicate of {ref}",
    "role.not_authorised": "Not allowed: only staff of this community centre can do this.",
    "private.start_first": "Please start a private chat with me first (tap my name, then Start), then press again.",
    "private.sent": "Sent to you in a private chat.",
    "staff.taken": "You took it.",
    "staff.status_set": "Status set to '{status}'.",
    "staff.status_menu": "Choose the new status.",
    "staff.unchanged": "It already has that status.",
    "vol.unchanged": "It already has that status.",
    # --- staffx: taking over, blocking with confirmation and undo ---
    "staff.take_held": "{name} has taken this report. To take it over, press ‘✅ Take over’ below.",
    "staff.btn_takeover": "✅ Take over",
    "staff.taken_over": "You took it over. {name} has been told.",
    "staff.taken_from_you": "🔁 <b>{ref}</b>: {name} has taken over this report from you.",
    "staff.already_yours": "You have already taken this report.",
    "staff.block_confirm": "This reporter will no longer be able to send reports. To block them, press ‘🚫 Yes, block’ below.",
    "staff.btn_block_yes": "🚫 Yes, block",
    "staff.btn_unblock": "↩️ Unblock this reporter",
    "staff.block_anonymous": "This report is anonymous, so nothing can be done about its reporter: anonymous reporters are hidden from staff too.",
    "staff.block_already": "This reporter is already blocked.",
    "staff.not_blocked": "This reporter is not blocked.",
    "staff.unblocked": "Unblocked: this reporter can send reports again. (Written to the access log.)",
    "details.reporter_blocked": "\n🚫 This reporter is blocked from sending reports.",
    "note.ask": "Send the note for <b>{ref}</b> (staff only, up to {limit:,} characters). To stop: /cancel",
    "note.saved": "Note saved: <b>{ref}</b>",
    "note.too_long": "A note can be up to {limit:,} characters; yours has {count:,}.",
    "dup.ask": "Send the reference of the original report that <b>{ref}</b> duplicates (for example 홍제1동-2026-0001).",
    "dup.not_found": "No report ‘{query}’ found at this centre. Please check the reference.",
    "dup.self": "A report cannot be a duplicate of itself.",
    "dup.saved": "<b>{ref}</b> marked as a duplicate of <b>{original}</b> and closed.",
    "transfer.ask": "Send part of the name of the 동 to transfer <b>{ref}</b> to, in Hangul or romanised (for example 홍은 or Hongeun).",
    "transfer.same": "The report is already in that 동.",
    "transfer.saved": "<b>{ref}</b> transferred to {area}.",
    "open.header": "<b>Open reports</b> · {area} ({count}, oldest first)",
    "open.line": "• <b>{ref}</b> · {category} · {status} · {age} · taken by {assignee}",
    "open.empty": "{area}: no open reports. 👍",
    "role.not_staff": "Only community-centre staff can see this.",
    # --- routing: /open where it belongs, every entry actionable --------------------------
    "role.not_alert_chat": (
        "This group is not a community centre's alert chat. Use /open in the alert chat or in a "
        "private chat with me."
    ),
    "open.header_no_centre": (
        "<b>Open reports</b> · {area} ({count}, oldest first)\n⚠️ No linked community-centre group: "
        "admins, please handle these."
    ),
    "open.admin_empty": "No open reports in 동 without a linked community-centre group. 👍",
    "open.btn_card": "📋 {ref}",
    "age.minutes": "{n} min ago",
    "age.hours": "{n} h ago",
    "age.days": "{n} days ago",
    # --- volunteers for staff ------------------------------------------------------------
    "vol.new": "🙋 New volunteer: <b>{name}</b> ({area})",
    "vol.btn_approve": "✅ Approve",
    "vol.staff_approved": "🙋 Volunteer <b>{name}</b> ({area}) · ✅ approved by {by}",
    "vol.approve_done": "Approved.",
    # --- centres, invites and staff management -------------------------------------------
    "areas.none": "No 동 is waiting to be reassigned after a 행정동 reorganisation: every stored code is in the current table.",
    "areas.header": "⚠️ {count} stored 동 were split or merged in a 행정동 reorganisation and are not in the current table. Their reports go to the admins until you choose where their centre and people go.",
    "areas.item": "<b>{old}</b> ({code})\ncentres {centres} · staff {staff} · volunteers {volunteers} · open reports {open_reports}",
    "areas.no_successor": "\nNo successor was found. Choose one with <code>/areas {code} name of the 동</code>.",
    "areas.choose": "Where should the centre and people of <b>{old}</b> go?",
    "areas.moved": "✅ <b>{old}</b> → <b>{new}</b>: moved {centres} centre(s), {staff} staff, {volunteers} volunteers and {open_reports} open reports.",
    "areas.unknown_code": "<code>{code}</code> is not the code of a reorganised 동. Copy the code from the /areas list.",
    "areas.bad_choice": "This button can no longer be used. Send /areas again.",
    "areas.centre_exists": "Both 동 have a centre. Sort one of them out first, then try again.",
    "role.admin_only": "Only admins can use this.",
    "invite.usage": "Add the name of the 동, for example: /invite 홍제1동",
    "invite.created": (
        "🎟 Staff invite code for <b>{area}</b>: <code>{code}</code>\n"
        "Valid until {expires}, once. The recipient taps this link to be enrolled at once:\n{link}\n"
        "(or sends /join {code} to me in a private chat)."
    ),
    "group.welcome": (
        "👋 Hello, this is <b>golmok</b>. It passes on what neighbour watchers report to their community centre's staff.\n"
        "If this is the centre's staff group, an invited staff member sends /link here, and new reports for their 동 "
        "come to this group. Do not link a residents' group: reports are for staff only."
    ),
    "reglink.none": "You are not staff of any 동. Only community-centre staff can make a registration link.",
    "reglink.item": "📮 Volunteer registration link for <b>{area}</b>: {link}\nWhoever starts with it registers with {name} as their 동.",
    "reg.area_from_link": "Your 동: <b>{area}</b> (set by the registration link).",
    "join.usage": "Add the invite code you received, for example: /join ABCD-EFGH-JK",
    "join.ok": (
        "✅ You are now staff of the <b>{area}</b> community centre.\n"
        "Add me to your centre's staff group and send /link there."
    ),
    "join.bad": "That code is not valid. Please check it.",
    "join.expired": "That code has expired or was already used. Please ask an admin for a new one.",
    "join.throttled": "Too many wrong codes. Please try again in {minutes} minutes.",
    "link.not_staff": "Only community-centre staff can link a group. Register with /join first.",
    "link.pick": (
        "Which community centre's report alerts should this group (<b>{title}</b>) receive? "
        "Pressing one sends new alerts and the /open list here. Do not press if residents are in "
        "this group."
    ),
    "link.taken": "This group is already the alert chat of another community centre. Only its staff or an admin can change that.",
    "auto.usage": "Automatic approval of meetings: /autoapprove on or /autoapprove off",
    "auto.on": "{area}: meeting proposals are now approved at once and announced.",
    "auto.off": "{area}: meeting proposals now wait for staff approval.",
    "link.done": "✅ This group is now the alert chat of the <b>{area}</b> community centre. New reports arrive here.",
    # --- routing: /link confirmation, the old group told, the reports not yet alerted ------
    "link.confirm": (
        "🔔 Make this group (<b>{title}</b>) the report alert chat of the <b>{area}</b> community "
        "centre?\nNew alerts and the /open list will then appear here. Do not confirm if residents "
        "are in this group."
    ),
    "link.current": "\nAlerts go to ‘{title}’ now.",
    "link.btn_confirm": "✅ Send alerts here",
    "link.untitled": "untitled group",
    "link.moved_away": (
        "ℹ️ Report alerts of the <b>{area}</b> community centre now go to ‘{title}’. "
        "No new alerts will arrive in this group."
    ),
    "link.serves": (
        "\n⚠️ This group is the alert chat of the <b>{area}</b> community centre now. If you pick "
        "another 동, that centre's alerts go to the admins (until it links another group with /link)."
    ),
    "link.displaced": (
        "\n⚠️ Alerts of the <b>{area}</b> community centre go to the admins now. Run /link in that "
        "centre's own group."
    ),
    "link.backlog": "\n{count} open report(s) that had not reached a staff group yet were sent here.",
    "admin.staff_header": "<b>Staff</b> ({count})",
    "admin.staff_line": "• {name} (<code>{user_id}</code>) · {area}",
    "admin.staff_empty": "No staff yet. Invite someone with /invite.",
    "admin.btn_revoke": "Revoke: {name} · {area}",
    "admin.revoked": "Revoked {name}'s staff access for {area}.",
    "admin.already_revoked": "That access was already revoked.",
    # --- alley meetings ---------------------------------------------------------------------
    "menu.meeting": "🗣 Propose a meeting",
    "menu.meetings": "📅 Meetings",
    "weekday.0": "(Mon)",
    "weekday.1": "(Tue)",
    "weekday.2": "(Wed)",
    "weekday.3": "(Thu)",
    "weekday.4": "(Fri)",
    "weekday.5": "(Sat)",
    "weekday.6": "(Sun)",
    "reg.ask_news": "Would you like news of alley meetings (골목회의) in your 동: dates and RSVPs? You can change this later in /settings.",
    "reg.btn_news_yes": "Yes, send me news",
    "reg.btn_news_no": "No thanks",
    "settings.show": "<b>Settings</b>\nMeeting news: {news}\nAlley walk reminder: {nudge}",
    "settings.on": "on",
    "settings.off": "off",
    "settings.btn_on": "Turn meeting news on",
    "settings.btn_off": "Turn meeting news off",
    "settings.saved": "Saved.\nMeeting news: {news}\nAlley walk reminder: {nudge}",
    "mt.ask_title": "Send a title for the meeting, up to {limit} characters (for example: agree on rubbish collection times).",
    "mt.title_too_long": "The title can be up to {limit} characters; yours has {count}.",
    "mt.ask_agenda": "What will you discuss? Up to {limit:,} characters.",
    "mt.agenda_too_long": "The agenda can be up to {limit:,} characters; yours has {count:,}. Please shorten it.",
    "mt.ask_area": "Which 동 is the meeting for?",
    "mt.ask_place": "Where will you meet? Write the place (up to 200 characters) or share a location.",
    "mt.ask_date": "Pick a date, or send the date and time (for example 2026-11-28 19:30 or 11/28 19:30, Korea time).",
    "mt.ask_time": "What time on {date}? Press a button or send a time (for example 19:30).",
    "mt.time_unreadable": "I could not read that date and time. For example: 2026-11-28 19:30 or 11/28 19:30",
    "mt.time_past": "That time has passed. Please choose a future date and time.",
    "mt.time_soon": "Please choose a time at least an hour from now, so neighbours can plan to come.",
    "mt.time_far": "Please choose a date within 90 days.",
    "mt.ask_format": "How will you meet?",
    "mt.format_alley": "In the alley (on a mat)",
    "mt.format_space": "Café or community space",
    "mt.format_online": "Online",
    "mt.ask_capacity": "Is there a limit on numbers? Send a number or press 'No limit'.",
    "mt.btn_no_limit": "No limit",
    "mt.capacity_bad": "Please send a number from 2 to 500.",
    "mt.capacity_n": "{n} people",
    "mt.capacity_none": "no limit",
    "mt.preview": "<b>Please check before sending</b>\n\n{card}",
    "mt.card": (
        "<b>{title}</b>\n"
        "When: {when}\n"
        "동: {area}\n"
        "Where: {place} · {format}\n"
        "Places: {capacity}\n"
        "Agenda: {agenda}"
    ),
    "mt.support_line": "\n🎁 Community-centre support: {support}",
    "mt.support_room": "a room",
    "mt.support_food": "refreshments",
    "mt.support_publicity": "publicity",
    "mt.field_title": "Title",
    "mt.field_agenda": "Agenda",
    "mt.field_area": "동",
    "mt.field_place": "Place",
    "mt.field_when": "Date and time",
    "mt.field_format": "Format",
    "mt.field_capacity": "Places",
    "mt.proposed": "✅ Proposal sent: <b>{title}</b>\nWe will tell you when the community centre has looked at it.",
    "mt.proposed_auto": "✅ <b>{title}</b> is confirmed and neighbours have been told.",
    "mt.limit_reached": "You can propose up to {limit} meetings a week. Please try again next week.",
    "mt.proposal_header": "🗣 <b>Meeting proposal</b>\n",
    "mt.proposal_approved": "\n\n✅ approved by {by}",
    "mt.proposal_changes": "\n\n✏️ {by}: changes requested",
    "mt.proposal_declined": "\n\n❌ {by}: declined",
    "mt.btn_approve": "✅ Approve",
    "mt.btn_support": "🎁 Approve with support",
    "mt.btn_changes": "✏️ Ask for changes",
    "mt.btn_decline": "❌ Decline",
    "mt.support_menu": "What support will you offer?",
    "mt.approved_done": "Approved. Neighbours are being told.",
    "mt.already_decided": "This meeting has already been dealt with.",
    "mt.write_changes": "✏️ Write the change request",
    "mt.write_decline": "❌ Write the reason",
    "mt.dm_respond": "{card}\n\nPress the button below, then send your text.",
    "mt.ask_comment": "<b>{title}</b>: send the text for the proposer (up to {limit:,} characters).",
    "mt.comment_limit": "Please send 1 to {limit:,} characters.",
    "mt.responded": "Sent.",
    "mt.told_approved": "🎉 Your meeting <b>{title}</b> was approved. Neighbours have been told.",
    "mt.told_approved_support": "🎉 Your meeting <b>{title}</b> was approved. The community centre offers: {support}",
    "mt.told_changes": "✏️ The community centre asks for changes to <b>{title}</b>:\n{comment}\nPlease propose it again with /meeting.",
    "mt.told_declined": "The community centre cannot support <b>{title}</b> this time. Reason: {comment}",
    "mt.announce": "📣 <b>Alley meeting</b>\n",
    "mt.btn_going": "Going",
    "mt.btn_interested": "Interested",
    "mt.btn_no": "Can't go",
    "mt.btn_calendar": "📅 Add to calendar",
    "mt.rsvp_going": "You are going.",
    "mt.rsvp_waitlist": "It is full: you are number {position} on the waitlist. We will tell you if a place frees up.",
    "mt.rsvp_interested": "Marked as interested.",
    "mt.rsvp_no": "Marked as can't go.",
    "mt.not_open": "This meeting is not taking answers.",
    "mt.already_started": "This meeting has already started or ended.",
    "mt.promoted": "🎉 A place freed up! You are now going to <b>{title}</b> ({when}).",
    "mt.cancelled": "❌ The meeting <b>{title}</b> ({when}) was cancelled.",
    "mt.cancelled_staff": "❌ Meeting cancelled: <b>{title}</b> ({when})",
    "mt.moved": "🕒 The meeting <b>{title}</b> moved: {before} → <b>{when}</b>",
    "mt.remind_day": "⏰ Tomorrow: <b>{title}</b> · {when} · {place}",
    "mt.remind_hour": "⏰ In one hour: <b>{title}</b> · {when} · {place}",
    "mt.organiser_count": "📋 Tomorrow's <b>{title}</b>: {going} going, {waitlist} waiting, {interested} interested",
    "mt.ask_outcome": "🗒 How did <b>{title}</b> go? Record what was decided and we will share it with the attendees and the community centre.",
    "mt.btn_outcome": "📝 Record the outcome",
    "mt.ask_summary": "<b>{title}</b>: send a short summary.",
    "mt.ask_decisions": "What was decided? Press 'None' if nothing.",
    "mt.ask_requests": "Any requests to the community centre? Press 'None' if none.",
    "mt.btn_none": "None",
    "mt.none": "none",
    "mt.outcome": "🗒 <b>Meeting outcome: {title}</b>\nSummary: {summary}\nDecisions: {decisions}\nRequests to the centre: {requests}",
    "mt.outcome_saved": "Outcome saved. It goes to the attendees and the community centre. Thank you!",
    "mt.list_upcoming": "<b>Upcoming meetings</b>",
    "mt.list_past": "<b>Past meetings</b>",
    "mt.list_empty": "No meetings planned in your 동. To propose one: /meeting",
    "mt.list_line": "• <b>{title}</b> · {when} · {status}",
    "mt.list_answer": " · your answer: {answer}",
    "mt.list_counts": "\n   going {going} · waiting {waitlist} · interested {interested} · can't go {no}",
    "mt.list_names": "\n   attendees: {names}",
    "mt.list_outcome": "\n   outcome: {summary}",
    "mt.status_proposed": "awaiting the centre",
    "mt.status_changes": "changes requested",
    "mt.status_approved": "confirmed",
    "mt.status_declined": "declined",
    "mt.status_cancelled": "cancelled",
    "mt.answer_going": "going",
    "mt.answer_waitlist": "waitlist",
    "mt.answer_interested": "interested",
    "mt.answer_no": "can't go",
    "mt.btn_cancel_meeting": "Cancel: {title}",
    "mt.btn_move_meeting": "Move: {title}",
    "mt.confirm_cancel": "Really cancel <b>{title}</b>? Everyone going and waiting will be told.",
    "mt.btn_confirm_cancel": "Yes, cancel it",
    "mt.cancel_done": "Cancelled. Everyone was told.",
    "mt.ask_new_time": "Send the new date and time for <b>{title}</b> (for example 2026-11-28 19:30).",
    "mt.move_done": "Moved. Everyone going and waiting was told.",
    "mt.ics_caption": "📅 {title}",
    # --- privacy --------------------------------------------------------------------------
    "privacy.mydata_caption": "Everything golmok stores about you (a JSON file).",
    "person.notice_changed": "The privacy notice has changed. To continue, please review it with /start.",
    "reg.reconsent_done": "Thank you. You agreed to the new privacy notice (version {version}).",
    "reg.reconsent_declined": "Understood. Without agreeing to the new notice you cannot keep using golmok. To delete what is stored, send /forget; to flag a neighbour in need, call the community centre.",
    "forget.confirm": "Really leave? Your name, phone number, 동 and meeting answers will be deleted. Reports you sent stay with the community centre, no longer linked to you.",
    "forget.btn_yes": "Yes, delete it",
    "forget.btn_no": "No",
    "forget.kept": "Nothing was changed.",
    "forget.done": "Deleted. Thank you for everything. To come back: /start",
    "forget.nothing": "There is no registration to delete.",
    # --- privacy: /forget takes the person's name out of what others were sent ---
    "forget.staff_told": "🙋 A volunteer who has left ({area}) · their details were deleted",
    "forget.placeholder": "(former user)",
    "accesslog.usage": "For example: /accesslog (all) · /accesslog 홍제1동 · /accesslog 123456789 (a person)",
    "accesslog.empty": "Nothing recorded.",
    "accesslog.header": "<b>Access log</b> (latest {count})",
    "accesslog.line": "• {time} · {actor} (<code>{actor_id}</code>) · {action} · {ref} · person {target} · {area}",
    "inactive.warning": "👋 You have not used golmok for a long time. Your registration will be deleted on {date} ({days} days left). To stay, just send me any message.",
    # --- insight ---------------------------------------------------------------------------
    "stats.everything": "everything",
    "stats.text": (
        "📊 <b>Statistics: {scope}</b>\n"
        "Received {received} · median time until taken {hours} h\n"
        "Closed within 7 days {p7} · within 14 days {p14} (의정부 road checking: 64.7%)\n"
        "By category: {categories}\n"
        "By month: {months}\n"
        "Meetings: proposed {proposed} · held {held} · attendance {attendance}"
    ),
    "export.usage": "For example: /export (last 30 days) · /export 2026-11 · /export 2026-11-01 2026-11-30",
    "export.caption": "{area} reports (CSV with personal details: handle with care; this export is logged)",
    # --- outreach: campaigns and walk nudges -----------------------------------------------
    "cp.choose_area": "Which neighbourhood's volunteers should receive it?",
    "cp.ask": "Write the message for every approved volunteer of <b>{area}</b> (up to {limit:,} characters). You will see a preview before anything is sent. To stop: /cancel",
    "cp.empty": "The message is empty. Please write something.",
    "cp.too_long": "A message can be up to {limit:,} characters; yours has {count:,}. Please shorten it and send it again. Nothing was sent.",
    "cp.preview": "<b>Preview</b> · recipients: <b>{count}</b> approved volunteers of {area}\nThey will receive:\n\n",
    "cp.preview_quiet": "\n\n🌙 It is quiet hours now; sending starts at {when}.",
    "cp.no_recipients": "<b>{area}</b> has no approved volunteers yet, so there is nobody to send to. Nothing was sent.",
    "cp.message": "📣 <b>Notice from the {area} community centre</b>\n\n{text}",
    "cp.progress": "📣 Sending the notice: <b>{sent} / {total}</b> sent.",
    "cp.progress_quiet": "📣 The notice to {total} volunteers is ready. Sending starts when quiet hours end, at {when}. ({sent} / {total})",
    "cp.progress_done": "📣 The notice has gone out: <b>{sent} / {total}</b> sent. Not delivered: {failed} (blocked the bot or left).",
    "cp.btn_send": "📣 Send",
    "cp.btn_edit": "✏️ Edit the text",
    "cp.btn_cancel": "Cancel",
    "cp.button_hint": "Please choose with the buttons below: send, edit the text, or cancel.",
    "nudge.off": "off",
    "nudge.weekly": "weekly",
    "nudge.monthly": "monthly",
    "settings.btn_nudge_weekly": "🚶 Walk reminder weekly",
    "settings.btn_nudge_monthly": "🚶 Walk reminder monthly",
    "settings.btn_nudge_off": "Walk reminder off",
    "settings.nudge_unregistered": "Walk reminders are for registered volunteers. Register with /start.",
    "nudge.message": (
        "🚶 <b>Time for an alley walk?</b>\nTake a walk around {area} today and look out for your neighbours: "
        "mail piling up at a door, an older neighbour nobody has seen for a while, unpaid notices. "
        "If something worries you, let the community centre know.\n\n"
        "Change this reminder: /settings"
    ),
    "chart.title": "Reports per month and closed within 14 days (last 12 months)",
    "chart.received": "Received",
    "chart.resolved": "Of those, closed within 14 days",
    "chart.months": "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec",
    "stats.chart_caption": "📊 {scope}: reports received per month (blue) and of those closed within 14 days (green), last 12 months",
    # --- scheduler ------------------------------------------------------------------------
    "remind.unassigned": "⏰ <b>Nobody has taken this report for over {hours} hours</b>: <b>{ref}</b> · {category} · {area}",
    "remind.escalate": "🚨 <b>Nobody has taken this report for over {hours} hours</b>: <b>{ref}</b> · {category} · {area}. Please check with the centre.",
    "digest": "☀️ <b>{area} morning summary</b> ({date})\n• New reports in the last 24 hours: {new}\n• Open: {open}\n• Untaken for too long: {overdue}\nDetails: /open",
    "digest.meetings": "\n\n<b>This week's meetings</b>\n",
    "digest.meeting": "• {when} {title}",
    # --- delivery problems ---------------------------------------------------------------
    "admin.centre_unlinked": (
        "⚠️ The {area} community centre has no alert chat now: ‘{title}’ became another 동's alert "
        "chat. Its alerts go to the admins until its staff run /link in their group."
    ),
    "admin.chat_unreachable": (
        "⚠️ I cannot post in the {area} community-centre group (the bot was removed or blocked). "
        "Its alerts now go to the admins. Add the bot back and run /link there."
    ),
    "admin.user_unreachable": "⚠️ I cannot reach {name} (<code>{user_id}</code>): they blocked the bot. Their notifications are stopped until they talk to me again.",
    # --- sender: a person who has not started the bot yet ---
    "admin.user_not_started": "⚠️ I cannot reach {name} (<code>{user_id}</code>): they have not started a chat with me yet. Their notifications are kept and go out as soon as they send me /start.",
    "admin.rerouted": "⚠️ The {area} group is unreachable, so this goes to the admins.\n\n",
    "time.format": "%Y-%m-%d %H:%M",
}
