"""Turn a planned appointment into a personal web page behind an unguessable token, and a token back into it.

The page shows the appointment's day, time, place and coach: never the person's name or
address. Only the SHA-256 of the token is stored (a copy of the database opens no page). A
page answers until seven days after the appointment, while the appointment is planned and
the person is not erased; erasure deletes the rows (`privacy._erase`). Whether beheer has
switched personal pages on is the caller's question (web/listen.py).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import clock
from ..db import Base, UtcDateTime
from .models import Appointment, Coach, Prospect

TOKEN_BYTES = 24  # 192 bits; at least 128 asked
KEEP_AFTER = timedelta(days=7)
MAX_TOKEN = 64  # characters: a longer path is never a token


class PersonalPage(Base):
    """One issued personal page: the token's hash, whose appointment, and until when."""

    __tablename__ = "tracking_personal_pages"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    prospect_id: Mapped[int] = mapped_column(ForeignKey("tracking_prospects.id", ondelete="CASCADE"), index=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("tracking_appointments.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


@dataclass(frozen=True)
class Shown:
    """What the personal page shows: the appointment and the coach, nothing of the person."""

    starts_at: datetime
    place: str
    coach_name: str
    coach_phone: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def issue(session: Session, appointment_id: int) -> str:
    """A new token for the appointment's personal page (valid until 7 days after it)."""
    appointment = session.get(Appointment, appointment_id)
    if appointment is None:
        raise LookupError(appointment_id)
    purge_expired(session)  # expired pages go as new ones are made
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(PersonalPage(token_hash=_hash(token), prospect_id=appointment.prospect_id,
                             appointment_id=appointment.id, expires_at=appointment.starts_at + KEEP_AFTER,
                             created_at=clock.now()))
    return token


def next_appointment(session: Session, prospect_id: int) -> Appointment | None:
    """The person's first planned appointment still to come, if any."""
    return session.scalar(select(Appointment).where(
        Appointment.prospect_id == prospect_id, Appointment.status == "gepland", Appointment.starts_at > clock.now())
        .order_by(Appointment.starts_at).limit(1))


def lookup(session: Session, token: str) -> Shown | None:
    """The page of `token`, or None alike for an unknown, expired, erased or cancelled one."""
    if not token or len(token) > MAX_TOKEN:
        return None
    row = session.execute(
        select(PersonalPage, Appointment, Prospect)
        .join(Appointment, Appointment.id == PersonalPage.appointment_id)
        .join(Prospect, Prospect.id == PersonalPage.prospect_id)
        .where(PersonalPage.token_hash == _hash(token))).first()
    if row is None:
        return None
    page, appointment, prospect = row
    if page.expires_at <= clock.now() or prospect.erased_at is not None or appointment.status != "gepland":
        return None
    coach = session.get(Coach, prospect.coach_id) if prospect.coach_id is not None else None
    return Shown(appointment.starts_at, appointment.place or "", coach.name if coach else "",
                 (coach.phone or "") if coach else "")


def forget(session: Session, prospect_id: int) -> None:
    """Delete every personal page of a person (on erasure)."""
    session.execute(delete(PersonalPage).where(PersonalPage.prospect_id == prospect_id))


def purge_expired(session: Session) -> int:
    """Delete the pages that have expired; returns how many."""
    result = session.execute(delete(PersonalPage).where(PersonalPage.expires_at <= clock.now()))
    return int(getattr(result, "rowcount", 0) or 0)
