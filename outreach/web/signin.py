"""Turn a typed name and password into a signed-in account, slowing down wrong tries per client and per account.

Wrong tries are counted in the database (table web_sign_in_failures), so every web worker sees
the same counts. Three keys count each try:

- the client and the account together: PAIR_TRIES in WINDOW, then that client is paused for
  that account (the right password from another client still works);
- the client alone: CLIENT_TRIES in WINDOW over all names, then that client is paused;
- the account alone, from every client: past ACCOUNT_TRIES in WINDOW the account is under
  attack and each client gets only SLOW_PAIR_TRIES on it, but a client that has not failed
  still gets its tries: nobody locks the real user out.

Names of no account share UNKNOWN_BUCKETS accounts by a hash. A try takes its slot *before*
the password is hashed, under the database's write lock: 150 parallel guesses get exactly
PAIR_TRIES real checks. Clients are stored as a hash of their address. Times come from the one clock.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import clock, db
from ..db import Base, UtcDateTime

MAX_NAME = 100  # characters, as tracking_coaches.name; a longer name is refused before any lookup
UNKNOWN_BUCKETS = 256
WINDOW = timedelta(minutes=15)
PAIR_TRIES, SLOW_PAIR_TRIES, CLIENT_TRIES, ACCOUNT_TRIES = 5, 2, 30, 20


class SignInFailure(Base):
    """One wrong (or not yet checked) try, counted under one key until WINDOW has passed."""

    __tablename__ = "web_sign_in_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


def bucket(account_id: int | None, name: str) -> str:
    """The account key: the account's id, or one of UNKNOWN_BUCKETS for a name that is no account's."""
    if account_id is not None:
        return f"account:{account_id}"
    return f"unknown:{hashlib.sha256(name.encode('utf-8')).digest()[0] % UNKNOWN_BUCKETS}"


def client_key(address: str) -> str:
    """A client as a short hash of its address: the table holds no IP addresses."""
    return "client:" + hashlib.sha256(address.encode("utf-8")).hexdigest()[:16]


def _count(s: Session, key: str) -> int:
    return s.scalar(select(func.count()).select_from(SignInFailure).where(SignInFailure.key == key)) or 0


def reserve(s: Session, client: str, account: str) -> list[int] | None:
    """Take one try for `client` on `account` (counted as failed until `forgive`); None when paused.

    Runs under the write lock, so counting and taking are one step for every worker.
    """
    db.write_lock(s, "sign-in")
    now = clock.utcnow()
    s.execute(delete(SignInFailure).where(SignInFailure.at <= now - WINDOW))
    pair = f"{client}|{account}"
    pair_tries = SLOW_PAIR_TRIES if _count(s, account) >= ACCOUNT_TRIES else PAIR_TRIES
    if _count(s, pair) >= pair_tries or _count(s, client) >= CLIENT_TRIES:
        return None
    rows = [SignInFailure(key=key, at=now) for key in (pair, client, account)]
    s.add_all(rows)
    s.flush()
    return [row.id for row in rows]


def take_try(s: Session, key: str, tries: int) -> bool:
    """Count one try under `key` (a page that can be guessed); False when `tries` were taken in WINDOW."""
    db.write_lock(s, "sign-in")
    now = clock.utcnow()
    s.execute(delete(SignInFailure).where(SignInFailure.at <= now - WINDOW))
    if _count(s, key) >= tries:
        return False
    s.add(SignInFailure(key=key, at=now))
    return True


def forget(s: Session, key: str) -> None:
    """The try was right: forget the tries counted under `key`."""
    s.execute(delete(SignInFailure).where(SignInFailure.key == key))


def forgive(s: Session, client: str, account: str, taken: list[int]) -> None:
    """The password was right: forget this client's failures on the account, and this try."""
    s.execute(delete(SignInFailure).where((SignInFailure.key == f"{client}|{account}") | SignInFailure.id.in_(taken)))


@dataclass(frozen=True)
class SignIn:
    outcome: str  # "ok", "failed", "paused", "name-too-long"
    account_id: int | None = None
    version: int | None = None


def sign_in(url: str | None, address: str, name: str, password: str) -> SignIn:
    """Check a name and password from client `address`; the caller stores account id and version on "ok"."""
    from .accounts import MAX_PASSWORD, find_account, verify

    if len(name) > MAX_NAME:
        return SignIn("name-too-long")
    wanted = " ".join(name.lower().split())
    with db.session(url) as s:
        found = find_account(s, name)
        account_id = found.id if found is not None else None
    account, client = bucket(account_id, wanted), client_key(address)
    with db.session(url) as s:
        taken = reserve(s, client, account)
    if taken is None:
        return SignIn("paused")
    if len(password) > MAX_PASSWORD:
        return SignIn("failed")
    with db.session(url) as s:
        found = verify(s, account_id, password)
        result = SignIn("ok", found.id, found.session_version) if found else SignIn("failed")
        if found:
            forgive(s, client, account, taken)
    return result
