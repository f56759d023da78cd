"""The staff inbox in a real browser (Debian's Chromium, driven by Playwright) against the
started system: a jobseeker asks for a person in the web chat widget, a counsellor signs in
at /staff/inbox in another browser context and takes the conversation over from there.

Assertions are on what each of them sees: the ticket appearing in the queue without a
reload, the reply in the widget, the closing message and the rating question, the rating
back in the ticket; and on phone width, keyboard use and the server's word on SMS length.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from playwright import sync_api as playwright_api
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.e2e.conftest import STAFF_PASSWORD, StaffClient, create_staff_account
from tests.e2e.test_channels import SmsPerson
from tests.e2e.test_webchat import CHROMIUM, CHROMIUM_ARGS, REPLY_TIMEOUT_MS, open_demo
from tools.fake_providers import FakeProviders
from tools.system import System

INBOX = "/staff/inbox"
# The sync loop runs every 0.5 s in these tests; the page follows its event stream.
LIVE_TIMEOUT_MS = 30_000
ASK_FOR_A_PERSON = "I want to talk to a person"
# Page, script and stylesheet on the first visit, compressed.
PAGE_BUDGET_BYTES = 40 * 1024


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("the inbox test needs Debian's chromium: apt-get install chromium (scripts/bootstrap.sh)")
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def office_open(backend: httpx.Client) -> Iterator[None]:
    """Every office open around the clock (a counsellor is there: the bot pauses); the
    seeded hours come back afterwards."""
    saved = {office["id"]: office["hours"] for office in backend.get("/offices").json()}
    always = [{"weekday": day, "opens": "00:00", "closes": "23:59"} for day in range(7)]
    for office_id in saved:
        response = backend.put(f"/offices/{office_id}/hours", json={"hours": always})
        assert response.status_code == 200, response.text
    try:
        yield
    finally:
        for office_id, hours in saved.items():
            backend.put(f"/offices/{office_id}/hours", json={"hours": hours})


@pytest.fixture()
def contexts(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    made: list[BrowserContext] = []

    def new(**options: Any) -> BrowserContext:
        context = browser.new_context(**options)
        made.append(context)
        return context

    yield new
    for context in made:
        context.close()


def staff_name(email: str) -> str:
    """The display name create_staff_account gives an account."""
    return f"Staff {email[:12]}"


class Inbox:
    """The inbox page as a counsellor uses it."""

    def __init__(self, page: Page, system: System) -> None:
        self.page = page
        self.system = system
        self.problems: list[str] = []
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("console", self._console)

    def _console(self, message: playwright_api.ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(message.text)

    @classmethod
    def sign_in(cls, context: BrowserContext, system: System, email: str) -> Inbox:
        """Opens the inbox, is sent to sign in, and comes back to the inbox."""
        page = context.new_page()
        inbox = cls(page, system)
        page.goto(f"{system.console_url}{INBOX}")
        assert page.url == f"{system.console_url}/staff/login?next={INBOX}", page.url
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(STAFF_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{system.console_url}{INBOX}")
        # The queue is loaded (and the page's script running) when it is no longer busy.
        expect(page.locator("#queue")).to_have_attribute("aria-busy", "false")
        # Gone after a reload: proves that what follows arrived through the live updates.
        page.evaluate("() => { window.pesSameDocument = true; }")
        return inbox

    def not_reloaded(self) -> bool:
        return bool(self.page.evaluate("() => window.pesSameDocument === true"))

    def ticket_id_of(self, conversation_id: str) -> int:
        """The ticket of a conversation, asked of the inbox API with this page's session."""
        url = f"{self.system.console_url}{INBOX}/api/tickets"
        deadline_checks = LIVE_TIMEOUT_MS // 500
        for _ in range(deadline_checks):
            response = self.page.request.get(url, params={"folder": "all", "q": conversation_id})
            assert response.status == 200, response.text()
            found = [t for t in response.json() if t["conversation_id"] == conversation_id]
            if found:
                return int(found[0]["id"])
            self.page.wait_for_timeout(500)
        raise AssertionError(f"no ticket for the conversation {conversation_id}")

    def queue_item(self, ticket_id: int) -> Locator:
        return self.page.locator(f'#queue .ticket-item[data-id="{ticket_id}"]')

    def fact(self, name: str) -> Locator:
        return self.page.locator(f'#ticket-facts [data-fact="{name}"] dd')

    def said(self, sender: str, text: str) -> Locator:
        return self.page.locator(f"#transcript .msg-{sender}", has_text=text)

    def folder(self, name: str) -> Locator:
        return self.page.locator(f'.folder[data-folder="{name}"]')


