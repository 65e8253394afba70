"""Turn scheduling requests into outbox rows, and coaches' changes into guarded updates.

Every change is a compare-and-set on `status`, so a message that a sender has already
claimed cannot be edited or cancelled underneath it. Scheduling renders the text at once:
the coach sees (and may edit) exactly what will go out.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from datetime import datetime, time, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from .. import calendar_nl, clock, fields
from ..errors import ConflictError, FieldError, InputError, LevelError, NotFoundError
from ..texts import t
from . import templates, window
from .models import CANCELLED, CHANNELS, QUEUED, SENDING, SENT, STATUSES, Message, OptOut, legacy_number_hash, number_hash
from .segments import sms_segments

log = logging.getLogger("outreach.messaging")

WARN_SEGMENTS = 2
MAX_SEGMENTS = 10
MAX_WHATSAPP_CHARS = 1600
_TODAY = re.compile(r"\bvandaag\b", re.IGNORECASE)  # a text that says "today" is true on one day only


def today_deadline(text: str) -> datetime | None:
    """For a text that says "vandaag": the end of the local day it is written on (aware UTC), else None."""
    if not _TODAY.search(text):
        return None
    day = clock.local(clock.utcnow()).date()
    return window.to_utc(datetime.combine(day + timedelta(days=1), time(0), window.zone()))


def check_length(text: str, channel: str) -> tuple[str | None, int | None]:
    """(encoding, segments) of an SMS text; refuses texts above MAX_SEGMENTS parts."""
    if channel != "sms":
        if len(text) > MAX_WHATSAPP_CHARS:
            raise InputError(t("messaging.too_long_whatsapp", count=len(text), max=MAX_WHATSAPP_CHARS))
        return None, None
    seg = sms_segments(text)
    if seg.count > MAX_SEGMENTS:
        raise InputError(t("messaging.too_many_segments", count=seg.count, max=MAX_SEGMENTS))
    return seg.encoding, seg.count


def schedule(
    session: Session,
    *,
    prospect_id: int,
    purpose: str,
    template: str,
    channel: str,
    to: str,
    values: Mapping[str, object],
    due_at: datetime,
    working_days: Iterable[int] | str | None = None,
    not_after: datetime | None = None,
    calendar: calendar_nl.Calendar | None = None,
    language: str | None = None,
) -> Message | None:
    """Queue one message; None if (prospect_id, purpose) exists already, the number opted out,
    the first window opening is at or after `not_after`, or the person already gets a message
    from this template on that day (at most one of a kind per day).

    A new message replaces a queued one from the same template for another day. A text that
    says "vandaag" goes on the day it is due or not at all.

    `due_at` is aware, or naive local time; the message goes at the first window opening at
    or after it. `working_days` are the coach's days (Monday = 0, or "ma,di,wo"). `not_after`
    (aware, e.g. the start of the appointment a reminder is for) is stored: `send_due` cancels
    the message instead of sending it at or after that moment. `calendar` (tracking's, with the
    municipality's holidays and closed days) replaces `working_days` when given. `language` is
    the person's language: the text goes in it when an approved version exists (SMS: a
    translation; WhatsApp: also a Content SID for it), else in Dutch, and the row says which
    language was missing.
    """
    if channel not in CHANNELS:
        raise InputError(t("messaging.bad_channel", channel=channel))
    number = fields.phone(to, field="telefoon", mobile=True)
    if is_opted_out(session, number):
        log.info("not scheduled: prospect %s opted out", prospect_id)
        return None
    body = templates.translated(session, template, channel, language) if language else None
    rendered = templates.render(template, values, channel, lang=language, body=body)
    if channel == "whatsapp" and not rendered.content_sid:
        raise InputError(t("messaging.no_content_sid", template=template))
    encoding, segments = check_length(rendered.text, channel)
    if segments and segments > WARN_SEGMENTS:
        log.warning("message for prospect %s has %s SMS parts", prospect_id, segments)
    days = calendar.working_days if calendar is not None else window.weekdays(working_days)
    due = window.to_utc(due_at)
    send_at = planned_send_at(due_at, calendar or days)
    deadline = min((d for d in (window.to_utc(not_after) if not_after is not None else None,
                                 today_deadline(rendered.dutch_text or rendered.text)) if d is not None),
                   default=None)  # a translation says "today" where the Dutch text does
    if deadline is not None and send_at >= deadline:
        log.info("not scheduled: message %s for prospect %s could only go too late", purpose, prospect_id)
        return None
    if not _replace_same_kind(session, prospect_id, template, send_at):
        log.info("not scheduled: prospect %s already gets a %s message that day", prospect_id, template)
        return None
    now = clock.utcnow()
    row = {
        "prospect_id": prospect_id, "purpose": purpose, "template": template,
        "template_version": rendered.version, "channel": channel, "to": number, "body": rendered.text, "content_sid": rendered.content_sid,
        "content_variables": templates.content_variables_json(rendered.content_variables),
        "encoding": encoding, "segments": segments, "working_days": window.encode_weekdays(days),
        "due_at": due, "send_at": send_at, "not_after": deadline, "status": QUEUED, "attempts": 0,
        "created_at": now, "updated_at": now,
        "language": rendered.language, "language_missing": rendered.language_missing,
    }
    new_id = _insert_unless_exists(session, row)
    if new_id is None:
        return None
    return session.get(Message, new_id)


def _replace_same_kind(session: Session, prospect_id: int, template: str, send_at: datetime) -> bool:
    """False if a message from `template` goes (or went) to the prospect on `send_at`'s local day;
    else cancel the queued ones for other days and return True."""
    day = clock.local(send_at).date()
    rows = session.scalars(select(Message).where(Message.prospect_id == prospect_id, Message.template == template,
                                                 Message.status.in_((QUEUED, SENDING, SENT))))
    older = []
    for row in rows:
        if clock.local(row.sent_at or row.send_at).date() == day:
            return False
        if row.status == QUEUED:
            older.append(row.id)
    if older:
        session.execute(update(Message).where(Message.id.in_(older), Message.status == QUEUED)
                        .values(status=CANCELLED, error_code="replaced", updated_at=clock.utcnow()))
    return True


def planned_send_at(due_at: datetime, days: Iterable[int] | str | calendar_nl.Calendar | None = None) -> datetime:
    """The moment (aware UTC) a message due at `due_at` would go: the first window opening at or after it."""
    cal = days if isinstance(days, calendar_nl.Calendar) else window.weekdays(days)
    return window.next_opening(window.to_utc(due_at), cal)


def _insert_unless_exists(session: Session, row: dict[str, object]) -> int | None:
    """INSERT ... ON CONFLICT DO NOTHING: race-safe on both SQLite and PostgreSQL."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    else:  # pragma: no cover - other databases: check first, the unique key still guards
        exists = session.scalar(select(Message.id).where(
            Message.prospect_id == row["prospect_id"], Message.purpose == row["purpose"]))
        if exists is not None:
            return None
        msg = Message(**row)
        session.add(msg)
        session.flush()
        return msg.id
    stmt = insert(Message).values(**row).on_conflict_do_nothing(
        index_elements=["prospect_id", "purpose"]).returning(Message.id)
    return session.execute(stmt).scalar()


