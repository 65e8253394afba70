"""Exactly once under kill -9: a sender killed at random points, restarted, until all is sent.

The sender runs in its own process against a fake Twilio in another process (which survives
the kill). A test-only pause after Twilio's answer (OUTREACH_TEST_PAUSE_AFTER_SEND) widens the
window between creating the message and storing its SID, so many kills land right there.
The kill rounds fork the sender from the test process (imports already done, so 25 rounds
take seconds, not minutes); the two-senders test starts real interpreters.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from messaging_helpers import LANGUAGES, arabic, fake, fake_server, fill, subprocess_env  # noqa: F401  (fixtures)
from sqlalchemy import select

from outreach import db
from outreach.messaging import Message
from outreach.messaging.fakeserver import FakeTwilio
from outreach.messaging.senders import TwilioSender
from outreach.messaging.models import QUEUED, SENDING, SENT

RUNNER = str(Path(__file__).with_name("messaging_killrunner.py"))
ROUNDS = 25
BATCH = 40


def _spawn(env: dict[str, str]) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, RUNNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env, text=True)
    return proc


def _go(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None and proc.stdin is not None
    assert proc.stdout.readline().strip() == "ready"
    proc.stdin.write("go\n")
    proc.stdin.flush()


def _states(url: str) -> dict[int, tuple[str, str | None]]:
    with db.session(url) as s:
        return {m.id: (m.status, m.sid) for m in s.scalars(select(Message))}


def _assert_exactly_once(url: str, fake: FakeTwilio) -> None:
    creates = fake.creates()
    per_row = Counter(int(c["outbox"]) for c in creates)
    states = _states(url)
    twice = {k: n for k, n in per_row.items() if n > 1}
    assert not twice, f"sent more than once: {twice}"
    assert set(per_row) == set(states), "every message reached the server"
    assert all(status == SENT for status, _ in states.values())
    assert {sid for _, sid in states.values()} == {c["sid"] for c in creates}
    with db.session(url) as s:
        rows = {m.id: m for m in s.scalars(select(Message))}
    assert {rows[i].language for i in per_row} == {None, "ar"}  # both languages went, each message once
    for c in creates:  # the segments the outbox counted are the ones the provider billed
        assert c["segments"] == rows[int(c["outbox"])].segments and c["body"] == rows[int(c["outbox"])].body


def _send_due_child(url: str) -> None:
    """Body of a forked sender: fresh database connections, then one send-due run."""
    db.engine(url).dispose(close=False)  # never touch the parent's pooled connections
    from outreach.messaging import send_due

    send_due("twilio", url=url)
    os._exit(0)


def _kill_rounds(url: str, fake: FakeTwilio, seed: int, monkeypatch: pytest.MonkeyPatch) -> int:
    rng = random.Random(seed)
    monkeypatch.setenv("OUTREACH_TEST_PAUSE_AFTER_SEND", "0.02")
    fork = multiprocessing.get_context("fork")
    TwilioSender()  # import the REST client here once, so forked senders start at once
    ids = fill(url, BATCH, languages=LANGUAGES)  # Dutch and Arabic in turn
    in_window = 0
    for _ in range(ROUNDS):
        if not any(status in (QUEUED, SENDING) for status, _ in _states(url).values()):
            ids += fill(url, BATCH, start=len(ids), languages=LANGUAGES)
        before = fake.count()
        proc = fork.Process(target=_send_due_child, args=(url,))
        proc.start()
        if rng.random() < 0.3:  # anywhere: start-up, reconciling, claiming, sending
            time.sleep(rng.uniform(0, 0.05))
        else:  # after a few messages, at a random point of the next one
            target, deadline = before + rng.randint(1, 6), time.monotonic() + 10
            while fake.count() < target and proc.is_alive() and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.025))
        proc.kill()  # SIGKILL
        proc.join()
        assert all(c["outbox"] for c in fake.creates())
        created = {int(c["outbox"]) for c in fake.creates()}
        in_window += sum(1 for i, (status, _) in _states(url).items() if status == SENDING and i in created)
    for _ in range(3):  # let the last sender finish undisturbed
        proc = fork.Process(target=_send_due_child, args=(url,))
        proc.start()
        proc.join(120)
        if all(status == SENT for status, _ in _states(url).values()):
            break
    return in_window


@pytest.mark.slow
@pytest.mark.usefixtures("arabic")
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_kill_minus_nine_never_sends_twice(backend: str, fake: FakeTwilio, tmp_path: Path,
                                           request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'kill.db'}" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    in_window = _kill_rounds(url, fake, seed=len(backend), monkeypatch=monkeypatch)
    _assert_exactly_once(url, fake)
    assert in_window >= 1, "no kill landed between Twilio's answer and storing the SID"


@pytest.mark.usefixtures("arabic")
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_senders_at_once_never_double_send(backend: str, fake: FakeTwilio, tmp_path: Path,
                                               request: pytest.FixtureRequest) -> None:
    url = f"sqlite:///{tmp_path / 'two.db'}" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    fill(url, 60, languages=LANGUAGES)
    env = subprocess_env(fake, url, tmp_path / "data", OUTREACH_TEST_PAUSE_AFTER_SEND="0.005")
    procs = [_spawn(env), _spawn(env)]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for proc in procs:
        proc.stdin.write("go\n")  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]
    outputs = [proc.communicate(timeout=60)[0] for proc in procs]
    sent = [int(out.split("sent=")[1].split()[0]) for out in outputs]
    assert sum(sent) == 60 and min(sent) > 0, sent  # both worked, neither sent what the other did
    _assert_exactly_once(url, fake)
