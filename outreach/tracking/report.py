"""Turn the stored prospects into the reach funnel the pilots reported, per coach or neighbourhood.

Counts come from the summary columns on each prospect (kept after erasure), so the funnel
is one aggregate query and stays right when people are anonymised. JSON and CSV are built
here; the chart lives in `chart.py`; the CLI only prints.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Integer, and_, case, func, select
from sqlalchemy.orm import Session

from .. import languages
from ..errors import InputError, Where
from ..texts import t
from .. import clock
from .models import Coach, Prospect
from .service import Actor, rules

STAGES = ("total", "approached", "reached", "appointment", "participating", "declined", "unreachable", "in_contact")
GROUPINGS = ("coach", "neighbourhood", "language")
BUCKETS = ("0", "1", "2", "3", "4", "5", "6+")


@dataclass
class FunnelRow:
    group: str
    total: int = 0
    approached: int = 0
    reached: int = 0
    appointment: int = 0
    participating: int = 0
    declined: int = 0
    unreachable: int = 0
    in_contact: int = 0
    key: str | None = field(default=None, kw_only=True)  # the group's stored value where it is a code (a language: 'ar'), else None


@dataclass
class Funnel:
    on: date
    by: str | None
    rows: list[FunnelRow]  # one per group, sorted; the last is the total
    calls_to_appointment: dict[str, int]
    caseload: dict[str, int]  # open prospects per active coach
    workable: int
    labels: dict[str, str] = field(default_factory=dict)
    since: date | None = None  # only people who came on the list from this day
    until: date | None = None  # ... up to and including this day

    @property
    def total(self) -> FunnelRow:
        return self.rows[-1]


def _flag(cond: Any) -> Any:
    return func.sum(case((cond, 1), else_=0)).cast(Integer)  # type: ignore[arg-type]


def funnel(session: Session, who: Actor, by: str | None = None, on: date | None = None,
           since: date | None = None, until: date | None = None) -> Funnel:
    """The funnel of everyone `who` may see, split by coach or neighbourhood when asked.

    With `since` and/or `until`: only the people who came on the list in those days (both
    included), and where they stand now.
    """
    by = {"wijk": "neighbourhood", "taal": "language"}.get(by.strip().lower(), by.strip().lower()) if by else None
    if by is not None and by not in GROUPINGS:
        raise InputError(t("tracking.bad_by", value=by, choices=", ".join(GROUPINGS)), Where(field="--by"))
    P = Prospect
    closed = P.state == "gesloten"
    key = {"coach": Coach.name, "neighbourhood": P.neighbourhood, "language": P.language, None: None}[by]
    columns: list[Any] = [
        func.count().label("total"), _flag(P.approached), _flag(P.reached), _flag(P.had_appointment),
        _flag(P.state == "deelnemer"), _flag(and_(closed, P.closed_reason.in_(("geen-interesse", "gewist")))),
        _flag(and_(closed, P.closed_reason == "onbereikbaar")),
        _flag(and_(P.approached, P.state.not_in(("gesloten", "deelnemer")))),
    ]
    scope = select(*([key] if key is not None else []), *columns).select_from(P)
    if by == "coach":
        scope = scope.outerjoin(Coach, Coach.id == P.coach_id)
    if who.coach_id is not None:
        scope = scope.where(P.coach_id == who.coach_id)
    period = [c for c in (P.added_on >= since if since else None, P.added_on <= until if until else None) if c is not None]
    scope = scope.where(*period)
    rows: list[FunnelRow] = []
    if key is not None:
        for values in session.execute(scope.group_by(key)):
            row = FunnelRow(str(values[0] or t("tracking.report.unknown_group")), *[int(v or 0) for v in values[1:]])
            if by == "language":
                row.group = languages.name(values[0]) if values[0] else t("translations.no_language")
                row.key = values[0]
            rows.append(row)
        rows.sort(key=lambda r: r.group.lower())
    if key is not None:  # the groups add up to the total: no second pass over the table
        totals = [sum(getattr(r, stage) for r in rows) for stage in STAGES]
    else:
        totals = [int(v or 0) for v in session.execute(scope).one()]
    rows.append(FunnelRow(t("tracking.report.total"), *totals))

    dist = dict.fromkeys(BUCKETS, 0)
    q = select(P.calls_to_appointment, func.count()).where(P.calls_to_appointment.is_not(None), *period)
    if who.coach_id is not None:
        q = q.where(P.coach_id == who.coach_id)
    for calls, count in session.execute(q.group_by(P.calls_to_appointment)):
        dist[str(calls) if calls is not None and calls < 6 else "6+"] += count
    load_q = (select(Coach.name, func.count(P.id)).select_from(Coach)
              .outerjoin(P, and_(P.coach_id == Coach.id, P.state != "gesloten", P.erased_at.is_(None)))
              .where(Coach.active.is_(True)).group_by(Coach.name).order_by(Coach.name))
    if who.coach_id is not None:
        load_q = load_q.where(Coach.id == who.coach_id)
    caseload = {name: count for name, count in session.execute(load_q)}
    labels = {s: t(f"tracking.report.{'on_list' if s == 'total' else s}") for s in STAGES}
    return Funnel(on or clock.today(), by, rows, dist, caseload, rules().workable_caseload, labels, since, until)


def to_json(f: Funnel) -> str:
    return json.dumps({"date": f.on.isoformat(), "by": f.by, "stages": f.labels,
                       "rows": [asdict(r) for r in f.rows], "calls_to_appointment": f.calls_to_appointment,
                       "caseload": f.caseload, "workable_caseload": f.workable}, ensure_ascii=False, indent=2)


def to_csv(f: Funnel) -> str:
    """One line per group, Dutch column names, `;` as Dutch spreadsheets expect."""
    from ..tabular import write_rows

    header = [t("tracking.report.group")] + [f.labels[s] for s in STAGES]
    return write_rows([header, *([row.group] + [getattr(row, s) for s in STAGES] for row in f.rows)])
