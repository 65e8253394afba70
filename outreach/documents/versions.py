"""Turn each saved template source into a numbered version row, and the live version into a file letters load.

The database is the place of record for what the web app changes about templates: every save
is a `TemplateVersion` (name, variant, number, source, author, created_at, note, status) made
in one transaction. The live version of a template is its newest version that met its level
on saving ("voldoet") or that a literacy adviser approved ("goedgekeurd"); a "concept" is
never used for letters. The content folders stay the way to ship built-in templates and to
export these versions (`export`).

`live_path` gives the live version as a file, so the rest of `documents` (Jinja, front matter
inheritance, PDF assets) reads it like any template: the file is named after the source's
SHA-256 and the version's number (`<sha256>/<number>/<name>.<variant>.j2`) and written once
(temporary file, fsync, rename), so parallel requests never see a half-written file and never
need a lock. `number_in_path` reads the number back: every letter and message records the
version it was made from (`Template.version`).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from sqlalchemy import Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import clock, config, content, db
from ..content import write_atomic
from ..db import Base, UtcDateTime

DRAFT, PASSING, APPROVED = "concept", "voldoet", "goedgekeurd"
LIVE = (PASSING, APPROVED)


class TemplateVersion(Base):
    """One saved source of one template: who wrote it, when, why, and whether letters may use it."""

    __tablename__ = "web_template_versions"
    __table_args__ = (UniqueConstraint("name", "variant", "number", name="uq_web_template_versions_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(90), index=True)
    variant: Mapped[str] = mapped_column(String(20))
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, 3, ... per template
    source: Mapped[str] = mapped_column(Text)
    source_hash: Mapped[str] = mapped_column(String(64))
    author_id: Mapped[int | None] = mapped_column(Integer)  # web_accounts.id; None for an import from files
    author: Mapped[str] = mapped_column(String(100))  # the name shown in the history
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20))  # concept | voldoet | goedgekeurd
    approved_by: Mapped[int | None] = mapped_column(Integer)  # web_accounts.id of the adviser
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


def digest(source: str) -> str:
    """The SHA-256 of a template source (what an approval names)."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def add(session: Session, name: str, variant: str, source: str, status: str, author_id: int | None,
        author: str, note: str = "") -> TemplateVersion:
    """A new numbered version, numbered under a lock so two parallel saves never share a number."""
    db.write_lock(session, f"template:{name}.{variant}")
    last = session.scalar(select(TemplateVersion.number).where(TemplateVersion.name == name,
                                                                TemplateVersion.variant == variant)
                          .order_by(TemplateVersion.number.desc()).limit(1))
    if last is None:  # a template shipped as a file is version 1 (documents.Template.version): its first edit is 2
        last = 1 if content.find("templates", f"{name}.{variant}.j2") is not None else 0
    row = TemplateVersion(name=name, variant=variant, number=last + 1, source=source,
                          source_hash=digest(source), author_id=author_id, author=author[:100],
                          created_at=clock.now(), note=note, status=status)
    session.add(row)
    session.flush()
    return row


def newest(session: Session, name: str, variant: str, statuses: tuple[str, ...] | None = None) -> TemplateVersion | None:
    query = select(TemplateVersion).where(TemplateVersion.name == name, TemplateVersion.variant == variant)
    if statuses:
        query = query.where(TemplateVersion.status.in_(statuses))
    return session.scalars(query.order_by(TemplateVersion.number.desc()).limit(1)).first()


def by_number(session: Session, name: str, variant: str, number: int) -> TemplateVersion | None:
    if not 0 < number < 10**9:
        return None
    return session.scalars(select(TemplateVersion).where(
        TemplateVersion.name == name, TemplateVersion.variant == variant, TemplateVersion.number == number)).first()


def live_before(session: Session, name: str, variant: str, number: int) -> TemplateVersion | None:
    """The newest live version older than version `number` (what letters used before it), or None."""
    return session.scalars(select(TemplateVersion).where(
        TemplateVersion.name == name, TemplateVersion.variant == variant, TemplateVersion.number < number,
        TemplateVersion.status.in_(LIVE)).order_by(TemplateVersion.number.desc()).limit(1)).first()


def history(session: Session, name: str, variant: str) -> list[TemplateVersion]:
    query = select(TemplateVersion).where(TemplateVersion.name == name, TemplateVersion.variant == variant)
    return list(session.scalars(query.order_by(TemplateVersion.number.desc())))


