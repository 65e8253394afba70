"""Turn tracking events into follow-up messages in the messaging outbox.

The one place where tracking talks to `outreach.messaging` (layers point one way: tracking ->
messaging). Each event schedules at most one message per purpose; messaging's unique key
(prospect, purpose) makes a repeat a no-op. Only prospects with a mobile number get messages.
If messaging refuses (template missing, number opted out), the attempt is still recorded:
follow-ups never block the coach's log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from .. import calendar_nl
from ..errors import OutreachError
from .. import clock
from .models import Appointment, Attempt, Prospect
from .rules import Status

log = logging.getLogger("outreach.tracking")

FAILED = "template-failed"  # Followup.problem: the message's template fails in a way of its own
EXPECTED = (None, "no-mobile", "too-late", "no-coach-phone")  # any other problem: the message could not be made
REMINDER_MARGIN = timedelta(hours=2)  # a reminder that cannot go out this long before the appointment is dropped


@dataclass(frozen=True)
class Followup:
    template: str
    purpose: str
    due_at: datetime
    scheduled: bool  # False: already scheduled, opted out, too late, or no mobile number
    problem: str | None = None  # "no-mobile", "too-late", "no-coach-phone", FAILED, or a Dutch error text
    send_at: datetime | None = None  # aware local: when the scheduled row really goes (after the window)


def _values(prospect: Prospect, extra: dict[str, object] | None = None) -> dict[str, object]:
    coach = prospect.coach
    values: dict[str, object] = {
        "voornaam": prospect.first_name or "",
        "achternaam": prospect.last_name or "",
        "coach_voornaam": coach.first_name if coach else "",
        "coach_naam": coach.name if coach else "",
        "coach_telefoon": (coach.phone or coach.whatsapp or "") if coach else "",
    }
    values.update(extra or {})
    return values


def needs_coach_phone(template: str, channel: str) -> bool:
    """True when message template `template.channel` prints the coach's number (coach_telefoon)."""
    from ..messaging.templates import meta

    return "coach_telefoon" in (meta(template, channel).get("fields") or {})


def message_values(session: Session, who: Any, ref: str) -> tuple[int, str | None, dict[str, object], str | None]:
    """(prospect id, mobile number, template values, coach's working days) of a prospect `who` may see.

    The same values the automatic follow-ups use; `outreach messages schedule` uses it too.
    """
    from .service import find_prospect

    prospect = find_prospect(session, who, ref)
    coach = prospect.coach
    return prospect.id, prospect.mobile, _values(prospect), coach.working_days if coach else None


def _schedule(session: Session, prospect: Prospect, template: str, purpose: str, due_at: datetime,
              extra: dict[str, object] | None = None, not_after: datetime | None = None) -> Followup:
    from ..messaging import schedule
    from ..messaging.outbox import planned_send_at

    from .service import calendar_for, rules

    if not prospect.mobile:
        return Followup(template, purpose, due_at, False, "no-mobile")
    calendar = calendar_for(prospect.coach, rules())
    if not_after is not None:
        planned = planned_send_at(due_at, calendar)
        if planned >= not_after:  # the window opens too late: the text would no longer be true
            return Followup(template, purpose, due_at, False, "too-late", clock.local(planned))
    channels = ["whatsapp", "sms"] if prospect.whatsapp else ["sms"]
    problem = None
    values = _values(prospect, extra)
    for channel in channels:
        try:
            if not values["coach_telefoon"] and needs_coach_phone(template, channel):  # never "bel mij: ." to a person
                log.info("follow-up %s for prospect %s not scheduled: the coach has no phone", template, prospect.id)
                problem = "no-coach-phone"
                continue
            with session.begin_nested():
                row = schedule(session, prospect_id=prospect.id, purpose=purpose, template=template, channel=channel,
                               to=prospect.mobile, values=values, due_at=due_at,
                               calendar=calendar, not_after=not_after,
                               language=prospect.language)  # the person's language (issue 20)
            if row is None:
                return Followup(template, purpose, due_at, False)
            return Followup(template, purpose, due_at, True, None, clock.local(row.send_at))
        except OutreachError as exc:  # a missing template or a refused channel: log ids, not people
            problem = str(exc)
            log.info("follow-up %s for prospect %s not scheduled: %s", template, prospect.id, type(exc).__name__)
        except SQLAlchemyError:
            raise  # the database itself failed: the whole change fails, nothing half-stored
        except Exception as exc:  # noqa: BLE001 - a message that cannot be made never undoes the attempt
            problem = FAILED
            log.warning("follow-up %s for prospect %s not made: %s", template, prospect.id, type(exc).__name__)
    return Followup(template, purpose, due_at, False, problem)


def _cancel(session: Session, prospect_id: int, prefix: str) -> None:
    from ..messaging import cancel

    cancel(session, prospect_id, prefix)


