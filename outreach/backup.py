"""Turn the database and the data folder into one backup file, and such a file back into an empty place.

One tar.gz holds a manifest, the database and the files of the data folder (recordings, keys,
template versions) and of the content folder's `fotos/` (the logo and coaches' photos):

    outreach-backup.json     {"format": 1, "kind": "sqlite" | "postgresql", "made": "..."}
    database/outreach.db     SQLite: an online backup (sqlite3's backup API), safe while the app runs
    database/outreach.pgdump PostgreSQL: `pg_dump --format=custom` (the command is shown to the user)
    data/...                 the data folder, without the database, lock files and caches
    content/fotos/...        the content folder's photos, when OUTREACH_CONTENT_DIR is set

`restore` refuses a data folder or database that is not empty. It never uses tarfile's own
extraction: each member must be a regular file under one of those names (no absolute paths,
no `..`, no links), at most MAX_MEMBERS members and MAX_TOTAL bytes in all, and is copied by
its declared size into place. A restored database is then migrated to the newest schema.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from . import clock, config, db, privatefiles
from .errors import InputError, Where
from .texts import t

MANIFEST = "outreach-backup.json"
MAX_MEMBERS = 200_000
MAX_TOTAL = 50 * 1024**3  # bytes unpacked
SKIPPED = (".outreach.lock",)  # in the data folder: not data
SKIPPED_FOLDERS = ("render-places", "sjabloonversies")  # locks, and a cache made again from the database
CHUNK = 1024 * 1024


@dataclass
class Outcome:
    """What `backup` or `restore` did: the commands it ran (PostgreSQL) and what it holds."""

    file: Path
    commands: list[str] = field(default_factory=list)
    people: int = 0
    users: int = 0
    files: int = 0


def _sqlite_path(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    if not url.startswith("sqlite"):
        return None
    name = make_url(url).database
    return Path(name) if name and name != ":memory:" else None


def _data_files(skip: set[Path]) -> list[tuple[Path, str]]:
    """(file, name in the archive) of the data folder and the content folder's photos."""
    found: list[tuple[Path, str]] = []
    roots = [(config.data_dir(), "data")]
    content = config.get("OUTREACH_CONTENT_DIR")
    if content:
        roots.append((Path(content).expanduser() / "fotos", "content/fotos"))
    for root, prefix in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            inside = path.relative_to(root)
            if inside.parts[0] in SKIPPED_FOLDERS and prefix == "data":
                continue
            if path.is_file() and not path.is_symlink() and path.name not in SKIPPED and path.resolve() not in skip:
                found.append((path, f"{prefix}/{inside.as_posix()}"))
    return found


def _pg(url: str, tool: str, *args: str) -> str:
    """Run pg_dump or pg_restore on the database at `url` (password through the environment); the command as shown."""
    from sqlalchemy.engine import make_url

    where = make_url(url)
    command = [tool, f"--host={where.host or 'localhost'}", f"--port={where.port or 5432}",
               f"--username={where.username or os.environ.get('USER', 'postgres')}", f"--dbname={where.database}", *args]
    env = {**os.environ, **({"PGPASSWORD": where.password} if where.password else {})}
    if shutil.which(tool) is None:
        raise InputError(t("cli.backup.tool_missing", tool=tool, package="postgresql-client"))
    done = subprocess.run(command, env=env, capture_output=True)
    if done.returncode != 0:  # its message may quote the database's rows: not shown; the command (no password) is
        raise InputError(t("cli.backup.tool_failed", tool=tool, command=shlex.join(command)))
    return shlex.join(command)


def backup(target: Path, url: str | None = None) -> Outcome:
    """Write the database and the data folder's files to `target` (a new file)."""
    url = url or db.database_url()
    if target.exists():
        raise InputError(t("cli.backup.exists"), Where(file=str(target)))
    db.engine(url)  # a wrong address: the usual Dutch error; an older database: migrated first
    outcome = Outcome(target)
    sqlite_file = _sqlite_path(url)
    skip = {p.resolve() for p in ([sqlite_file, sqlite_file.with_name(sqlite_file.name + "-wal"),
                                   sqlite_file.with_name(sqlite_file.name + "-shm")] if sqlite_file else [])}
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".outreach-backup-") as work:
        if sqlite_file is not None:
            dump, kind = Path(work) / "outreach.db", "sqlite"
            source, copy = sqlite3.connect(sqlite_file), sqlite3.connect(dump)
            try:
                source.backup(copy)  # a consistent copy while the web app keeps writing
            finally:
                copy.close()
                source.close()
        else:
            dump, kind = Path(work) / "outreach.pgdump", "postgresql"
            outcome.commands.append(_pg(url, "pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"))
        manifest = Path(work) / MANIFEST
        manifest.write_text(json.dumps({"format": 1, "kind": kind, "made": clock.utcnow().isoformat()}))
        partial = Path(work) / "backup.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest, MANIFEST)
            archive.add(dump, f"database/{dump.name}")
            for path, name in _data_files(skip):
                if Path(work).resolve() in path.resolve().parents:  # a backup written into the data folder: not itself
                    continue
                archive.add(path, name, recursive=False)
                outcome.files += 1
        os.chmod(partial, privatefiles.FILE_MODE)
        os.replace(partial, target)
    return outcome


