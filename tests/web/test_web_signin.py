"""Sign-in: a bounded, atomic limit on wrong passwords per client and per account, kept in the database; argon2id hashes."""

from __future__ import annotations

import hashlib
import threading
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select
from web_helpers import PASSWORD, client, csrf, seed, sign_in

from outreach import db
from outreach.web.accounts import Account
from outreach.web.limits import LimitMark
from outreach.web.signin import UNKNOWN_BUCKETS

MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    return url


def _keys(url: str) -> set[str]:
    with db.session(url) as s:
        return set(s.scalars(select(LimitMark.key).where(~LimitMark.key.startswith("sign-in|"))))


def test_many_distinct_names_keep_the_table_bounded(url: str) -> None:
    c = _loose(client(url))
    token = csrf(c)
    for i in range(600):
        c.post("/inloggen", data={"csrf": token, "naam": f"naam {i} " + "x" * 80, "wachtwoord": "fout"})
    assert len(_keys(url)) <= 2 * UNKNOWN_BUCKETS + 1  # the client, and per bucket: it and the client on it


def test_old_tries_leave_the_table(url: str) -> None:
    c = client(url)
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        token = csrf(c)
        for i in range(3):
            c.post("/inloggen", data={"csrf": token, "naam": "Sanne Voorbeeld", "wachtwoord": "fout"})
        assert _keys(url)
        traveller.shift(timedelta(minutes=16))
        c.post("/inloggen", data={"csrf": token, "naam": "Ahmed Demo", "wachtwoord": "fout"})
        assert not any("account:1" in key for key in _keys(url))


@pytest.mark.parametrize("name", ["x" * 101, "x" * 50_000, "Sanne Voorbeeld" + " " * 200])
def test_a_long_name_is_refused_in_dutch_before_any_lookup(url: str, name: str) -> None:
    c = client(url)
    response = c.post("/inloggen", data={"csrf": csrf(c), "naam": name, "wachtwoord": "fout"})
    assert response.status_code == 400 and "te lang" in response.text
    assert name not in response.text
    assert _keys(url) == set()


def test_a_huge_password_is_not_hashed(url: str) -> None:
    c = client(url)
    response = c.post("/inloggen", data={"csrf": csrf(c), "naam": "Sanne Voorbeeld", "wachtwoord": "x" * 100_000})
    assert response.status_code == 400 and "klopt niet" in response.text


