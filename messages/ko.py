"""Korean texts (the default). Keys are shared with en.py; HTML parse mode."""

TEXTS: dict[str, str] = {
    # --- general -------------------------------------------------------------------------
    "start.greeting": (
        "안녕하세요, {name}님! 🏘 <b>골목</b>이에요.\n\n"
        "골목은 동네 이웃이 서로를 살피도록 돕는 봇이에요. 시민찾동이(이웃 살피미)가 도움이 필요해 "
        "보이는 이웃을 동주민센터에 알리고, 처리 결과를 들을 수 있어요. 골목회의도 함께 열 수 있어요.\n\n"
        "{emergency}"
    ),
    "emergency.note": (
        "🚨 <b>골목은 긴급 신고용이 아니에요.</b> 지금 위험한 사람이 있다면 바로 "
        "<b>119</b>(화재·구급) 또는 <b>112</b>(경찰)에 전화하세요."
    ),
    "start.unregistered": "이웃을 알리려면 먼저 가입해 주세요. 개인정보 안내를 보여 드릴게요.",
    "start.registered": "무엇을 할까요?",
    "menu.register": "📝 가입하기",
    "menu.report": "🔔 이웃 알리기",
    "menu.myreports": "📋 내 신고",
    "menu.language": "🌐 Language",
    "help": (
        "<b>명령어</b>\n"
        "/report 도움이 필요해 보이는 이웃 알리기\n"
        "/myreports 내가 알린 내용과 처리 상태\n"
        "/mydata 내 정보 받기 · /forget 탈퇴\n"
        "/meeting 골목회의 제안 · /meetings 우리 동 골목회의 · /settings 소식·산책 알림 설정\n"
        "/language 언어 바꾸기 (한국어/English)\n"
        "/cancel 지금 하던 일 그만두기 · /myid 내 사용자 번호\n\n"
        "<b>동주민센터 직원</b>\n"
        "/join 초대 코드로 직원 등록 · /link 직원 단톡방 연결 · /open 처리 중인 신고\n"
        "/stats 통계와 그래프 · /export CSV 내려받기 · /campaign 시민찾동이 모두에게 안내 보내기\n"
        "/reglink 우리 동 시민찾동이 가입 링크"
    ),
    "cmd.report": "도움이 필요해 보이는 이웃 알리기",
    "cmd.myreports": "내가 알린 내용과 처리 상태",
    "cmd.meeting": "골목회의 제안하기",
    "cmd.meetings": "우리 동 골목회의",
    "cmd.open": "처리 중인 신고 (직원)",
    "cmd.stats": "통계와 그래프 (직원)",
    "cmd.export": "신고 CSV 내려받기 (직원)",
    "cmd.campaign": "시민찾동이 모두에게 안내 (직원)",
    "cmd.reglink": "우리 동 시민찾동이 가입 링크 (직원)",
    "cmd.link": "이 단톡방을 동주민센터 알림방으로 연결",
    "cmd.autoapprove": "골목회의 제안 자동 승인 켜기/끄기",
    "cmd.invite": "직원 초대 링크와 코드 (관리자)",
    "cmd.staff": "직원 목록과 권한 회수 (관리자)",
    "cmd.areas": "개편된 행정동 정리 (관리자)",
    "cmd.accesslog": "열람 기록 (관리자)",
    "cmd.settings": "소식·산책 알림 설정",
    "cmd.language": "언어 바꾸기 (한국어/English)",
    "cmd.mydata": "내 정보 받기",
    "cmd.forget": "탈퇴하고 내 정보 지우기",
    "cmd.cancel": "지금 하던 일 그만두기",
    "cmd.help": "명령어 안내",
    "cmd.myid": "내 텔레그램 사용자 번호",
    "bot.description": '골목은 서울 찾동(찾아가는 동주민센터)의 시민찾동이가 도움이 필요해 보이는 이웃을 동주민센터에 알리고, 골목회의를 함께 여는 봇이에요. 알린 내용은 그 동의 담당 직원만 봐요.\n\n⚠️ 지금 위험한 상황이면 봇 대신 119(화재·구급) 또는 112(경찰)에 바로 전화하세요.',
    "bot.short_description": '이웃 돌봄 알림과 골목회의 · 긴급하면 119/112',
    "myid": "내 텔레그램 사용자 번호: <code>{user_id}</code>\n관리자로 지정하려면 이 번호를 ADMIN_USER_IDS에 넣으세요.",
    "lang.choose": "언어를 고르세요. / Choose your language.",
    "lang.btn_ko": "한국어",
    "lang.btn_en": "English",
    "lang.set": "이제 한국어로 안내할게요.",
    # --- staffx: the language of a centre's staff group ---
    "lang.group_choose": "이 단톡방의 알림 언어를 고르세요. 지금: {current}\nChoose the language of this group's alerts.",
    "lang.group_set": "이 단톡방은 이제 한국어로 알림을 받아요.",
    "group.language_not_staff": "이 단톡방의 동주민센터 직원이나 관리자만 알림 언어를 바꿀 수 있어요.",
    "group.language_unlinked": "이 단톡방은 아직 동주민센터에 연결되지 않았어요. 직원이 이 방에서 /link 하면 알림 언어를 고를 수 있어요.",
    "cancel.done": "그만뒀어요. 입력하신 내용은 저장하지 않았어요.",
    "cancel.nothing": "지금 진행 중인 일이 없어요.",
    "error.generic": "죄송해요, 처리하는 중에 문제가 생겼어요. 잠시 후 다시 해 주세요.",
    "private.only": "이 기능은 저와의 1:1 대화에서 써 주세요.",
    "group.only": "이 명령은 동주민센터 직원 단톡방에서 써 주세요.",
    "button.expired": "지난 버튼이에요. 처음부터 다시 해 주세요.",
    # --- buttons: presses that do not fit (another chat, an earlier question) ---
    "button.old": "지난 질문의 버튼이에요. 가장 아래의 질문에 답해 주세요.",
    "button.not_here": "이 버튼은 여기서는 쓸 수 없어요. 봇과의 1:1 대화에서 해 주세요.",
    # --- registration --------------------------------------------------------------------
    "reg.notice": (
        "<b>개인정보 수집·이용 안내</b> (버전 {version})\n\n"
        "• <b>목적</b>: 시민찾동이 활동(이웃 위기 알림 전달, 처리 결과 안내, 골목회의 소식)\n"
        "• <b>수집 항목</b>: 텔레그램 사용자 번호, 표시 이름, 사는 동, 전화번호(선택)\n"
        "• <b>보관 기간</b>: 탈퇴할 때까지, 또는 마지막 활동 후 {retention_days}일\n"
        "• <b>보는 사람</b>: 내가 알린 동의 동주민센터 담당 직원만\n"
        "• <b>거부할 권리</b>: 동의하지 않아도 돼요. 다만 그러면 가입할 수 없고, 이웃 알림은 "
        "동주민센터에 전화하거나 방문해서 해 주셔야 해요.\n\n"
        "동의하시나요?"
    ),
    "reg.btn_agree": "✅ 동의합니다",
    "reg.btn_decline": "동의하지 않습니다",
    "reg.declined": (
        "알겠어요. 개인정보는 저장하지 않았어요.\n"
        "도움이 필요한 이웃은 가까운 동주민센터에 전화하거나 방문해서, 또는 120 다산콜센터로 알려 "
        "주세요. 마음이 바뀌면 언제든 /start 를 눌러 주세요."
    ),
    "reg.ask_name": "동주민센터 직원에게 보일 이름(별명도 괜찮아요)을 보내 주세요. 30자까지예요.",
    "reg.bad_name": "이름은 1~30자의 글자로 보내 주세요.",
    "reg.ask_phone": (
        "전화번호를 남기면 직원이 필요할 때 연락할 수 있어요. <b>선택 사항</b>이에요.\n"
        "아래 버튼으로 공유하거나 '건너뛰기'를 눌러 주세요."
    ),
    "reg.btn_share_phone": "📱 내 전화번호 공유",
    "reg.btn_skip": "건너뛰기",
    "reg.phone_not_own": "본인 전화번호만 받을 수 있어요. 아래 버튼을 써 주세요.",
    "reg.phone_hint": "아래 '📱 내 전화번호 공유' 버튼을 누르거나 '건너뛰기'를 눌러 주세요.",
    "reg.ask_area": "사는 동 이름의 일부를 보내 주세요. (예: 홍제, 서대문 홍제)",
    "area.none": "‘{query}’{query:과} 맞는 동을 찾지 못했어요. 다른 이름으로 다시 보내 주세요.",
    "area.many": "‘{query}’{query:으로} {count:,}곳이 나와요. 구 이름을 함께 써서 좁혀 주세요. (예: 서대문 {query})",
    "area.pick": "어느 동인가요?",
    "area.hint": "동 이름을 글자로 보내 주세요. (예: 홍제)",
    "area.button": "{name} · {district}",
    "reg.done": (
        "가입했어요, {name}님! 🙌 사는 동: <b>{area}</b>\n"
        "동주민센터에서 확인하면 알려 드릴게요. 확인 전에도 이웃을 알릴 수 있어요: /report"
    ),
    "reg.already": "이미 가입하셨어요. 이웃을 알리려면 /report 를 보내 주세요.",
    "person.not_registered": "먼저 가입해 주세요: /start",
    "vol.approved": "✅ {area} 동주민센터에서 시민찾동이로 확인했어요. 고마워요!",
    # --- report --------------------------------------------------------------------------
    "rep.emergency_q": "먼저 확인할게요. <b>지금 당장 위험한 사람이 있나요?</b>",
    "rep.btn_danger_yes": "🚨 네, 지금 위험해요",
    "rep.btn_danger_no": "아니요, 급하지 않아요",
    "rep.danger_call": (
        "🚨 <b>지금 바로 119(화재·구급) 또는 112(경찰)에 전화하세요.</b> 골목 알림은 바로 "
        "처리되지 않을 수 있어요.\n전화한 뒤에 동주민센터에도 알리려면 계속 작성해 주세요."
    ),
    "rep.ask_category": "어떤 일인가요?",
    "cat.isolation": "고립·은둔 의심",
    "cat.elderly_alone": "홀몸 어르신 안부",
    "cat.mail_piling": "우편물·고지서 쌓임",
    "cat.utilities": "단전·단수·체납 징후",
    "cat.child_meals": "끼니·돌봄 공백 아동",
    "cat.abuse": "학대·방임 의심",
    "cat.housing": "주거 위기",
    "cat.other": "기타",
    "rep.ask_area": "어느 동의 일인가요?",
    "form.btn_area_keep": "📍 {area}",
    "form.btn_area_other": "다른 동 찾기",
    "form.ask_area_search": "동 이름의 일부를 보내 주세요. (예: 홍제)",
    "rep.ask_place": (
        "대략적인 위치를 알려 주세요. 주소나 눈에 띄는 곳(예: 홍제시장 뒤 골목 파란 대문)을 글로 "
        "쓰거나, 📎 버튼으로 위치를 공유해 주세요. 200자까지예요."
    ),
    "form.place_too_long": "위치는 {limit:,}자까지 쓸 수 있어요. 지금 {count:,}자예요. 줄여서 다시 보내 주세요.",
    "form.place_hint": "위치를 글로 쓰거나 위치 공유로 보내 주세요.",
    "rep.ask_description": (
        "무엇을 보셨나요? 본 그대로 적어 주세요. {limit:,}자까지예요.\n"
        "주민등록번호처럼 꼭 필요하지 않은 정보는 쓰지 마세요."
    ),
    "rep.description_too_long": (
        "내용은 {limit:,}자까지 쓸 수 있어요. 지금 {count:,}자예요. 잘리지 않도록 줄여서 다시 보내 주세요."
    ),
    "form.button_hint": "아래 버튼 중 하나를 눌러 주세요.",
    "form.text_hint": "글로 적어서 보내 주세요.",
    # --- text: input with no visible character (messages/text.py visible) ---
    "text.invisible": (
        "보이는 글자가 없어요. 빈칸이나 보이지 않는 문자만 들어 있어요. 내용을 글자로 적어서 다시 보내 주세요."
    ),
    "rep.ask_photo": "사진이 있으면 보내 주세요(선택). 사람 얼굴이 나오지 않게 찍어 주세요.",
    "rep.btn_skip_photo": "사진 없이 계속",
    "rep.photo_hint": "사진을 보내거나 '사진 없이 계속'을 눌러 주세요.",
    "rep.ask_contact": "동주민센터 직원이 필요하면 나에게 연락해도 될까요?",
    "rep.btn_contact_ok": "연락해도 돼요",
    "rep.btn_anonymous": "익명으로 (직원에게 내 정보 안 보임)",
    "rep.preview": (
        "<b>보내기 전에 확인해 주세요</b>\n\n"
        "분류: {category}\n"
        "동: {area}\n"
        "위치: {place}\n"
        "내용: {description}\n"
        "사진: {photo}\n"
        "연락: {contact}\n\n"
        "⚠️ 주민등록번호, 병명처럼 꼭 필요하지 않은 정보는 빼 주세요."
    ),
    "form.location_shared": "공유한 위치",
    "rep.photo_yes": "있음",
    "rep.photo_no": "없음",
    "rep.contact_yes": "연락 가능",
    "rep.contact_no": "익명",
    "form.btn_send": "✅ 보내기",
    "form.btn_edit": "✏️ 고치기",
    "form.btn_cancel": "그만두기",
    "form.edit_which": "무엇을 고칠까요?",
    "rep.field_category": "분류",
    "rep.field_area": "동",
    "rep.field_place": "위치",
    "rep.field_description": "내용",
    "rep.field_photo": "사진",
    "rep.field_contact": "연락",
    "rep.receipt": (
        "✅ 접수했어요. 접수 번호: <b>{ref}</b>\n"
        "{area} 동주민센터에 전달할게요. 처리 상태가 바뀌면 알려 드려요. 확인: /myreports"
    ),
    "rep.already_sent": "이미 보낸 신고예요. 접수 번호: <b>{ref}</b>",
    "form.command_hint": "알림을 작성하는 중이에요. 그만두려면 /cancel 을 보내 주세요.",
    "rep.limit_reached": "오늘은 더 보낼 수 없어요(하루 {limit}건). 급한 일은 동주민센터에 전화해 주세요.",
    # --- statuses and the volunteer's view -----------------------------------------------
    "status.received": "접수",
    "status.checking": "확인",
    "status.in_progress": "조치중",
    "status.closed": "종결",
    "status.transferred": "관할 아님",
    "rep.told_status": "📬 신고 <b>{ref}</b>의 처리 상태가 <b>{status}</b>{status:으로} 바뀌었어요.",
    "rep.told_transferred": (
        "📬 신고 <b>{ref}</b>: <b>관할 아님</b>. {area} 동주민센터로 넘겨서 그곳에서 처리해요."
    ),
    "rep.told_duplicate": "📬 신고 <b>{ref}</b>: 이미 접수된 같은 일로 함께 처리하고 있어요. (<b>종결</b>)",
    "myreports.header": "<b>내가 알린 이웃</b> (최근 {count}건)",
    "myreports.line": "• <b>{ref}</b> · {category} · {status} · {date}",
    "myreports.empty": "아직 알린 내용이 없어요. 알리려면 /report",
    # --- staff alert ---------------------------------------------------------------------
    "alert.new": (
        "🔔 <b>이웃 알림 {ref}</b>\n"
        "분류: {category}\n"
        "동: {area}\n"
        "접수: {time}\n"
        "제보자: {reporter}\n"
        "상태: <b>{status}</b> · 담당: {assignee}"
    ),
    "alert.transferred_note": "\n↪️ {area}에서 넘어온 신고예요.",
    "alert.moved_away": "\n➡️ {area}{area:으로} 이관했어요.",
    "alert.retired_area": (
        "⚠️ <b>{area}{area:은} 행정동 개편으로 나뉘거나 합쳐져 지금 표에 없어요.</b> 어느 센터가 맡을지 "
        "정해질 때까지 관리자에게 보내요. /areas 에서 새 동을 정해 주세요.\n\n"
    ),
    "alert.no_centre": (
        "⚠️ <b>{area}에는 연결된 동주민센터 단톡방이 없어요.</b> 관리자에게 대신 보내요. "
        "/invite 로 직원을 초대하고 단톡방에서 /link 해 주세요.\n\n"
    ),
    "alert.reporter_verified": "확인된 시민찾동이",
    "alert.reporter_unverified": "미확인 가입자",
    "alert.reporter_anonymous": "익명 (연락 불가)",
    "alert.nobody": "없음",
    "alert.btn_take": "🙋 맡기",
    "alert.btn_status": "🔄 상태 변경",
    "alert.btn_details": "🔒 자세히 (1:1)",
    "form.btn_back": "← 돌아가기",
    "alert.btn_note": "📝 메모",
    "alert.btn_duplicate": "🔁 중복 표시",
    "alert.btn_transfer": "➡️ 다른 동으로 이관",
    "alert.btn_block": "🚫 제보자 신고 제한",
    "staff.blocked": "이 제보자는 이제 신고를 보낼 수 없어요. (열람 기록에 남았어요)",
    "rep.blocked": "지금은 골목으로 신고를 보낼 수 없어요. 도움이 필요한 이웃은 동주민센터에 전화로 알려 주세요.",
    "details": (
        "🔒 <b>{ref}</b> 자세히 (직원 전용, 열람 기록이 남아요)\n\n"
        "분류: {category}\n"
        "동: {area}\n"
        "접수: {time}\n"
        "상태: <b>{status}</b> · 담당: {assignee}\n"
        "위치: {place}\n"
        "내용: {description}\n"
        "제보자: {reporter}"
    ),
    "details.reporter_contact": "{name} ({verified}) · 전화 {phone} · {link}",
    "details.reporter_link": "텔레그램으로 연락",
    "details.no_phone": "없음",
    "details.notes_header": "<b>메모</b>",
    "details.note_line": "• {time} {author}: {text}",
    "details.duplicate_of": "\n중복: {ref}의 같은 일",
    "role.not_authorised": "권한이 없어요. 이 동주민센터의 직원만 할 수 있어요.",
    "private.start_first": "먼저 저와 1:1 대화를 시작해 주세요(봇 이름을 눌러 '시작'). 그다음 다시 눌러 주세요.",
    "private.sent": "1:1 대화로 보냈어요.",
    "staff.taken": "맡았어요.",
    "staff.status_set": "상태를 '{status}'{status:으로} 바꿨어요.",
    "staff.status_menu": "바꿀 상태를 고르세요.",
    "staff.unchanged": "이미 그 상태예요.",
    "vol.unchanged": "이미 그 상태예요.",
    # --- staffx: taking over, blocking with confirmation and undo ---
    "staff.take_held": "{name}님이 맡고 있어요. 넘겨받으려면 아래 ‘✅ 넘겨받기’를 눌러 주세요.",
    "staff.btn_takeover": "✅ 넘겨받기",
    "staff.taken_over": "넘겨받았어요. {name}님께 알렸어요.",
    "staff.taken_from_you": "🔁 <b>{ref}</b>: {name}님이 담당을 넘겨받았어요.",
    "staff.already_yours": "이미 맡고 있는 신고예요.",
    "staff.block_confirm": "이 제보자는 앞으로 신고를 보낼 수 없게 돼요. 정말 제한하려면 아래 ‘🚫 네, 제한해요’를 눌러 주세요.",
    "staff.btn_block_yes": "🚫 네, 제한해요",
    "staff.btn_unblock": "↩️ 신고 제한 풀기",
    "staff.block_anonymous": "익명 신고라 제보자에게 조치할 수 없어요. 익명 제보자는 직원에게도 보이지 않아요.",
    "staff.block_already": "이미 신고가 제한된 제보자예요.",
    "staff.not_blocked": "신고가 제한된 제보자가 아니에요.",
    "staff.unblocked": "신고 제한을 풀었어요. 이 제보자는 다시 신고를 보낼 수 있어요. (열람 기록에 남았어요)",
    "details.reporter_blocked": "\n🚫 이 제보자는 신고가 제한되어 있어요.",
    "note.ask": "<b>{ref}</b>에 남길 메모를 보내 주세요(직원만 봐요, {limit:,}자까지). 그만두려면 /cancel",
    "note.saved": "메모를 남겼어요: <b>{ref}</b>",
    "note.too_long": "메모는 {limit:,}자까지예요. 지금 {count:,}자예요.",
    "dup.ask": "<b>{ref}</b>{ref:과} 같은 일인 원래 신고의 접수 번호를 보내 주세요. (예: 홍제1동-2026-0001)",
    "dup.not_found": "‘{query}’ 신고를 이 센터에서 찾지 못했어요. 접수 번호를 다시 확인해 주세요.",
    "dup.self": "자기 자신을 중복으로 표시할 수는 없어요.",
    "dup.saved": "<b>{ref}</b>{ref:을} <b>{original}</b>의 중복으로 표시하고 종결했어요.",
    "transfer.ask": "<b>{ref}</b>{ref:을} 넘길 동 이름의 일부를 보내 주세요.",
    "transfer.same": "이미 그 동의 신고예요.",
    "transfer.saved": "<b>{ref}</b>{ref:을} {area}{area:으로} 이관했어요.",
    "open.header": "<b>처리 중인 신고</b> · {area} ({count}건, 오래된 순)",
    "open.line": "• <b>{ref}</b> · {category} · {status} · {age} · 담당 {assignee}",
    "open.empty": "{area}: 처리 중인 신고가 없어요. 👍",
    "role.not_staff": "동주민센터 직원만 볼 수 있어요.",
    # --- routing: /open where it belongs, every entry actionable --------------------------
    "role.not_alert_chat": (
        "이 방은 동주민센터 알림 방이 아니에요. 신고 목록은 알림 방이나 저와의 1:1 대화에서 "
        "/open 으로 볼 수 있어요."
    ),
    "open.header_no_centre": (
        "<b>처리 중인 신고</b> · {area} ({count}건, 오래된 순)\n⚠️ 연결된 동주민센터 방 없음: "
        "관리자가 처리해 주세요."
    ),
    "open.admin_empty": "동주민센터 방이 연결되지 않은 동에 처리 중인 신고가 없어요. 👍",
    "open.btn_card": "📋 {ref}",
    "age.minutes": "{n}분 전",
    "age.hours": "{n}시간 전",
    "age.days": "{n}일 전",
    # --- volunteers for staff ------------------------------------------------------------
    "vol.new": "🙋 새 시민찾동이: <b>{name}</b> ({area})",
    "vol.btn_approve": "✅ 확인(승인)",
    "vol.staff_approved": "🙋 시민찾동이 <b>{name}</b> ({area}) · ✅ {by} 확인",
    "vol.approve_done": "승인했어요.",
    # --- centres, invites and staff management -------------------------------------------
    "areas.none": "행정동 개편으로 나뉘거나 합쳐져 다시 정해야 할 동이 없어요. 모든 코드가 지금 표에 있어요.",
    "areas.header": "⚠️ 행정동 개편으로 나뉘거나 합쳐져 지금 표에 없는 동이 {count}곳 남아 있어요. 이 동의 신고는 정해질 때까지 관리자에게 가요. 센터와 사람들을 옮길 동을 골라 주세요.",
    "areas.item": "<b>{old}</b> ({code})\n센터 {centres} · 직원 {staff} · 시민찾동이 {volunteers} · 처리 중인 신고 {open_reports}",
    "areas.no_successor": "\n이어지는 동을 찾지 못했어요. <code>/areas {code} 동이름</code> 으로 골라 주세요.",
    "areas.choose": "<b>{old}</b>의 센터와 사람들을 어느 동으로 옮길까요?",
    "areas.moved": "✅ <b>{old}</b> → <b>{new}</b>: 센터 {centres}, 직원 {staff}, 시민찾동이 {volunteers}, 처리 중인 신고 {open_reports}건을 옮겼어요.",
    "areas.unknown_code": "<code>{code}</code>: 개편으로 바뀐 행정동 코드가 아니에요. /areas 목록의 코드를 그대로 써 주세요.",
    "areas.bad_choice": "이 버튼은 더 쓸 수 없어요. /areas 를 다시 보내 주세요.",
    "areas.centre_exists": "두 동 모두 센터가 있어요. 한쪽 센터를 정리한 뒤 다시 해 주세요.",
    "role.admin_only": "관리자만 쓸 수 있어요.",
    "invite.usage": "초대할 동 이름을 함께 보내 주세요. 예: /invite 홍제1동",
    "invite.created": (
        "🎟 <b>{area}</b> 직원 초대 코드: <code>{code}</code>\n"
        "{expires}까지, 한 번만 쓸 수 있어요. 받은 사람이 이 링크를 누르면 바로 등록돼요:\n{link}\n"
        "(또는 저와의 1:1 대화에 /join {code} 을 보내도 돼요.)"
    ),
    "group.welcome": (
        "👋 안녕하세요, <b>골목</b>이에요. 시민찾동이가 알린 이웃 소식을 동주민센터 직원에게 전하는 봇이에요.\n"
        "이 방이 동주민센터 직원 단톡방이라면, 초대받은 직원이 이 방에서 /link 를 보내 주세요. "
        "그러면 그 동의 새 신고가 이 방으로 와요. 주민 단톡방이라면 연결하지 마세요: 신고 내용은 직원만 봐야 해요."
    ),
    "reglink.none": "담당하는 동이 없어요. 동주민센터 직원만 가입 링크를 만들 수 있어요.",
    "reglink.item": "📮 <b>{area}</b> 시민찾동이 가입 링크: {link}\n이 링크로 시작하면 사는 동이 {name}{name:으로} 정해진 채 가입해요.",
    "reg.area_from_link": "사는 동: <b>{area}</b> (가입 링크로 정해졌어요.)",
    "join.usage": "받은 초대 코드를 함께 보내 주세요. 예: /join ABCD-EFGH-JK",
    "join.ok": (
        "✅ 이제 <b>{area}</b> 동주민센터 직원이에요.\n"
        "센터 직원 단톡방에 저를 초대하고 그 방에서 /link 를 보내 주세요."
    ),
    "join.bad": "맞지 않는 코드예요. 다시 확인해 주세요.",
    "join.expired": "기한이 지났거나 이미 쓴 코드예요. 관리자에게 새 코드를 받아 주세요.",
    "join.throttled": "잘못된 코드를 여러 번 보냈어요. {minutes}분 뒤에 다시 해 주세요.",
    "link.not_staff": "동주민센터 직원만 단톡방을 연결할 수 있어요. 먼저 /join 으로 등록해 주세요.",
    "link.pick": (
        "어느 동주민센터의 신고 알림을 이 방(<b>{title}</b>)에서 받을까요? 누르면 새 신고 알림과 "
        "/open 목록이 이 방에 올라와요. 주민이 함께 있는 방이라면 누르지 마세요."
    ),
    "link.taken": "이 방은 이미 다른 동주민센터의 알림 방이에요. 그 센터 직원이나 관리자만 바꿀 수 있어요.",
    "auto.usage": "골목회의 자동 승인: /autoapprove on 또는 /autoapprove off",
    "auto.on": "{area}: 이제 골목회의 제안을 바로 승인하고 이웃에게 알려요.",
    "auto.off": "{area}: 골목회의 제안을 직원이 확인한 뒤 승인해요.",
    "link.done": "✅ 이 방을 <b>{area}</b> 동주민센터 알림 방으로 연결했어요. 새 신고가 여기로 와요.",
    # --- routing: /link confirmation, the old group told, the reports not yet alerted ------
    "link.confirm": (
        "🔔 이 방(<b>{title}</b>)을 <b>{area}</b> 동주민센터의 신고 알림 방으로 할까요?\n"
        "확인하면 새 신고 알림과 /open 목록이 이 방에 올라와요. 주민이 함께 있는 방이라면 "
        "연결하지 마세요."
    ),
    "link.current": "\n지금은 ‘{title}’ 방으로 알림이 가고 있어요.",
    "link.btn_confirm": "✅ 이 방으로 알림 받기",
    "link.untitled": "이름 없는 방",
    "link.moved_away": (
        "ℹ️ <b>{area}</b> 동주민센터의 신고 알림은 이제 ‘{title}’ 방으로 가요. "
        "이 방에는 새 알림이 더 오지 않아요."
    ),
    "link.serves": (
        "\n⚠️ 이 방은 지금 <b>{area}</b> 동주민센터의 알림 방이에요. 다른 동을 고르면 그 센터의 신고 "
        "알림은 관리자에게 가요(그 센터가 다른 방을 /link 할 때까지)."
    ),
    "link.displaced": (
        "\n⚠️ <b>{area}</b> 동주민센터의 신고 알림은 이제 관리자에게 가요. 그 센터의 알림 방에서 "
        "/link 해 주세요."
    ),
    "link.backlog": "\n아직 직원 방에 알리지 못했던 처리 중인 신고 {count}건을 여기로 보냈어요.",
    "admin.staff_header": "<b>직원 목록</b> ({count}명)",
    "admin.staff_line": "• {name} (<code>{user_id}</code>) · {area}",
    "admin.staff_empty": "등록된 직원이 없어요. /invite 로 초대해 주세요.",
    "admin.btn_revoke": "해제: {name} · {area}",
    "admin.revoked": "{name}님의 {area} 직원 권한을 해제했어요.",
    "admin.already_revoked": "이미 해제된 권한이에요.",
    # --- 골목회의 ---------------------------------------------------------------------------
    "menu.meeting": "🗣 골목회의 제안",
    "menu.meetings": "📅 골목회의",
    "weekday.0": "(월)",
    "weekday.1": "(화)",
    "weekday.2": "(수)",
    "weekday.3": "(목)",
    "weekday.4": "(금)",
    "weekday.5": "(토)",
    "weekday.6": "(일)",
    "reg.ask_news": "우리 동 골목회의 소식(일정 안내, 참석 확인)을 받을까요? 나중에 /settings 에서 바꿀 수 있어요.",
    "reg.btn_news_yes": "소식 받을게요",
    "reg.btn_news_no": "안 받을게요",
    "settings.show": "<b>설정</b>\n골목회의 소식: {news}\n골목 산책 알림: {nudge}",
    "settings.on": "받음",
    "settings.off": "안 받음",
    "settings.btn_on": "소식 받기",
    "settings.btn_off": "소식 그만 받기",
    "settings.saved": "바꿨어요.\n골목회의 소식: {news}\n골목 산책 알림: {nudge}",
    "mt.ask_title": "골목회의 제목을 보내 주세요. {limit}자까지예요. (예: 골목 쓰레기 배출 시간 정하기)",
    "mt.title_too_long": "제목은 {limit}자까지예요. 지금 {count}자예요.",
    "mt.ask_agenda": "무엇을 이야기할까요? {limit:,}자까지예요.",
    "mt.agenda_too_long": "안건은 {limit:,}자까지예요. 지금 {count:,}자예요. 줄여서 다시 보내 주세요.",
    "mt.ask_area": "어느 동의 골목회의인가요?",
    "mt.ask_place": "어디서 모일까요? 장소를 글로 쓰거나(200자까지) 위치를 공유해 주세요.",
    "mt.ask_date": "날짜를 고르거나, 날짜와 시간을 직접 보내 주세요. (예: 2026-11-28 19:30 또는 11/28 19:30, 한국 시간)",
    "mt.ask_time": "{date} 몇 시에 모일까요? 버튼을 누르거나 시간을 보내 주세요. (예: 19:30)",
    "mt.time_unreadable": "날짜와 시간을 알아보지 못했어요. 예: 2026-11-28 19:30 또는 11/28 19:30",
    "mt.time_past": "이미 지난 시간이에요. 앞으로의 날짜와 시간을 골라 주세요.",
    "mt.time_soon": "적어도 1시간 뒤로 정해 주세요. 이웃이 알고 올 시간이 필요해요.",
    "mt.time_far": "90일 안의 날짜로 정해 주세요.",
    "mt.ask_format": "어떤 방식으로 모일까요?",
    "mt.format_alley": "골목에서 (돗자리)",
    "mt.format_space": "카페·마을 공간",
    "mt.format_online": "온라인",
    "mt.ask_capacity": "정원이 있나요? 숫자를 보내거나 '제한 없음'을 눌러 주세요.",
    "mt.btn_no_limit": "제한 없음",
    "mt.capacity_bad": "정원은 2에서 500 사이의 숫자로 보내 주세요.",
    "mt.capacity_n": "{n}명",
    "mt.capacity_none": "제한 없음",
    "mt.preview": "<b>보내기 전에 확인해 주세요</b>\n\n{card}",
    "mt.card": (
        "<b>{title}</b>\n일시: {when}\n동: {area}\n장소: {place} · {format}\n정원: {capacity}\n안건: {agenda}"
    ),
    "mt.support_line": "\n🎁 동주민센터 지원: {support}",
    "mt.support_room": "공간 제공",
    "mt.support_food": "다과 지원",
    "mt.support_publicity": "홍보 지원",
    "mt.field_title": "제목",
    "mt.field_agenda": "안건",
    "mt.field_area": "동",
    "mt.field_place": "장소",
    "mt.field_when": "일시",
    "mt.field_format": "방식",
    "mt.field_capacity": "정원",
    "mt.proposed": "✅ 제안을 보냈어요: <b>{title}</b>\n동주민센터에서 확인하면 알려 드릴게요.",
    "mt.proposed_auto": "✅ <b>{title}</b>: 바로 확정되어 이웃에게 알렸어요.",
    "mt.limit_reached": "골목회의는 한 주에 {limit}번까지 제안할 수 있어요. 다음 주에 다시 해 주세요.",
    "mt.proposal_header": "🗣 <b>골목회의 제안</b>\n",
    "mt.proposal_approved": "\n\n✅ {by} 승인",
    "mt.proposal_changes": "\n\n✏️ {by}: 수정 요청",
    "mt.proposal_declined": "\n\n❌ {by}: 거절",
    "mt.btn_approve": "✅ 승인",
    "mt.btn_support": "🎁 지원하며 승인",
    "mt.btn_changes": "✏️ 수정 요청",
    "mt.btn_decline": "❌ 거절",
    "mt.support_menu": "어떤 지원을 할까요?",
    "mt.approved_done": "승인했어요. 이웃에게 알려요.",
    "mt.already_decided": "이미 처리된 골목회의예요.",
    "mt.write_changes": "✏️ 수정 요청 쓰기",
    "mt.write_decline": "❌ 거절 사유 쓰기",
    "mt.dm_respond": "{card}\n\n아래 버튼을 누르고 내용을 보내 주세요.",
    "mt.ask_comment": "<b>{title}</b>: 제안한 분께 보낼 내용을 보내 주세요. ({limit:,}자까지)",
    "mt.comment_limit": "내용은 1~{limit:,}자로 보내 주세요.",
    "mt.responded": "보냈어요.",
    "mt.told_approved": "🎉 골목회의 <b>{title}</b>{title:이} 승인됐어요. 이웃에게 알렸어요.",
    "mt.told_approved_support": "🎉 골목회의 <b>{title}</b>{title:이} 승인됐어요. 동주민센터 지원: {support}",
    "mt.told_changes": "✏️ 골목회의 <b>{title}</b>에 동주민센터가 수정을 요청했어요:\n{comment}\n고쳐서 /meeting 으로 다시 제안해 주세요.",
    "mt.told_declined": "골목회의 <b>{title}</b>{title:은} 이번에는 어렵대요. 사유: {comment}",
    "mt.announce": "📣 <b>골목회의 소식</b>\n",
    "mt.btn_going": "참석",
    "mt.btn_interested": "관심",
    "mt.btn_no": "못 가요",
    "mt.btn_calendar": "📅 캘린더에 추가",
    "mt.rsvp_going": "참석으로 표시했어요.",
    "mt.rsvp_waitlist": "정원이 차서 대기 {position}번이에요. 자리가 나면 알려 드릴게요.",
    "mt.rsvp_interested": "관심으로 표시했어요.",
    "mt.rsvp_no": "못 가요로 표시했어요.",
    "mt.not_open": "지금은 답할 수 없는 골목회의예요.",
    "mt.already_started": "이미 시작했거나 끝난 골목회의예요.",
    "mt.promoted": "🎉 자리가 났어요! <b>{title}</b> ({when}) 참석으로 바뀌었어요.",
    "mt.cancelled": "❌ 골목회의 <b>{title}</b> ({when}){title:이} 취소됐어요.",
    "mt.cancelled_staff": "❌ 골목회의 <b>{title}</b> ({when}) 취소",
    "mt.moved": "🕒 골목회의 <b>{title}</b> 시간이 바뀌었어요: {before} → <b>{when}</b>",
    "mt.remind_day": "⏰ 내일 골목회의: <b>{title}</b> · {when} · {place}",
    "mt.remind_hour": "⏰ 1시간 뒤 골목회의: <b>{title}</b> · {when} · {place}",
    "mt.organiser_count": "📋 내일 <b>{title}</b>: 참석 {going}명, 대기 {waitlist}명, 관심 {interested}명",
    "mt.ask_outcome": "🗒 <b>{title}</b> 어떠셨어요? 무엇을 정했는지 남겨 주시면 참석자와 동주민센터에 전할게요.",
    "mt.btn_outcome": "📝 결과 쓰기",
    "mt.ask_summary": "<b>{title}</b>: 한두 줄 요약을 보내 주세요.",
    "mt.ask_decisions": "정한 것(결정 사항)을 보내 주세요. 없으면 '없음'을 눌러 주세요.",
    "mt.ask_requests": "동주민센터에 바라는 것을 보내 주세요. 없으면 '없음'을 눌러 주세요.",
    "mt.btn_none": "없음",
    "mt.none": "없음",
    "mt.outcome": "🗒 <b>골목회의 결과: {title}</b>\n요약: {summary}\n결정: {decisions}\n센터에 요청: {requests}",
    "mt.outcome_saved": "결과를 남겼어요. 참석자와 동주민센터에 전할게요. 고마워요!",
    "mt.list_upcoming": "<b>다가오는 골목회의</b>",
    "mt.list_past": "<b>지난 골목회의</b>",
    "mt.list_empty": "우리 동에 예정된 골목회의가 없어요. 제안하려면 /meeting",
    "mt.list_line": "• <b>{title}</b> · {when} · {status}",
    "mt.list_answer": " · 내 답: {answer}",
    "mt.list_counts": "\n   참석 {going} · 대기 {waitlist} · 관심 {interested} · 못 가요 {no}",
    "mt.list_names": "\n   참석자: {names}",
    "mt.list_outcome": "\n   결과: {summary}",
    "mt.status_proposed": "확인 중",
    "mt.status_changes": "수정 요청됨",
    "mt.status_approved": "확정",
    "mt.status_declined": "거절됨",
    "mt.status_cancelled": "취소됨",
    "mt.answer_going": "참석",
    "mt.answer_waitlist": "대기",
    "mt.answer_interested": "관심",
    "mt.answer_no": "못 가요",
    "mt.btn_cancel_meeting": "취소: {title}",
    "mt.btn_move_meeting": "시간 변경: {title}",
    "mt.confirm_cancel": "<b>{title}</b>{title:을} 정말 취소할까요? 참석자와 대기자 모두에게 알려요.",
    "mt.btn_confirm_cancel": "네, 취소해요",
    "mt.cancel_done": "취소했어요. 모두에게 알렸어요.",
    "mt.ask_new_time": "<b>{title}</b>의 새 날짜와 시간을 보내 주세요. (예: 2026-11-28 19:30)",
    "mt.move_done": "시간을 바꿨어요. 참석자와 대기자에게 알렸어요.",
    "mt.ics_caption": "📅 {title}",
    # --- privacy --------------------------------------------------------------------------
    "privacy.mydata_caption": "골목에 저장된 내 정보 전체예요. (JSON 파일)",
    "person.notice_changed": "개인정보 안내가 바뀌었어요. 계속하려면 /start 로 새 안내를 확인해 주세요.",
    "reg.reconsent_done": "고마워요. 새 개인정보 안내(버전 {version})에 동의하셨어요.",
    "reg.reconsent_declined": "알겠어요. 새 안내에 동의하지 않으면 골목을 계속 쓸 수 없어요. 저장된 정보를 지우려면 /forget, 도움이 필요한 이웃은 동주민센터에 전화로 알려 주세요.",
    "forget.confirm": "정말 탈퇴할까요? 내 정보(이름, 전화번호, 동, 골목회의 답변)를 지워요. 내가 보낸 신고는 동주민센터에 남지만 나와의 연결은 끊겨요.",
    "forget.btn_yes": "네, 지워 주세요",
    "forget.btn_no": "아니요",
    "forget.kept": "그대로 두었어요.",
    "forget.done": "지웠어요. 그동안 고마웠어요. 다시 함께하려면 /start",
    "forget.nothing": "지울 가입 정보가 없어요.",
    # --- privacy: /forget takes the person's name out of what others were sent ---
    "forget.staff_told": "🙋 탈퇴한 시민찾동이 ({area}) · 정보를 지웠어요",
    "forget.placeholder": "(탈퇴한 이용자)",
    "accesslog.usage": "예: /accesslog (전체) · /accesslog 홍제1동 · /accesslog 123456789 (사람)",
    "accesslog.empty": "기록이 없어요.",
    "accesslog.header": "<b>열람·변경 기록</b> (최근 {count}건)",
    "accesslog.line": "• {time} · {actor}(<code>{actor_id}</code>) · {action} · {ref} · 대상 {target} · {area}",
    "inactive.warning": "👋 골목을 오래 쓰지 않으셨어요. 이대로면 {date}에 가입 정보가 지워져요({days}일 남음). 계속 함께하시려면 아무 메시지나 보내 주세요.",
    # --- insight ---------------------------------------------------------------------------
    "stats.everything": "전체",
    "stats.text": (
        "📊 <b>통계: {scope}</b>\n"
        "접수 {received}건 · 맡기까지 걸린 시간(중앙값) {hours}시간\n"
        "7일 안 종결 {p7} · 14일 안 종결 {p14} (의정부 로드체킹: 64.7%)\n"
        "분류별: {categories}\n"
        "월별: {months}\n"
        "골목회의: 제안 {proposed} · 개최 {held} · 참석 {attendance}명"
    ),
    "export.usage": "예: /export (최근 30일) · /export 2026-11 · /export 2026-11-01 2026-11-30",
    "export.caption": "{area} 신고 목록 (CSV, 개인정보 포함: 취급에 주의해 주세요. 내보내기 기록이 남아요)",
    # --- outreach: campaigns and walk nudges -----------------------------------------------
    "cp.choose_area": "어느 동 시민찾동이에게 보낼까요?",
    "cp.ask": "<b>{area}</b>의 승인된 시민찾동이 모두에게 보낼 글을 써 주세요({limit:,}자까지). 보내기 전에 미리 보여 드려요. 그만두려면 /cancel",
    "cp.empty": "보낼 글이 비어 있어요. 글을 써 주세요.",
    "cp.too_long": "글은 {limit:,}자까지예요. 지금 {count:,}자예요. 줄여서 다시 보내 주세요. 아무것도 보내지 않았어요.",
    "cp.preview": "<b>미리보기</b> · 받는 사람: {area}의 승인된 시민찾동이 <b>{count}명</b>\n이렇게 보내져요:\n\n",
    "cp.preview_quiet": "\n\n🌙 지금은 조용한 시간이라 {when}부터 보내기 시작해요.",
    "cp.no_recipients": "<b>{area}</b>에는 아직 승인된 시민찾동이가 없어서 보낼 사람이 없어요. 아무것도 보내지 않았어요.",
    "cp.message": "📣 <b>{area} 동주민센터 안내</b>\n\n{text}",
    "cp.progress": "📣 안내 보내는 중: <b>{sent} / {total}</b>명에게 보냈어요.",
    "cp.progress_quiet": "📣 안내 {total}명에게 보낼 준비가 됐어요. 조용한 시간이 끝나는 {when}부터 보내요. ({sent} / {total})",
    "cp.progress_done": "📣 안내를 다 보냈어요: <b>{sent} / {total}</b>명. 받지 못한 사람 {failed}명(봇을 차단했거나 탈퇴했어요).",
    "cp.btn_send": "📣 보내기",
    "cp.btn_edit": "✏️ 글 고치기",
    "cp.btn_cancel": "그만두기",
    "cp.button_hint": "아래 버튼으로 보내기, 글 고치기, 그만두기 중에서 골라 주세요.",
    "nudge.off": "끔",
    "nudge.weekly": "매주",
    "nudge.monthly": "매달",
    "settings.btn_nudge_weekly": "🚶 산책 알림 매주",
    "settings.btn_nudge_monthly": "🚶 산책 알림 매달",
    "settings.btn_nudge_off": "산책 알림 끄기",
    "settings.nudge_unregistered": "골목 산책 알림은 가입한 시민찾동이만 받을 수 있어요. /start 로 가입해 주세요.",
    "nudge.message": (
        "🚶 <b>골목 산책 어떠세요?</b>\n오늘 {area} 골목을 한 바퀴 걸으며 이웃을 살펴봐 주세요. "
        "우편물이 쌓인 집, 한동안 보이지 않는 어르신, 밀린 고지서가 눈에 띄면 알려 주세요.\n\n"
        "알림 바꾸기: /settings"
    ),
    "chart.title": "월별 신고 접수와 14일 안 종결 (최근 12개월)",
    "chart.received": "접수",
    "chart.resolved": "그중 14일 안에 종결",
    "chart.months": "1월,2월,3월,4월,5월,6월,7월,8월,9월,10월,11월,12월",
    "stats.chart_caption": "📊 {scope}: 월별 접수(파랑)와 그중 14일 안에 종결(초록), 최근 12개월",
    # --- scheduler ------------------------------------------------------------------------
    "remind.unassigned": "⏰ <b>{hours}시간 넘게 아무도 맡지 않은 신고</b>가 있어요: <b>{ref}</b> · {category} · {area}",
    "remind.escalate": "🚨 <b>{hours}시간 넘게 아무도 맡지 않은 신고</b>: <b>{ref}</b> · {category} · {area}. 센터에 확인해 주세요.",
    "digest": "☀️ <b>{area} 아침 요약</b> ({date})\n• 지난 24시간 새 신고: {new}건\n• 처리 중: {open}건\n• 아무도 맡지 않은 지 오래된 신고: {overdue}건\n자세히: /open",
    "digest.meetings": "\n\n<b>이번 주 골목회의</b>\n",
    "digest.meeting": "• {when} {title}",
    # --- delivery problems ---------------------------------------------------------------
    "admin.centre_unlinked": (
        "⚠️ {area} 동주민센터의 알림 방이 없어졌어요: ‘{title}’ 방이 다른 동의 알림 방이 됐어요. "
        "이 센터의 알림은 관리자에게 보내요. 센터 직원이 알림 방에서 /link 하면 다시 그리로 가요."
    ),
    "admin.chat_unreachable": (
        "⚠️ {area} 동주민센터 단톡방에 메시지를 보낼 수 없어요(봇이 내보내졌거나 막혔어요). "
        "이 센터의 알림은 관리자에게 보내요. 단톡방에 봇을 다시 초대하고 /link 해 주세요."
    ),
    "admin.user_unreachable": "⚠️ {name}(<code>{user_id}</code>)님에게 메시지를 보낼 수 없어요(봇을 차단했어요). 이분에게 가는 알림은 멈췄어요. 다시 대화를 시작하면 풀려요.",
    # --- sender: a person who has not started the bot yet ---
    "admin.user_not_started": "⚠️ {name}(<code>{user_id}</code>)님은 아직 봇과 대화를 시작하지 않아 메시지를 보낼 수 없어요. 이분에게 가는 알림은 보관했다가, 봇에 /start 를 보내면 바로 전해요.",
    "admin.rerouted": "⚠️ {area} 단톡방에 닿지 않아 관리자에게 대신 보내요.\n\n",
    "time.format": "%Y-%m-%d %H:%M",
}
