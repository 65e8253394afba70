"""Turn the audit table into the list of changes beheer reads: newest first, filtered by kind, who and period.

The trail holds ids and field names only (never personal data), so it can be shown as it is.
Kinds group the entities the capabilities write: people (prospect, attempt, appointment),
coaches, users, rules (the readability rule lists), templates, settings and pictograms.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from .. import clock
from .models import AuditEntry
from .service import Actor

KINDS: dict[str, tuple[str, ...]] = {
    "mensen": ("prospect", "attempt", "appointment"),
    "coaches": ("coach",),
    "gebruikers": ("web_user",),
    "regels": ("readability",),  # every entity that starts with this
    "sjablonen": ("template",),
    "instellingen": ("settings",),
    "pictogrammen": ("pictogram",),
}
MAX_SHOWN = 200


def _kind(query: Select[tuple[AuditEntry]], kind: str) -> Select[tuple[AuditEntry]]:
    names = KINDS[kind]
    if kind == "regels":
        return query.where(AuditEntry.entity.startswith(names[0], autoescape=True))
    return query.where(AuditEntry.entity.in_(names))


def _start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=clock.zone())


def changes(session: Session, who: Actor, kind: str | None = None, actor: str | None = None,
            since: date | None = None, until: date | None = None, limit: int = MAX_SHOWN) -> list[AuditEntry]:
    """The newest `limit` audit entries that match; a coach sees none (the trail is beheer's)."""
    if who.coach_id is not None:
        return []
    query = select(AuditEntry)
    if kind in KINDS:
        query = _kind(query, kind)
    if actor and actor.strip():
        query = query.where(AuditEntry.actor.contains(actor.strip()[:100], autoescape=True))
    if since:
        query = query.where(AuditEntry.at >= _start(since))
    if until:
        query = query.where(AuditEntry.at < _start(until + timedelta(days=1)))
    # newest first by id (entries are added in time order): the primary key, no sort of the whole table
    return list(session.scalars(query.order_by(AuditEntry.id.desc()).limit(min(limit, MAX_SHOWN))))


def kind_of(entity: str) -> str | None:
    """The kind an entity belongs to, for its Dutch name."""
    for kind, names in KINDS.items():
        if entity in names or (kind == "regels" and entity.startswith(names[0])):
            return kind
    return None


__all__ = ["KINDS", "MAX_SHOWN", "changes", "kind_of"]
