"""Turn a template's Dutch text into checked, approved versions in other languages, and find the one a person gets.

A `Translation` row (web_translations) holds one template's text in one language: its title
and its plain body (the same blocks as the Dutch one, the same `((fields))`), the Dutch
version it translates (number and SHA-256 of the source) and a status: "concept" after an
import, "goedgekeurd" after a second person (role beheer or taaladviseur, never the one who
imported it) approved it. Its state is "verouderd" as soon as the live Dutch source differs
from the one it translates: `approved()` then returns None until a reviewer approves it
again against the new Dutch text. No machine translation: the text comes from people.

Translators get files (`files.py`: XLIFF 2.0 and PO) with one unit per block plus the title;
`store()` checks what comes back (`check_units`) and writes nothing unless everything fits.

Public API (used by the mail merge, letters and messages):
    approved(session, name, language, variant="html") -> Translation | None
    dutch(session, name, variant="html") -> Dutch
    state(session, row) -> "concept" | "goedgekeurd" | "verouderd"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import clock, content, db, languages
from ..db import Base, UtcDateTime
from ..errors import ConflictError, InputError, NotFoundError, OutreachError, Where
from ..texts import t
from . import plain, versions

CONCEPT, APPROVED, OUTDATED = "concept", "goedgekeurd", "verouderd"
STATES = (CONCEPT, APPROVED, OUTDATED)
REVIEWERS = ("beheer", "taaladviseur")  # roles that may approve a translation
FIRST_LETTER = "uitnodiging"  # the letter everyone gets first: "no version in their language" is about this one
TITLE = "titel"  # unit id of the title; blocks are "blok-1", "blok-2", ...
# How much longer than the Dutch a unit may get: translations run longer, the layout does not grow.
# The flyer is tight (one A4 side, fixed boxes); a letter can take a longer paragraph.
ROOM = {"flyer": (1.25, 10), "letter": (1.6, 40), "sms": (1.4, 10), "whatsapp": (1.6, 20)}
ROOM_DEFAULT = (1.5, 20)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # control characters; bidi marks (U+200F, U+2066-2069) are fine
# Code in a text: Jinja ({{ }}, {% %}, {# #}) and HTML tags. A translation keeps exactly the Dutch one's, adds none:
# a translator's file must never bring code into a template.
_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|</?[A-Za-z][^<>]*>|[{}<>]", re.S)
MAX_TEXT = 5000  # characters of one unit, whatever its kind
# A field of the plain format: ((veld)), or ((veld??tekst)) whose text shows only when veld has a value.
FIELD = re.compile(r"\(\(\s*([a-z][a-z0-9_]*)\s*(?:\?\?(.*?))?\)\)", re.S)


class Translation(Base):
    """One template's text in one language, linked to the Dutch version it translates."""

    __tablename__ = "web_translations"
    __table_args__ = (UniqueConstraint("name", "variant", "language", name="uq_web_translations_language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(90), index=True)
    variant: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(8))  # languages.code: 'ar', 'ti', 'fa-AF'
    dutch_number: Mapped[int] = mapped_column(Integer)  # TemplateVersion.number; 0: the built-in file
    dutch_hash: Mapped[str] = mapped_column(String(64))  # versions.digest of the Dutch source it translates
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)  # plain text: the translated blocks, a blank line between them
    status: Mapped[str] = mapped_column(String(20))  # concept | goedgekeurd (verouderd is derived: see state)
    imported_by: Mapped[int | None] = mapped_column(Integer)  # web_accounts.id; None from the command line
    imported_by_name: Mapped[str] = mapped_column(String(100))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    approved_by: Mapped[int | None] = mapped_column(Integer)
    approved_by_name: Mapped[str | None] = mapped_column(String(100))
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    @property
    def blocks(self) -> list[str]:
        return plain.blocks(self.body)

    @property
    def digest(self) -> str:
        """What a reviewer saw: approving names it, so a text uploaded meanwhile is not approved unseen."""
        return versions.digest("\x1f".join((self.language, self.title, self.body)))


@dataclass(frozen=True)
class Dutch:
    """The live Dutch text of a template, cut into the units a translator gets."""

    name: str
    variant: str
    number: int  # 0: the built-in file
    hash: str
    kind: str
    title: str
    blocks: tuple[str, ...]

    @property
    def units(self) -> dict[str, str]:
        """Unit id -> Dutch text: the title first, then each block."""
        return {TITLE: self.title, **{f"blok-{i}": text for i, text in enumerate(self.blocks, 1)}}

    @property
    def fields(self) -> list[str]:
        return plain.fields("\n\n".join(self.units.values()))


