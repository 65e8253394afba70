"""Turn a coach's actions (add a coach, log an attempt, ask what is due) into stored records.

Every function takes the acting `Actor`: a coach sees and changes only their own caseload
(others' prospects are simply "not found"); an actor without a coach (the OS user at the
command line, a manager) sees everyone. The web app passes the logged-in coach.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, case, func, select, update
from sqlalchemy.orm import Session

from .. import dates, db, fields
from ..errors import ConflictError, FieldError, InputError, NotFoundError, Where
from ..texts import t
from .. import clock
from .models import Appointment, Attempt, AuditEntry, Coach, Prospect
from .outcomes import channel_for, outcome
from .rules import Event, Rules, Status, load_rules, next_step
from .workdays import SUNDAY, Calendar, format_days, parse_days


APPOINTMENT_AHEAD_DAYS = 366  # an appointment more than a year ahead is a typing error


@dataclass(frozen=True)
class Actor:
    """Who acts: `name` goes into the audit trail; `coach_id` limits what they see."""

    name: str
    coach_id: int | None = None


def actor(session: Session, as_coach: str | None = None) -> Actor:
    """The coach named `as_coach`, or the OS user (who sees every prospect)."""
    if as_coach:
        coach = find_coach(session, as_coach)
        return Actor(f"coach:{coach.id}", coach.id)
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = "onbekend"
    return Actor(f"os:{user[:90]}")  # fits the audit trail's actor column


def audit(session: Session, who: Actor, action: str, entity: str, entity_id: int | None,
          prospect_id: int | None = None, names: list[str] | tuple[str, ...] = ()) -> None:
    session.add(AuditEntry(at=clock.now(), actor=who.name, action=action, entity=entity, entity_id=entity_id,
                           prospect_id=prospect_id, fields=",".join(names) or None))


@lru_cache(maxsize=1)
def rules() -> Rules:
    return load_rules()


def calendar_for(coach: Coach | None, rules_: Rules) -> Calendar:
    days = parse_days(coach.working_days) if coach and coach.working_days else rules_.working_days
    return rules_.calendar(days)


# --- coaches -------------------------------------------------------------------------------

def find_coach(session: Session, name: str) -> Coach:
    """The coach with this name, or the only coach with this first name (case ignored)."""
    wanted = fields.fold(name)
    coach = session.scalar(select(Coach).where(Coach.name_key == wanted))
    if coach is None and wanted and " " not in wanted:
        matches = list(session.scalars(select(Coach).where(Coach.name_key.startswith(wanted + " ", autoescape=True))))
        coach = matches[0] if len(matches) == 1 else None
    if coach is None:
        raise NotFoundError(t("tracking.unknown_coach", name=name), Where(field="coach"))
    return coach


def add_coach(session: Session, who: Actor, name: str, *, phone: str | None = None, whatsapp: str | None = None,
              photo: str | None = None, working_days: str | None = None, neighbourhoods: str | None = None) -> Coach:
    """A new coach; phone numbers checked, working days as 'ma,di,do'."""
    name = " ".join((name or "").split())
    if not name:
        raise InputError(t("tracking.coach_name_missing"), Where(field="naam"))
    db.check_lengths(Coach, {"name": name, "photo": photo})
    if session.scalar(select(Coach.id).where(Coach.name_key == fields.fold(name))):
        raise ConflictError(t("tracking.coach_exists", name=name), Where(field="naam"))
    days = _days(working_days or "ma,di,wo,do,vr")
    coach = Coach(name=name, name_key=fields.fold(name), phone=fields.phone(phone, "--phone") if phone else None,
                  whatsapp=fields.phone(whatsapp, "--whatsapp", mobile=True) if whatsapp else None,
                  photo=photo, working_days=days, active=True, created_at=clock.now(),
                  neighbourhoods=_neighbourhoods(neighbourhoods) if neighbourhoods else None)
    session.add(coach)
    session.flush()
    audit(session, who, "create", "coach", coach.id, names=[k for k in ("name", "phone", "whatsapp", "photo", "working_days", "neighbourhoods") if getattr(coach, k)])
    return coach


def _days(text: str) -> str:
    """'ma,di,do' checked: known day names and at least one working day besides Sunday (no calls on Sundays)."""
    try:
        days = parse_days(text)
    except ValueError:
        raise InputError(t("tracking.bad_days", value=text), Where(field="--days")) from None
    if not days - {SUNDAY}:
        raise InputError(t("tracking.sunday_only"), Where(field="--days"))
    return format_days(days)


def _neighbourhoods(text: str) -> str | None:
    return ",".join(n.strip() for n in text.split(",") if n.strip()) or None


def edit_coach(session: Session, who: Actor, name: str, *, phone: str | None = None, whatsapp: str | None = None,
               photo: str | None = None, working_days: str | None = None, neighbourhoods: str | None = None,
               new_name: str | None = None) -> Coach:
    """Change what is given (None: leave it; "": clear phone, WhatsApp, photo or neighbourhoods; a new name)."""
    coach = find_coach(session, name)
    if who.coach_id is not None and coach.id != who.coach_id:
        raise InputError(t("tracking.only_own"), Where(field="naam"))
    db.check_lengths(Coach, {"photo": photo})
    changes: dict[str, object] = {}
    if new_name is not None and " ".join(new_name.split()) != coach.name:
        renamed = " ".join(new_name.split())
        if not renamed:
            raise InputError(t("tracking.coach_name_missing"), Where(field="naam"))
        db.check_lengths(Coach, {"name": renamed})
        other = session.scalar(select(Coach.id).where(Coach.name_key == fields.fold(renamed)))
        if other is not None and other != coach.id:
            raise ConflictError(t("tracking.coach_exists", name=renamed), Where(field="naam"))
        changes.update(name=renamed, name_key=fields.fold(renamed))
    if phone is not None:
        changes["phone"] = fields.phone(phone, "--phone") if phone.strip() else None
    if whatsapp is not None:
        changes["whatsapp"] = fields.phone(whatsapp, "--whatsapp", mobile=True) if whatsapp.strip() else None
    if photo is not None:
        changes["photo"] = photo.strip() or None
    if working_days is not None:
        changes["working_days"] = _days(working_days)
    if neighbourhoods is not None:
        changes["neighbourhoods"] = _neighbourhoods(neighbourhoods)
    changed = [k for k, v in changes.items() if getattr(coach, k) != v]
    for key in changed:
        setattr(coach, key, changes[key])
    if changed:
        audit(session, who, "update", "coach", coach.id, names=changed)
    if "working_days" in changed:  # calls move to the new working days
        session.flush()
        for prospect in session.scalars(select(Prospect).where(Prospect.coach_id == coach.id, Prospect.state != "gesloten",
                                                               Prospect.erased_at.is_(None))):
            recompute(session, prospect)
    return coach


@dataclass(frozen=True)
class Deactivated:
    coach: Coach
    moved: dict[str, int]  # other coach's name -> how many people they took over
    left: list[str]  # client numbers nobody could take over (no other active coach)


def deactivate_coach(session: Session, who: Actor, name: str) -> Deactivated:
    """Stop a coach: their open people go to the other active coaches, least loaded first."""
    if who.coach_id is not None:
        raise InputError(t("tracking.only_manager"))
    coach = find_coach(session, name)
    coach.active = False
    others = list(session.scalars(select(Coach).where(Coach.active.is_(True), Coach.id != coach.id).order_by(Coach.name)))
    open_ = (Prospect.state != "gesloten") & Prospect.erased_at.is_(None)
    load = dict(session.execute(select(Prospect.coach_id, func.count()).where(open_).group_by(Prospect.coach_id)).all())
    people = list(session.scalars(select(Prospect).where(open_, Prospect.coach_id == coach.id).order_by(Prospect.id)))
    moved: dict[str, int] = {}
    for prospect in people if others else []:
        target = min(others, key=lambda c: (load.get(c.id, 0), c.name))
        load[target.id] = load.get(target.id, 0) + 1
        prospect.coach_id, prospect.coach = target.id, target
        recompute(session, prospect)
        audit(session, who, "update", "prospect", prospect.id, prospect.id, ["coach_id"])
        moved[target.name] = moved.get(target.name, 0) + 1
    audit(session, who, "update", "coach", coach.id, names=["active"])
    return Deactivated(coach, moved, [] if others else [p.client_number or "" for p in people])


def activate_coach(session: Session, who: Actor, name: str) -> Coach:
    """Let a stopped coach take part again. The people moved away when they stopped stay where they are."""
    if who.coach_id is not None:
        raise InputError(t("tracking.only_manager"))
    coach = find_coach(session, name)
    if not coach.active:
        coach.active = True
        audit(session, who, "update", "coach", coach.id, names=["active"])
    return coach


@dataclass(frozen=True)
class CoachLoad:
    coach: Coach
    caseload: int  # prospects not closed and not erased
    due_today: int


def list_coaches(session: Session, who: Actor, on: date | None = None) -> list[CoachLoad]:
    on = on or clock.today()
    open_ = (Prospect.state != "gesloten") & Prospect.erased_at.is_(None)
    # one pass over the caseload index (it covers next_due): open and due per coach
    counts = {coach_id: (total, due or 0) for coach_id, total, due in session.execute(
        select(Prospect.coach_id, func.count(), func.sum(case((Prospect.next_due <= on, 1), else_=0)))
        .where(open_).group_by(Prospect.coach_id))}
    query = select(Coach).order_by(Coach.name)
    if who.coach_id is not None:
        query = query.where(Coach.id == who.coach_id)
    return [CoachLoad(c, *counts.get(c.id, (0, 0))) for c in session.scalars(query)]


# --- prospects -----------------------------------------------------------------------------

def _visible(query: Select, who: Actor) -> Select:  # type: ignore[type-arg]
    query = query.where(Prospect.erased_at.is_(None))
    return query.where(Prospect.coach_id == who.coach_id) if who.coach_id is not None else query


def find_prospect(session: Session, who: Actor, ref: str) -> Prospect:
    """The prospect with client number `ref` that `who` may see, else a Dutch NotFoundError."""
    prospect: Prospect | None = session.scalar(
        _visible(select(Prospect), who).where(Prospect.client_key == fields.fold(ref)))
    if prospect is None:
        raise NotFoundError(t("tracking.unknown_prospect", ref=ref), Where(field="klant"))
    return prospect


def set_language(session: Session, who: Actor, ref: str, value: str | None) -> Prospect:
    """Set (or clear, with an empty value) the language of a person `who` may see; audited by field name."""
    from .. import languages

    prospect = find_prospect(session, who, ref)
    code = languages.code(value)
    if code != prospect.language:
        prospect.version += 1
        prospect.language, prospect.updated_at = code, clock.now()
        audit(session, who, "update", "prospect", prospect.id, prospect.id, ["language"])
    return prospect


def history_events(session: Session, prospect_id: int, zone: object = None) -> list[Event]:
    rows = session.execute(
        select(Attempt.at, Attempt.outcome, Attempt.channel, Appointment.starts_at)
        .outerjoin(Appointment, Appointment.attempt_id == Attempt.id)
        .where(Attempt.prospect_id == prospect_id).order_by(Attempt.at, Attempt.id)
    ).all()
    return [Event(clock.local(at), code, ch, clock.local(appt) if appt else None) for at, code, ch, appt in rows]


def recompute(session: Session, prospect: Prospect) -> Status:
    """Replay the prospect's attempts through the rules and store the summary on it."""
    r = rules()
    status = next_step(history_events(session, prospect.id), r, calendar_for(prospect.coach, r), prospect.added_on,
                       has_phone=bool(prospect.phone or prospect.phone2 or prospect.mobile))
    prospect.state, prospect.next_step, prospect.next_due = status.state, status.step, status.due
    prospect.next_daypart, prospect.closed_reason, prospect.closed_on = status.daypart, status.closed_reason, status.closed_on
    prospect.calls, prospect.round_calls, prospect.call_round = status.calls, status.round_calls, status.round
    prospect.approached, prospect.reached, prospect.had_appointment = status.approached, status.reached, status.appointment
    prospect.calls_to_appointment, prospect.declines = status.calls_to_appointment, status.declines
    prospect.updated_at = clock.now()
    return status


