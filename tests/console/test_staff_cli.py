"""The console's command line (migrate, create-staff) and the staff settings, as an operator meets them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from console.main import create_app
from console.settings import Settings, SettingsError
from tests.console.conftest import Clock, make_console

ROOT = Path(__file__).resolve().parents[2]
ADMIN_PASSWORD = "first admin passphrase"


def run_cli(*args: str, url: str, password: str | None = ADMIN_PASSWORD) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PES_CONSOLE_ADMIN_PASSWORD"}
    env["CONSOLE_DATABASE_URL"] = url
    if password is not None:
        env["PES_CONSOLE_ADMIN_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "console.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def test_migrate_then_create_an_admin_who_can_sign_in(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh' / 'console.sqlite3'}"
    assert run_cli("migrate", url=url).returncode == 0
    assert run_cli("migrate", url=url).returncode == 0  # idempotent
    args = ("create-staff", "--email", "Head@PES.example.org", "--name", "Head of office", "--role", "admin")
    created = run_cli(*args, url=url)
    assert created.returncode == 0, created.stderr
    assert "created admin account" in created.stdout
    duplicate = run_cli(*args, url=url)
    assert duplicate.returncode == 1
    assert "exists already" in duplicate.stderr
    console = make_console(url, Clock())
    with console.client() as client:
        token = client.get("/staff/login", headers={"Accept": "application/json"}).json()["csrf_token"]
        response = client.post(
            "/staff/login",
            data={"email": "head@pes.example.org", "password": ADMIN_PASSWORD, "csrf_token": token},
        )
        assert response.status_code == 200
        assert response.json()["account"]["role"] == "admin"
        assert client.get("/staff/accounts").status_code == 200
    console.app.state.engine.dispose()


def test_create_staff_refuses_a_weak_password_and_a_missing_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'console.sqlite3'}"
    assert run_cli("migrate", url=url).returncode == 0
    weak = run_cli(
        "create-staff",
        "--email",
        "a@pes.example.org",
        "--name",
        "A",
        "--role",
        "staff",
        url=url,
        password="short",
    )
    assert weak.returncode == 1
    assert "at least 12 characters" in weak.stderr
    missing = run_cli(
        "create-staff",
        "--email",
        "a@pes.example.org",
        "--name",
        "A",
        "--role",
        "staff",
        url=url,
        password=None,
    )
    assert missing.returncode != 0
    assert "PES_CONSOLE_ADMIN_PASSWORD" in missing.stderr


def test_create_staff_on_an_unmigrated_database_says_to_migrate(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'console.sqlite3'}"
    result = run_cli(
        "create-staff", "--email", "a@pes.example.org", "--name", "A", "--role", "staff", url=url
    )
    assert result.returncode == 1
    assert "console.cli migrate" in result.stderr


def test_start_up_without_a_secret_key_stops_with_a_clear_message() -> None:
    settings = Settings.from_env({})
    with pytest.raises(SettingsError, match="PES_CONSOLE_SECRET_KEY is not set"):
        create_app(settings)
    with pytest.raises(SettingsError, match="PES_CONSOLE_SECRET_KEY must be at least 32"):
        Settings.from_env({"PES_CONSOLE_SECRET_KEY": "too-short"})


def test_settings_of_the_staff_side_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            "PES_CONSOLE_SECRET_KEY": "k" * 40,
            "CONSOLE_DATABASE_URL": "postgresql://pes@db/console",
            "PES_CONSOLE_COOKIE_SECURE": "false",
            "PES_CONSOLE_PUBLIC_URL": "http://127.0.0.1:8080",
            "PES_CONSOLE_LOCKOUT_ATTEMPTS": "3",
        }
    )
    assert settings.console_database_url == "postgresql://pes@db/console"
    assert settings.cookie_secure is False
    assert settings.lockout_attempts == 3
    assert settings.lockout_minutes == 15
    assert Settings.from_env({"PES_CONSOLE_SECRET_KEY": "k" * 40}).cookie_secure is True
    with pytest.raises(SettingsError, match=r"only allowed for http://127\.0\.0\.1"):
        Settings.from_env(
            {
                "PES_CONSOLE_SECRET_KEY": "k" * 40,
                "PES_CONSOLE_COOKIE_SECURE": "false",
                "PES_CONSOLE_PUBLIC_URL": "https://console.pes.example.org",
            }
        )
    with pytest.raises(SettingsError, match="PES_CONSOLE_LOCKOUT_ATTEMPTS"):
        Settings.from_env({"PES_CONSOLE_SECRET_KEY": "k" * 40, "PES_CONSOLE_LOCKOUT_ATTEMPTS": "many"})


def test_behind_a_public_url_the_origin_must_be_that_url(db_url: str) -> None:
    console = make_console(
        db_url, Clock(), cookie_secure=True, console_public_url="https://console.pes.example.org"
    )
    with TestClient(console.app, base_url="https://internal:8080") as client:
        token = client.get("/staff/login", headers={"Accept": "application/json"}).json()["csrf_token"]
        form = {"email": "a@pes.example.org", "password": "wrong but long", "csrf_token": token}
        internal = client.post("/staff/login", data=form, headers={"Origin": "https://internal:8080"})
        public = client.post("/staff/login", data=form, headers={"Origin": "https://console.pes.example.org"})
    assert internal.status_code == 403
    assert public.status_code == 401
    console.app.state.engine.dispose()
