"""Turn a prospect's attempt history and the rules file into their state and next step.

`next_step(events, rules, calendar, start)` is a pure function: no database, no clock. It
replays the history in time order, so the stored summary on a prospect can always be
recomputed from the attempts, and tests can list cases as tables.

Defaults live in `rules.toml` next to this module; a `tracking.toml` in the data folder
overrides any of its values.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from .. import config
from ..errors import ContentError, Where
from ..fileproblems import toml_problem
from ..texts import t
from .outcomes import OUTCOMES
from .workdays import Calendar, parse_days

DEFAULTS = Path(__file__).resolve().parent / "rules.toml"

# States a prospect can be in (stored; Dutch codes, labels in texts).
STATES = ("nieuw", "benaderen", "huisbezoek", "controleren", "bedenktijd", "afspraak", "deelnemer", "gesloten")
# Steps a coach has to take next.
STEPS = ("flyer", "bellen", "huisbezoek", "controleren", "brief", "afspraak")


@dataclass(frozen=True)
class Rules:
    first_call_after_days: int = 3
    max_calls: int = 4
    working_days_apart: int = 1
    dayparts: tuple[str, ...] = ("ochtend", "middag", "vroege-avond")
    daypart_starts: tuple[time, ...] = (time(8), time(12), time(17))
    after_card_days: int = 2
    home_visits: int = 1
    recall_after_months: int = 1
    max_recalls: int = 2
    confirmation_letter: bool = True
    reminder_days_before: int = 1
    reminder_time: time = time(10)
    working_days: frozenset[int] = frozenset(range(5))
    holidays: tuple[str, ...] = ()
    closed_days: frozenset[date] = frozenset()
    workable_caseload: int = 50

    def calendar(self, working_days: frozenset[int] | None = None) -> Calendar:
        return Calendar(working_days or self.working_days, self.holidays, self.closed_days)

    def daypart(self, moment: datetime) -> str:
        """The part of the day a (local) moment falls in."""
        part = self.dayparts[0]
        for name, start in zip(self.dayparts, self.daypart_starts):
            if moment.time() >= start:
                part = name
        return part


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        line, problem = toml_problem(exc)
        raise ContentError(t("tracking.rules_broken", error=problem), Where(file=str(path), line=line)) from None


def load_rules(path: Path | None = None) -> Rules:
    """The shipped defaults, overridden by `path` or by tracking.toml in the data folder."""
    data = _read(DEFAULTS)
    user = path or config.data_dir() / "tracking.toml"
    if user.is_file():
        data = _merge(data, _read(user))
    try:
        c, cal = data["calls"], data["calendar"]
        return Rules(
            first_call_after_days=int(data["flyer"]["first_call_after_days"]),
            max_calls=int(c["max_per_round"]),
            working_days_apart=int(c["working_days_apart"]),
            dayparts=tuple(c["dayparts"]),
            daypart_starts=tuple(time.fromisoformat(s) for s in c["daypart_starts"]),
            after_card_days=int(c["after_card_days"]),
            home_visits=int(data["home_visit"]["visits"]),
            recall_after_months=int(data["decline"]["recall_after_months"]),
            max_recalls=int(data["decline"]["max_recalls"]),
            confirmation_letter=bool(data["appointment"]["confirmation_letter"]),
            reminder_days_before=int(data["appointment"]["reminder_days_before"]),
            reminder_time=time.fromisoformat(data["appointment"]["reminder_time"]),
            working_days=parse_days(cal["working_days"]),
            holidays=tuple(cal["holidays"]),
            closed_days=frozenset(date.fromisoformat(d) for d in cal["closed_days"]),
            workable_caseload=int(data["caseload"]["workable"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ContentError(t("tracking.rules_broken", error=exc), Where(file=str(user if user.is_file() else DEFAULTS))) from exc


@dataclass(frozen=True)
class Event:
    """One recorded attempt, as the rules see it (times local and aware)."""

    at: datetime
    outcome: str
    channel: str = ""
    appointment_at: datetime | None = None


@dataclass(frozen=True)
class Status:
    """Where a prospect stands and what the coach does next."""

    state: str = "nieuw"
    step: str | None = "flyer"
    due: date | None = None
    daypart: str | None = None
    closed_reason: str | None = None
    closed_on: date | None = None
    calls: int = 0  # all calls ever
    round_calls: int = 0  # unanswered calls in the current round
    round: int = 1  # call round, raised each time the sequence starts again
    approached: bool = False
    reached: bool = False
    appointment: bool = False  # ever made an appointment
    calls_to_appointment: int | None = None
    declines: int = 0
    appointment_at: datetime | None = None
    facts: dict[str, int] = field(default_factory=dict)


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def choose_daypart(used: Sequence[str], dayparts: Sequence[str]) -> str:
    """The part of the day least tried in this round, continuing after the last one tried."""
    if not used:
        return dayparts[0]
    counts = {p: used.count(p) for p in dayparts}
    fewest = min(counts.values())
    start = dayparts.index(used[-1]) + 1 if used[-1] in dayparts else 0
    for i in range(len(dayparts)):
        part = dayparts[(start + i) % len(dayparts)]
        if counts[part] == fewest:
            return part
    return dayparts[0]


def next_step(events: Sequence[Event], rules: Rules, calendar: Calendar, start: date, has_phone: bool = True) -> Status:
    """Replay `events` (any order) from `start` (the day the prospect was added)."""
    s: dict[str, Any] = dict(state="nieuw", step="flyer", due=calendar.on_or_after(start), daypart=None,
                             closed_reason=None, closed_on=None, calls=0, round_calls=0, round=1,
                             approached=False, reached=False, appointment=False, calls_to_appointment=None,
                             declines=0, appointment_at=None)
    used: list[str] = []
    not_home = 0

    def call(due: date, state: str = "benaderen", *, new_round: bool = True) -> None:
        if new_round:
            s["round_calls"] = 0
            s["round"] += 1
            used.clear()
        s.update(state=state, closed_reason=None, closed_on=None)
        if has_phone:
            s.update(step="bellen", due=calendar.on_or_after(due), daypart=choose_daypart(used, rules.dayparts))
        else:
            s.update(step="huisbezoek", due=calendar.on_or_after(due), daypart=None)

    def task(step: str, state: str, due: date) -> None:
        s.update(state=state, step=step, due=calendar.on_or_after(due), daypart=None, closed_reason=None, closed_on=None)

    def close(reason: str, day: date) -> None:
        s.update(state="gesloten", step=None, due=None, daypart=None, closed_reason=reason, closed_on=day)

    for ev in sorted(events, key=lambda e: e.at):
        found = OUTCOMES[ev.outcome]
        day = ev.at.date()
        s["approached"] = True
        if ev.channel == "bellen":
            s["calls"] += 1
        if found.reached:
            s["reached"] = True
        effect = found.effect
        if effect == "flyer":
            if s["state"] == "nieuw":
                s["round"] -= 1  # the first round starts here, not a new one
                call(day + timedelta(days=rules.first_call_after_days))
        elif effect == "letter":
            if s["state"] == "afspraak" and s["step"] == "brief":
                task("afspraak", "afspraak", s["appointment_at"].date() if s["appointment_at"] else day)
        elif effect == "unanswered":
            s["round_calls"] += 1
            used.append(rules.daypart(ev.at))
            if s["round_calls"] < rules.max_calls:
                call(calendar.after(day, rules.working_days_apart), new_round=False)
            elif not_home < rules.home_visits:
                task("huisbezoek", "huisbezoek", calendar.after(day))
            else:
                close("onbereikbaar", day)
        elif effect == "callback":
            call(calendar.after(day))
        elif effect == "check":
            task("controleren", "controleren", day)
        elif effect == "details_ok":
            call(day)
        elif effect == "not_found":
            close("onbereikbaar", day)
        elif effect == "declined":
            s["declines"] += 1
            if s["declines"] > rules.max_recalls:
                close("geen-interesse", day)
            else:
                call(add_months(day, rules.recall_after_months), "bedenktijd")
        elif effect == "appointment":
            s["appointment"] = True
            if s["calls_to_appointment"] is None:
                s["calls_to_appointment"] = s["calls"]
            s["appointment_at"] = ev.appointment_at
            when = ev.appointment_at.date() if ev.appointment_at else day
            if rules.confirmation_letter:
                task("brief", "afspraak", day)
            else:
                task("afspraak", "afspraak", when)
        elif effect == "held":
            s.update(state="deelnemer", step=None, due=None, daypart=None, closed_reason=None, closed_on=None)
        elif effect == "missed":
            call(day)
        elif effect == "not_home":
            not_home += 1
            if has_phone:
                call(day + timedelta(days=rules.after_card_days))
            elif not_home <= rules.home_visits:
                task("huisbezoek", "huisbezoek", day + timedelta(days=rules.after_card_days))
            else:
                close("onbereikbaar", day)
        # effect "message": recorded, no change of course
    return Status(**s)
