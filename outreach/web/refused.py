"""Turn the rows an import refused into a private CSV to fix and upload again, gone after an hour.

The file lives under the data folder (0700, files 0600), named by a random id and the
account that imported, so only that account can fetch it; `clean` deletes files older than
one hour by `outreach.clock` (called on each import request). Cells go through the one CSV
writer (`tabular.write_rows`), so a formula in a cell is neutralised.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from .. import clock, config
from ..privatefiles import make_dir, owner_only, write_text

LIFETIME = timedelta(hours=1)
_ID = re.compile(r"^[A-Za-z0-9_-]{16}$")


def root() -> Path:
    return config.data_dir() / "web-import"


def rows_csv(source: Path, problems: Iterable[object]) -> str:
    """The refused rows of `source` with their columns and a last column 'probleem' (text of each problem)."""
    from ..tabular import read_rows, write_rows

    reasons: dict[int, list[str]] = {}
    for p in problems:
        reasons.setdefault(int(getattr(p, "line", 0)), []).append(str(getattr(p, "message", p)))
    rows = [row for row in read_rows(source) if row.line in reasons]
    columns = list(rows[0].values) if rows else []
    table: list[list[object]] = [[*columns, "probleem"]]
    table += [[*(row.values.get(c, "") for c in columns), " ".join(reasons[row.line])] for row in rows]
    return write_rows(table)


def save(owner: int, text: str) -> str:
    """Store `text` for account `owner`; the id to fetch it with."""
    file_id = secrets.token_urlsafe(12)
    with owner_only():
        folder = make_dir(root())
        write_text(folder / f"{owner}-{file_id}.csv", clock.utcnow().isoformat() + "\n" + text)
    return file_id


def load(owner: int, file_id: str) -> str | None:
    """The stored CSV, if `file_id` is this account's and not older than an hour."""
    if not _ID.match(file_id):
        return None
    try:
        made, _, text = (root() / f"{owner}-{file_id}.csv").read_bytes().decode("utf-8").partition("\n")
        if clock.utcnow() - datetime.fromisoformat(made) > LIFETIME:
            return None
    except (OSError, ValueError):
        return None
    return text


def clean(now: datetime | None = None) -> None:
    """Delete every stored file older than LIFETIME (or unreadable)."""
    now = now or clock.utcnow()
    folder = root()
    if not folder.is_dir():
        return
    for path in folder.glob("*.csv"):
        try:
            made = datetime.fromisoformat(path.read_text(encoding="utf-8").partition("\n")[0])
        except (OSError, ValueError):
            made = None
        if made is None or now - made > LIFETIME:
            path.unlink(missing_ok=True)
