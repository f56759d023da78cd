"""What the staff API accepts and answers, and how the HTML forms are read."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from fastapi import HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from console.staff.models import Role

FORM = "application/x-www-form-urlencoded"
# Forms here carry a few short fields; anything bigger is not one of ours.
MAX_BODY = 16 * 1024
Model = TypeVar("Model", bound=BaseModel)


class AccountOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    display_name: str
    role: Role
    active: bool
    locked_until: datetime | None
    created_at: datetime
    updated_at: datetime
    last_login_at: datetime | None


class Me(BaseModel):
    account: AccountOut
    csrf_token: str


class LoginIn(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1024)
    csrf_token: str | None = None


class AccountCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=320)
    display_name: str = Field(min_length=1, max_length=120)
    role: Role
    password: str = Field(max_length=1024)


class AccountUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role | None = None
    active: bool | None = None
    display_name: str | None = Field(default=None, min_length=1, max_length=120)


class PasswordReset(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: str = Field(max_length=1024)


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor_id: int | None
    action: str
    target_type: str | None
    target_id: str | None
    conversation_id: str | None
    detail: dict[str, Any]
    ip: str | None


def is_form(request: Request) -> bool:
    return request.headers.get("content-type", "").split(";")[0].strip().lower() == FORM


async def read_body(request: Request) -> dict[str, Any]:
    """The request's fields from an HTML form or a JSON object; 415/413/422 otherwise."""
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise HTTPException(413, "request body too large")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == FORM:
        try:
            return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False))
        except UnicodeDecodeError as exc:
            raise HTTPException(422, "the form is not UTF-8") from exc
    if kind == "application/json":
        try:
            data = await request.json()
        except ValueError as exc:
            raise HTTPException(422, "the body is not valid JSON") from exc
        if not isinstance(data, dict):
            raise HTTPException(422, "the body must be a JSON object")
        return data
    raise HTTPException(415, f"send {FORM} or application/json")


def parse(model: type[Model], data: dict[str, Any]) -> Model:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = [{"loc": e["loc"], "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        raise HTTPException(422, errors) from exc
