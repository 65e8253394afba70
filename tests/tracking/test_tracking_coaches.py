"""Coaches: no Sunday-only coach, edit what was wrong, deactivate and hand the people over."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from outreach import db, tracking
from outreach.cli import main
from outreach.errors import InputError
from outreach.tracking.models import Prospect

LIST = "klantnummer;voornaam;postcode\n" + "".join(f"K-{i};Naam{i};5038 AB\n" for i in range(1, 7))


@pytest.mark.parametrize("days", ["zo", "zondag", "zo,zo"])
def test_a_sunday_only_coach_is_refused(database_url: str, days: str) -> None:
    with pytest.raises(InputError, match="zondag"):
        with db.session(database_url) as s:
            tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld", working_days=days)
    with db.session(database_url) as s:
        tracking.add_coach(s, tracking.actor(s), "Sanne Voorbeeld")
    with pytest.raises(InputError, match="zondag"):
        with db.session(database_url) as s:
            tracking.edit_coach(s, tracking.actor(s), "Sanne", working_days="zo")


def test_edit_and_deactivate(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text(LIST, encoding="utf-8")
    with db.session(database_url) as s:
        admin = tracking.actor(s)
        for name in ("Sanne Voorbeeld", "Bram Testcoach", "Özlem Yılmaz"):
            tracking.add_coach(s, admin, name)
        tracking.import_prospects(s, admin, path, coach="Sanne")
        bram = tracking.find_coach(s, "Bram")
        s.execute(Prospect.__table__.update().where(Prospect.client_number == "K-6").values(coach_id=bram.id))
    with db.session(database_url) as s:
        coach = tracking.edit_coach(s, tracking.actor(s), "Sanne", working_days="ma,wo", phone="06-12345699", neighbourhoods="Noord")
        assert (coach.working_days, coach.phone, coach.neighbourhoods) == ("ma,wo", "+31612345699", "Noord")
        assert tracking.edit_coach(s, tracking.actor(s), "Sanne", phone="").phone is None
        done = tracking.deactivate_coach(s, tracking.actor(s), "Sanne")
    assert done.moved == {"Özlem Yılmaz": 3, "Bram Testcoach": 2} and done.left == []
    with db.session(database_url) as s:
        assert not tracking.find_coach(s, "Sanne").active
        assert s.scalar(select(Prospect).where(Prospect.coach_id == tracking.find_coach(s, "Sanne").id)) is None
        assert [c.coach.name for c in tracking.list_coaches(s, tracking.actor(s)) if c.caseload == 3] == ["Bram Testcoach", "Özlem Yılmaz"]


def test_the_last_coach_lists_the_people_left(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text(LIST, encoding="utf-8")
    assert main(["coaches", "add", "Sanne Voorbeeld", "--days", "zo"]) == 2
    assert "zondag" in capsys.readouterr().err
    assert main(["coaches", "add", "Sanne Voorbeeld"]) == 0
    assert main(["prospects", "import", str(path), "--coach", "Sanne"]) == 0
    assert main(["coaches", "edit", "sanne voorbeeld", "--days", "di,do", "--whatsapp", "06-12345699"]) == 0
    assert "di,do" in capsys.readouterr().out
    assert main(["coaches", "deactivate", "Sanne"]) == 0
    out = capsys.readouterr().out
    assert "K-1, K-2" in out and "geen actieve coach" in out
    assert main(["coaches", "activate", "sanne"]) == 0  # back again: the people nobody took are hers again
    assert "doet weer mee" in capsys.readouterr().out
    with db.session() as s:
        [load] = tracking.list_coaches(s, tracking.actor(s))
        assert load.coach.active and load.caseload == 6
        with pytest.raises(InputError):
            tracking.activate_coach(s, tracking.actor(s, "Sanne"), "Sanne")  # a coach cannot do this


@pytest.mark.parametrize(("args", "message"), [
    (["calls", "log", "K-1", "geen-gehoor", "--at", "9999-12-31T23:59-12:00"], "tussen 2000 en 2100"),
    (["calls", "log", "K-1", "geen-gehoor", "--at", "0001-01-01"], "tussen 2000 en 2100"),
    (["calls", "due", "--date", "9999-12-31"], "tussen 2000 en 2100"),
    (["calls", "log", "K-1", "afspraak-gemaakt", "--appointment", "2029-01-01 10:00"], "meer dan een jaar"),
    (["messages", "cancel", "99999999999999999999"], "--help"),
    (["messages", "list", "--prospect", "99999999999999999999"], "staat niet in uw lijst"),
    (["messages", "schedule", "gemist-gesprek", "--prospect", "99999999999999999999", "--to", "0612345678"], "Fout"),
    (["messages", "schedule", "gemist-gesprek", "--prospect", "K-1", "--at", "9999-12-31T23:59-12:00"], "tussen 2000 en 2100"),
])
def test_out_of_range_input_is_a_dutch_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text(LIST, encoding="utf-8")
    assert main(["coaches", "add", "Sanne Voorbeeld"]) == 0
    assert main(["prospects", "import", str(path), "--coach", "Sanne"]) == 0
    capsys.readouterr()
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and "Er ging iets mis" not in err


def test_coach_counts_come_from_one_pass_over_a_covering_index(database_url: str, tmp_path: Path) -> None:
    """Beheer's coaches page at 100,000 people: open and due per coach in one query the index answers alone."""
    from datetime import timedelta

    from sqlalchemy import event

    from outreach import clock

    path = tmp_path / "lijst.csv"
    path.write_text(LIST, encoding="utf-8")
    with db.session(database_url) as s:
        admin = tracking.actor(s)
        for name in ("Sanne Voorbeeld", "Bram Testcoach"):
            tracking.add_coach(s, admin, name)
        tracking.import_prospects(s, admin, path, coach="Sanne")
        s.execute(Prospect.__table__.update().where(Prospect.client_number == "K-6")
                  .values(next_due=clock.today() + timedelta(days=3)))
    with db.session(database_url) as s:
        seen: list[tuple[str, object]] = []
        engine = s.get_bind()
        listener = lambda *args: seen.append((args[2], args[3]))  # noqa: E731  (conn, cursor, statement, parameters, ...)
        event.listen(engine, "before_cursor_execute", listener)
        try:
            loads = {c.coach.name: (c.caseload, c.due_today) for c in tracking.list_coaches(s, tracking.actor(s))}
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        assert loads == {"Sanne Voorbeeld": (6, 5), "Bram Testcoach": (0, 0)}
        counting = [(q, p) for q, p in seen if "tracking_prospects" in q]
        assert len(counting) == 1, counting
        if database_url.startswith("sqlite"):  # no look-up per row: the index holds every column the count reads
            query, params = counting[0]
            plan = " ".join(str(row[-1]) for row in s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + query, params))
            assert "COVERING INDEX ix_tracking_prospects_caseload" in plan, plan
