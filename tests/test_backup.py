"""`outreach backup` then `outreach restore` into an empty place gives the same data; a hostile archive is refused."""

from __future__ import annotations

import io
import sys
import tarfile
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from outreach import db
from outreach.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent / "web"))
from web_helpers import seed  # noqa: E402

SKIPPED_TABLES = {"web_limit_marks", "alembic_version"}


def _fill(url: str, tmp_path: Path) -> None:
    """People, users, attempts, a queued message and a saved template version."""
    from outreach.documents import versions
    from outreach.messaging.outbox import schedule
    from outreach.tracking import log_attempt
    from outreach.tracking.models import Coach, Prospect
    from outreach.tracking.service import Actor
    from outreach.web.users import add_user

    seed(url, tmp_path)
    with db.session(url) as s:
        add_user(s, "os:test", "Mira Communicatie", ["communicatie"], "geheim-wachtwoord")
        coach = s.scalars(select(Coach).where(Coach.name == "Sanne Voorbeeld")).one()
        log_attempt(s, Actor(f"coach:{coach.id}", coach.id), "K-1001", "geen-gehoor", channel="bellen")
        ruud = s.scalars(select(Prospect).where(Prospect.client_number == "K-1002")).one()
        schedule(s, prospect_id=ruud.id, purpose="herinnering:1", template="gemist-gesprek", channel="sms",
                 to="06-10000001", values={"voornaam": "Ruud", "coach_voornaam": "Sanne", "coach_telefoon": "06 12 34 56 78"},
                 due_at=datetime(2026, 12, 9, 9, 0, tzinfo=timezone.utc))
        versions.add(s, "uitnodiging", "html", "{% extends 'brief.html' %}", versions.DRAFT, None, "Mira")


def _rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (but the limiter's marks), in a fixed order."""
    eng = db.engine(url)
    out = {}
    with eng.connect() as connection:
        for name in sorted(set(inspect(eng).get_table_names()) - SKIPPED_TABLES):
            out[name] = sorted((tuple(row) for row in connection.execute(text(f'SELECT * FROM "{name}"'))), key=repr)
    return out


@pytest.fixture
def second_url(request: pytest.FixtureRequest, tmp_path: Path, database_url: str) -> Iterator[str]:
    """A second empty database of the same kind as `database_url`."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'terug' / 'outreach.db'}"
        return
    import psycopg

    server = request.getfixturevalue("postgres_server")
    admin, name = server.replace("postgresql+psycopg://", "postgresql://"), "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_gives_the_same_data(database_url: str, second_url: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "eigen"
    (content / "fotos").mkdir(parents=True)
    (content / "fotos" / "logo.jpg").write_bytes(b"\xff\xd8logo")
    monkeypatch.setenv("OUTREACH_CONTENT_DIR", str(content))
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("OUTREACH_DATABASE_URL", database_url)
    _fill(database_url, tmp_path)
    (tmp_path / "data" / "opnames").mkdir(parents=True)
    (tmp_path / "data" / "opnames" / "uitnodiging.mp3").write_bytes(b"ID3 opname")
    before = _rows(database_url)
    assert all(before[name] for name in ("tracking_prospects", "tracking_attempts", "messaging_outbox", "web_accounts",
                                         "web_template_versions"))
    assert main(["backup", str(tmp_path / "kopie.tar.gz")]) == 0
    made = capsys.readouterr().out
    assert "kopie.tar.gz" in made and ("pg_dump --host=" in made) == database_url.startswith("postgresql")

    (content / "fotos" / "logo.jpg").unlink()
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path / "leeg"))
    monkeypatch.setenv("OUTREACH_DATABASE_URL", second_url)
    assert main(["restore", str(tmp_path / "kopie.tar.gz")]) == 0
    assert "3 mensen" in capsys.readouterr().out
    assert _rows(second_url) == before
    assert (tmp_path / "leeg" / "opnames" / "uitnodiging.mp3").read_bytes() == b"ID3 opname"
    assert (tmp_path / "leeg" / "tracking-secret").read_bytes() == (tmp_path / "data" / "tracking-secret").read_bytes()
    assert (content / "fotos" / "logo.jpg").read_bytes() == b"\xff\xd8logo"
    assert main(["restore", str(tmp_path / "kopie.tar.gz")]) == 2  # not into a place that has data now
    assert "niet leeg" in capsys.readouterr().err


def _archive(path: Path, members: list[tuple[str, bytes, bytes]], manifest: bytes = b'{"format": 1, "kind": "sqlite"}') -> Path:
    """A tar.gz with (name, type, data) members; type tarfile.REGTYPE, SYMTYPE, ..."""
    with tarfile.open(path, "w:gz") as archive:
        for name, kind, data in [("outreach-backup.json", tarfile.REGTYPE, manifest), *members]:
            info = tarfile.TarInfo(name)
            info.type, info.size = kind, len(data) if kind == tarfile.REGTYPE else 0
            if kind == tarfile.SYMTYPE:
                info.linkname = "/etc/passwd"
            archive.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
    return path


@pytest.mark.parametrize("name, kind", [
    ("/etc/outreach.db", tarfile.REGTYPE),
    ("data/../../buiten.txt", tarfile.REGTYPE),
    ("data/link", tarfile.SYMTYPE),
    ("data/apparaat", tarfile.CHRTYPE),
    ("iets/anders.txt", tarfile.REGTYPE),
])
def test_a_hostile_archive_is_refused_and_writes_nothing(name: str, kind: bytes, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path / "leeg"))
    monkeypatch.setenv("OUTREACH_DATABASE_URL", f"sqlite:///{tmp_path / 'leeg' / 'outreach.db'}")
    source = _archive(tmp_path / "vals.tar.gz", [("data/eerst.txt", tarfile.REGTYPE, b"x"), (name, kind, b"boos")])
    assert main(["restore", str(source)]) == 2
    assert "niet terugzetten" in capsys.readouterr().err
    assert not any((tmp_path / "leeg").iterdir()) and not (tmp_path / "buiten.txt").exists()


def test_an_archive_past_the_size_bound_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from outreach import backup

    monkeypatch.setattr(backup, "MAX_TOTAL", 1000)
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path / "leeg"))
    monkeypatch.setenv("OUTREACH_DATABASE_URL", f"sqlite:///{tmp_path / 'leeg' / 'outreach.db'}")
    source = _archive(tmp_path / "groot.tar.gz", [("data/groot.bin", tarfile.REGTYPE, b"0" * 2000)])
    assert main(["restore", str(source)]) == 2
    assert "te groot" in capsys.readouterr().err


@pytest.mark.parametrize("data", [b"", b"geen archief", b"\x1f\x8b\x08\x00kapot"])
def test_a_file_that_is_no_backup_is_refused(data: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path / "leeg"))
    monkeypatch.setenv("OUTREACH_DATABASE_URL", f"sqlite:///{tmp_path / 'leeg' / 'outreach.db'}")
    (tmp_path / "x.tar.gz").write_bytes(data)
    assert main(["restore", str(tmp_path / "x.tar.gz")]) == 2
    assert "geen reservekopie" in capsys.readouterr().err


def test_backup_never_overwrites_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "kopie.tar.gz").write_bytes(b"oud")
    assert main(["backup", str(tmp_path / "kopie.tar.gz")]) == 2
    assert (tmp_path / "kopie.tar.gz").read_bytes() == b"oud" and "bestaat al" in capsys.readouterr().err


def test_the_embedded_set_up_restores_its_database_into_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No OUTREACH_DATABASE_URL: the SQLite file lives in the data folder, is left out of data/ and comes back there."""
    monkeypatch.delenv("OUTREACH_DATABASE_URL", raising=False)
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path / "data"))
    _fill(db.database_url(), tmp_path)
    before = _rows(db.database_url())
    assert main(["backup", str(tmp_path / "kopie.tar.gz")]) == 0
    with tarfile.open(tmp_path / "kopie.tar.gz") as archive:
        names = archive.getnames()
    assert "database/outreach.db" in names and not any(n.startswith("data/outreach.db") for n in names)
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path / "leeg"))
    assert main(["restore", str(tmp_path / "kopie.tar.gz")]) == 0
    assert db.database_url().endswith("leeg/outreach.db") and _rows(db.database_url()) == before


