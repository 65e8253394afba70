"""Turn tries, requests and running work into marks in the database: one limiter for every web worker.

A mark is a row (key, at). A limit is "fewer than N marks under a key within a window": wrong
sign-in tries (web/signin.py, 15 minutes), requests of one client a minute and requests running
now (web/throttle.py). A running request's mark is deleted when it ends; the mark of a worker
that died stops counting after its window (a lease). Counting and marking run under the
database's write lock, so they are one step for every worker of every process. Marks older
than KEEP (the longest window) are deleted on each take. Times come from the one clock.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import clock, db
from ..db import Base, UtcDateTime

KEEP = timedelta(minutes=15)  # no window is longer


class LimitMark(Base):
    """One try or request, counted under one key until its window has passed."""

    __tablename__ = "web_limit_marks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


def client_key(address: str) -> str:
    """A client as a short hash of its address: the table holds no IP addresses."""
    return "client:" + hashlib.sha256(address.encode("utf-8")).hexdigest()[:16]


def begin(s: Session) -> datetime:
    """Take the limiter's write lock for this transaction and drop marks older than KEEP; now."""
    db.write_lock(s, "limits")
    now = clock.utcnow()
    s.execute(delete(LimitMark).where(LimitMark.at <= now - KEEP))
    return now


def count(s: Session, key: str, window: timedelta, now: datetime) -> int:
    """How many marks `key` has within `window` before `now`."""
    return s.scalar(select(func.count()).select_from(LimitMark)
                    .where(LimitMark.key == key, LimitMark.at > now - window)) or 0


def room(s: Session, limits: Iterable[tuple[str, int, timedelta]], now: datetime) -> bool:
    """Whether every (key, most, window) has fewer than `most` marks in its window."""
    return all(count(s, key, window, now) < most for key, most, window in limits)


def mark(s: Session, keys: Iterable[str], now: datetime) -> list[int]:
    """One mark under each key; their ids, in order."""
    rows = [LimitMark(key=key, at=now) for key in keys]
    s.add_all(rows)
    s.flush()
    return [row.id for row in rows]


def release(s: Session, ids: Iterable[int]) -> None:
    """Delete the marks with these ids (a request that ended, a try that was right)."""
    wanted = list(ids)
    if wanted:
        s.execute(delete(LimitMark).where(LimitMark.id.in_(wanted)))


def forget(s: Session, key: str) -> None:
    """Delete every mark under `key`."""
    s.execute(delete(LimitMark).where(LimitMark.key == key))
