// The sandbox page: every chat of the demo world, live. Plain JavaScript, no build step.
"use strict";

const TEXTS = {
  ko: {
    sandbox: "샌드박스: 텔레그램으로 아무것도 가지 않아요", hour: "+1시간", day: "+1일", morning: "다음 09:00",
    reset: "처음부터", add_person: "+ 사람 추가", name: "이름", language: "언어", cancel: "취소", add: "추가",
    ok: "확인", place: "위치 보내기", share: "보내기", photo: "사진 보내기", sample: "예시 사진 보내기", attach: "사진 또는 위치",
    from_disk: "내 컴퓨터에서:", pick: "왼쪽에서 대화를 고르세요.", type: "메시지 또는 /명령", send: "보내기",
    speaking: "보내는 사람", beside: "옆에 열기", back: "←", empty_chat: "아직 대화가 없어요. /start 를 보내 보세요.",
    reset_ask: "처음 데모 세계로 돌아갈까요? 지금까지의 대화는 모두 지워져요.",
    note: "모든 역할(관리자, 주민센터 직원, 봉사자, 주민)을 한 화면에서 해 볼 수 있어요. 시계를 움직이면 알림과 미리 알림이 와요.",
    roles: { admin: "관리자", staff: "직원", volunteer: "봉사자", resident: "주민", group: "그룹" },
    edited: "수정됨", download: "내려받기", not_json: "요청이 실패했어요",
  },
  en: {
    sandbox: "sandbox: nothing goes to Telegram", hour: "+1 hour", day: "+1 day", morning: "next 09:00",
    reset: "Start over", add_person: "+ Add a person", name: "Name", language: "Language", cancel: "Cancel", add: "Add",
    ok: "OK", place: "Share a location", share: "Share", photo: "Send a photo", sample: "Send a sample photo", attach: "Photo or location",
    from_disk: "From this computer:", pick: "Pick a chat on the left.", type: "Message or /command", send: "Send",
    speaking: "Speaking as", beside: "Open beside", back: "←", empty_chat: "Nothing here yet. Try /start.",
    reset_ask: "Go back to the demo world as it started? Every chat so far is deleted.",
    note: "Every role (admin, centre staff, volunteers, a resident) is on this page. Move the clock to see reminders and digests.",
    roles: { admin: "admin", staff: "staff", volunteer: "volunteer", resident: "resident", group: "group" },
    edited: "edited", download: "download", not_json: "The request failed",
  },
};
const LANG = (navigator.language || "ko").toLowerCase().startsWith("ko") ? "ko" : "en";
const T = TEXTS[LANG];
const PLACES = [
  ["홍제시장 Hongje market", 37.5893, 126.9445], ["홍제역 Hongje station", 37.589, 126.9436],
  ["서대문구청 Seodaemun-gu office", 37.5791, 126.9368], ["서울시청 Seoul City Hall", 37.5663, 126.9779],
];

let state = { people: [], chats: [] };
const panes = [{ el: document.getElementById("pane0"), chat: null, speaker: null, data: null },
               { el: document.getElementById("pane1"), chat: null, speaker: null, data: null }];
const seen = {};          // chat id -> message count the person has looked at
const pending = {};       // button query id -> pane that pressed it
const answers = {};       // query id -> answer that came before the press returned
let placePane = null, photoPane = null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

async function api(path, body, form) {
  const options = body === undefined && !form ? {} : {
    method: "POST",
    headers: form ? {} : { "Content-Type": "application/json" },
    body: form || JSON.stringify(body),
  };
  const response = await fetch(path, options);
  let data = null;
  try { data = await response.json(); } catch (e) { data = { error: T.not_json }; }
  if (!response.ok) throw new Error((data && data.error) || T.not_json);
  return data;
}

