"""Turn due outbox rows into sent messages, each exactly once, even across crashes.

    1. reconcile: rows left 'sending' by a dead sender (same host, process gone) or whose lease
       (`claimed_at`) is older than `reclaim_after` seconds are looked up at the provider, from
       their first claim (`first_claimed_at`) on: found -> sent with its SID, proved absent ->
       queued again. Nothing is resent before that.
    2. for each due row: cancel it if it can no longer go before its `not_after`, skip (and
       move) it if the window is closed, cancel it if the number opted out, claim it with a compare-and-set UPDATE (status 'queued' -> 'sending') and
       COMMIT, call the provider, then store the SID in a second transaction.

Several processes may run this at once: the claim lets only one of them have a row.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, func, select, update

from .. import clock, db
from ..fields import whole_number
from ..errors import SendError
from . import senders, window
from .models import CANCELLED, FAILED, QUEUED, SENDING, SENT, Message
from .outbox import is_opted_out, opt_out

log = logging.getLogger("outreach.messaging")

RETRIES = 3  # in-process attempts for answers that surely created nothing
BACKOFF = 0.5  # seconds, doubled per attempt
REQUEUE_DELAY = timedelta(minutes=2)
TOO_LATE = "too-late"  # error code of a message cancelled because its not_after has passed
_HOST = socket.gethostname()


@dataclass
class SendReport:
    """What one run of send_due did (counts only: no personal data)."""

    sent: int = 0
    failed: int = 0
    cancelled: int = 0
    deferred: int = 0  # outside the window, or the provider asked to wait
    reconciled: int = 0  # found at the provider after a crash
    requeued: int = 0  # proved absent at the provider after a crash
    unknown: int = 0  # outcome unknown (timeout): reconciled by a later run
    errors: list[str] = field(default_factory=list)  # Dutch, per failed message id


def _token() -> str:
    return f"{_HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _owner_dead(token: str | None) -> bool:
    """Whether the process that wrote `token` is gone (only knowable on this host)."""
    if not token or token.startswith("orphan:"):
        return False
    host, _, rest = token.partition(":")
    pid_text = rest.partition(":")[0]
    pid = whole_number(pid_text)
    if host != _HOST or pid is None or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _pause_for_tests() -> None:
    pause = os.environ.get("OUTREACH_TEST_PAUSE_AFTER_SEND")  # test-only: widens the crash window
    if pause:
        time.sleep(float(pause))


def send_due(backend: str = "twilio", limit: int | None = None, now: datetime | None = None,
             url: str | None = None, *, directory: Path | None = None, reclaim_after: float = 600.0,
             timeout: float = 15.0, sender: senders.Sender | None = None) -> SendReport:
    """Send every message that is due now (at most `limit`); safe to run from several processes."""
    sender = sender or senders.make(backend, directory, timeout)
    current: Callable[[], datetime] = (lambda: now) if now is not None else clock.utcnow
    report = SendReport()
    token = _token()
    reconcile(sender, url, token, reclaim_after, report)
    done = 0
    tried: set[int] = set()
    while limit is None or done < limit:
        with db.session(url) as s:
            batch = list(s.scalars(select(Message).where(Message.status == QUEUED, Message.send_at <= current())
                                   .order_by(Message.send_at, Message.id).limit(50)))
        batch = [m for m in batch if m.id not in tried]
        if not batch:
            break
        random.shuffle(batch)  # several senders: fewer collisions on the same row
        for msg in batch:
            if limit is not None and done >= limit:
                break
            tried.add(msg.id)
            if _send_one(msg, sender, url, token, current(), report):
                done += 1
    return report


def _send_one(msg: Message, sender: senders.Sender, url: str | None, token: str, now: datetime,
              report: SendReport) -> bool:
    """Claim, send and record one message; True if this process handled it."""
    days = window.weekdays(msg.working_days)
    with db.session(url) as s:
        guard = and_(Message.id == msg.id, Message.status == QUEUED)
        opening = window.next_opening(now, days)
        if msg.not_after is not None and opening >= msg.not_after:  # it would come too late
            s.execute(update(Message).where(guard).values(status=CANCELLED, error_code=TOO_LATE,
                                                          error=senders.explain(TOO_LATE),
                                                          updated_at=clock.utcnow()))
            report.cancelled += 1
            log.info("message %s cancelled: its moment (not_after) has passed", msg.id)
            return False
        if opening != now:  # the window is closed
            s.execute(update(Message).where(guard).values(send_at=opening))
            report.deferred += 1
            return False
        if is_opted_out(s, msg.to):
            s.execute(update(Message).where(guard).values(status=CANCELLED, error_code="opt-out",
                                                          updated_at=clock.utcnow()))
            report.cancelled += 1
            return False
        claim_time = clock.utcnow()
        claimed = s.execute(update(Message).where(guard).values(
            status=SENDING, claimed_by=token, claimed_at=claim_time,
            first_claimed_at=func.coalesce(Message.first_claimed_at, claim_time),  # written once, never moved
            attempts=Message.attempts + 1, updated_at=claim_time))
        if not claimed.rowcount:  # type: ignore[attr-defined]
            return False  # another sender has it, or it was cancelled meanwhile
    # committed: from here on the row is ours, and a crash leaves it 'sending' for reconcile()
    for attempt in range(RETRIES):
        try:
            sid = sender.send(msg)
        except senders.NotSent as exc:
            if exc.abort:
                _release(msg.id, url, token, None, exc)
                raise
            if attempt + 1 < RETRIES:
                time.sleep(min(exc.retry_after or BACKOFF * 2 ** attempt, 10))
                continue
            _release(msg.id, url, token, max(now, clock.utcnow()) + REQUEUE_DELAY * (msg.attempts + 1), exc)
            report.deferred += 1
            return True
        except senders.Unknown as exc:
            if exc.answered:  # a 5xx: the provider has finished; look before trying again
                try:
                    found = sender.find(msg, claim_time, _taken(msg, url))
                except SendError:
                    found = None
                if found:
                    _store(msg.id, url, token, found, report)
                    return True
                if attempt + 1 < RETRIES:
                    time.sleep(BACKOFF * 2 ** attempt)
                    continue
            _orphan(msg.id, url, token, exc)
            report.unknown += 1
            return True
        except SendError as exc:
            _fail(msg, url, token, exc, report)
            return True
        _pause_for_tests()
        _store(msg.id, url, token, sid, report)
        return True
    return True  # pragma: no cover - the loop always returns


def _store(message_id: int, url: str | None, token: str, sid: str, report: SendReport) -> None:
    with db.session(url) as s:
        s.execute(update(Message).where(Message.id == message_id, Message.status == SENDING,
                                        Message.claimed_by == token)
                  .values(status=SENT, sid=sid, sent_at=clock.utcnow(), claimed_by=None,
                          error=None, error_code=None, updated_at=clock.utcnow()))
    report.sent += 1
    log.info("message %s sent", message_id)


def _release(message_id: int, url: str | None, token: str, send_at: datetime | None, exc: SendError) -> None:
    values: dict[str, object] = {"status": QUEUED, "claimed_by": None, "claimed_at": None,
                                 "error_code": exc.code, "error": exc.message, "updated_at": clock.utcnow()}
    if send_at is not None:
        values["send_at"] = send_at
    with db.session(url) as s:
        s.execute(update(Message).where(Message.id == message_id, Message.status == SENDING,
                                        Message.claimed_by == token).values(**values))


def _orphan(message_id: int, url: str | None, token: str, exc: SendError) -> None:
    """Outcome unknown: leave the row 'sending' without a live owner; reconcile() decides later.

    `claimed_at` restarts the lease here; `first_claimed_at` keeps the look-up start.
    """
    with db.session(url) as s:
        s.execute(update(Message).where(Message.id == message_id, Message.status == SENDING,
                                        Message.claimed_by == token)
                  .values(claimed_by=f"orphan:{uuid.uuid4().hex[:8]}", claimed_at=clock.utcnow(),
                          error_code=exc.code, error=exc.message, updated_at=clock.utcnow()))
    log.warning("message %s: outcome unknown (%s), will reconcile", message_id, exc.code)


def _fail(msg: Message, url: str | None, token: str, exc: SendError, report: SendReport) -> None:
    with db.session(url) as s:
        s.execute(update(Message).where(Message.id == msg.id, Message.status == SENDING,
                                        Message.claimed_by == token)
                  .values(status=FAILED, claimed_by=None, error_code=exc.code, error=exc.message,
                          updated_at=clock.utcnow()))
        if exc.code == "21610":  # the number unsubscribed at the provider: honour it here too
            opt_out(s, msg.to, "21610")
    report.failed += 1
    report.errors.append(f"{msg.id}: {exc.message}")
    log.warning("message %s failed: %s", msg.id, exc.code)


def _taken(msg: Message, url: str | None) -> set[str]:
    """SIDs already stored for this number: they belong to other rows."""
    with db.session(url) as s:
        return {sid for sid in s.scalars(select(Message.sid).where(Message.to == msg.to, Message.sid.is_not(None))) if sid}


def lookup_start(msg: Message) -> datetime:
    """Where a look-up at the provider must start: the first claim, which no take-over moves.

    `claimed_at` is only a lease (renewed by every take-over and by `_orphan`); starting the
    look-up there would miss a message sent before a failed or killed reconcile.
    """
    return msg.first_claimed_at or msg.created_at


def reconcile(sender: senders.Sender, url: str | None, token: str, reclaim_after: float,
              report: SendReport) -> None:
    """Settle rows left 'sending' by a crashed or timed-out sender, before anything is sent."""
    cutoff = clock.utcnow() - timedelta(seconds=reclaim_after)
    with db.session(url) as s:
        stuck = list(s.scalars(select(Message).where(Message.status == SENDING)))
    for msg in stuck:
        stale = msg.claimed_at is None or msg.claimed_at <= cutoff or _owner_dead(msg.claimed_by)
        if not stale:
            continue
        since = lookup_start(msg)
        with db.session(url) as s:  # take the row over (a new lease), so only one process reconciles it
            took = s.execute(update(Message).where(Message.id == msg.id, Message.status == SENDING,
                                                   Message.claimed_by == msg.claimed_by)
                             .values(claimed_by=token, claimed_at=clock.utcnow()))
            if not took.rowcount:  # type: ignore[attr-defined]
                continue
        try:
            found = sender.find(msg, since, _taken(msg, url))
        except SendError as exc:
            _orphan(msg.id, url, token, exc)  # try again on a later run
            continue
        if found:
            _store(msg.id, url, token, found, report)
            report.sent -= 1
            report.reconciled += 1
        else:
            with db.session(url) as s:
                s.execute(update(Message).where(Message.id == msg.id, Message.status == SENDING,
                                                Message.claimed_by == token)
                          .values(status=QUEUED, claimed_by=None, claimed_at=None, updated_at=clock.utcnow()))
            report.requeued += 1
            log.info("message %s was not sent before the crash: queued again", msg.id)