@dataclass
class Logged:
    attempt: Attempt
    status: Status
    prospect: Prospect
    appointment: Appointment | None = None
    messages: list[Any] = field(default_factory=list)  # followups.Followup, one per message asked for


def log_attempt(session: Session, who: Actor, ref: str, code: str, *, note: str | None = None,
                at: datetime | None = None, channel: str | None = None, appointment_at: datetime | None = None,
                place: str | None = None) -> Logged:
    """Record one attempt and move the prospect to its next step; checks everything first."""
    found = outcome(code)
    ch = channel_for(found, channel)
    moment = clock.local(at) if at else clock.now()
    if moment > clock.now() + timedelta(minutes=5):
        raise InputError(t("tracking.at_in_future", value=dates.date_time(moment)), Where(field="--at"))
    if found.effect == "appointment":
        if appointment_at is None:
            raise InputError(t("tracking.appointment_missing"), Where(field="--appointment"))
        if appointment_at <= moment:
            raise InputError(t("tracking.appointment_past"), Where(field="--appointment"))
        if appointment_at > clock.now() + timedelta(days=APPOINTMENT_AHEAD_DAYS):
            raise InputError(t("tracking.appointment_too_far"), Where(field="--appointment"))
    elif appointment_at is not None:
        raise InputError(t("tracking.appointment_not_here", code=found.code), Where(field="--appointment"))
    if note and len(note) > 500:
        raise FieldError(t("tracking.note_too_long"), Where(field="--note"))
    db.check_lengths(Appointment, {"place": (place or "").strip()})
    prospect = find_prospect(session, who, ref)
    # Lock the prospect first (row lock on PostgreSQL, write lock on SQLite), then read the
    # history: two coaches logging at once are serialised and neither attempt is lost.
    session.execute(update(Prospect).where(Prospect.id == prospect.id).values(version=Prospect.version + 1)
                    .execution_options(synchronize_session=False))
    session.refresh(prospect)
    if clock.local(prospect.created_at).date() > moment.date():  # the day counts: a list may come in after 9:00
        raise InputError(t("tracking.at_before_import", value=dates.date(moment),
                           day=dates.date(prospect.created_at)), Where(field="--at"))
    attempt = Attempt(prospect_id=prospect.id, coach_id=who.coach_id or prospect.coach_id, at=moment, channel=ch,
                      outcome=found.code, note=(note or "").strip() or None, recorded_by=who.name, recorded_at=clock.now())
    session.add(attempt)
    session.flush()
    audit(session, who, "log", "attempt", attempt.id, prospect.id, ["outcome", "channel", "at"] + (["note"] if attempt.note else []))
    appointment = _appointments(session, who, prospect, attempt, found.effect, appointment_at, place)
    status = recompute(session, prospect)
    audit(session, who, "update", "prospect", prospect.id, prospect.id, ["state", "next_step", "next_due"])
    result = Logged(attempt, status, prospect, appointment)
    from . import followups

    result.messages = followups.after_attempt(session, prospect, attempt, status, appointment)
    return result


