"""The channels' messaging client against the real back-end, started on a free local port.

Proves that both sides agree on the messaging contract (paths, bodies, statuses), and
that a back-end that is down, broken or refusing surfaces as the documented errors.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from aiohttp import web

from connectors import pes_api
from connectors.pes_api import (
    MessagingAPI,
    MessagingAuthError,
    MessagingConfig,
    MessagingRejected,
    MessagingUnavailable,
)
from tests.actions.backend_server import SVC_PYTHON, TOKEN, free_port, started_backend


@pytest.fixture(scope="module")
def backend_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not SVC_PYTHON.exists():
        pytest.skip("services environment .venv-svc not found: cannot start the back-end")
    with started_backend(tmp_path_factory.mktemp("pes")) as url:
        yield url


@pytest.fixture
async def api(backend_url: str) -> AsyncIterator[MessagingAPI]:
    client = MessagingAPI(MessagingConfig(base_url=backend_url, token=TOKEN, timeout=5.0))
    yield client
    await client.aclose()


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


async def test_claim_is_true_once_then_false(api: MessagingAPI) -> None:
    message_id = unique("ATXid")
    assert await api.claim_inbound("africastalking", message_id, "+254712345678") is True
    assert await api.claim_inbound("africastalking", message_id, "+254712345678") is False
    # The same id from another provider is another message.
    assert await api.claim_inbound("twilio", message_id, "+254712345678") is True


async def test_opt_out_round_trip(api: MessagingAPI) -> None:
    phone = "+254733123456"  # the "+" must survive the trip through the URL path
    assert await api.is_opted_out(phone) is False
    await api.opt_out(phone, keyword="ACHA", channel="africastalking")
    assert await api.is_opted_out(phone) is True
    await api.opt_out(phone, keyword="STOP", channel="twilio")  # idempotent
    assert await api.is_opted_out(phone, family="sms") is True
    await api.opt_in(phone)
    assert await api.is_opted_out(phone) is False
    await api.opt_in(phone)  # idempotent too
    assert await api.is_opted_out(phone) is False


async def test_delivery_report_updates_the_recorded_message(api: MessagingAPI, backend_url: str) -> None:
    provider_id = unique("SM")
    recipient = "+254722000111"
    await api.record_outbound(
        channel="twilio",
        provider="twilio",
        recipient=recipient,
        conversation_id=recipient,
        provider_message_id=provider_id,
        text="Your registration number is PES-2026-000123.",
        encoding="gsm7",
        segments=1,
        status="queued",
    )
    assert (
        await api.record_delivery(
            provider="twilio",
            provider_message_id=provider_id,
            status="delivered",
            provider_status="delivered",
            error=None,
        )
        is True
    )
    assert (
        await api.record_delivery(
            provider="twilio",
            provider_message_id=unique("SM"),
            status="failed",
            provider_status="undelivered",
            error="30003",
        )
        is False
    )
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {TOKEN}"}) as http:
        listed = await http.get(f"{backend_url}/api/v1/messaging/outbound", params={"recipient": recipient})
    [stored] = [m for m in listed.json() if m["provider_message_id"] == provider_id]
    assert (stored["status"], stored["encoding"], stored["segments"]) == ("delivered", "gsm7", 1)


async def test_refused_input_and_wrong_token_are_told_apart(api: MessagingAPI, backend_url: str) -> None:
    with pytest.raises(MessagingRejected) as refused:
        await api.opt_out("not-a-phone", keyword="STOP", channel="twilio")
    assert refused.value.status == 422 and "phone" in (refused.value.detail or "")
    wrong = MessagingAPI(MessagingConfig(base_url=backend_url, token="wrong-token-0123456789", timeout=5.0))
    try:
        with pytest.raises(MessagingAuthError):
            await wrong.is_opted_out("+254733123456")
    finally:
        await wrong.aclose()


async def test_backend_down_is_unavailable() -> None:
    down = MessagingAPI(MessagingConfig(base_url=f"http://127.0.0.1:{free_port()}", token=TOKEN, timeout=2.0))
    try:
        with pytest.raises(MessagingUnavailable):
            await down.claim_inbound("twilio", "SM1", "+254712345678")
        with pytest.raises(MessagingUnavailable):
            await down.is_opted_out("+254712345678")
        with pytest.raises(MessagingUnavailable):
            await down.opt_out("+254712345678", keyword="STOP", channel="twilio")
        with pytest.raises(MessagingUnavailable):
            await down.record_delivery(
                provider="twilio",
                provider_message_id="SM1",
                status="sent",
                provider_status="sent",
                error=None,
            )
    finally:
        await down.aclose()


@pytest.fixture
async def broken_backend() -> AsyncIterator[dict[str, object]]:
    """A server on 127.0.0.1 that answers like a back-end in trouble: 503, or garbage."""
    state: dict[str, object] = {"status": 503, "body": b'{"detail": "overloaded"}', "calls": 0}

    async def answer(request: web.Request) -> web.Response:
        state["calls"] = int(str(state["calls"])) + 1
        return web.Response(
            status=int(str(state["status"])), body=state["body"], content_type="application/json"
        )

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    state["url"] = f"http://127.0.0.1:{port}"
    yield state
    await runner.cleanup()


async def test_server_errors_and_garbled_answers_are_unavailable(broken_backend: dict[str, object]) -> None:
    api = MessagingAPI(MessagingConfig(base_url=str(broken_backend["url"]), token=TOKEN, backoff=0.01))
    try:
        with pytest.raises(MessagingUnavailable) as failed:
            await api.is_opted_out("+254712345678")
        assert failed.value.status == 503
        assert broken_backend["calls"] == 2  # a read is retried once

        broken_backend["calls"] = 0
        with pytest.raises(MessagingUnavailable):
            await api.claim_inbound("twilio", "SM9", "+254712345678")
        assert broken_backend["calls"] == 1  # a claim never is: a lost answer would drop the message

        broken_backend.update(status=200, body=b"<html>proxy error</html>")
        with pytest.raises(MessagingUnavailable):
            await api.is_opted_out("+254712345678")
        broken_backend.update(status=201, body=b'{"something": "else"}')
        with pytest.raises(MessagingUnavailable):
            await api.claim_inbound("twilio", "SM9", "+254712345678")
    finally:
        await api.aclose()


def test_factory_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PES_API_URL", "http://127.0.0.1:8123/")
    monkeypatch.setenv("PES_API_TOKEN", "env-token-0123456789")
    monkeypatch.setenv("PES_API_TIMEOUT", "2.5")
    pes_api.set_messaging_api(None)
    try:
        api = pes_api.get_messaging_api()
        assert api is pes_api.get_messaging_api()
        assert (api.config.base_url, api.config.token, api.config.timeout) == (
            "http://127.0.0.1:8123",
            "env-token-0123456789",
            2.5,
        )
        monkeypatch.setenv("PES_API_TIMEOUT", "soon")
        with pytest.raises(ValueError, match="PES_API_TIMEOUT"):
            MessagingConfig.from_env()
    finally:
        pes_api.set_messaging_api(None)
