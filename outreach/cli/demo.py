"""Turn `outreach demo` into a tour of every capability on made-up data."""

from __future__ import annotations

from pathlib import Path

import typer

from ..texts import t
from .dutch import mv


def register(app: typer.Typer) -> None:
    """Add `outreach demo` to the main app."""

    @app.command("demo", help=t("cli.demo_help"))
    def demo(out: Path = typer.Option(Path("demo-output"), "--out", metavar=mv("folder"), help=t("cli.demo_out_help"))) -> None:
        from ..demo import run

        run(out)
