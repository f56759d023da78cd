"""Setting the channel up: `python -m connectors.telegram ...` against the fake Bot API, and the
credentials Rasa hands to `TelegramChannel.from_credentials`."""

from __future__ import annotations

import asyncio
import io
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sanic import Blueprint

from connectors.telegram import TelegramChannel
from connectors.telegram_output import TelegramConfigError
from connectors.telegram_webhook import main
from tests.connectors.fake_telegram import FakeBotAPI

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456789:TEST_token-for-the-fake-api"
SECRET = "test-secret_0123456789abcdef"
HOOK = "https://pes.example.org/webhooks/telegram/webhook"


@dataclass
class Run:
    status: int
    out: str
    err: str


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    api = await FakeBotAPI(TOKEN).start()
    yield api
    await api.stop()


async def command_process(*args: str, env: dict[str, str]) -> Run:
    """The command as an operator runs it, in its own process (the fake keeps serving here)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "connectors.telegram",
        *args,
        cwd=ROOT,
        env={**clean, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]), **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    return Run(process.returncode or 0, out.decode(), err.decode())


async def command(*args: str, env: dict[str, str]) -> Run:
    """The same entry point in this process (on a thread: it runs its own event loop)."""
    out, err = io.StringIO(), io.StringIO()
    status = await asyncio.to_thread(main, list(args), env, out, err)
    return Run(status, out.getvalue(), err.getvalue())


def settings(fake: FakeBotAPI, **overrides: str) -> dict[str, str]:
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TELEGRAM_API_BASE_URL": fake.base_url,
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v}


async def test_set_webhook_registers_the_url_with_the_secret(fake: FakeBotAPI) -> None:
    run = await command_process("set-webhook", "--url", HOOK, "--drop-pending-updates", env=settings(fake))

    assert run.status == 0, run.err
    [call] = fake.calls_to("setWebhook")
    assert call["url"] == HOOK
    assert call["secret_token"] == SECRET
    assert call["allowed_updates"] == ["message", "edited_message", "callback_query"]
    assert call["drop_pending_updates"] is True
    assert HOOK in run.out and "@pes_test_bot" in run.out
    assert SECRET not in run.out + run.err


async def test_set_webhook_flags(fake: FakeBotAPI) -> None:
    flags = ("--allowed-updates", "message,callback_query", "--max-connections", "10")
    run = await command("set-webhook", "--url", HOOK, *flags, env=settings(fake))

    assert run.status == 0, run.err
    [call] = fake.calls_to("setWebhook")
    assert call["allowed_updates"] == ["message", "callback_query"]
    assert call["max_connections"] == 10
    assert call.get("drop_pending_updates", False) is False


async def test_webhook_info_and_delete(fake: FakeBotAPI) -> None:
    await command("set-webhook", "--url", HOOK, env=settings(fake))

    info = await command("webhook-info", env=settings(fake, TELEGRAM_WEBHOOK_SECRET=""))
    deleted = await command("delete-webhook", "--drop-pending-updates", env=settings(fake))
    after = await command("webhook-info", env=settings(fake))

    assert info.status == deleted.status == after.status == 0
    assert f"url: {HOOK}" in info.out
    assert fake.calls_to("deleteWebhook") == [{"drop_pending_updates": True}]
    assert "url: (none" in after.out


@pytest.mark.parametrize(
    ("unset", "named"),
    [("TELEGRAM_BOT_TOKEN", "TELEGRAM_BOT_TOKEN"), ("TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_WEBHOOK_SECRET")],
)
async def test_a_missing_setting_is_named_and_nothing_is_called(
    fake: FakeBotAPI, unset: str, named: str
) -> None:
    run = await command("set-webhook", "--url", HOOK, env=settings(fake, **{unset: ""}))

    assert run.status == 2
    assert named in run.err
    assert fake.calls == []


@pytest.mark.parametrize(
    ("overrides", "args", "says"),
    [
        ({"TELEGRAM_WEBHOOK_SECRET": "short"}, ("--url", HOOK), "16-256 characters"),
        ({"TELEGRAM_BOT_TOKEN": "not a token"}, ("--url", HOOK), "bot token"),
        ({}, ("--url", "pes.example.org/webhook"), "absolute URL"),
        ({}, ("--url", HOOK, "--allowed-updates", "messages"), "unknown update types"),
        ({}, ("--url", HOOK, "--max-connections", "500"), "between 1 and 100"),
    ],
)
async def test_bad_input_is_refused_before_calling_telegram(
    fake: FakeBotAPI, overrides: dict[str, str], args: tuple[str, ...], says: str
) -> None:
    run = await command("set-webhook", *args, env=settings(fake, **overrides))

    assert run.status == 2
    assert says in run.err
    assert fake.calls == []


async def test_telegram_itself_requires_https() -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": SECRET}  # the real API, never reached
    run = await command("set-webhook", "--url", "http://pes.example.org/webhooks/telegram/webhook", env=env)

    assert run.status == 2
    assert "HTTPS" in run.err


async def test_a_rejected_token_is_reported_without_repeating_it(fake: FakeBotAPI) -> None:
    other = "987654321:ANOTHER_token-unknown-to-telegram"

    run = await command("set-webhook", "--url", HOOK, env=settings(fake, TELEGRAM_BOT_TOKEN=other))

    assert run.status == 1
    assert "rejected" in run.err
    assert other not in run.err + run.out
    assert fake.calls_to("setWebhook") == []


async def test_an_unreachable_api_is_reported() -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot"}

    run = await command("webhook-info", env=env)

    assert run.status == 1
    assert "could not be reached" in run.err


# -- credentials ------------------------------------------------------------------------------


def test_the_environment_sets_the_api_when_credentials_do_not(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:8081/")
    channel = TelegramChannel.from_credentials({"access_token": TOKEN, "secret_token": SECRET})

    assert channel.bot.base_url == f"http://127.0.0.1:8081/bot{TOKEN}"


def test_from_credentials_builds_the_channel_rasa_mounts() -> None:
    channel = TelegramChannel.from_credentials(
        {"access_token": TOKEN, "secret_token": SECRET, "api_base_url": "http://127.0.0.1:8081"}
    )

    assert channel.name() == "telegram"
    assert channel.bot.base_url == f"http://127.0.0.1:8081/bot{TOKEN}"
    assert isinstance(channel.blueprint(lambda message: asyncio.sleep(0)), Blueprint)


def test_the_default_api_is_telegrams(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELEGRAM_API_BASE_URL", raising=False)
    channel = TelegramChannel.from_credentials({"access_token": TOKEN, "secret_token": SECRET})

    assert channel.bot.base_url == f"https://api.telegram.org/bot{TOKEN}"


@pytest.mark.parametrize(
    ("credentials", "says"),
    [
        (None, "'access_token' is missing in credentials.yml (set TELEGRAM_BOT_TOKEN"),
        ({"secret_token": SECRET}, "'access_token' is missing"),
        (
            {"access_token": TOKEN},
            "'secret_token' is missing in credentials.yml (set TELEGRAM_WEBHOOK_SECRET",
        ),
        ({"access_token": TOKEN, "secret_token": "  "}, "'secret_token' is missing"),
        ({"access_token": TOKEN, "secret_token": "tooshort"}, "16-256 characters"),
        ({"access_token": TOKEN, "secret_token": SECRET + "!"}, "16-256 characters"),
        ({"access_token": "123456", "secret_token": SECRET}, "bot token"),
        ({"access_token": TOKEN, "secret_token": SECRET, "api_base_url": "api.telegram.org"}, "api_base_url"),
    ],
)
def test_bad_credentials_stop_start_up_with_a_clear_message(
    credentials: dict[str, str] | None, says: str
) -> None:
    with pytest.raises(TelegramConfigError) as error:
        TelegramChannel.from_credentials(credentials)

    assert says in str(error.value)
    # Rasa swallows AttributeError/ImportError from from_credentials into a vaguer message.
    assert isinstance(error.value, ValueError)
