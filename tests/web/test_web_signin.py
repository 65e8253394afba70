"""Sign-in: a bounded, atomic limit on wrong passwords keyed on the coach; argon2id hashes."""

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
from outreach.web.signin import UNKNOWN_BUCKETS, SignInLimiter

MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    seed(url, tmp_path)
    return url


def test_many_distinct_names_keep_the_memory_bounded(url: str) -> None:
    c = client(url)
    token = csrf(c)
    for i in range(600):
        c.post("/inloggen", data={"csrf": token, "naam": f"naam {i} " + "x" * 80, "wachtwoord": "fout"})
    limiter = c.app.state.sign_in  # type: ignore[attr-defined]
    assert len(limiter) <= UNKNOWN_BUCKETS


def test_limiter_never_holds_more_than_its_maximum() -> None:
    limiter = SignInLimiter(tries=5, window=900, max_keys=50)
    for i in range(1000):
        limiter.reserve(f"key-{i}")
    assert len(limiter) == 50


@pytest.mark.parametrize("name", ["x" * 101, "x" * 50_000, "Sanne Voorbeeld" + " " * 200])
def test_a_long_name_is_refused_in_dutch_before_any_lookup(url: str, name: str) -> None:
    c = client(url)
    response = c.post("/inloggen", data={"csrf": csrf(c), "naam": name, "wachtwoord": "fout"})
    assert response.status_code == 400 and "te lang" in response.text
    assert name not in response.text
    assert len(c.app.state.sign_in) == 0  # type: ignore[attr-defined]


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
    c = client(url)
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
    assert sign_in(c) == 303


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
