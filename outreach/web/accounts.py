"""Turn a coach's name and password into a signed-in coach; passwords are stored as scrypt hashes.

Only coaches sign in, and each sees only their own caseload (tracking enforces it through
the Actor the pages pass). The checker page needs no account: it stores nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlalchemy import DateTime, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import clock
from ..db import Base
from ..errors import InputError, Where
from ..texts import t

_N, _R, _P = 2**14, 8, 1  # scrypt cost: about 50 ms a check


class Account(Base):
    __tablename__ = "web_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coach_id: Mapped[int] = mapped_column(Integer, unique=True)  # tracking_coaches.id; no FK across branches
    password_hash: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def _hash(password: str, salt: bytes) -> str:
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${salt.hex()}${digest.hex()}"


def set_password(session: Session, coach_id: int, password: str) -> None:
    """Give coach `coach_id` this password (at least 10 characters)."""
    if len(password) < 10:
        raise InputError(t("web.password_too_short"), Where(field="wachtwoord"))
    account = session.scalar(select(Account).where(Account.coach_id == coach_id))
    if account is None:
        account = Account(coach_id=coach_id)
        session.add(account)
    account.password_hash = _hash(password, secrets.token_bytes(16))
    account.changed_at = clock.utcnow()


def verify(session: Session, coach_id: int | None, password: str) -> bool:
    """Whether `password` is the coach's; spends the same time when the coach is unknown."""
    account = session.scalar(select(Account).where(Account.coach_id == coach_id)) if coach_id else None
    stored = account.password_hash if account else _hash("", b"0" * 16)
    _, salt, _ = stored.split("$")
    return account is not None and hmac.compare_digest(stored, _hash(password, bytes.fromhex(salt)))
