"""Fake provider APIs on 127.0.0.1 (Telegram, Africa's Talking, Twilio) for tests and the benchmark.

One threaded HTTP server answers the three APIs the way the providers document them
and records every call, so a test can read what the assistant sent to whom. The Rasa
server is pointed at it through the channels' API base URL variables.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Call:
    provider: str  # "telegram" | "africastalking" | "twilio"
    method: str  # Telegram API method, or "send" for the SMS gateways
    params: dict[str, Any]

    @property
    def recipient(self) -> str:
        for key in ("chat_id", "to", "To"):
            if key in self.params:
                return str(self.params[key])
        return ""

    @property
    def text(self) -> str:
        for key in ("text", "message", "Body"):
            if key in self.params:
                return str(self.params[key])
        return ""


@dataclass
class FakeProviders:
    calls: list[Call] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeProviders:
        providers = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                status, body = providers.answer(self.path, self.headers.get("Content-Type", ""), raw)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    # -- what the providers answer ---------------------------------------------------
    def answer(self, path: str, content_type: str, raw: bytes) -> tuple[int, Any]:
        parts = urlsplit(path).path.strip("/").split("/")
        params = _decode(content_type, raw)
        if parts[0].startswith("bot") and len(parts) >= 2:
            return self._telegram(parts[-1], params)
        if parts[:2] == ["version1", "messaging"]:
            self._record(Call("africastalking", "send", params))
            message_id = f"ATXid_{uuid.uuid4().hex[:12]}"
            recipients = [
                {
                    "statusCode": 101,
                    "number": n,
                    "status": "Success",
                    "cost": "KES 0.8000",
                    "messageId": message_id,
                }
                for n in str(params.get("to", "")).split(",")
            ]
            return 201, {"SMSMessageData": {"Message": "Sent to 1/1", "Recipients": recipients}}
        if len(parts) >= 4 and parts[0] == "2010-04-01" and parts[-1] == "Messages.json":
            self._record(Call("twilio", "send", params))
            sid = f"SM{uuid.uuid4().hex}"
            return 201, {
                "sid": sid,
                "status": "queued",
                "to": params.get("To"),
                "from": params.get("From"),
                "body": params.get("Body"),
                "num_segments": "1",
            }
        return 404, {"error": f"no such fake route {path}"}

    def _telegram(self, method: str, params: dict[str, Any]) -> tuple[int, Any]:
        # Form-encoded Bot API calls carry objects (reply_markup) as JSON strings.
        params = {k: _maybe_json(v) for k, v in params.items()}
        self._record(Call("telegram", method, params))
        if method == "getMe":
            user = {"id": 4242, "is_bot": True, "first_name": "PES", "username": "pes_test_bot"}
            return 200, {"ok": True, "result": user}
        if method in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            chat_id = int(params.get("chat_id", 0) or 0)
            message = {
                "message_id": len(self.calls),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "text": params.get("text", ""),
            }
            return 200, {"ok": True, "result": message}
        return 200, {"ok": True, "result": True}

    def _record(self, call: Call) -> None:
        with self.lock:
            self.calls.append(call)

    # -- what tests read ---------------------------------------------------------------
    def sent(self, provider: str, recipient: str) -> list[Call]:
        with self.lock:
            return [
                c
                for c in self.calls
                if c.provider == provider
                and c.method in ("send", "sendMessage")
                and c.recipient.lstrip("+") == recipient.lstrip("+")
            ]

    def wait_for(
        self,
        provider: str,
        recipient: str,
        after: int,
        timeout: float = 60,
        until: Callable[[str], bool] | None = None,
    ) -> list[Call]:
        """Messages sent to `recipient` beyond the first `after`, once at least one (matching) arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            new = self.sent(provider, recipient)[after:]
            if new and (until is None or any(until(c.text) for c in new)):
                time.sleep(0.3)  # the rest of the same turn
                return self.sent(provider, recipient)[after:]
            time.sleep(0.1)
        raise AssertionError(f"nothing sent by {provider} to {recipient} within {timeout:.0f} s")


def _decode(content_type: str, raw: bytes) -> dict[str, Any]:
    if "json" in content_type:
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}
    if "multipart/form-data" in content_type:
        return _multipart(content_type, raw)
    return {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}


def _multipart(content_type: str, raw: bytes) -> dict[str, Any]:
    """python-telegram-bot posts multipart when a request carries files; keep the fields."""
    boundary = content_type.split("boundary=", 1)[-1].strip('"').encode()
    fields: dict[str, Any] = {}
    for part in raw.split(b"--" + boundary):
        head, _, value = part.partition(b"\r\n\r\n")
        if b'name="' not in head:
            continue
        name = head.split(b'name="', 1)[1].split(b'"', 1)[0].decode()
        text = value.rstrip(b"\r\n").decode("utf-8", "replace")
        try:
            fields[name] = json.loads(text)
        except ValueError:
            fields[name] = text
    return fields


def _maybe_json(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def channel_env(providers: FakeProviders, rasa_url: str) -> dict[str, str]:
    """Credentials of every channel, with each provider's API on the fake server."""
    return {
        "TELEGRAM_BOT_TOKEN": "4242:e2e-" + secrets.token_hex(8),
        "TELEGRAM_WEBHOOK_SECRET": secrets.token_urlsafe(24),
        "TELEGRAM_API_BASE_URL": f"{providers.url}/bot",
        "AFRICASTALKING_USERNAME": "sandbox",
        "AFRICASTALKING_API_KEY": secrets.token_hex(16),
        "AFRICASTALKING_SENDER": "PES",
        "AFRICASTALKING_WEBHOOK_SECRET": secrets.token_urlsafe(16),
        "AFRICASTALKING_API_BASE_URL": providers.url,
        "TWILIO_ACCOUNT_SID": "AC" + secrets.token_hex(16),
        "TWILIO_AUTH_TOKEN": secrets.token_hex(16),
        "TWILIO_FROM_NUMBER": "+15005550006",
        "TWILIO_WEBHOOK_BASE_URL": rasa_url,
        "TWILIO_API_BASE_URL": providers.url,
    }
