"""Turn `outreach translations ...` into calls of documents.translations: files for translators, reading them back, the list.

Approval stays in the web app (`/vertalingen`): it needs a second person with an account.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..texts import t
from .dutch import Typer, mv


def register(app: typer.Typer) -> None:
    """Add `outreach translations export|import|list` to the main app."""
    sub = Typer(help=t("translations.cli.help"), no_args_is_help=True, add_completion=False)

    @sub.command("export", help=t("translations.cli.export_help"))
    def export(
        template: str = typer.Argument(..., metavar=mv("template"), help=t("translations.cli.template_help")),
        language: str = typer.Option(..., "--taal", metavar=t("translations.cli.metavar_language"), help=t("translations.cli.language_help")),
        fmt: str = typer.Option("xliff", "--format", metavar=mv("format"), help=t("translations.cli.format_help", xliff="xliff", po="po")),
        out: Path = typer.Option(None, "--out", metavar=mv("file"), help=t("translations.cli.out_help")),
    ) -> None:
        from .. import db
        from ..documents import translationfiles, translations
        from ..errors import NotFoundError
        from ..privatefiles import write_bytes
        from .output import console

        with db.session() as s:
            sources = translations.translatable(s)
        if template != "alle":
            sources = [d for d in sources if template in (d.name, f"{d.name}.{d.variant}")]
        if not sources:
            raise NotFoundError(t("translations.no_template", name=template[:60]))
        name, data = translationfiles.export(sources, language, fmt)
        path = out or Path(name)
        write_bytes(path, data)
        console().print(t("translations.cli.written", path=path), markup=False)

    @sub.command("import", help=t("translations.cli.import_help"))
    def import_(file: Path = typer.Argument(..., metavar=mv("file"), help=t("translations.cli.file_help"))) -> None:
        import getpass

        from .. import db
        from ..documents import translationfiles, translations
        from ..errors import InputError, Where
        from .output import console

        try:
            with file.open("rb") as f:
                data = f.read(translationfiles.MAX_FILE + 1)
        except OSError:
            raise InputError(t("translations.cli.cannot_read"), Where(file=str(file))) from None
        try:
            with db.session() as s:
                sources = {(d.name, d.variant): d for d in translations.translatable(s)}
                stored = translations.store(s, translationfiles.read(data, sources), None, f"os:{getpass.getuser()}")
                done = [f"{row.name}.{row.variant} ({row.language})" for row in stored]
        except translations.Refused as exc:  # every problem, one a line: the translator fixes them in one go
            from .output import err_console

            err_console().print(t("translations.refused_title"), markup=False)
            for issue in exc.issues:
                err_console().print(f"- {issue}", markup=False)
            raise typer.Exit(2) from None
        console().print(t("translations.cli.imported", count=len(done), names=", ".join(done)), markup=False)

    @sub.command("list", help=t("translations.cli.list_help"))
    def list_() -> None:
        from rich.table import Table

        from .. import db, languages
        from ..documents import translations
        from .output import console

        with db.session() as s:
            rows = [(row.name, row.variant, row.language, row.dutch_number, state) for row, state in translations.listing(s)]
        if not rows:
            console().print(t("translations.web.none"))
            return
        table = Table(box=None, pad_edge=False)
        for column in ("template", "language", "dutch_version", "state"):
            table.add_column(t(f"translations.web.{column}"))
        for name, variant, language, number, state in rows:
            table.add_row(f"{name}.{variant}", languages.name(language), str(number), t(f"translations.web.state_{state}"))
        console().print(table)

    app.add_typer(sub, name="translations")