def get(session: Session, message_id: int) -> Message:
    msg = session.get(Message, message_id)
    if msg is None:
        raise NotFoundError(t("messaging.unknown_message", id=message_id))
    return msg


def list_messages(session: Session, status: str | None = None, prospect_id: int | None = None,
                  limit: int | None = None) -> list[Message]:
    """Messages, the next to go first."""
    if status is not None and status not in STATUSES:
        raise InputError(t("messaging.bad_status", status=status, options=", ".join(STATUSES)))
    query = select(Message).order_by(Message.send_at, Message.id)
    if status:
        query = query.where(Message.status == status)
    if prospect_id is not None:
        query = query.where(Message.prospect_id == prospect_id)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def cancel(session: Session, prospect_id: int, purpose_prefix: str | None = None) -> int:
    """Cancel the queued messages of a prospect (those whose purpose starts with the prefix)."""
    stmt = update(Message).where(Message.prospect_id == prospect_id, Message.status == QUEUED)
    if purpose_prefix:
        stmt = stmt.where(Message.purpose.startswith(purpose_prefix, autoescape=True))
    result = session.execute(stmt.values(status=CANCELLED, updated_at=clock.utcnow()))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def cancel_message(session: Session, message_id: int) -> Message:
    """Cancel one message; only possible while it is still queued."""
    msg = get(session, message_id)
    result = session.execute(update(Message).where(Message.id == message_id, Message.status == QUEUED)
                             .values(status=CANCELLED, updated_at=clock.utcnow()))
    if not result.rowcount:  # type: ignore[attr-defined]
        session.refresh(msg)
        raise ConflictError(t("messaging.not_queued", id=message_id, status=t(f"messaging.status.{msg.status}")))
    session.refresh(msg)
    return msg