def _appointments(session: Session, who: Actor, prospect: Prospect, attempt: Attempt, effect: str,
                  starts_at: datetime | None, place: str | None) -> Appointment | None:
    planned = list(session.scalars(select(Appointment).where(Appointment.prospect_id == prospect.id,
                                                             Appointment.status == "gepland")))
    new_status = {"appointment": "vervallen", "held": "gehouden", "missed": "gemist", "declined": "vervallen"}.get(effect)
    for old in planned:
        if new_status is None:
            break
        old.status = new_status
        audit(session, who, "update", "appointment", old.id, prospect.id, ["status"])
    if effect != "appointment" or starts_at is None:
        return None
    appointment = Appointment(prospect_id=prospect.id, attempt_id=attempt.id, starts_at=starts_at,
                              place=(place or "").strip() or None, status="gepland", created_at=clock.now())
    session.add(appointment)
    session.flush()
    audit(session, who, "create", "appointment", appointment.id, prospect.id, ["starts_at"] + (["place"] if appointment.place else []))
    return appointment


# --- what is due ---------------------------------------------------------------------------

@dataclass(frozen=True)
class DueItem:
    prospect_id: int
    client_number: str
    name: str
    phone: str | None
    mobile: str | None
    step: str
    due: date
    daypart: str | None
    calls: int
    overdue_days: int
    coach: str | None
    language_notes: str | None
    language: str | None = None  # languages.code



