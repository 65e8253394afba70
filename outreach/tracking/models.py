"""Turn coaches, prospects, attempts, appointments, the audit trail and erased numbers into database tables.

Only what the work needs: no BSN. Personal fields on `Prospect` are nullable so that erasure
can blank them while the row, its state and its attempts stay as anonymous funnel counts.
Times are stored in UTC (`UtcDateTime`) and handed out timezone-aware.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UtcDateTime


class Coach(Base):
    __tablename__ = "tracking_coaches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True, info={"field": "naam"})
    name_key: Mapped[str] = mapped_column(String(300), unique=True, info={"fold_of": "name"})  # fields.fold(name)
    phone: Mapped[str | None] = mapped_column(String(20), info={"field": "--phone"})
    whatsapp: Mapped[str | None] = mapped_column(String(20), info={"field": "--whatsapp"})
    photo: Mapped[str | None] = mapped_column(String(500), info={"field": "--photo"})
    working_days: Mapped[str] = mapped_column(String(30), default="ma,di,wo,do,vr")
    neighbourhoods: Mapped[str | None] = mapped_column(Text)  # comma-separated, for --assign by-neighbourhood
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # the coach's listen page: /luister/<template>-<versie>/<listen_key>, opaque and never a person's data
    listen_key: Mapped[str | None] = mapped_column(String(24), unique=True, index=True,
                                                   default=lambda: secrets.token_hex(12))

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name else ""


class Prospect(Base):
    __tablename__ = "tracking_prospects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_number: Mapped[str | None] = mapped_column(String(40), unique=True, info={"field": "klantnummer"})
    client_key: Mapped[str | None] = mapped_column(String(60), unique=True, info={"fold_of": "client_number"})
    first_name: Mapped[str | None] = mapped_column(String(100), info={"field": "voornaam"})
    last_name: Mapped[str | None] = mapped_column(String(150), info={"field": "achternaam"})
    address: Mapped[str | None] = mapped_column(String(200), info={"field": "adres"})
    postcode: Mapped[str | None] = mapped_column(String(7), info={"field": "postcode"})
    city: Mapped[str | None] = mapped_column(String(100), info={"field": "woonplaats"})
    neighbourhood: Mapped[str | None] = mapped_column(String(100), info={"field": "wijk"})  # kept after erasure: coarse, for the funnel
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164, for calls (landline allowed)
    phone2: Mapped[str | None] = mapped_column(String(20))
    mobile: Mapped[str | None] = mapped_column(String(20))  # E.164 mobile for SMS/WhatsApp, or NULL
    whatsapp: Mapped[bool] = mapped_column(Boolean, default=False)  # prefers WhatsApp over SMS
    language_notes: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8), info={"field": "taal"})  # languages.code: 'ar', 'fa-AF'; None: Dutch
    source_hash: Mapped[str | None] = mapped_column(String(64))  # of the imported row: re-import is a no-op
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("tracking_coaches.id"))
    added_on: Mapped[date] = mapped_column(Date)
    # Summary recomputed by rules.next_step after every attempt (fast lists and funnel).
    state: Mapped[str] = mapped_column(String(20), default="nieuw")
    next_step: Mapped[str | None] = mapped_column(String(20))
    next_due: Mapped[date | None] = mapped_column(Date)
    next_daypart: Mapped[str | None] = mapped_column(String(20))
    closed_reason: Mapped[str | None] = mapped_column(String(30))
    closed_on: Mapped[date | None] = mapped_column(Date)
    calls: Mapped[int] = mapped_column(Integer, default=0)
    round_calls: Mapped[int] = mapped_column(Integer, default=0)
    call_round: Mapped[int] = mapped_column(Integer, default=1)
    approached: Mapped[bool] = mapped_column(Boolean, default=False)
    reached: Mapped[bool] = mapped_column(Boolean, default=False)
    had_appointment: Mapped[bool] = mapped_column(Boolean, default=False)
    calls_to_appointment: Mapped[int | None] = mapped_column(Integer)
    declines: Mapped[int] = mapped_column(Integer, default=0)
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=0)  # bumped first in every change: a row lock
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    coach: Mapped[Coach | None] = relationship(lazy="joined")

    __table_args__ = (
        Index("ix_tracking_prospects_due", "coach_id", "next_due"),
        Index("ix_tracking_prospects_closed", "state", "closed_on"),
        Index("ix_tracking_prospects_caseload", "coach_id", "state", "erased_at", "next_due"),  # caseloads, due counts
    )

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class Attempt(Base):
    __tablename__ = "tracking_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    prospect_id: Mapped[int] = mapped_column(ForeignKey("tracking_prospects.id", ondelete="CASCADE"), index=True)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("tracking_coaches.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    channel: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Appointment(Base):
    __tablename__ = "tracking_appointments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    prospect_id: Mapped[int] = mapped_column(ForeignKey("tracking_prospects.id", ondelete="CASCADE"), index=True)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("tracking_attempts.id", ondelete="SET NULL"))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    place: Mapped[str | None] = mapped_column(String(200), info={"field": "--place"})
    status: Mapped[str] = mapped_column(String(20), default="gepland")  # gepland, gehouden, gemist, vervallen
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AuditEntry(Base):
    """Who recorded or changed what, when: ids and field names only, never personal data."""

    __tablename__ = "tracking_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))  # create, update, log, erase, anonymise, export
    entity: Mapped[str] = mapped_column(String(20))  # coach, prospect, attempt, appointment
    entity_id: Mapped[int | None] = mapped_column(Integer)
    prospect_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: the trail outlives rows
    fields: Mapped[str | None] = mapped_column(Text)  # comma-separated field names


class ErasedNumber(Base):
    """A keyed hash (HMAC-SHA256) of the client number of someone erased on request: nothing else.

    The importer checks it so a re-imported list does not add that person again.
    """

    __tablename__ = "tracking_erased"

    number_hash: Mapped[str] = mapped_column(String(64), primary_key=True)


from . import personal  # noqa: E402,F401  (tracking_personal_pages on db.Base with the rest)
