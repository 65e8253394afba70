"""The sequence rules as tables: history in, state and next step out (a pure function)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from outreach.errors import ContentError
from outreach.tracking.rules import Event, add_months, choose_daypart, load_rules, next_step
from outreach.tracking.workdays import Calendar, holiday_table, parse_days

AMS = ZoneInfo("Europe/Amsterdam")
RULES = load_rules(Path("/nonexistent/tracking.toml"))
START = date(2026, 11, 16)  # a Monday


def ev(when: str, code: str, channel: str | None = None, appointment: str | None = None) -> Event:
    from outreach.tracking.outcomes import OUTCOMES

    return Event(datetime.fromisoformat(when).replace(tzinfo=AMS), code, channel or OUTCOMES[code].channels[0],
                 datetime.fromisoformat(appointment).replace(tzinfo=AMS) if appointment else None)


FLYER = [ev("2026-11-16 10:00", "flyer-bezorgd")]
CALLS4 = FLYER + [ev("2026-11-19 10:00", "geen-gehoor"), ev("2026-11-20 14:00", "voicemail"),
                  ev("2026-11-23 18:00", "geen-gehoor"), ev("2026-11-24 10:30", "in-gesprek")]
NOT_HOME = CALLS4 + [ev("2026-11-25 11:00", "niet-thuis")]
ROUND2 = NOT_HOME + [ev("2026-11-27 10:00", "geen-gehoor"), ev("2026-11-30 13:00", "geen-gehoor"),
                     ev("2026-12-01 17:30", "geen-gehoor"), ev("2026-12-02 09:00", "geen-gehoor")]
APPT = FLYER + [ev("2026-11-19 10:00", "geen-gehoor"), ev("2026-11-20 14:00", "afspraak-gemaakt", appointment="2026-12-01 10:00")]

CASES = [
    # (id, events, state, step, due, daypart)
    ("new: flyer first", [], "nieuw", "flyer", date(2026, 11, 16), None),
    ("flyer: first call three days later, morning", FLYER, "benaderen", "bellen", date(2026, 11, 19), "ochtend"),
    ("flyer on Friday: call on Monday", [ev("2026-11-20 10:00", "flyer-bezorgd")], "benaderen", "bellen", date(2026, 11, 23), "ochtend"),
    ("one unanswered: next working day, afternoon", CALLS4[:2], "benaderen", "bellen", date(2026, 11, 20), "middag"),
    ("two unanswered: skips the weekend, early evening", CALLS4[:3], "benaderen", "bellen", date(2026, 11, 23), "vroege-avond"),
    ("three unanswered: back to morning", CALLS4[:4], "benaderen", "bellen", date(2026, 11, 24), "ochtend"),
    ("four unanswered: home visit", CALLS4, "huisbezoek", "huisbezoek", date(2026, 11, 25), None),
    ("not at home: card, one more round after two days", NOT_HOME, "benaderen", "bellen", date(2026, 11, 27), "ochtend"),
    ("second round unanswered: closed, unreachable", ROUND2, "gesloten", None, None, None),
    ("wrong number: check details today", FLYER + [ev("2026-11-19 10:00", "verkeerd-nummer")], "controleren", "controleren", date(2026, 11, 19), None),
    ("moved: check details", FLYER + [ev("2026-11-19 10:00", "verhuisd")], "controleren", "controleren", date(2026, 11, 19), None),
    ("details fixed: call again", FLYER + [ev("2026-11-19 10:00", "verkeerd-nummer"), ev("2026-11-20 09:00", "gegevens-bijgewerkt")],
     "benaderen", "bellen", date(2026, 11, 20), "ochtend"),
    ("details not found: closed", FLYER + [ev("2026-11-19 10:00", "verhuisd"), ev("2026-11-20 09:00", "niet-gevonden")], "gesloten", None, None, None),
    ("call back later: next working day", FLYER + [ev("2026-11-20 10:00", "terugbellen")], "benaderen", "bellen", date(2026, 11, 23), "ochtend"),
    ("not interested: call after a month", FLYER + [ev("2026-11-19 10:00", "geen-interesse")], "bedenktijd", "bellen", date(2026, 12, 21), "ochtend"),
    ("not interested on Jan 31: Feb 28 is a Sunday, so Monday", [ev("2027-01-31 10:00", "geen-interesse")], "bedenktijd", "bellen", date(2027, 3, 1), "ochtend"),
    ("not interested three times: closed", FLYER + [ev("2026-11-19 10:00", "geen-interesse"), ev("2026-12-21 10:00", "geen-interesse"),
                                                    ev("2027-01-21 10:00", "geen-interesse")], "gesloten", None, None, None),
    ("appointment: confirmation letter due", APPT, "afspraak", "brief", date(2026, 11, 20), None),
    ("letter sent: the appointment is next", APPT + [ev("2026-11-20 15:00", "brief-verstuurd")], "afspraak", "afspraak", date(2026, 12, 1), None),
    ("appointment held: participates", APPT + [ev("2026-12-01 11:00", "afspraak-gehouden")], "deelnemer", None, None, None),
    ("appointment missed: call sequence again", APPT + [ev("2026-12-01 11:00", "afspraak-gemist")], "benaderen", "bellen", date(2026, 12, 1), "ochtend"),
    ("message sent: nothing changes", FLYER + [ev("2026-11-17 10:00", "bericht-verstuurd")], "benaderen", "bellen", date(2026, 11, 19), "ochtend"),
    ("events out of order are sorted", list(reversed(CALLS4[:2])), "benaderen", "bellen", date(2026, 11, 20), "middag"),
]


@pytest.mark.parametrize(("events", "state", "step", "due", "daypart"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_sequence_rules(events: list[Event], state: str, step: str | None, due: date | None, daypart: str | None) -> None:
    status = next_step(events, RULES, RULES.calendar(), START)
    assert (status.state, status.step, status.due, status.daypart) == (state, step, due, daypart)


def test_summary_counts() -> None:
    s = next_step(ROUND2, RULES, RULES.calendar(), START)
    assert (s.calls, s.reached, s.approached, s.closed_reason, s.closed_on) == (8, False, True, "onbereikbaar", date(2026, 12, 2))
    a = next_step(APPT, RULES, RULES.calendar(), START)
    assert (a.calls, a.reached, a.appointment, a.calls_to_appointment) == (2, True, True, 2)
    d = next_step(FLYER + [ev("2026-11-19 10:00", "geen-interesse")] * 3, RULES, RULES.calendar(), START)
    assert d.closed_reason == "geen-interesse"


def test_without_phone_home_visits_instead_of_calls() -> None:
    s = next_step(FLYER, RULES, RULES.calendar(), START, has_phone=False)
    assert (s.step, s.due) == ("huisbezoek", date(2026, 11, 19))
    twice = FLYER + [ev("2026-11-19 10:00", "niet-thuis"), ev("2026-11-23 10:00", "niet-thuis")]
    assert next_step(twice, RULES, RULES.calendar(), START, has_phone=False).closed_reason == "onbereikbaar"


@pytest.mark.parametrize(
    ("days", "last_call", "next_call"),
    [
        ("ma,di,wo,do,vr", "2026-12-24 10:00", date(2026, 12, 28)),  # Christmas, Boxing Day, weekend
        ("ma,di,wo,do,vr,za", "2026-12-24 10:00", date(2026, 12, 28)),  # Saturday 26th is a holiday too
        ("ma,di,wo,do,vr,za", "2025-04-25 10:00", date(2025, 4, 28)),  # Koningsdag on Sat 26th (27th is a Sunday)
        ("ma,di,wo,do,vr", "2026-04-03 10:00", date(2026, 4, 7)),  # Easter Monday
        ("ma,di,wo,do,vr", "2026-05-13 10:00", date(2026, 5, 15)),  # Ascension Day
        ("ma,di,wo,do,vr", "2026-05-22 10:00", date(2026, 5, 26)),  # Whit Monday
        ("ma,di,wo,do,vr,za,zo", "2026-11-21 10:00", date(2026, 11, 23)),  # never on a Sunday
        ("ma,di,do", "2026-11-19 10:00", date(2026, 11, 23)),  # the coach's own working days
        ("di", "2026-11-24 10:00", date(2026, 12, 1)),
    ],
)
def test_calls_only_on_working_days(days: str, last_call: str, next_call: date) -> None:
    events = [ev("2025-01-02 10:00", "flyer-bezorgd"), ev(last_call, "geen-gehoor")]
    status = next_step(events, RULES, RULES.calendar(parse_days(days)), date(2025, 1, 2))
    assert status.due == next_call


@pytest.mark.parametrize(
    ("year", "name", "day"),
    [(2025, "koningsdag", date(2025, 4, 26)), (2026, "koningsdag", date(2026, 4, 27)), (2026, "tweede-paasdag", date(2026, 4, 6)),
     (2026, "hemelvaartsdag", date(2026, 5, 14)), (2026, "tweede-pinksterdag", date(2026, 5, 25)), (2027, "tweede-paasdag", date(2027, 3, 29)),
     (2026, "eerste-kerstdag", date(2026, 12, 25))],
)
def test_dutch_holidays(year: int, name: str, day: date) -> None:
    assert holiday_table(year)[name] == day
    assert not Calendar(range(7), RULES.holidays).is_call_day(day)


@pytest.mark.parametrize(("used", "part"), [([], "ochtend"), (["ochtend"], "middag"), (["ochtend", "middag"], "vroege-avond"),
                                            (["middag"], "vroege-avond"), (["ochtend", "middag", "vroege-avond"], "ochtend"),
                                            (["ochtend", "ochtend"], "middag")])
def test_dayparts_vary(used: list[str], part: str) -> None:
    assert choose_daypart(used, RULES.dayparts) == part


@pytest.mark.parametrize(("day", "months", "result"), [(date(2026, 1, 31), 1, date(2026, 2, 28)), (date(2026, 12, 15), 1, date(2027, 1, 15)),
                                                       (date(2026, 3, 31), -1, date(2026, 2, 28)), (date(2026, 11, 25), -24, date(2024, 11, 25))])
def test_add_months(day: date, months: int, result: date) -> None:
    assert add_months(day, months) == result


def test_user_rules_override_defaults(tmp_path: Path) -> None:
    path = tmp_path / "tracking.toml"
    path.write_text("[calls]\nmax_per_round = 2\n[decline]\nmax_recalls = 0\n", encoding="utf-8")
    rules = load_rules(path)
    assert (rules.max_calls, rules.max_recalls, rules.first_call_after_days) == (2, 0, 3)
    status = next_step(CALLS4[:3], rules, rules.calendar(), START)
    assert status.step == "huisbezoek"


def test_broken_rules_file_is_a_dutch_error(tmp_path: Path) -> None:
    path = tmp_path / "tracking.toml"
    path.write_text("[calls\n", encoding="utf-8")
    with pytest.raises(ContentError, match="regels"):
        load_rules(path)


@pytest.mark.parametrize("raw", ["06-12345678", "0612345678", "+31 6 1234 5678", "0031612345678", "06 - 51 23 45 67",
                                 "(06) 45678901", "06.33.44.55.66", "06-1234567", "06-123456789", "066-1234567",
                                 "0661234567", "0671234567", "013-5430012", "+32 470 12 34 56"])
def test_import_phone_fast_path_agrees_with_fields(raw: str) -> None:
    from outreach import fields
    from outreach.errors import FieldError
    from outreach.tracking.importer import _is_mobile, _phone

    try:
        expected = fields.phone(raw)
    except FieldError:
        with pytest.raises(FieldError):
            _phone(raw, "telefoon")
        return
    assert _phone(raw, "telefoon") == expected
    assert _is_mobile(expected) == fields.is_mobile(expected)


def test_import_phone_fast_path_covers_every_mobile_range() -> None:
    import random

    from outreach import fields
    from outreach.tracking.importer import _phone

    rnd = random.Random(1)
    for prefix in range(10, 60):
        raw = f"06-{prefix}{rnd.randrange(10**6):06d}"
        assert _phone(raw, "telefoon") == fields.phone(raw)
