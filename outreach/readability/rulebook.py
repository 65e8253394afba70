"""Turn the rule files and the rules added in the browser into a view for literacy advisers, and a form into a rule.

`rule_data()` lists the officialese words (built-in files, the user's files and the rules in
the database, merged) and the thresholds per level; `search` pages through them. The words a
literacy adviser adds, changes or switches off on the Regels page are rows of
`OfficialeseRule` in the database, changed in the caller's transaction (`save_rule`,
`remove_rule`); the files stay the way to ship rules, and `export_rules` writes the rows out.
The next check sees a change, because the profile cache is keyed by the database's rules too.

Every value is checked for its shape and its characters (`clean`): no control characters, no
bidirectional marks, no NUL, a bounded length; each error names the form field in Dutch.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import clock, db
from ..content import write_atomic
from ..db import Base, UtcDateTime
from ..errors import FieldError, NotFoundError, Where
from ..texts import t
from . import LEVELS

SEVERITIES = ("fail", "warn")
OFF = "uit"  # a built-in word switched off on the Regels page
MAX_PHRASE = 80
MAX_ALTERNATIVES = 10
MAX_ALTERNATIVE = 80
MAX_EXAMPLE = 300
PER_PAGE = 50
MAX_QUERY = 80


class OfficialeseRule(Base):
    """One officialese word added, changed or switched off in the browser."""

    __tablename__ = "web_officialese_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phrase: Mapped[str] = mapped_column(String(80), unique=True)  # lower case, single spaces
    severity: Mapped[str] = mapped_column(String(10))  # fail | warn | uit
    alternatives: Mapped[str] = mapped_column(Text)  # a JSON list of strings
    example: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)


@dataclass(frozen=True)
class OfficialeseEntry:
    phrase: str
    severity: str
    alternatives: list[str]
    example: str
    own: bool = False  # added or changed in the browser


@dataclass(frozen=True)
class RuleData:
    officialese: list[OfficialeseEntry]  # sorted by phrase
    thresholds: dict[str, dict[str, dict[str, Any]]]  # level -> section -> key -> value (for letters)


@dataclass(frozen=True)
class Page:
    entries: list[OfficialeseEntry]
    total: int
    number: int
    pages: int


def _bad_character(char: str) -> bool:
    """Control characters (NUL, U+007F), bidirectional marks (U+202E), unassigned and private ones."""
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn")


def clean(value: object, field: str, most: int, *, required: bool = True) -> str:
    """`value` as one line of plain text (spaces collapsed), else a Dutch FieldError naming `field`."""
    if not isinstance(value, str):
        raise FieldError(t("readability.rules_edit.not_text"), Where(field=field))
    if len(value) > most * 4:
        raise FieldError(t("readability.rules_edit.field_too_long", max=most), Where(field=field))
    if any(_bad_character(c) for c in value.replace("\n", " ").replace("\r", " ").replace("\t", " ")):
        raise FieldError(t("readability.rules_edit.bad_character"), Where(field=field))
    text = " ".join(unicodedata.normalize("NFC", value).split())
    if len(text) > most:
        raise FieldError(t("readability.rules_edit.field_too_long", max=most), Where(field=field))
    if required and not text:
        raise FieldError(t("readability.rules_edit.field_empty"), Where(field=field))
    return text


def parse_rule(phrase: object, alternatives: object, severity: object, example: object = "") -> dict[str, Any]:
    """The checked values of the Regels form: a word, its plain alternatives (one per line or comma), fail or warn."""
    if severity not in SEVERITIES:
        raise FieldError(t("readability.rules_edit.bad_severity"), Where(field="soort"))
    word = clean(phrase, "woord", MAX_PHRASE).lower()
    if any(c in word for c in "[]{}=\"#"):
        raise FieldError(t("readability.rules_edit.bad_character"), Where(field="woord"))
    if not isinstance(alternatives, str) or len(alternatives) > MAX_ALTERNATIVES * MAX_ALTERNATIVE * 4:
        raise FieldError(t("readability.rules_edit.field_too_long", max=MAX_ALTERNATIVES * MAX_ALTERNATIVE),
                         Where(field="alternatieven"))
    parts = [p for p in alternatives.replace(",", "\n").splitlines() if p.strip()]
    if len(parts) > MAX_ALTERNATIVES:
        raise FieldError(t("readability.rules_edit.too_many", max=MAX_ALTERNATIVES), Where(field="alternatieven"))
    alts = [clean(p, "alternatieven", MAX_ALTERNATIVE) for p in parts]
    sentence = clean(example, "voorbeeld", MAX_EXAMPLE, required=False)
    if not alts and not sentence:
        raise FieldError(t("readability.rules_edit.no_advice", phrase=word), Where(field="alternatieven"))
    return {"phrase": word, "severity": severity, "alternatives": alts, "example": sentence}


def stored_rules(session: Session) -> dict[str, tuple[str, list[str], str]]:
    """phrase -> (severity | 'uit', alternatives, example) of the rules in the database."""
    out = {}
    for row in session.scalars(select(OfficialeseRule)):
        try:
            alts = json.loads(row.alternatives)
        except ValueError:
            alts = []
        out[row.phrase] = (row.severity, [str(a) for a in alts] if isinstance(alts, list) else [], row.example)
    return out


def stamp() -> tuple[Any, ...]:
    """What changes whenever a rule in the place of record changes (for the profile cache)."""
    url = db.place_of_record()
    if url is None:
        return ()
    with db.session(url) as s:
        count, newest, top = s.execute(select(func.count(OfficialeseRule.id), func.max(OfficialeseRule.changed_at),
                                              func.max(OfficialeseRule.id))).one()
    return (url, count, str(newest), top) if count else ()


def database_rules(key: tuple[Any, ...]) -> dict[str, tuple[str, list[str], str]]:
    """The rules of the place of record named by `stamp()`'s `key` (empty for an empty key)."""
    if not key:
        return {}
    with db.session(key[0]) as s:
        return stored_rules(s)


