"""Signing in and out, lock-out, session expiry, cookies, CSRF and password storage."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from argon2 import PasswordHasher, Type
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from console.staff import security
from console.staff.models import AuditEvent, Role, StaffSession
from console.staff.security import SESSION_COOKIE
from tests.console.conftest import PASSWORD, Clock, Console, login, login_token, make_console

JSON = {"Accept": "application/json"}
HTML = {"Accept": "text/html"}


def actions(console: Console) -> list[str]:
    with console.session() as db:
        return list(db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def session_count(console: Console) -> int:
    with console.session() as db:
        return db.scalar(select(func.count()).select_from(StaffSession)) or 0


def post_login(client: TestClient, email: str, password: str, **headers: str) -> object:
    token = login_token(client)
    return client.post(
        "/staff/login", data={"email": email, "password": password, "csrf_token": token}, headers=headers
    )


def test_login_gives_a_session_and_me_shows_the_account(console: Console) -> None:
    console.add_account("Amina.Otieno@pes.example.org", Role.STAFF, name="Amina Otieno")
    with console.client() as client:
        csrf = login(client, "amina.otieno@PES.example.org")
        me = client.get("/staff/me")
    assert me.status_code == 200
    assert me.json()["account"]["email"] == "amina.otieno@pes.example.org"
    assert me.json()["account"]["role"] == "staff"
    assert me.json()["csrf_token"] == csrf
    account = console.account("amina.otieno@pes.example.org")
    assert account.last_login_at == console.clock.now
    assert actions(console)[-1] == "staff.login"


def test_browser_login_page_form_and_redirect(console: Console) -> None:
    console.add_account("joseph@pes.example.org", Role.ADMIN)
    with console.client() as client:
        page = client.get("/staff/login", headers=HTML)
        assert page.status_code == 200
        assert '<label for="password">Password</label>' in page.text
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        response = client.post(
            "/staff/login",
            data={"email": "joseph@pes.example.org", "password": PASSWORD, "csrf_token": token},
            headers={**HTML, "Origin": "http://testserver"},
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/staff/"
        home = client.get("/staff/", headers=HTML)
    assert home.status_code == 200
    assert "joseph@pes.example.org" in home.text
    assert 'href="/staff/accounts"' in home.text


@pytest.mark.parametrize("email", ["nobody@pes.example.org", "amina@pes.example.org"])
def test_unknown_email_and_wrong_password_get_the_same_answer(console: Console, email: str) -> None:
    console.add_account("amina@pes.example.org", Role.STAFF)
    with console.client() as client:
        response = post_login(client, email, "not the right password", Accept="application/json")
        assert response.status_code == 401  # type: ignore[attr-defined]
        assert response.json()["detail"] == "email or password is wrong"  # type: ignore[attr-defined]
        assert SESSION_COOKIE not in client.cookies
        assert client.get("/staff/me").status_code == 401
    assert session_count(console) == 0
    assert actions(console)[-1] == "staff.login_failed"


def test_inactive_account_cannot_sign_in(console: Console) -> None:
    console.add_account("admin@pes.example.org", Role.ADMIN)
    staff_id = console.add_account("left@pes.example.org", Role.STAFF)
    with console.client() as admin:
        csrf = login(admin, "admin@pes.example.org")
        assert (
            admin.patch(
                f"/staff/accounts/{staff_id}", json={"active": False}, headers={"X-CSRF-Token": csrf}
            ).status_code
            == 200
        )
    with console.client() as client:
        response = post_login(client, "left@pes.example.org", PASSWORD)
    assert response.status_code == 401  # type: ignore[attr-defined]


def test_five_failures_lock_the_account_until_the_period_is_over(console: Console) -> None:
    console.add_account("amina@pes.example.org", Role.STAFF)
    with console.client() as client:
        codes = [post_login(client, "amina@pes.example.org", "wrong password!").status_code for _ in range(5)]  # type: ignore[attr-defined]
        assert codes == [401, 401, 401, 401, 423]
        # Locked: even the right password is refused, with a message that says so.
        locked = post_login(client, "amina@pes.example.org", PASSWORD)
        assert locked.status_code == 423  # type: ignore[attr-defined]
        assert "locked for 15 more minute" in locked.json()["detail"]  # type: ignore[attr-defined]
        assert int(locked.headers["retry-after"]) == 15 * 60  # type: ignore[attr-defined]
        console.clock.advance(minutes=14, seconds=59)
        assert post_login(client, "amina@pes.example.org", PASSWORD).status_code == 423  # type: ignore[attr-defined]
        console.clock.advance(seconds=1)
        login(client, "amina@pes.example.org")
    account = console.account("amina@pes.example.org")
    assert account.failed_attempts == 0
    assert account.locked_until is None
    assert "staff.locked_out" in actions(console)


def test_success_resets_the_failure_counter(console: Console) -> None:
    console.add_account("amina@pes.example.org", Role.STAFF)
    with console.client() as client:
        for _ in range(4):
            assert post_login(client, "amina@pes.example.org", "wrong password!").status_code == 401  # type: ignore[attr-defined]
        login(client, "amina@pes.example.org")
        for _ in range(4):
            assert post_login(client, "amina@pes.example.org", "wrong password!").status_code == 401  # type: ignore[attr-defined]
    assert console.account("amina@pes.example.org").failed_attempts == 4


def test_lockout_is_configurable(db_url: str) -> None:
    console = make_console(db_url, Clock(), lockout_attempts=2, lockout_minutes=1)
    console.add_account("amina@pes.example.org", Role.STAFF)
    with console.client() as client:
        codes = [post_login(client, "amina@pes.example.org", "wrong password!").status_code for _ in range(2)]  # type: ignore[attr-defined]
        assert codes == [401, 423]
        console.clock.advance(minutes=1)
        login(client, "amina@pes.example.org")
    console.app.state.engine.dispose()


def test_logout_ends_the_session_on_the_server(console: Console) -> None:
    console.add_account("amina@pes.example.org", Role.STAFF)
    with console.client() as client:
        csrf = login(client, "amina@pes.example.org")
        stolen = client.cookies[SESSION_COOKIE]
        response = client.post("/staff/logout", headers={"X-CSRF-Token": csrf})
        assert response.status_code == 204
        assert SESSION_COOKIE not in client.cookies
    assert session_count(console) == 0
    # The old cookie, replayed, opens nothing.
    with console.client() as replay:
        replay.cookies.set(SESSION_COOKIE, stolen)
        assert replay.get("/staff/me").status_code == 401
    assert actions(console)[-1] == "staff.logout"


def test_session_ends_after_idle_time_and_after_its_maximum_age(console: Console) -> None:
    console.add_account("amina@pes.example.org", Role.STAFF)
    with console.client() as client:
        login(client, "amina@pes.example.org")
        console.clock.advance(minutes=29)
        assert client.get("/staff/me").status_code == 200
        console.clock.advance(minutes=29)  # active every half hour: still signed in
        assert client.get("/staff/me").status_code == 200
        console.clock.advance(minutes=30)
        assert client.get("/staff/me").status_code == 401
    assert session_count(console) == 0
    with console.client() as client:
        login(client, "amina@pes.example.org")
        statuses = []
        for _ in range(12 * 3):
            console.clock.advance(minutes=20)  # busy all day: never idle, but 12 hours is the most
            statuses.append(client.get("/staff/me").status_code)
    assert statuses == [200] * 35 + [401]


def test_session_cookie_flags(db_url: str) -> None:
    console = make_console(db_url, Clock(), cookie_secure=True)
    console.add_account("amina@pes.example.org", Role.STAFF)
    with TestClient(console.app, base_url="https://testserver") as client:
        token = login_token(client)
        response = client.post(
            "/staff/login",
            data={"email": "amina@pes.example.org", "password": PASSWORD, "csrf_token": token},
        )
    assert response.status_code == 200
    header = next(h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE + "="))
    morsel = SimpleCookie(header)[SESSION_COOKIE]
    attributes = {part.strip().split("=")[0].lower() for part in header.split(";")[1:]}
    assert {"httponly", "secure", "samesite", "path"} <= attributes
    assert morsel["samesite"].lower() == "strict"
    assert morsel["path"] == "/"
    # Only a hash of the token is stored.
    with console.session() as db:
        stored = db.scalars(select(StaffSession.token_hash)).one()
    assert morsel.value not in stored
    console.app.state.engine.dispose()


@pytest.mark.parametrize(
    ("headers", "field"),
    [
        ({}, None),
        ({"X-CSRF-Token": "forged"}, None),
        ({}, "forged"),
        ({"Origin": "https://evil.example.com"}, "valid"),
        ({"Origin": "null"}, "valid"),
        ({"Referer": "https://evil.example.com/page"}, "valid"),
    ],
    ids=["missing", "wrong-header", "wrong-field", "cross-origin", "null-origin", "cross-referer"],
)
def test_state_change_without_a_valid_csrf_token_or_from_another_site_is_refused(
    console: Console, headers: dict[str, str], field: str | None
) -> None:
    console.add_account("admin@pes.example.org", Role.ADMIN)
    with console.client() as client:
        csrf = login(client, "admin@pes.example.org")
        data = {"email": "new@pes.example.org", "display_name": "New", "role": "staff", "password": PASSWORD}
        if field is not None:
            data["csrf_token"] = csrf if field == "valid" else field
        response = client.post("/staff/accounts", data=data, headers=headers)
        assert response.status_code == 403
        logout = client.post("/staff/logout", headers=headers)
        assert logout.status_code == 403
        assert client.get("/staff/me").status_code == 200
    with console.session() as db:
        assert (
            db.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "account.created")
            )
            == 1
        )
    assert session_count(console) == 1


def test_same_origin_form_with_its_token_is_accepted(console: Console) -> None:
    console.add_account("admin@pes.example.org", Role.ADMIN)
    with console.client() as client:
        csrf = login(client, "admin@pes.example.org")
        response = client.post(
            "/staff/accounts",
            data={
                "email": "n@pes.example.org",
                "display_name": "N",
                "role": "staff",
                "password": PASSWORD,
                "csrf_token": csrf,
            },
            headers={"Origin": "http://testserver", "Accept": "text/html"},
            follow_redirects=False,
        )
    assert response.status_code == 303
    assert response.headers["location"] == "/staff/accounts"


@pytest.mark.parametrize("token", [None, "forged"])
def test_login_without_the_login_pages_token_is_refused(console: Console, token: str | None) -> None:
    console.add_account("amina@pes.example.org", Role.STAFF)
    with console.client() as client:
        login_token(client)
        data = {"email": "amina@pes.example.org", "password": PASSWORD}
        if token:
            data["csrf_token"] = token
        assert client.post("/staff/login", data=data).status_code == 403
    assert session_count(console) == 0


def test_login_from_another_site_is_refused(console: Console) -> None:
    console.add_account("amina@pes.example.org", Role.STAFF)
    with console.client() as client:
        token = login_token(client)
        response = client.post(
            "/staff/login",
            data={"email": "amina@pes.example.org", "password": PASSWORD, "csrf_token": token},
            headers={"Origin": "https://evil.example.com"},
        )
    assert response.status_code == 403
    assert session_count(console) == 0


@pytest.mark.real_argon2
def test_passwords_are_stored_as_argon2id_and_rehashed_when_parameters_change(console: Console) -> None:
    console.add_account("amina@pes.example.org", Role.STAFF)
    stored = console.account("amina@pes.example.org").password_hash
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PASSWORD not in stored
    with console.client() as client:
        login(client, "amina@pes.example.org")
    assert console.account("amina@pes.example.org").password_hash == stored
    security._hasher = PasswordHasher(time_cost=4, type=Type.ID)
    try:
        with console.client() as client:
            client.post("/staff/logout", headers={"X-CSRF-Token": login(client, "amina@pes.example.org")})
            login(client, "amina@pes.example.org")
    finally:
        security._hasher = PasswordHasher(type=Type.ID)
    rehashed = console.account("amina@pes.example.org").password_hash
    assert rehashed.startswith("$argon2id$v=19$m=65536,t=4,p=4$")


def test_bad_login_input_gets_a_clear_error_not_a_crash(console: Console) -> None:
    with console.client() as client:
        token = login_token(client)
        missing = client.post("/staff/login", data={"email": "a@b.org", "csrf_token": token})
        assert missing.status_code == 422
        other_type = client.post(
            "/staff/login", content=b"<xml/>", headers={"Content-Type": "text/xml", "X-CSRF-Token": token}
        )
        assert other_type.status_code == 415
        huge = client.post(
            "/staff/login", data={"email": "a@b.org", "password": "x" * 20000, "csrf_token": token}
        )
        assert huge.status_code == 413