def test_parallel_wrong_passwords_get_only_five_real_checks(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.web import accounts

    checks = []
    real = accounts._matches

    def counted(stored: str, password: str) -> bool:
        checks.append(1)
        return real(stored, password)

    monkeypatch.setattr(accounts, "_matches", counted)
    c = _loose(client(url))
    token = csrf(c)
    codes: list[int] = []
    start = threading.Barrier(30)

    def guess(i: int) -> None:
        start.wait()
        for j in range(5):
            codes.append(c.post("/inloggen", data={"csrf": token, "naam": "sanne  VOORBEELD" if i % 2 else "Sanne",
                                                    "wachtwoord": f"fout-{i}-{j}"}).status_code)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(30)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(checks) == 5  # one coach, however the name is typed
    assert sorted(codes) == [400] * 5 + [429] * 145


def test_the_pause_ends_after_a_quarter_on_the_one_clock(url: str) -> None:
    c = client(url)
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        token = csrf(c)
        codes = [c.post("/inloggen", data={"csrf": token, "naam": "Sanne Voorbeeld", "wachtwoord": "fout"}).status_code
                 for _ in range(6)]
        assert codes == [400] * 5 + [429]
        assert sign_in(c, "Ahmed Demo") == 303  # another coach is not paused
        c.cookies.clear()
        traveller.shift(timedelta(minutes=14))
        assert sign_in(c) == 429
        traveller.shift(timedelta(minutes=1, seconds=1))
        assert sign_in(c) == 303


def test_unknown_names_do_not_pause_a_coach(url: str) -> None:
    c = client(url)
    token = csrf(c)
    for i in range(50):
        c.post("/inloggen", data={"csrf": token, "naam": f"Onbekend {i}", "wachtwoord": "fout"})
    assert sign_in(_from(url, "198.51.100.4")) == 303  # type: ignore[arg-type]  # (that client itself is paused)


def test_passwords_are_argon2id_and_old_scrypt_hashes_are_upgraded(url: str) -> None:
    with db.session(url) as s:
        account = s.scalars(select(Account)).first()
        assert account is not None and account.password_hash.startswith("$argon2id$")
        salt = b"s" * 16
        digest = hashlib.scrypt(PASSWORD.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
        account.password_hash = f"scrypt${salt.hex()}${digest.hex()}"
        account_id = account.id
    c = client(url)
    assert sign_in(c, password="verkeerd-wachtwoord") == 400
    with db.session(url) as s:
        assert s.get(Account, account_id).password_hash.startswith("scrypt$")  # type: ignore[union-attr]
    assert sign_in(c) == 303
    with db.session(url) as s:
        assert s.get(Account, account_id).password_hash.startswith("$argon2id$")  # type: ignore[union-attr]
    c.cookies.clear()
    assert sign_in(c) == 303


def _loose(c: object) -> object:
    """The client's app without the anonymous throttle (web/throttle.py): these tests are about the database limit."""
    from outreach.web.throttle import Throttle

    c.app.state.throttles["sign-in"] = Throttle("sign-in", per_client=1000, total=1000, rate=1000)  # type: ignore[attr-defined]
    return c


def _from(url: str, address: str) -> object:
    """A test client whose requests come from `address`."""
    from starlette.testclient import TestClient

    from outreach.web import create_app

    return TestClient(create_app(url), follow_redirects=False, client=(address, 50000))


def test_wrong_passwords_from_one_client_do_not_lock_out_the_real_user(url: str) -> None:
    attacker, user = _from(url, "203.0.113.9"), _from(url, "198.51.100.4")
    token = csrf(attacker)  # type: ignore[arg-type]
    codes = [attacker.post("/inloggen", data={"csrf": token, "naam": "Sanne Voorbeeld",  # type: ignore[attr-defined]
                                              "wachtwoord": "fout"}).status_code for _ in range(7)]
    assert codes == [400] * 5 + [429] * 2
    assert sign_in(attacker) == 429  # type: ignore[arg-type]  # this client stays paused for this account
    assert sign_in(user) == 303  # type: ignore[arg-type]  # the right password from another client works


def test_many_clients_slow_an_account_down_but_a_new_client_still_gets_in(url: str) -> None:
    from outreach.web.signin import ACCOUNT_TRIES, PAIR_TRIES, SLOW_PAIR_TRIES

    for i in range(ACCOUNT_TRIES // PAIR_TRIES + 1):
        c = _from(url, f"203.0.113.{i}")
        token = csrf(c)  # type: ignore[arg-type]
        for _ in range(PAIR_TRIES):
            c.post("/inloggen", data={"csrf": token, "naam": "Sanne Voorbeeld", "wachtwoord": "fout"})  # type: ignore[attr-defined]
    late = _from(url, "203.0.113.200")
    token = csrf(late)  # type: ignore[arg-type]
    codes = [late.post("/inloggen", data={"csrf": token, "naam": "Sanne Voorbeeld",  # type: ignore[attr-defined]
                                          "wachtwoord": "fout"}).status_code for _ in range(SLOW_PAIR_TRIES + 1)]
    assert codes == [400] * SLOW_PAIR_TRIES + [429]  # slowed down: fewer tries per client
    assert sign_in(_from(url, "198.51.100.4")) == 303  # type: ignore[arg-type]


def test_one_client_trying_many_names_is_paused(url: str) -> None:
    from outreach.web.signin import CLIENT_TRIES

    c = _loose(_from(url, "203.0.113.9"))
    token = csrf(c)  # type: ignore[arg-type]
    codes = [c.post("/inloggen", data={"csrf": token, "naam": f"Iemand {i}",  # type: ignore[attr-defined]
                                       "wachtwoord": "fout"}).status_code for i in range(CLIENT_TRIES + 1)]
    assert codes[-1] == 429 and codes[:CLIENT_TRIES].count(400) == CLIENT_TRIES


def test_the_limit_is_shared_by_every_worker(url: str) -> None:
    first, second = _from(url, "203.0.113.9"), _from(url, "203.0.113.9")  # two apps: two workers
    for c in (first, second, first):
        token = csrf(c)  # type: ignore[arg-type]
        for _ in range(2):
            c.post("/inloggen", data={"csrf": token, "naam": "Sanne Voorbeeld", "wachtwoord": "fout"})  # type: ignore[attr-defined]
    assert sign_in(second) == 429  # type: ignore[arg-type]


def test_client_and_account_limits_on_both_databases(database_url: str, tmp_path: Path) -> None:
    seed(database_url, tmp_path)
    test_wrong_passwords_from_one_client_do_not_lock_out_the_real_user(database_url)
