"""Turn a coach's "that was a mistake" into an attempt removed, its queued messages stopped and the next step recomputed.

Only the prospect's latest attempt can be undone, by whoever logged it (or an actor who sees
everyone), within UNDO_WINDOW of logging it. Undo removes the attempt and the appointment it
made, puts back appointments it closed, deletes the messages it queued that have not gone yet
(so logging the right outcome queues them again) and recomputes the next step. The audit
trail keeps ids only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from .. import clock
from ..errors import ConflictError, NotFoundError, Where
from ..fields import MAX_ID
from ..texts import t
from .models import Appointment, Attempt, AuditEntry, Prospect
from .rules import Status

UNDO_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class AttemptInfo:
    attempt: Attempt
    messages: list[Any]  # outreach.messaging.Message rows this attempt queued, still queued
    undo_until: datetime | None  # aware local; None when it can no longer be undone


@dataclass(frozen=True)
class Undone:
    prospect: Prospect
    status: Status
    cancelled: int  # queued messages that will not go
    already_sent: int  # messages of this attempt that had already gone (or were going)


def _attempt(session: Session, who: Any, attempt_id: int) -> tuple[Attempt, Prospect]:
    from .service import _visible

    row = session.execute(_visible(select(Attempt, Prospect), who).join(Prospect, Prospect.id == Attempt.prospect_id)
                          .where(Attempt.id == attempt_id)).first() if 0 < attempt_id <= MAX_ID else None
    if row is None:
        raise NotFoundError(t("tracking.undo.unknown", id=attempt_id), Where(field="poging"))
    return row[0], row[1]


def _queued_by(session: Session, attempt: Attempt, statuses: tuple[str, ...]) -> list[Any]:
    from ..messaging import Message

    since = attempt.recorded_at
    return list(session.scalars(select(Message).where(Message.prospect_id == attempt.prospect_id,
                                                      Message.created_at >= since, Message.status.in_(statuses))
                                .order_by(Message.send_at, Message.id)))


def _why_not(session: Session, who: Any, attempt: Attempt) -> str | None:
    """The Dutch reason this attempt cannot be undone now, or None."""
    if who.coach_id is not None and attempt.recorded_by != who.name:
        return t("tracking.undo.not_yours")
    if clock.now() - attempt.recorded_at > UNDO_WINDOW:
        return t("tracking.undo.too_late", minutes=int(UNDO_WINDOW.total_seconds() // 60))
    latest = session.scalar(select(Attempt.id).where(Attempt.prospect_id == attempt.prospect_id)
                            .order_by(Attempt.at.desc(), Attempt.id.desc()).limit(1))
    if latest != attempt.id:
        return t("tracking.undo.not_last")
    return None


def attempt_info(session: Session, who: Any, attempt_id: int) -> AttemptInfo:
    """What logging attempt `attempt_id` queued, and until when it can be undone."""
    attempt, _ = _attempt(session, who, attempt_id)
    until = clock.local(attempt.recorded_at + UNDO_WINDOW) if _why_not(session, who, attempt) is None else None
    return AttemptInfo(attempt, _queued_by(session, attempt, ("queued",)), until)


def _queue_reminder_again(session: Session, prospect_id: int, appointment_id: int, since: Any) -> None:
    """The reminder of an appointment planned again, when the undone attempt cancelled it and it may still go."""
    from ..messaging import Message

    now = clock.utcnow()
    session.execute(update(Message).where(
        Message.prospect_id == prospect_id, Message.purpose == f"herinnering-afspraak:{appointment_id}",
        Message.status == "cancelled", Message.updated_at >= since,
        or_(Message.not_after.is_(None), Message.not_after > now)).values(status="queued", updated_at=now)
        .execution_options(synchronize_session=False))


def undo_attempt(session: Session, who: Any, attempt_id: int) -> Undone:
    """Undo attempt `attempt_id` (see the module docstring); a Dutch ConflictError when it is too late."""
    from ..messaging import Message
    from .service import audit, recompute

    attempt, prospect = _attempt(session, who, attempt_id)
    # Lock the prospect first, as log_attempt does, then decide on a fresh read.
    session.execute(update(Prospect).where(Prospect.id == prospect.id).values(version=Prospect.version + 1)
                    .execution_options(synchronize_session=False))
    session.refresh(prospect)
    reason = _why_not(session, who, attempt)
    if reason:
        raise ConflictError(reason, Where(field="poging"))
    mine = _queued_by(session, attempt, ("queued", "sending", "sent", "failed"))
    result = session.execute(delete(Message).where(Message.id.in_([m.id for m in mine]), Message.status == "queued")
                             .execution_options(synchronize_session=False))
    cancelled = int(result.rowcount or 0)  # type: ignore[attr-defined]
    logged = session.scalar(select(AuditEntry.id).where(AuditEntry.entity == "attempt", AuditEntry.entity_id == attempt.id,
                                                        AuditEntry.action == "log"))
    closed = session.scalars(select(AuditEntry.entity_id).where(
        AuditEntry.prospect_id == prospect.id, AuditEntry.entity == "appointment", AuditEntry.action == "update",
        AuditEntry.id > (logged or 0)))
    for appointment_id in set(closed):
        session.execute(update(Appointment).where(Appointment.id == appointment_id, Appointment.attempt_id != attempt.id)
                        .values(status="gepland"))
        audit(session, who, "update", "appointment", appointment_id, prospect.id, ["status"])
        _queue_reminder_again(session, prospect.id, appointment_id, attempt.recorded_at)
    for made in session.scalars(select(Appointment.id).where(Appointment.attempt_id == attempt.id)).all():
        session.execute(delete(Appointment).where(Appointment.id == made))
        audit(session, who, "delete", "appointment", made, prospect.id)
    session.execute(delete(Attempt).where(Attempt.id == attempt.id))
    audit(session, who, "undo", "attempt", attempt.id, prospect.id)
    session.expire_all()
    prospect = session.get(Prospect, prospect.id)  # type: ignore[assignment]
    status = recompute(session, prospect)
    audit(session, who, "update", "prospect", prospect.id, prospect.id, ["state", "next_step", "next_due"])
    return Undone(prospect, status, cancelled, len(mine) - cancelled)