def _checked(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    """The archive's files, each checked: a regular file under a known name, all within the bounds."""
    files, total = [], 0
    for count, member in enumerate(archive, 1):
        if count > MAX_MEMBERS:
            raise InputError(t("cli.backup.too_big", most=f"{MAX_MEMBERS} bestanden"))
        path = PurePosixPath(member.name)
        if member.isdir() and not path.is_absolute() and ".." not in path.parts:
            continue
        known = member.name == MANIFEST or (len(path.parts) > 1 and path.parts[0] in ("data", "database", "content"))
        if not member.isfile() or path.is_absolute() or ".." in path.parts or not known or "\x00" in member.name:
            raise InputError(t("cli.backup.bad_member", name=member.name[:100]))
        total += member.size
        if total > MAX_TOTAL:
            raise InputError(t("cli.backup.too_big", most=f"{MAX_TOTAL // 1024**3} GB"))
        files.append(member)
    return files


def _copy(source: IO[bytes], size: int, target: Path) -> None:
    """Copy exactly `size` bytes (the member's declared size) into a new private file."""
    privatefiles.make_dir(target.parent)
    with open(target, "xb") as out:
        left = size
        while left > 0:
            chunk = source.read(min(CHUNK, left))
            if not chunk:
                break
            out.write(chunk)
            left -= len(chunk)
    os.chmod(target, privatefiles.FILE_MODE)


def _empty_database(url: str, sqlite_file: Path | None) -> bool:
    if sqlite_file is not None:
        return not sqlite_file.exists() or sqlite_file.stat().st_size == 0
    from sqlalchemy import create_engine, inspect

    eng = create_engine(url)
    try:
        return not inspect(eng).get_table_names()
    finally:
        eng.dispose()


def restore(source: Path, url: str | None = None) -> Outcome:
    """Put the backup `source` into an empty data folder and an empty database."""
    url = url or db.database_url()
    sqlite_file = _sqlite_path(url)
    data = config.data_dir()
    own = {sqlite_file.resolve()} if sqlite_file else set()
    if data.is_dir() and any(p.name not in SKIPPED and p.resolve() not in own for p in data.iterdir()):
        raise InputError(t("cli.backup.folder_not_empty", folder=str(data)))
    if not _empty_database(url, sqlite_file):
        raise InputError(t("cli.backup.database_not_empty"))
    try:
        archive = tarfile.open(source, "r:gz")
    except (OSError, tarfile.TarError, EOFError):
        raise InputError(t("cli.backup.not_backup"), Where(file=str(source))) from None
    outcome, written = Outcome(source), list[Path]()
    try:
        _unpack(archive, source, url, sqlite_file, outcome, written)
        _count(url, outcome)
    except BaseException:  # nothing half-restored: the place is empty again, ready for another try
        if sqlite_file is not None:
            written += [sqlite_file.with_name(sqlite_file.name + suffix) for suffix in ("-wal", "-shm")]
        for path in written:
            path.unlink(missing_ok=True)
        for folder in sorted((p for p in data.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
            if not any(folder.iterdir()):  # made by this restore: the folder was empty
                folder.rmdir()
        raise
    return outcome


def _unpack(archive: tarfile.TarFile, source: Path, url: str, sqlite_file: Path | None, outcome: Outcome,
            written: list[Path]) -> None:
    """Copy the checked members into place (adding each file to `written`); PostgreSQL: pg_restore the dump."""
    data, content = config.data_dir(), config.get("OUTREACH_CONTENT_DIR")
    with archive, tempfile.TemporaryDirectory(prefix="outreach-restore-") as work:
        try:
            members = _checked(archive)
            found = {m.name: m for m in members}
            manifest = found.get(MANIFEST)
            if manifest is None or manifest.size > 10_000:
                raise InputError(t("cli.backup.not_backup"), Where(file=str(source)))
            info = json.loads(archive.extractfile(manifest).read())  # type: ignore[union-attr]
            kind, now = info.get("kind") if isinstance(info, dict) else None, "sqlite" if sqlite_file else "postgresql"
            if kind not in ("sqlite", "postgresql"):
                raise InputError(t("cli.backup.not_backup"), Where(file=str(source)))
            if kind != now:
                raise InputError(t("cli.backup.other_kind", kind=kind, now=now))
            dump = found.get("database/outreach.db" if kind == "sqlite" else "database/outreach.pgdump")
            if dump is None:
                raise InputError(t("cli.backup.not_backup"), Where(file=str(source)))
            for member in members:
                parts = PurePosixPath(member.name).parts
                if member is dump:
                    target = sqlite_file if sqlite_file is not None else Path(work) / "outreach.pgdump"
                    target.unlink(missing_ok=True)  # an empty file the app made is no database
                elif parts[0] == "data":
                    target = data.joinpath(*parts[1:])
                elif parts[:2] == ("content", "fotos") and content and len(parts) > 2:
                    target = Path(content).expanduser().joinpath("fotos", *parts[2:])
                    if target.exists():  # the content folder is the user's: never overwritten
                        continue
                else:
                    continue
                written.append(target)
                _copy(archive.extractfile(member), member.size, target)  # type: ignore[arg-type]
                outcome.files += parts[0] != "database"
        except (tarfile.TarError, EOFError, OSError, ValueError):
            raise InputError(t("cli.backup.not_backup"), Where(file=str(source))) from None
        if sqlite_file is None:
            outcome.commands.append(_pg(url, "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                                        "--single-transaction", str(Path(work) / "outreach.pgdump")))


def _count(url: str, outcome: Outcome) -> None:
    """People and users in the restored database (migrated to the newest schema first)."""
    from sqlalchemy import func, select, table

    with db.session(url) as s:
        outcome.people = s.scalar(select(func.count()).select_from(table("tracking_prospects"))) or 0
        outcome.users = s.scalar(select(func.count()).select_from(table("web_accounts"))) or 0
