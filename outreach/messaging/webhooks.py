"""Turn Twilio's webhook calls (status callbacks, inbound messages) into outbox updates and opt-outs.

The web layer verifies the signature with `verify_signature` and passes the form fields
(plus `outbox` from the callback URL) to `handle_status_callback` or `handle_inbound`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import clock, config, db
from ..fields import whole_number
from ..texts import t
from .models import FAILED, QUEUED, SENDING, SENT, Message, SeenWebhook
from .outbox import normalise_number, opt_in, opt_out
from .senders import explain

STOP_WORDS = frozenset({"STOP", "STOPP", "AFMELDEN", "UITSCHRIJVEN", "STOPALL", "UNSUBSCRIBE"})
START_WORDS = frozenset({"START", "AANMELDEN", "UNSTOP"})
_ORDER = {"accepted": 0, "scheduled": 0, "queued": 1, "sending": 2, "sent": 3, "delivered": 4, "read": 5}
_FAILED = {"failed", "undelivered", "canceled"}


def verify_signature(url: str, params: Mapping[str, str], signature: str, token: str | None = None) -> bool:
    """Whether `signature` (X-Twilio-Signature) fits this URL and these form fields."""
    from twilio.request_validator import RequestValidator

    secret = token or config.get("OUTREACH_TWILIO_AUTH_TOKEN")
    if not secret or not signature:
        return False
    return bool(RequestValidator(secret).validate(url, dict(params), signature))


@dataclass(frozen=True)
class CallbackResult:
    message_id: int | None
    status: str | None
    changed: bool


def handle_status_callback(params: Mapping[str, str], url: str | None = None) -> CallbackResult:
    """Record Twilio's delivery status for the outbox row named in the callback URL (or by SID).

    A callback with a SID proves Twilio created a message for this row: a row still 'queued'
    or 'sending' becomes 'sent' with that SID (compare-and-set), then 'failed' if the status
    says so. Call it only with a verified signature (`verify_signature`).
    """
    sid = params.get("MessageSid") or params.get("SmsSid") or ""
    state = (params.get("MessageStatus") or params.get("SmsStatus") or "").lower()
    code = params.get("ErrorCode") or None
    outbox = str(params.get("outbox") or "")
    with db.session(url) as s:
        if sid and not first_time(s, sid, state or "none"):  # a replayed callback
            return CallbackResult(None, None, False)
        number = whole_number(outbox)
        msg = s.get(Message, number) if number is not None else None
        if msg is None and sid:
            msg = s.scalars(select(Message).where(Message.sid == sid)).first()
        if msg is None or (msg.sid and sid and msg.sid != sid):
            return CallbackResult(None, None, False)
        now = clock.utcnow()
        changed = False
        if msg.status in (QUEUED, SENDING) and sid and (state in _ORDER or state in _FAILED):
            # Twilio holds a message made for this row: the sender crashed before storing the
            # SID, or a reconcile put the row back in the queue. Settle it, so it never goes again.
            result = s.execute(update(Message).where(Message.id == msg.id, Message.status.in_((QUEUED, SENDING)))
                               .values(status=SENT, sid=sid, sent_at=now, claimed_by=None, updated_at=now))
            changed = bool(result.rowcount)  # type: ignore[attr-defined]
            s.refresh(msg)
        if state in _FAILED:
            s.execute(update(Message).where(Message.id == msg.id, Message.status.in_((SENT, SENDING)))
                      .values(status=FAILED, claimed_by=None))
            s.execute(update(Message).where(Message.id == msg.id).values(
                delivery=state, error_code=code, error=explain(code) if code else None, updated_at=now))
            changed = True
            if code == "21610":
                opt_out(s, msg.to, "21610")
        elif state in _ORDER and _ORDER[state] > _ORDER.get(msg.delivery or "", -1) and msg.delivery not in _FAILED:
            s.execute(update(Message).where(Message.id == msg.id).values(delivery=state, updated_at=now))
            changed = True
        s.refresh(msg)
        return CallbackResult(msg.id, msg.delivery, changed)


@dataclass(frozen=True)
class InboundResult:
    action: str  # "opt-out" | "opt-in" | "none"
    reply: str | None  # Dutch text to answer with, if any
    cancelled: int = 0


def first_time(session: Session, sid: str, event: str) -> bool:
    """Record webhook call (sid, event); False if it was handled before (a replay or a retry).

    Recorded in the caller's transaction: if handling fails, the record goes too and Twilio's
    retry is handled normally.
    """
    try:
        with session.begin_nested():
            session.add(SeenWebhook(sid=sid[:64], event=event[:20], created_at=clock.utcnow()))
    except IntegrityError:
        return False
    return True


def _plain(body: str) -> str:
    """Upper case without accents, wide letters made normal: ' Stóp! ' and 'ｓｔｏｐ' -> ' STOP! ', 'STOP'."""
    text = unicodedata.normalize("NFKC", body)
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).upper()


def keyword(body: str) -> str:
    """The message reduced to one upper-case word: ' Stop! ' -> 'STOP', 'Stóp' -> 'STOP'."""
    return re.sub(r"[^A-Z]", "", _plain(body))


def first_word(body: str) -> str:
    """The message's first word, normalised like `keyword`: 'Stop alstublieft' -> 'STOP'."""
    words = re.findall(r"[A-Z]+", _plain(body))
    return words[0] if words else ""


def handle_inbound(params: Mapping[str, str], url: str | None = None) -> InboundResult:
    """STOP, STOPP, AFMELDEN (alone or as the first word) -> opt-out blocking all later messages;
    START alone -> subscribed again. A message already handled (same MessageSid) changes nothing.
    """
    number = normalise_number(params.get("From") or "")
    body = params.get("Body") or ""
    word = keyword(body)
    action = "opt-out" if word in STOP_WORDS or first_word(body) in STOP_WORDS else "opt-in" if word in START_WORDS else None
    if number is None or action is None:
        return InboundResult("none", None)
    sid = params.get("MessageSid") or params.get("SmsSid") or ""
    with db.session(url) as s:
        if sid and not first_time(s, sid, "inbound"):
            return InboundResult("none", None)
        if action == "opt-out":
            cancelled = opt_out(s, number, word if word in STOP_WORDS else first_word(body))
            return InboundResult("opt-out", t("messaging.reply_opt_out"), cancelled)
        opt_in(s, number)
    return InboundResult("opt-in", t("messaging.reply_opt_in"))
