"""Password hashing (argon2id), session tokens and CSRF tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

SESSION_COOKIE = "pes_console_session"
LOGIN_CSRF_COOKIE = "pes_console_login_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
MIN_PASSWORD_LENGTH = 12
# argon2 works on the whole input: an unbounded password is a cheap way to burn CPU.
MAX_PASSWORD_LENGTH = 256

_hasher = PasswordHasher(type=Type.ID)
# Verified against when the email is unknown, so both failures cost the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class PasswordPolicyError(ValueError):
    pass


def check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordPolicyError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordPolicyError(f"the password must have at most {MAX_PASSWORD_LENGTH} characters")


def hash_password(password: str) -> str:
    check_password_policy(password)
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> tuple[bool, bool]:
    """(matches, needs_rehash). Without a stored hash it still spends the time of one check."""
    if len(password) > MAX_PASSWORD_LENGTH:
        password = password[:MAX_PASSWORD_LENGTH]
        stored_hash = None
    try:
        _hasher.verify(stored_hash or _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, False
    if stored_hash is None:
        return False, False
    return True, _hasher.check_needs_rehash(stored_hash)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _mac(key: str, purpose: str, value: str) -> str:
    return hmac.new(key.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def session_token_hash(key: str, token: str) -> str:
    return _mac(key, "session", token)


def session_csrf_token(key: str, token: str) -> str:
    """The synchroniser token of a session: derived from it, so it dies with it."""
    return _mac(key, "csrf", token)


def login_csrf_token(key: str, nonce: str) -> str:
    """The login form's token for the nonce in the pre-session cookie (signed double submit)."""
    return _mac(key, "login-csrf", nonce)


def tokens_match(expected: str, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())


def origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_origin(expected_origin: str, origin: str | None, referer: str | None) -> bool:
    """True unless the browser says the request comes from another site.

    Origin is checked when present, Referer otherwise; a request with neither (a
    non-browser client) still needs the CSRF token, which a foreign page cannot read.
    """
    if origin is not None:
        return origin.lower() == expected_origin
    if referer is not None:
        return origin_of(referer) == expected_origin
    return True
