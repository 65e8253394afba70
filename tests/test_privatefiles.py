"""Files with personal data are the owner's only: data folder 0700, database, -wal, -shm, exports 0600."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from outreach import config, db, privatefiles


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_command_line_creates_private_files(tmp_path: Path) -> None:
    data = tmp_path / "nieuw" / "data"
    env = {**os.environ, "OUTREACH_DATA_DIR": str(data)}
    lijst = tmp_path / "lijst.csv"
    lijst.write_text("klantnummer;voornaam;postcode\nK-1;Anna;5038 AB\n", encoding="utf-8")
    os.chmod(tmp_path, 0o755)
    for args in (["coaches", "add", "Sanne Voorbeeld"], ["prospects", "import", str(lijst), "--coach", "Sanne"],
                 ["prospects", "export", "K-1", "--out", str(tmp_path / "inzage.json")],
                 ["report", "funnel", "--format", "csv", "--out", str(tmp_path / "bereik.csv")],
                 ["report", "funnel", "--format", "png", "--out", str(tmp_path / "bereik.png")]):
        run = subprocess.run([sys.executable, "-c", "import os; os.umask(0o022); from outreach.cli import main; main()", *args],
                             env=env, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
    assert mode(data) == 0o700
    for name in ("outreach.db", "tracking-secret"):
        assert mode(data / name) == 0o600, name
    for name in ("inzage.json", "bereik.csv", "bereik.png"):
        assert mode(tmp_path / name) == 0o600, name


def test_the_library_creates_the_database_and_its_wal_private(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OUTREACH_DATA_DIR", str(tmp_path / "d"))
    old = os.umask(0o022)
    try:
        folder = config.data_dir()
        (folder / "old.db").write_bytes(b"")
        os.chmod(folder / "old.db", 0o644)
        for name in ("new.db", "old.db"):
            url = f"sqlite:///{folder / name}"
            with db.session(url) as s:
                s.execute(text("CREATE TABLE IF NOT EXISTS t (x)"))
                s.execute(text("INSERT INTO t VALUES (1)"))
                assert mode(folder / name) == 0o600 and mode(folder / f"{name}-wal") == 0o600
                assert mode(folder / f"{name}-shm") == 0o600
        privatefiles.write_text(folder / "export.json", "{}")
    finally:
        os.umask(old)
    assert mode(folder) == 0o700 and mode(folder / "export.json") == 0o600
