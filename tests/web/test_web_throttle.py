"""Anonymous routes that do real work (the checker, sign-in): concurrency and rate per client, and in total."""

from __future__ import annotations

import statistics
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from starlette.testclient import TestClient
from web_helpers import PASSWORD, csrf, seed

from outreach.web import create_app
from outreach.web import throttle
from outreach.web.throttle import Throttle

TEXT = ("Hierbij delen wij u mede dat uw aanvraag in behandeling is genomen door de afdeling. " * 250)[:20_000]


def test_throttle_counts_per_client_in_total_and_per_minute(database_url: str, frozen_clock: time_machine.Traveller) -> None:
    limit = Throttle("test", per_client=1, total=2, rate=3)
    a = limit.enter(database_url, "a")
    assert a and limit.enter(database_url, "a") is None  # one at once per client
    b = limit.enter(database_url, "b")
    assert b and limit.enter(database_url, "c") is None  # two at once in total
    limit.leave(database_url, a)
    limit.leave(database_url, b)
    for _ in range(2):
        taken = limit.enter(database_url, "a")
        assert taken
        limit.leave(database_url, taken)
    assert limit.enter(database_url, "a") is None  # three a minute
    taken = limit.enter(database_url, "a", rated=False)
    assert taken
    limit.leave(database_url, taken)
    b = limit.enter(database_url, "b")
    staff = limit.enter(database_url, "account:7", rated=False)
    assert b and staff  # a signed-in user: no rate, not in the total
    limit.leave(database_url, staff)
    limit.leave(database_url, b)
    frozen_clock.shift(timedelta(seconds=61))
    taken = limit.enter(database_url, "a")
    assert taken
    limit.leave(database_url, taken)


def test_two_apps_on_one_database_share_one_limit(database_url: str, frozen_clock: time_machine.Traveller) -> None:
    """Two web workers (two processes, two Throttle objects) count the same slots and the same minute."""
    one, two = Throttle("test", per_client=1, total=2, rate=2), Throttle("test", per_client=1, total=2, rate=2)
    held = one.enter(database_url, "a")
    assert held and two.enter(database_url, "a") is None
    other = two.enter(database_url, "b")
    assert other and one.enter(database_url, "c") is None
    one.leave(database_url, held)
    two.leave(database_url, other)
    again = two.enter(database_url, "a")
    assert again
    two.leave(database_url, again)
    assert one.enter(database_url, "a") is None  # the client's third this minute, whichever worker counts
    frozen_clock.shift(timedelta(minutes=3))  # a slot of a worker that died is free after the lease
    assert one.enter(database_url, "z") and two.enter(database_url, "y") and one.enter(database_url, "x") is None
    frozen_clock.shift(throttle.LEASE)
    assert one.enter(database_url, "x")


def test_the_sign_in_limit_holds_across_two_apps(tmp_path: Path) -> None:
    """A client that spreads its sign-in posts over two workers still gets `rate` a minute in all."""
    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    clients = [TestClient(create_app(url), client=("203.0.113.7", 40000), follow_redirects=False) for _ in range(2)]
    tokens = [csrf(c) for c in clients]
    rate = throttle.throttles()["sign-in"].rate
    codes = [clients[i % 2].post("/inloggen", data={"csrf": tokens[i % 2], "naam": f"Niemand {i}", "wachtwoord": "fout"}).status_code
             for i in range(rate + 2)]
    assert codes.count(429) == 2 and 429 not in codes[:rate]


def test_the_sign_in_page_stays_usable_while_the_checker_is_flooded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach import readability

    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    app = create_app(url)
    running, most = [0], [0]
    lock = threading.Lock()
    real = readability.check

    def counted(*args: object, **kwargs: object) -> object:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            return real(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(readability, "check", counted)
    codes: list[int] = []
    start = threading.Barrier(31)

    def flood(i: int) -> None:  # 30 clients, each 3 texts of 20,000 characters
        with TestClient(app, client=(f"203.0.113.{i}", 40000)) as c:
            token = csrf(c, "/controleren")
            start.wait()
            for _ in range(3):
                codes.append(c.post("/controleren/uitslag", data={"csrf": token, "tekst": TEXT}).status_code)

    threads = [threading.Thread(target=flood, args=(i,)) for i in range(30)]
    for th in threads:
        th.start()
    user = TestClient(app, client=("198.51.100.4", 40000), follow_redirects=False)
    token = csrf(user)
    start.wait()
    took = []
    for _ in range(3):
        began = time.monotonic()
        assert user.get("/inloggen").status_code == 200
        took.append(time.monotonic() - began)
    answer = user.post("/inloggen", data={"csrf": token, "naam": "Sanne Voorbeeld", "wachtwoord": PASSWORD})
    for th in threads:
        th.join(120)
    assert answer.status_code == 303  # the real user got in during the flood
    assert len(codes) == 90 and set(codes) <= {200, 429}
    assert 0 < codes.count(200) and most[0] <= throttle.throttles()["checker"].total  # never more checks at once
    print(f"sign-in page during the flood: median {statistics.median(took) * 1000:.0f} ms; "
          f"checks answered {codes.count(200)}, refused {codes.count(429)}; most at once {most[0]}")


def test_a_refused_request_is_a_dutch_429(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    c = TestClient(create_app(url), client=("203.0.113.9", 40000))
    token = csrf(c, "/controleren")
    c.app.state.throttles["checker"] = Throttle("checker", per_client=1, total=1, rate=2)  # this anonymous client: 2 a minute  # type: ignore[attr-defined]
    codes = [c.post("/controleren", data={"csrf": token, "tekst": "Bel ons."}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    refused = c.post("/controleren/uitslag", data={"csrf": token, "tekst": "Bel ons."})
    assert refused.status_code == 429 and "erg druk" in refused.text