def overdue(days: int) -> str:
    """'vandaag', '1 dag te laat', '3 dagen te laat'."""
    if days <= 0:
        return t("tracking.today")
    return t("tracking.overdue_one") if days == 1 else t("tracking.overdue", days=days)


def due_calls(session: Session, who: Actor, coach: str | None = None, on: date | None = None) -> list[DueItem]:
    """Everything due on `on` (default today) for one coach: overdue first, then fewest attempts."""
    on = on or clock.today()
    query = (select(Prospect.id, Prospect.client_number, Prospect.first_name, Prospect.last_name, Prospect.phone,
                    Prospect.mobile, Prospect.next_step, Prospect.next_due, Prospect.next_daypart, Prospect.calls,
                    Coach.name, Prospect.language_notes, Prospect.language)
             .outerjoin(Coach, Coach.id == Prospect.coach_id)
             .where(Prospect.next_due <= on, Prospect.erased_at.is_(None))
             .order_by(Prospect.next_due, Prospect.calls, Prospect.id))
    if coach:
        target = find_coach(session, coach)
        if who.coach_id is not None and target.id != who.coach_id:
            raise InputError(t("tracking.only_own"), Where(field="--coach"))
        query = query.where(Prospect.coach_id == target.id)
    elif who.coach_id is not None:
        query = query.where(Prospect.coach_id == who.coach_id)
    return [DueItem(pid, num or "", " ".join(p for p in (fn, ln) if p), ph, mob, step or "", due or on, part, calls,
                    (on - (due or on)).days, cname, notes, lang)
            for pid, num, fn, ln, ph, mob, step, due, part, calls, cname, notes, lang in session.execute(query)]


