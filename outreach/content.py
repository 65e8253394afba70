"""Turn a content kind (templates, pictograms, readability) into the folders that hold it.

The built-in folders sit at the top of a checkout and inside the installed wheel
(`outreach/_content/`); a user's own folder (OUTREACH_CONTENT_DIR) comes first, so a file
there overrides the built-in file of the same name while the rest stays available.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Literal

from . import config

Kind = Literal["templates", "pictograms", "readability"]

_PACKAGE = Path(__file__).resolve().parent


def builtin_dir(kind: Kind) -> Path:
    """The built-in folder of `kind`: inside the wheel, or at the top of the checkout."""
    installed = _PACKAGE / "_content" / kind
    return installed if installed.is_dir() else _PACKAGE.parent / kind


def user_dir(kind: Kind) -> Path | None:
    """The user's own folder of `kind`, if OUTREACH_CONTENT_DIR names one that has it."""
    root = config.get("OUTREACH_CONTENT_DIR")
    if root and (Path(root).expanduser() / kind).is_dir():
        return Path(root).expanduser() / kind
    return None


def search_path(kind: Kind) -> list[Path]:
    """Folders to look in for `kind`, the user's own first."""
    return [p for p in (user_dir(kind), builtin_dir(kind)) if p is not None]


def inside(folder: Path, name: str) -> Path | None:
    """`folder / name` when it stays inside `folder` (no absolute path, no '..', no symlink out)."""
    relative = Path(name)
    if not name or relative.is_absolute() or ".." in relative.parts or "\\" in name or "\x00" in name:
        return None
    candidate = folder / relative
    try:
        if not candidate.resolve().is_relative_to(folder.resolve()):
            return None
    except (OSError, RuntimeError):
        return None
    return candidate


def find(kind: Kind, name: str) -> Path | None:
    """The first file called `name` on the search path of `kind`, or None.

    `name` is relative to the folder and never leads out of it: an absolute path, '..' or a
    symbolic link pointing elsewhere finds nothing.
    """
    for folder in search_path(kind):
        candidate = inside(folder, name)
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def write_atomic(path: Path, text: str) -> None:
    """Write `path`: a temporary file beside it, fsync, rename (never half a file, also on a full disk)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".schrijven-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