def dutch(session: Session, name: str, variant: str = "html") -> Dutch:
    """The live Dutch version of `name` (the database's, else the built-in file); NotFoundError if none."""
    from .templates import VARIANTS, check_name, parse_front_matter

    check_name(name)
    if variant not in VARIANTS:
        raise NotFoundError(t("documents.bad_template_name", name=variant[:60]))
    row = versions.newest(session, name, variant, versions.LIVE)
    if row is not None:
        source, number = row.source, row.number
    else:
        path = content.find("templates", f"{name}.{variant}.j2")
        if path is None:
            raise NotFoundError(t("translations.no_template", name=name))
        source, number = path.read_text(encoding="utf-8"), 0
    meta, body = parse_front_matter(source, f"{name}.{variant}.j2")
    subject = str(meta.get("subject") or "").strip()  # a letter's subject line: its translated part starts with it
    blocks = ([f"# {subject}"] if subject else []) + plain.blocks(body)
    return Dutch(name, variant, number, versions.digest(source), str(meta.get("kind", "letter")),
                 str(meta.get("title", "")), tuple(blocks))


def translatable(session: Session) -> list[Dutch]:
    """The live Dutch text of every template (database and content folders) that a translator can get."""
    from .templates import template_names

    found = []
    for full in template_names():
        name, _, variant = full.rpartition(".")
        try:
            found.append(dutch(session, name, variant))
        except OutreachError:  # a broken file: the studio shows it; a translator cannot use it
            continue
    return found


def state(session: Session, row: Translation, current: Dutch | None = None) -> str:
    """concept, goedgekeurd, or verouderd when the live Dutch text is no longer the one it translates."""
    try:
        current = current or dutch(session, row.name, row.variant)
    except OutreachError:  # gone or broken: nothing to translate against
        return OUTDATED
    return OUTDATED if current.hash != row.dutch_hash else row.status


def approved(session: Session, name: str, language: str, variant: str = "html") -> Translation | None:
    """The approved, up-to-date translation of `name` into `language`, or None (then the Dutch text only)."""
    if not languages.needs_translation(language):
        return None
    row = session.scalars(select(Translation).where(Translation.name == name, Translation.variant == variant,
                                                    Translation.language == language,
                                                    Translation.status == APPROVED)).first()
    if row is None:
        return None
    try:
        current = dutch(session, name, variant)
    except OutreachError:  # gone or broken: the letter itself reports that, the Dutch text only here
        return None
    return row if current.hash == row.dutch_hash else None


def approved_languages(session: Session, name: str, variant: str = "html") -> set[str]:
    """The languages `name` has an approved, up-to-date translation in."""
    try:
        current = dutch(session, name, variant)
    except OutreachError:
        return set()
    rows = session.execute(select(Translation.language, Translation.dutch_hash).where(
        Translation.name == name, Translation.variant == variant, Translation.status == APPROVED))
    return {str(lang) for lang, hash_ in rows if hash_ == current.hash}


def listing(session: Session) -> list[tuple[Translation, str]]:
    """Every translation with its state, by template and language."""
    rows = list(session.scalars(select(Translation).order_by(Translation.name, Translation.variant,
                                                             Translation.language)))
    currents: dict[tuple[str, str], Dutch | None] = {}
    out = []
    for row in rows:
        key = (row.name, row.variant)
        if key not in currents:
            try:
                currents[key] = dutch(session, *key)
            except OutreachError:
                currents[key] = None
        current = currents[key]
        out.append((row, OUTDATED if current is None or current.hash != row.dutch_hash else row.status))
    return out


def room(kind: str, source: str) -> int:
    """The most characters a translation of `source` may have in a template of this kind."""
    ratio, slack = ROOM.get(kind, ROOM_DEFAULT)
    return min(MAX_TEXT, int(len(source) * ratio) + slack)