@pytest.mark.parametrize("manifest", [b"[]", b"{}", b'{"kind": "oracle"}', b"\xff", b'"tekst"'])
def test_a_backup_with_a_strange_manifest_is_refused(manifest: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path / "leeg"))
    monkeypatch.setenv("OUTREACH_DATABASE_URL", f"sqlite:///{tmp_path / 'leeg' / 'outreach.db'}")
    source = _archive(tmp_path / "x.tar.gz", [("database/outreach.db", tarfile.REGTYPE, b"")], manifest)
    assert main(["restore", str(source)]) == 2
    assert "geen reservekopie" in capsys.readouterr().err


def test_a_restore_that_fails_halfway_leaves_the_place_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A database file that is no database: its data files are taken away again, and a good backup goes in after."""
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path / "leeg"))
    monkeypatch.setenv("OUTREACH_DATABASE_URL", f"sqlite:///{tmp_path / 'leeg' / 'outreach.db'}")
    source = _archive(tmp_path / "x.tar.gz", [("data/opnames/a.mp3", tarfile.REGTYPE, b"ID3"),
                                              ("database/outreach.db", tarfile.REGTYPE, b"geen database" * 100)])
    assert main(["restore", str(source)]) == 2
    assert not [p for p in (tmp_path / "leeg").iterdir() if p.name != ".outreach.lock"]


def test_a_failing_pg_dump_says_so_with_its_command_and_no_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from outreach import backup
    from outreach.errors import InputError

    monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(InputError) as refused:
        backup._pg("postgresql+psycopg://outreach:geheim@127.0.0.1:1/nergens", "pg_dump", "--format=custom")
    assert "pg_dump --host=127.0.0.1 --port=1 --username=outreach --dbname=nergens" in str(refused.value)
    assert "geheim" not in str(refused.value)


def test_a_sqlite_backup_while_a_writer_holds_the_lock_has_what_was_committed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The online backup reads beside a running web app: a change not yet committed is not in it, and nothing waits."""
    import sqlite3

    monkeypatch.delenv("OUTREACH_DATABASE_URL", raising=False)
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path / "data"))
    _fill(db.database_url(), tmp_path)
    before = _rows(db.database_url())
    writer = sqlite3.connect(tmp_path / "data" / "outreach.db")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE tracking_prospects SET first_name = 'Half'")
    try:
        assert main(["backup", str(tmp_path / "kopie.tar.gz")]) == 0
    finally:
        writer.rollback()
        writer.close()
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path / "leeg"))
    assert main(["restore", str(tmp_path / "kopie.tar.gz")]) == 0
    assert _rows(db.database_url()) == before


def test_a_backup_written_into_the_data_folder_leaves_itself_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OUTREACH_DATABASE_URL", raising=False)
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path / "data"))
    _fill(db.database_url(), tmp_path)
    assert main(["backup", str(tmp_path / "data" / "kopie.tar.gz")]) == 0
    with tarfile.open(tmp_path / "data" / "kopie.tar.gz") as archive:
        names = archive.getnames()
    assert not any(".outreach-backup-" in n or n.endswith(".tar.gz") for n in names)
