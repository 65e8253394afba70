"""Import, log, due lists, access per coach, privacy: on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from clock_helpers import earlier
from sqlalchemy import func, select

from outreach import db, tracking
from outreach.errors import ConflictError, InputError, NotFoundError
from outreach import clock
from outreach.tracking.models import Appointment, Attempt, AuditEntry, Prospect

DEMO = Path(tracking.__file__).parent / "demo" / "prospects.csv"
CSV = """klantnummer;voornaam;achternaam;adres;postcode;woonplaats;wijk;telefoon;bsn
K-1;Fatima;Voorbeeld;Lindelaan 1;5038 AB;Tilburg;Noord;06-12345601;999999999
K-2;Jan;Proefpersoon;Beukenstraat 2;5038ab;Tilburg;Zuid;013-5430012;
K-3;Anna;de Testers;Eikenhof 3;5038 AD;Tilburg;Noord;06-1234567;
K-4;Kees;Fictief;Eikenhof 4;5038 AD;Tilburg;Zuid;06-12345604;
"""


def setup(url: str, tmp_path: Path, text: str = CSV) -> Path:
    path = tmp_path / "lijst.csv"
    path.write_text(text, encoding="utf-8")
    with earlier(), db.session(url) as s:
        admin = tracking.actor(s)
        tracking.add_coach(s, admin, "Sanne Voorbeeld", phone="06-12345699")
        tracking.add_coach(s, admin, "Bram Testcoach", phone="013-5430099", working_days="ma,di,wo,do,vr")
        tracking.import_prospects(s, admin, path, coach="Sanne Voorbeeld")
    return path


def count(url: str, model: type) -> int:
    with db.session(url) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_import_validates_and_is_idempotent(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text(CSV, encoding="utf-8")
    with db.session(database_url) as s:
        tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld")
        result = tracking.import_prospects(s, tracking.actor(s), path, coach="sanne")
    assert (result.added, result.updated, result.unchanged) == (3, 0, 0)
    assert [p.line for p in result.problems] == [4] and "telefoon" in str(result.problems[0])
    assert result.ignored_columns == ["bsn"]
    with db.session(database_url) as s:
        k1, k2 = s.scalars(select(Prospect).where(Prospect.client_number.in_(["K-1", "K-2"])).order_by(Prospect.client_number))
        assert (k1.phone, k1.mobile, k2.phone, k2.mobile, k2.postcode) == ("+31612345601", "+31612345601", "+31135430012", None, "5038 AB")
        assert (k1.state, k1.next_step) == ("nieuw", "flyer")
    audits = count(database_url, AuditEntry)
    with db.session(database_url) as s:
        again = tracking.import_prospects(s, tracking.actor(s), path, coach="Sanne Voorbeeld")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    assert count(database_url, AuditEntry) == audits  # nothing changed, nothing recorded
    path.write_text(CSV.replace("06-12345604", "06-12345699"), encoding="utf-8")
    with db.session(database_url) as s:
        changed = tracking.import_prospects(s, tracking.actor(s), path, coach="Sanne Voorbeeld")
    assert (changed.added, changed.updated, changed.unchanged) == (0, 1, 2)
    with db.session(database_url) as s:
        trail = [e.fields or "" for e in s.scalars(select(AuditEntry))]
    assert "phone,mobile" in trail
    assert not any(secret in f for f in trail for secret in ("Fatima", "0612", "+316", "Lindelaan", "999999999"))


def test_import_is_one_transaction(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    path = tmp_path / "lijst.csv"
    path.write_text(CSV, encoding="utf-8")
    with pytest.raises(NotFoundError):
        with db.session(url) as s:
            tracking.import_prospects(s, tracking.actor(s), path, coach="Niemand")
    assert count(url, Prospect) == 0


@pytest.mark.parametrize("mode", ["round-robin", "by-neighbourhood"])
def test_assignment(tmp_path: Path, mode: str) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    with db.session(url) as s:
        admin = tracking.actor(s)
        tracking.add_coach(s, admin, "Sanne Voorbeeld", neighbourhoods="Noord")
        tracking.add_coach(s, admin, "Bram Testcoach")
        result = tracking.import_prospects(s, admin, DEMO, assign=mode)
    assert result.added == 12 and len(result.problems) == 2
    with db.session(url) as s:
        rows = s.execute(select(Prospect.neighbourhood, Prospect.coach_id)).all()
    per_coach = {c: sum(1 for _, x in rows if x == c) for _, c in rows}
    if mode == "round-robin":
        assert sorted(per_coach.values()) == [6, 6]
    else:
        hoods: dict[str, set[int]] = {}
        for hood, coach in rows:
            hoods.setdefault(hood, set()).add(coach)
        assert all(len(c) == 1 for c in hoods.values())  # one neighbourhood, one coach


def test_log_due_and_history(database_url: str, tmp_path: Path) -> None:
    setup(database_url, tmp_path)
    ago = clock.now() - timedelta(days=20)
    with db.session(database_url) as s:
        sanne = tracking.actor(s, "Sanne Voorbeeld")
        for ref in ("K-1", "K-2", "K-4"):
            tracking.log_attempt(s, sanne, ref, "flyer-bezorgd", at=ago)
        tracking.log_attempt(s, sanne, "K-1", "geen-gehoor", at=ago + timedelta(days=3, hours=1), note="Geen voicemail")
        logged = tracking.log_attempt(s, sanne, "K-4", "afspraak-gemaakt", at=ago + timedelta(days=3),
                                      appointment_at=clock.now() + timedelta(days=10), place="Buurthuis")
    assert logged.status.step == "brief" and logged.appointment is not None
    far = clock.today() + timedelta(days=60)
    with db.session(database_url) as s:
        due = tracking.due_calls(s, tracking.actor(s, "Sanne Voorbeeld"), on=far)
        history = tracking.prospect_history(s, tracking.actor(s), "K-1")
    assert [d.client_number for d in due][:3] == ["K-4", "K-2", "K-1"] or due[0].overdue_days >= due[-1].overdue_days
    assert all(due[i].due <= due[i + 1].due for i in range(len(due) - 1))
    assert [a.outcome for a in history.attempts] == ["flyer-bezorgd", "geen-gehoor"]
    assert history.prospect.calls == 1 and history.prospect.next_step == "bellen"
    assert history.names[history.attempts[0].recorded_by] == "Sanne Voorbeeld"
    with db.session(database_url) as s:
        appointment = s.scalar(select(Appointment))
        assert appointment is not None and appointment.place == "Buurthuis" and appointment.status == "gepland"


def test_due_order_overdue_first_then_fewest_attempts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    setup(url, tmp_path)
    now = clock.now()
    with db.session(url) as s:
        sanne = tracking.actor(s, "Sanne")
        for p in s.scalars(select(Prospect)):
            p.next_step = "bellen"
        k1, k2, k4 = (tracking.find_prospect(s, sanne, r) for r in ("K-1", "K-2", "K-4"))
        k1.next_due, k1.calls = now.date() - timedelta(days=1), 3
        k2.next_due, k2.calls = now.date() - timedelta(days=5), 3
        k4.next_due, k4.calls = now.date() - timedelta(days=1), 1
    with db.session(url) as s:
        due = tracking.due_calls(s, tracking.actor(s, "Sanne"), on=now.date())
    assert [d.client_number for d in due] == ["K-2", "K-4", "K-1"]
    assert due[0].overdue_days == 5


def test_a_coach_sees_only_their_own_people(database_url: str, tmp_path: Path) -> None:
    setup(database_url, tmp_path)
    with db.session(database_url) as s:
        bram = tracking.actor(s, "Bram Testcoach")
        with pytest.raises(NotFoundError):
            tracking.prospect_history(s, bram, "K-1")
        with pytest.raises(NotFoundError):
            tracking.log_attempt(s, bram, "K-1", "geen-gehoor")
        with pytest.raises(InputError, match="alleen"):
            tracking.due_calls(s, bram, coach="Sanne Voorbeeld")
        assert tracking.due_calls(s, bram, on=clock.today() + timedelta(days=30)) == []
        assert tracking.funnel(s, bram).total.total == 0
        assert tracking.funnel(s, tracking.actor(s, "Sanne")).total.total == 3
        with pytest.raises(InputError):
            tracking.purge(s, bram)


@pytest.mark.parametrize(
    ("ref", "code", "kwargs", "match"),
    [
        ("K-1", "gebeld", {}, "geen bekende uitkomst"),
        ("K-99", "geen-gehoor", {}, "staat niet in uw lijst"),
        ("K-1", "afspraak-gemaakt", {}, "datum en tijd"),
        ("K-1", "geen-gehoor", {"at": "future"}, "toekomst"),
        ("K-1", "niet-thuis", {"channel": "sms"}, "past niet"),
    ],
)
def test_bad_log_changes_nothing(database_url: str, tmp_path: Path, ref: str, code: str, kwargs: dict, match: str) -> None:
    setup(database_url, tmp_path)
    if kwargs.get("at") == "future":
        kwargs = {"at": clock.now() + timedelta(days=1)}
    with pytest.raises(InputError, match=match):
        with db.session(database_url) as s:
            tracking.log_attempt(s, tracking.actor(s), ref, code, **kwargs)
    assert count(database_url, Attempt) == 0


def test_coach_names_are_unique(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    with db.session(url) as s:
        tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld")
        with pytest.raises(ConflictError):
            tracking.add_coach(s, tracking.actor(s), "sanne  voorbeeld")
        with pytest.raises(InputError, match="werkdagen"):
            tracking.add_coach(s, tracking.actor(s), "Piet Proef", working_days="maandag,zondagmiddag,xx")


def test_export_erase_and_purge(database_url: str, tmp_path: Path) -> None:
    setup(database_url, tmp_path)
    old = clock.now() - timedelta(days=800)
    with db.session(database_url) as s:
        admin = tracking.actor(s)
        tracking.log_attempt(s, admin, "K-1", "geen-interesse", at=old, note="Wil nu niet")
        tracking.log_attempt(s, admin, "K-1", "geen-interesse", at=old + timedelta(days=31))
        tracking.log_attempt(s, admin, "K-1", "geen-interesse", at=old + timedelta(days=62))
        tracking.log_attempt(s, admin, "K-2", "afspraak-gemaakt", at=clock.now() - timedelta(hours=1),
                             appointment_at=clock.now() + timedelta(days=3), place="Thuis")
        data = tracking.export_prospect(s, admin, "K-2")
    assert data["persoon"]["voornaam"] == "Jan" and data["afspraken"][0]["plek"] == "Thuis"
    assert data["pogingen"][0]["uitkomst"] == "afspraak-gemaakt"
    english = {"prospect", "first_name", "attempts", "outcome", "exported_at", "created_at", "recorded_by"}

    def keys(value: object) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        return {k for v in value for k in keys(v)} if isinstance(value, list) else set()

    assert not keys(data) & english  # 18.17: the person reads Dutch keys
    assert len(data["persoon"]) == len([c for c in Prospect.__table__.columns if c.key not in ("version", "client_key")])
    with db.session(database_url) as s:
        before = tracking.funnel(s, tracking.actor(s)).total
        pid = tracking.erase_prospect(s, tracking.actor(s), "K-2")
    with db.session(database_url) as s:
        p = s.get(Prospect, pid)
        assert p is not None and p.first_name is None and p.client_number is None and p.phone is None
        assert s.scalar(select(Appointment.place).where(Appointment.prospect_id == pid)) is None
        after = tracking.funnel(s, tracking.actor(s)).total
        with pytest.raises(NotFoundError):
            tracking.prospect_history(s, tracking.actor(s), "K-2")
    assert (after.total, after.approached, after.appointment) == (before.total, before.approached, before.appointment)
    with db.session(database_url) as s:
        dry = tracking.purge(s, tracking.actor(s), dry_run=True)
        assert len(dry.ids) == 1
        done = tracking.purge(s, tracking.actor(s))
    with db.session(database_url) as s:
        k1 = s.get(Prospect, done.ids[0])
        assert k1 is not None and k1.last_name is None and k1.closed_reason == "geen-interesse"
        assert all(a.note is None for a in s.scalars(select(Attempt).where(Attempt.prospect_id == k1.id)))
        assert tracking.funnel(s, tracking.actor(s)).total.declined == 2  # K-1 declined, K-2 erased while open


def test_funnel_by_coach_and_neighbourhood(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    setup(url, tmp_path)
    with db.session(url) as s:
        tracking.log_attempt(s, tracking.actor(s), "K-1", "flyer-bezorgd")
        tracking.log_attempt(s, tracking.actor(s), "K-1", "afspraak-gemaakt", appointment_at=clock.now() + timedelta(days=2))
        by_hood = tracking.funnel(s, tracking.actor(s), by="neighbourhood")
        by_coach = tracking.funnel(s, tracking.actor(s), by="coach")
    assert [r.group for r in by_hood.rows] == ["Noord", "Zuid", "Totaal"]
    assert (by_hood.rows[0].total, by_hood.rows[0].appointment, by_hood.rows[0].reached) == (1, 1, 1)
    assert by_coach.caseload == {"Bram Testcoach": 0, "Sanne Voorbeeld": 3}
    assert [(r.group, r.total) for r in by_coach.rows] == [("Sanne Voorbeeld", 3), ("Totaal", 3)]  # named by id
    assert by_coach.calls_to_appointment["0"] == 0 and by_coach.calls_to_appointment["1"] == 1


def test_two_coaches_logging_at_once_lose_nothing(postgres_url: str, tmp_path: Path) -> None:
    """Real threads on PostgreSQL: every attempt is stored and the summary counts all of them."""
    setup(postgres_url, tmp_path)
    with db.session(postgres_url) as s:
        tracking.log_attempt(s, tracking.actor(s), "K-4", "flyer-bezorgd", at=clock.now() - timedelta(days=30))
    per_thread, errors = 12, []
    barrier = threading.Barrier(2)

    def work(who: str) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                with db.session(postgres_url) as s:
                    tracking.log_attempt(s, tracking.actor(s, who), "K-4", "terugbellen", note=f"{who} {i}",
                                         at=clock.now() - timedelta(days=29, minutes=i))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(name,)) for name in ("Sanne Voorbeeld", None)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    with db.session(postgres_url) as s:
        p = tracking.find_prospect(s, tracking.actor(s), "K-4")
        n = s.scalar(select(func.count()).select_from(Attempt).where(Attempt.prospect_id == p.id))
        assert n == 1 + 2 * per_thread
        assert p.version == n  # every log bumped the lock column once
        assert p.reached and p.calls == 2 * per_thread


def test_import_fingerprint_covers_every_field() -> None:
    from outreach.tracking.importer import _FINGERPRINT, _clean

    data = _clean({"klantnummer": "K-1", "voornaam": "Anna", "postcode": "5038 AB", "telefoon": "06-12345678"})
    assert sorted(data) == sorted(_FINGERPRINT)
