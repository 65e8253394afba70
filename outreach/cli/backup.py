"""Turn `outreach backup FILE` and `outreach restore FILE` into a backup of the database and data folder, and back."""

from __future__ import annotations

from pathlib import Path

import typer

from ..texts import t
from .dutch import mv


def register(app: typer.Typer) -> None:
    """Add `outreach backup` and `outreach restore` to the main app."""

    @app.command("backup", help=t("cli.backup.backup_help"))
    def backup(file: Path = typer.Argument(..., metavar=mv("file"), help=t("cli.backup.file_help"))) -> None:
        from ..backup import backup as make
        from .output import console

        done = make(file)
        for command in done.commands:
            console().print(t("cli.backup.pg_dump", command=command), soft_wrap=True)
        console().print(t("cli.backup.done", file=str(file)))

    @app.command("restore", help=t("cli.backup.restore_help"))
    def restore(file: Path = typer.Argument(..., metavar=mv("file"), help=t("cli.backup.file_help"))) -> None:
        from ..backup import restore as put_back
        from .output import console

        done = put_back(file)
        for command in done.commands:
            console().print(t("cli.backup.pg_restore", command=command), soft_wrap=True)
        console().print(t("cli.backup.restored", people=done.people, users=done.users, files=done.files))
