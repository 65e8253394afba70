"""Shared fixtures and helpers for the messaging tests: a fake Twilio and a filled outbox."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from clock_helpers import env as clock_env

from outreach import clock, db
from outreach.messaging import schedule
from outreach.messaging.fakeserver import FakeTwilio

PUBLIC = "https://outreach.example.nl"
VALUES = {"voornaam": "Fatima", "coach_voornaam": "Sanne", "coach_telefoon": "06 12 34 56 78"}
DUE = datetime(2026, 11, 25, 10, 0)


@pytest.fixture(scope="session")
def fake_server() -> Iterator[FakeTwilio]:
    fake = FakeTwilio.start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(fake_server: FakeTwilio, monkeypatch: pytest.MonkeyPatch) -> FakeTwilio:
    """The fake Twilio, emptied, with the settings that point the real client at it."""
    fake_server.reset(now=clock.utcnow())
    for key, value in fake_server.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "off")
    monkeypatch.setenv("OUTREACH_PUBLIC_URL", PUBLIC)
    return fake_server


def number(i: int) -> str:
    return f"06-{10000000 + i:08d}"


# An approved Arabic translation of gemist-gesprek (made up for the tests), and its Content SID.
ARABIC = {"gemist-gesprek.sms": "مرحبا ((voornaam))، اتصلت بك اليوم. سأتصل بك مرة أخرى قريبا. "
                                "يمكنك الاتصال بي أيضا: ((coach_telefoon)). مع التحية، ((coach_voornaam))",
          "gemist-gesprek.whatsapp": "مرحبا ((voornaam))، اتصلت بك اليوم. اتصل بي: ((coach_telefoon)). ((coach_voornaam))"}
ARABIC_SID = "HX0a1b2c3d4e5f60718293a4b5c6d7e8a1"
LANGUAGES = (None, "ar")  # every other message in Arabic: the second language goes exactly once too


@pytest.fixture
def arabic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Approved Arabic versions of gemist-gesprek: the translation store's answer, and a WhatsApp
    template (in the user's folder) with `content_sid_ar`."""
    from outreach import content
    from outreach.messaging import templates

    monkeypatch.setattr(templates, "translated", lambda session, name, variant, lang:
                        ARABIC.get(f"{name}.{variant}") if lang == "ar" else None)
    folder = tmp_path / "eigen" / "templates"
    folder.mkdir(parents=True)
    builtin = content.builtin_dir("templates") / "gemist-gesprek.whatsapp.j2"
    source = builtin.read_text(encoding="utf-8")
    (folder / builtin.name).write_text(source.replace("content_sid = ", f'content_sid_ar = "{ARABIC_SID}"\ncontent_sid = ', 1),
                                       encoding="utf-8")
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(folder.parent))


def fill(url: str, count: int, start: int = 0, channel: str = "sms",
         languages: tuple[str | None, ...] = (None,)) -> list[int]:
    """Queue `count` messages for made-up prospects (their language in turn from `languages`); their outbox ids."""
    ids = []
    with db.session(url) as s:
        for i in range(start, start + count):
            msg = schedule(s, prospect_id=i, purpose="gemist-gesprek:1", template="gemist-gesprek",
                           channel=channel, to=number(i), values=VALUES, due_at=DUE,
                           language=languages[i % len(languages)])
            assert msg is not None
            ids.append(msg.id)
    return ids


def subprocess_env(fake: FakeTwilio, url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in clock_env().items() if not k.startswith("OUTREACH_") or k == "OUTREACH_TEST_NOW"}
    env.update(fake.env(), OUTREACH_DATABASE_URL=url, OUTREACH_SEND_WINDOW="off", OUTREACH_PUBLIC_URL=PUBLIC,
               OUTREACH_DATA_DIR=str(data_dir), **extra)
    return env
