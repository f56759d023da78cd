"""Accounts, logins and sessions. Keyword-only functions over the caller's session."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from console.staff import audit
from console.staff.models import Role, StaffAccount, StaffSession
from console.staff.security import (
    hash_password,
    new_token,
    session_token_hash,
    verify_password,
)

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message says why."""


class AccountExists(AccountError):
    pass


class AccountNotFound(AccountError):
    pass


def normalise_email(email: str) -> str:
    value = email.strip().lower()
    if len(value) > 254 or not EMAIL.match(value):
        raise AccountError(f"not an email address: {email!r}")
    return value


@dataclass(frozen=True)
class LockoutPolicy:
    attempts: int = 5
    minutes: int = 15


@dataclass(frozen=True)
class LoginResult:
    account: StaffAccount | None
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.account is not None and self.locked_until is None


def find_by_email(session: Session, *, email: str) -> StaffAccount | None:
    return session.scalar(select(StaffAccount).where(StaffAccount.email == email.strip().lower()))


def get_account(session: Session, *, account_id: int) -> StaffAccount:
    account = session.get(StaffAccount, account_id)
    if account is None:
        raise AccountNotFound(f"no staff account {account_id}")
    return account


def list_accounts(session: Session) -> list[StaffAccount]:
    return list(session.scalars(select(StaffAccount).order_by(func.lower(StaffAccount.display_name))))


def create_account(
    session: Session,
    *,
    email: str,
    display_name: str,
    role: Role,
    password: str,
    actor: StaffAccount | None,
    now: datetime,
    ip: str | None = None,
) -> StaffAccount:
    address = normalise_email(email)
    name = display_name.strip()
    if not name:
        raise AccountError("the display name is empty")
    if find_by_email(session, email=address) is not None:
        raise AccountExists(f"an account with the email {address} exists already")
    account = StaffAccount(
        email=address,
        display_name=name,
        role=role.value,
        active=True,
        password_hash=hash_password(password),
        failed_attempts=0,
        created_at=now,
        updated_at=now,
    )
    session.add(account)
    session.flush()
    audit.record(
        session,
        actor,
        audit.ACCOUNT_CREATED,
        target_type="account",
        target_id=account.id,
        detail={"email": address, "role": role.value},
        ip=ip,
        at=now,
    )
    return account


def update_account(
    session: Session,
    *,
    account: StaffAccount,
    actor: StaffAccount,
    now: datetime,
    role: Role | None = None,
    active: bool | None = None,
    display_name: str | None = None,
    ip: str | None = None,
) -> StaffAccount:
    if account.id == actor.id and ((role is not None and role.value != account.role) or active is False):
        raise AccountError("you cannot change your own role or deactivate yourself; ask another admin")
    changes: dict[str, list[object]] = {}
    if role is not None and role.value != account.role:
        changes["role"] = [account.role, role.value]
        account.role = role.value
    if active is not None and active != account.active:
        changes["active"] = [account.active, active]
        account.active = active
        if active:
            account.failed_attempts, account.locked_until = 0, None
    if display_name is not None and display_name.strip() != account.display_name:
        if not display_name.strip():
            raise AccountError("the display name is empty")
        changes["display_name"] = [account.display_name, display_name.strip()]
        account.display_name = display_name.strip()
    if not changes:
        return account
    account.updated_at = now
    if "role" in changes or account.active is False:
        # A demoted or deactivated account keeps no session with its former powers.
        end_all_sessions(session, account_id=account.id)
    audit.record(
        session,
        actor,
        audit.ACCOUNT_CHANGED,
        target_type="account",
        target_id=account.id,
        detail=changes,
        ip=ip,
        at=now,
    )
    return account


def reset_password(
    session: Session,
    *,
    account: StaffAccount,
    password: str,
    actor: StaffAccount,
    now: datetime,
    ip: str | None = None,
) -> None:
    account.password_hash = hash_password(password)
    account.failed_attempts, account.locked_until = 0, None
    account.updated_at = now
    end_all_sessions(session, account_id=account.id)
    audit.record(
        session, actor, audit.PASSWORD_RESET, target_type="account", target_id=account.id, ip=ip, at=now
    )