def _start(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= 40 else words[:40] + "…"


def field_keys(text: str) -> list[str]:
    """Each field of a text as a translation must keep it: ((veld)) whole, ((veld??…)) with its text translated."""
    return [f"(({m.group(1)}??…))" if m.group(2) is not None else f"(({m.group(1)}))" for m in FIELD.finditer(text)]


def check_units(source: Dutch, units: dict[str, str]) -> list[str]:
    """Every problem of translated units against the Dutch ones, in Dutch, each naming the unit and its Dutch start."""
    problems: list[str] = []
    wanted = source.units
    for unit in units:
        if unit not in wanted:
            problems.append(t("translations.unit_unknown", template=source.name, unit=unit[:40]))
    for unit, dutch_text in wanted.items():
        where = t("translations.unit_where", template=source.name, unit=unit, start=_start(dutch_text))
        text = units.get(unit)
        if text is None or not text.strip():
            problems.append(t("translations.unit_missing", where=where))
            continue
        if unit != TITLE and len(plain.blocks(text)) != 1:
            problems.append(t("translations.unit_split", where=where))
        if unit == TITLE and "\n" in text.strip():
            problems.append(t("translations.title_lines", where=where))
        if _CONTROL.search(text):
            problems.append(t("translations.unit_control", where=where))
        theirs_code, ours_code = _CODE.findall(text), _CODE.findall(dutch_text)  # in order, compared as multisets
        if sorted(theirs_code) != sorted(ours_code):
            extra = [c for c in theirs_code if c not in ours_code]
            gone = [c for c in ours_code if c not in theirs_code]
            changed = (extra or gone or ours_code)[0]
            problems.append(t("translations.code_changed", where=where, code=changed[:40]))
        theirs, ours = field_keys(text), field_keys(dutch_text)
        missing = [f for f in ours if f not in theirs]
        added = [f for f in theirs if f not in ours]
        if len(missing) == 1 and len(added) == 1:
            problems.append(t("translations.field_renamed", where=where, old=missing[0], new=added[0]))
        else:
            problems.extend(t("translations.field_missing", where=where, field=f) for f in missing)
            problems.extend(t("translations.field_added", where=where, field=f) for f in added)
        most = room(source.kind, dutch_text)
        if len(text.strip()) > most:
            problems.append(t("translations.too_long", where=where, count=len(text.strip()), max=most))
    return problems


@dataclass(frozen=True)
class Incoming:
    """One template's translated units, as read from a translator's file."""

    name: str
    variant: str
    language: str
    dutch_number: int  # the Dutch version the file was made from
    units: dict[str, str]


class Refused(InputError):
    """A translated file that does not fit: every problem listed; nothing stored changed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(t("translations.refused", count=len(problems), first=problems[0]), Where(field="bestand"))
        self.issues = problems  # every problem, in Dutch (not `problems`: render.error_text reads that as errors)


MAX_PROBLEMS = 50


def store(session: Session, incoming: list[Incoming], account_id: int | None, account_name: str) -> list[Translation]:
    """Check every template of a translated file and store them all as concepts, or refuse all (Refused)."""
    problems: list[str] = []
    checked: list[tuple[Incoming, Dutch]] = []
    for item in incoming:
        try:
            source = dutch(session, item.name, item.variant)
        except OutreachError as exc:  # gone, or its file is broken
            problems.append(exc.message)
            continue
        if item.dutch_number != source.number:
            problems.append(t("translations.other_version", template=item.name, number=item.dutch_number,
                              current=source.number))
            continue
        problems.extend(check_units(source, item.units))
        checked.append((item, source))
    if problems:
        raise Refused(problems[:MAX_PROBLEMS])
    db.write_lock(session, "translations")  # two uploads of one language: one after the other, no clash
    now, stored = clock.now(), []
    for item, source in checked:
        row = session.scalars(select(Translation).where(Translation.name == item.name, Translation.variant == item.variant,
                                                        Translation.language == item.language)).first()
        if row is None:
            row = Translation(name=item.name, variant=item.variant, language=item.language)
            session.add(row)
        units = item.units
        row.dutch_number, row.dutch_hash = source.number, source.hash
        row.title = units[TITLE].strip()
        row.body = "\n\n".join(units[f"blok-{i}"].strip() for i in range(1, len(source.blocks) + 1))
        row.status, row.imported_by, row.imported_by_name, row.imported_at = CONCEPT, account_id, account_name[:100], now
        row.approved_by = row.approved_by_name = row.approved_at = None
        stored.append(row)
    session.flush()
    return stored


def find(session: Session, name: str, language: str, variant: str = "html") -> Translation:
    row = session.scalars(select(Translation).where(Translation.name == name, Translation.variant == variant,
                                                    Translation.language == language)).first()
    if row is None:
        raise NotFoundError(t("translations.not_found"))
    return row


def approve(session: Session, name: str, language: str, account_id: int | None, account_name: str,
            variant: str = "html", seen: str | None = None) -> Translation:
    """Approve a translation against the live Dutch text: never by the one who imported it (four eyes).

    `seen`: the digest of the text the reviewer read (the page sends it); another text: ConflictError.
    An out-of-date translation may be approved again when its units still fit the new Dutch text
    (same blocks, same fields, within the room): it then translates the new version.
    """
    db.write_lock(session, "translations")
    row = find(session, name, language, variant)
    if seen is not None and seen != row.digest:
        raise ConflictError(t("translations.changed"))
    if account_id is not None and account_id == row.imported_by:
        raise ConflictError(t("translations.own_import"))
    source = dutch(session, name, variant)
    units = {TITLE: row.title, **{f"blok-{i}": text for i, text in enumerate(row.blocks, 1)}}
    problems = check_units(source, units)
    if problems:
        raise ConflictError(t("translations.no_longer_fits", first=problems[0]))
    row.dutch_number, row.dutch_hash = source.number, source.hash
    row.status, row.approved_by, row.approved_by_name, row.approved_at = APPROVED, account_id, account_name[:100], clock.now()
    session.flush()
    return row


__all__ = ["APPROVED", "CONCEPT", "OUTDATED", "Dutch", "Incoming", "Refused", "Translation", "approve", "approved",
           "approved_languages", "check_units", "dutch", "listing", "state", "store", "translatable"]
