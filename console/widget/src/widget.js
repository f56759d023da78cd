/*
 * PES Assistant web chat widget.
 *
 * One tag on any page:
 *   <script src="https://console.example/widget.js" data-server="https://rasa.example"
 *           data-lang="en" defer></script>
 *
 * Optional attributes: data-path (socket.io path, default /socket.io), data-title,
 * data-session-ttl (minutes a conversation is kept in this browser without activity,
 * default 60). window.PESWebChat.open() / .close() let a page open it from its own links.
 *
 * Text from the bot or the user is only ever put into the page as text nodes; links
 * are built as elements, and only for http, https and tel addresses.
 */
(function () {
  "use strict";

  if (window.PESWebChat) {
    return; // the tag is on the page twice
  }

  // Filled in by the console when it serves this file.
  var CSS = "__PES_WIDGET_CSS__";
  var SOCKET_IO_VERSION = "__PES_SOCKET_IO_VERSION__";

  var LANGUAGES = ["en", "fr", "es", "pt", "sw", "ar"];
  var RTL = { ar: true };
  var MAX_STORED_MESSAGES = 150;
  var MAX_INPUT = 1000;
  var REPLY_TIMEOUT_MS = 45000;

  var TEXT = {
    en: {
      launcher: "Chat with us",
      title: "Employment assistant",
      close: "Close chat",
      restart: "New chat",
      restartLabel: "Start a new conversation",
      input: "Type your message",
      send: "Send",
      welcome:
        "Hello! I can help you register with the employment service, find jobs and training, and see which programmes you can join. Write your question below.",
      typing: "The assistant is typing…",
      connecting: "Connecting…",
      reconnecting: "Connection lost. Reconnecting…",
      offline: "You are offline. Your messages will be sent when the connection is back.",
      failed: "The assistant cannot be reached right now.",
      retry: "Try again",
      slow: "The assistant is taking longer than usual to answer.",
      rejected: "This message could not be sent.",
      pending: "not sent yet",
      you: "You:",
      bot: "Assistant:",
      choices: "Choices",
      log: "Conversation",
      image: "Image",
      attachment: "Open the attachment",
    },
    fr: {
      launcher: "Discuter avec nous",
      title: "Assistant emploi",
      close: "Fermer la discussion",
      restart: "Nouvelle discussion",
      restartLabel: "Commencer une nouvelle conversation",
      input: "Écrivez votre message",
      send: "Envoyer",
      welcome:
        "Bonjour ! Je peux vous aider à vous inscrire au service de l'emploi, à trouver des offres d'emploi et des formations, et à voir à quels programmes vous avez droit. Écrivez votre question ci-dessous.",
      typing: "L'assistant écrit…",
      connecting: "Connexion…",
      reconnecting: "Connexion perdue. Nouvelle tentative…",
      offline: "Vous êtes hors ligne. Vos messages partiront dès le retour de la connexion.",
      failed: "Impossible de joindre l'assistant pour le moment.",
      retry: "Réessayer",
      slow: "L'assistant met plus de temps que d'habitude à répondre.",
      rejected: "Ce message n'a pas pu être envoyé.",
      pending: "pas encore envoyé",
      you: "Vous :",
      bot: "Assistant :",
      choices: "Choix",
      log: "Conversation",
      image: "Image",
      attachment: "Ouvrir la pièce jointe",
    },
    es: {
      launcher: "Chatea con nosotros",
      title: "Asistente de empleo",
      close: "Cerrar el chat",
      restart: "Nuevo chat",
      restartLabel: "Empezar una conversación nueva",
      input: "Escribe tu mensaje",
      send: "Enviar",
      welcome:
        "¡Hola! Puedo ayudarte a inscribirte en el servicio de empleo, encontrar ofertas de trabajo y cursos, y ver a qué programas puedes acceder. Escribe tu pregunta abajo.",
      typing: "El asistente está escribiendo…",
      connecting: "Conectando…",
      reconnecting: "Se perdió la conexión. Reconectando…",
      offline: "Estás sin conexión. Tus mensajes se enviarán cuando vuelva la conexión.",
      failed: "No se puede contactar con el asistente en este momento.",
      retry: "Reintentar",
      slow: "El asistente está tardando más de lo normal en responder.",
      rejected: "No se pudo enviar este mensaje.",
      pending: "aún no enviado",
      you: "Tú:",
      bot: "Asistente:",
      choices: "Opciones",
      log: "Conversación",
      image: "Imagen",
      attachment: "Abrir el archivo adjunto",
    },
    pt: {
      launcher: "Fale connosco",
      title: "Assistente de emprego",
      close: "Fechar o chat",
      restart: "Nova conversa",
      restartLabel: "Começar uma nova conversa",
      input: "Escreva a sua mensagem",
      send: "Enviar",
      welcome:
        "Olá! Posso ajudar a inscrever-se no serviço de emprego, encontrar ofertas de emprego e formação, e ver a que programas tem direito. Escreva a sua pergunta abaixo.",
      typing: "O assistente está a escrever…",
      connecting: "A ligar…",
      reconnecting: "Ligação perdida. A restabelecer…",
      offline: "Está sem ligação. As mensagens serão enviadas quando a ligação voltar.",
      failed: "Não é possível contactar o assistente neste momento.",
      retry: "Tentar de novo",
      slow: "O assistente está a demorar mais do que o habitual a responder.",
      rejected: "Não foi possível enviar esta mensagem.",
      pending: "ainda não enviada",
      you: "Você:",
      bot: "Assistente:",
      choices: "Opções",
      log: "Conversa",
      image: "Imagem",
      attachment: "Abrir o anexo",
    },
    sw: {
      launcher: "Ongea nasi",
      title: "Msaidizi wa ajira",
      close: "Funga mazungumzo",
      restart: "Mazungumzo mapya",
      restartLabel: "Anza mazungumzo mapya",
      input: "Andika ujumbe wako",
      send: "Tuma",
      welcome:
        "Habari! Ninaweza kukusaidia kujisajili na huduma ya ajira, kupata nafasi za kazi na mafunzo, na kujua programu unazostahili. Andika swali lako hapa chini.",
      typing: "Msaidizi anaandika…",
      connecting: "Inaunganisha…",
      reconnecting: "Muunganisho umekatika. Inaunganisha tena…",
      offline: "Huna mtandao. Ujumbe wako utatumwa mtandao ukirudi.",
      failed: "Haiwezekani kumfikia msaidizi kwa sasa.",
      retry: "Jaribu tena",
      slow: "Msaidizi anachukua muda mrefu kuliko kawaida kujibu.",
      rejected: "Ujumbe huu haukuweza kutumwa.",
      pending: "bado haujatumwa",
      you: "Wewe:",
      bot: "Msaidizi:",
      choices: "Chaguo",
      log: "Mazungumzo",
      image: "Picha",
      attachment: "Fungua kiambatisho",
    },
    ar: {
      launcher: "تحدث معنا",
      title: "مساعد التوظيف",
      close: "إغلاق المحادثة",
      restart: "محادثة جديدة",
      restartLabel: "بدء محادثة جديدة",
      input: "اكتب رسالتك",
      send: "إرسال",
      welcome:
        "مرحبًا! يمكنني مساعدتك على التسجيل في خدمة التوظيف، والعثور على وظائف ودورات تدريبية، ومعرفة البرامج التي يمكنك الانضمام إليها. اكتب سؤالك في الأسفل.",
      typing: "المساعد يكتب…",
      connecting: "جارٍ الاتصال…",
      reconnecting: "انقطع الاتصال. جارٍ إعادة الاتصال…",
      offline: "أنت غير متصل بالإنترنت. ستُرسل رسائلك عند عودة الاتصال.",
      failed: "تعذّر الوصول إلى المساعد حاليًا.",
      retry: "إعادة المحاولة",
      slow: "يستغرق المساعد وقتًا أطول من المعتاد للرد.",
      rejected: "تعذّر إرسال هذه الرسالة.",
      pending: "لم تُرسل بعد",
      you: "أنت:",
      bot: "المساعد:",
      choices: "خيارات",
      log: "المحادثة",
      image: "صورة",
      attachment: "فتح المرفق",
    },
  };

  // ---------------------------------------------------------------------------------
  // Configuration from the script tag
  var script =
    document.currentScript || document.querySelector('script[src*="widget.js"][data-server]');
  if (!script) {
    return;
  }
  var server = (script.getAttribute("data-server") || "").replace(/\/+$/, "");
  if (!/^https?:\/\//i.test(server)) {
    if (window.console) {
      console.error("PES web chat: data-server must be the assistant's http(s) address");
    }
    return;
  }
  var socketPath = script.getAttribute("data-path") || "/socket.io";
  var ttlMinutes = parseInt(script.getAttribute("data-session-ttl") || "60", 10);
  if (!(ttlMinutes > 0)) {
    ttlMinutes = 60;
  }
  var assetBase = new URL(".", script.src).href;
  var pageLang = pickLanguage(
    script.getAttribute("data-lang") || document.documentElement.getAttribute("lang") || "en"
  );
  var customTitle = script.getAttribute("data-title");

  function pickLanguage(code) {
    var short = String(code).toLowerCase().split(/[-_]/)[0];
    return LANGUAGES.indexOf(short) >= 0 ? short : "en";
  }

  // ---------------------------------------------------------------------------------
  // Storage: the session id and the transcript survive a reload. Storage may be
  // unavailable (private modes, blocked cookies): the chat then works for this page only.
  var STORAGE_KEY = "pes-webchat:" + server;
  var memory = {};

  function readStore() {
    var raw = null;
    try {
      raw = window.localStorage.getItem(STORAGE_KEY);
    } catch (e) {
      raw = memory[STORAGE_KEY] || null;
    }
    if (!raw) {
      return null;
    }
    try {
      var data = JSON.parse(raw);
      if (!data || data.v !== 1 || !Array.isArray(data.messages)) {
        return null;
      }
      // A conversation left alone for long is not resumed: on a shared computer the
      // next person must not continue someone else's (possibly registered) session.
      if (Date.now() - (data.lastActive || 0) > ttlMinutes * 60000) {
        return null;
      }
      return data;
    } catch (e) {
      return null;
    }
  }

  function writeStore() {
    var data = JSON.stringify({
      v: 1,
      sessionId: state.sessionId,
      lastActive: state.lastActive,
      open: state.open,
      arabic: state.arabic,
      messages: state.messages.slice(-MAX_STORED_MESSAGES),
    });
    try {
      window.localStorage.setItem(STORAGE_KEY, data);
    } catch (e) {
      memory[STORAGE_KEY] = data;
    }
  }

  function clearStore() {
    try {
      window.localStorage.removeItem(STORAGE_KEY);
    } catch (e) {
      delete memory[STORAGE_KEY];
    }
  }

  var stored = readStore();
  var state = {
    sessionId: stored ? stored.sessionId || null : null,
    lastActive: stored ? stored.lastActive : Date.now(),
    open: stored ? !!stored.open : false,
    // The conversation turned Arabic (the bot answers in Arabic): the panel goes
    // right-to-left and its own words follow, whatever the page's language.
    arabic: stored ? !!stored.arabic : false,
    lang: pageLang,
    messages: stored ? stored.messages : [],
    confirmed: false,
    connection: "idle", // idle | connecting | online | reconnecting | failed
    notice: "", // a one-off note shown in the status line (slow answer, refused message)
  };

  // ---------------------------------------------------------------------------------
  // DOM helpers
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        if (attrs[key] !== null && attrs[key] !== undefined && attrs[key] !== false) {
          node.setAttribute(key, attrs[key] === true ? "" : String(attrs[key]));
        }
      });
    }
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function t(key) {
    return (TEXT[state.lang] || TEXT.en)[key] || TEXT.en[key];
  }

  function safeHref(raw) {
    try {
      var url = new URL(raw, window.location.href);
      if (url.protocol === "http:" || url.protocol === "https:" || url.protocol === "tel:") {
        return url.href;
      }
    } catch (e) {
      // not an address
    }
    return null;
  }

  // Markdown links, bare http(s) addresses, and international phone numbers.
  var LINKS =
    /\[([^\]\n]{1,200})\]\(((?:https?:\/\/|tel:)[^\s)]{1,2000})\)|(https?:\/\/[^\s<>"']{1,2000})|(\+\d[\d ]{6,16}\d)/g;

  function linkify(text) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    var match;
    LINKS.lastIndex = 0;
    while ((match = LINKS.exec(text)) !== null) {
      var label = match[0];
      var target = null;
      var consumed = match[0];
      if (match[1]) {
        label = match[1];
        target = match[2];
      } else if (match[3]) {
        // "see https://x.org/jobs." - the full stop ends the sentence, not the address
        consumed = match[3].replace(/[.,;:!?)\]]+$/, "");
        label = consumed;
        target = consumed;
      } else if (match[4]) {
        target = "tel:" + match[4].replace(/ /g, "");
      }
      var href = target && safeHref(target);
      if (!href) {
        continue;
      }
      fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
      var link = el("a", { href: href }, [label]);
      if (!/^tel:/.test(href)) {
        link.setAttribute("target", "_blank");
        link.setAttribute("rel", "noopener noreferrer nofollow");
      }
      fragment.appendChild(link);
      last = match.index + consumed.length;
      LINKS.lastIndex = last;
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function isArabic(text) {
    var arabic = (String(text).match(/[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]/g) || []).length;
    var latin = (String(text).match(/[A-Za-z\u00C0-\u024F]/g) || []).length;
    return arabic > 0 && arabic >= latin;
  }

  // ---------------------------------------------------------------------------------
  // Building the widget
  var host = el("div", { id: "pes-webchat", "data-pes-webchat": "" });
  var shadow = host.attachShadow ? host.attachShadow({ mode: "open" }) : null;
  if (!shadow) {
    return; // browsers without shadow DOM are also without the rest; SMS serves them
  }
  if (shadow.adoptedStyleSheets !== undefined && window.CSSStyleSheet && "replaceSync" in CSSStyleSheet.prototype) {
    // A constructed sheet is not an inline <style>, so a strict CSP on the page allows it.
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    shadow.appendChild(el("style", null, [CSS]));
  }

  var ICON =
    "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm2 5v2h12V9H6zm0 4v2h8v-2H6z";
  var svgNS = "http://www.w3.org/2000/svg";
  var icon = document.createElementNS(svgNS, "svg");
  icon.setAttribute("viewBox", "0 0 24 24");
  icon.setAttribute("aria-hidden", "true");
  icon.setAttribute("focusable", "false");
  var iconPath = document.createElementNS(svgNS, "path");
  iconPath.setAttribute("d", ICON);
  icon.appendChild(iconPath);

  var launcherText = el("span");
  var launcher = el("button", {
    type: "button",
    class: "launcher",
    "aria-controls": "pes-panel",
    "aria-expanded": "false",
  }, [icon, launcherText]);

  var titleNode = el("h2", { class: "title", id: "pes-title" });
  var restartButton = el("button", { type: "button", class: "icon-button restart" });
  var closeButton = el("button", { type: "button", class: "icon-button close" }, ["×"]);
  var statusText = el("span");
  var statusLine = el("div", { class: "status", role: "status" });
  var log = el("div", {
    class: "log",
    role: "log",
    "aria-live": "polite",
    "aria-relevant": "additions",
    tabindex: "0",
  });
  var typingText = el("span");
  var typing = el("div", { class: "typing", hidden: true, role: "status" }, [
    el("span", { class: "dot", "aria-hidden": "true" }),
    el("span", { class: "dot", "aria-hidden": "true" }),
    el("span", { class: "dot", "aria-hidden": "true" }),
    typingText,
  ]);
  var inputLabel = el("label", { class: "sr-only", for: "pes-input" });
  var input = el("input", {
    id: "pes-input",
    class: "input",
    type: "text",
    autocomplete: "off",
    maxlength: String(MAX_INPUT),
    enterkeyhint: "send",
  });
  var sendButton = el("button", { type: "submit", class: "send" });
  var composer = el("form", { class: "composer" }, [inputLabel, input, sendButton]);
  var panel = el("section", {
    id: "pes-panel",
    class: "panel",
    role: "dialog",
    "aria-labelledby": "pes-title",
    hidden: true,
  }, [
    el("div", { class: "header" }, [titleNode, restartButton, closeButton]),
    statusLine,
    log,
    typing,
    composer,
  ]);
  var root = el("div", { class: "root" }, [launcher, panel]);
  shadow.appendChild(root);

  function applyLanguage() {
    state.lang = state.arabic ? "ar" : pageLang;
    root.setAttribute("lang", state.lang);
    root.setAttribute("dir", RTL[state.lang] ? "rtl" : "ltr");
    launcherText.textContent = t("launcher");
    titleNode.textContent = customTitle || t("title");
    restartButton.textContent = t("restart");
    restartButton.setAttribute("aria-label", t("restartLabel"));
    closeButton.setAttribute("aria-label", t("close"));
    log.setAttribute("aria-label", t("log"));
    typingText.textContent = t("typing");
    inputLabel.textContent = t("input");
    input.setAttribute("placeholder", t("input"));
    sendButton.textContent = t("send");
    renderStatus();
  }

  // ---------------------------------------------------------------------------------
  // Transcript. Bubbles are updated in place (never re-rendered), so that the log's
  // live region does not read the whole conversation out again.
  var bubbles = new Map();

  function markSent(message) {
    delete message.pending;
    var bubble = bubbles.get(message);
    if (bubble) {
      bubble.classList.remove("pending");
      var note = bubble.querySelector(".pending-note");
      if (note) {
        bubble.removeChild(note);
      }
    }
  }

  function markFailed(message) {
    message.failed = true;
    var bubble = bubbles.get(message);
    if (bubble) {
      bubble.classList.add("failed");
    }
  }

  function renderMessage(message, index) {
    var nodes = [];
    var bubble = el("div", { class: "msg " + message.who, dir: "auto" });
    bubble.appendChild(el("span", { class: "sr-only" }, [t(message.who === "user" ? "you" : "bot") + " "]));
    if (message.text) {
      bubble.appendChild(message.who === "bot" ? linkify(message.text) : document.createTextNode(message.text));
    }
    if (message.image) {
      var src = safeHref(message.image);
      if (src && !/^tel:/.test(src)) {
        bubble.appendChild(el("img", { src: src, alt: message.imageAlt || t("image"), loading: "lazy" }));
      }
    }
    if (message.link) {
      var href = safeHref(message.link);
      if (href) {
        bubble.appendChild(
          el("a", { href: href, target: "_blank", rel: "noopener noreferrer nofollow" }, [t("attachment")])
        );
      }
    }
    if (message.pending) {
      bubble.classList.add("pending");
      bubble.appendChild(el("span", { class: "sr-only pending-note" }, [" (" + t("pending") + ")"]));
    }
    if (message.failed) {
      bubble.classList.add("failed");
    }
    bubbles.set(message, bubble);
    nodes.push(bubble);
    // Only the newest message's buttons can be tapped: older choices no longer apply.
    if (message.buttons && message.buttons.length && index === state.messages.length - 1) {
      var group = el("div", { class: "choices", role: "group", "aria-label": t("choices") });
      message.buttons.forEach(function (button) {
        var url = /^https?:\/\//i.test(button.payload) ? safeHref(button.payload) : null;
        var node = url
          ? el("a", { class: "choice", href: url, target: "_blank", rel: "noopener noreferrer nofollow", dir: "auto" }, [button.title])
          : el("button", { type: "button", class: "choice", dir: "auto" }, [button.title]);
        if (!url) {
          node.addEventListener("click", function () {
            send(button.payload, button.title);
            input.focus(); // the buttons are gone now; keep the keyboard in the chat
          });
        }
        group.appendChild(node);
      });
      nodes.push(group);
    }
    return nodes;
  }

  function renderLog() {
    while (log.firstChild) {
      log.removeChild(log.firstChild);
    }
    bubbles.clear();
    log.appendChild(el("div", { class: "msg bot", dir: "auto" }, [t("welcome")]));
    state.messages.forEach(function (message, index) {
      renderMessage(message, index).forEach(function (node) {
        log.appendChild(node);
      });
    });
    log.scrollTop = log.scrollHeight;
  }

  function addMessage(message) {
    // The previous message's buttons go away (they are only offered on the newest).
    var previous = log.querySelector(".choices");
    if (previous) {
      previous.parentNode.removeChild(previous);
    }
    state.messages.push(message);
    if (state.messages.length > MAX_STORED_MESSAGES * 2) {
      state.messages = state.messages.slice(-MAX_STORED_MESSAGES);
    }
    state.lastActive = Date.now();
    renderMessage(message, state.messages.length - 1).forEach(function (node) {
      log.appendChild(node);
    });
    log.scrollTop = log.scrollHeight;
    writeStore();
  }

  // ---------------------------------------------------------------------------------
  // Status line: the connection, told honestly
  function renderStatus() {
    while (statusLine.firstChild) {
      statusLine.removeChild(statusLine.firstChild);
    }
    var text = "";
    if (navigator.onLine === false && state.connection !== "idle") {
      // The browser knows before the socket does (which may take a ping timeout).
      text = t("offline");
    } else if (state.connection === "connecting") {
      text = t("connecting");
    } else if (state.connection === "reconnecting") {
      text = t("reconnecting");
    } else if (state.connection === "failed") {
      text = t("failed");
    } else if (state.notice) {
      text = t(state.notice);
    }
    if (!text) {
      return;
    }
    statusText.textContent = text;
    statusLine.appendChild(statusText);
    if (state.connection === "failed") {
      var retry = el("button", { type: "button" }, [t("retry")]);
      retry.addEventListener("click", function () {
        if (socket) {
          setConnection("connecting");
          socket.connect();
        } else {
          state.connection = "idle";
          connect();
        }
      });
      statusLine.appendChild(retry);
    }
  }

  function setConnection(value) {
    state.connection = value;
    renderStatus();
  }

  var replyTimer = null;

  function showTyping() {
    typing.hidden = false;
    clearTimeout(replyTimer);
    replyTimer = setTimeout(function () {
      typing.hidden = true;
      state.notice = "slow";
      renderStatus();
    }, REPLY_TIMEOUT_MS);
  }

  function hideTyping() {
    typing.hidden = true;
    clearTimeout(replyTimer);
    if (state.notice === "slow") {
      state.notice = "";
      renderStatus();
    }
  }

  // ---------------------------------------------------------------------------------
  // Connection
  var socket = null;
  var ioLoading = null;

  // Our own copy of the socket.io client, without taking over a window.io the page may
  // already use for something else.
  function loadClient() {
    if (ioLoading) {
      return ioLoading;
    }
    ioLoading = new Promise(function (resolve, reject) {
      var hadIo = Object.prototype.hasOwnProperty.call(window, "io");
      var pageIo = window.io;
      var tag = document.createElement("script");
      tag.src = assetBase + "widget/socket.io.min.js?v=" + encodeURIComponent(SOCKET_IO_VERSION);
      tag.async = true;
      tag.onload = function () {
        var ours = window.io;
        if (hadIo) {
          window.io = pageIo;
        } else {
          try {
            delete window.io;
          } catch (e) {
            window.io = undefined;
          }
        }
        if (typeof ours === "function") {
          resolve(ours);
        } else {
          reject(new Error("socket.io client did not load"));
        }
      };
      tag.onerror = function () {
        reject(new Error("socket.io client could not be fetched"));
      };
      (document.head || document.documentElement).appendChild(tag);
    });
    ioLoading.catch(function () {
      ioLoading = null; // a retry fetches it again
    });
    return ioLoading;
  }

  function connect() {
    if (socket || state.connection === "connecting") {
      return;
    }
    setConnection("connecting");
    loadClient().then(
      function (io) {
        // WebSocket first (fewer requests on slow networks), long-polling when a proxy
        // on the way does not let WebSockets through.
        socket = io(server, { path: socketPath, transports: ["websocket", "polling"], tryAllTransports: true });
        socket.on("connect", function () {
          state.confirmed = false;
          socket.emit("session_request", { session_id: state.sessionId });
        });
        socket.on("session_confirm", function (id) {
          var confirmed = typeof id === "string" ? id : id && id.session_id;
          if (confirmed && confirmed !== state.sessionId) {
            state.sessionId = confirmed;
            writeStore();
          }
          state.confirmed = true;
          setConnection("online");
          flushOutbox();
        });
        socket.on("bot_uttered", receive);
        socket.on("message_rejected", function () {
          hideTyping();
          var last = null;
          for (var i = state.messages.length - 1; i >= 0; i--) {
            if (state.messages[i].who === "user") {
              last = state.messages[i];
              break;
            }
          }
          if (last) {
            markFailed(last);
            writeStore();
          }
          state.notice = "rejected";
          renderStatus();
        });
        socket.on("disconnect", function (reason) {
          state.confirmed = false;
          hideTyping();
          setConnection("reconnecting");
          if (reason === "io server disconnect") {
            socket.connect(); // the server closed it; socket.io does not retry that by itself
          }
        });
        socket.on("connect_error", function () {
          setConnection(socket && socket.active ? "reconnecting" : "failed");
        });
      },
      function () {
        setConnection("failed");
      }
    );
  }

  function newSession() {
    hideTyping();
    state.messages = [];
    state.arabic = false;
    applyLanguage();
    state.sessionId = null;
    state.confirmed = false;
    state.notice = "";
    state.lastActive = Date.now();
    clearStore();
    writeStore();
    renderLog();
    if (socket) {
      // A fresh socket leaves the old conversation's room.
      socket.disconnect();
      socket.connect();
      setConnection("connecting");
    }
    input.focus();
  }

  function flushOutbox() {
    var sent = false;
    state.messages.forEach(function (message) {
      if (message.pending && state.confirmed && socket) {
        socket.emit("user_uttered", {
          message: message.payload || message.text,
          session_id: state.sessionId,
          customData: { language_hint: pageLang },
        });
        markSent(message);
        sent = true;
      }
    });
    if (sent) {
      writeStore();
      showTyping();
    }
  }

  function send(payload, shownText) {
    var text = String(payload || "").trim();
    if (!text) {
      return;
    }
    state.notice = "";
    var message = { who: "user", text: shownText || text, pending: true };
    if (shownText && shownText !== text) {
      message.payload = text;
    }
    addMessage(message);
    connect();
    flushOutbox();
    renderStatus();
  }

  function receive(data) {
    if (!data || typeof data !== "object") {
      return;
    }
    hideTyping();
    var message = { who: "bot", text: typeof data.text === "string" ? data.text : "" };
    var offered = data.quick_replies || data.buttons;
    if (Array.isArray(offered)) {
      message.buttons = offered
        .filter(function (b) {
          return b && typeof b.title === "string" && typeof b.payload === "string";
        })
        .map(function (b) {
          return { title: b.title, payload: b.payload };
        });
    }
    var attachment = data.attachment;
    if (attachment && typeof attachment === "object") {
      var payload = attachment.payload || {};
      var src = payload.src || payload.url;
      if (typeof src === "string") {
        if (attachment.type === "image") {
          message.image = src;
        } else {
          message.link = src;
        }
      }
    } else if (typeof data.image === "string") {
      message.image = data.image;
    }
    if (!message.text && !message.image && !message.link && !(message.buttons && message.buttons.length)) {
      return;
    }
    if (message.text) {
      var arabic = isArabic(message.text) ? true : /[A-Za-z]{3}/.test(message.text) ? false : state.arabic;
      if (arabic !== state.arabic) {
        state.arabic = arabic;
        applyLanguage();
      }
    }
    addMessage(message);
  }

  // ---------------------------------------------------------------------------------
  // Opening and closing
  function open() {
    state.open = true;
    panel.hidden = false;
    root.classList.add("open");
    launcher.setAttribute("aria-expanded", "true");
    writeStore();
    connect();
    log.scrollTop = log.scrollHeight;
    input.focus();
  }

  function close() {
    state.open = false;
    panel.hidden = true;
    root.classList.remove("open");
    launcher.setAttribute("aria-expanded", "false");
    writeStore();
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (state.open) {
      close();
    } else {
      open();
    }
  });
  closeButton.addEventListener("click", close);
  restartButton.addEventListener("click", newSession);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  composer.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    send(text);
  });
  window.addEventListener("online", renderStatus);
  window.addEventListener("offline", renderStatus);

  function mount() {
    document.body.appendChild(host);
    applyLanguage();
    renderLog();
    if (state.open) {
      state.open = false;
      open();
    }
    // Someone who has been chatting gets replies that arrive while the page loads
    // (and job alerts) without opening the panel first.
    if (state.sessionId) {
      connect();
    }
  }

  window.PESWebChat = { open: open, close: close };
  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }
})();
