"""Turn a typed name and password into a signed-in account, slowing down wrong tries per client and per account.

Wrong tries are marks of the one limiter (web/limits.py, in the database), so every web worker
sees the same counts. Three keys count each try:

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
from datetime import timedelta

from sqlalchemy.orm import Session

from .. import db
from . import limits
from .limits import client_key

MAX_NAME = 100  # characters, as tracking_coaches.name; a longer name is refused before any lookup
UNKNOWN_BUCKETS = 256
WINDOW = timedelta(minutes=15)  # at most limits.KEEP
PAIR_TRIES, SLOW_PAIR_TRIES, CLIENT_TRIES, ACCOUNT_TRIES = 5, 2, 30, 20


def bucket(account_id: int | None, name: str) -> str:
    """The account key: the account's id, or one of UNKNOWN_BUCKETS for a name that is no account's."""
    if account_id is not None:
        return f"account:{account_id}"
    return f"unknown:{hashlib.sha256(name.encode('utf-8')).digest()[0] % UNKNOWN_BUCKETS}"


def reserve(s: Session, client: str, account: str) -> list[int] | None:
    """Take one try for `client` on `account` (counted as failed until `forgive`); None when paused.

    Runs under the write lock, so counting and taking are one step for every worker.
    """
    now = limits.begin(s)
    pair = f"{client}|{account}"
    pair_tries = SLOW_PAIR_TRIES if limits.count(s, account, WINDOW, now) >= ACCOUNT_TRIES else PAIR_TRIES
    if not limits.room(s, [(pair, pair_tries, WINDOW), (client, CLIENT_TRIES, WINDOW)], now):
        return None
    return limits.mark(s, (pair, client, account), now)


def take_try(s: Session, key: str, tries: int) -> bool:
    """Count one try under `key` (a page that can be guessed); False when `tries` were taken in WINDOW."""
    now = limits.begin(s)
    if not limits.room(s, [(key, tries, WINDOW)], now):
        return False
    limits.mark(s, [key], now)
    return True


def forget(s: Session, key: str) -> None:
    """The try was right: forget the tries counted under `key`."""
    limits.forget(s, key)


def forgive(s: Session, client: str, account: str, taken: list[int]) -> None:
    """The password was right: forget this client's failures on the account, and this try."""
    limits.forget(s, f"{client}|{account}")
    limits.release(s, taken)


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
