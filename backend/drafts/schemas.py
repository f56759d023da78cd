"""Request and answer shapes of the registration drafts API (docs/CONTRACTS.md)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

# A draft holds the answers to a dozen questions; anything much bigger is not a draft.
MAX_ANSWERS = 30
MAX_BYTES = 8_000


class DraftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, Any]
    channel: str | None = Field(default=None, max_length=40)

    @field_validator("answers")
    @classmethod
    def _small_and_flat(cls, value: dict[str, Any]) -> dict[str, Any]:
        if len(value) > MAX_ANSWERS:
            raise ValueError(f"at most {MAX_ANSWERS} answers")
        for key, answer in value.items():
            if not key or len(key) > 60:
                raise ValueError("answer names must be 1-60 characters")
            if answer is not None and not isinstance(answer, str | int | float | bool | list):
                raise ValueError(f"answer {key!r} must be a plain value")
        if len(json.dumps(value, ensure_ascii=False).encode()) > MAX_BYTES:
            raise ValueError(f"answers larger than {MAX_BYTES} bytes")
        return value


class DraftOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    phone: str
    answers: dict[str, Any]
    channel: str | None
    created_at: datetime
    updated_at: datetime
