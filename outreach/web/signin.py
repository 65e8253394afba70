"""Turn a typed name and password into a signed-in account, with a bounded, atomic limit on wrong tries.

The limit counts failures per account the name resolves to (not per typed text); names of no
account share 256 buckets by a keyed hash, so memory stays bounded whatever is typed. A check
takes its slot *before* the password is hashed, under one lock: 150 parallel guesses get
exactly `tries` real checks. Times come from the one clock (outreach.clock).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from .. import clock, db

MAX_NAME = 100  # characters, as tracking_coaches.name; a longer name is refused before any lookup
UNKNOWN_BUCKETS = 256


class SignInLimiter:
    """At most `tries` failed sign-ins per key in `window` seconds; at most `max_keys` keys kept."""

    def __init__(self, tries: int = 5, window: float = 15 * 60, max_keys: int = 4096) -> None:
        self.tries, self.window, self.max_keys = tries, window, max_keys
        self._lock = threading.Lock()
        self._failures: OrderedDict[str, list[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._failures)

    def reserve(self, key: str) -> float | None:
        """Take one try for `key` (counted as failed until `forgive`); None when the key is paused."""
        now = clock.utcnow().timestamp()
        with self._lock:
            recent = [at for at in self._failures.pop(key, []) if now - at < self.window]
            if len(recent) >= self.tries:
                self._failures[key] = recent
                return None
            recent.append(now)
            self._failures[key] = recent  # most recently used last
            self._trim(now)
            return now

    def forgive(self, key: str) -> None:
        """The password was right: forget the key's failures."""
        with self._lock:
            self._failures.pop(key, None)

    def _trim(self, now: float) -> None:
        while len(self._failures) > self.max_keys:  # drop expired keys first, then the least recently used
            for key, times in self._failures.items():
                if not times or now - times[-1] >= self.window:
                    del self._failures[key]
                    break
            else:
                self._failures.popitem(last=False)


def bucket(account_id: int | None, name: str) -> str:
    """The limiter key: the account's id, or one of UNKNOWN_BUCKETS for a name that is no account's."""
    if account_id is not None:
        return f"account:{account_id}"
    return f"unknown:{hashlib.sha256(name.encode('utf-8')).digest()[0] % UNKNOWN_BUCKETS}"


@dataclass(frozen=True)
class SignIn:
    outcome: str  # "ok", "failed", "paused", "name-too-long"
    account_id: int | None = None
    version: int | None = None


def sign_in(url: str | None, limiter: SignInLimiter, name: str, password: str) -> SignIn:
    """Check a name and password; the caller stores account id and version in the session on "ok"."""
    from .accounts import MAX_PASSWORD, find_account, verify

    if len(name) > MAX_NAME:
        return SignIn("name-too-long")
    wanted = " ".join(name.lower().split())
    with db.session(url) as s:
        found = find_account(s, name)
        account_id = found.id if found is not None else None
    key = bucket(account_id, wanted)
    if limiter.reserve(key) is None:
        return SignIn("paused")
    if len(password) > MAX_PASSWORD:
        return SignIn("failed")
    with db.session(url) as s:
        account = verify(s, account_id, password)
        result = SignIn("ok", account.id, account.session_version) if account else SignIn("failed")
    if result.outcome == "ok":
        limiter.forgive(key)
    return result
