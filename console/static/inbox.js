/* PES console: the staff inbox.
 *
 * Plain script, no framework and nothing from other sites. Everything comes from the
 * inbox API under /staff/inbox/api; the event stream says when a ticket changed, and the
 * page then fetches the queue (and the open ticket) again: it is never reloaded. Text
 * from users and staff is only ever set as textContent, never parsed as HTML.
 */
(function () {
  "use strict";

  const API = "/staff/inbox/api";
  const SIGN_IN = "/staff/login?next=/staff/inbox";
  const FOLDERS = ["unassigned", "mine", "all", "closed"];
  const FOLDER_TITLES = {
    unassigned: "Unassigned, oldest first",
    mine: "Assigned to me",
    all: "All, oldest first",
    closed: "Closed",
  };
  const CHANNELS = {
    socketio: "Web chat",
    africastalking: "SMS",
    twilio: "SMS",
    telegram: "Telegram",
    rest: "API",
  };
  const SMS_CHANNELS = new Set(["africastalking", "twilio"]);
  const MAX_SMS_PARTS = 3;
  const MAX_CHARS = { telegram: 4096 };
  const DEFAULT_MAX_CHARS = 4000;
  const LANGUAGES = {
    en: "English",
    fr: "French",
    es: "Spanish",
    pt: "Portuguese",
    sw: "Swahili",
    ar: "Arabic",
  };
  const TEAMS = {
    registration: "Registration",
    benefits: "Benefits",
    programmes: "Programmes",
    other: "Other",
  };
  const REASONS = {
    user_request: "She asked for a person",
    misunderstanding: "The assistant did not understand her",
    sensitive_topic: "Sensitive topic",
  };
  const RATINGS = { good: "Good", ok: "OK", bad: "Bad" };
  const SUPERVISORS = new Set(["supervisor", "admin"]);
  const RETRY_FIRST_MS = 1000;
  const RETRY_MAX_MS = 30000;
  const REFRESH_DELAY_MS = 200;
  const CLOCK_TICK_MS = 30000;

  // GSM 03.38, as the console's server counts it (smsutil): extension characters take two
  // units; any other character makes the whole message UCS-2 (UTF-16 code units).
  const GSM_BASIC =
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡" +
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  const GSM_EXTENSION = "\f^{}\\[~]|€";

  const byId = (id) => document.getElementById(id);
  const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  const me = {
    id: Number(document.body.dataset.accountId),
    role: document.body.dataset.role,
    supervisor: SUPERVISORS.has(document.body.dataset.role),
  };

  const state = {
    folder: "unassigned",
    team: "",
    q: "",
    lists: {},
    listsAt: 0,
    knownWaiting: null,
    openId: null,
    ticket: null,
    messageNodes: new Map(),
    noteIds: new Set(),
    staff: [],
    canned: new Map(),
    sendErrors: new Map(),
    presence: null,
    presenceChanges: 0,
    queueFailed: false,
    sessionOver: false,
  };

  // --- small DOM helpers ----------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "className") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function showError(node, message) {
    node.textContent = message;
    node.hidden = !message;
  }

  function announce(message) {
    const region = byId("announcer");
    region.textContent = "";
    // A fresh text node in a live region is what screen readers announce.
    window.setTimeout(() => {
      region.textContent = message;
    }, 50);
  }

  function notify(message) {
    byId("notice-text").textContent = message;
    byId("notice").hidden = false;
  }

  // --- formatting -------------------------------------------------------------------------

  function waitingText(seconds) {
    const minutes = Math.floor(Math.max(0, seconds) / 60);
    if (minutes < 1) return "under 1 min";
    if (minutes < 60) return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
    return `${Math.floor(hours / 24)} d ${hours % 24} h`;
  }

  function timeText(iso) {
    if (!iso) return "";
    const when = new Date(iso);
    if (Number.isNaN(when.getTime())) return "";
    const clock = when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    if (when.toDateString() === new Date().toDateString()) return clock;
    return `${when.toLocaleDateString([], { day: "numeric", month: "short" })} ${clock}`;
  }

  function channelText(channel) {
    return CHANNELS[channel] || channel || "unknown channel";
  }

  function languageText(code) {
    return LANGUAGES[code] || code || "unknown language";
  }

  function teamText(team) {
    return TEAMS[team] || team || "no team";
  }

  function personName(ticket) {
    return ticket.name ? ticket.name : "unregistered";
  }

  function authorName(author) {
    if (!author) return "";
    if (typeof author === "string") return author;
    return author.display_name || author.name || "";
  }

  function humanKey(key) {
    const words = String(key).replace(/_/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  function valueText(value) {
    if (value === null || value === undefined || value === "") return "";
    if (Array.isArray(value)) return value.map(valueText).filter(Boolean).join(", ");
    if (typeof value === "object") {
      return Object.entries(value)
        .map(([k, v]) => (valueText(v) ? `${humanKey(k)}: ${valueText(v)}` : ""))
        .filter(Boolean)
        .join("; ");
    }
    if (typeof value === "boolean") return value ? "yes" : "no";
    return String(value);
  }

  function secondsWaited(ticket) {
    // The server's figure stops when someone takes the ticket; only waiting ones go on.
    const since = ticket.receivedAt || Date.now();
    const elapsed = ticket.status === "waiting" ? (Date.now() - since) / 1000 : 0;
    return (ticket.waiting_seconds || 0) + elapsed;
  }

  // --- SMS and length hints ------------------------------------------------------------

  function smsParts(text) {
    const chars = Array.from(text);
    const gsm = chars.every((c) => GSM_BASIC.includes(c) || GSM_EXTENSION.includes(c));
    const single = gsm ? 160 : 140;
    const multi = gsm ? 153 : 134;
    let parts = 0;
    let total = 0;
    let current = 0;
    for (const c of chars) {
      const size = gsm ? (GSM_EXTENSION.includes(c) ? 2 : 1) : c.codePointAt(0) > 0xffff ? 4 : 2;
      if (current + size > multi) {
        parts += 1;
        total += current;
        current = size;
      } else {
        current += size;
      }
    }
    if (current) {
      parts += 1;
      total += current;
    }
    if (chars.length && total <= single) parts = 1;
    return { parts, gsm, length: chars.length };
  }

  function updateReplyHint() {
    const hint = byId("reply-hint");
    const ticket = state.ticket;
    if (!ticket) return;
    const text = byId("reply-text").value;
    let message;
    let over;
    if (SMS_CHANNELS.has(ticket.channel)) {
      const sms = smsParts(text);
      const unit = sms.parts === 1 ? "SMS part" : "SMS parts";
      const coding = sms.gsm ? "" : " (special characters: shorter parts)";
      message = `${sms.length} characters · ${sms.parts} ${unit} of at most ${MAX_SMS_PARTS}${coding}`;
      over = sms.parts > MAX_SMS_PARTS;
      if (over) message += ". Too long for one SMS reply: shorten it.";
    } else {
      const limit = MAX_CHARS[ticket.channel] || DEFAULT_MAX_CHARS;
      // Telegram counts UTF-16 code units (a JavaScript string's length); the rest count characters.
      const length = ticket.channel === "telegram" ? text.length : Array.from(text).length;
      message = `${length} of at most ${limit} characters`;
      over = length > limit;
      if (over) message += ". Too long: shorten it.";
    }
    hint.textContent = message;
    hint.classList.toggle("over", over);
  }

  // --- the API ----------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(message, status, body) {
      super(message);
      this.status = status;
      this.body = body || null;
    }
  }

  function detailOf(body, status) {
    const detail = body && body.detail;
    if (typeof detail === "string" && detail) return detail;
    if (Array.isArray(detail) && detail.length) {
      return detail
        .map((item) => {
          const where = (item.loc || []).filter((part) => part !== "body").join(".");
          return where ? `${where}: ${item.msg}` : item.msg;
        })
        .join("; ");
    }
    if (status >= 500) return `the console could not do it (error ${status}); try again in a moment`;
    return `the console refused the request (error ${status})`;
  }

  async function request(method, url, payload) {
    const headers = { Accept: "application/json" };
    const init = { method, headers, credentials: "same-origin", cache: "no-store" };
    if (method !== "GET") headers["X-CSRF-Token"] = csrfToken;
    if (payload !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(payload);
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch (err) {
      throw new ApiError("the console cannot be reached: check the network connection", 0);
    }
    if (response.status === 401) {
      sessionEnded();
      throw new ApiError("your session has ended: sign in again", 401);
    }
    let body = null;
    if ((response.headers.get("content-type") || "").includes("json")) {
      try {
        body = await response.json();
      } catch (err) {
        body = null;
      }
    }
    if (!response.ok) throw new ApiError(detailOf(body, response.status), response.status, body);
    return body;
  }

  const api = (method, path, payload) => request(method, API + path, payload);

  function sessionEnded() {
    if (state.sessionOver) return;
    state.sessionOver = true;
    stopLive();
    const notice = byId("notice-text");
    notice.textContent = "Your session has ended. ";
    notice.append(el("a", { href: SIGN_IN }, "Sign in again"));
    byId("notice-dismiss").hidden = true;
    byId("notice").hidden = false;
  }

  // --- the queue ------------------------------------------------------------------------

  let queueTimer = null;
  let queueBusy = false;
  let queueAgain = false;

  function refreshQueueSoon() {
    if (queueTimer !== null) return;
    queueTimer = window.setTimeout(() => {
      queueTimer = null;
      loadQueue();
    }, REFRESH_DELAY_MS);
  }

  function folderQuery(folder) {
    const params = new URLSearchParams({ folder });
    if (state.team) params.set("team", state.team);
    if (state.q) params.set("q", state.q);
    return `/tickets?${params}`;
  }

  async function loadQueue() {
    if (state.sessionOver) return;
    if (queueBusy) {
      queueAgain = true;
      return;
    }
    queueBusy = true;
    const asked = `${state.team}\u0000${state.q}`;
    try {
      const lists = await Promise.all(FOLDERS.map((folder) => api("GET", folderQuery(folder))));
      // Filters changed while the answers were on their way: those answers are stale.
      if (asked !== `${state.team}\u0000${state.q}`) {
        queueAgain = true;
        return;
      }
      state.listsAt = Date.now();
      FOLDERS.forEach((folder, i) => {
        state.lists[folder] = Array.isArray(lists[i]) ? lists[i] : [];
        for (const ticket of state.lists[folder]) ticket.receivedAt = state.listsAt;
      });
      announceNewTickets();
      renderQueue();
      if (state.queueFailed) {
        state.queueFailed = false;
        if (!state.sessionOver) byId("notice").hidden = true;
      }
    } catch (err) {
      if (err.status !== 401) {
        state.queueFailed = true;
        notify(`The queue could not be loaded: ${err.message}.`);
      }
    } finally {
      queueBusy = false;
      if (queueAgain) {
        queueAgain = false;
        refreshQueueSoon();
      }
    }
  }

  function announceNewTickets() {
    // Only without filters is the unassigned list every waiting ticket.
    if (state.team || state.q) return;
    const waiting = state.lists.unassigned || [];
    const ids = new Set(waiting.map((t) => t.id));
    if (state.knownWaiting !== null) {
      const fresh = waiting.filter((t) => !state.knownWaiting.has(t.id));
      if (fresh.length === 1) {
        const t = fresh[0];
        announce(`New conversation waiting: ${personName(t)}, ${channelText(t.channel)}, ${teamText(t.team)}.`);
      } else if (fresh.length > 1) {
        announce(`${fresh.length} new conversations waiting.`);
      }
    }
    state.knownWaiting = ids;
  }

  function queueItem(ticket) {
    const current = ticket.id === state.openId;
    const facts = [channelText(ticket.channel), languageText(ticket.language), teamText(ticket.team)];
    if (ticket.status !== "closed" && ticket.assignee) {
      facts.push(ticket.assignee.id === me.id ? "you" : authorName(ticket.assignee));
    }
    const button = el(
      "button",
      {
        type: "button",
        className: "ticket-item",
        "data-id": ticket.id,
        "aria-current": current ? "true" : null,
      },
      el(
        "span",
        { className: "t-line" },
        el("span", { className: ticket.name ? "t-name" : "t-name anonymous" }, personName(ticket)),
        el(
          "span",
          { className: "t-wait", "data-wait": ticket.id },
          ticket.status === "closed" ? "closed" : waitingText(secondsWaited(ticket)),
        ),
      ),
      el("span", { className: "t-facts" }, facts.join(" · ")),
      ticket.preview ? el("span", { className: "t-preview", dir: "auto" }, ticket.preview) : null,
      ticket.callback_requested ? el("span", { className: "flag" }, "Callback requested") : null,
    );
    return el("li", {}, button);
  }

  function renderQueue() {
    document.querySelectorAll(".folder").forEach((button) => {
      button.setAttribute("aria-pressed", String(button.dataset.folder === state.folder));
    });
    byId("queue-title").textContent = FOLDER_TITLES[state.folder];
    if (!state.listsAt) return; // the first answer is still on its way
    for (const folder of FOLDERS) {
      const count = document.querySelector(`[data-count="${folder}"]`);
      count.textContent = String((state.lists[folder] || []).length);
    }
    const list = byId("queue");
    const focused = document.activeElement;
    const focusedId = focused && focused.classList.contains("ticket-item") ? focused.dataset.id : null;
    const tickets = state.lists[state.folder] || [];
    list.replaceChildren(...tickets.map(queueItem));
    list.setAttribute("aria-busy", "false");
    byId("queue-empty").hidden = tickets.length > 0;
    if (focusedId !== null) {
      const again = list.querySelector(`.ticket-item[data-id="${CSS.escape(focusedId)}"]`);
      if (again) again.focus();
    }
  }

  function tickClock() {
    const all = new Map();
    for (const folder of FOLDERS) for (const t of state.lists[folder] || []) all.set(String(t.id), t);
    document.querySelectorAll("[data-wait]").forEach((node) => {
      const ticket = all.get(node.dataset.wait);
      if (ticket && ticket.status !== "closed") node.textContent = waitingText(secondsWaited(ticket));
    });
    if (state.ticket) renderFacts(state.ticket);
  }

  // --- the open ticket ------------------------------------------------------------------

  let ticketTimer = null;
  let ticketBusy = false;
  let ticketAgain = false;

  function refreshTicketSoon() {
    if (state.openId === null || ticketTimer !== null) return;
    ticketTimer = window.setTimeout(() => {
      ticketTimer = null;
      loadTicket(state.openId, false);
    }, REFRESH_DELAY_MS);
  }

  async function loadTicket(id, fresh) {
    if (ticketBusy && !fresh) {
      ticketAgain = true;
      return;
    }
    ticketBusy = true;
    try {
      const ticket = await api("GET", `/tickets/${encodeURIComponent(id)}`);
      if (state.openId !== id) return;
      renderTicket(ticket, fresh);
    } catch (err) {
      if (state.openId === id && err.status !== 401) {
        const what = err.status === 404 ? "there is no such conversation" : err.message;
        notify(`Conversation #${id} could not be loaded: ${what}.`);
      }
    } finally {
      ticketBusy = false;
      if (ticketAgain) {
        ticketAgain = false;
        refreshTicketSoon();
      }
    }
  }

  async function openTicket(id) {
    state.openId = id;
    state.ticket = null;
    const url = new URL(window.location.href);
    url.searchParams.set("ticket", String(id));
    window.history.replaceState(null, "", url);
    document.body.classList.add("has-ticket");
    document.querySelectorAll(".ticket-item").forEach((b) => {
      if (b.dataset.id === String(id)) b.setAttribute("aria-current", "true");
      else b.removeAttribute("aria-current");
    });
    await loadTicket(id, true);
    if (state.openId !== id) return;
    if (!state.ticket) {
      // Nothing to show (the error says why): back to the queue, not to an empty pane.
      closeView();
      return;
    }
    byId("ticket-title").focus();
    loadStaff();
  }

  function closeView() {
    const id = state.openId;
    state.openId = null;
    state.ticket = null;
    const url = new URL(window.location.href);
    url.searchParams.delete("ticket");
    window.history.replaceState(null, "", url);
    document.body.classList.remove("has-ticket");
    byId("ticket-view").hidden = true;
    byId("no-ticket").hidden = false;
    renderQueue();
    const item = document.querySelector(`.ticket-item[data-id="${id}"]`);
    (item || byId("queue-title")).focus();
  }

  function statusText(ticket) {
    if (ticket.status === "closed") return "Closed";
    if (!ticket.assignee) return "Waiting for a counsellor";
    return ticket.assignee.id === me.id ? "Assigned to you" : `Assigned to ${authorName(ticket.assignee)}`;
  }

  function renderFacts(ticket) {
    const facts = [
      ["Status", statusText(ticket)],
      ["Channel", channelText(ticket.channel)],
      ["Language", languageText(ticket.language)],
      ["Team", teamText(ticket.team)],
      ["Reason", REASONS[ticket.reason] || ticket.reason || ""],
      ["Waiting", ticket.status === "closed" ? "" : waitingText(secondsWaited(ticket))],
      ["Asked at", timeText(ticket.created_at)],
      ["Conversation", ticket.conversation_id || ""],
    ];
    if (ticket.callback_requested) {
      facts.push(["Callback", ticket.callback_phone ? `requested on ${ticket.callback_phone}` : "requested"]);
    }
    if (ticket.status === "closed") {
      facts.push(["Rating", ticket.rating ? RATINGS[ticket.rating] || ticket.rating : "not rated yet"]);
    }
    const list = byId("ticket-facts");
    list.replaceChildren();
    for (const [name, value] of facts) {
      if (!value) continue;
      list.append(el("div", { "data-fact": name.toLowerCase() }, el("dt", {}, name), el("dd", {}, value)));
    }
  }

  function messageNode(message) {
    const sender = ["user", "bot", "staff"].includes(message.sender) ? message.sender : "bot";
    let who = sender === "user" ? "User" : "Assistant";
    if (sender === "staff") who = `Staff: ${authorName(message.author) || "a colleague"}`;
    const failed = message.delivery === "failed";
    const error = message.error || state.sendErrors.get(message.id);
    const meta = el("p", { className: "meta" }, el("time", { datetime: message.at || null }, timeText(message.at)));
    if (failed) {
      meta.append(el("strong", { className: "failed-note" }, ` Not delivered${error ? `: ${error}` : ""}`));
    }
    return el(
      "li",
      { className: `msg msg-${sender}${failed ? " failed" : ""}`, "data-id": message.id },
      el("p", { className: "who" }, who),
      el("p", { className: "text", dir: "auto" }, message.text || ""),
      meta,
    );
  }

  function messageKey(message) {
    const error = message.error || state.sendErrors.get(message.id) || "";
    return `${message.delivery}|${error}|${message.text}|${authorName(message.author)}`;
  }

  function renderTranscript(messages, fresh) {
    const log = byId("transcript");
    const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    if (fresh) {
      log.replaceChildren();
      state.messageNodes = new Map();
    }
    for (const message of messages) {
      const known = state.messageNodes.get(message.id);
      if (known && known.key === messageKey(message)) continue;
      const node = messageNode(message);
      if (known) known.node.replaceWith(node);
      else log.append(node);
      state.messageNodes.set(message.id, { node, key: messageKey(message) });
    }
    if (fresh || nearBottom) log.scrollTop = log.scrollHeight;
  }

  function renderProfile(profile) {
    const list = byId("profile");
    list.replaceChildren();
    const entries = Object.entries(profile || {}).filter(([, value]) => valueText(value));
    if (!entries.length) {
      list.append(el("div", {}, el("dt", {}, "Registered"), el("dd", {}, "no: no profile in the registry")));
      return;
    }
    for (const [key, value] of entries) {
      list.append(el("div", {}, el("dt", {}, humanKey(key)), el("dd", { dir: "auto" }, valueText(value))));
    }
  }

  function noteNode(note) {
    return el(
      "li",
      { className: "note", "data-id": note.id },
      el("p", { className: "meta" }, `${authorName(note.author) || "A colleague"} · ${timeText(note.at)}`),
      el("p", { className: "text", dir: "auto" }, note.text),
    );
  }

  function renderNotes(notes, fresh) {
    const list = byId("notes");
    if (fresh) {
      list.replaceChildren();
      state.noteIds = new Set();
    }
    for (const note of notes || []) {
      if (state.noteIds.has(note.id)) continue;
      state.noteIds.add(note.id);
      list.append(noteNode(note));
    }
  }

  function renderActions(ticket) {
    const open = ticket.status !== "closed";
    const mine = Boolean(ticket.assignee && ticket.assignee.id === me.id);
    byId("claim").hidden = !(open && !ticket.assignee);
    byId("assign-form").hidden = !(open && (mine || me.supervisor));
    byId("close").hidden = !(open && (mine || me.supervisor));
    const canReply = open && mine;
    byId("reply-form").hidden = !canReply;
    const locked = byId("reply-locked");
    locked.hidden = canReply;
    if (!open) locked.textContent = "This conversation is closed: replies are no longer possible.";
    else if (!ticket.assignee) locked.textContent = "Claim this conversation to reply.";
    else if (!mine) locked.textContent = `${authorName(ticket.assignee)} is answering this conversation.`;
  }

  function renderTicket(ticket, fresh) {
    const previous = state.ticket;
    ticket.receivedAt = Date.now();
    state.ticket = ticket;
    byId("no-ticket").hidden = true;
    byId("ticket-view").hidden = false;
    byId("ticket-title").textContent = `${ticket.name || "Unregistered user"} · #${ticket.id}`;
    renderFacts(ticket);
    renderActions(ticket);
    renderTranscript(ticket.messages || [], fresh);
    renderProfile(ticket.profile);
    renderNotes(ticket.notes, fresh);
    if (fresh) {
      showError(byId("action-error"), "");
      showError(byId("reply-error"), "");
      showError(byId("note-error"), "");
      byId("reply-text").value = "";
      byId("note-text").value = "";
    }
    if (fresh || !previous || previous.language !== ticket.language || previous.team !== ticket.team) {
      loadCanned(ticket);
    }
    if (fresh || !previous || previous.assignee?.id !== ticket.assignee?.id) renderAssignOptions();
    updateReplyHint();
  }

  // --- staff, presence and canned answers ------------------------------------------------

  async function loadStaff() {
    const presenceAsked = state.presenceChanges;
    try {
      const staff = await api("GET", "/staff");
      state.staff = Array.isArray(staff) ? staff : [];
      const self = state.staff.find((s) => s.id === me.id);
      // An answer older than her own last change must not undo it.
      if (self && presenceAsked === state.presenceChanges) renderPresence(self.presence);
      renderAssignOptions();
    } catch (err) {
      if (err.status !== 401) notify(`The list of colleagues could not be loaded: ${err.message}.`);
    }
  }

  function renderAssignOptions() {
    const select = byId("assign-to");
    const chosen = select.value;
    const assigneeId = state.ticket && state.ticket.assignee ? state.ticket.assignee.id : null;
    const options = state.staff
      .filter((s) => s.id !== assigneeId)
      .map((s) => {
        const presence = s.presence === "online" ? "online" : "away";
        const load = typeof s.open_tickets === "number" ? `, ${s.open_tickets} open` : "";
        const label = `${s.display_name}${s.id === me.id ? " (you)" : ""} · ${presence}${load}`;
        return el("option", { value: s.id }, label);
      });
    select.replaceChildren(...options);
    if (chosen && options.some((o) => o.value === chosen)) select.value = chosen;
  }

  function renderPresence(presence) {
    state.presence = presence === "online" ? "online" : "away";
    const online = state.presence === "online";
    byId("presence").setAttribute("aria-checked", String(online));
    byId("presence-state").textContent = online ? "Online" : "Away";
  }

  async function togglePresence() {
    const wanted = state.presence === "online" ? "away" : "online";
    const button = byId("presence");
    button.disabled = true;
    state.presenceChanges += 1;
    try {
      await api("PUT", "/presence", { status: wanted });
      renderPresence(wanted);
      announce(wanted === "online" ? "You are online." : "You are away.");
    } catch (err) {
      if (err.status !== 401) notify(`Your presence could not be changed: ${err.message}.`);
    } finally {
      button.disabled = false;
    }
  }

  async function loadCanned(ticket) {
    const language = ticket.language || "en";
    let answers = state.canned.get(language);
    if (!answers) {
      try {
        answers = await api("GET", `/canned?language=${encodeURIComponent(language)}`);
        answers = Array.isArray(answers) ? answers : [];
        state.canned.set(language, answers);
      } catch (err) {
        answers = [];
        if (err.status !== 401) showError(byId("reply-error"), `Canned answers could not be loaded: ${err.message}.`);
      }
    }
    if (!state.ticket || state.ticket.id !== ticket.id) return;
    const fitting = answers.filter((a) => !a.team || a.team === ticket.team);
    const select = byId("canned");
    select.replaceChildren(
      ...fitting.map((a) => el("option", { value: a.id, dir: "auto" }, a.title || a.text.slice(0, 60))),
    );
    const none = fitting.length === 0;
    if (none) select.append(el("option", { value: "" }, `none in ${languageText(language)}`));
    select.disabled = none;
    byId("canned-insert").disabled = none;
    byId("canned").previousElementSibling.textContent = `Canned answers (${languageText(language)})`;
  }

  function insertCanned() {
    const language = state.ticket ? state.ticket.language || "en" : "en";
    const id = byId("canned").value;
    const answer = (state.canned.get(language) || []).find((a) => String(a.id) === id);
    if (!answer) return;
    const box = byId("reply-text");
    const start = box.selectionStart ?? box.value.length;
    const end = box.selectionEnd ?? box.value.length;
    box.setRangeText(answer.text, start, end, "end");
    box.focus();
    updateReplyHint();
  }

  // --- actions --------------------------------------------------------------------------

  async function act(button, errorNode, failure, work) {
    if (button) button.disabled = true;
    showError(errorNode, "");
    try {
      return await work();
    } catch (err) {
      if (err.status !== 401) showError(errorNode, `${failure}: ${err.message}.`);
      return undefined;
    } finally {
      if (button) button.disabled = false;
    }
  }

  function claim() {
    const id = state.openId;
    return act(byId("claim"), byId("action-error"), "The conversation could not be claimed", async () => {
      const ticket = await api("POST", `/tickets/${id}/claim`);
      if (state.openId === id) renderTicket(ticket, false);
      announce("You have claimed this conversation. You can reply now.");
      refreshQueueSoon();
      byId("reply-text").focus();
    });
  }

  function assign(event) {
    event.preventDefault();
    const id = state.openId;
    const target = Number(byId("assign-to").value);
    if (!target) {
      showError(byId("action-error"), "Choose a colleague to assign the conversation to.");
      return undefined;
    }
    const button = byId("assign-form").querySelector("button");
    return act(button, byId("action-error"), "The conversation could not be assigned", async () => {
      const ticket = await api("POST", `/tickets/${id}/assign`, { account_id: target });
      if (state.openId === id) renderTicket(ticket, false);
      announce(`Assigned to ${authorName(ticket.assignee)}.`);
      refreshQueueSoon();
      loadStaff();
    });
  }

  function askClose() {
    const dialog = byId("close-dialog");
    if (typeof dialog.showModal === "function") {
      dialog.returnValue = "";
      dialog.showModal();
    } else if (window.confirm("Close this conversation? The user is asked to rate the help.")) {
      closeTicket();
    }
  }

  function closeTicket() {
    const id = state.openId;
    return act(byId("close"), byId("action-error"), "The conversation could not be closed", async () => {
      const ticket = await api("POST", `/tickets/${id}/close`);
      if (state.openId === id) renderTicket(ticket, false);
      announce("Conversation closed. The user is asked to rate the help.");
      refreshQueueSoon();
      byId("ticket-title").focus();
    });
  }

  function sendReply(event) {
    event.preventDefault();
    const id = state.openId;
    const box = byId("reply-text");
    const text = box.value.trim();
    const errorNode = byId("reply-error");
    if (!text) {
      showError(errorNode, "Write a reply first.");
      box.focus();
      return undefined;
    }
    return act(byId("reply-send"), errorNode, "Sending failed", async () => {
      try {
        const message = await api("POST", `/tickets/${id}/messages`, { text });
        if (state.openId === id && message && message.id !== undefined) renderTranscript([message], false);
        if (box.value.trim() === text) box.value = "";
        updateReplyHint();
        refreshTicketSoon();
        refreshQueueSoon();
      } catch (err) {
        // 502: stored, but the user's channel did not take it; the transcript marks it.
        const failed = err.status === 502 && err.body ? err.body.message : null;
        if (failed && failed.id !== undefined) {
          state.sendErrors.set(failed.id, err.message);
          if (state.openId === id) renderTranscript([failed], false);
        }
        if (err.status === 502) refreshTicketSoon();
        throw err;
      }
    });
  }

  function addNote(event) {
    event.preventDefault();
    const id = state.openId;
    const box = byId("note-text");
    const text = box.value.trim();
    if (!text) {
      showError(byId("note-error"), "Write the note first.");
      box.focus();
      return undefined;
    }
    const button = byId("note-form").querySelector("button");
    return act(button, byId("note-error"), "The note was not saved", async () => {
      const note = await api("POST", `/tickets/${id}/notes`, { text });
      if (state.openId === id && note) renderNotes([note], false);
      box.value = "";
      announce("Note added.");
    });
  }

  // --- live updates ---------------------------------------------------------------------

  let source = null;
  let retryMs = RETRY_FIRST_MS;
  let retryTimer = null;
  let interrupted = false;

  function setLive(message) {
    byId("live-status").textContent = message;
  }

  function connectLive() {
    if (state.sessionOver || source) return;
    source = new EventSource(`${API}/events`);
    source.addEventListener("open", () => {
      retryMs = RETRY_FIRST_MS;
      if (interrupted) {
        interrupted = false;
        setLive("Live updates are back.");
        // Whatever happened while the stream was down: fetch it now.
        refreshQueueSoon();
        refreshTicketSoon();
      }
    });
    source.addEventListener("ticket", (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch (err) {
        return;
      }
      refreshQueueSoon();
      if (data && String(data.id) === String(state.openId)) refreshTicketSoon();
    });
    source.addEventListener("error", () => {
      stopLive();
      interrupted = true;
      const wait = retryMs;
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      setLive(`Live updates interrupted: trying again in ${Math.round(wait / 1000)} s.`);
      retryTimer = window.setTimeout(async () => {
        retryTimer = null;
        // The stream cannot tell why it failed; an ended session is found out here.
        try {
          await request("GET", "/staff/me");
        } catch (err) {
          if (err.status === 401) return;
        }
        connectLive();
      }, wait);
    });
  }

  function stopLive() {
    if (source) {
      source.close();
      source = null;
    }
    if (retryTimer !== null && state.sessionOver) {
      window.clearTimeout(retryTimer);
      retryTimer = null;
    }
  }

  // --- wiring -------------------------------------------------------------------------

  function chooseFolder(folder) {
    if (!FOLDERS.includes(folder)) return;
    state.folder = folder;
    renderQueue();
  }

  let searchTimer = null;

  function onSearch() {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => {
      const q = byId("search").value.trim();
      if (q === state.q) return;
      state.q = q;
      state.knownWaiting = null;
      loadQueue();
    }, 300);
  }

  function moveInQueue(event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const items = Array.from(document.querySelectorAll(".ticket-item"));
    const index = items.indexOf(document.activeElement);
    if (index < 0) return;
    event.preventDefault();
    const next = items[index + (event.key === "ArrowDown" ? 1 : -1)];
    if (next) next.focus();
  }

  function start() {
    document.querySelectorAll(".folder").forEach((button) => {
      button.addEventListener("click", () => chooseFolder(button.dataset.folder));
    });
    byId("team-filter").addEventListener("change", (event) => {
      state.team = event.target.value;
      state.knownWaiting = null;
      loadQueue();
    });
    byId("search").addEventListener("input", onSearch);
    byId("search-form").addEventListener("submit", (event) => {
      event.preventDefault();
      onSearch();
    });
    byId("queue").addEventListener("click", (event) => {
      const item = event.target.closest(".ticket-item");
      if (item) openTicket(Number(item.dataset.id));
    });
    byId("queue").addEventListener("keydown", moveInQueue);
    byId("back").addEventListener("click", closeView);
    byId("claim").addEventListener("click", claim);
    byId("assign-form").addEventListener("submit", assign);
    byId("close").addEventListener("click", askClose);
    byId("close-dialog").addEventListener("close", () => {
      if (byId("close-dialog").returnValue === "close") closeTicket();
      else byId("close").focus();
    });
    byId("reply-form").addEventListener("submit", sendReply);
    byId("reply-text").addEventListener("input", updateReplyHint);
    byId("reply-text").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        byId("reply-form").requestSubmit();
      }
    });
    byId("canned-insert").addEventListener("click", insertCanned);
    byId("note-form").addEventListener("submit", addNote);
    byId("presence").addEventListener("click", togglePresence);
    byId("notice-dismiss").addEventListener("click", () => {
      if (!state.sessionOver) byId("notice").hidden = true;
    });
    window.setInterval(tickClock, CLOCK_TICK_MS);

    loadQueue();
    loadStaff();
    connectLive();
    const wanted = Number(new URL(window.location.href).searchParams.get("ticket"));
    if (Number.isInteger(wanted) && wanted > 0) openTicket(wanted);
  }

  start();
})();
