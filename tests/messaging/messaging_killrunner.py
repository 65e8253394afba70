"""A send-due process for the kill tests: imports and connects first, then waits for 'go' on stdin.

Started ahead of time so that a test can kill one sender and start the next one at once,
without paying Python's start-up time in every round.
"""

import sys

from outreach import db
from outreach.messaging import senders, sending

db.engine()  # migrated and connected before the go
sender = senders.make("twilio")
print("ready", flush=True)
if sys.stdin.readline().strip() == "go":
    report = sending.send_due(sender=sender)
    print(f"done sent={report.sent} reconciled={report.reconciled} requeued={report.requeued}", flush=True)