function toast(text) {
  const box = document.getElementById("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 3500);
}

function fail(error) { toast("⚠️ " + error.message); }

function person(id) { return state.people.find((p) => p.id === id); }
function chatInfo(id) { return state.chats.find((c) => c.id === id); }

// --- the chat list ----------------------------------------------------------------------

function renderList() {
  const list = document.getElementById("chats");
  list.replaceChildren();
  for (const chat of state.chats) {
    const open = panes.some((p) => p.chat === chat.id);
    if (open) seen[chat.id] = chat.count;
    const unread = chat.count - (seen[chat.id] || 0);
    const role = T.roles[chat.role] || "";
    const item = el("li", { class: "chat-item" + (open ? " open" : ""), "data-chat": chat.id,
                            onclick: () => openChat(0, chat.id) },
      el("div", { class: "avatar", style: `background:${colour(chat.id)}` }, chat.id < 0 ? "👥" : (chat.title || "?")[0]),
      el("div", { class: "who" },
        el("div", { class: "title" }, el("span", {}, chat.title || String(chat.id)), role ? el("small", { class: "role" }, role) : ""),
        el("div", { class: "last" }, chat.last || "")),
      unread > 0 ? el("span", { class: "badge" }, String(unread)) : "",
      el("button", { class: "beside", title: T.beside, "aria-label": T.beside,
                     onclick: (event) => { event.stopPropagation(); openChat(1, chat.id); } }, "◨"));
    list.append(item);
  }
}

function colour(id) {
  const hues = [205, 160, 25, 280, 340, 95, 45];
  return `hsl(${hues[Math.abs(id) % hues.length]} 45% 48%)`;
}

async function refreshState() {
  state = await api("/api/state");
  const clock = document.getElementById("clock");
  clock.textContent = `🕒 ${state.now_label}`;
  clock.title = state.zone;
  renderList();
}

// --- one chat in a pane -------------------------------------------------------------------

function openChat(index, chatId) {
  if (index === 1 && window.matchMedia("(max-width: 720px)").matches) index = 0;
  const pane = panes[index];
  const other = panes[1 - index];
  if (other.chat === chatId) { other.chat = null; other.el.hidden = true; }
  pane.chat = chatId;
  pane.speaker = chatId > 0 ? chatId : defaultSpeaker();
  pane.el.hidden = false;
  pane.el.dataset.chat = chatId;
  document.getElementById("empty").hidden = true;
  document.getElementById("main").classList.add("chatting");
  buildPane(pane);
  loadChat(pane).catch(fail);
  renderList();
}

function defaultSpeaker() {
  const staff = state.people.find((p) => p.role === "staff");
  return (staff || state.people[0] || {}).id;
}

function closeChat(pane) {
  pane.chat = null;
  pane.el.hidden = true;
  document.getElementById("main").classList.remove("chatting");
  if (!panes.some((p) => p.chat !== null)) document.getElementById("empty").hidden = false;
  renderList();
}

function buildPane(pane) {
  const chat = chatInfo(pane.chat) || { title: String(pane.chat) };
  const head = el("div", { class: "pane-head" },
    el("button", { class: "back", "aria-label": T.back, onclick: () => closeChat(pane) }, T.back),
    el("div", { class: "title" }, chat.title));
  if (pane.chat < 0) {
    const select = el("select", { "aria-label": T.speaking, class: "speaker",
                                  onchange: (event) => { pane.speaker = Number(event.target.value); } });
    for (const p of state.people) {
      const option = el("option", { value: p.id }, `${T.speaking}: ${p.name}`);
      if (p.id === pane.speaker) option.selected = true;
      select.append(option);
    }
    head.append(select);
  }
  const input = el("input", { type: "text", placeholder: T.type, "aria-label": T.type, maxlength: "4096", enterkeyhint: "send" });
  const composer = el("form", { class: "composer", onsubmit: (event) => { event.preventDefault(); sendText(pane, input); } },
    pane.chat > 0 ? el("button", { type: "button", class: "attach", title: T.attach, "aria-label": T.attach,
                                   onclick: () => openPhoto(pane) }, "📎") : "",
    input, el("button", { type: "submit", class: "primary send" }, T.send));
  pane.messages = el("div", { class: "messages" });
  // Kept at the newest message while the person has not scrolled up: a picture that loads
  // later, or a reply keyboard that opens, would otherwise push the newest question out of view.
  pane.stick = true;
  pane.messages.addEventListener("scroll", () => {
    const box = pane.messages;
    pane.stick = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  });
  pane.keyboard = el("div", { class: "keyboard", hidden: "" });
  pane.el.replaceChildren(head, pane.messages, pane.keyboard, composer);
}

// One fetch of a pane's chat at a time, and one more if anything changed meanwhile: answers
// that came back out of order would otherwise show an older state (and its old buttons).
async function loadChat(pane) {
  if (pane.loading) { pane.again = true; return; }
  pane.loading = true;
  try {
    do { pane.again = false; await loadOnce(pane); } while (pane.again);
  } finally { pane.loading = false; }
}

async function loadOnce(pane) {
  const chatId = pane.chat;
  if (chatId === null) return;
  const data = await api(`/api/chats/${chatId}`);
  if (pane.chat !== chatId) return;
  pane.data = data;
  const box = pane.messages;
  const stick = pane.stick;  // kept by the scroll listener: was the newest message in view?
  box.replaceChildren(...data.messages.map((m) => renderMessage(pane, m)));
  if (!data.messages.length) box.append(el("div", { class: "empty" }, T.empty_chat));
  renderKeyboard(pane, data.keyboard);
  if (stick) stickToEnd(pane);
}

function stickToEnd(pane) {
  pane.messages.scrollTop = pane.messages.scrollHeight;
  pane.stick = true;
}

function renderMessage(pane, m) {
  const mine = m.from !== "bot";
  const bubble = el("div", { class: "bubble" });
  if (mine && pane.chat < 0) bubble.append(el("span", { class: "from" }, m.from_name));
  if (m.photo) bubble.append(el("img", { src: m.photo, alt: "photo", onload: () => { if (pane.stick) stickToEnd(pane); } }));
  if (m.location) bubble.append(el("div", { class: "file" }, `📍 ${m.location[0].toFixed(5)}, ${m.location[1].toFixed(5)}`));
  if (m.document) bubble.append(el("a", { class: "file", href: m.document.url, download: m.document.name }, `📄 ${m.document.name} · ${T.download}`));
  const text = el("span", { class: "text" });
  text.innerHTML = m.html;  // made safe by the server: Telegram's tags only, all text escaped
  for (const spoiler of text.querySelectorAll(".spoiler")) spoiler.addEventListener("click", () => spoiler.classList.toggle("shown"));
  bubble.append(text, el("span", { class: "meta" }, (m.edited ? T.edited + " · " : "") + m.at));
  const node = el("div", { class: "msg" + (mine ? " mine" : ""), "data-id": m.id }, bubble);
  if (m.buttons && m.buttons.length) {
    const rows = el("div", { class: "buttons" });
    for (const row of m.buttons) {
      const line = el("div", { class: "row" });
      for (const button of row) {
        if (button.url) line.append(el("button", { type: "button", onclick: () => window.open(button.url, "_blank", "noopener") }, "↗ " + button.text));
        else line.append(el("button", { type: "button", class: "inline-btn", onclick: () => press(pane, m.id, button.callback_data) }, button.text));
      }
      rows.append(line);
    }
    node.append(rows);
  }
  return node;
}

function renderKeyboard(pane, keyboard) {
  pane.keyboard.replaceChildren();
  pane.keyboard.hidden = !keyboard || pane.chat < 0;
  if (pane.keyboard.hidden) return;
  for (const row of keyboard) {
    const line = el("div", { class: "row" });
    for (const button of row) {
      line.append(el("button", { type: "button", class: "reply-btn", onclick: () => replyButton(pane, button) }, button.text));
    }
    pane.keyboard.append(line);
  }
}

function replyButton(pane, button) {
  if (button.request_contact) return api(`/api/chats/${pane.chat}/contact`, { from: pane.speaker }).catch(fail);
  if (button.request_location) return openPlace(pane);
  return api(`/api/chats/${pane.chat}/text`, { from: pane.speaker, text: button.text }).catch(fail);
}

async function sendText(pane, input) {
  const text = input.value;
  if (!text.trim()) return;
  try {
    await api(`/api/chats/${pane.chat}/text`, { from: pane.speaker, text });
    input.value = "";
  } catch (error) { fail(error); }
}

async function press(pane, messageId, data) {
  try {
    const result = await api(`/api/chats/${pane.chat}/press`, { from: pane.speaker, message: messageId, data });
    if (answers[result.query]) showAnswer(answers[result.query]);
    else pending[result.query] = pane;
  } catch (error) { fail(error); }
}

function showAnswer(answer) {
  if (!answer.text) return;
  if (answer.show_alert) {
    document.getElementById("alert-text").textContent = answer.text;
    document.getElementById("alert").showModal();
  } else toast(answer.text);
}

// --- dialogs ------------------------------------------------------------------------------

function openPlace(pane) {
  placePane = pane;
  const presets = document.getElementById("presets");
  presets.replaceChildren(...PLACES.map(([name, lat, lon]) => el("button", { type: "button", class: "preset",
    onclick: () => sharePlace(lat, lon) }, "📍 " + name)));
  document.getElementById("place-dialog").showModal();
}

async function sharePlace(latitude, longitude) {
  const dialog = document.getElementById("place-dialog");
  try {
    await api(`/api/chats/${placePane.chat}/location`, { from: placePane.speaker, latitude, longitude });
    dialog.close();
  } catch (error) { showError(dialog, error); }
}

function openPhoto(pane) {
  photoPane = pane;
  document.getElementById("photo-file").value = "";
  document.getElementById("photo-dialog").showModal();
}

async function sendPhoto(fileOrSample) {
  const dialog = document.getElementById("photo-dialog");
  const form = new FormData();
  form.append("from", String(photoPane.speaker));
  if (fileOrSample === "sample") form.append("sample", "1"); else form.append("file", fileOrSample);
  try {
    await api(`/api/chats/${photoPane.chat}/photo`, undefined, form);
    dialog.close();
  } catch (error) { showError(dialog, error); }
}

function showError(dialog, error) {
  const box = dialog.querySelector(".error");
  box.textContent = error.message;
  box.hidden = false;
}

// --- live: server-sent events -------------------------------------------------------------

let listTimer = null;
function refreshSoon() {
  clearTimeout(listTimer);
  listTimer = setTimeout(() => refreshState().catch(() => {}), 150);
}

function listen() {
  const events = new EventSource("/api/events");
  events.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === "answer") {
      const pane = pending[event.query_id];
      if (pane) { delete pending[event.query_id]; showAnswer(event); } else answers[event.query_id] = event;
      return;
    }
    if (event.type === "reset") {
      // Query ids are never reused, but the old world's answers are of no use any more.
      for (const key of Object.keys(answers)) delete answers[key];
      for (const key of Object.keys(pending)) delete pending[key];
      for (const pane of panes) { pane.chat = null; pane.el.hidden = true; }
      for (const key of Object.keys(seen)) delete seen[key];
      document.getElementById("main").classList.remove("chatting");
      document.getElementById("empty").hidden = false;
    }
    for (const pane of panes) if (pane.chat !== null && (event.chat === pane.chat || event.chat === undefined)) loadChat(pane).catch(() => {});
    refreshSoon();
  };
  events.onerror = () => { /* EventSource reconnects by itself */ };
}