def authenticate(
    session: Session,
    *,
    email: str,
    password: str,
    now: datetime,
    policy: LockoutPolicy,
    ip: str | None = None,
) -> LoginResult:
    """Check a login; counts failures, locks the account after too many in a row, audits each."""
    account = find_by_email(session, email=email)
    if account is not None and account.locked_until is not None and account.locked_until <= now:
        account.failed_attempts, account.locked_until = 0, None
    usable = account is not None and account.active
    # Always one argon2 verification, whether or not the account exists or is usable.
    matches, needs_rehash = verify_password(account.password_hash if usable and account else None, password)
    if account is not None and account.locked_until is not None:
        audit.record(
            session,
            account,
            audit.LOGIN_FAILED,
            target_type="account",
            target_id=account.id,
            detail={"reason": "locked"},
            ip=ip,
            at=now,
        )
        return LoginResult(account=account, locked_until=account.locked_until)
    if account is None or not usable or not matches:
        return _failed(session, account=account, email=email, now=now, policy=policy, ip=ip)
    if needs_rehash:
        account.password_hash = hash_password(password)
    account.failed_attempts = 0
    account.last_login_at = now
    audit.record(session, account, audit.LOGIN, target_type="account", target_id=account.id, ip=ip, at=now)
    return LoginResult(account=account)


def _failed(
    session: Session,
    *,
    account: StaffAccount | None,
    email: str,
    now: datetime,
    policy: LockoutPolicy,
    ip: str | None,
) -> LoginResult:
    if account is None:
        audit.record(
            session,
            None,
            audit.LOGIN_FAILED,
            detail={"email": email.strip().lower()[:254], "reason": "unknown"},
            ip=ip,
            at=now,
        )
        return LoginResult(account=None)
    account.failed_attempts += 1
    reason = "wrong password" if account.active else "inactive"
    audit.record(
        session,
        account,
        audit.LOGIN_FAILED,
        target_type="account",
        target_id=account.id,
        detail={"reason": reason, "failed_attempts": account.failed_attempts},
        ip=ip,
        at=now,
    )
    if account.failed_attempts >= policy.attempts:
        account.locked_until = now + timedelta(minutes=policy.minutes)
        audit.record(
            session,
            account,
            audit.LOCKED_OUT,
            target_type="account",
            target_id=account.id,
            detail={"until": account.locked_until.isoformat()},
            ip=ip,
            at=now,
        )
        return LoginResult(account=account, locked_until=account.locked_until)
    return LoginResult(account=None)


def start_session(
    session: Session,
    *,
    account: StaffAccount,
    key: str,
    now: datetime,
    max_age: timedelta,
    ip: str | None = None,
) -> str:
    """Store a new session and return the token for the cookie (only its HMAC is stored)."""
    token = new_token()
    session.add(
        StaffSession(
            token_hash=session_token_hash(key, token),
            account_id=account.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + max_age,
            ip=ip,
        )
    )
    session.flush()
    return token


def resolve_session(
    session: Session, *, token: str, key: str, now: datetime, idle: timedelta
) -> tuple[StaffSession, StaffAccount] | None:
    """The live session and its active account, or None; expired sessions are removed."""
    row = session.scalar(
        select(StaffSession).where(StaffSession.token_hash == session_token_hash(key, token))
    )
    if row is None:
        return None
    account = session.get(StaffAccount, row.account_id)
    if row.expires_at <= now or row.last_seen_at + idle <= now or account is None or not account.active:
        session.delete(row)
        session.flush()
        return None
    row.last_seen_at = now
    return row, account


def end_session(session: Session, *, row: StaffSession) -> None:
    session.delete(row)
    session.flush()


def end_all_sessions(session: Session, *, account_id: int) -> None:
    session.execute(delete(StaffSession).where(StaffSession.account_id == account_id))
