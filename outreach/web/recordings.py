"""Turn an uploaded audio file into a stored recording of one template version: Opus and MP3 at speech quality.

Communicatie uploads MP3, M4A, WAV or OGG of at most 10 minutes and 50 MB. `ffprobe` (Debian's
ffmpeg) looks at the file BEFORE anything is converted or stored: only those four formats,
with a sound track, not too long. `ffmpeg` then writes a mono Opus file (24 kbit/s) and a
mono MP3 (48 kbit/s) without the file's metadata into the data folder (`opnames/`), and one
row of `web_recordings` points at them. A refused file changes nothing: no file, no row.
A new upload replaces the old recording; its files go once the new row is committed.
`web_switches` holds beheer's on/off settings for these pages (the personal appointment page).
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Boolean, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import clock, config
from ..db import Base, UtcDateTime
from ..errors import InputError
from ..texts import t

log = logging.getLogger("outreach.web")
MAX_BYTES = 50 * 1024 * 1024
MAX_SECONDS = 10 * 60
FORMATS = {"mp3", "mov", "mp4", "m4a", "wav", "ogg"}  # ffprobe's demuxer names of MP3, M4A, WAV and OGG
DEMUXERS = "mp3,mov,mp4,m4a,3gp,3g2,mj2,wav,ogg"  # the only demuxers ffprobe/ffmpeg may open: no playlists
PROBE_SECONDS, CONVERT_SECONDS = 20, 300
MEDIA = {"opus": "audio/ogg", "mp3": "audio/mpeg"}
PERSONAL_PAGES = "persoonlijke_pagina"


class Recording(Base):
    """The recording of one template version in one language: where its files are, how long it is."""

    __tablename__ = "web_recordings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(10), default="nl")
    stem: Mapped[str] = mapped_column(String(40))  # file names in opnames/: random, never the upload's name
    seconds: Mapped[int] = mapped_column(Integer)
    account_id: Mapped[int] = mapped_column(Integer)  # web_accounts.id of who uploaded it
    at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (UniqueConstraint("template", "version", "language", name="uq_web_recordings_template"),)


class Switch(Base):
    """One of beheer's on/off settings for the public pages."""

    __tablename__ = "web_switches"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    on: Mapped[bool] = mapped_column(Boolean, default=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime)


def is_on(session: Session, name: str) -> bool:
    found = session.get(Switch, name)
    return bool(found and found.on)


def switch(session: Session, name: str, on: bool) -> None:
    found = session.get(Switch, name)
    if found is None:
        session.add(Switch(name=name, on=on, at=clock.now()))
    else:
        found.on, found.at = on, clock.now()


@dataclass(frozen=True)
class Probed:
    format: str
    seconds: float


def folder() -> Path:
    """The data folder's opnames/, readable by its owner only."""
    path = config.data_dir() / "opnames"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def path_of(recording: Recording, kind: str) -> Path:
    return folder() / f"{recording.stem}.{kind}"


def find(session: Session, template: str, version: int, language: str = "nl") -> Recording | None:
    return session.scalar(select(Recording).where(Recording.template == template, Recording.version == version,
                                                  Recording.language == language))


def probe(path: Path) -> Probed:
    """The format and length of an audio file; InputError (Dutch) when it is not one we take."""
    command = ["ffprobe", "-v", "error", "-protocol_whitelist", "file", "-format_whitelist", DEMUXERS,
               "-show_entries", "format=format_name,duration:stream=codec_type", "-of", "json", str(path)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=PROBE_SECONDS, check=False)
        found = json.loads(done.stdout or b"{}") if done.returncode == 0 else {}
    except (OSError, subprocess.TimeoutExpired, ValueError):
        found = {}
    names = set(str(found.get("format", {}).get("format_name", "")).split(","))
    audio = any(s.get("codec_type") == "audio" for s in found.get("streams", []) if isinstance(s, dict))
    if not names & FORMATS or not audio:
        raise InputError(t("web.recording_not_audio"))
    try:
        seconds = float(found["format"]["duration"])
    except (KeyError, TypeError, ValueError):
        raise InputError(t("web.recording_not_audio")) from None
    if not 0 < seconds <= MAX_SECONDS:
        raise InputError(t("web.recording_too_long", minutes=MAX_SECONDS // 60))
    return Probed(",".join(sorted(names & FORMATS)), seconds)


def _convert(source: Path, stem: str) -> None:
    """Opus and MP3 of `source`'s first sound track, mono, at speech quality, without metadata."""
    target = folder()
    common = ["-map", "0:a:0", "-vn", "-sn", "-dn", "-map_metadata", "-1", "-ac", "1", "-t", str(MAX_SECONDS)]
    command = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-protocol_whitelist", "file",
               "-format_whitelist", DEMUXERS, "-i", str(source),
               *common, "-c:a", "libopus", "-b:a", "24k", "-application", "voip", "-f", "ogg",
               str(target / f"{stem}.opus.part"),
               *common, "-c:a", "libmp3lame", "-ar", "22050", "-b:a", "48k", "-f", "mp3",
               str(target / f"{stem}.mp3.part")]
    try:
        done = subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired):
        done = None
    if done is None or done.returncode != 0:
        _remove(stem, ".part")
        raise InputError(t("web.recording_not_audio"))
    for kind in MEDIA:
        os.replace(target / f"{stem}.{kind}.part", target / f"{stem}.{kind}")


def _remove(stem: str, suffix: str = "") -> None:
    for kind in MEDIA:
        try:
            (folder() / f"{stem}.{kind}{suffix}").unlink()
        except FileNotFoundError:
            pass


def store(session: Session, template: str, version: int, data: bytes, account_id: int,
          language: str = "nl") -> Recording:
    """Check, convert and record an upload for one template version; InputError (Dutch) changes nothing."""
    if len(data) > MAX_BYTES:
        raise InputError(t("web.upload_too_big", mb=MAX_BYTES // 1024 // 1024))
    if not data:
        raise InputError(t("web.recording_not_audio"))
    with tempfile.NamedTemporaryFile(dir=folder(), prefix=".upload-", suffix=".in") as upload:
        upload.write(data)
        upload.flush()
        probed = probe(Path(upload.name))
        stem = secrets.token_hex(16)
        _convert(Path(upload.name), stem)
    old = find(session, template, version, language)
    old_stem = old.stem if old else None
    try:
        if old is None:
            old = Recording(template=template, version=version, language=language)
            session.add(old)
        old.stem, old.seconds, old.account_id, old.at = stem, round(probed.seconds), account_id, clock.now()
        session.commit()
    except Exception:
        _remove(stem)
        raise
    if old_stem:
        _remove(old_stem)
    log.info("recording stored for %s-%d (%d s)", template, version, round(probed.seconds))
    return old


def delete_recording(session: Session, template: str, version: int, language: str = "nl") -> bool:
    """Remove a template version's recording (row first, then its files); False when there is none."""
    found = find(session, template, version, language)
    if found is None:
        return False
    stem = found.stem
    session.delete(found)
    session.commit()
    _remove(stem)
    return True
