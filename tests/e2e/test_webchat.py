"""The web chat in a real browser: Debian's Chromium, driven by Playwright, on the console's
demo page, talking to the started Rasa server over socket.io.

Assertions are on what a jobseeker sees and does (at 320 px, with the keyboard, after a
reload, in Arabic) and on what the back-end stored.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright import sync_api as playwright_api
from playwright.sync_api import Browser, BrowserContext, Page

from tools.system import System

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = "+254722555013"
STATUS_JS = "() => document.querySelector('#pes-webchat').shadowRoot.querySelector('.status').textContent"
REPLY_TIMEOUT_MS = 60_000
BUDGET_BYTES = 100 * 1024


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            "the web chat test needs Debian's chromium: apt-get install chromium (scripts/bootstrap.sh)"
        )
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def phone_context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    try:
        yield context
    finally:
        context.close()


class WebChat:
    """The widget as a person uses it: the launcher, the message box, the buttons."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def open(self) -> None:
        self.page.locator(".launcher").click()
        self.page.locator(".panel").wait_for(state="visible")

    def bot_texts(self) -> list[str]:
        return [t.strip() for t in self.page.locator(".msg.bot").all_inner_texts()]

    def all_text(self) -> str:
        return "\n".join(self.page.locator(".log").all_inner_texts())

    def buttons(self) -> list[str]:
        return [t.strip() for t in self.page.locator(".choices .choice").all_inner_texts()]

    def wait_for_answer(self, before: int, expect: str | None = None, buttons: bool = False) -> str:
        """Waits for the bot's answer and returns its text.

        Rasa sends each action's messages as the action finishes, so one answer may
        arrive in parts seconds apart on a busy machine. The answer is complete when
        it shows what the step expects (`expect`, a regular expression; `buttons`) and
        nothing more has come for a moment.
        """
        self.page.wait_for_function(
            "n => document.querySelector('#pes-webchat').shadowRoot.querySelectorAll('.msg.bot').length > n",
            arg=before,
            timeout=REPLY_TIMEOUT_MS,
        )
        deadline = time.monotonic() + REPLY_TIMEOUT_MS / 1000
        count, quiet_since = -1, time.monotonic()
        while time.monotonic() < deadline:
            now = self.page.locator(".msg.bot").count()
            if now != count:
                count, quiet_since = now, time.monotonic()
            text = self._answer(before)
            complete = (expect is None or re.search(expect, text, re.I)) and (not buttons or self.buttons())
            quiet = time.monotonic() - quiet_since
            if (complete and quiet >= 1.0) or quiet >= 10:
                break
            self.page.wait_for_timeout(250)
        return self._answer(before)

    def _answer(self, before: int) -> str:
        # The channel splits a message on blank lines; read the parts as one answer.
        return "\n".join(self.bot_texts()[before:]).replace("Assistant:", "").strip()

    def say(self, text: str, expect: str | None = None, buttons: bool = False) -> str:
        before = self.page.locator(".msg.bot").count()
        box = self.page.locator(".input")
        box.fill(text)
        box.press("Enter")
        return self.wait_for_answer(before, expect, buttons)

    def tap_first(self, expect: str | None = None, buttons: bool = False) -> str:
        before = self.page.locator(".msg.bot").count()
        self.page.locator(".choices .choice").first.click()
        return self.wait_for_answer(before, expect, buttons)

    def tap(self, title_part: str, expect: str | None = None, buttons: bool = False) -> str:
        before = self.page.locator(".msg.bot").count()
        choice = self.page.locator(".choices .choice", has_text=re.compile(re.escape(title_part), re.I)).first
        if choice.count() == 0:
            raise AssertionError(f"no button like {title_part!r} among {self.buttons()}")
        choice.click()
        return self.wait_for_answer(before, expect, buttons)

    def session_id(self) -> str:
        stored = self.page.evaluate(
            "() => JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('pes-webchat:'))[1])"
        )
        return str(stored["sessionId"])


