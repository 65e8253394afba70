"""Turn OUTREACH_TEST_NOW into the frozen (ticking) clock of a process that a test started.

Tests put this folder first on PYTHONPATH (see tests/clock_helpers.py), so every `outreach`
process they start runs at the test's named instant, not at the hour the suite happens to run.
"""

import os

if os.environ.get("OUTREACH_TEST_NOW"):
    from datetime import datetime

    import time_machine

    time_machine.travel(datetime.fromisoformat(os.environ["OUTREACH_TEST_NOW"]), tick=True).start()
