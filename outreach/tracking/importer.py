"""Turn a municipality's CSV list of prospects into prospect records, assigned to coaches.

Rows are checked one by one (client number, name, postcode, phone numbers); a bad row is
reported with its line and skipped, the good rows go in in one transaction. Re-importing
the same file changes nothing: each row's fingerprint is stored. A BSN column is ignored.
A coach's import changes only that coach's own people; someone erased on request is not
added again (see privacy.erased_numbers).
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from typing import cast

from sqlalchemy import Table, insert, literal, select
from sqlalchemy.orm import Session

from .. import db, fields, languages
from ..errors import FieldError, InputError, OutreachError, Where
from ..tabular import Row, read_rows
from ..texts import t
from .. import clock
from ..db import UtcDateTime
from .models import AuditEntry, Coach, Prospect
from .privacy import erased_numbers
from .service import Actor, _visible, audit, calendar_for, find_coach, recompute, rules

ALIASES = {
    "client_number": ("klantnummer", "clientnummer", "klant", "client", "nummer"),
    "first_name": ("voornaam",),
    "last_name": ("achternaam",),
    "full_name": ("naam",),
    "address": ("adres", "straat"),
    "house_number": ("huisnummer",),
    "postcode": ("postcode",),
    "city": ("woonplaats", "plaats"),
    "neighbourhood": ("wijk", "buurt"),
    "phone": ("telefoon", "telefoon1", "telefoonnummer"),
    "phone2": ("telefoon2", "telefoon 2", "tweede telefoon"),
    "mobile": ("mobiel", "mobiel nummer", "mobielnummer", "06"),
    "language": ("taal", "language"),
    "language_notes": ("taalnotitie", "taal notitie", "taal notities", "taalnotities"),
    "whatsapp": ("whatsapp",),
    "coach": ("coach",),
}
FORBIDDEN = ("bsn", "burgerservicenummer", "sofinummer")
ASSIGN_MODES = ("by-neighbourhood", "round-robin")
ASSIGN_ALIASES = {"per-wijk": "by-neighbourhood", "om-de-beurt": "round-robin"}  # Dutch names for the same modes
_CLIENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")
_FINGERPRINT = ("client_number", "first_name", "last_name", "address", "postcode", "city", "neighbourhood", "phone",
                "phone2", "mobile", "whatsapp", "language_notes", "language")  # every field _clean returns, fixed order
NOTES_MAX = 500
PERSONAL = ("first_name", "last_name", "address", "postcode", "city", "neighbourhood", "phone", "phone2", "mobile",
            "whatsapp", "language_notes", "language")


@dataclass(frozen=True)
class Problem:
    line: int
    message: str  # Dutch, with the field named
    error: OutreachError | None = field(default=None, compare=False)  # for a surface's own words and hint

    def __str__(self) -> str:
        return t("tracking.import_problem", line=self.line, message=self.message)


@dataclass
class ImportResult:
    file: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    by_coach: Counter[str] = field(default_factory=Counter)


def _pick(values: dict[str, str], key: str) -> str:
    """The first non-empty column among the aliases of `key` (cells are already trimmed)."""
    get = values.get
    for name in ALIASES[key]:
        value = get(name)
        if value:
            return value
    return ""


_MOBILE_NL = re.compile(r"^(?:\+31|0031|0)(6[1-5]\d{7})$")
_SEPARATORS = str.maketrans("", "", " -.()/")


def _phone(value: str, field: str) -> str:
    """fields.phone, with a fast path for the common 06-1x..06-5x mobile numbers.

    Parsing with phonenumbers costs about 0.2 ms a number, most of a 100,000-row import;
    these ranges are plain valid Dutch mobile numbers (a test checks the fast path gives
    exactly what fields.phone gives). Everything else goes through fields.phone.
    """
    match = _MOBILE_NL.match(value.translate(_SEPARATORS))
    return "+31" + match.group(1) if match else fields.phone(value, field)


def _is_mobile(e164: str) -> bool:
    """fields.is_mobile, without parsing again for already valid Dutch numbers (+316..., not 066 pagers)."""
    if e164.startswith("+31"):
        return e164.startswith("+316") and not e164.startswith("+3166")
    return fields.is_mobile(e164)


def _clean_all(rows: list[Row], progress: Callable[[int, int], None] | None,
               path: str) -> Iterator[tuple[int, dict[str, object] | None, str | None]]:
    """Every well-formed row checked: (line, fields, None) or (line, None, Dutch problem).

    An unknown language stops the whole list (InputError naming file, line and field): it is
    usually a typo repeated in many rows, and people without their language would get Dutch.

    (A process pool was tried: on two busy cores it gained nothing measurable, see the benchmark.)
    """
    good = [(r.line, r.values) for r in rows if not r.problem]
    for done, (line, values) in enumerate(good, 1):
        if progress and (done % 1000 == 0 or done == len(good)):
            progress(done, len(good))
        try:
            yield line, _clean(values), None
        except languages.UnknownLanguage as exc:
            raise InputError(exc.message, Where(file=path, line=line, field=languages.FIELD)) from None
        except FieldError as exc:
            yield line, None, str(exc)


def _clean(values: dict[str, str]) -> dict[str, object]:
    """One row as prospect fields; FieldError names the bad field."""
    number = _pick(values, "client_number")
    if not _CLIENT.match(number):
        raise FieldError(t("tracking.bad_client_number", value=number) if number else t("tracking.client_number_missing"),
                         Where(field="klantnummer"))
    first, last = _pick(values, "first_name"), _pick(values, "last_name")
    if not (first or last):
        first, _, last = _pick(values, "full_name").partition(" ")
    if not (first or last):
        raise FieldError(t("tracking.name_missing"), Where(field="naam"))
    address = " ".join(p for p in (_pick(values, "address"), _pick(values, "house_number")) if p)
    given = [(_phone(v, name), name) for name, v in (("telefoon", _pick(values, "phone")), ("telefoon2", _pick(values, "phone2")),
                                                     ("mobiel", _pick(values, "mobile"))) if v]
    phones = list(dict.fromkeys(p for p, _ in given))  # every number once, in column order: calls
    # The mobiel column is the number for messages; otherwise the first mobile number given.
    mobile = next((p for p, name in given if name == "mobiel" and _is_mobile(p)), None) \
        or next((p for p in phones if _is_mobile(p)), None)
    if len(phones) > 2:  # three numbers: the mobile one has its own field, the other two are for calls
        phones = [p for p in phones if p != mobile][:2]
    notes = _pick(values, "language_notes")
    if len(notes) > NOTES_MAX:  # cut off silently it would hide what went wrong
        raise FieldError(t("cli.too_long", count=len(notes), max=NOTES_MAX), Where(field="taalnotitie"))
    data: dict[str, object] = {
        "client_number": number, "first_name": first or None, "last_name": last or None, "address": address or None,
        "postcode": fields.postcode(_pick(values, "postcode")), "city": _pick(values, "city") or None,
        "neighbourhood": _pick(values, "neighbourhood") or None,
        "phone": phones[0] if phones else None, "phone2": phones[1] if len(phones) > 1 else None, "mobile": mobile,
        "whatsapp": bool(mobile) and _pick(values, "whatsapp").lower() in ("ja", "j", "yes", "1", "x", "waar"),
        "language_notes": notes or None,
        "language": languages.code(_pick(values, "language")),
    }
    db.check_lengths(Prospect, data)  # PostgreSQL would refuse the whole import
    return data


class _Assigner:
    """Chooses a coach per new prospect: one named coach, the CSV's coach column, or a rule."""

    def __init__(self, session: Session, coach: str | None, mode: str | None) -> None:
        mode = ASSIGN_ALIASES.get(mode.strip().lower(), mode.strip().lower()) if mode else None
        if mode is not None and mode not in ASSIGN_MODES:
            raise InputError(t("tracking.bad_assign", value=mode, modes=", ".join(ASSIGN_MODES)), Where(field="--assign"))
        if coach and mode:
            raise InputError(t("tracking.coach_or_assign"), Where(field="--assign"))
        self.session, self.mode = session, mode
        self.fixed = find_coach(session, coach) if coach else None
        self.coaches = list(session.scalars(select(Coach).where(Coach.active.is_(True)).order_by(Coach.name)))
        self.by_name = {c.name_key: c for c in self.coaches}
        self.by_id = {c.id: c for c in self.coaches}
        self.load: Counter[int] = Counter()
        self.hood: dict[str, Counter[int]] = {}
        if mode:
            if not self.coaches:
                raise InputError(t("tracking.no_coaches"), Where(field="--assign"))
            open_ = session.execute(select(Prospect.coach_id, Prospect.neighbourhood)
                                    .where(Prospect.state != "gesloten", Prospect.erased_at.is_(None), Prospect.coach_id.is_not(None)))
            for coach_id, hood in open_:
                assert coach_id is not None
                self.load[coach_id] += 1
                self.hood.setdefault(fields.fold(hood), Counter())[coach_id] += 1
        self.heap = [(self.load[c.id], c.name, c.id) for c in self.coaches]
        heapq.heapify(self.heap)
        self.named = {c.id: [fields.fold(n) for n in (c.neighbourhoods or "").split(",") if n.strip()] for c in self.coaches}

    def _least_loaded(self) -> Coach:
        """The coach with the fewest open prospects (ties: by name), from a lazily updated heap."""
        while True:
            load, _, coach_id = heapq.heappop(self.heap)
            if load == self.load[coach_id]:
                return self.by_id[coach_id]

    def choose(self, values: dict[str, str], hood: str | None) -> Coach | None:
        if self.fixed:
            return self.fixed
        if not self.mode:
            name = fields.fold(_pick(values, "coach"))
            if not name:
                raise FieldError(t("tracking.no_coach_for_row"), Where(field="coach"), hint="choose_coach")
            if name not in self.by_name:
                raise FieldError(t("tracking.unknown_coach", name=_pick(values, "coach")), Where(field="coach"))
            return self.by_name[name]
        key = fields.fold(hood)
        pool = self.coaches
        if self.mode == "by-neighbourhood" and key:
            named = [c for c in self.coaches if key in self.named[c.id]]
            here = self.hood.get(key, Counter())
            if named:
                pool = named
            elif here:
                best = max(here.values())
                pool = [c for c in self.coaches if here[c.id] == best]
        coach = self._least_loaded() if pool is self.coaches else min(pool, key=lambda c: (self.load[c.id], c.name))
        self.load[coach.id] += 1
        heapq.heappush(self.heap, (self.load[coach.id], coach.name, coach.id))
        self.hood.setdefault(key, Counter())[coach.id] += 1
        return coach


