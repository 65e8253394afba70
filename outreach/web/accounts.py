"""Turn a name and password into a signed-in user with roles; passwords are stored as argon2id hashes.

A user has one or more roles (coach, communicatie, taaladviseur, beheer; see `users`). A
coach account is linked to its coach (`coach_id`) and signs in with the coach's name; other
users sign in with their own name. A coach sees only their own caseload (tracking enforces
it through the Actor the pages pass). The checker page needs no account: it stores nothing.

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

from dataclasses import dataclass

from sqlalchemy import Boolean, DateTime, Integer, String, select, true, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import clock
from ..db import Base
from ..errors import InputError, Where
from ..fields import MAX_ID
from ..texts import t

MIN_PASSWORD, MAX_PASSWORD = 10, 1000  # characters; a longer one is refused before hashing
_CHECKS = threading.BoundedSemaphore(4)  # hash checks at once: each takes ~19 MiB and a core


class Account(Base):
    __tablename__ = "web_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coach_id: Mapped[int | None] = mapped_column(Integer, unique=True)  # tracking_coaches.id; no FK across branches
    password_hash: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    name: Mapped[str | None] = mapped_column(String(100))  # None: a coach account, named by its coach
    name_key: Mapped[str | None] = mapped_column(String(100), unique=True, info={"fold_of": "name"})  # fields.fold(name)
    roles: Mapped[str] = mapped_column(String(100), default="coach", server_default="coach")  # comma-separated
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


@dataclass(frozen=True)
class User:
    """The signed-in user as the pages see it: no password, no session data."""

    account_id: int
    name: str
    roles: frozenset[str]
    coach_id: int | None  # set only for a user with the coach role and a linked coach

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def actor_name(self) -> str:
        """The name this user acts under in the audit trail (ids only)."""
        return f"coach:{self.coach_id}" if self.coach_id is not None else f"web:{self.account_id}"


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


def check_password(password: str) -> None:
    """InputError unless the password has 10 to 1000 characters."""
    if len(password) < MIN_PASSWORD:
        raise InputError(t("web.password_too_short"), Where(field="wachtwoord"))
    if len(password) > MAX_PASSWORD:
        raise InputError(t("web.password_too_long", max=MAX_PASSWORD), Where(field="wachtwoord"))


def store_password(account: Account, password: str) -> None:
    """Hash `password` into `account` and end its open sessions (a new account starts at version 0)."""
    check_password(password)
    if account.password_hash:
        account.session_version = (account.session_version or 0) + 1
    account.password_hash = _hasher().hash(password)
    account.changed_at = clock.utcnow()


def set_password(session: Session, coach_id: int, password: str) -> None:
    """Give coach `coach_id` this password (10 to 1000 characters); signs out every open session.

    A coach without an account gets one with the role coach.
    """
    check_password(password)
    account = session.scalar(select(Account).where(Account.coach_id == coach_id))
    if account is None:
        account = Account(coach_id=coach_id, session_version=0, roles="coach", active=True, password_hash="")
        session.add(account)
    store_password(account, password)


def find_account(session: Session, name: str) -> Account | None:
    """The account that signs in with `name`: a user's own name first, then a coach's name."""
    from .. import fields
    from ..errors import OutreachError
    from ..tracking.service import find_coach

    wanted = fields.fold(name)
    if not wanted or "\x00" in name:
        return None
    account = session.scalar(select(Account).where(Account.name_key == wanted))
    if account is not None:
        return account
    try:
        coach_id = find_coach(session, name).id
    except OutreachError:
        return None
    return session.scalar(select(Account).where(Account.coach_id == coach_id))


def verify(session: Session, account_id: int | None, password: str) -> Account | None:
    """The account if `password` is its own and it is active, else None; same time when it is unknown.

    An old or weaker hash is replaced by a fresh argon2id hash on success.
    """
    account = session.get(Account, account_id) if account_id else None
    if len(password) > MAX_PASSWORD:
        return None
    with _CHECKS:
        ok = _matches(account.password_hash if account and account.password_hash else _dummy_hash(), password)
    if account is None or not ok or not account.active:
        return None
    if account.password_hash.startswith("scrypt$") or _hasher().check_needs_rehash(account.password_hash):
        account.password_hash = _hasher().hash(password)
    return account


def session_account(session: Session, account_id: object, version: object) -> User | None:
    """The active user a session cookie names, if its version is still current."""
    if not isinstance(account_id, int) or not isinstance(version, int) or not 0 < account_id <= MAX_ID:
        return None
    account = session.get(Account, account_id)
    if account is None or account.session_version != version or not account.active:
        return None
    return to_user(session, account)


def to_user(session: Session, account: Account) -> User:
    """The User of an account: its own name, or its coach's name."""
    from ..tracking.models import Coach

    roles = frozenset(r for r in (account.roles or "").split(",") if r)
    coach = session.get(Coach, account.coach_id) if account.coach_id is not None else None
    name = account.name or (coach.name if coach else "?")
    linked = coach.id if coach is not None and "coach" in roles else None
    return User(account.id, name, roles, linked)


def end_sessions(session: Session, account_id: int) -> None:
    """Make every session cookie of this account invalid (sign-out everywhere)."""
    session.execute(update(Account).where(Account.id == account_id)
                    .values(session_version=Account.session_version + 1))


from . import recordings  # noqa: E402,F401  (web_recordings and web_switches on db.Base with the rest)
