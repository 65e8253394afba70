"""Turn a request of an anonymous route that does real work into a slot, or a Dutch "too busy" (429).

The checker and the sign-in form need no account, so anyone can send them as fast as they like.
Each such route has a Throttle: at most `per_client` requests of one client at once, `total` of
everybody at once, and `rate` per client per minute. The counts are marks of the one limiter
(web/limits.py) in the database, so every web worker of every process shares them; a slot of a
worker that died is free again after LEASE. A request that gets no slot is refused at once,
before its form is read, so a flood of checks never queues in front of the sign-in page.
A signed-in user (the literacy adviser's checker posts as she types) counts as their account:
the same limit at once per account, but no rate and not in the anonymous total, so a flood
from outside never locks staff out.
"""

from __future__ import annotations

from datetime import timedelta

from .. import db
from . import limits

LEASE = timedelta(minutes=2)  # a running request's slot counts at most this long
MINUTE = timedelta(minutes=1)


class Throttle:
    """Concurrency per client and in total, and a rate per client per minute, for the requests of one route kind."""

    def __init__(self, name: str, per_client: int, total: int, rate: int) -> None:
        self.name, self.per_client, self.total, self.rate = name, per_client, total, rate

    def enter(self, url: str | None, client: str, rated: bool = True) -> list[int] | None:
        """Take a slot for `client`; its marks to `leave` with, or None when it has too many running or (`rated`) this minute, or all are busy."""
        mine = f"{self.name}|{limits.client_key(client)}"
        checks = [(f"{mine}|running", self.per_client, LEASE)]
        if rated:
            checks += [(f"{mine}|minute", self.rate, MINUTE), (f"{self.name}|running", self.total, LEASE)]
        with db.session(url) as s:
            now = limits.begin(s)
            if not limits.room(s, checks, now):
                return None
            ids = limits.mark(s, [key for key, _, _ in checks], now)
        return [i for i, (key, _, _) in zip(ids, checks) if key.endswith("|running")]

    def leave(self, url: str | None, taken: list[int]) -> None:
        """Give back the slot `enter` gave."""
        with db.session(url) as s:
            limits.release(s, taken)


def throttles() -> dict[str, Throttle]:
    """The limits of one app: the public checker (heavy: ~1 s of a core per long text) and the sign-in form."""
    return {"checker": Throttle("checker", per_client=2, total=3, rate=60),
            "sign-in": Throttle("sign-in", per_client=2, total=8, rate=20)}
