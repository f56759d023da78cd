"""Request and answer shapes of the escalations API (docs/CONTRACTS.md)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from backend.core.phones import normalise_phone

Topic = Literal["registration", "benefits", "programmes", "other"]
Reason = Literal["user_request", "misunderstanding", "sensitive_topic"]
Status = Literal["open", "in_progress", "closed"]
Rating = Literal["good", "ok", "bad"]
# Any spelling the phone helper reads ("0712 345 678" is Kenyan); stored in E.164.
Phone = Annotated[str, Field(max_length=40), AfterValidator(normalise_phone)]
PATCHABLE = ("status", "rating", "callback_requested", "callback_phone")


def _in_utc(moment: datetime) -> datetime:
    # Rasa sends epoch seconds (read as UTC) or ISO text; a time without offset is
    # taken as UTC, so that every stored line answers with an offset as the contract says.
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(timezone.utc)


class TranscriptLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sender: Literal["user", "bot"]
    text: str = Field(max_length=4000)
    timestamp: Annotated[datetime, AfterValidator(_in_utc)] | None = None


class EscalationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    conversation_id: str = Field(min_length=1, max_length=200)
    channel: str = Field(min_length=1, max_length=40)
    jobseeker_id: int | None = None
    language: str = Field(min_length=2, max_length=8)
    topic: Topic = "other"
    reason: Reason = "user_request"
    transcript: list[TranscriptLine] = Field(default_factory=list, max_length=500)


class EscalationPatch(BaseModel):
    """The changes staff and the bot make: any of the fields, at least one.

    `rating` and `callback_phone` may be null (clears them); `status` and
    `callback_requested` may not.
    """

    model_config = ConfigDict(extra="forbid")

    status: Status | None = None
    rating: Rating | None = None
    callback_requested: bool | None = None
    callback_phone: Phone | None = None

    @model_validator(mode="after")
    def _something_to_change(self) -> EscalationPatch:
        if not self.model_fields_set:
            raise ValueError(f"give at least one of {', '.join(PATCHABLE)}")
        for name in ("status", "callback_requested"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self

    def changes(self) -> dict[str, object]:
        """Only the fields the request named (a null there means: clear it)."""
        return {name: getattr(self, name) for name in PATCHABLE if name in self.model_fields_set}


class EscalationOut(BaseModel):
    id: int
    status: Status
    queue_position: int = Field(description="1 = next to be answered; 0 when no longer waiting")
    expected_wait_minutes: int
    open_now: bool
    next_opening: datetime | None
    created_at: datetime
    conversation_id: str
    channel: str
    jobseeker_id: int | None
    language: str
    topic: Topic
    reason: Reason
    office_id: int | None
    transcript: list[TranscriptLine]
    callback_requested: bool
    callback_phone: str | None
    rating: Rating | None
    rated_at: datetime | None
    closed_at: datetime | None
