"""Turn the outbox and the opt-out list into database tables (SQLAlchemy models).

The outbox holds every message as a row before it is sent; (prospect_id, purpose) is unique
so the same follow-up cannot be scheduled twice. `prospect_id` is a plain indexed integer:
messaging knows nothing of tracking's tables. Times are aware UTC (`db.UtcDateTime`), as in tracking. Opt-outs are stored as a
keyed hash (HMAC) of the number, so honouring a STOP does not keep the number itself.

State machine of `Message.status`:

    queued ──claim (compare-and-set)──> sending ──provider accepted──> sent
       │                                  │  └──permanent error──────> failed
       │                                  └──proved not sent (reconcile)──> queued
       └──cancel / opt-out / too late (not_after)──> cancelled
                                                     sent ──callback: undelivered──> failed

`claimed_at` is the lease of whoever holds a 'sending' row (renewed on every take-over, used
only to decide staleness). `first_claimed_at` is written by the first claim and never again:
it is the earliest moment the provider can have created the message, so every look-up at the
provider after a crash starts there, however often the row was taken over since.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UtcDateTime

QUEUED, SENDING, SENT, FAILED, CANCELLED = "queued", "sending", "sent", "failed", "cancelled"
STATUSES = (QUEUED, SENDING, SENT, FAILED, CANCELLED)
CHANNELS = ("sms", "whatsapp")


class Message(Base):
    """One outgoing message: its text, when it may go, and where it is in the state machine."""

    __tablename__ = "messaging_outbox"
    __table_args__ = (UniqueConstraint("prospect_id", "purpose", name="uq_messaging_outbox_prospect_purpose"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    prospect_id: Mapped[int] = mapped_column(Integer, index=True)
    purpose: Mapped[str] = mapped_column(String(120))
    template: Mapped[str] = mapped_column(String(100))
    template_version: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the version the text was made from
    channel: Mapped[str] = mapped_column(String(10))
    to: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    content_sid: Mapped[str | None] = mapped_column(String(64), nullable=True)
    content_variables: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON
    encoding: Mapped[str | None] = mapped_column(String(8), nullable=True)
    segments: Mapped[int | None] = mapped_column(Integer, nullable=True)
    working_days: Mapped[str | None] = mapped_column(String(20), nullable=True)  # "0,1,2,3,4"
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    send_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)  # next window opening >= due_at
    not_after: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)  # never send at/after this
    status: Mapped[str] = mapped_column(String(12), index=True, default=QUEUED)
    claimed_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)  # lease: staleness only
    first_claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)  # set once, never moved
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sid: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    delivery: Mapped[str | None] = mapped_column(String(20), nullable=True)  # Twilio's last status
    error_code: Mapped[str | None] = mapped_column(String(20), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)  # technical detail, no personal data
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    language: Mapped[str | None] = mapped_column(String(12), nullable=True)  # of the text sent; None: Dutch
    language_missing: Mapped[str | None] = mapped_column(String(12), nullable=True)  # wanted, no approved version

    def __repr__(self) -> str:  # no personal data
        return f"<Message {self.id} {self.template} {self.channel} {self.status}>"


class OptOut(Base):
    """A number that asked for no more messages (by STOP), stored as a hash."""

    __tablename__ = "messaging_optouts"

    number_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    keyword: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


def number_hash(e164: str) -> str:
    """The key under which an opt-out of `e164` is stored (channel prefix removed): a keyed hash
    (HMAC-SHA256 with the one secret, `outreach.keyed`), which no one can turn back into the number."""
    from .. import keyed

    return keyed.keyed_hash("messaging-optout", e164.removeprefix("whatsapp:").strip())


def legacy_number_hash(e164: str) -> str:
    """How opt-outs were stored before: an unkeyed SHA-256, reversible by trying every number.
    Only looked up to replace it by `number_hash` (outbox.is_opted_out)."""
    plain = e164.removeprefix("whatsapp:").strip()
    return hashlib.sha256(plain.encode("ascii", "ignore")).hexdigest()


class SeenWebhook(Base):
    """A webhook call already handled: (MessageSid, event) is unique, so a replayed call changes nothing.

    `event` is "inbound" for an incoming message, or the delivery status of a status callback.
    """

    __tablename__ = "messaging_webhooks_seen"

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    event: Mapped[str] = mapped_column(String(20), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