def open_demo(context: BrowserContext, system: System, lang: str = "en") -> WebChat:
    page = context.new_page()
    page.goto(f"{system.console_url}/?lang={lang}")
    return WebChat(page)


def register(chat: WebChat, *, name: str, phone_typed: str) -> str:
    """The registration journey by typing and tapping; returns the registration number."""
    reply = chat.say("hi, i want to register", buttons=True)
    assert chat.buttons(), f"consent buttons expected, got: {reply}"
    reply = chat.tap("yes", expect="name")
    assert "name" in reply.lower(), reply
    reply = chat.say(name, expect="born|birth")
    assert "born" in reply.lower() or "birth" in reply.lower(), reply
    reply = chat.say("14/03/2001", expect="phone")
    assert "phone" in reply.lower(), reply
    reply = chat.say(phone_typed, expect="town|live")
    assert "town" in reply.lower() or "live" in reply.lower(), reply
    chat.say("Kisumu", buttons=True)
    chat.tap("finished secondary")
    reply = chat.say("cook", buttons=True)
    assert chat.buttons(), f"occupation choices expected, got: {reply}"
    chat.tap_first()
    chat.say("3 years", buttons=True)
    chat.tap("unemployed")
    chat.say("march 2025", buttons=True)
    chat.tap("prefer not to say", buttons=True)
    reply = chat.tap("no", expect=re.escape(name.split()[0]), buttons=True)
    assert name.split()[0] in reply, f"summary expected, got: {reply}"
    reply = chat.tap("submit", expect=r"PES-\d{4}-\d{6}")
    match = re.search(r"PES-\d{4}-\d{6}", reply)
    assert match, f"registration number expected, got: {reply}"
    return match.group(0)


def test_a_jobseeker_registers_on_a_phone_sized_page_and_continues_after_a_reload(
    system: System, backend: httpx.Client, phone_context: BrowserContext
) -> None:
    chat = open_demo(phone_context, system)
    chat.open()
    # At 320 px the panel takes the whole screen.
    box = chat.page.locator(".panel").bounding_box()
    assert box is not None and box["width"] == 320 and box["x"] == 0
    assert chat.page.evaluate("() => document.documentElement.scrollWidth") <= 320

    number = register(chat, name="Wanjiru Otieno", phone_typed="0722 555 013")

    person = backend.get("/jobseekers/lookup", params={"phone": PHONE})
    assert person.status_code == 200, person.text
    record = person.json()
    assert record["registration_number"] == number
    assert record["name"] == "Wanjiru Otieno"
    assert record["town"] == "Kisumu"
    # The web chat session is her channel identity, under the channel name "socketio".
    linked = backend.get("/jobseekers/lookup", params={"channel": "socketio", "identity": chat.session_id()})
    assert linked.status_code == 200 and linked.json()["id"] == record["id"]

    chat.page.reload()
    chat.page.locator(".panel").wait_for(state="visible")
    restored = chat.all_text()
    assert number in restored and "Wanjiru Otieno" in restored
    assert chat.page.locator(".status").inner_text() == ""  # connected again, nothing to report
    reply = chat.say("show me my data", expect="Kisumu")
    assert "Wanjiru Otieno" in reply and "Kisumu" in reply, reply


