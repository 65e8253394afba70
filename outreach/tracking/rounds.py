"""Turn a coach's flyer round into streets of people, and a street or a list of ticks into logged deliveries.

A coach walks a street with a stack of flyers; afterwards one action logs "flyer bezorgd"
for everyone ticked (or a whole street), each through `log_attempt`, in one transaction:
either all are logged or, on a Dutch error that names the person, none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import InputError, NotFoundError, OutreachError
from ..texts import t
from .models import Prospect
from .service import Actor, DueItem, due_calls, log_attempt

MAX_ROUND = 200  # people on one flyer round page, and logged in one go
_NUMBER = re.compile(r"\s+\d.*$")  # 'Lindelaan 12a' -> 'Lindelaan'


@dataclass(frozen=True)
class Street:
    name: str
    people: list[tuple[DueItem, str]]  # (due item, address)


def street_of(address: str | None) -> str:
    """The street of an address: what comes before the house number."""
    return _NUMBER.sub("", " ".join((address or "").split())) or "-"


def flyer_round(session: Session, who: Actor, on: date | None = None) -> list[Street]:
    """The people of `who` whose next step is a flyer, due on `on` or before, by street (at most MAX_ROUND)."""
    items = [i for i in due_calls(session, who, on=on) if i.step == "flyer"][:MAX_ROUND]
    ids = [i.prospect_id for i in items]
    rows = session.execute(select(Prospect.id, Prospect.address).where(Prospect.id.in_(ids))) if ids else []
    addresses = {pid: address for pid, address in rows}
    streets: dict[str, list[tuple[DueItem, str]]] = {}
    for item in items:
        address = addresses.get(item.prospect_id) or ""
        streets.setdefault(street_of(address), []).append((item, address))
    return [Street(name, sorted(people, key=lambda p: p[1])) for name, people in sorted(streets.items())]


def flyers_delivered(session: Session, who: Actor, refs: list[str], at: datetime | None = None) -> int:
    """Log "flyer bezorgd" for every client number in `refs` (at most MAX_ROUND); how many were logged."""
    refs = list(dict.fromkeys(r for r in refs if r))
    if not refs:
        raise InputError(t("tracking.round_none"))
    if len(refs) > MAX_ROUND:
        raise InputError(t("tracking.round_too_many", max=MAX_ROUND))
    for ref in refs:
        try:
            log_attempt(session, who, ref, "flyer-bezorgd", channel="flyer", at=at)
        except NotFoundError:  # not this coach's or nobody's: one answer, without echoing the number
            raise NotFoundError(t("tracking.round_unknown")) from None
        except OutreachError as exc:  # say who; the caller's transaction rolls back, so nobody is half done
            raise InputError(t("tracking.round_person", ref=ref, message=exc.message), exc.where) from None
    return len(refs)
