"""Turn GDPR requests into actions: export everything about one person, erase it, purge old cases.

Erasure blanks the personal fields, notes and appointment places but keeps the row with its
state, coach, neighbourhood and attempt codes: the funnel still counts the person, anonymously.
The audit trail holds ids and field names only, so it stays as it is. Someone erased on request
leaves only a keyed hash of their client number (`tracking_erased`), so that re-importing the
municipality's list does not add them again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .. import config, db, fields, keyed
from ..errors import InputError, Where
from ..texts import t
from .. import clock
from . import followups, personal
from .models import Appointment, Attempt, AuditEntry, ErasedNumber, Prospect
from .rules import add_months
from .service import Actor, audit, find_prospect

BLANKED = ("client_number", "client_key", "first_name", "last_name", "address", "postcode", "city", "phone", "phone2", "mobile",
           "language_notes", "language", "source_hash")


def _iso(value: object) -> object:
    if isinstance(value, datetime):
        return clock.local(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def dutch_keys(value: Any) -> Any:
    """`value` with every dictionary key in Dutch (tracking.export.*): the export is for the person to read."""
    if isinstance(value, dict):
        return {t(f"tracking.export.{k}"): dutch_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [dutch_keys(v) for v in value]
    return value


def export_prospect(session: Session, who: Actor, ref: str) -> dict[str, Any]:
    """Everything stored about one person (GDPR access request), as JSON-ready data with Dutch keys."""
    p = find_prospect(session, who, ref)
    columns = [c.key for c in Prospect.__table__.columns if c.key not in ("version", "client_key")]
    attempts = session.scalars(select(Attempt).where(Attempt.prospect_id == p.id).order_by(Attempt.at, Attempt.id))
    appointments = session.scalars(select(Appointment).where(Appointment.prospect_id == p.id).order_by(Appointment.starts_at))
    trail = session.scalars(select(AuditEntry).where(AuditEntry.prospect_id == p.id).order_by(AuditEntry.at, AuditEntry.id))
    data: dict[str, Any] = {
        "exported_at": clock.now().isoformat(),
        "prospect": {c: _iso(getattr(p, c)) for c in columns},
        "coach": {"name": p.coach.name, "phone": p.coach.phone} if p.coach else None,
        "attempts": [{"at": _iso(a.at), "channel": a.channel, "outcome": a.outcome, "note": a.note,
                      "recorded_by": a.recorded_by, "recorded_at": _iso(a.recorded_at)} for a in attempts],
        "appointments": [{"starts_at": _iso(a.starts_at), "place": a.place, "status": a.status,
                          "created_at": _iso(a.created_at)} for a in appointments],
        "audit": [{"at": _iso(e.at), "actor": e.actor, "action": e.action, "entity": e.entity,
                   "entity_id": e.entity_id, "fields": e.fields} for e in trail],
    }
    data["messages"] = _messages(session, p.id)  # queued, sent, failed and stopped alike
    data["opt_out"] = _opt_outs(session, p)
    audit(session, who, "export", "prospect", p.id, p.id)
    return dutch_keys(data)


def _messages(session: Session, prospect_id: int) -> list[dict[str, Any]]:
    from ..messaging import list_messages

    rows = list_messages(session, prospect_id=prospect_id)
    keys = ("purpose", "template", "channel", "to", "body", "status", "due_at", "sent_at")
    return [{k: _iso(getattr(m, k, None)) for k in keys} for m in rows]


def _opt_outs(session: Session, p: Prospect) -> list[dict[str, Any]]:
    """The person's STOP records (kept as keyed hashes): which number, since when, by which word."""
    from ..messaging import OptOut, is_opted_out
    from ..messaging.models import number_hash

    out = []
    for number in sorted({p.mobile, p.phone, p.phone2} - {None}):
        if is_opted_out(session, number):
            record = session.get(OptOut, number_hash(number))
            out.append({"number": number, "keyword": record.keyword if record else None,
                        "since": _iso(record.created_at) if record else None})
    return out


def erased_hashes(numbers: Iterable[str]) -> dict[str, str]:
    """Client number -> its keyed hash (HMAC-SHA256), as kept in `tracking_erased`."""
    return keyed.hashes("tracking-erased", numbers)


