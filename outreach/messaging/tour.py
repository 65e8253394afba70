"""Turn made-up prospects into a short tour of messaging: preview, schedule, STOP, send to files.

Uses its own SQLite database and the file sender under `out`; nothing leaves the machine.
`outreach demo` runs it at its fixed moment (Wednesday 25 November 2026, 10:00 in Amsterdam),
so the output, the send times included, is the same on every run.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import dates
from ..texts import t

AMS = ZoneInfo("Europe/Amsterdam")
COACH = {"coach_voornaam": "Sanne", "coach_telefoon": "06 12 34 56 78"}
PEOPLE = [  # made up: names, numbers and ids
    (9001, "Fatima", "06-12345601", "gemist-gesprek", "sms", datetime(2026, 11, 25, 8, 15, tzinfo=AMS)),
    (9002, "Noël", "06-12345602", "na-huisbezoek", "sms", datetime(2026, 11, 25, 9, 40, tzinfo=AMS)),
    (9003, "Kees", "06-12345603", "volgende-maand", "whatsapp", datetime(2026, 11, 25, 9, 50, tzinfo=AMS)),
    (9004, "Ayşe", "06-12345604", "volgende-maand", "sms", datetime(2026, 11, 29, 12, 0, tzinfo=AMS)),
]


def run(out: Path) -> None:
    from .. import clock, db
    from . import handle_inbound, list_messages, preview, schedule, send_due

    import shutil

    out.mkdir(parents=True, exist_ok=True)
    for old in ("berichten.db", "berichten.db-wal", "berichten.db-shm"):
        (out / old).unlink(missing_ok=True)  # a fresh tour on every run
    shutil.rmtree(out / "berichten", ignore_errors=True)
    url = f"sqlite:///{out / 'berichten.db'}"
    folder = out / "berichten"
    print(t("messaging.tour.title"))
    p = preview("na-huisbezoek", {"voornaam": "Noël", **COACH}, "sms")
    if p.segments is not None and p.plain is not None:
        print(t("messaging.tour.preview", count=p.segments.count, encoding=p.segments.encoding,
                plain=p.plain[1].count, chars=" ".join(p.segments.non_gsm)))
    with db.session(url) as s:
        for pid, name, phone, template, channel, due in PEOPLE:
            msg = schedule(s, prospect_id=pid, purpose=f"{template}:demo", template=template, channel=channel,
                           to=phone, values={"voornaam": name, **COACH}, due_at=due, working_days="ma,di,wo,do,vr")
            if msg is not None:
                when = clock.local(msg.send_at)
                print(t("messaging.tour.scheduled", id=msg.id, template=template, channel=channel,
                        when=dates.date_time(when)))
    handle_inbound({"From": "+31612345603", "Body": "STOP"}, url)
    print(t("messaging.tour.stop"))
    report = send_due("file", url=url, directory=folder)
    print(t("messaging.tour.sent", sent=report.sent, folder=folder))
    with db.session(url) as s:
        for m in list_messages(s):
            print(t("messaging.tour.row", id=m.id, template=m.template, status=t(f"messaging.status.{m.status}")))
