"""A channel opens exactly when its credentials are in the environment."""

from __future__ import annotations

from pathlib import Path

from tools.channels import describe, resolve, write_credentials

ROOT = Path(__file__).resolve().parents[2]

SAMPLE = """\
# comment
connectors.rest.RestChannel:

connectors.telegram.TelegramChannel:
  access_token: ${TG_TOKEN}
  secret_token: ${TG_SECRET}
  api_base_url: ${TG_BASE}  # optional
"""


def test_channel_without_its_secret_is_left_out_and_says_what_enables_it() -> None:
    channels = resolve(SAMPLE, {"TG_TOKEN": "t"})
    by_name = {c.name: c for c in channels}
    assert by_name["connectors.rest.RestChannel"].enabled
    telegram = by_name["connectors.telegram.TelegramChannel"]
    assert not telegram.enabled
    assert describe(channels)[1] == "channel TelegramChannel: off (set TG_SECRET to enable)"


def test_enabled_channel_keeps_placeholders_and_drops_unset_optional_lines(tmp_path: Path) -> None:
    source = tmp_path / "credentials.yml"
    source.write_text(SAMPLE)
    target = tmp_path / "var" / "credentials.yml"
    write_credentials(source, target, {"TG_TOKEN": "secret-value", "TG_SECRET": "s"})
    written = target.read_text()
    assert "access_token: ${TG_TOKEN}" in written
    assert "secret-value" not in written  # secrets stay in the environment
    assert "api_base_url" not in written
    assert "connectors.rest.RestChannel:" in written


def test_project_credentials_open_rest_and_web_chat_without_any_secret() -> None:
    channels = resolve((ROOT / "credentials.yml").read_text(), {})
    enabled = {c.name for c in channels if c.enabled}
    assert "connectors.rest.RestChannel" in enabled
    assert all(c.missing for c in channels if c.name not in enabled)
