"""Turn uploaded pictograms into database records (the place of record) and export them to the content folder.

Each upload is one row of `web_pictograms` (name, label, alt text, the checked SVG, who and
when), written in the upload's transaction. `export` then writes the content folder's files
from the database: each SVG and the folder's manifest.toml, under the folder's lock, each file
through a temporary file, fsync and rename. Entries someone wrote by hand in that manifest for
files that are not uploads stay as they were. Running `export` again repairs whatever a crash
or a full disk left behind, because it writes everything from the records.
"""

from __future__ import annotations

import json
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import clock
from ..db import Base, UtcDateTime


class PictogramRecord(Base):
    """One uploaded pictogram: its name, the texts people see and hear, and the checked SVG."""

    __tablename__ = "web_pictograms"

    name: Mapped[str] = mapped_column(String(41), primary_key=True)
    label: Mapped[str] = mapped_column(String(60))
    alt: Mapped[str] = mapped_column(String(200))
    svg: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime)


def save(session: Session, name: str, label: str, alt: str, svg: str, actor: str = "", *, replace: bool = False) -> None:
    """Add the record of pictogram `name` in `session`'s transaction (IntegrityError when it exists), or replace it."""
    record = session.get(PictogramRecord, name) if replace else None
    if record is None:
        session.add(PictogramRecord(name=name, label=label, alt=alt, svg=svg, actor=actor[:100], at=clock.now()))
    else:
        record.label, record.alt, record.svg, record.actor, record.at = label, alt, svg, actor[:100], clock.now()
    session.flush()


def export(session: Session, folder: Path) -> None:
    """Write every recorded pictogram's SVG and the manifest of `folder` from the records (see the module docstring)."""
    from .. import sharedfiles
    from .catalog import MANIFEST

    records = list(session.scalars(select(PictogramRecord).order_by(PictogramRecord.name)))
    with sharedfiles.locked(folder):
        for record in records:
            path = folder / f"{record.name}.svg"
            data = record.svg.encode("utf-8")
            if not path.is_file() or path.read_bytes() != data:
                sharedfiles.replace(path, data)
        manifest = folder / MANIFEST
        kept = _hand_written(manifest, {r.name for r in records})
        text = kept + "".join(f"\n[pictograms.{r.name}]\nlabel = {_quote(r.label)}\nalt = {_quote(r.alt)}\n"
                              for r in records)
        tomllib.loads(text)  # what we write must read back
        sharedfiles.replace(manifest, text.encode("utf-8"))


def _hand_written(manifest: Path, recorded: set[str]) -> str:
    """The manifest's set table and entries for files that are not uploads, as TOML; '' when none or unreadable."""
    if not manifest.is_file():
        return ""
    try:
        data: dict[str, Any] = tomllib.loads(manifest.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeError, tomllib.TOMLDecodeError):
        return ""  # a broken export is rewritten from the records
    lines: list[str] = []
    set_table = {k: v for k, v in data.items() if k not in ("pictograms",) and not isinstance(v, dict)}
    set_table.update(data.get("set", {}) if isinstance(data.get("set"), dict) else {})
    if set_table:
        lines.append("[set]")
        lines.extend(f"{_quote(k)} = {_value(v)}" for k, v in set_table.items())
    entries = data.get("pictograms", {}) if isinstance(data.get("pictograms"), dict) else {}
    for name, entry in entries.items():
        if name in recorded or not isinstance(entry, dict):
            continue
        lines.append(f"\n[pictograms.{_quote(name)}]")
        lines.extend(f"{_quote(k)} = {_value(v)}" for k, v in entry.items())
    return "\n".join(lines) + ("\n" if lines else "")


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _value(value: Any) -> str:
    """A TOML value for the manifest's own kinds: text, yes/no, lists of text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_quote(str(v)) for v in value) + "]"
    return _quote(str(value))
