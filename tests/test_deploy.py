"""The files in deploy/: the units run real commands, nginx sends exactly the app's security headers."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from outreach.cli import main
from outreach.web.headers import HEADERS

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
UNITS = sorted(p.name for p in DEPLOY.glob("outreach-*.service"))


@pytest.mark.parametrize("unit", UNITS)
def test_each_unit_runs_a_command_that_exists(unit: str, capsys: pytest.CaptureFixture[str]) -> None:
    start = re.search(r"^ExecStart=(.+)$", (DEPLOY / unit).read_text(), re.M)
    assert start, unit
    program, *args = shlex.split(start.group(1))
    assert program == "/opt/outreach/.venv/bin/outreach"
    if args == ["worker"] and main(["--help"]) == 0 and " worker " not in capsys.readouterr().out:
        pytest.skip("`outreach worker` comes with the jobs in the database (issue 22, part 1)")
    assert main([*args, "--help"]) == 0, unit  # every option of the unit is one the command knows


def test_the_timer_starts_send_due_every_minute() -> None:
    timer = (DEPLOY / "outreach-send-due.timer").read_text()
    assert "OnCalendar=*-*-* *:*:00" in timer and "send-due" in (DEPLOY / "outreach-send-due.service").read_text()


def test_nginx_sends_the_apps_security_headers_once() -> None:
    conf = (DEPLOY / "nginx-outreach.conf").read_text()
    added = dict(re.findall(r'^\s*add_header ([\w-]+) "([^"]*)" always;', conf, re.M))
    hidden = set(re.findall(r"^\s*proxy_hide_header ([\w-]+);", conf, re.M))
    assert {k: v for k, v in added.items() if k != "Strict-Transport-Security"} == HEADERS
    assert hidden == set(HEADERS)  # the app's own copies are not sent a second time
    assert "Strict-Transport-Security" in added and "ssl_certificate " in conf
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf  # replaced, never appended: no spoofed address
