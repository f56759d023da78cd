"""Request and answer shapes of the job alerts API (docs/CONTRACTS.md)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

CRITERIA = ("isco_code", "occupation_uri", "keyword", "town")


class AlertIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    conversation_id: str = Field(min_length=1, max_length=200)
    channel: str = Field(min_length=1, max_length=40)
    recipient: str = Field(min_length=1, max_length=200)
    jobseeker_id: int | None = None
    isco_code: str | None = Field(default=None, pattern=r"^\d{1,4}$")
    occupation_uri: str | None = Field(default=None, max_length=300)
    occupation_label: str | None = Field(default=None, max_length=300)
    town: str | None = Field(default=None, max_length=100)
    keyword: str | None = Field(default=None, max_length=200)
    language: str = Field(min_length=2, max_length=8)

    @model_validator(mode="after")
    def _has_criterion(self) -> AlertIn:
        # An alert without any criterion would message the person about every vacancy.
        if not any(getattr(self, name) for name in CRITERIA):
            raise ValueError("give at least one of: occupation (isco_code or occupation_uri), town, keyword")
        return self


class AlertOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    conversation_id: str
    channel: str
    recipient: str
    jobseeker_id: int | None
    isco_code: str | None
    occupation_uri: str | None
    occupation_label: str | None
    town: str | None
    keyword: str | None
    language: str
    active: bool
    created_at: datetime
