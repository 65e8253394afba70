"""Turn a request of an anonymous route that does real work into a slot, or a Dutch "too busy" (429).

The checker and the sign-in form need no account, so anyone can send them as fast as they like.
Each such route has a Throttle: at most `per_client` requests of one client at once, `total` of
everybody at once, and `rate` per client per minute (on the one clock). A request that gets no
slot is refused at once, before its form is read and before it takes a worker thread, so a flood
of checks never queues in front of the sign-in page. At most `max_clients` clients are kept
(least recently seen dropped first): memory stays bounded whatever addresses are used.
A signed-in user (the literacy adviser's checker posts as she types) counts as their account:
the same limit at once per account, but no rate and not in the anonymous total, so a flood
from outside never locks staff out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from dataclasses import dataclass, field

from .. import clock


@dataclass
class _Client:
    running: int = 0
    recent: deque[float] = field(default_factory=deque)


class Throttle:
    """Concurrency per client and in total, and a rate per client per minute."""

    def __init__(self, per_client: int, total: int, rate: int, max_clients: int = 4096) -> None:
        self.per_client, self.total, self.rate, self.max_clients = per_client, total, rate, max_clients
        self.running = 0
        self._lock = threading.Lock()
        self._clients: OrderedDict[str, _Client] = OrderedDict()

    def enter(self, client: str, rated: bool = True) -> bool:
        """Take a slot for `client`; False when it has too many running or (`rated`) too many this minute, or all are busy."""
        now = clock.utcnow().timestamp()
        with self._lock:
            state = self._clients.pop(client, None) or _Client()
            self._clients[client] = state  # most recently seen last
            while state.recent and now - state.recent[0] >= 60:
                state.recent.popleft()
            if state.running >= self.per_client or (rated and (len(state.recent) >= self.rate or self.running >= self.total)):
                return False
            state.running += 1
            if rated:
                state.recent.append(now)
                self.running += 1
            self._trim()
            return True

    def leave(self, client: str, rated: bool = True) -> None:
        """Give back the slot `enter` gave."""
        with self._lock:
            if rated:
                self.running = max(0, self.running - 1)
            state = self._clients.get(client)
            if state is not None:
                state.running = max(0, state.running - 1)

    def __len__(self) -> int:
        return len(self._clients)

    def _trim(self) -> None:
        while len(self._clients) > self.max_clients:
            for key, state in self._clients.items():  # the least recently seen that has nothing running
                if not state.running:
                    del self._clients[key]
                    break
            else:
                return


def throttles() -> dict[str, Throttle]:
    """The limits of one app: the public checker (heavy: ~1 s of a core per long text) and the sign-in form."""
    return {"checker": Throttle(per_client=2, total=3, rate=60),
            "sign-in": Throttle(per_client=2, total=8, rate=20)}
