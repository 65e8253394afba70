"""Fixes from the code review: import scope, mobile column, erased people, phone changes, names, CSV bytes."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from clock_helpers import earlier
from sqlalchemy import func, inspect, select

from outreach import db, tabular, tracking
from outreach.errors import InputError, NotFoundError
from outreach import clock
from outreach.tracking.importer import _clean
from outreach.tracking.models import Attempt, AuditEntry, ErasedNumber, Prospect

HEADER = "klantnummer;voornaam;achternaam;postcode;telefoon\n"
SANNES = HEADER + "K-1;Fatima;Voorbeeld;5038 AB;06-12345601\nK-2;Jan;Proefpersoon;5038 AC;013-5430012\n"


def write(tmp_path: Path, text: str, name: str = "lijst.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def two_coaches(url: str, tmp_path: Path) -> None:
    with earlier(), db.session(url) as s:
        admin = tracking.actor(s)
        tracking.add_coach(s, admin, "Sanne Voorbeeld", phone="06-12345699")
        tracking.add_coach(s, admin, "Bram Testcoach")
        tracking.import_prospects(s, admin, write(tmp_path, SANNES), coach="Sanne Voorbeeld")


# 1. A coach's import never touches other coaches' people.

def test_coach_import_does_not_change_other_coaches_people(database_url: str, tmp_path: Path) -> None:
    two_coaches(database_url, tmp_path)
    theirs = HEADER + "K-1;Overschreven;Naam;5038 AB;06-12345677\nK-9;Kees;Fictief;5038 AD;06-12345609\n"
    with db.session(database_url) as s:
        result = tracking.import_prospects(s, tracking.actor(s, "Bram"), write(tmp_path, theirs, "bram.csv"))
    assert (result.added, result.updated, result.unchanged) == (1, 0, 0)
    assert [p.line for p in result.problems] == [2]
    assert "K-1 hoort bij een andere coach" in str(result.problems[0]) and "overgeslagen" in str(result.problems[0])
    with db.session(database_url) as s:
        k1 = tracking.find_prospect(s, tracking.actor(s), "K-1")
        assert (k1.first_name, k1.phone, k1.coach.name) == ("Fatima", "+31612345601", "Sanne Voorbeeld")
        assert tracking.find_prospect(s, tracking.actor(s, "Bram"), "K-9").coach.name == "Bram Testcoach"
        assert not s.scalars(select(AuditEntry).where(AuditEntry.action == "update")).all()


def test_coach_reimport_of_own_people_still_updates(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    two_coaches(url, tmp_path)
    with db.session(url) as s:
        result = tracking.import_prospects(s, tracking.actor(s, "Sanne"), write(tmp_path, SANNES.replace("Fatima", "Fatma")))
    assert (result.added, result.updated, result.unchanged, result.problems) == (0, 1, 1, [])


# 2. The mobile column is its own number, next to a landline.

@pytest.mark.parametrize(
    ("row", "phone", "phone2", "mobile"),
    [
        ({"telefoon": "013-5430012", "mobiel": "06-12345601"}, "+31135430012", "+31612345601", "+31612345601"),
        ({"mobiel": "06-12345601"}, "+31612345601", None, "+31612345601"),
        ({"telefoon": "06-12345601", "mobiel": "06-12345601"}, "+31612345601", None, "+31612345601"),
        ({"telefoon": "06-12345601", "06": "06-12345602"}, "+31612345601", "+31612345602", "+31612345602"),
        ({"telefoon": "013-5430012", "telefoon2": "013-5430013", "mobiel nummer": "06-12345601"},
         "+31135430012", "+31135430013", "+31612345601"),
        ({"telefoon": "013-5430012", "telefoon2": "06-12345603"}, "+31135430012", "+31612345603", "+31612345603"),
    ],
    ids=["landline-and-mobile", "mobile-only", "same-twice", "06-column-wins", "three-numbers", "no-mobile-column"],
)
def test_mobile_column_is_kept_next_to_the_landline(row: dict[str, str], phone: str, phone2: str | None, mobile: str) -> None:
    data = _clean({"klantnummer": "K-1", "voornaam": "Anna", "postcode": "5038 AB", **row})
    assert (data["phone"], data["phone2"], data["mobile"]) == (phone, phone2, mobile)


def test_import_with_landline_and_mobile_columns(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    path = write(tmp_path, "klantnummer;voornaam;postcode;telefoon;mobiel\nK-1;Anna;5038 AB;013-5430012;06-12345601\n")
    with earlier(), db.session(url) as s:
        tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld")
        tracking.import_prospects(s, tracking.actor(s), path, coach="Sanne")
    with db.session(url) as s:
        p = tracking.find_prospect(s, tracking.actor(s), "K-1")
        assert (p.phone, p.mobile) == ("+31135430012", "+31612345601")


# 3. Someone erased on request does not come back with the next list.

def test_erased_person_is_not_imported_again(database_url: str, tmp_path: Path) -> None:
    two_coaches(database_url, tmp_path)
    with db.session(database_url) as s:
        tracking.erase_prospect(s, tracking.actor(s), "K-1")
    with db.session(database_url) as s:
        again = tracking.import_prospects(s, tracking.actor(s), write(tmp_path, SANNES), coach="Sanne")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    assert [p.line for p in again.problems] == [2]
    assert "eerder gewist op eigen verzoek" in str(again.problems[0])
    with db.session(database_url) as s:
        assert s.scalar(select(func.count()).select_from(Prospect).where(Prospect.client_number == "K-1")) == 0
        stored = s.scalars(select(ErasedNumber.number_hash)).all()
    assert len(stored) == 1 and len(stored[0]) == 64 and "K-1" not in stored[0]
    assert [c.name for c in inspect(ErasedNumber).columns] == ["number_hash"]  # nothing else about the person


def test_erased_hash_is_keyed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    from outreach.tracking.privacy import erased_hashes

    stored = erased_hashes(["K-1"])["K-1"]
    assert stored == erased_hashes(["K-1"])["K-1"]  # the key in the data folder stays the same
    assert stored != hashlib.sha256(b"K-1").hexdigest()
    monkeypatch.setenv("OUTREACH_SECRET_KEY", "een-andere-sleutel")
    assert erased_hashes(["K-1"])["K-1"] != stored


def test_anonymised_old_case_may_come_back(tmp_path: Path) -> None:
    """Retention purge is not a request of the person: a new list may bring them in again."""
    url = f"sqlite:///{tmp_path / 'x.db'}"
    two_coaches(url, tmp_path)
    old = clock.now() - timedelta(days=900)
    with db.session(url) as s:
        for i in range(3):
            tracking.log_attempt(s, tracking.actor(s), "K-2", "geen-interesse", at=old + timedelta(days=31 * i))
        assert len(tracking.purge(s, tracking.actor(s)).ids) == 1
    with db.session(url) as s:
        again = tracking.import_prospects(s, tracking.actor(s), write(tmp_path, SANNES), coach="Sanne")
    assert (again.added, again.problems) == (1, [])


# 4. A new phone number on re-import changes the next step.

def test_phone_change_on_reimport_recomputes_next_step(database_url: str, tmp_path: Path) -> None:
    no_phone = HEADER + "K-5;Piet;Proef;5038 AB;\n"
    with earlier(), db.session(database_url) as s:
        tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld")
        tracking.import_prospects(s, tracking.actor(s), write(tmp_path, no_phone), coach="Sanne")
    with db.session(database_url) as s:
        logged = tracking.log_attempt(s, tracking.actor(s), "K-5", "flyer-bezorgd", at=clock.now() - timedelta(days=1))
        assert logged.status.step == "huisbezoek"  # no number: visit instead of a call
    with db.session(database_url) as s:
        result = tracking.import_prospects(s, tracking.actor(s), write(tmp_path, no_phone.replace(";\n", ";06-12345605\n")),
                                           coach="Sanne")
    assert result.updated == 1
    with db.session(database_url) as s:
        p = tracking.find_prospect(s, tracking.actor(s), "K-5")
        assert (p.next_step, p.state) == ("bellen", "benaderen") and p.next_daypart is not None


# 5. A coach name with % or _ is a name, not a pattern.

@pytest.mark.parametrize("name", ["%", "_____", "s%", "sann_"])
def test_find_coach_does_not_treat_wildcards_as_patterns(tmp_path: Path, name: str) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    with db.session(url) as s:
        tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld")
        assert tracking.actor(s, "sanne").coach_id is not None
        with pytest.raises(NotFoundError):
            tracking.actor(s, name)


def test_find_coach_by_first_name_with_underscore(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    with db.session(url) as s:
        tracking.add_coach(s, tracking.actor(s), "Sa_ne Voorbeeld")
        tracking.add_coach(s, tracking.actor(s), "Sanne Testcoach")
        assert tracking.actor(s, "sa_ne").name == tracking.actor(s, "Sa_ne Voorbeeld").name


# 6. A CSV file that mixes UTF-8 and Windows-1252 is refused, not garbled.

@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("naam\nZoë\nRené\n".encode(), "Zoë"),
        ("naam\nZoë\nRené\n".encode("cp1252"), "Zoë"),
        (b"\xef\xbb\xbf" + "naam\nZoë\n".encode(), "Zoë"),
    ],
    ids=["utf8", "cp1252", "utf8-bom"],
)
def test_csv_decoding(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "lijst.csv"
    path.write_bytes(data)
    assert [r.values["naam"] for r in tabular.read_rows(path)][0] == expected


@pytest.mark.parametrize(
    ("data", "line"),
    [
        ("naam\nZoë\n".encode() + "René\n".encode("cp1252"), 3),
        ("naam\n".encode("cp1252") + "Jeroen\nRené\n".encode("cp1252") + "Zoë\n".encode(), 3),
        (b"\xef\xbb\xbf" + "naam\nZoë\n".encode() + "René\n".encode("cp1252"), 3),
        (b"naam\nAnna\nBo\x81\n", 3),
    ],
    ids=["utf8-then-cp1252", "cp1252-then-utf8", "bom-then-cp1252", "byte-in-neither"],
)
def test_csv_with_mixed_encodings_names_the_first_bad_line(tmp_path: Path, data: bytes, line: int) -> None:
    path = tmp_path / "lijst.csv"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        list(tabular.read_rows(path))
    assert f"Regel {line} bevat tekens die we niet kunnen lezen. Sla het bestand op als UTF-8." in str(caught.value)
    assert "lijst.csv" in str(caught.value)


# 7. One builder of message values, used by follow-ups and `outreach messages schedule`.

def test_message_values_are_the_follow_up_values(tmp_path: Path) -> None:
    from outreach.tracking.followups import _values

    url = f"sqlite:///{tmp_path / 'x.db'}"
    two_coaches(url, tmp_path)
    with db.session(url) as s:
        pid, mobile, values, days = tracking.message_values(s, tracking.actor(s, "Sanne"), "K-1")
        p = s.get(Prospect, pid)
        assert p is not None and values == _values(p)
        assert (mobile, days, values["voornaam"], values["coach_voornaam"]) == ("+31612345601", "ma,di,wo,do,vr", "Fatima", "Sanne")
        with pytest.raises(NotFoundError):
            tracking.message_values(s, tracking.actor(s, "Bram"), "K-1")


def test_messages_schedule_uses_tracking_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from outreach.cli import main

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("OUTREACH_DATABASE_URL", url)
    monkeypatch.setenv("OUTREACH_SEND_WINDOW", "off")
    two_coaches(url, tmp_path)
    assert main(["messages", "schedule", "gemist-gesprek", "--prospect", "K-1", "--as", "Sanne"]) == 0
    out = capsys.readouterr().out
    assert "Hallo Fatima" in out and "Groet, Sanne" in out and "06 12 34 56 99" in out
    assert main(["messages", "schedule", "gemist-gesprek", "--prospect", "K-1", "--as", "Bram"]) == 2


# 9. Two coaches logging at once lose nothing on SQLite too (the default).

def test_two_coaches_logging_at_once_lose_nothing_on_sqlite(tmp_path: Path) -> None:
    """Real threads: Sanne and Bram each log for their own person, the office logs for Sanne's at the same time."""
    url = f"sqlite:///{tmp_path / 'x.db'}"
    two_coaches(url, tmp_path)
    with db.session(url) as s:
        admin = tracking.actor(s)
        tracking.find_prospect(s, admin, "K-2").coach_id = tracking.actor(s, "Bram").coach_id
    with db.session(url) as s:
        for ref in ("K-1", "K-2"):
            tracking.log_attempt(s, tracking.actor(s), ref, "flyer-bezorgd", at=clock.now() - timedelta(days=30))
    per_thread, errors = 10, []
    barrier = threading.Barrier(3)

    def work(coach: str | None, ref: str) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                with db.session(url) as s:
                    tracking.log_attempt(s, tracking.actor(s, coach), ref, "terugbellen", note=f"{coach} {i}",
                                         at=clock.now() - timedelta(days=29, minutes=i))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    jobs = [("Sanne Voorbeeld", "K-1"), ("Bram Testcoach", "K-2"), (None, "K-1")]
    threads = [threading.Thread(target=work, args=job) for job in jobs]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    with db.session(url) as s:
        for ref, logged_by in (("K-1", 2), ("K-2", 1)):
            p = tracking.find_prospect(s, tracking.actor(s), ref)
            n = s.scalar(select(func.count()).select_from(Attempt).where(Attempt.prospect_id == p.id))
            assert n == 1 + logged_by * per_thread
            assert p.version == n and p.calls == logged_by * per_thread and p.reached  # every log counted once
        coaches = set(s.scalars(select(Attempt.recorded_by).where(Attempt.recorded_by.startswith("coach:"))))
        assert coaches == {tracking.actor(s, c).name for c in ("Sanne", "Bram")}