// --- start --------------------------------------------------------------------------------

function wire() {
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = T[node.dataset.t];
  document.documentElement.lang = LANG;
  for (const id of ["clock-hour", "clock-day", "clock-morning"]) {
    const button = document.getElementById(id);
    button.addEventListener("click", () => api("/api/clock", { step: button.dataset.step }).then(refreshState).catch(fail));
  }
  document.getElementById("reset").addEventListener("click", () => {
    if (confirm(T.reset_ask)) api("/api/reset", {}).then(refreshState).catch(fail);
  });
  const personDialog = document.getElementById("person-dialog");
  document.getElementById("add-person").addEventListener("click", () => {
    personDialog.querySelector("form").reset();
    personDialog.querySelector(".error").hidden = true;
    personDialog.showModal();
  });
  document.getElementById("person-form").addEventListener("submit", async (event) => {
    if (event.submitter && event.submitter.value === "cancel") return;
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      const result = await api("/api/people", { name: form.get("name"), lang: form.get("lang") });
      personDialog.close();
      await refreshState();
      openChat(0, result.id);
    } catch (error) { showError(personDialog, error); }
  });
  document.getElementById("place-form").addEventListener("submit", (event) => {
    if (event.submitter && event.submitter.value === "cancel") return;
    event.preventDefault();
    const form = new FormData(event.target);
    sharePlace(Number(form.get("latitude")), Number(form.get("longitude")));
  });
  document.getElementById("photo-sample").addEventListener("click", () => sendPhoto("sample"));
  document.getElementById("photo-place").addEventListener("click", () => {
    document.getElementById("photo-dialog").close();
    openPlace(photoPane);
  });
  document.getElementById("photo-file").addEventListener("change", (event) => {
    if (event.target.files.length) sendPhoto(event.target.files[0]);
  });
}

wire();
refreshState().catch(fail);
listen();
