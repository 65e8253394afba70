"""Turn a whole new content of a shared file into that file, safely under concurrent writers and a full disk.

A file that several requests or processes may write (an export such as a pictogram folder's
manifest.toml) is written whole: under an exclusive lock (`locked`), to a temporary file in
the same folder, flushed to disk (fsync) and renamed over the old one (`replace`). A reader
sees the old file or the new one, never half of one; a failed write leaves the old file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".outreach.lock"


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the folder's lock (one writer at a time, also across processes) for the block."""
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def replace(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Make `data` the content of `path` at once: temporary file, fsync, rename; OSError as it comes."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
            os.fchmod(out.fileno(), mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    try:  # the rename itself reaches the disk too
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError:
        pass


def once(path: Path, make: Callable[[], bytes], mode: int = 0o600) -> bytes:
    """The content of `path`, written whole by the first of several processes that need it (a key made on first use)."""
    if not path.exists():
        with locked(path.parent):  # web workers start at once: one writes, none reads half a file
            if not path.exists():
                replace(path, make(), mode)
    return path.read_bytes()
