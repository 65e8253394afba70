"""Every help page of `outreach` is Dutch: no Click/Typer English, every parameter explained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from clock_helpers import run_outreach

from outreach.cli import app, main
from outreach.cli.dutch import walk

# English that Click and Typer put on help pages and in usage lines by themselves.
FORBIDDEN = ["Usage", "Options", "Arguments", "Commands", "required", "default:", "Show this message",
             "and exit", "TEXT", "INTEGER", "FLOAT", "PATH", "<str>", "<int", "<float", "<path", "list[",
             "range]", "x>=", "<=x", "OPTIONS", "COMMAND", "ARGS", "Try '", "Error", "Missing", "env var",
             "(dynamic)", "DEPRECATED"]
ROOT = typer.main.get_command(app)
COMMANDS = walk(ROOT)


def test_the_tree_is_walked() -> None:
    paths = {" ".join(path) for path, _ in COMMANDS}
    assert {"", "render", "messages", "messages list", "web password", "calls log", "prospects import"} <= paths


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS], ids=[" ".join(p) or "outreach" for p, _ in COMMANDS])
def test_help_page_is_dutch(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*path, "--help"]) == 0
    page = capsys.readouterr().out
    assert page.startswith(f"Gebruik: outreach {' '.join(path)}".rstrip())
    assert "Laat deze hulp zien." in page
    english = [word for word in FORBIDDEN if re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", page)]
    assert not english, f"English on the help page of 'outreach {' '.join(path)}': {english}\n{page}"
    for heading in re.findall(r"^(\S.*):$", page, flags=re.M):
        assert heading in ("Argumenten", "Opties", "Commando's"), heading


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) or "outreach" for p, _ in COMMANDS])
def test_every_parameter_has_dutch_help_and_placeholder(path: tuple[str, ...], command: object) -> None:
    for param in command.params:  # type: ignore[attr-defined]
        where = f"outreach {' '.join(path)} {param.name}"
        if getattr(param, "hidden", False):
            continue
        assert (param.help or "").strip(), f"{where} has no help text"
        if not getattr(param, "is_flag", False):
            assert param.metavar and param.metavar.isupper(), f"{where} has no Dutch metavar: {param.metavar!r}"


def test_short_help_option_and_real_entry_point(tmp_path: Path) -> None:
    done = run_outreach("web", "password", "-h", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Gebruik: outreach web password [OPTIES] COACH" in done.stdout
    assert "COACH  De naam van de coach" in done.stdout  # the argument is explained, without a type
    assert "<str>" not in done.stdout and "[verplicht]" in done.stdout


def test_group_without_a_command_shows_dutch_help(tmp_path: Path) -> None:
    done = run_outreach("messages", cwd=tmp_path)
    assert "Gebruik: outreach messages [OPTIES] COMMANDO [ARGUMENTEN]..." in done.stdout + done.stderr
    assert "Commands" not in done.stdout + done.stderr


def test_templates_show_dutch_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["templates"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"uitnodiging\.html\s*│ brief ", out), out
    assert "letter" not in out
