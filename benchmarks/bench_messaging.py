"""Turn a batch of queued messages into a speed figure: messages per second through send_due.

Runs the real `twilio` client against the fake Twilio server on 127.0.0.1 (its own process),
on a SQLite file database (and PostgreSQL when OUTREACH_BENCH_POSTGRES_URL is set). Prints
the median of several runs; nothing is asserted.

    python3 benchmarks/bench_messaging.py [--messages 200] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

VALUES = {"voornaam": "Fatima", "coach_voornaam": "Sanne", "coach_telefoon": "06 12 34 56 78"}


def _fill(url: str, count: int, start: int) -> None:
    from outreach import db
    from outreach.messaging import schedule

    with db.session(url) as s:
        for i in range(start, start + count):
            schedule(s, prospect_id=i, purpose="bench", template="gemist-gesprek", channel="sms",
                     to=f"06-{10000000 + i:08d}", values=VALUES, due_at=datetime(2026, 11, 25, 10, 0))


def run(url: str, messages: int, runs: int) -> list[float]:
    from outreach.messaging import send_due
    from outreach.messaging.senders import TwilioSender

    sender = TwilioSender()
    rates = []
    for r in range(runs + 1):  # the first run warms up and is not counted
        _fill(url, messages, start=r * messages)
        started = time.perf_counter()
        report = send_due(url=url, sender=sender)
        elapsed = time.perf_counter() - started
        assert report.sent == messages, report
        if r:
            rates.append(messages / elapsed)
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from outreach.messaging.fakeserver import FakeTwilio

    tmp = Path(tempfile.mkdtemp(prefix="bench-messaging-"))
    fake = FakeTwilio.start()
    os.environ.update(fake.env(), OUTREACH_DATA_DIR=str(tmp), OUTREACH_SEND_WINDOW="off",
                      OUTREACH_PUBLIC_URL="https://outreach.example.nl")
    try:
        targets = {"sqlite": f"sqlite:///{tmp / 'bench.db'}"}
        if os.environ.get("OUTREACH_BENCH_POSTGRES_URL"):
            targets["postgresql"] = os.environ["OUTREACH_BENCH_POSTGRES_URL"]
        for name, url in targets.items():
            rates = run(url, args.messages, args.runs)
            print(f"send_due {name:10s} {args.messages} messages x {args.runs} runs: "
                  f"median {statistics.median(rates):.0f} msg/s (min {min(rates):.0f}, max {max(rates):.0f})")
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