def erased_numbers(session: Session, numbers: Iterable[str]) -> set[str]:
    """Those of `numbers` that belong to someone erased on request."""
    hashes = erased_hashes(set(numbers))
    by_hash = {h: n for n, h in hashes.items()}
    found: set[str] = set()
    keys = list(by_hash)
    for chunk in range(0, len(keys), 5000):
        part = keys[chunk:chunk + 5000]
        found.update(by_hash[h] for h in session.scalars(select(ErasedNumber.number_hash)
                                                         .where(ErasedNumber.number_hash.in_(part))))
    return found


def _remember_erased(session: Session, number: str | None) -> None:
    if number:
        key = fields.fold(number)  # 'q-1' and 'Q-1' are one person
        session.merge(ErasedNumber(number_hash=erased_hashes([key])[key]))


def _erase(session: Session, who: Actor, p: Prospect, action: str) -> None:
    session.execute(update(Prospect).where(Prospect.id == p.id).values(version=Prospect.version + 1)
                    .execution_options(synchronize_session=False))
    if action == "erase":  # on request: never added again; an anonymised old case may come back on a new list
        _remember_erased(session, p.client_number)
    _forget_messages(session, p)
    for key in BLANKED:
        setattr(p, key, None)
    p.whatsapp = False
    p.erased_at = clock.now()
    p.next_step = p.next_due = p.next_daypart = None
    if p.state not in ("gesloten", "deelnemer"):  # an open case ends: counted as 'wil niet' in the funnel
        p.state, p.closed_reason, p.closed_on = "gesloten", "gewist", clock.today()
    session.execute(update(Attempt).where(Attempt.prospect_id == p.id).values(note=None))
    session.execute(update(Appointment).where(Appointment.prospect_id == p.id).values(place=None))
    followups.forget(session, p.id)
    personal.forget(session, p.id)
    db.scrub_after_commit(session)  # the old pages must not stay readable in the WAL
    audit(session, who, action, "prospect", p.id, p.id, [*BLANKED, "notes", "places", "messages"])


def _forget_messages(session: Session, p: Prospect) -> None:
    """The file backend's copies of this person's messages go; an opt-out stays, as a keyed hash only."""
    from ..messaging import is_opted_out, list_messages
    from ..messaging.senders import forget_files

    forget_files([m.id for m in list_messages(session, prospect_id=p.id)])
    for number in {p.mobile, p.phone, p.phone2} - {None}:
        is_opted_out(session, number)  # re-keys an opt-out still stored as a plain SHA-256


def erase_prospect(session: Session, who: Actor, ref: str) -> int:
    """Remove one person's personal data; returns their (now anonymous) id."""
    p = find_prospect(session, who, ref)
    _erase(session, who, p, "erase")
    return p.id


@dataclass(frozen=True)
class PurgeResult:
    before: date
    ids: list[int]


MAX_RETENTION_MONTHS = 1200  # a hundred years


def purge(session: Session, who: Actor, months: int | None = None, *, dry_run: bool = False, on: date | None = None) -> PurgeResult:
    """Anonymise everyone closed before OUTREACH_RETENTION_MONTHS months ago."""
    if who.coach_id is not None:
        raise InputError(t("tracking.only_manager"))
    field = "--months"
    if months is None:
        raw, field = config.get("OUTREACH_RETENTION_MONTHS"), "OUTREACH_RETENTION_MONTHS"
        try:
            months = int(raw)
        except ValueError:
            raise InputError(t("tracking.bad_months", value=raw), Where(field=field)) from None
    if months < 1:
        raise InputError(t("tracking.bad_months", value=months), Where(field=field))
    if months > MAX_RETENTION_MONTHS:  # further back than any calendar date: a typing error
        raise InputError(t("tracking.too_many_months", value=months, max=MAX_RETENTION_MONTHS), Where(field=field))
    before = add_months(on or clock.today(), -months)
    victims = list(session.scalars(select(Prospect).where(Prospect.state == "gesloten", Prospect.closed_on < before,
                                                          Prospect.erased_at.is_(None)).order_by(Prospect.id)))
    if not dry_run:
        for p in victims:
            _erase(session, who, p, "anonymise")
    return PurgeResult(before, [p.id for p in victims])
