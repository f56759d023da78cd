"""Who may do what (the role matrix), account management by admins, and the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from console.staff import service
from console.staff.models import AuditEvent, Role
from console.staff.security import SESSION_COOKIE
from tests.console.conftest import PASSWORD, Console, login

TARGET = "target@pes.example.org"
NEW_PASSWORD = "another long passphrase"


def _routes(target_id: int) -> list[tuple[str, str, dict[str, Any] | None]]:
    return [
        ("GET", "/staff/me", None),
        ("GET", "/staff/", None),
        ("GET", "/staff/accounts", None),
        (
            "POST",
            "/staff/accounts",
            {"email": "x@pes.example.org", "display_name": "X", "role": "staff", "password": PASSWORD},
        ),
        ("PATCH", f"/staff/accounts/{target_id}", {"role": "supervisor"}),
        ("POST", f"/staff/accounts/{target_id}/password", {"password": NEW_PASSWORD}),
        ("GET", "/staff/audit", None),
    ]


# Expected status per route (same order as _routes) for each kind of caller.
MATRIX = {
    "anonymous": [401, 401, 401, 401, 401, 401, 401],
    "staff": [200, 200, 403, 403, 403, 403, 403],
    "supervisor": [200, 200, 403, 403, 403, 403, 200],
    "admin": [200, 200, 200, 201, 200, 204, 200],
}


def _signed_in(console: Console, client: TestClient, who: str) -> dict[str, str]:
    if who == "anonymous":
        return {}
    email = f"{who}@pes.example.org"
    console.add_account(email, Role(who))
    return {"X-CSRF-Token": login(client, email)}


@pytest.mark.parametrize("who", list(MATRIX))
def test_role_matrix(console: Console, who: str) -> None:
    target_id = console.add_account(TARGET, Role.STAFF)
    with console.client() as client:
        headers = _signed_in(console, client, who)
        statuses = [
            client.request(
                method, path, json=body, headers={**headers, "Accept": "application/json"}
            ).status_code
            for method, path, body in _routes(target_id)
        ]
    assert statuses == MATRIX[who]
    target = console.account(TARGET)
    changed = who == "admin"
    assert (target.role == "supervisor") is changed
    with console.session() as db:
        assert (service.find_by_email(db, email="x@pes.example.org") is not None) is changed
    with console.session() as db:
        created = db.scalars(select(AuditEvent).where(AuditEvent.action == "account.created")).all()
    assert len(created) == (1 + (who != "anonymous") + changed)


def test_browser_without_a_session_is_sent_to_the_login_page(console: Console) -> None:
    with console.client() as client:
        for path in ("/staff/", "/staff/accounts", "/staff/audit", "/staff/me"):
            response = client.get(path, headers={"Accept": "text/html"}, follow_redirects=False)
            assert response.status_code == 303, path
            assert response.headers["location"] == "/staff/login"
        assert client.get("/staff/login", headers={"Accept": "text/html"}).status_code == 200


def test_admin_accounts_page_lists_accounts_with_a_create_form(console: Console) -> None:
    console.add_account("admin@pes.example.org", Role.ADMIN, name="Grace <Admin>")
    with console.client() as client:
        csrf = login(client, "admin@pes.example.org")
        page = client.get("/staff/accounts", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "Grace &lt;Admin&gt;" in page.text
    assert f'name="csrf_token" value="{csrf}"' in page.text
    assert '<label for="new-password">' in page.text


def test_admin_creates_changes_and_resets_accounts(console: Console) -> None:
    admin_id = console.add_account("admin@pes.example.org", Role.ADMIN)
    with console.client() as admin:
        csrf = {"X-CSRF-Token": login(admin, "admin@pes.example.org")}
        body = {
            "email": "Wanjiru@PES.example.org",
            "display_name": "Wanjiru",
            "role": "staff",
            "password": PASSWORD,
        }
        created = admin.post("/staff/accounts", json=body, headers=csrf)
        assert created.status_code == 201
        new_id = created.json()["id"]
        assert created.json()["email"] == "wanjiru@pes.example.org"
        assert "password_hash" not in created.json()
        again = admin.post("/staff/accounts", json={**body, "email": "WANJIRU@pes.example.org"}, headers=csrf)
        assert again.status_code == 409
        short = admin.post(
            "/staff/accounts", json={**body, "email": "s@pes.example.org", "password": "short"}, headers=csrf
        )
        assert short.status_code == 422
        assert "12 characters" in short.json()["detail"]
        bad_role = admin.post(
            "/staff/accounts", json={**body, "email": "r@pes.example.org", "role": "root"}, headers=csrf
        )
        assert bad_role.status_code == 422
        bad_email = admin.post("/staff/accounts", json={**body, "email": "not-an-email"}, headers=csrf)
        assert bad_email.status_code == 422
        with console.client() as staff:
            login(staff, "wanjiru@pes.example.org")
            promoted = admin.patch(f"/staff/accounts/{new_id}", json={"role": "supervisor"}, headers=csrf)
            assert promoted.json()["role"] == "supervisor"
            # A role change ends the account's sessions: it signs in again with its new role.
            assert staff.get("/staff/me").status_code == 401
        reset = admin.post(
            f"/staff/accounts/{new_id}/password", json={"password": NEW_PASSWORD}, headers=csrf
        )
        assert reset.status_code == 204
        assert (
            admin.patch(f"/staff/accounts/{admin_id}", json={"role": "staff"}, headers=csrf).status_code
            == 409
        )
        assert (
            admin.patch(f"/staff/accounts/{admin_id}", json={"active": False}, headers=csrf).status_code
            == 409
        )
        assert admin.patch("/staff/accounts/99999", json={"active": False}, headers=csrf).status_code == 404
        assert admin.patch(f"/staff/accounts/{new_id}", json={"role": 5}, headers=csrf).status_code == 422
        listing = admin.get("/staff/accounts")
        assert sorted(a["email"] for a in listing.json()) == [
            "admin@pes.example.org",
            "wanjiru@pes.example.org",
        ]
    with console.client() as staff:
        login(staff, "wanjiru@pes.example.org", NEW_PASSWORD)
        assert staff.get("/staff/me").json()["account"]["role"] == "supervisor"
    with console.client() as staff:
        response = staff.get("/staff/login", headers={"Accept": "application/json"})
        token = response.json()["csrf_token"]
        old = staff.post(
            "/staff/login",
            data={"email": "wanjiru@pes.example.org", "password": PASSWORD, "csrf_token": token},
        )
        assert old.status_code == 401
        assert SESSION_COOKIE not in staff.cookies


def test_every_action_is_in_the_audit_log(console: Console) -> None:
    console.add_account("admin@pes.example.org", Role.ADMIN)
    console.add_account("super@pes.example.org", Role.SUPERVISOR)
    with console.client() as admin:
        csrf = {"X-CSRF-Token": login(admin, "admin@pes.example.org")}
        body = {"email": "k@pes.example.org", "display_name": "K", "role": "staff", "password": PASSWORD}
        new_id = admin.post("/staff/accounts", json=body, headers=csrf).json()["id"]
        admin.patch(f"/staff/accounts/{new_id}", json={"active": False}, headers=csrf)
        admin.post(f"/staff/accounts/{new_id}/password", json={"password": NEW_PASSWORD}, headers=csrf)
        token = admin.get("/staff/login", headers={"Accept": "application/json"}).json()["csrf_token"]
        admin.post(
            "/staff/login",
            data={"email": "ghost@pes.example.org", "password": "whatever it is", "csrf_token": token},
        )
        admin.post("/staff/logout", headers=csrf)
    with console.client() as supervisor:
        login(supervisor, "super@pes.example.org")
        events = supervisor.get("/staff/audit").json()
        admin_id = console.account("admin@pes.example.org").id
        by_admin = supervisor.get("/staff/audit", params={"actor": admin_id}).json()
        changes = supervisor.get("/staff/audit", params={"action": "account.changed"}).json()
        assert supervisor.get("/staff/audit", params={"limit": 0}).status_code == 422
        assert supervisor.get("/staff/audit", params={"actor": "me"}).status_code == 422
    newest_first = [e["action"] for e in events]
    assert newest_first[:8] == [
        "staff.login",  # the supervisor
        "staff.logout",
        "staff.login_failed",
        "account.password_reset",
        "account.changed",
        "account.created",
        "staff.login",  # the admin
        "account.created",  # the supervisor, by the seeding
    ]
    failed = events[2]
    assert failed["actor_id"] is None
    assert failed["detail"] == {"email": "ghost@pes.example.org", "reason": "unknown"}
    assert failed["ip"] == "testclient"
    assert {e["action"] for e in by_admin} == {
        "staff.login",
        "account.created",
        "account.changed",
        "account.password_reset",
        "staff.logout",
    }
    assert all(e["actor_id"] == admin_id for e in by_admin)
    assert len(changes) == 1
    assert changes[0]["target_type"] == "account"
    assert changes[0]["target_id"] == str(new_id)
    assert changes[0]["detail"] == {"active": [True, False]}


def test_audit_record_keeps_the_conversation_for_the_inbox(console: Console) -> None:
    from console.staff import audit

    console.add_account("admin@pes.example.org", Role.ADMIN)
    actor = console.account("admin@pes.example.org")
    with console.session() as db, db.begin():
        audit.record(
            db,
            actor,
            "ticket.replied",
            target_type="ticket",
            target_id=7,
            conversation_id="tg:4242",
            ip="10.0.0.1",
        )
        audit.record(
            db, actor, "ticket.claimed", target_type="ticket", target_id=8, conversation_id="sms:+254700"
        )
    with console.client() as client:
        login(client, "admin@pes.example.org")
        found = client.get("/staff/audit", params={"conversation": "tg:4242"}).json()
    assert [(e["action"], e["target_id"], e["ip"]) for e in found] == [("ticket.replied", "7", "10.0.0.1")]