def check_level(body: str, channel: str) -> None:
    """Raise LevelError (with the findings, in Dutch) unless `body` meets A2 for `channel`."""
    from ..readability import check

    report = check(body, level="A2", kind=channel)
    if report.verdict != "fail":
        return
    problems = " ".join(f.message for f in sorted(report.findings, key=lambda f: f.severity != "fail"))
    raise LevelError(t("messaging.edit_too_hard", problems=problems), report)


def edit_message(session: Session, message_id: int, body: str) -> Message:
    """Change the text of a queued SMS (a WhatsApp text is fixed by its approved template).

    The new text must meet A2 (`check_level`); otherwise nothing changes.
    """
    msg = get(session, message_id)
    if msg.channel == "whatsapp":
        raise ConflictError(t("messaging.whatsapp_fixed"))
    body = body.strip()
    if not body:
        raise InputError(t("messaging.empty_body"))
    encoding, segments = check_length(body, msg.channel)
    check_level(body, msg.channel)
    deadline = min((d for d in (msg.not_after, today_deadline(body)) if d is not None), default=None)
    if deadline is not None and msg.send_at >= deadline:
        raise ConflictError(t("messaging.edit_today_too_late", id=message_id))
    result = session.execute(update(Message).where(Message.id == message_id, Message.status == QUEUED)
                             .values(body=body, encoding=encoding, segments=segments, not_after=deadline,
                                     updated_at=clock.utcnow()))
    session.refresh(msg)
    if not result.rowcount:  # type: ignore[attr-defined]
        raise ConflictError(t("messaging.not_queued", id=message_id, status=t(f"messaging.status.{msg.status}")))
    return msg


def forget_prospect(session: Session, prospect_id: int) -> int:
    """Erase every message of a prospect (GDPR). Opt-outs stay: they hold only a hash."""
    result = session.execute(delete(Message).where(Message.prospect_id == prospect_id))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def counts(session: Session) -> dict[str, int]:
    """Number of messages per status."""
    rows = session.execute(select(Message.status, func.count()).group_by(Message.status))
    return {status: int(n) for status, n in rows}


def is_opted_out(session: Session, number: str) -> bool:
    """Whether `number` said STOP; an opt-out still stored the old, unkeyed way is re-keyed on the way."""
    if session.get(OptOut, number_hash(number)) is not None:
        return True
    old = session.get(OptOut, legacy_number_hash(number))
    if old is None:
        return False
    session.add(OptOut(number_hash=number_hash(number), keyword=old.keyword, created_at=old.created_at))
    session.delete(old)
    session.flush()
    return True


def opt_out(session: Session, number: str, keyword: str = "STOP") -> int:
    """Record that `number` wants no more messages; cancels its queued ones. Returns how many."""
    key = number_hash(number)
    if not is_opted_out(session, number):
        session.add(OptOut(number_hash=key, keyword=keyword[:20], created_at=clock.utcnow()))
        session.flush()
    plain = number.removeprefix("whatsapp:")
    result = session.execute(update(Message).where(Message.to == plain, Message.status == QUEUED)
                             .values(status=CANCELLED, error_code="opt-out", updated_at=clock.utcnow()))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def opt_in(session: Session, number: str) -> bool:
    """Remove the opt-out of `number` (START); True if there was one."""
    result = session.execute(delete(OptOut).where(OptOut.number_hash.in_([number_hash(number), legacy_number_hash(number)])))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def normalise_number(value: str) -> str | None:
    """E.164 from a webhook's From/To ("whatsapp:+316..."), or None if it is no phone number."""
    try:
        return fields.phone(value.removeprefix("whatsapp:"))
    except FieldError:
        return None