def test_a_counsellor_takes_over_a_web_chat_from_the_inbox(
    system: System,
    backend: httpx.Client,
    contexts: Callable[..., BrowserContext],
    office_open: None,
) -> None:
    email = create_staff_account(system)
    inbox = Inbox.sign_in(contexts(viewport={"width": 1024, "height": 768}), system, email)
    page = inbox.page
    # She says she is at work: colleagues see it in the list they assign from.
    presence = page.get_by_role("switch", name="Available")
    presence.click()
    expect(presence).to_have_attribute("aria-checked", "true")
    expect(page.locator("#presence-state")).to_have_text("Online")
    staff = page.request.get(f"{system.console_url}{INBOX}/api/staff").json()
    assert [s["presence"] for s in staff if s["display_name"] == staff_name(email)] == ["online"]

    # The jobseeker, on her phone, asks for a person in the web chat.
    phone = contexts(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    chat = open_demo(phone, system)
    chat.open()
    reply = chat.say(ASK_FOR_A_PERSON, expect="counsellor|person")
    assert re.search("counsellor|person", reply, re.I), reply
    conversation = chat.session_id()

    # The ticket shows up in the counsellor's queue while she looks at it.
    ticket_id = inbox.ticket_id_of(conversation)
    item = inbox.queue_item(ticket_id)
    expect(item).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    expect(item).to_contain_text("unregistered")
    expect(item).to_contain_text("Web chat")
    expect(item.locator(".t-wait")).to_have_text(re.compile(r"^(under 1 min|\d+ min)$"))
    assert inbox.not_reloaded()

    item.click()
    expect(page.locator("#ticket-title")).to_contain_text(f"#{ticket_id}")
    expect(inbox.fact("conversation")).to_have_text(conversation)
    expect(inbox.fact("status")).to_have_text("Waiting for a counsellor")
    expect(inbox.said("user", ASK_FOR_A_PERSON)).to_be_visible()
    assert inbox.said("user", ASK_FOR_A_PERSON).locator(".text").get_attribute("dir") == "auto"
    expect(page.locator("#reply-locked")).to_have_text("Claim this conversation to reply.")

    page.get_by_role("button", name="Claim").click()
    expect(inbox.fact("status")).to_have_text("Assigned to you")
    expect(page.get_by_label("Reply", exact=True)).to_be_editable()
    escalation_id = page.request.get(f"{system.console_url}{INBOX}/api/tickets/{ticket_id}").json()[
        "escalation_id"
    ]
    assert backend.get(f"/escalations/{escalation_id}").json()["status"] == "in_progress"

    # Her reply reaches the widget, marked in the transcript as hers.
    answer = "Hello, I am a counsellor at the employment office. What can I do for you?"
    page.get_by_label("Reply", exact=True).fill(answer)
    expect(page.locator("#reply-hint")).to_contain_text("of at most 4000 characters")
    page.get_by_role("button", name="Send").click()
    staff_line = inbox.said("staff", answer)
    expect(staff_line).to_be_visible()
    expect(staff_line.locator(".who")).to_contain_text("Staff:")
    expect(page.get_by_label("Reply", exact=True)).to_have_value("")
    expect(chat.page.locator(".msg.bot", has_text=answer)).to_be_visible(timeout=REPLY_TIMEOUT_MS)

    # While a person answers, the bot is quiet and what she writes reaches the inbox live.
    bot_lines = chat.page.locator(".msg.bot").count()
    question = "I lost my ID card, can I still register?"
    chat.page.locator(".input").fill(question)
    chat.page.locator(".input").press("Enter")
    expect(inbox.said("user", question)).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    chat.page.wait_for_timeout(2_000)
    assert chat.page.locator(".msg.bot").count() == bot_lines, "the bot must not answer during the handoff"

    # Closing asks for confirmation; she gets the closing message and the rating question.
    before = chat.page.locator(".msg.bot").count()
    page.get_by_role("button", name="Close", exact=True).click()
    dialog = page.get_by_role("dialog", name="Close this conversation?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Close conversation").click()
    expect(inbox.fact("status")).to_have_text("Closed")
    expect(page.locator("#reply-locked")).to_contain_text("closed")
    closing = chat.wait_for_answer(before, buttons=True)
    assert closing, "the closing message"
    assert len(chat.buttons()) == 3, f"three rating buttons expected, got {chat.buttons()} after: {closing}"
    assert backend.get(f"/escalations/{escalation_id}").json()["status"] == "closed"

    thanks = chat.tap_first()
    assert thanks, "the bot thanks her for the rating"
    assert backend.get(f"/escalations/{escalation_id}").json()["rating"] == "good"
    # The sync picks the rating up and the open ticket shows it.
    expect(inbox.fact("rating")).to_have_text("Good", timeout=LIVE_TIMEOUT_MS)
    expect(inbox.folder("closed").locator(".count")).not_to_have_text("0")

    assert inbox.not_reloaded()
    assert not inbox.problems, inbox.problems


def test_a_phone_sized_inbox_works_with_the_keyboard_and_keeps_sms_replies_short(
    system: System,
    providers: FakeProviders,
    contexts: Callable[..., BrowserContext],
    office_open: None,
) -> None:
    person = SmsPerson(system, providers, gateway="africastalking")
    person.send(ASK_FOR_A_PERSON)

    colleague = create_staff_account(system)
    email = create_staff_account(system)
    context = contexts(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    inbox = Inbox.sign_in(context, system, email)
    page = inbox.page
    # Landmarks and labelled controls.
    expect(page.get_by_role("banner")).to_be_visible()
    expect(page.get_by_role("navigation", name="Conversations")).to_be_visible()
    expect(page.get_by_label("Search")).to_be_visible()
    expect(page.get_by_label("Team")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360

    ticket_id = inbox.ticket_id_of(person.phone)
    item = inbox.queue_item(ticket_id)
    expect(item).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    expect(item).to_contain_text("SMS")

    # Only the keyboard from here to the reply.
    item.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#ticket-title")).to_be_focused()
    # At phone width the conversation takes the screen; a button leads back to the queue.
    expect(page.get_by_role("navigation", name="Conversations")).to_be_hidden()
    expect(page.get_by_role("button", name="Back to the queue")).to_be_visible()
    expect(inbox.fact("conversation")).to_have_text(person.phone)
    page.get_by_role("button", name="Claim").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Reply", exact=True)).to_be_focused()

    # The hint counts SMS parts as she types; the server refuses more than three, in words.
    box = page.get_by_label("Reply", exact=True)
    too_long = "Please bring your identity card and your school certificates to the office. " * 7
    box.fill(too_long)
    expect(page.locator("#reply-hint")).to_contain_text("4 SMS parts of at most 3")
    sent_before = len(providers.sent("africastalking", person.phone))
    page.keyboard.press("Control+Enter")
    error = page.locator("#reply-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(re.compile(r"Sending failed: .*\b3\b"))
    expect(box).to_have_value(too_long)
    assert len(providers.sent("africastalking", person.phone)) == sent_before

    short = "Please bring your ID card to the office on Monday."
    box.fill(short)
    expect(page.locator("#reply-hint")).to_contain_text("1 SMS part of at most 3")
    page.keyboard.press("Control+Enter")
    expect(inbox.said("staff", short)).to_be_visible()
    expect(error).to_be_hidden()
    delivered = providers.wait_for("africastalking", person.phone, sent_before)
    assert short in " ".join(call.text for call in delivered)

    # Internal notes are marked as such and never reach her.
    notes = page.get_by_role("region", name="Internal notes")
    expect(notes).to_contain_text("never sent to the user")
    note = "She prefers a call in the afternoon."
    page.get_by_label("New internal note").fill(note)
    notes.get_by_role("button", name="Add note").click()
    expect(notes.locator(".note", has_text=note)).to_be_visible()
    page.wait_for_timeout(1_000)
    assert all(note not in call.text for call in providers.sent("africastalking", person.phone))

    # She hands the conversation to a colleague, who answers from now on.
    name = staff_name(colleague)
    staff = page.request.get(f"{system.console_url}{INBOX}/api/staff").json()
    colleague_id = next(s["id"] for s in staff if s["display_name"] == name)
    page.get_by_label("Assign to…").select_option(value=str(colleague_id))
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(inbox.fact("status")).to_have_text(f"Assigned to {name}")
    expect(page.locator("#reply-locked")).to_have_text(f"{name} is answering this conversation.")
    expect(page.get_by_label("Reply", exact=True)).to_be_hidden()

    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Back to the queue").click()
    expect(page.get_by_role("navigation", name="Conversations")).to_be_visible()
    assert inbox.not_reloaded()
    assert not inbox.problems, inbox.problems


def test_the_inbox_page_is_for_signed_in_staff_small_and_strict(
    system: System, staff_login: Callable[[str], StaffClient], contexts: Callable[..., BrowserContext]
) -> None:
    anonymous = httpx.get(f"{system.console_url}{INBOX}", headers={"Accept": "text/html"})
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == f"/staff/login?next={INBOX}"
    assert httpx.get(f"{system.console_url}{INBOX}/api/tickets").status_code == 401

    # Sign-in returns to a page of this console only, never to another site.
    email = create_staff_account(system)
    for target, landing in (
        (INBOX, INBOX),
        ("//evil.example/staff/", "/staff/"),
        ("https://evil.example", "/staff/"),
    ):
        with httpx.Client(base_url=system.console_url) as browserless:
            token = browserless.get("/staff/login", headers={"Accept": "application/json"}).json()[
                "csrf_token"
            ]
            signed_in = browserless.post(
                "/staff/login",
                params={"next": target},
                data={"email": email, "password": STAFF_PASSWORD, "csrf_token": token},
                headers={"Accept": "text/html", "Origin": system.console_url},
            )
        assert signed_in.status_code == 303, signed_in.text
        assert signed_in.headers["location"] == landing, target

    staff = staff_login("staff")
    page = staff.http.get(INBOX, headers={"Accept": "text/html"})
    assert page.status_code == 200, page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy, policy
    assert "frame-ancestors 'none'" in policy
    assert page.headers["cache-control"] == "no-store"
    scripts = re.findall(r"<script\b[^>]*>", page.text)
    assert scripts and all(" src=" in tag for tag in scripts), "no inline script"

    # Script and stylesheet are addressed by content: cached for a year under that name,
    # revalidated under the plain one.
    for url in re.findall(r'(?:src|href)="(/staff/inbox/static/[^"]+)"', page.text):
        assert re.fullmatch(r"/staff/inbox/static/inbox\.[0-9a-f]{12}\.(js|css)", url), url
        hashed = httpx.get(f"{system.console_url}{url}")
        assert hashed.status_code == 200
        assert "immutable" in hashed.headers["cache-control"]
        plain = httpx.get(f"{system.console_url}/staff/inbox/static/inbox.{url.rsplit('.', 1)[1]}")
        assert plain.content == hashed.content
        assert plain.headers["cache-control"] == "no-cache"

    # The first visit in a browser (sign-in included) stays small.
    transferred: list[tuple[str, int]] = []

    def count(request: playwright_api.Request) -> None:
        if INBOX in request.url:
            sizes = request.sizes()
            transferred.append((request.url, sizes["responseHeadersSize"] + sizes["responseBodySize"]))

    context = contexts(viewport={"width": 1024, "height": 768})
    context.on("requestfinished", count)
    inbox = Inbox.sign_in(context, system, create_staff_account(system))
    # (not "networkidle": the event stream stays open for as long as the page does)
    expect(inbox.folder("unassigned").locator(".count")).to_have_text(re.compile(r"^\d+$"))
    assets = [(u, s) for u, s in transferred if "/static/" in u or u.endswith(INBOX)]
    assert len(assets) >= 3, transferred
    assert sum(size for _, size in assets) <= PAGE_BUDGET_BYTES, assets
    assert not inbox.problems, inbox.problems
