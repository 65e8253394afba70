"""Turn the user's changed templates into a review queue, and an adviser's decision into a recorded approval.

A template is in the queue while its newest version (`documents.versions`) has no decision
yet: never reviewed, or changed since. A literacy adviser approves it (the version becomes
the one real letters use, `documents.drafts.promote`; never by the one who wrote it) or sends
it back with a note that the editor shows. Each item carries the template's title and both
texts as people get them (the version letters use now, and the new one) with the changed
words marked (`versionpages.compared`): never the source, never a diff of it. Each decision is a row in `web_template_reviews` (who,
when, note, the SHA-256 and text of the source) and an audit entry (ids and field names only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import clock
from ..db import Base, UtcDateTime
from ..errors import FieldError, OutreachError, Where
from ..texts import t
from . import waivers
from .render import error_text
from .versionpages import compared

APPROVE, SEND_BACK = "goedgekeurd", "teruggestuurd"
MAX_NOTE = 2000


class TemplateReview(Base):
    """One decision of a literacy adviser about one version of one template."""

    __tablename__ = "web_template_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template: Mapped[str] = mapped_column(String(100), index=True)  # <name>.<variant>.j2
    decision: Mapped[str] = mapped_column(String(20))  # goedgekeurd | teruggestuurd
    source_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of the source decided on
    source: Mapped[str] = mapped_column(Text)  # that source, for the next diff
    note: Mapped[str] = mapped_column(Text, default="")
    account_id: Mapped[int] = mapped_column(Integer)  # web_accounts.id of the adviser
    at: Mapped[datetime] = mapped_column(UtcDateTime)


@dataclass
class Item:
    """One template waiting for a decision, with what the adviser needs to judge it."""

    name: str
    variant: str
    source: str
    hash: str
    draft: bool
    checked: Any  # documents.drafts.Checked, or None when the source does not render
    error: str | None
    comparison: dict[str, Any]  # versionpages.compared: both rendered texts, changed words marked, both verdicts
    author_id: int | None = None  # who wrote this version: they never approve it
    author: str = ""
    number: int = 0

    @property
    def file(self) -> str:
        return f"{self.name}.{self.variant}.j2"

    @property
    def title(self) -> str:
        """The template's title (front matter `title`), what the queue and the approval page show."""
        return str(self.comparison.get("title") or self.name)


def latest(session: Session, file: str, decision: str | None = None) -> TemplateReview | None:
    query = select(TemplateReview).where(TemplateReview.template == file)
    if decision:
        query = query.where(TemplateReview.decision == decision)
    return session.scalars(query.order_by(TemplateReview.id.desc()).limit(1)).first()


def before(session: Session, name: str, variant: str, number: int) -> str | None:
    """The text letters used before version `number`: the live version before it, else the file (own or built-in)."""
    from .. import content
    from ..documents import drafts, versions

    row = versions.live_before(session, name, variant, number) if number else None
    if row is not None:
        return row.source
    found = content.find("templates", drafts.filename(name, variant))
    return found.read_text(encoding="utf-8") if found else None


def queue(session: Session) -> list[Item]:
    """Every template of the user's folder whose current source has no decision yet."""
    from ..documents import drafts

    items = []
    from ..documents import versions

    for name, variant in drafts.own_templates(session):
        file = drafts.filename(name, variant)
        row = versions.newest(session, name, variant)
        draft = row is not None and row.status == versions.DRAFT
        source = row.source if row is not None else drafts.live_source(name, variant) or ""
        last = latest(session, file)
        if last is not None and last.source_hash == drafts.digest(source):
            continue
        checked, error = None, None
        try:
            checked = drafts.check(name, variant, source,
                                   waived=waivers.for_source(session, name, variant, drafts.digest(source)))
        except OutreachError as exc:
            error = error_text(exc)
        # a file in the user's folder never saved here is compared with the built-in text it replaces
        old = before(session, name, variant, row.number) if row is not None else drafts.builtin_source(name, variant)
        comparison = compared(name, variant, old, source, checked, error)
        items.append(Item(name, variant, source, drafts.digest(source), draft, checked, error,
                          comparison, row.author_id if row is not None else None,
                          row.author if row is not None else "", row.number if row is not None else 0))
    return items


def _record(session: Session, account_id: int, who: str, file: str, decision: str, source: str, note: str) -> int:
    from ..documents.drafts import digest
    from ..tracking.service import Actor, audit

    row = TemplateReview(template=file, decision=decision, source_hash=digest(source), source=source,
                         note=note, account_id=account_id, at=clock.now())
    session.add(row)
    session.flush()
    audit(session, Actor(who[:100]), "approve" if decision == APPROVE else "send_back", "template", row.id,
          names=["decision", "note", "source_hash"])
    return row.id


def _note(note: str, required: bool) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise FieldError(t("web.review_note_long", max=MAX_NOTE), Where(field="notitie"))
    if required and not note:
        raise FieldError(t("web.review_note_needed"), Where(field="notitie"))
    return note


def approve(session: Session, account_id: int, who: str, name: str, variant: str, expected: str,
            note: str = "") -> int:
    """Approve the source with hash `expected`: it becomes the template letters use. Returns the review id."""
    from ..documents import drafts

    note = _note(note, required=False)
    source = drafts.promote(session, name, variant, expected, account_id)
    return _record(session, account_id, who, drafts.filename(name, variant), APPROVE, source, note)


def send_back(session: Session, account_id: int, who: str, name: str, variant: str, expected: str,
              note: str) -> int:
    """Send the source with hash `expected` back with a note; it stays a draft. Returns the review id."""
    from ..documents import drafts
    from ..errors import ConflictError

    note = _note(note, required=True)
    source = drafts.editable_source(session, name, variant)
    if drafts.digest(source) != expected:
        raise ConflictError(t("documents.draft_changed"), Where(file=drafts.filename(name, variant)))
    return _record(session, account_id, who, drafts.filename(name, variant), SEND_BACK, source, note)


def returned_note(session: Session, name: str, variant: str, source: str) -> str | None:
    """The adviser's note when this very source was sent back (what the editor shows), else None."""
    from ..documents.drafts import digest, filename

    last = latest(session, filename(name, variant))
    if last is not None and last.decision == SEND_BACK and last.source_hash == digest(source):
        return last.note
    return None


def record_save(session: Session, who: str, name: str, variant: str, state: str) -> None:
    """The audit entry of a template saved in the editor (its file name is no personal data)."""
    from ..tracking.service import Actor, audit

    audit(session, Actor(who[:100]), "update", "template", None, names=[f"{name}.{variant}", state])