@dataclass(frozen=True)
class History:
    prospect: Prospect
    attempts: list[Attempt]
    appointments: list[Appointment]
    names: dict[str, str]  # audit actor ("coach:3", "os:jan") -> what a person reads ("Sanne Voorbeeld", "jan")


def actor_names(session: Session, actors: set[str]) -> dict[str, str]:
    ids = [int(a.split(":", 1)[1]) for a in actors if a.startswith("coach:") and a[6:].isdigit()]
    coaches = dict(session.execute(select(Coach.id, Coach.name).where(Coach.id.in_(ids))).all()) if ids else {}
    return {a: coaches.get(int(a[6:]), a) if a.startswith("coach:") and a[6:].isdigit() else a.partition(":")[2] or a
            for a in actors}


def prospect_history(session: Session, who: Actor, ref: str) -> History:
    """A prospect with every attempt and appointment, oldest first; the next step is on the prospect."""
    prospect = find_prospect(session, who, ref)
    attempts = list(session.scalars(select(Attempt).where(Attempt.prospect_id == prospect.id).order_by(Attempt.at, Attempt.id)))
    appointments = list(session.scalars(select(Appointment).where(Appointment.prospect_id == prospect.id).order_by(Appointment.starts_at)))
    return History(prospect, attempts, appointments, actor_names(session, {a.recorded_by for a in attempts}))