def after_attempt(session: Session, prospect: Prospect, attempt: Attempt, status: Status,
                  appointment: Appointment | None) -> list[Followup]:
    """Schedule (or cancel) the messages that `attempt` calls for."""
    from ..messaging.outbox import planned_send_at
    from .outcomes import OUTCOMES
    from .service import calendar_for, rules

    effect = OUTCOMES[attempt.outcome].effect
    now = clock.now()
    out: list[Followup] = []
    day = clock.local(attempt.at).date()
    same_day = day == now.date()  # "I called you today" only on that day
    end_of_day = datetime.combine(day + timedelta(days=1), time(0), tzinfo=calendar_nl.zone())
    next_month = datetime.combine((day.replace(day=28) + timedelta(days=4)).replace(day=1), time(0), tzinfo=calendar_nl.zone())
    if effect in ("appointment", "held", "missed", "declined"):
        _cancel(session, prospect.id, "herinnering-afspraak")
    if effect == "unanswered" and attempt.channel == "bellen" and same_day:
        out.append(_schedule(session, prospect, "gemist-gesprek", f"gemist-gesprek:ronde-{status.round}", now,
                             not_after=end_of_day))  # the text says "vandaag"
    elif effect == "not_home" and same_day:
        out.append(_schedule(session, prospect, "na-huisbezoek", f"na-huisbezoek:{attempt.id}", now,
                             not_after=end_of_day))  # "vandaag" too
    elif effect == "declined" and same_day and status.state != "gesloten":
        out.append(_schedule(session, prospect, "volgende-maand", f"volgende-maand:{status.declines}", now,
                             not_after=next_month))  # "volgende maand" must mean the month after the talk
    elif effect == "appointment" and appointment is not None:
        r = rules()
        starts = clock.local(appointment.starts_at)
        day = starts.date() - timedelta(days=r.reminder_days_before)
        calendar = calendar_for(prospect.coach, r)
        due = datetime.combine(day, r.reminder_time, tzinfo=clock.zone())
        if planned_send_at(max(due, now), calendar) >= starts - REMINDER_MARGIN:  # e.g. Sunday's, for Monday 9:00
            for _ in range(14):  # then the last working day before
                day -= timedelta(days=1)
                if calendar.is_call_day(day):
                    due = datetime.combine(day, r.reminder_time, tzinfo=clock.zone())
                    break
        extra = {"datum": starts.date(), "tijd": starts.time(), "plaats": appointment.place or ""}
        if starts > now:  # made after the usual moment (e.g. at 11:00 for tomorrow 9:00): as soon as it may go
            out.append(_schedule(session, prospect, "herinnering-afspraak", f"herinnering-afspraak:{appointment.id}",
                                 max(due, now), extra, not_after=starts - REMINDER_MARGIN))
    return out


def forget(session: Session, prospect_id: int) -> None:
    """Remove what messaging keeps about a prospect (erasure)."""
    from ..messaging import forget_prospect

    forget_prospect(session, prospect_id)


@dataclass(frozen=True)
class CoachMessage:
    message: Any  # outreach.messaging.Message
    client_number: str
    name: str


def messages_for(session: Session, who: Any, statuses: tuple[str, ...] = ("queued", "sending", "sent", "failed"),
                 limit: int = 200) -> list[CoachMessage]:
    """The outbox rows of the prospects `who` may see, the next to go first."""
    from sqlalchemy import select

    from ..messaging import Message
    from .service import _visible

    rows = session.execute(
        _visible(select(Message, Prospect.client_number, Prospect.first_name, Prospect.last_name), who)
        .join(Prospect, Prospect.id == Message.prospect_id)
        .where(Message.status.in_(statuses))
        .order_by(Message.status != "queued", Message.send_at, Message.id)
        .limit(limit))
    return [CoachMessage(m, num or "", " ".join(p for p in (fn, ln) if p)) for m, num, fn, ln in rows]


def client_numbers(session: Session, who: Any, prospect_ids: Iterable[int]) -> dict[int, str]:
    """The client numbers of those prospects `who` may see, by prospect id (for a list of messages)."""
    from sqlalchemy import select

    from .service import _visible

    wanted = sorted(set(prospect_ids))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), 500):  # stay below the database's limit of bound values
        rows = session.execute(_visible(select(Prospect.id, Prospect.client_number), who)
                               .where(Prospect.id.in_(wanted[start:start + 500])))
        found.update({pid: num for pid, num in rows if num})
    return found


def _own_message(session: Session, who: Any, message_id: int) -> None:
    """Raise NotFoundError unless message `message_id` belongs to a prospect `who` may see."""
    from sqlalchemy import select

    from ..errors import NotFoundError
    from ..messaging import Message
    from ..texts import t
    from .service import _visible

    found = session.scalar(_visible(select(Message.id), who).join(Prospect, Prospect.id == Message.prospect_id)
                           .where(Message.id == message_id))
    if found is None:
        raise NotFoundError(t("messaging.unknown_message", id=message_id))