def test_buttons_links_and_the_keyboard(system: System, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    try:
        chat = open_demo(context, system)
        page = chat.page
        launcher = page.locator(".launcher")
        assert launcher.get_attribute("aria-expanded") == "false"
        launcher.focus()
        page.keyboard.press("Enter")
        assert launcher.get_attribute("aria-expanded") == "true"
        # The message box has focus and a label; the log is announced politely.
        assert (
            page.evaluate("() => document.querySelector('#pes-webchat').shadowRoot.activeElement.id")
            == "pes-input"
        )
        assert page.get_by_label("Type your message").count() == 1
        log = page.locator(".log")
        assert log.get_attribute("role") == "log" and log.get_attribute("aria-live") == "polite"
        assert page.locator(".root").get_attribute("lang") == "en"

        page.keyboard.type("where is the nearest office?")
        page.keyboard.press("Enter")
        page.locator(".typing").wait_for(state="visible", timeout=5_000)
        answer = chat.wait_for_answer(1)
        assert answer, "the bot must answer"
        assert page.locator(".typing").is_hidden()
        for href in page.locator(".msg.bot a").evaluate_all("links => links.map(a => a.href)"):
            assert href.startswith(("http://", "https://", "tel:")), href

        # Tapping a button shows its title as her message and sends its payload.
        reply = chat.say("hi, i want to register", buttons=True)
        titles = chat.buttons()
        assert titles, reply
        chat.tap(titles[-1])
        assert page.locator(".msg.user").last.inner_text().endswith(titles[-1])

        page.keyboard.press("Escape")
        assert page.locator(".panel").is_hidden()
        assert (
            page.evaluate("() => document.querySelector('#pes-webchat').shadowRoot.activeElement.className")
            == "launcher"
        )
    finally:
        context.close()


def test_an_arabic_page_opens_a_right_to_left_chat(system: System, phone_context: BrowserContext) -> None:
    chat = open_demo(phone_context, system, lang="ar")
    chat.open()
    root = chat.page.locator(".root")
    assert root.get_attribute("dir") == "rtl" and root.get_attribute("lang") == "ar"
    assert chat.page.get_by_label("اكتب رسالتك").count() == 1
    reply = chat.say("مرحبا، أريد البحث عن عمل", expect="[\u0600-\u06ff]")
    assert re.search(r"[\u0600-\u06FF]", reply), reply
    assert root.get_attribute("dir") == "rtl"
    assert chat.page.locator(".msg.bot").last.get_attribute("dir") == "auto"


def test_a_conversation_that_turns_arabic_turns_the_panel_right_to_left(
    system: System, phone_context: BrowserContext
) -> None:
    chat = open_demo(phone_context, system, lang="en")
    chat.open()
    root = chat.page.locator(".root")
    assert root.get_attribute("dir") == "ltr"
    reply = chat.say("مرحبا، أريد البحث عن وظيفة سائق في مومباسا", expect="[\u0600-\u06ff]")
    assert re.search(r"[\u0600-\u06FF]", reply), reply
    assert root.get_attribute("dir") == "rtl"


def test_first_load_transfers_at_most_100_kb(system: System, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    transferred: list[tuple[str, int]] = []

    def count(request: playwright_api.Request) -> None:
        sizes = request.sizes()
        transferred.append((request.url, sizes["responseHeadersSize"] + sizes["responseBodySize"]))

    try:
        page = context.new_page()
        page.on("requestfinished", count)
        page.goto(f"{system.console_url}/", wait_until="networkidle")
        chat = WebChat(page)
        chat.open()
        page.wait_for_function(
            "() => Object.entries(localStorage).some(([k, v]) => k.startsWith('pes-webchat:') "
            "&& JSON.parse(v).sessionId)",
            timeout=REPLY_TIMEOUT_MS,
        )
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    urls = [url for url, _ in transferred]
    assert any(u.endswith("/widget.js") for u in urls) and any("socket.io.min.js" in u for u in urls), urls
    total = sum(size for _, size in transferred)
    assert 0 < total <= BUDGET_BYTES, transferred


def test_a_lost_connection_is_shown_and_recovers(system: System, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    try:
        chat = open_demo(context, system)
        chat.open()
        status = chat.page.locator(".status")
        assert chat.say("hello")
        context.set_offline(True)
        chat.page.wait_for_function(
            f"{STATUS_JS} !== ''",
            timeout=30_000,
        )
        assert "offline" in status.inner_text().lower() or "reconnect" in status.inner_text().lower()
        context.set_offline(False)
        chat.page.wait_for_function(
            f"{STATUS_JS} === ''",
            timeout=30_000,
        )
        assert chat.say("thank you")
    finally:
        context.close()
