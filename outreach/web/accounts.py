"""Turn a coach's name and password into a signed-in coach; passwords are stored as argon2id hashes.

Only coaches sign in, and each sees only their own caseload (tracking enforces it through
the Actor the pages pass). The checker page needs no account: it stores nothing.

Each account has a session version: the session cookie holds the account id and that
version (never a name), and signing out or a new password bumps it, so every cookie saved
before stops working at once. Hashes from before argon2 (scrypt) still verify once and are
replaced by an argon2id hash on that successful sign-in.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import DateTime, Integer, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import clock
from ..db import Base
from ..errors import InputError, Where
from ..texts import t

MIN_PASSWORD, MAX_PASSWORD = 10, 1000  # characters; a longer one is refused before hashing
_CHECKS = threading.BoundedSemaphore(4)  # hash checks at once: each takes ~19 MiB and a core


class Account(Base):
    __tablename__ = "web_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coach_id: Mapped[int] = mapped_column(Integer, unique=True)  # tracking_coaches.id; no FK across branches
    password_hash: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


@cache
def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)  # OWASP's argon2id minimum


@cache
def _dummy_hash() -> str:
    return str(_hasher().hash("no account has this password"))


def _scrypt_matches(stored: str, password: str) -> bool:
    """Check an old `scrypt$salt$digest` hash (n=2**14, r=8, p=1)."""
    try:
        _, salt, digest = stored.split("$")
        mine = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=2**14, r=8, p=1, dklen=32)
    except ValueError:
        return False
    return hmac.compare_digest(mine.hex(), digest)


def _matches(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    if stored.startswith("scrypt$"):
        return _scrypt_matches(stored, password)
    try:
        return bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def set_password(session: Session, coach_id: int, password: str) -> None:
    """Give coach `coach_id` this password (10 to 1000 characters); signs out every open session."""
    if len(password) < MIN_PASSWORD:
        raise InputError(t("web.password_too_short"), Where(field="wachtwoord"))
    if len(password) > MAX_PASSWORD:
        raise InputError(t("web.password_too_long", max=MAX_PASSWORD), Where(field="wachtwoord"))
    account = session.scalar(select(Account).where(Account.coach_id == coach_id))
    if account is None:
        account = Account(coach_id=coach_id, session_version=0)
        session.add(account)
    else:
        account.session_version = (account.session_version or 0) + 1
    account.password_hash = _hasher().hash(password)
    account.changed_at = clock.utcnow()


def verify(session: Session, coach_id: int | None, password: str) -> Account | None:
    """The coach's account if `password` is theirs, else None; spends the same time when the coach is unknown.

    An old or weaker hash is replaced by a fresh argon2id hash on success.
    """
    account = session.scalar(select(Account).where(Account.coach_id == coach_id)) if coach_id else None
    if len(password) > MAX_PASSWORD:
        return None
    with _CHECKS:
        ok = _matches(account.password_hash if account else _dummy_hash(), password)
    if account is None or not ok:
        return None
    if account.password_hash.startswith("scrypt$") or _hasher().check_needs_rehash(account.password_hash):
        account.password_hash = _hasher().hash(password)
    return account


def session_account(session: Session, account_id: object, version: object) -> tuple[int, str] | None:
    """(coach id, coach name) of the account a session cookie names, if its version is still current."""
    from ..tracking.models import Coach

    if not isinstance(account_id, int) or not isinstance(version, int) or not 0 < account_id < 2**31:
        return None
    row = session.execute(select(Account.coach_id, Account.session_version, Coach.name)
                          .join(Coach, Coach.id == Account.coach_id).where(Account.id == account_id)).first()
    if row is None or row[1] != version:
        return None
    return int(row[0]), str(row[2])


def end_sessions(session: Session, account_id: int) -> None:
    """Make every session cookie of this account invalid (sign-out everywhere)."""
    session.execute(update(Account).where(Account.id == account_id)
                    .values(session_version=Account.session_version + 1))
