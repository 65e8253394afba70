"""Turn personal data into files and folders that only their owner can read (0600, 0700).

The data folder, the SQLite database with its -wal and -shm files (SQLite gives those the
database file's mode), GDPR exports, reports and merged letters hold names, addresses and
phone numbers. The command line runs with umask 077 (`owner_only()`), so everything it
creates is private, also what WeasyPrint, matplotlib and SQLite write; the library writes
its own files through `write_text`/`write_bytes` and creates the database file 0600.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


@contextmanager
def owner_only() -> Iterator[None]:
    """Create every file and folder in the block readable by the owner only (umask 077)."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def make_dir(path: Path) -> Path:
    """`path` as a folder; one created here is 0700."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    return path


def tighten(path: Path) -> None:
    """Make an existing file of ours 0600 (a database made by an older version was 0644)."""
    try:
        if path.exists() and path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
            path.chmod(FILE_MODE)
    except OSError:
        pass


def create(path: Path) -> None:
    """Create `path` empty with mode 0600 if it does not exist (before SQLite opens it)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        tighten(path)


def save(path: Path | str, data: bytes) -> Path:
    """Write `data` to `path`, 0600 also when the file existed with a wider mode; OSError as it comes."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as out:
        os.fchmod(out.fileno(), FILE_MODE)
        out.write(data)
    return path


def write_bytes(path: Path | str, data: bytes) -> Path:
    """Write `data` to `path`, 0600 also when the file existed with a wider mode."""
    from .errors import InputError, Where, os_reason
    from .texts import t

    path = Path(path)
    try:
        save(path, data)
    except OSError as exc:
        raise InputError(t("cli.cannot_write", error=os_reason(exc)), Where(file=str(path))) from None
    return path


def write_text(path: Path | str, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))