def save_rule(session: Session, who: str, phrase: object, alternatives: object, severity: object,
              example: object = "", replaces: str | None = None) -> str:
    """Add or change one word (a changed word may get a new spelling: `replaces`); returns the phrase."""
    values = parse_rule(phrase, alternatives, severity, example)
    db.write_lock(session, "officialese-rules")
    if replaces and replaces != values["phrase"]:
        remove_rule(session, who, replaces)
    row = session.scalar(select(OfficialeseRule).where(OfficialeseRule.phrase == values["phrase"]))
    if row is None:
        row = OfficialeseRule(phrase=values["phrase"])
        session.add(row)
    row.severity, row.alternatives = values["severity"], json.dumps(values["alternatives"], ensure_ascii=False)
    row.example, row.author, row.changed_at = values["example"], who[:100], clock.now()
    session.flush()
    return str(values["phrase"])


def remove_rule(session: Session, who: str, phrase: str) -> None:
    """Stop checking a word: a row of the database goes, a built-in word is switched off."""
    from . import profile

    phrase = " ".join(str(phrase).lower().split())[:MAX_PHRASE]
    row = session.scalar(select(OfficialeseRule).where(OfficialeseRule.phrase == phrase))
    builtin = phrase in profile.file_officialese()
    if row is None and not builtin:
        raise NotFoundError(t("readability.rules_edit.unknown_word", phrase=phrase[:MAX_PHRASE]), Where(field="woord"))
    if not builtin:
        session.delete(row)
    else:
        if row is None:
            row = OfficialeseRule(phrase=phrase, alternatives="[]", example="")
            session.add(row)
        row.severity, row.author, row.changed_at = OFF, who[:100], clock.now()
    session.flush()


def rule_data(session: Session | None = None) -> RuleData:
    """The officialese list and the thresholds per level, as the next check will use them."""
    from . import profile

    words = profile.load("B1").officialese
    own = set(stored_rules(session)) if session is not None else set()
    entries = [OfficialeseEntry(p, sev, list(alts), ex, p in own) for p, (sev, alts, ex) in sorted(words.items())]
    thresholds = {level: profile.load(level).settings for level in LEVELS}
    return RuleData(entries, thresholds)


def search(entries: list[OfficialeseEntry], query: str, number: int) -> Page:
    """Page `number` (from 1) of the words whose word or alternatives contain `query`."""
    query = " ".join(query.lower().split())[:MAX_QUERY]
    found = [e for e in entries if not query or query in e.phrase
             or any(query in a.lower() for a in e.alternatives)]
    pages = max(1, -(-len(found) // PER_PAGE))
    number = min(max(1, number), pages)
    return Page(found[(number - 1) * PER_PAGE:number * PER_PAGE], len(found), number, pages)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def export_rules(session: Session, path: Path) -> int:
    """Write the rules of the database as an officialese.toml (atomic); returns how many words."""
    rules = stored_rules(session)
    lines = ["# Eigen ambtelijke woorden, toegevoegd op de pagina Regels.", ""]
    for severity in SEVERITIES:
        table = {p: v for p, v in rules.items() if v[0] == severity}
        if table:
            lines.append(f"[{severity}]")
            for phrase, (_, alts, example) in sorted(table.items()):
                listed = "[" + ", ".join(_quote(a) for a in alts) + "]"
                value = f"{{ alternatives = {listed}, example = {_quote(example)} }}" if example else listed
                lines.append(f"{_quote(phrase)} = {value}")
            lines.append("")
    write_atomic(path, "\n".join(lines))
    return sum(1 for v in rules.values() if v[0] in SEVERITIES)