def import_prospects(session: Session, who: Actor, path: Path | str, *, coach: str | None = None,
                     assign: str | None = None, progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Add or update the prospects in the CSV at `path`; see the module docstring.

    The list is read and every row checked before the database's write lock is taken, so the
    lock is held only while the rows are compared and written: coaches' changes wait seconds,
    not the minutes that checking 100,000 phone numbers takes.
    """
    if who.coach_id is not None and assign:
        raise InputError(t("tracking.only_own"), Where(field="--assign"))
    rows = list(read_rows(path))
    result = ImportResult(str(path))
    if rows:
        header = rows[0].values.keys()
        if not any(a in header for a in ALIASES["client_number"]):
            raise InputError(t("tracking.column_missing", column="klantnummer"), Where(file=str(path), line=1))
        result.ignored_columns = [h for h in header if h in FORBIDDEN]
    cleaned = list(_clean_all(rows, progress, str(path)))  # no lock yet: the slow part
    db.write_lock(session, "tracking-import")  # a parallel import of the same list waits, then finds it unchanged
    if who.coach_id is not None and not coach:
        coach = session.get(Coach, who.coach_id).name  # type: ignore[union-attr]
    assigner = _Assigner(session, coach, assign)
    if who.coach_id is not None and assigner.fixed and assigner.fixed.id != who.coach_id:
        raise InputError(t("tracking.only_own"), Where(field="--coach"))
    numbers = [fields.fold(_pick(r.values, "client_number")) for r in rows]  # compared folded: q-1 is Q-1
    existing: dict[str, tuple[int, str | None]] = {}  # only people `who` may see and change
    taken: set[str] = set()  # client numbers of everyone, also other coaches' people
    for chunk in range(0, len(numbers), 5000):
        part = [n for n in numbers[chunk:chunk + 5000] if n]
        existing.update({str(n): (i, h) for n, i, h in session.execute(
            _visible(select(Prospect.client_key, Prospect.id, Prospect.source_hash), who)
            .where(Prospect.client_key.in_(part)))})
        if who.coach_id is not None:
            taken.update(str(n) for n in session.scalars(select(Prospect.client_key).where(Prospect.client_key.in_(part))))
    raw = {fields.fold(_pick(r.values, "client_number")): _pick(r.values, "client_number") for r in rows}
    new = [n for n in numbers if n and n not in existing and n not in taken]
    # Hashed folded since tracking_0002; as typed before (an older erasure of 'Q-1' must still count).
    erased = erased_numbers(session, [*new, *(raw[n] for n in new)])
    now, r = clock.now(), rules()
    today = now.date()
    first_due: dict[int | None, date] = {}
    seen: set[str] = set()
    new_rows: list[dict[str, object]] = []
    result.problems.extend(Problem(r.line, r.problem) for r in rows if r.problem)
    values_at = {r.line: r.values for r in rows}
    for line, data, problem in cleaned:
        try:
            if data is None:
                raise FieldError(problem or "")
            number = fields.fold(str(data["client_number"]))
            if number in seen:
                raise FieldError(t("tracking.duplicate_in_file", value=data["client_number"]), Where(field="klantnummer"))
            seen.add(number)
            fingerprint = hashlib.sha256("\x1f".join(f"{k}={data[k]}" for k in _FINGERPRINT).encode()).hexdigest()
            if number in existing:
                pid, old = existing[number]
                if old == fingerprint:
                    result.unchanged += 1
                    continue
                _update(session, who, pid, data, fingerprint)
                result.updated += 1
                continue
            if number in taken:
                raise FieldError(t("tracking.someone_elses", value=data["client_number"]), Where(field="klantnummer"))
            if number in erased or data["client_number"] in erased:
                raise FieldError(t("tracking.erased_before"), Where(field="klantnummer"))
            chosen = assigner.choose(values_at[line], data["neighbourhood"])  # type: ignore[arg-type]
        except FieldError as exc:
            result.problems.append(Problem(line, str(exc), exc))
            continue
        coach_id = chosen.id if chosen else None
        if coach_id not in first_due:
            first_due[coach_id] = calendar_for(chosen, r).on_or_after(today)
        result.by_coach[chosen.name if chosen else "-"] += 1
        new_rows.append({**data, "client_key": number, "source_hash": fingerprint, "coach_id": coach_id, "added_on": today, "state": "nieuw",
                         "next_step": "flyer", "next_due": first_due[coach_id], "calls": 0, "round_calls": 0,
                         "call_round": 1, "approached": False, "reached": False, "had_appointment": False, "declines": 0,
                         "version": 0, "created_at": now, "updated_at": now})
    result.problems.sort(key=lambda p: p.line)
    table = cast(Table, Prospect.__table__)
    audit_table = cast(Table, AuditEntry.__table__)
    connection = session.connection()
    audit_fields = ",".join(("client_number", "coach_id", *PERSONAL))
    for chunk in range(0, len(new_rows), 5000):
        batch = new_rows[chunk:chunk + 5000]
        connection.execute(insert(table), batch)  # Core executemany: no per-row ORM work
        # The audit rows are made by the database from the rows just inserted: ids and field names only.
        created = (select(literal(now, UtcDateTime()), literal(who.name), literal("create"), literal("prospect"),
                          table.c.id, table.c.id, literal(audit_fields))
                   .where(table.c.client_key.in_([row["client_key"] for row in batch])))
        connection.execute(audit_table.insert().from_select(
            ["at", "actor", "action", "entity", "entity_id", "prospect_id", "fields"], created))
    result.added = len(new_rows)
    return result


def _update(session: Session, who: Actor, prospect_id: int, data: dict[str, object], fingerprint: str) -> None:
    prospect = session.get(Prospect, prospect_id)
    assert prospect is not None
    changed = [k for k in PERSONAL if getattr(prospect, k) != data[k]]
    for key in changed:
        setattr(prospect, key, data[key])
    prospect.source_hash = fingerprint
    prospect.updated_at = clock.now()
    if changed:
        audit(session, who, "update", "prospect", prospect_id, prospect_id, changed)
    if {"phone", "phone2", "mobile"} & set(changed):  # a phone number decides calls versus home visits
        recompute(session, prospect)
