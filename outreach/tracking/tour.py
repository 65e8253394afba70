"""Turn the made-up demo list into a short tour: import, a few weeks of calls, today's list, the funnel.

Uses its own SQLite database in the output folder and fictional people only
(`demo/prospects.csv`, shipped in the package). Follow-up messages are only queued in the
outbox (when messaging is there); nothing is sent.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from .. import db
from ..texts import t
from .. import clock
from .service import overdue

DEMO_CSV = Path(__file__).resolve().parent / "demo" / "prospects.csv"


def _back(days: int, hour: int = 10) -> datetime:
    """`days` working days (Mon-Fri) before today, at `hour` local time."""
    day = clock.today()
    while days:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return datetime.combine(day, time(hour), tzinfo=clock.zone())


def _story() -> list[tuple[str, str, datetime | None, dict[str, object]]]:
    """(client, outcome, when, extra) in time order; None = now."""
    now = clock.now()
    soon = datetime.combine(clock.today() + timedelta(days=4), time(10, 30), tzinfo=clock.zone())
    steps: list[tuple[str, str, datetime | None, dict[str, object]]] = [
        (f"D-10{n:02d}", "flyer-bezorgd", _back(25, 9), {}) for n in range(1, 13)]
    steps += [
        ("D-1010", "geen-interesse", _back(24, 10), {}), ("D-1010", "geen-interesse", _back(13, 10), {}),
        ("D-1001", "geen-gehoor", _back(20, 10), {}), ("D-1002", "geen-gehoor", _back(20, 10), {}),
        ("D-1012", "geen-gehoor", _back(20, 11), {}), ("D-1011", "niet-thuis", _back(3, 15), {}),
        ("D-1001", "voicemail", _back(19, 14), {}), ("D-1002", "voicemail", _back(19, 14), {}),
        ("D-1012", "geen-gehoor", _back(19, 14), {}),
        ("D-1001", "afspraak-gemaakt", _back(18, 18), {"appointment_at": _back(12, 10), "place": "Buurthuis De Linde"}),
        ("D-1002", "geen-gehoor", _back(18, 18), {}), ("D-1012", "geen-gehoor", _back(18, 18), {}),
        ("D-1001", "brief-verstuurd", _back(18, 19), {}),
        ("D-1002", "in-gesprek", _back(17, 10), {}), ("D-1012", "geen-gehoor", _back(17, 10), {}),
        ("D-1012", "niet-thuis", _back(15, 16), {}), ("D-1002", "niet-thuis", _back(15, 16), {}),
        ("D-1003", "geen-interesse", _back(14, 11), {"note": "Heeft het druk met de kinderen."}),
        ("D-1001", "afspraak-gehouden", _back(12, 11), {}),
        ("D-1004", "verkeerd-nummer", _back(4, 10), {}),
        ("D-1012", "geen-gehoor", _back(10, 10), {}), ("D-1012", "geen-gehoor", _back(9, 14), {}),
        ("D-1012", "geen-gehoor", _back(8, 18), {}), ("D-1012", "geen-gehoor", _back(7, 10), {}),
        ("D-1010", "geen-interesse", _back(2, 10), {}),
        ("D-1005", "geen-gehoor", _back(2, 10), {}), ("D-1007", "geen-gehoor", _back(3, 10), {}), ("D-1006", "terugbellen", _back(1, 15), {"note": "Liever na 14 uur."}),
        ("D-1002", "geen-gehoor", _back(1, 11), {}),
        ("D-1008", "afspraak-gemaakt", None, {"appointment_at": soon, "place": "bij hem thuis"}),
        ("D-1009", "geen-gehoor", None, {}),
    ]
    return sorted(steps, key=lambda s: s[2] or now)


def run(out: Path) -> None:
    """Run the tracking tour, writing outreach.db, bereik.png and an access export under `out`."""
    import json

    from rich.console import Console

    from .. import tracking

    console = Console(highlight=False)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "outreach.db"
    for stale in (path, path.with_name("outreach.db-wal"), path.with_name("outreach.db-shm")):
        stale.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    console.print(f"[bold]{t('tracking.tour.title')}[/]")
    with clock.started_at(clock.now() - timedelta(days=45)), db.session(url) as s:  # the list came before the story
        admin = tracking.actor(s)
        tracking.add_coach(s, admin, "Sanne Voorbeeld", phone="06-12345699", neighbourhoods="Noord,Centrum")
        tracking.add_coach(s, admin, "Bram Testcoach", phone="013-5430099", working_days="ma,di,do", neighbourhoods="Zuid")
        result = tracking.import_prospects(s, admin, DEMO_CSV, assign="by-neighbourhood")
    console.print(t("tracking.tour.imported", added=result.added, skipped=len(result.problems)))
    for problem in result.problems:
        console.print("  " + t("tracking.tour.problem", line=problem.line, message=problem.message), markup=False)
    messages = 0
    with db.session(url) as s:
        admin = tracking.actor(s)
        story = _story()
        for ref, code, when, extra in story:
            logged = tracking.log_attempt(s, admin, ref, code, at=when, **extra)  # type: ignore[arg-type]
            messages += sum(1 for m in logged.messages if m.scheduled)
    console.print(t("tracking.tour.logged", count=len(story)) + " " + t("tracking.tour.queued", count=messages))
    with db.session(url) as s:
        for coach in ("Sanne Voorbeeld", "Bram Testcoach"):
            who = tracking.actor(s, coach)
            due = tracking.due_calls(s, who)
            console.print(t("tracking.tour.due", coach=coach, count=len(due)))
            for item in due[:6]:
                late = overdue(item.overdue_days)
                part = f", {t(f'tracking.daypart.{item.daypart}')}" if item.daypart else ""
                console.print(f"  {item.client_number}  {item.name}: {t(f'tracking.step.{item.step}')} ({late}{part})", markup=False)
        f = tracking.funnel(s, tracking.actor(s), by="coach")
        console.print(t("tracking.tour.funnel") + " " + ", ".join(f"{f.labels[k]} {getattr(f.total, k)}" for k in f.labels))
        chart = tracking.funnel_png(f, out / "bereik.png")
        export = out / "inzage-D-1003.json"
        export.write_text(json.dumps(tracking.export_prospect(s, tracking.actor(s), "D-1003"), ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
    console.print(t("tracking.tour.files", chart=chart, export=export))
    console.print(t("tracking.tour.try", db=url, day=clock.today().isoformat()), markup=False, soft_wrap=True)



