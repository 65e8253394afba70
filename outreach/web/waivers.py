"""Turn a literacy adviser's "not applicable here" on one finding of one template version into a stored waiver.

A waiver names the template (name and variant), the version (SHA-256 of its source, as
`documents.drafts.digest`), the finding (rule and its start and end in the checked text) and
the adviser's reason. A changed source has another digest, so its waivers no longer apply: the
adviser looks again. `for_source` gives the waivers in the form `readability.check(waived=...)`
takes; waived findings are shown greyed and count for nothing in score or verdict.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import clock
from ..db import Base, UtcDateTime
from ..errors import FieldError, Where
from ..texts import t

MAX_REASON = 500
MAX_OFFSET = 10_000_000  # a template source is at most 100,000 characters (drafts.MAX_SOURCE)


class FindingWaiver(Base):
    """One finding in one version of one template that a literacy adviser marked as not applicable."""

    __tablename__ = "web_finding_waivers"
    __table_args__ = (UniqueConstraint("template", "variant", "source_hash", "rule", "start", "end",
                                       name="uq_web_finding_waivers_template"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template: Mapped[str] = mapped_column(String(100), index=True)  # the template's name
    variant: Mapped[str] = mapped_column(String(20))
    source_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of the source the finding is in
    rule: Mapped[str] = mapped_column(String(40))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    account_id: Mapped[int] = mapped_column(Integer)  # web_accounts.id of the adviser
    at: Mapped[datetime] = mapped_column(UtcDateTime)


def for_source(session: Session, name: str, variant: str, source_hash: str) -> dict[tuple[str, int, int], str]:
    """(rule, start, end) -> reason for the waivers of this very version of the template."""
    rows = session.scalars(select(FindingWaiver).where(
        FindingWaiver.template == name, FindingWaiver.variant == variant, FindingWaiver.source_hash == source_hash))
    return {(r.rule, r.start, r.end): r.reason for r in rows}


def _offset(value: str, field: str) -> int:
    if not value.isdigit() or len(value) > 8 or int(value) > MAX_OFFSET:
        raise FieldError(t("web.waiver_bad_finding"), Where(field=field))
    return int(value)


def waive(session: Session, account_id: int, who: str, name: str, variant: str, source_hash: str,
          rule: str, start: str, end: str, reason: str) -> int:
    """Store that the finding (rule, start, end) of this version does not apply, with the reason; returns the id.

    FieldError (in Dutch, naming the field) when the reason is missing or too long or the finding
    is not one of this version's findings; the caller checks the version is the current one.
    """
    from ..tracking.service import Actor, audit

    reason = " ".join(reason.split())
    if not reason:
        raise FieldError(t("web.waiver_reason_needed"), Where(field="reden"))
    if len(reason) > MAX_REASON:
        raise FieldError(t("web.waiver_reason_long", max=MAX_REASON), Where(field="reden"))
    first, last = _offset(start, "begin"), _offset(end, "eind")
    if not rule or len(rule) > 40 or first >= last:
        raise FieldError(t("web.waiver_bad_finding"), Where(field="regel"))
    existing = session.scalars(select(FindingWaiver).where(
        FindingWaiver.template == name, FindingWaiver.variant == variant, FindingWaiver.source_hash == source_hash,
        FindingWaiver.rule == rule, FindingWaiver.start == first, FindingWaiver.end == last)).first()
    row = existing or FindingWaiver(template=name, variant=variant, source_hash=source_hash, rule=rule,
                                    start=first, end=last)
    row.reason, row.account_id, row.at = reason, account_id, clock.now()
    session.add(row)
    session.flush()
    audit(session, Actor(who[:100]), "waive", "template", row.id, names=["rule", "reason"])
    return row.id