def cancel_message(session: Session, who: Any, message_id: int) -> Any:
    """Cancel one queued message of `who`'s caseload."""
    from .. import messaging

    _own_message(session, who, message_id)
    return messaging.cancel_message(session, message_id)


def edit_message(session: Session, who: Any, message_id: int, body: str) -> Any:
    """Change the text of one queued SMS of `who`'s caseload."""
    from .. import messaging

    _own_message(session, who, message_id)
    return messaging.edit_message(session, message_id, body)


@dataclass(frozen=True)
class MessagePlan:
    """A message by hand before it is queued: what it says, what it costs and when it goes."""

    prospect_id: int
    template: str
    channel: str
    to: str
    text: str
    parts: int | None  # SMS parts; None for WhatsApp
    send_at: datetime  # aware local: the first opening of the sending window at or after the wanted moment
    values: dict[str, object]
    calendar: Any
    note: str = ""  # Dutch: the language it goes in, and what that costs (messaging.previews.language_note)
    language: str | None = None  # the person's language, passed on to schedule
    text_language: str | None = None  # the language of `text` (None: Dutch)


def plan_message(session: Session, who: Any, ref: str, template: str, channel: str, due_at: datetime | None = None,
                 extra: dict[str, object] | None = None) -> MessagePlan:
    """The message `template` for `channel` to prospect `ref`, with the same values the automatic follow-ups use.

    Dutch InputError when it cannot go: no mobile number, the coach has no number to print,
    a field the template needs is missing, too many SMS parts. Nothing is stored.
    """
    from ..errors import InputError, Where
    from ..messaging import sms_segments
    from ..messaging.outbox import planned_send_at
    from ..messaging.templates import render
    from ..texts import t
    from .service import calendar_for, find_prospect, rules

    if channel not in ("sms", "whatsapp"):
        raise InputError(t("messaging.bad_channel", channel=channel[:20]), Where(field="kanaal"))
    prospect = find_prospect(session, who, ref)
    if not prospect.mobile:
        raise InputError(t("messaging.cli.no_mobile"), Where(field="telefoon"))
    values = _values(prospect, extra)
    if not values["coach_telefoon"] and needs_coach_phone(template, channel):
        coach = prospect.coach
        raise InputError(t("tracking.coach_no_phone", coach=coach.name if coach else "-"), Where(field="coach_telefoon"),
                         hint="coach_phone", coach=coach.name if coach else "-")
    from ..messaging.previews import language_note
    from ..messaging.templates import translated

    language = prospect.language  # the person's language (issue 20)
    body = translated(session, template, channel, language) if language else None
    rendered = render(template, values, channel, lang=language, body=body)
    text = rendered.text
    parts = sms_segments(text).count if channel == "sms" else None
    calendar = calendar_for(prospect.coach, rules())
    send_at = clock.local(planned_send_at(due_at or clock.now(), calendar))
    return MessagePlan(prospect.id, template, channel, prospect.mobile, text, parts, send_at, values, calendar,
                       language_note(template, values, channel, rendered), language, rendered.language)


def schedule_message(session: Session, who: Any, ref: str, template: str, channel: str,
                     due_at: datetime | None = None, extra: dict[str, object] | None = None,
                     purpose: str | None = None, working_days: str | None = None) -> Any:
    """Queue a message by hand for prospect `ref` (the web's person page and `outreach messages schedule`).

    The message goes at the first opening of the sending window at or after `due_at` (default
    now), on the coach's working days and not on holidays (`working_days` overrides them).
    Returns messaging's Message, or None when messaging does not queue it (already there,
    opted out, one of a kind a day).
    """
    from ..messaging import schedule

    plan = plan_message(session, who, ref, template, channel, due_at, extra)
    due = due_at or clock.now()
    return schedule(session, prospect_id=plan.prospect_id, purpose=purpose or f"{template}:{due:%Y-%m-%d}",
                    template=template, channel=channel, to=plan.to, values=plan.values, due_at=due,
                    working_days=working_days, calendar=None if working_days else plan.calendar,
                    language=plan.language)


def message_choices() -> list[tuple[str, str, str]]:
    """(template, channel, title) of every SMS and WhatsApp template, for a coach to choose from."""
    from ..documents.templates import iter_templates

    return sorted((tpl.name, tpl.kind, tpl.title) for tpl in iter_templates() if tpl.kind in ("sms", "whatsapp"))


def template_extra_fields(template: str, channel: str) -> list[str]:
    """The fields of a message template that the person's and coach's records do not fill (datum, tijd, plaats)."""
    from ..messaging.templates import meta

    known = {"voornaam", "achternaam", "coach_voornaam", "coach_naam", "coach_telefoon"}
    return [f for f in (meta(template, channel).get("fields") or {}) if f not in known]