def names(session: Session) -> list[tuple[str, str]]:
    """(name, variant) of every template with at least one version."""
    rows = session.execute(select(TemplateVersion.name, TemplateVersion.variant).distinct())
    return sorted((str(n), str(v)) for n, v in rows)


def is_approved_source(session: Session, name: str, variant: str, source: str) -> bool:
    found = session.scalar(select(TemplateVersion.id).where(
        TemplateVersion.name == name, TemplateVersion.variant == variant,
        TemplateVersion.source_hash == digest(source), TemplateVersion.status == APPROVED).limit(1))
    return found is not None


def write_once(path: Path, text: str) -> None:
    """Write `path` unless it exists (a file named by its content never changes)."""
    if not path.is_file():
        write_atomic(path, text)


def cache_dir() -> Path:
    """Where live versions are written as files for Jinja (one subfolder per source hash)."""
    return config.data_dir() / "sjabloonversies"


def as_file(name: str, variant: str, source: str, number: int = 0) -> Path:
    """The source of version `number` as `<cache>/<sha256>/<number>/<name>.<variant>.j2`, written once."""
    from ..errors import ContentError, Where
    from ..texts import t

    path = cache_dir() / digest(source)[:40] / str(max(0, int(number))) / f"{name}.{variant}.j2"
    try:
        write_once(path, source)
    except OSError:  # a full disk: a Dutch error, and never half a file (write_atomic)
        raise ContentError(t("documents.cannot_ready"), Where(file=path.name)) from None
    return path


def live_version(name: str, variant: str) -> tuple[int, str] | None:
    """(number, source) of the live version in the database, or None (no database, no version)."""
    url = db.place_of_record()
    if url is None:
        return None
    with db.session(url) as s:
        row = newest(s, name, variant, LIVE)
        return (row.number, row.source) if row else None


def live_source(name: str, variant: str) -> str | None:
    """The source of the live version in the database, or None (no database, no version)."""
    found = live_version(name, variant)
    return found[1] if found else None


def number_in_path(path: Path) -> int | None:
    """The version number of a file `live_path` wrote, or None for any other file (built-in, own folder)."""
    folder = path.parent
    if not folder.name.isdigit() or len(folder.name) > 9 or int(folder.name) < 1:
        return None
    try:
        inside = folder.parent.parent.resolve() == cache_dir().resolve()
    except OSError:
        return None
    return int(folder.name) if inside else None


def live_names() -> list[tuple[str, str]]:
    """(name, variant) of every template with a live version in the database."""
    url = db.place_of_record()
    if url is None:
        return []
    with db.session(url) as s:
        rows = s.execute(select(TemplateVersion.name, TemplateVersion.variant)
                         .where(TemplateVersion.status.in_(LIVE)).distinct())
        return sorted((str(n), str(v)) for n, v in rows)


def live_path(name: str, variant: str) -> Path | None:
    """The live version in the database as a file, or None: then the content folders decide."""
    found = live_version(name, variant)
    return as_file(name, variant, found[1], found[0]) if found is not None else None


def approved_in_store(name: str, variant: str, source: str) -> bool:
    url = db.place_of_record()
    if url is None:
        return False
    with db.session(url) as s:
        return is_approved_source(s, name, variant, source)


def export(session: Session, folder: Path) -> list[str]:
    """Write the live version of every template into `folder` (and the approved hashes); returns the files."""
    written, approved = [], {}
    for name, variant in names(session):
        row = newest(session, name, variant, LIVE)
        if row is None:
            continue
        file = f"{name}.{variant}.j2"
        write_atomic(folder / file, row.source)
        written.append(file)
        if row.status == APPROVED:
            approved[file] = row.source_hash
    if approved:
        from .drafts import APPROVED_FILE

        lines = "".join(f'"{k}" = "{v}"\n' for k, v in sorted(approved.items()))
        write_atomic(folder / APPROVED_FILE, lines)
        written.append(APPROVED_FILE)
    return written


__all__ = ["APPROVED", "DRAFT", "LIVE", "PASSING", "TemplateVersion", "add", "as_file", "by_number", "digest", "export",
           "history", "live_before", "live_path", "live_source", "live_version", "newest", "number_in_path", "write_atomic"]
